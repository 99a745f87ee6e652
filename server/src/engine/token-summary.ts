/** Token counts per file, prompt and section: what `prompt-lint tokens`, JSON output and the editor show. */
import { textOffsetOf } from '../model/source.js';
import type { Prompt, PromptDocument } from '../model/types.js';
import { attributeTokens, costPerCall, countForModel } from '../tokens/index.js';
import type { ModelInfo } from '../tokens/types.js';
import type { FileTokens, PromptTokens, SectionTokens } from './token-figures.js';

export type { FileTokens, PromptTokens, SectionTokens } from './token-figures.js';

/**
 * What counting a document's tokens needs of it, as plain data: the prompts' texts and where their
 * sections start. A parallel run parses and lints a file on one thread and counts its tokens on
 * another, which receives this (structured-cloned) instead of the document model.
 */
export interface TokenJob {
  readonly model: ModelInfo;
  readonly callsPerDay?: number;
  /** UTF-8 bytes of the whole file. */
  readonly bytes: number;
  readonly prompts: readonly PromptJob[];
}

interface PromptJob {
  readonly id: string;
  readonly label: string;
  readonly text: string;
  readonly sections: readonly SectionJob[];
  readonly alternatives?: string;
}

interface SectionJob {
  readonly title: string;
  readonly depth: number;
  readonly line: number;
  /** Index of the parent section, or -1. */
  readonly parent: number;
  /** Offset in the prompt's text where the section's own text starts. */
  readonly start: number;
}

export function tokenJobOf(doc: PromptDocument, model: ModelInfo, callsPerDay?: number): TokenJob {
  return {
    model,
    ...(callsPerDay ? { callsPerDay } : {}),
    bytes: Buffer.byteLength(doc.file.text),
    prompts: doc.prompts.map((prompt) => ({
      id: prompt.id,
      label: prompt.label,
      text: prompt.text,
      ...(prompt.alternatives ? { alternatives: prompt.alternatives } : {}),
      sections: prompt.sections.map((s) => {
        const heading = (s.headingRange ?? s.range).start;
        return {
          title: s.title,
          depth: s.depth,
          line: doc.file.lines.positionAt(heading).line + 1,
          parent: s.parent,
          start: s.depth === 0 ? 0 : textOffsetOf(prompt, heading),
        };
      }),
    })),
  };
}

export function summarizeTokens(doc: PromptDocument, model: ModelInfo, callsPerDay?: number): FileTokens {
  return summarizeJob(tokenJobOf(doc, model, callsPerDay));
}

/** The token counts of a document, from what `tokenJobOf` took of it. */
export function summarizeJob(job: TokenJob): FileTokens {
  const { model, callsPerDay } = job;
  const encoding = model.encoding ?? model.estimate!.base;
  const factor = model.encoding ? 1 : model.estimate!.factor;
  const prompts = job.prompts.map((prompt) => summarizePrompt(prompt, model, encoding, factor));
  const tokens = prompts.reduce((sum, p) => sum + p.tokens, 0);
  const perCall = perCallOf(prompts);
  const cost = costPerCall(perCall?.tokens ?? tokens, model);
  return {
    model: model.id,
    encoding,
    exact: !!model.encoding,
    tokens,
    bytes: job.bytes,
    ...(perCall ? { perCall } : {}),
    costPerCall: cost,
    ...(callsPerDay ? { callsPerDay, costPerDay: cost * callsPerDay } : {}),
    prompts,
  };
}

/** One call's tokens when some prompts are alternatives: the largest of each group, plus the rest. */
function perCallOf(prompts: readonly PromptTokens[]): FileTokens['perCall'] {
  const groups = new Map<string, number[]>();
  let tokens = 0;
  for (const p of prompts) {
    if (p.alternatives === undefined) tokens += p.tokens;
    else groups.set(p.alternatives, [...(groups.get(p.alternatives) ?? []), p.tokens]);
  }
  let alternatives = 0;
  for (const sizes of groups.values()) {
    tokens += Math.max(...sizes);
    alternatives = Math.max(alternatives, sizes.length);
  }
  return alternatives > 1 ? { tokens, alternatives } : undefined;
}

function summarizePrompt(prompt: PromptJob, model: ModelInfo, encoding: NonNullable<ModelInfo['encoding']>, factor: number): PromptTokens {
  const total = countForModel(prompt.text, model).tokens;
  // Each section owns the text from its heading to the next heading of any depth;
  // a section's figure adds its descendants' own shares.
  const starts = prompt.sections.map((s) => s.start);
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
    line: s.line,
    tokens: Math.round(tokens[i]!),
    bytes: bytes[i]!,
    share: total > 0 ? tokens[i]! / total : 0,
  }));
  return { id: prompt.id, label: prompt.label, tokens: total, bytes: Buffer.byteLength(prompt.text), sections, ...(prompt.alternatives ? { alternatives: prompt.alternatives } : {}) };
}
