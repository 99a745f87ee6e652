/** The cost report as a plain-text table (`prompt-lint report`). */
import { formatCost, formatNumber } from '../tokens/index.js';
import type { CostReport } from './cost-report.js';

const fmt = formatNumber;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function textTable(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function renderCostTable(report: CostReport): string {
  const out: string[] = [];
  if (report.tasks.length) {
    const rows = [['Task', 'Files', 'Tokens', 'Cost/call', 'Calls/day', 'Cost/day', 'Limit', 'Fix saves']];
    for (const t of report.tasks) {
      rows.push([
        t.name,
        String(t.files.length),
        fmt(t.tokens),
        formatCost(t.costPerCall),
        t.callsPerDay ? fmt(t.callsPerDay) : '',
        t.costPerDay !== undefined ? formatCost(t.costPerDay) : '',
        [t.maxTokens !== undefined ? `${fmt(t.maxTokens)} tok` : '', t.maxCostPerDay !== undefined ? `${formatCost(t.maxCostPerDay)}/day` : ''].filter(Boolean).join(', '),
        t.fixSavings ? `${fmt(t.fixSavings)} tok${t.fixSavingsPerDay ? ` (${formatCost(t.fixSavingsPerDay)}/day)` : ''}` : '',
      ]);
    }
    out.push(...textTable(rows, new Set([1, 2, 3, 4, 5, 7])), '');
  }
  const anyDay = report.totals.costPerDay !== undefined;
  const rows = [['File', 'Tokens', 'Share', 'Cost/call', ...(anyDay ? ['Cost/day'] : []), 'Problems', 'Fix saves']];
  for (const f of report.files) {
    rows.push([
      f.path + (f.skipped ? ` (${f.skipped})` : ''),
      `${f.exact ? '' : '~'}${fmt(f.tokens)}`,
      report.totals.tokens ? pct(f.tokens / report.totals.tokens) : '',
      formatCost(f.costPerCall),
      ...(anyDay ? [f.costPerDay !== undefined ? formatCost(f.costPerDay) : ''] : []),
      f.errors + f.warnings + f.infos ? String(f.errors + f.warnings + f.infos) : '',
      f.fixSavings ? `${fmt(f.fixSavings)} tok` : '',
    ]);
  }
  const t = report.totals;
  rows.push([
    `Total (${report.files.length} file${report.files.length === 1 ? '' : 's'})`,
    fmt(t.tokens),
    '',
    formatCost(t.costPerCall),
    ...(anyDay ? [formatCost(t.costPerDay ?? 0)] : []),
    t.errors + t.warnings + t.infos ? String(t.errors + t.warnings + t.infos) : '',
    t.fixSavings ? `${fmt(t.fixSavings)} tok` : '',
  ]);
  out.push(...textTable(rows, new Set([1, 2, 3, 4, 5, 6].slice(0, rows[0]!.length - 1))), '');
  if (report.biggest) {
    out.push(`Biggest spender: ${report.biggest.file} › ${report.biggest.section} (${fmt(report.biggest.tokens)} tokens, ${pct(report.biggest.share)} of all files)`);
    if (report.biggestFile) out.push(`Biggest file: ${report.biggestFile.file} (${fmt(report.biggestFile.tokens)} tokens, ${pct(report.biggestFile.share)})`);
  }
  out.push(t.fixSavings ? `prompt-lint --fix would save ${fmt(t.fixSavings)} tokens per call.` : '--fix would save nothing: no fixable findings.');
  return out.join('\n') + '\n';
}
