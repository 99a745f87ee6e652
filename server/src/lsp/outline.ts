/**
 * The engine's token counts (FileTokens) next to the document model's sections, so hover, code
 * lens, symbols and the token report can place each figure. Reads only; counts nothing.
 */
import type { FileTokens, PromptTokens, SectionTokens } from '../engine/token-summary.js';
import type { Section } from '../model/types.js';
import type { LocatedDoc, PromptView } from './doc-view.js';

export interface OutlineEntry {
  readonly prompt: PromptView;
  readonly promptTokens: PromptTokens;
  readonly section: Section;
  readonly tokens: SectionTokens;
  /** Zero-based line of the heading, or of the prompt start for a prompt's root section. */
  readonly line: number;
  /** US dollars per call for this section's tokens. */
  readonly costPerCall: number;
  readonly costPerDay?: number;
}

/** Every section of every prompt with its figures; `summarizeTokens` keeps the model's order. */
export function outline(doc: LocatedDoc, tokens: FileTokens): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const perToken = tokens.tokens > 0 ? tokens.costPerCall / tokens.tokens : 0;
  doc.prompts.forEach((prompt, i) => {
    const promptTokens = tokens.prompts[i];
    if (!promptTokens || promptTokens.id !== prompt.id) return;
    prompt.sections.forEach((section, j) => {
      const figures = promptTokens.sections[j];
      if (!figures) return;
      const costPerCall = figures.tokens * perToken;
      out.push({
        prompt,
        promptTokens,
        section,
        tokens: figures,
        line: section.depth === 0 ? anchorLine(doc, prompt) : figures.line - 1,
        costPerCall,
        ...(tokens.callsPerDay ? { costPerDay: costPerCall * tokens.callsPerDay } : {}),
      });
    });
  });
  return out;
}

/**
 * True for a heading that starts its prompt and covers all of it (a Markdown file's H1 on its
 * first line): its figures are the prompt's own, so lenses and the token report show them once.
 */
export function repeatsItsPrompt(entry: OutlineEntry, entries: readonly OutlineEntry[]): boolean {
  if (entry.section.depth === 0 || entry.tokens.tokens !== entry.promptTokens.tokens) return false;
  return entries.some((e) => e.prompt === entry.prompt && e.section.depth === 0 && e.line === entry.line);
}

/**
 * The line a prompt's own figures go on: where its text starts, or for a YAML block scalar whose
 * text starts on the line after `key: |`, the key's line.
 */
export function anchorLine(doc: LocatedDoc, prompt: PromptView): number {
  const { lines, text } = doc.file;
  const line = lines.positionAt(prompt.range.start).line;
  const yaml = doc.kind === 'yaml' || (doc.frontmatter !== undefined && prompt.range.start < doc.frontmatter.range.end);
  if (yaml && line > 0 && text.slice(lines.lineStarts[line]!, prompt.range.start).trim() === '') return line - 1;
  return line;
}

/** A prompt's name for people: its label (YAML key path, role) or id; '' for a lone Markdown body. */
export function promptName(doc: LocatedDoc, prompt: PromptView): string {
  if (doc.prompts.length === 1 && doc.kind !== 'yaml') return '';
  return prompt.label || prompt.id;
}
