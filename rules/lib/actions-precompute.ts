/**
 * What `actions` reads of each unit's text, as a rule's precompute (engine/types.ts
 * `UnitPrecompute`): in a parallel CLI run the counting thread reads every candidate unit for
 * prohibitions, and parses the sentences that those prohibitions' verbs may make `positives` read;
 * the lint thread only places what comes back (scope, verb set) and parses any other sentence it
 * reaches itself. Per unit text: `null` for nothing (most units), else the prohibitions with the
 * index of their sentence and the parsed requirements.
 */
import type { UnitPrecompute } from '../../server/src/engine/types.js';
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { mayProhibit, negativeReads, positiveParses, requirementFilter, type NegativeRead, type PositiveParse } from './actions.js';
import { provided as providedMemo } from './provided.js';
import { sentencesOf } from './words.js';

interface UnitActions {
  readonly negatives: readonly NegativeRead[] | null;
  readonly positives: readonly (readonly [number, PositiveParse])[] | null;
}

const provided = providedMemo<UnitActions | null>();

/** The prohibitions provided for `unit` of `prompt` (`null`: none), or `undefined` when none were provided (read the unit). */
export function providedNegatives(prompt: Prompt, unit: Unit): readonly NegativeRead[] | null | undefined {
  const got = provided.get(prompt, unit);
  return got === undefined ? undefined : (got?.negatives ?? null);
}

/** The requirement parses provided for `unit` of `prompt` (by sentence index), or null/undefined for none. */
export function providedPositives(prompt: Prompt, unit: Unit): readonly (readonly [number, PositiveParse])[] | null | undefined {
  return provided.get(prompt, unit)?.positives;
}

export const negativeActions: UnitPrecompute<(UnitActions | null)[]> = {
  id: 'negative-actions',
  // the candidates of `actions`: instructions, not table rows (every one of a prompt: the verbs of
  // all its prohibitions decide which requirements are parsed)
  select(prompt) {
    const out: number[] = [];
    const units = prompt.units;
    for (let i = 0; i < units.length; i++) if (units[i]!.isInstruction && units[i]!.context !== 'table-row') out.push(i);
    return out;
  },
  compute(texts) {
    const sentences: (string[] | undefined)[] = [];
    const negatives = texts.map((text, k) => (mayProhibit(text) ? negativeReads((sentences[k] = sentencesOf(text))) : null));
    // every prohibition's verb (`actions` drops those in hidden scopes: its verbs are a subset)
    const verbs = new Set<string>();
    for (const reads of negatives) for (const r of reads ?? []) verbs.add(r.verb);
    // only the requirements that can meet one of these prohibitions (a superset of those `actions`
    // keeps): conflicting-instruction compares `opposableActions`, and any other reader parses what
    // is not provided itself
    const filter = verbs.size ? requirementFilter(negatives.flatMap((reads) => reads ?? [])) : undefined;
    return texts.map((text, k) => {
      const positives = verbs.size ? positiveParses(text, (sentences[k] ??= sentencesOf(text)), verbs, filter) : null;
      return negatives[k] || positives ? { negatives: negatives[k]!, positives } : null;
    });
  },
  accept(prompt, indices, data) {
    provided.set(prompt, indices, data);
  },
};
