/** Glob matching of repository-relative paths for path rules (picomatch, dotfiles included). */
import picomatch from 'picomatch';

const cache = new Map<string, (p: string) => boolean>();

/** Does `rel` (forward slashes, relative to the rule's base) match `glob`? A glob without `/` matches at any depth, as gitignore-style rules do in Cursor and Copilot. */
export function globMatches(glob: string, rel: string): boolean {
  let m = cache.get(glob);
  if (!m) {
    const g = glob.replace(/^\.\//, '').replace(/^\//, '');
    const patterns = g.includes('/') ? [g] : [g, `**/${g}`];
    m = patterns.length === 1 ? picomatch(patterns[0], { dot: true }) : picomatch(patterns, { dot: true });
    cache.set(glob, m);
  }
  return m(rel);
}

/** The first glob of `globs` that matches `rel`. */
export function firstMatch(globs: readonly string[], rel: string): string | undefined {
  return globs.find((g) => globMatches(g, rel));
}

/** Characters that make a glob segment more than literal text for picomatch (wildcards, classes, braces, extglobs, escapes). */
const SPECIAL = /[*?[\]{}()!+@\\]/;

/**
 * The literal directories a path must lie in (or be) to match `glob` as `globMatches` reads it:
 * `packages/api` for `packages/api/**`, or undefined when the glob can match anywhere (no `/`, a
 * leading wildcard, any special character before the last segment). A cheap pre-test: a path that
 * is neither this prefix nor under it matches no glob with it (checked against picomatch in
 * test/agents/glob-prefix.test.ts).
 */
export function globDirPrefix(glob: string): string | undefined {
  const g = glob.replace(/^\.\//, '').replace(/^\//, '');
  if (!g.includes('/')) return undefined;
  const segments = g.split('/');
  const literal: string[] = [];
  for (let i = 0; i < segments.length - 1; i++) {
    const s = segments[i]!;
    if (s === '' || s === '.' || s === '..' || SPECIAL.test(s)) break;
    literal.push(s);
  }
  return literal.length ? literal.join('/') : undefined;
}
