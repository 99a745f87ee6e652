/**
 * What a fix did to one file, for the CLI's `--fix`/`--fix-dry-run` summary (cli/fix-summary.ts):
 * problems fixed and tokens before and after, measured with the file's own model.
 */
import type { Engine, FileReport, LoadedDocument } from './engine.js';
import { modelFor } from './linter.js';
import { summarizeTokens } from './token-summary.js';

const fixable = (r: FileReport) => r.findings.filter((f) => f.fix?.length).length;

/**
 * `before`: the file as read; `after`: its report once fixed. A change that fixed none of the
 * file's own findings came from a fix a task rule reported (a repetition across the task's files).
 */
export function fixFigures(engine: Engine, before: LoadedDocument & { ok: true }, after: FileReport): NonNullable<FileReport['fixed']> {
  const own = engine.lintLoaded(before, false);
  const tokensBefore = summarizeTokens(before.doc, modelFor(before.config.model, before.config.prices)).tokens;
  const tokensAfter = after.tokens?.tokens ?? tokensBefore;
  const problems = Math.max(0, fixable(own) - fixable(after));
  return { problems, tokensBefore, tokensAfter, ...(problems === 0 ? { acrossTask: true } : {}) };
}
