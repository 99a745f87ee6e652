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

/** Edits of a fix or suggestion as a list, each with its file (for edits ESLint's shape cannot carry). */
function editsWithPaths(file: string, edits: readonly TextEdit[]) {
  return edits.map((e) => ({ filePath: e.path ?? file, range: [e.range.start, e.range.end] as [number, number], text: e.text }));
}

/**
 * One finding as an ESLint message. ESLint's `fix` and `suggestions` edit the message's own file,
 * so a fix or suggestion with an edit in another file (a cross-file finding whose edit is in the
 * related file) is never put there: it goes, with each edit's `filePath`, under `crossFileFix` /
 * `crossFileSuggestions`, which ESLint consumers ignore.
 */
export function toJsonMessage(f: Finding, source?: string, file: string = f.path) {
  const local = (edits: readonly TextEdit[]) => edits.every((e) => e.path === undefined || e.path === file);
  const fix = f.fix && local(f.fix) ? mergeFix(source, f.fix) : undefined;
  const suggest = f.suggest ?? [];
  const here = suggest.filter((s) => local(s.edits));
  const elsewhere = suggest.filter((s) => !local(s.edits));
  return {
    ruleId: f.ruleId,
    // ESLint knows 1 and 2 only: an info is 1 (the lowest level it reports), told apart by `level`
    severity: f.severity === 'error' ? 2 : 1,
    ...(f.severity === 'info' ? { level: 'info' as const } : {}),
    message: f.message,
    messageId: f.messageId,
    line: f.start.line + 1,
    column: f.start.character + 1,
    endLine: f.end.line + 1,
    endColumn: f.end.character + 1,
    ...(fix ? { fix } : {}),
    ...(f.fix && !fix && !local(f.fix) ? { crossFileFix: { edits: editsWithPaths(file, f.fix) } } : {}),
    ...(here.length ? { suggestions: here.map((s) => ({ desc: s.message, messageId: s.messageId, fix: mergeFix(source, s.edits) })) } : {}),
    ...(elsewhere.length ? { crossFileSuggestions: elsewhere.map((s) => ({ desc: s.message, messageId: s.messageId, edits: editsWithPaths(file, s.edits) })) } : {}),
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
          ...r.findings.map((f) => toJsonMessage(f, r.source, r.path)),
        ],
        errorCount: c.errorCount,
        warningCount: c.warningCount,
        fixableErrorCount: c.fixableErrorCount,
        fixableWarningCount: c.fixableWarningCount,
        // not in ESLint's shape: findings set apart below warnings (severity 1, level "info"), not in warningCount
        infoCount: c.infoCount,
        fixableInfoCount: c.fixableInfoCount,
        ...(r.output !== undefined ? { output: r.output } : {}),
        ...(r.tokens ? { tokens: r.tokens } : {}),
      };
    }),
  );
