/** Token counts per file, prompt and section: what `prompt-lint tokens`, JSON output and the editor show. */
import type { Prompt, PromptDocument } from '../model/types.js';
import { attributeTokens, costPerCall, countForModel } from '../tokens/index.js';
import type { ModelInfo } from '../tokens/types.js';

export interface SectionTokens {
  readonly title: string;
  readonly depth: number;
  /** 1-based line of the heading (or of the prompt start for the preamble). */
  readonly line: number;
  /** Tokens of the section including its subsections. */
  readonly tokens: number;
  readonly bytes: number;
  /** Share of the prompt's tokens, 0..1. */
  readonly share: number;
}

export interface PromptTokens {
  readonly id: string;
  readonly label: string;
  readonly tokens: number;
  readonly bytes: number;
  readonly sections: readonly SectionTokens[];
}

export interface FileTokens {
  readonly model: string;
  readonly encoding: string;
  readonly exact: boolean;
  readonly tokens: number;
  readonly bytes: number;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly prompts: readonly PromptTokens[];
}

/** Smallest prompt-text offset whose source offset is at or after `sourceOffset` (toSource is monotonic). */
export function textOffsetOf(prompt: Prompt, sourceOffset: number): number {
  let lo = 0;
  let hi = prompt.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prompt.toSource(mid) < sourceOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function summarizeTokens(doc: PromptDocument, model: ModelInfo, callsPerDay?: number): FileTokens {
  const encoding = model.encoding ?? model.estimate!.base;
  const factor = model.encoding ? 1 : model.estimate!.factor;
  const prompts = doc.prompts.map((prompt) => summarizePrompt(doc, prompt, model, encoding, factor));
  const tokens = prompts.reduce((sum, p) => sum + p.tokens, 0);
  const cost = costPerCall(tokens, model);
  return {
    model: model.id,
    encoding,
    exact: !!model.encoding,
    tokens,
    bytes: Buffer.byteLength(doc.file.text),
    costPerCall: cost,
    ...(callsPerDay ? { callsPerDay, costPerDay: cost * callsPerDay } : {}),
    prompts,
  };
}

function summarizePrompt(doc: PromptDocument, prompt: Prompt, model: ModelInfo, encoding: NonNullable<ModelInfo['encoding']>, factor: number): PromptTokens {
  const total = countForModel(prompt.text, model).tokens;
  // Each section owns the text from its heading to the next heading of any depth;
  // a section's figure adds its descendants' own shares.
  const starts = prompt.sections.map((s) => (s.depth === 0 ? 0 : textOffsetOf(prompt, (s.headingRange ?? s.range).start)));
  const order = starts.map((start, i) => ({ start, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  const own = attributeTokens(prompt.text, encoding, order.map((o) => o.start));
  const ownTokens = new Array<number>(starts.length).fill(0);
  const ownBytes = new Array<number>(starts.length).fill(0);
  order.forEach((o, k) => {
    ownTokens[o.i] = (own[k] ?? 0) * factor;
    const end = k + 1 < order.length ? order[k + 1]!.start : prompt.text.length;
    ownBytes[o.i] = Buffer.byteLength(prompt.text.slice(o.start, end));
  });
  const tokens = [...ownTokens];
  const bytes = [...ownBytes];
  // Children come after their parents in `sections`, so a reverse walk folds each into its parent.
  for (let i = prompt.sections.length - 1; i >= 0; i--) {
    const parent = prompt.sections[i]!.parent;
    if (parent >= 0) {
      tokens[parent]! += tokens[i]!;
      bytes[parent]! += bytes[i]!;
    }
  }
  const sections = prompt.sections.map((s, i) => ({
    title: s.title,
    depth: s.depth,
    line: doc.file.lines.positionAt((s.headingRange ?? s.range).start).line + 1,
    tokens: Math.round(tokens[i]!),
    bytes: bytes[i]!,
    share: total > 0 ? tokens[i]! / total : 0,
  }));
  return { id: prompt.id, label: prompt.label, tokens: total, bytes: Buffer.byteLength(prompt.text), sections };
}
