/**
 * The sentence analyses of the format extractor as a rule's precompute (engine/types.ts
 * `UnitPrecompute`): in a parallel CLI run the counting thread reads every unit the extractor
 * would read, and the lint thread only builds directives from what comes back.
 *
 * Per unit text: `null` when it holds no directive (no value word, or no sentence of it states
 * one), else the analysis of each sentence, `null` for a sentence with no directive (the
 * extractor reads nothing else of those). Most units are `null`: a unit with no directive costs the
 * lint thread nothing, and the message stays small.
 */
import type { UnitPrecompute } from '../../../server/src/engine/types.js';
import type { Prompt, Unit } from '../../../server/src/model/types.js';
import { provided as providedMemo } from '../provided.js';
import { sentencesOf } from '../words.js';
import { triggers } from './lexicon.js';
import { analyzeSentence, EMPTY, type SentenceAnalysis } from './sentence.js';

/** The analyses of a unit's sentences, or `null`: no sentence holds a directive. */
export type UnitAnalyses = readonly SentenceAnalysis[] | null;

/** A unit the extractor reads: an instruction, not a table row. */
export function isFormatUnit(unit: Unit): boolean {
  return unit.isInstruction && unit.context !== 'table-row';
}

/** What the extractor reads of one unit text: its sentences' analyses, or `null` (no directive). */
export function unitAnalyses(text: string): UnitAnalyses {
  if (!triggers(text)) return null;
  const sentences = sentencesOf(text);
  const single = sentences.length === 1;
  let any = false;
  const analyses = sentences.map((sentence) => {
    const a = analyzeSentence(sentence, single);
    if (a.directives.length) any = true;
    return a;
  });
  return any ? analyses : null;
}

/** Analyses made on another thread (`undefined` for a unit: not provided, read it). */
const provided = providedMemo<UnitAnalyses>();

/** The analyses provided for `unit` of `prompt`, or `undefined` when none were (the extractor reads the unit itself). */
export function providedAnalyses(prompt: Prompt, unit: Unit): UnitAnalyses | undefined {
  return provided.get(prompt, unit);
}

type Wire = (readonly (SentenceAnalysis | null)[] | null)[];

export const formatAnalyses: UnitPrecompute<Wire> = {
  id: 'format-analyses',
  select(prompt) {
    const out: number[] = [];
    const units = prompt.units;
    for (let i = 0; i < units.length; i++) if (isFormatUnit(units[i]!)) out.push(i);
    return out;
  },
  compute(texts) {
    return texts.map((text) => unitAnalyses(text)?.map((a) => (a.directives.length ? a : null)) ?? null);
  },
  accept(prompt, indices, data) {
    provided.set(prompt, indices, data.map((unit) => unit?.map((a) => a ?? EMPTY) ?? null));
  },
};
