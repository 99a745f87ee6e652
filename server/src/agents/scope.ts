/**
 * Which directories of a repository can have an effective context that loads one of some named
 * files, so that linting a few files resolves the contexts of those directories only instead of
 * every directory of the repository (docs/agents/README.md, "Cost").
 *
 * A context loads a file in one of three ways, and only those:
 * - the file is in the directory chain of the target (CLAUDE.md, AGENTS.md, GEMINI.md …): the
 *   targets inside its directory;
 * - the file is a rule or a repository-wide file (`.claude/`, `.cursor/`, `.github/`, `.windsurf/`,
 *   `.cursorrules`, `.windsurfrules`): any target (globs, `alwaysApply`, nested rule folders);
 * - the file is `@`-imported (Claude Code, Gemini CLI): wherever its importers load.
 * A file none of these reach is loaded by no context. The answer over-approximates (imports are
 * read in both agents' syntax, to any depth), never under: missing a directory would miss findings.
 */
import path from 'node:path';
import { scanImports } from './imports.js';
import { filesUnder, isInside, namedFilesIn } from './paths.js';
import { memo } from './fs.js';
import type { ContextFs } from './types.js';

/** Every directory (`all`), or the directories whose subtrees hold every target that loads a named file. */
export type ContextScope = { readonly all: true } | { readonly all: false; readonly dirs: readonly string[] };

/** Files an agent finds by walking the directory chain (basename). `.claude/CLAUDE.md` counts for the folder holding `.claude`. */
const CHAIN_FILES = new Set(['CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', 'AGENTS.override.md', 'GEMINI.md']);
/** Folders and files whose contents load by rule (globs, triggers, always) rather than by directory. */
const RULE_FOLDERS = new Set(['.claude', '.cursor', '.github', '.windsurf']);
const RULE_FILES = new Set(['.cursorrules', '.windsurfrules']);
/** Files that can `@`-import others, found by name in every directory (rules and skills are under RULE_FOLDERS). */
const IMPORTERS = ['CLAUDE.md', 'CLAUDE.local.md', path.join('.claude', 'CLAUDE.md'), 'GEMINI.md'];

export function contextScope(root: string, files: readonly string[], fsys: ContextFs): ContextScope {
  const dirs = new Set<string>();
  const imported: string[] = [];
  for (const file of files) {
    if (!isInside(root, file) || file === root) continue;
    const own = ownScope(root, file);
    if (own === 'all') return { all: true };
    if (own) dirs.add(own);
    imported.push(file);
  }
  if (imported.length) {
    const importedBy = importGraph(root, fsys);
    const done = new Set<string>();
    const stack = imported.filter((f) => importedBy.has(f));
    while (stack.length) {
      const file = stack.pop()!;
      if (done.has(file)) continue;
      done.add(file);
      for (const importer of importedBy.get(file) ?? []) {
        const own = ownScope(root, importer);
        if (own === 'all') return { all: true };
        if (own) dirs.add(own);
        stack.push(importer);
      }
    }
  }
  if (dirs.has(root)) return { all: true };
  return { all: false, dirs: [...dirs].sort() };
}

/** Whether a directory target can load a named file under this scope: inside a scope directory, or on the way to one (its context is compared with theirs). */
export function inScope(scope: ContextScope, dir: string): boolean {
  if (scope.all) return true;
  let sets = lookup.get(scope);
  if (!sets) lookup.set(scope, (sets = scopeSets(scope.dirs)));
  const target = path.resolve(dir);
  if (sets.above.has(target)) return true;
  for (let d = target; ; d = path.dirname(d)) {
    if (sets.within.has(d)) return true;
    if (d === path.dirname(d)) return false;
  }
}

/** A scope's directories and every folder above them, as sets: a target is looked up, not compared with each. */
const lookup = new WeakMap<ContextScope, { within: ReadonlySet<string>; above: ReadonlySet<string> }>();

function scopeSets(dirs: readonly string[]): { within: ReadonlySet<string>; above: ReadonlySet<string> } {
  const within = new Set(dirs.map((d) => path.resolve(d)));
  const above = new Set<string>();
  for (const dir of within) {
    for (let d = path.dirname(dir); !above.has(d); d = path.dirname(d)) {
      above.add(d);
      if (d === path.dirname(d)) break;
    }
  }
  return { within, above };
}

/** The scope a file has by where it lies: 'all' for a rule, the directory of a chain file, else undefined. */
function ownScope(root: string, file: string): string | 'all' | undefined {
  const rel = path.relative(root, file).split(path.sep);
  if (rel.some((part, i) => RULE_FOLDERS.has(part) && !(part === '.claude' && i === rel.length - 2 && rel[i + 1] === 'CLAUDE.md'))) return 'all';
  const name = rel[rel.length - 1]!;
  if (RULE_FILES.has(name)) return 'all';
  if (!CHAIN_FILES.has(name)) return undefined;
  const dir = path.dirname(file);
  return path.basename(dir) === '.claude' && name === 'CLAUDE.md' ? path.dirname(dir) : dir;
}

/** imported file → the files that import it (both agents' syntax), from every file that can import, followed to any depth. */
function importGraph(root: string, fsys: ContextFs): ReadonlyMap<string, readonly string[]> {
  return memo(fsys, `import-graph\0${root}`, () => {
    const importedBy = new Map<string, string[]>();
    const seen = new Set<string>();
    // Claude Code expands the imports of its rules too (`.claude/rules`, every one a rule: scope 'all')
    const queue = [...namedFilesIn(root, fsys, IMPORTERS), ...filesUnder(path.join(root, '.claude', 'rules'), fsys, (n) => n.endsWith('.md'))];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = fsys.readText(file);
      if (text === undefined || !text.includes('@')) continue;
      const targets = new Set([...scanImports(text, 'claude'), ...scanImports(text, 'gemini')].map((t) => path.resolve(path.dirname(file), t.path)));
      for (const target of targets) {
        if (!isInside(root, target) || !fsys.isFile(target)) continue;
        importedBy.set(target, [...(importedBy.get(target) ?? []), file]);
        queue.push(target);
      }
    }
    return importedBy;
  });
}
