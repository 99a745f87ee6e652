/** A code lens per section with its token count, and one per prompt with its total and cost. */
import type { CodeLens } from 'vscode-languageserver/node';
import type { FileTokens } from '../engine/token-summary.js';
import type { LocatedDoc } from './doc-view.js';
import type { ContextResult } from './protocol.js';
import { formatShare, formatTokens, formatUsd } from './format.js';
import { outline, promptName, repeatsItsPrompt } from './outline.js';

export function codeLenses(doc: LocatedDoc, tokens: FileTokens): CodeLens[] {
  const lenses: CodeLens[] = [];
  const entries = outline(doc, tokens);
  for (const entry of entries) {
    // A heading that covers its whole prompt on the prompt's own line would repeat the prompt's lens.
    if (repeatsItsPrompt(entry, entries)) continue;
    const range = { start: { line: entry.line, character: 0 }, end: { line: entry.line, character: 0 } };
    let title: string;
    if (entry.section.depth === 0) {
      const name = promptName(doc, entry.prompt);
      title = `${name ? `${name}: ` : ''}${formatTokens(entry.promptTokens.tokens, tokens.exact)} (${tokens.model}) · ${formatUsd(entry.costPerCall)} per call`;
      if (entry.costPerDay !== undefined) title += ` · ${formatUsd(entry.costPerDay)} per day`;
    } else {
      title = `${formatTokens(entry.tokens.tokens, tokens.exact)} · ${formatShare(entry.tokens.share)}`;
    }
    // An empty command id: a label, not a button (clients show it without running anything).
    lenses.push({ range, command: { title, command: '' } });
  }
  return lenses;
}

/**
 * A lens on each `@path` import line of the document: the tokens the import pulls into the
 * agent's context (the imported file and everything it imports). One lens per line; when several
 * agents follow the import (Claude Code, Gemini CLI), the first agent's count and its name.
 */
export function importLenses(uri: string, result: ContextResult): CodeLens[] {
  const byLine = new Map<number, CodeLens>();
  for (const agent of result.agents) {
    for (const file of agent.files) {
      if (file.kind !== 'import' || !file.from || file.from.uri !== uri) continue;
      const line = file.from.range.start.line;
      if (byLine.has(line)) continue;
      const tokens = file.display.tokensWithImports;
      const own = file.tokensWithImports === file.tokens ? '' : ` (${file.display.tokens} itself)`;
      byLine.set(line, {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: { title: `@${file.path}: ${tokens} into ${agent.name}'s context${own}`, command: '' },
      });
    }
  }
  return [...byLine.values()];
}
