/** Error/warning/info/fixable counts per report (infos never fail a run nor count as warnings): what the formatters and the gates show and exit on. */
import { compatibleFixes } from './edits.js';
import type { FileReport } from './engine.js';

export interface Counts {
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Findings set apart below warnings (labelled reminders): shown, never counted against --max-warnings. */
  infoCount: number;
  fixableInfoCount: number;
  /** Tokens the available fixes would save. */
  tokensSaved: number;
}

export function countFindings(report: FileReport): Counts {
  const c: Counts = { errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, infoCount: 0, fixableInfoCount: 0, tokensSaved: 0 };
  for (const f of report.findings) {
    const fixable = !!f.fix?.length;
    if (f.severity === 'error') {
      c.errorCount++;
      if (fixable) c.fixableErrorCount++;
    } else if (f.severity === 'info') {
      c.infoCount++;
      if (fixable) c.fixableInfoCount++;
    } else {
      c.warningCount++;
      if (fixable) c.fixableWarningCount++;
    }
  }
  // Savings of the fixes that apply together: two rules' overlapping fixes are counted once.
  const fixable = report.findings.filter((f) => f.fix?.length);
  for (const i of compatibleFixes(fixable.map((f) => f.fix!))) c.tokensSaved += fixable[i]!.tokensSaved ?? 0;
  if (report.skipped) c.warningCount++;
  return c;
}

export function sumCounts(reports: readonly FileReport[]): Counts {
  const total: Counts = { errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, infoCount: 0, fixableInfoCount: 0, tokensSaved: 0 };
  for (const r of reports) {
    const c = countFindings(r);
    for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  }
  return total;
}
