/** ESLint's "stylish" output, plus the tokens the available fixes would save. */
import path from 'node:path';
import { formatNumber } from '../../tokens/index.js';
import { palette } from './colors.js';
import { countFindings, sumCounts } from '../../engine/counts.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const formatStylish: Formatter = (reports, ctx) => {
  const p = palette(ctx.color);
  const out: string[] = [];
  const savings: string[] = [];
  for (const r of reports) {
    if (!r.findings.length && !r.skipped) continue;
    const rel = escapeControl(path.relative(ctx.cwd, r.path) || r.path);
    out.push(p.underline(rel));
    const rows = [
      ...(r.skipped ? [['0:0', p.yellow('warning'), escapeControl(r.skipped), '']] : []),
      ...r.findings.map((f) => [
        `${f.start.line + 1}:${f.start.character + 1}`,
        f.severity === 'error' ? p.red('error') : f.severity === 'info' ? p.blue('info') : p.yellow('warning'),
        escapeControl(f.message),
        p.dim(f.ruleId),
      ]),
    ];
    const widths = [0, 1].map((col) => Math.max(...rows.map((row) => visibleLength(row[col]!))));
    for (const row of rows) {
      out.push(`  ${p.dim(pad(row[0]!, widths[0]!))}  ${pad(row[1]!, widths[1]!)}  ${row[2]}  ${row[3]}`.trimEnd());
    }
    out.push('');
    const saved = countFindings(r).tokensSaved;
    if (saved > 0) savings.push(`  ${rel}: ${formatNumber(saved)} tokens`);
  }
  const total = sumCounts(reports);
  const problems = total.errorCount + total.warningCount + total.infoCount;
  if (problems > 0) {
    const mark = total.errorCount ? p.red : total.warningCount ? p.yellow : p.blue;
    const infos = total.infoCount ? `, ${total.infoCount} info` : '';
    out.push(mark(p.bold(`✖ ${plural(problems, 'problem')} (${plural(total.errorCount, 'error')}, ${plural(total.warningCount, 'warning')}${infos})`)));
    const fixable = total.fixableErrorCount + total.fixableWarningCount + total.fixableInfoCount;
    if (fixable > 0 && !ctx.fixing) {
      const infos = total.fixableInfoCount ? ` and ${total.fixableInfoCount} info` : '';
      const list = `${plural(total.fixableErrorCount, 'error')}${infos ? ', ' : ' and '}${plural(total.fixableWarningCount, 'warning')}${infos}`;
      out.push(mark(p.bold(`  ${list} potentially fixable with the \`--fix\` option.`)));
    }
    if (total.tokensSaved > 0 && !ctx.fixing) {
      out.push(p.bold(`  The fixes would save ${formatNumber(total.tokensSaved)} tokens per call:`));
      out.push(...savings);
    }
    out.push('');
  }
  return out.join('\n');
};

function visibleLength(s: string): number {
  return s.replace(/\u001b\[\d+m/g, '').length;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}
