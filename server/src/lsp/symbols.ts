/** The outline: prompts and their sections, each with its token count. */
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver/node';
import type { FileTokens } from '../engine/token-summary.js';
import type { Range as OffsetRange } from '../model/types.js';
import type { LocatedDoc } from './doc-view.js';
import { formatShare, formatTokens } from './format.js';
import { outline, promptName } from './outline.js';

export function documentSymbols(doc: LocatedDoc, tokens: FileTokens): DocumentSymbol[] {
  const lines = doc.file.lines;
  const toRange = (r: OffsetRange): Range => ({ start: lines.positionAt(r.start), end: lines.positionAt(r.end) });
  const top: DocumentSymbol[] = [];
  const entries = outline(doc, tokens);
  for (const [p, prompt] of doc.prompts.entries()) {
    const mine = entries.filter((e) => e.prompt === prompt);
    const bySection = new Map<number, DocumentSymbol>();
    const roots: DocumentSymbol[] = [];
    for (const entry of mine) {
      if (entry.section.depth === 0) continue;
      const range = toRange(entry.section.range);
      const selection = entry.section.headingRange ? toRange(entry.section.headingRange) : range;
      const symbol: DocumentSymbol = {
        name: entry.section.title.trim() || '(untitled section)',
        detail: `${formatTokens(entry.tokens.tokens, tokens.exact)} · ${formatShare(entry.tokens.share)}`,
        kind: SymbolKind.String,
        range: cover(range, selection),
        selectionRange: selection,
        children: [],
      };
      bySection.set(entry.section.index, symbol);
      const parent = bySection.get(entry.section.parent);
      if (parent) parent.children!.push(symbol);
      else roots.push(symbol);
    }
    const name = promptName(doc, prompt);
    if (!name) {
      top.push(...roots);
      continue;
    }
    const promptTokens = tokens.prompts[p];
    const range = toRange(prompt.range);
    top.push({
      name,
      detail: promptTokens ? formatTokens(promptTokens.tokens, tokens.exact) : undefined,
      kind: SymbolKind.Module,
      range,
      selectionRange: { start: range.start, end: range.start },
      children: roots,
    });
  }
  return top;
}

/** `range` widened to contain `inner` (clients reject a selection outside its range). */
function cover(range: Range, inner: Range): Range {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return {
    start: before(range.start, inner.start) ? range.start : inner.start,
    end: before(inner.end, range.end) ? range.end : inner.end,
  };
}
