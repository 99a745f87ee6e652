/**
 * The file system as the resolvers see it: regular files only (a FIFO or a device named CLAUDE.md
 * must never block or grow memory, see config/read-file.ts), read once per resolver run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readRegularText } from '../config/read-file.js';
import type { ContextFs } from './types.js';

/**
 * The real file system. Reads and listings are cached for the life of the object, so one object
 * serves one run (a `context` command, one engine pass): create a new one to see later changes.
 */
export function nodeContextFs(): ContextFs {
  const texts = new Map<string, string | undefined>();
  const files = new Map<string, boolean>();
  const dirs = new Map<string, readonly string[]>();
  const folded = new Map<string, ReadonlySet<string>>();
  /**
   * A name its folder's listing (already read) does not hold is no file: the resolvers ask for
   * CLAUDE.md, AGENTS.md, GEMINI.md … in every folder of the walk, and most are not there (a stat
   * each). Compared case- and normalization-folded, so that a case-insensitive file system (macOS)
   * still stats `claude.md` when the listing has `CLAUDE.md`; not on Windows (short names, trailing dots).
   */
  const notListed = (file: string): boolean => {
    if (process.platform === 'win32') return false;
    const dir = path.dirname(file);
    const names = dirs.get(dir);
    if (!names) return false;
    let set = folded.get(dir);
    if (!set) folded.set(dir, (set = new Set(names.map(fold))));
    return !set.has(fold(path.basename(file)));
  };
  return {
    readText(file) {
      if (texts.has(file)) return texts.get(file);
      let text: string | undefined;
      try {
        text = readRegularText(file);
        // a binary file (a NUL byte, as the lint's "not a text file" skip in model/source.ts) is no instruction text
        if (text.includes('\0')) text = undefined;
      } catch {
        text = undefined;
      }
      texts.set(file, text);
      return text;
    },
    isFile(file) {
      let known = files.get(file);
      if (known === undefined) {
        known = notListed(file) ? false : (fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
        files.set(file, known);
      }
      return known;
    },
    list(dir) {
      let names = dirs.get(dir);
      if (!names) {
        try {
          const entries = fs.readdirSync(dir, { withFileTypes: true });
          names = entries.map((e) => e.name).sort();
          // what the listing already tells: a regular file is a file, a directory is not, so the
          // walks (a stat per entry of every folder) need no stat for them; a symbolic link or
          // anything else is stat'ed when asked, as before
          for (const e of entries) {
            if (e.isFile() || e.isDirectory()) {
              const p = path.join(dir, e.name);
              if (!files.has(p)) files.set(p, e.isFile());
            }
          }
        } catch {
          names = [];
        }
        dirs.set(dir, names);
      }
      return names;
    },
  };
}

function fold(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** A file system over a map of absolute path → text (tests, unsaved editor buffers over a base). */
export function memoryContextFs(files: Readonly<Record<string, string>>, base?: ContextFs): ContextFs {
  const byPath = new Map(Object.entries(files).map(([k, v]) => [path.resolve(k), v]));
  const children = new Map<string, Set<string>>();
  for (const p of byPath.keys()) {
    let child = p;
    for (let dir = path.dirname(p); ; dir = path.dirname(dir)) {
      let set = children.get(dir);
      if (!set) children.set(dir, (set = new Set()));
      set.add(path.basename(child));
      if (dir === path.dirname(dir)) break;
      child = dir;
    }
  }
  return {
    readText: (file) => (byPath.has(file) ? byPath.get(file) : base?.readText(file)),
    isFile: (file) => byPath.has(file) || (base?.isFile(file) ?? false),
    list: (dir) => {
      const own = children.get(dir);
      const other = base?.list(dir) ?? [];
      if (!own) return other;
      return [...new Set([...other, ...own])].sort();
    },
  };
}

/** Is `dir` (absolute) a directory of this fs? True when it can be listed and is not a file. */
export function isDirectory(fsys: ContextFs, dir: string): boolean {
  return !fsys.isFile(dir) && fsys.list(dir).length > 0;
}

const derived = new WeakMap<ContextFs, Map<string, unknown>>();

/**
 * A value computed from the files of `fsys` (rule lists, directory walks), kept as long as the fs
 * object: a `nodeContextFs()` caches its reads for its life, so what is derived from them holds too.
 */
export function memo<T>(fsys: ContextFs, key: string, compute: () => T): T {
  let map = derived.get(fsys);
  if (!map) derived.set(fsys, (map = new Map()));
  if (map.has(key)) return map.get(key) as T;
  const value = compute();
  map.set(key, value);
  return value;
}
