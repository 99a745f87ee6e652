/**
 * What a rule's precompute (engine/types.ts `UnitPrecompute`) provided for the units of a prompt,
 * made on another thread: by prompt, then by unit index. A unit with nothing provided (a serial
 * run, the language server, a unit the precompute did not select) reads `undefined`, and the
 * extractor does the work itself.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';

export class Provided<T> {
  private readonly byPrompt = new WeakMap<Prompt, (T | undefined)[]>();

  /** What was provided for `unit` of `prompt`, or `undefined`. */
  get(prompt: Prompt, unit: Unit): T | undefined {
    return this.byPrompt.get(prompt)?.[unit.index];
  }

  /** Keeps `values[k]` for the unit at `indices[k]` of `prompt.units`. */
  set(prompt: Prompt, indices: readonly number[], values: readonly T[]): void {
    let list = this.byPrompt.get(prompt);
    if (!list) this.byPrompt.set(prompt, (list = new Array<T | undefined>(prompt.units.length).fill(undefined)));
    for (let k = 0; k < indices.length; k++) list[indices[k]!] = values[k];
  }
}
