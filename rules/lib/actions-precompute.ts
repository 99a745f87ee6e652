/**
 * The prohibitions `actions` reads, as a rule's precompute (engine/types.ts `UnitPrecompute`): in
 * a parallel CLI run the counting thread reads every candidate unit for prohibitions, and the lint
 * thread only places what comes back (its scope, its verb). Per unit text: `null` for none (most
 * units), else each prohibition with the index of its sentence.
 */
import type { UnitPrecompute } from '../../server/src/engine/types.js';
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { mayProhibit, negativeReads, type NegativeRead } from './actions.js';
import { provided as providedMemo } from './provided.js';
import { sentencesOf } from './words.js';

const provided = providedMemo<readonly NegativeRead[] | null>();

/** The prohibitions provided for `unit` of `prompt` (`null`: none), or `undefined` when none were provided (read the unit). */
export function providedNegatives(prompt: Prompt, unit: Unit): readonly NegativeRead[] | null | undefined {
  return provided.get(prompt, unit);
}

export const negativeActions: UnitPrecompute<(readonly NegativeRead[] | null)[]> = {
  id: 'negative-actions',
  // the candidates of `actions`: instructions, not table rows
  select(prompt) {
    const out: number[] = [];
    const units = prompt.units;
    for (let i = 0; i < units.length; i++) if (units[i]!.isInstruction && units[i]!.context !== 'table-row') out.push(i);
    return out;
  },
  compute(texts) {
    return texts.map((text) => (mayProhibit(text) ? negativeReads(sentencesOf(text)) : null));
  },
  accept(prompt, indices, data) {
    provided.set(prompt, indices, data);
  },
};
