/**
 * GitHub Actions workflow commands: one `::error` / `::warning` annotation per finding, shown on
 * the pull request's changed lines. Escaping follows @actions/core: data escapes `%`, CR and LF;
 * properties also escape `:` and `,`.
 */
import path from 'node:path';
import type { Finding } from '../../engine/types.js';
import { sumCounts } from '../../engine/counts.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

export function escapeData(s: string): string {
  // Other control characters (an escape sequence in a file name) are shown as escapes, not sent to the log.
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProps {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly title?: string;
}

export function workflowCommand(level: AnnotationLevel, message: string, props: AnnotationProps = {}): string {
  const order: (keyof AnnotationProps)[] = ['file', 'line', 'col', 'endLine', 'endColumn', 'title'];
  const parts = order.filter((k) => props[k] !== undefined).map((k) => `${k}=${escapeProperty(String(props[k]))}`);
  return `::${level}${parts.length ? ' ' + parts.join(',') : ''}::${escapeData(message)}`;
}

/** Annotation position: 1-based; columns only on one-line ranges (GitHub ignores them otherwise), end column inclusive. */
export function annotationProps(f: Finding, file: string): AnnotationProps {
  const line = f.start.line + 1;
  const endLine = f.end.line + 1;
  const col = f.start.character + 1;
  if (endLine !== line) return { file, line, endLine, title: f.ruleId };
  return { file, line, col, endLine, endColumn: Math.max(col, f.end.character), title: f.ruleId };
}

export const formatGithub: Formatter = (reports, ctx) => {
  const out: string[] = [];
  for (const r of reports) {
    const file = (path.relative(ctx.cwd, r.path) || r.path).split(path.sep).join('/');
    if (r.skipped) out.push(workflowCommand('warning', r.skipped, { file, title: 'prompt-lint' }));
    for (const f of r.findings) {
      const fixable = f.fix?.length ? ' (fixable with --fix)' : '';
      out.push(workflowCommand(f.severity === 'error' ? 'error' : f.severity === 'info' ? 'notice' : 'warning', `${f.message}${fixable}\n${f.url}`, annotationProps(f, file)));
    }
  }
  const total = sumCounts(reports);
  const problems = total.errorCount + total.warningCount + total.infoCount;
  const infos = total.infoCount ? `, ${total.infoCount} info` : '';
  out.push(`prompt-lint: ${problems} problem${problems === 1 ? '' : 's'} (${total.errorCount} error${total.errorCount === 1 ? '' : 's'}, ${total.warningCount} warning${total.warningCount === 1 ? '' : 's'}${infos})`);
  return out.join('\n') + '\n';
};
