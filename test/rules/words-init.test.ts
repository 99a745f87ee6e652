// What the lexicons ask of rules/lib/words.ts while the rules load is computed at build time
// (scripts/words-init.mjs → rules/lib/words-init.generated.ts, issue 13.16). The committed table
// must be what rules/data gives today, and every entry must be what words.ts computes without it.
import fs from 'node:fs';
import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { WORDS_INIT } from '../../rules/lib/words-init.generated.js';
import { tokenize, wordTrieSource } from '../../rules/lib/words.js';
// @ts-expect-error: a plain .mjs script without types
import { GENERATED, generateWordsInit } from '../../scripts/words-init.mjs';

describe('the lexicons\' words computed at build time', () => {
  it('are up to date with the rules and rules/data (run `npm run build` after editing a lexicon)', async () => {
    const fresh = await (generateWordsInit as () => Promise<string>)();
    // a readable failure: which part differs, not 74 KB of text
    const parse = (text: string) => JSON.parse(JSON.parse(text.slice(text.indexOf('JSON.parse(') + 'JSON.parse('.length, text.lastIndexOf(')'))) as string) as typeof WORDS_INIT;
    const committed = parse(fs.readFileSync(GENERATED as string, 'utf8'));
    const now = parse(fresh);
    expect(Object.keys(committed.phrases).length).toBeGreaterThan(500);
    expect(Object.keys(committed.tries).length).toBeGreaterThan(0);
    for (const part of ['stems', 'phrases', 'tries'] as const) expect(committed[part], part).toEqual(now[part]);
    expect(fs.readFileSync(GENERATED as string, 'utf8') === fresh).toBe(true);
  }, 60_000);

  it('hold the Porter stems the stemmer package gives', () => {
    const wrong = Object.entries(WORDS_INIT.stems).filter(([word, s]) => s !== (/^[a-z]+$/.test(word) ? stemmer(word) : word));
    expect(wrong).toEqual([]);
    const wrongPhrases = Object.entries(WORDS_INIT.phrases).filter(([phrase, stems]) => {
      const words = tokenize(phrase).filter((t) => t.kind !== 'punct');
      const want = words.map((t) => (t.kind === 'word' && /^[a-z]+$/.test(t.lower) ? stemmer(t.lower) : t.lower));
      return JSON.stringify(stems) !== JSON.stringify(want);
    });
    expect(wrongPhrases).toEqual([]);
  });

  it('hold the trie sources words.ts builds (the same words in another order are not in the table)', () => {
    for (const [key, source] of Object.entries(WORDS_INIT.tries)) {
      const words = key.split('\u0000');
      expect(words.length).toBeGreaterThan(10);
      const reversed = [...words].reverse();
      expect(wordTrieSource(reversed)).toBe(source);
      const re = new RegExp(source, 'i');
      for (const w of words) expect(re.test(` ${w} `), w).toBe(true);
    }
  });
});
