import { describe, expect, it } from 'vitest';
import { firstRelated, personaRelation, type Persona, type PersonaEntry } from '../../rules/lib/personas.js';
import type { PromptDocument } from '../../server/src/model/types.js';
import { rng } from '../helpers/random.js';

/** The pairwise search `firstRelated` replaces: every earlier entry in order. */
function bruteForce(entries: readonly PersonaEntry[], j: number, relation: 'repeat' | 'conflict', comparable: (a: PersonaEntry, b: PersonaEntry) => boolean): number {
  for (let i = 0; i < j; i++) {
    const earlier = entries[i]!;
    if (earlier.p.unit === entries[j]!.p.unit || !comparable(earlier, entries[j]!)) continue;
    if (personaRelation(earlier.p, entries[j]!.p) === relation) return i;
  }
  return -1;
}

function randomEntries(seed: number, count: number): PersonaEntry[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const docs = [{ id: 'a' }, { id: 'b' }] as unknown as PromptDocument[];
  const units = Array.from({ length: Math.ceil(count * 0.8) }, (_, k) => ({ id: k }));
  const heads: [string, string | undefined][] = [['assistant', undefined], ['agent', undefined], ['scientist', 'data'], ['analyst', 'data'], ['lawyer', 'law'], ['chef', 'food']];
  const out: PersonaEntry[] = [];
  for (let k = 0; k < count; k++) {
    const named = random() < 0.4;
    const [head, family] = pick(heads);
    const modifiers = ['senior', 'data', 'helpful', 'legal'].filter(() => random() < 0.35);
    const p = {
      group: pick(['g1', 'g2']),
      scope: pick(['', 's']),
      ...(named ? { name: pick(['claude', 'claude code', 'max', 'nova', 'max power']) } : {}),
      ...(random() < 0.9 || !named ? { role: { head, modifiers, ...(family ? { family } : {}), text: head } } : {}),
      unit: pick(units),
    } as unknown as Persona;
    out.push({ doc: pick(docs), p });
  }
  return out;
}

describe('firstRelated', () => {
  it('finds the same earlier definition as trying every pair in order', () => {
    const comparables: ((a: PersonaEntry, b: PersonaEntry) => boolean)[] = [
      (a, b) => a.p.unit === b.p.unit || a.p.group === b.p.group,
      (a, b) => a.doc !== b.doc,
    ];
    let related = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const entries = randomEntries(seed, 60);
      for (const comparable of comparables) {
        for (let j = 0; j < entries.length; j++) {
          for (const relation of ['repeat', 'conflict'] as const) {
            const expected = bruteForce(entries, j, relation, comparable);
            if (expected !== -1) related++;
            expect(firstRelated(entries, j, relation, comparable), `seed ${seed} j ${j} ${relation}`).toBe(expected);
          }
        }
      }
    }
    // the random lists have both kinds of pairs, and lists without any
    expect(related).toBeGreaterThan(1000);
  });
});
