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
