/** `--ignore-pattern` and `--no-ignore`: the exclude globs of a run. */
import { DEFAULT_EXCLUDE } from '../config/defaults.js';
import { rebaseGlob } from '../config/globs.js';
import type { ResolvedConfig } from '../config/types.js';

export function ignoreGlobs(config: ResolvedConfig, cwd: string, opts: { readonly ignorePatterns?: readonly string[]; readonly noIgnore?: boolean }): string[] {
  // --no-ignore drops the config's `exclude` (and .gitignore, in findFiles); node_modules, .git and
  // the other built-in excludes stay, as in ESLint.
  const base = opts.noIgnore ? [...DEFAULT_EXCLUDE] : [...config.exclude];
  return [...base, ...(opts.ignorePatterns ?? []).map((g) => rebaseGlob(g, cwd, config.baseDir))];
}
