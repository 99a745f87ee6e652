/**
 * Hover on a heading (or on a YAML prompt's first line): the section's tokens, its share of the
 * prompt, and its cost per call (and per day where calls per day are configured).
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { FileTokens } from '../engine/token-summary.js';
import type { LocatedDoc } from './doc-view.js';
import { formatShare, formatTokens, formatUsd, formatInt } from './format.js';
import { outline, promptName, type OutlineEntry } from './outline.js';

export function hover(doc: LocatedDoc, tokens: FileTokens, position: Position): Hover | null {
  // A heading wins over a prompt's own figures on the same line.
  const entry = outline(doc, tokens)
    .filter((e) => e.line === position.line && (e.section.depth > 0 || promptName(doc, e.prompt) !== ''))
    .sort((a, b) => b.section.depth - a.section.depth)[0];
  if (!entry) return null;
  const lines = doc.file.lines;
  const start = lines.lineStarts[entry.line] ?? 0;
  const next = lines.lineStarts[entry.line + 1] ?? doc.file.text.length;
  const length = doc.file.text.slice(start, next).replace(/[\r\n]+$/, '').length;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverText(doc, tokens, entry) },
    range: { start: { line: entry.line, character: 0 }, end: { line: entry.line, character: length } },
  };
}

export function hoverText(doc: LocatedDoc, tokens: FileTokens, entry: OutlineEntry): string {
  const name = promptName(doc, entry.prompt);
  const title = entry.section.depth > 0 ? `**${escape(`${'#'.repeat(entry.section.depth)} ${entry.section.title}`)}**` : `**prompt** \`${name}\``;
  const rows = [
    `${title}: ${formatTokens(entry.tokens.tokens, tokens.exact)} (${tokens.model}${tokens.exact ? '' : ', estimated'})`,
    '',
    `- ${formatShare(entry.tokens.share)} of ${name ? `prompt \`${name}\`` : 'the prompt'} (${formatTokens(entry.promptTokens.tokens, tokens.exact)})`,
    `- ${formatUsd(entry.costPerCall)} per call`,
  ];
  if (entry.costPerDay !== undefined && tokens.callsPerDay) {
    rows.push(`- ${formatUsd(entry.costPerDay)} per day at ${formatInt(tokens.callsPerDay)} calls`);
  }
  rows.push(`- ${formatInt(entry.tokens.bytes)} bytes`);
  return rows.join('\n');
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
