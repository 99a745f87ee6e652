/** Paths shared by the resolvers: the repository root, the directory chain, repo-relative names. */
import fs from 'node:fs';
import path from 'node:path';
import { memo } from './fs.js';
import type { ContextFs } from './types.js';

/**
 * The repository root for `start` (a file or a directory): the nearest ancestor holding `.git`
 * (a directory, or a file for worktrees and submodules), as Claude Code, Codex (default
 * `project_root_markers = [".git"]`) and Gemini CLI (`memoryBoundaryMarkers`) find it. Without
 * one, the start directory itself.
 */
export function findRepoRoot(start: string): string {
  const abs = path.resolve(start);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  const first = st && !st.isDirectory() ? path.dirname(abs) : abs;
  for (let dir = first; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (dir === path.dirname(dir)) return first;
  }
}

/** The working directory for a target: the target when it is a directory, else its directory. */
export function targetDirectory(target: string, fsys: ContextFs): string {
  return fsys.isFile(target) ? path.dirname(target) : target;
}

/** Directories from `root` down to `dir` (both included); just [root] when dir is not under root. */
export function dirChain(root: string, dir: string): string[] {
  const rel = path.relative(root, dir);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return [root];
  const out = [root];
  let cur = root;
  for (const part of rel.split(path.sep)) {
    cur = path.join(cur, part);
    out.push(cur);
  }
  return out;
}

/**
 * Is `file` inside `dir` (or equal to it)? A resolver asks this for every file against every
 * context (thousands of times in a large folder): two plain absolute paths are compared as strings,
 * anything else (`..`, `.`, doubled separators, Windows) through path.relative.
 */
export function isInside(dir: string, file: string): boolean {
  if (plain(dir) && plain(file)) {
    if (file === dir) return true;
    const start = dir === '/' ? 1 : dir.length + 1;
    // as path.relative reads it: a first segment `..name` counts as outside
    return (dir === '/' || (file.startsWith(dir) && file.charCodeAt(dir.length) === 47)) && !file.startsWith('..', start);
  }
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** An absolute POSIX path with no `.` or `..` segment, no doubled and no trailing separator: its string is its place. */
function plain(p: string): boolean {
  return path.sep === '/' && p.charCodeAt(0) === 47 && !PLAIN_BREAKERS.test(p) && (p.length === 1 || p.charCodeAt(p.length - 1) !== 47);
}
const PLAIN_BREAKERS = /\/\/|\/\.\.?(?:\/|$)/;

/** `a/b/c.md` with forward slashes, relative to root (for globs and messages). */
export function repoRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Directories never walked when a resolver looks for files below the root. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'vendor', '.venv', 'venv', '__pycache__', '.next', '.turbo', '.cache', 'coverage']);

/** Every directory under root (root first, then depth-first in name order), skipping build and VCS folders. */
export function walkDirectories(root: string, fsys: ContextFs, maxDirs = MAX_DIRS): string[] {
  return memo(fsys, `walk\0${root}\0${maxDirs}`, () => walk(root, fsys, maxDirs));
}

/** Directories a walk reads at most; past them, files below are not found (`walkCut` says so). */
export const MAX_DIRS = 20_000;

/** Whether the walk of root stopped at `MAX_DIRS` with directories left: some files below were not found. */
export function walkCut(root: string, fsys: ContextFs): boolean {
  return walkDirectories(root, fsys).length >= MAX_DIRS;
}

function walk(root: string, fsys: ContextFs, maxDirs: number): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < maxDirs) {
    const dir = stack.pop()!;
    out.push(dir);
    const subs: string[] = [];
    for (const name of fsys.list(dir)) {
      if (SKIPPED_DIRS.has(name)) continue;
      const p = path.join(dir, name);
      if (fsys.isFile(p)) continue;
      const inside = fsys.list(p);
      if (inside.length === 0) continue;
      // a nested repository (a `.git` directory or file: a clone, a submodule, a worktree) is another
      // project, with its own root: its files are not this one's
      if (inside.includes('.git')) continue;
      subs.push(p);
    }
    for (let i = subs.length - 1; i >= 0; i--) stack.push(subs[i]);
  }
  return out;
}

/**
 * The files named `names` in every directory of the repository (walk order), found once per fs:
 * a resolver asks for "the CLAUDE.md files below this directory" once per context.
 */
export function namedFilesIn(root: string, fsys: ContextFs, names: readonly string[]): readonly string[] {
  return memo(fsys, `named\0${root}\0${names.join('\0')}`, () => {
    const out: string[] = [];
    for (const dir of walkDirectories(root, fsys)) for (const n of names) if (fsys.isFile(path.join(dir, n))) out.push(path.join(dir, n));
    return out;
  });
}

/** Files under `dir` (recursively) whose names pass `accept`, sorted by repo-relative path. */
export function filesUnder(dir: string, fsys: ContextFs, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number): void => {
    if (depth > 32) return;
    for (const name of fsys.list(d)) {
      const p = path.join(d, name);
      if (fsys.isFile(p)) {
        if (accept(name)) out.push(p);
      } else if (!SKIPPED_DIRS.has(name)) {
        visit(p, depth + 1);
      }
    }
  };
  visit(dir, 0);
  return out.sort();
}
