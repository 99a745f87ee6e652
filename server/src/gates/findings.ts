/**
 * What the gates need to know about a finding beyond the engine's report: the text it was found in
 * (to turn fix offsets into lines and columns) and a content fingerprint that survives lines moving.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../config/read-file.js';
import type { FileReport } from '../engine/engine.js';
import type { Finding } from '../engine/types.js';
import { createSourceFile, decodeBuffer } from '../model/source.js';
import type { LineIndex, Position } from '../model/types.js';

export interface ReportText {
  readonly text: string;
  readonly lines: LineIndex;
}

const textCache = new WeakMap<FileReport, ReportText | null>();

/**
 * The text a report's findings point into: the kept source when the run kept it, else the file on
 * disk (which, after `--fix`, holds the fixed text the findings were computed on). BOM removed.
 */
export function reportText(report: FileReport): ReportText | undefined {
  const cached = textCache.get(report);
  if (cached !== undefined) return cached ?? undefined;
  let text = report.source;
  if (text === undefined) {
    try {
      const decoded = decodeBuffer(readRegularFile(report.path));
      if ('text' in decoded) text = decoded.text;
    } catch {
      // not on disk (stdin, deleted meanwhile): positions without fix regions
    }
  }
  const result = text === undefined ? null : (({ text: t, lines }) => ({ text: t, lines }))(createSourceFile(report.path, text));
  textCache.set(report, result);
  return result ?? undefined;
}

/** Whitespace-folded source text of a finding; the whole line when the range is empty. */
export function findingText(finding: Finding, source: ReportText | undefined): string {
  if (!source) return '';
  const { text, lines } = source;
  const start = Math.min(finding.range.start, text.length);
  const end = Math.min(Math.max(finding.range.end, start), text.length);
  let slice = text.slice(start, end);
  if (!slice.trim()) {
    const line = lines.positionAt(start).line;
    const from = lines.lineStarts[line] ?? 0;
    const to = lines.lineStarts[line + 1] ?? text.length;
    slice = text.slice(from, to);
  }
  return slice.replace(/\s+/g, ' ').trim();
}

/**
 * A fingerprint that stays the same when the finding's lines move: rule, message id and the
 * finding's own source text (whitespace folded), hashed. Equal findings get equal fingerprints;
 * the baseline counts occurrences.
 */
export function fingerprint(finding: Finding, source: ReportText | undefined): string {
  return createHash('sha256')
    .update(`${finding.ruleId}\0${finding.messageId}\0${findingText(finding, source)}`)
    .digest('hex')
    .slice(0, 16);
}

/** Path relative to `base` with "/" separators (as written in baselines, SARIF and annotations). */
export function relativeSlash(base: string, file: string): string {
  const rel = path.relative(base, file) || path.basename(file);
  return rel.split(path.sep).join('/');
}

/** 1-based line/column region of an offset range (end exclusive, as SARIF wants). */
export function regionOf(lines: LineIndex, start: number, end: number): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function positionRegion(start: Position, end: Position): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
