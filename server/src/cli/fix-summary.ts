/**
 * What `--fix` and `--fix-dry-run` did, said on stderr after the results (stdout stays the
 * formatter's, so JSON and SARIF remain parseable): files changed, problems fixed, tokens saved.
 */
import path from 'node:path';
import type { FileReport } from '../engine/engine.js';
import { formatNumber } from '../tokens/index.js';

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;

/** The summary lines, or '' when nothing changed; `dryRun` words it as what would happen. */
export function fixSummary(reports: readonly FileReport[], cwd: string, dryRun: boolean): string {
  const changed = reports.filter((r) => r.output !== undefined);
  // A pre-commit hook runs --fix on every commit: silence when there was nothing to do.
  if (!changed.length) return dryRun ? 'prompt-lint: --fix-dry-run: nothing to fix\n' : '';
  let problems = 0;
  let before = 0;
  let after = 0;
  let acrossTask = false;
  const lines: string[] = [];
  for (const r of changed) {
    const rel = path.relative(cwd, r.path) || r.path;
    const f = r.fixed ?? { problems: 0, tokensBefore: 0, tokensAfter: 0 };
    problems += f.problems;
    before += f.tokensBefore;
    after += f.tokensAfter;
    acrossTask ||= !!f.acrossTask;
    const what = [f.problems || !f.acrossTask ? plural(f.problems, 'problem') : '', f.acrossTask ? 'a repetition across the files of a task' : ''].filter(Boolean).join(' and ');
    lines.push(`  ${rel}: ${what}, ${formatNumber(f.tokensBefore)} → ${formatNumber(f.tokensAfter)} tokens (${savedText(f.tokensBefore - f.tokensAfter)})`);
  }
  const verb = dryRun ? 'would fix' : 'fixed';
  const what = [problems || !acrossTask ? plural(problems, 'problem') : '', acrossTask ? 'repetitions across the files of a task' : ''].filter(Boolean).join(' and ');
  const head = `prompt-lint: ${verb} ${what} in ${plural(changed.length, 'file')}; ${savedText(before - after, dryRun)} per call${dryRun ? ' (no file written)' : ''}:`;
  return [head, ...lines].join('\n') + '\n';
}

function savedText(saved: number, dryRun = false): string {
  if (saved >= 0) return `${formatNumber(saved)} token${saved === 1 ? '' : 's'} ${dryRun ? 'would be ' : ''}saved`;
  return `${formatNumber(-saved)} token${saved === -1 ? '' : 's'} added`;
}
