import { describe, expect, it } from 'vitest';
import { firstRelated, personaRelation, type Persona, type PersonaEntry } from '../../rules/lib/personas.js';
import type { PromptDocument } from '../../server/src/model/types.js';
import { rng } from '../helpers/random.js';
import { stem } from '../../rules/lib/words.js';

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
      // parallel sections (one per agent): members of one family never relate
      ...(random() < 0.3 ? { parallel: [pick(['1:2:one=## a', '1:2:one=## b', '2:2:one=## c'])] } : {}),
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

/**
 * Definitions as the parser makes them (stemmed heads from the lexicon: families, generic and
 * refinable heads, heads known only by their ending), with prompts, paragraphs, YAML role fields,
 * AI roles and runs of definitions in one unit: everything `personaRelation` reads.
 */
function lexiconEntries(seed: number, count: number): PersonaEntry[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const docs = [{ id: 'a' }, { id: 'b' }] as unknown as PromptDocument[];
  const prompts = [{ id: 'p1' }, { id: 'p2' }];
  const heads: [string, string | undefined][] = [
    ...['engineer', 'developer', 'scientist', 'analyst', 'lawyer', 'chef', 'teacher', 'tutor'].map((w): [string, string | undefined] => [w, undefined]),
    ...['assistant', 'agent', 'expert', 'bot', 'researcher', 'coach', 'reviewer'].map((w): [string, string | undefined] => [w, undefined]),
    ...['zorbler', 'quintist', 'gate'].map((w): [string, string | undefined] => [w, undefined]),
  ];
  const families = new Map<string, string>([
    ['engineer', 'software'], ['developer', 'software'], ['scientist', 'data'], ['analyst', 'data'], ['lawyer', 'law'], ['chef', 'food'], ['teacher', 'education'], ['tutor', 'education'],
  ]);
  const out: PersonaEntry[] = [];
  let unit = { id: 0 };
  let paragraph = 0;
  for (let k = 0; k < count; k++) {
    if (random() < 0.7) unit = { id: k }; // else the same unit as the previous definition
    if (random() < 0.4) paragraph = k;
    const named = random() < 0.3;
    const [word] = pick(heads);
    const family = families.get(word);
    const modifiers = ['senior', 'data', 'legal', 'python'].filter(() => random() < 0.3).map(stem);
    const ai = random() < 0.1;
    const p = {
      group: pick(['g1', 'g1', 'g2']),
      scope: pick(['', '', 's']),
      ...(named ? { name: pick(['claude', 'claude code', 'max', 'nova', 'max power', 'sam']) } : {}),
      ...(random() < 0.85 || !named ? { role: { head: stem(word), modifiers, ...(family ? { family } : {}), text: `${ai ? 'an AI ' : 'a '}${word}` } } : {}),
      ...(random() < 0.05 ? { field: true } : {}),
      prompt: pick(prompts),
      ...(random() < 0.9 ? { paragraph } : {}),
      unit,
    } as unknown as Persona;
    out.push({ doc: pick(docs), p });
  }
  return out;
}

describe('firstRelated on conflicts', () => {
  const comparables: ((a: PersonaEntry, b: PersonaEntry) => boolean)[] = [
    (a, b) => a.p.prompt === b.p.prompt || a.p.group === b.p.group,
    (a, b) => a.doc !== b.doc,
    (a, b) => a.p.prompt !== b.p.prompt,
  ];

  it('finds the same earlier definition as trying every pair in order (lexicon roles, paragraphs, fields, runs in one unit)', () => {
    const found = { repeat: 0, conflict: 0 };
    for (let seed = 1; seed <= 80; seed++) {
      const entries = lexiconEntries(seed, 70);
      for (const comparable of comparables) {
        for (let j = 0; j < entries.length; j++) {
          for (const relation of ['repeat', 'conflict'] as const) {
            const expected = bruteForce(entries, j, relation, comparable);
            if (expected !== -1) found[relation]++;
            expect(firstRelated(entries, j, relation, comparable), `seed ${seed} j ${j} ${relation}`).toBe(expected);
          }
        }
      }
    }
    expect(found.conflict).toBeGreaterThan(1000);
    expect(found.repeat).toBeGreaterThan(1000);
  });

  /** How many earlier definitions the conflict search tries (asks `comparable` of) over the whole list. */
  function tried(entries: readonly PersonaEntry[]): number {
    let calls = 0;
    const comparable = () => (calls++, true);
    for (let j = 0; j < entries.length; j++) firstRelated(entries, j, 'conflict', comparable);
    return calls;
  }

  function same(count: number, role: (k: number) => { head: string; modifiers: string[]; family?: string; text: string }): PersonaEntry[] {
    const doc = { id: 'a' } as unknown as PromptDocument;
    const prompt = { id: 'p' };
    return Array.from({ length: count }, (_, k) => ({ doc, p: { group: 'g', scope: '', prompt, paragraph: k, unit: { id: k }, role: role(k) } as unknown as Persona }));
  }

  it('tries no earlier definition that cannot conflict: 2,000 "You are a helpful assistant." lines', () => {
    const entries = same(2000, () => ({ head: stem('assistant'), modifiers: [], text: 'a helpful assistant' }));
    // pairwise, every line tried every earlier one: 2,000 × 1,999 / 2
    expect(tried(entries)).toBe(0);
  });

  it('tries no earlier definition that cannot conflict: 2,000 roles of one family', () => {
    const words = ['scientist', 'analyst', 'statistician', 'actuary'];
    const mods = ['senior', 'junior', 'lead', 'staff', 'python', 'finance', 'health', 'retail'];
    const entries = same(2000, (k) => ({ head: stem(words[k % 4]!), modifiers: [stem(mods[k % 8]!), `m${k}`], family: 'data', text: `a ${words[k % 4]}` }));
    expect(tried(entries)).toBe(0);
  });
});
