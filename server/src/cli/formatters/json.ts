/** ESLint's JSON formatter shape, plus a `tokens` object per file. */
import type { Finding, TextEdit } from '../../engine/types.js';
import { countFindings } from '../../engine/counts.js';
import type { Formatter } from './types.js';

/** ESLint has one edit per fix: several edits merge into one that spans them. */
function mergeFix(text: string | undefined, edits: readonly TextEdit[]): { range: [number, number]; text: string } | undefined {
  if (!edits.length) return undefined;
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  const start = sorted[0]!.range.start;
  const end = Math.max(...sorted.map((e) => e.range.end));
  if (sorted.length === 1) return { range: [start, end], text: sorted[0]!.text };
  if (text === undefined) return undefined;
  let out = '';
  let cursor = start;
  for (const e of sorted) {
    out += text.slice(cursor, e.range.start) + e.text;
    cursor = e.range.end;
  }
  return { range: [start, end], text: out + text.slice(cursor, end) };
}

export function toJsonMessage(f: Finding, source?: string) {
  const fix = f.fix ? mergeFix(source, f.fix) : undefined;
  return {
    ruleId: f.ruleId,
    severity: f.severity === 'error' ? 2 : 1,
    message: f.message,
    messageId: f.messageId,
    line: f.start.line + 1,
    column: f.start.character + 1,
    endLine: f.end.line + 1,
    endColumn: f.end.character + 1,
    ...(fix ? { fix } : {}),
    ...(f.suggest?.length
      ? { suggestions: f.suggest.map((s) => ({ desc: s.message, messageId: s.messageId, fix: mergeFix(source, s.edits) })) }
      : {}),
    ...(f.related?.length
      ? { related: f.related.map((r) => ({ filePath: r.path, message: r.message, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 })) }
      : {}),
    ...(f.tokensSaved !== undefined ? { tokensSaved: f.tokensSaved } : {}),
    url: f.url,
  };
}

export const formatJson: Formatter = (reports) =>
  JSON.stringify(
    reports.map((r) => {
      const c = countFindings(r);
      return {
        filePath: r.path,
        messages: [
          ...(r.skipped ? [{ ruleId: null, severity: 1, message: r.skipped, line: 1, column: 1 }] : []),
          ...r.findings.map((f) => toJsonMessage(f, r.source)),
        ],
        errorCount: c.errorCount,
        warningCount: c.warningCount,
        fixableErrorCount: c.fixableErrorCount,
        fixableWarningCount: c.fixableWarningCount,
        ...(r.output !== undefined ? { output: r.output } : {}),
        ...(r.tokens ? { tokens: r.tokens } : {}),
      };
    }),
  );
