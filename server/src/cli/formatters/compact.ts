/** One line per finding: `path:line:col: severity message [rule-id]`, for grep and editors' problem matchers. */
import path from 'node:path';
import { sumCounts } from '../../engine/counts.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

export const formatCompact: Formatter = (reports, ctx) => {
  const lines: string[] = [];
  for (const r of reports) {
    const rel = escapeControl(path.relative(ctx.cwd, r.path) || r.path);
    if (r.skipped) lines.push(`${rel}:1:1: warning ${escapeControl(r.skipped)}`);
    for (const f of r.findings) {
      lines.push(`${rel}:${f.start.line + 1}:${f.start.character + 1}: ${f.severity} ${escapeControl(f.message)} [${f.ruleId}]`);
    }
  }
  const total = sumCounts(reports);
  const problems = total.errorCount + total.warningCount + total.infoCount;
  if (problems) lines.push('', `${problems} problem${problems === 1 ? '' : 's'}`);
  return lines.length ? lines.join('\n') + '\n' : '';
};
