/**
 * Glob matching for config globs (include, exclude, overrides, budgets, tasks).
 *
 * Semantics (gitignore-like anchoring, picomatch syntax, dot files always match):
 * - globs are relative to a base directory (the declaring config file's directory);
 * - a glob without "/" matches a file or directory name at any depth (`*.mdc`, `CLAUDE.md`);
 * - a glob containing "/" is anchored to the base directory (`docs/*.md`, `**\/prompts/**`);
 *   a leading "/" anchors a glob without other slashes (`/CLAUDE.md`); a leading "./" is dropped;
 * - a trailing "/" means the directory's contents (`drafts/` = `drafts/**`);
 * - a leading "!" negates: a path matches a list when it matches some positive glob and no negated one;
 * - paths outside the base directory never match.
 */
import path from 'node:path';
import picomatch from 'picomatch';

type Matcher = (relPath: string) => boolean;

const cache = new Map<string, Matcher>();

interface Normalized {
  readonly negated: boolean;
  /** A glob relative to the base directory with anchoring made explicit. */
  readonly glob: string;
}

/** Makes the anchoring of a config glob explicit (see the module comment). */
export function normalizeGlob(raw: string): Normalized {
  let glob = raw.trim();
  let negated = false;
  while (glob.startsWith('!')) {
    negated = !negated;
    glob = glob.slice(1);
  }
  let anchored = false;
  if (glob.startsWith('/')) {
    anchored = true;
    glob = glob.replace(/^\/+/, '');
  }
  while (glob.startsWith('./')) glob = glob.slice(2);
  const dirOnly = glob.endsWith('/');
  if (dirOnly) glob = glob.replace(/\/+$/, '');
  if (!anchored && !glob.includes('/') && !glob.startsWith('**')) glob = `**/${glob}`;
  if (dirOnly) glob = `${glob}/**`;
  return { negated, glob };
}

function compile(globs: readonly string[]): Matcher {
  const key = globs.join('\0');
  let m = cache.get(key);
  if (m) return m;
  const pos: Matcher[] = [];
  const neg: Matcher[] = [];
  for (const raw of globs) {
    if (!raw.trim()) continue;
    const { negated, glob } = normalizeGlob(raw);
    (negated ? neg : pos).push(picomatch(glob, { dot: true }));
  }
  m = (rel) => pos.some((f) => f(rel)) && !neg.some((f) => f(rel));
  if (cache.size > 5000) cache.clear();
  cache.set(key, m);
  return m;
}

/** `absPath` relative to `baseDir` with "/" separators, or undefined when it is outside. */
export function relativePosix(baseDir: string, absPath: string): string | undefined {
  const rel = path.relative(baseDir, absPath);
  if (rel === '' || rel.startsWith('..' + path.sep) || rel === '..' || path.isAbsolute(rel)) return rel === '' ? '' : undefined;
  return path.sep === '/' ? rel : rel.split(path.sep).join('/');
}

/**
 * Whether `absPath` matches the config globs declared relative to `baseDir`.
 * Used for overrides, budgets, tasks, include and exclude.
 */
export function matchesGlobs(absPath: string, globs: string | readonly string[], baseDir: string): boolean {
  const list = typeof globs === 'string' ? [globs] : globs;
  if (list.length === 0) return false;
  const rel = relativePosix(baseDir, absPath);
  if (rel === undefined || rel === '') return false;
  return compile(list)(rel);
}

/** A matcher over paths relative to one base directory (for walking many files). */
export function globMatcher(globs: readonly string[]): (relPosix: string) => boolean {
  if (globs.length === 0) return () => false;
  return compile(globs);
}

/**
 * Re-expresses a glob declared relative to `fromDir` as a glob relative to `toDir` with the same
 * meaning (for include/exclude of nested configs, which ResolvedConfig keeps relative to its baseDir).
 */
export function rebaseGlob(glob: string, fromDir: string, toDir: string): string {
  const rel = path.relative(toDir, fromDir).split(path.sep).join('/');
  if (!rel) return glob;
  const { negated, glob: normalized } = normalizeGlob(glob);
  return `${negated ? '!' : ''}${path.posix.join(rel, normalized)}`;
}
