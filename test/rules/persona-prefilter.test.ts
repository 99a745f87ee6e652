/**
 * The persona reader's prefilters: `mayDefine` (the first words of the openers and of the
 * lexicon's leaders, or a label, a dash leader or a third-person definition) and, since session 14,
 * the mark (a colon, a hyphen or a dash) that the label and dash leaders need, asked before their
 * patterns. `parsePersonaSentence(sentence, false)` reads every sentence whole: the oracle here, on
 * every sentence of the fixtures and on sentences built from the openers, leaders and role nouns.
 */
import { describe, expect, it, vi } from 'vitest';
import lexicon from '../../rules/data/personas.json' with { type: 'json' };
import { parsePersonaSentence } from '../../rules/lib/personas.js';
import { fixtureSentences } from '../helpers/fixture-sentences.js';
import { rng } from '../helpers/random.js';


function generatedSentences(count: number, seed: number): string[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const roles = [...lexicon.genericHeads, ...Object.values(lexicon.families).flat()];
  const openers = ['You are', "You're", 'Act as', 'Your name is', 'Your role is', 'I am', 'The assistant is', 'Pretend you are', 'You will be', 'Role:', 'Persona:', 'Nova is'];
  const labels = ['**Voice**:', 'Identity —', "Let's play a game -", 'Example:', 'User:', 'When reviewing code -', 'Tone: formal', 'Note -', 'Steps:'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    if (random() < 0.35) parts.push(pick(labels));
    if (random() < 0.3) parts.push(pick(lexicon.leaders) + pick([',', '', ':']));
    parts.push(pick(openers));
    if (random() < 0.3) parts.push(pick(['Max', 'Claude Code', 'Dr. Data', '"Nova"', 'RiSA']) + pick([',', '']));
    parts.push(pick(['a', 'an', 'the', '']));
    for (let k = Math.floor(random() * 3); k > 0; k--) parts.push(pick([...lexicon.softModifiers, 'senior', 'data', 'tax', 'UI/UX', 'friendly,', 'calm and']));
    parts.push(pick(roles));
    if (random() < 0.4) parts.push(pick(['who helps users', 'named Quill', 'in tax law', 'for junior developers', '- with tools', ': be brief', 'mode']));
    out.push(parts.join(' ') + pick(['.', '', '!', '?']));
  }
  return out;
}

describe('persona reader: prefilters change no result', () => {
  it('on every sentence of the fixtures', () => {
    const sentences = fixtureSentences();
    let personas = 0;
    for (const s of sentences) {
      const full = parsePersonaSentence(s, false);
      if (full) personas++;
      expect(parsePersonaSentence(s), s).toEqual(full);
    }
    expect(personas).toBeGreaterThan(50);
  });

  it('on sentences built from the openers, leaders and roles', () => {
    let personas = 0;
    let marked = 0;
    for (const s of generatedSentences(8_000, 14)) {
      const full = parsePersonaSentence(s, false);
      if (full) personas++;
      if (/[:\u2013\u2014-]/.test(s)) marked++;
      expect(parsePersonaSentence(s), s).toEqual(full);
    }
    expect(personas).toBeGreaterThan(1_500);
    expect(marked).toBeGreaterThan(2_000);
  });

  it('reads a definition after a label or a dash', () => {
    expect(parsePersonaSentence('**Voice**: You are Max, a friendly barista.')).toMatchObject({ name: 'max', nameText: 'Max' });
    expect(parsePersonaSentence("Let's play a game - You are a grumpy innkeeper.")?.role?.head).toBe('innkeep');
    expect(parsePersonaSentence('Identity — you are a patient tutor.')?.role?.head).toBe('tutor');
    // a label that marks an example is no leader
    expect(parsePersonaSentence('Example: You are a pirate.')).toBeNull();
  });
});

describe('persona reader: the first words follow the lexicon', () => {
  it('a leader added to rules/data/personas.json opens a definition', async () => {
    const edited = structuredClone(lexicon);
    edited.leaders = [...edited.leaders, 'meanwhile'];
    vi.resetModules();
    vi.doMock('../../rules/data/personas.json', () => ({ default: edited }));
    try {
      const fresh = await import('../../rules/lib/personas.js');
      expect(fresh.parsePersonaSentence('Meanwhile, you are a pastry chef.')?.role?.head).toBe('chef');
      // the real lexicon has no such leader
      expect(parsePersonaSentence('Meanwhile, you are a pastry chef.')).toBeNull();
    } finally {
      vi.doUnmock('../../rules/data/personas.json');
      vi.resetModules();
    }
  });
});
