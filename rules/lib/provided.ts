/**
 * What a rule's precompute (engine/types.ts `UnitPrecompute`) provided for the units of a prompt,
 * made on another thread: by prompt, then by unit index (one memo entry per prompt, as the
 * comparison forms keep theirs). A unit with nothing provided (a serial run, the language server,
 * a unit the precompute did not select) reads `undefined`, and the extractor does the work itself.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import { memoized } from './memo.js';

export interface Provided<T> {
  /** What was provided for `unit` of `prompt`, or `undefined`. */
  get(prompt: Prompt, unit: Unit): T | undefined;
  /** Keeps `values[k]` for the unit at `indices[k]` of `prompt.units`. */
  set(prompt: Prompt, indices: readonly number[], values: readonly T[]): void;
}

export function provided<T>(): Provided<T> {
  const of = memoized((prompt: Prompt): (T | undefined)[] => slots<T>(prompt.units.length));
  return {
    get: (prompt, unit) => of(prompt)[unit.index],
    set(prompt, indices, values) {
      const list = of(prompt);
      for (let k = 0; k < indices.length; k++) list[indices[k]!] = values[k];
    },
  };
}
