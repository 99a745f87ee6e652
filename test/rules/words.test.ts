/**
 * `opening` lets the phrase sets skip a word's stem when no phrase can start with it. That is only
 * sound if every word's Porter stem keeps the word's opening: checked on tricky words, on every word
 * of the lexicons and fixtures, and on every word of the corpus when it is present.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { opening, PhraseSet, stem, tokenize } from '../../rules/lib/words.js';
import { corpusFiles, corpusPresent, readCorpusFile } from '../helpers/corpus.js';
import { REPO } from '../helpers/cli.js';

/** Words whose stems keep the opening, or it is of one letter. */
function violations(words: Iterable<string>): string[] {
  const bad: string[] = [];
  for (const w of words) {
    const s = stem(w);
    const ok = s.length >= 2 ? opening(s) === opening(w) : s.charCodeAt(0) === w.charCodeAt(0);
    if (!ok) bad.push(`${w} → ${s}`);
  }
  return bad;
}

function wordsOf(text: string, into: Set<string>): void {
  for (const t of tokenize(text)) if (t.kind === 'word') into.add(t.lower);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('opening', () => {
  it('is kept by the stems of words that the stemmer rewrites at their start', () => {
    const tricky = ['eyed', 'eye', 'ies', 'ied', 'says', 'say', 'may', 'any', 'happy', 'sky', 'yes', 'ay', 'by', 'flying', 'dying', 'lying', 'agreed', 'feed', 'a', 'i'];
    expect(violations(tricky)).toEqual([]);
    // the one rewrite of a second letter: "y" stems to "i", and `opening` reads them alike
    expect(stem('eyed')).toBe('ei');
    expect(opening('eyed')).toBe(opening('ei'));
    expect(opening('eyed')).not.toBe(opening('ed'));
  });

  it('is kept by the stems of every word of the lexicons and fixtures', () => {
    const words = new Set<string>();
    for (const f of [...filesUnder(path.join(REPO, 'rules/data')), ...filesUnder(path.join(REPO, 'fixtures'))]) wordsOf(fs.readFileSync(f, 'utf8'), words);
    expect(words.size).toBeGreaterThan(2000);
    expect(violations(words)).toEqual([]);
  });

  it.skipIf(!corpusPresent)('is kept by the stems of every word of the corpus', () => {
    const words = new Set<string>();
    for (const f of corpusFiles()!) wordsOf(readCorpusFile(f), words);
    expect(words.size).toBeGreaterThan(40_000);
    expect(violations(words)).toEqual([]);
  }, 120_000);
});

describe('PhraseSet', () => {
  it('finds what a plain comparison of every stem finds', () => {
    const phrases = ['eye', 'run tests', 'say', 'ies', '=json', 'be concise', 'i', 'any', 'happy users', 'do not'];
    const set = new PhraseSet<string>();
    for (const p of phrases) set.add(p, p);
    const wanted = phrases.map((p) => ({ p, words: p.split(' ').map((w) => (w.startsWith('=') ? w : stem(w))) }));
    const text = 'Eyed the eye; ran and running tests, said nothing, says JSON! Be concise, ies: any happier users, I do NOT say any.';
    const tokens = tokenize(text);
    // the reference: at each token, the longest phrase whose every word matches
    const reference: [string, string][] = [];
    for (let i = 0; i < tokens.length; i++) {
      const hits = wanted.filter(({ words }) => words.every((w, k) => tokens[i + k] && (w.startsWith('=') ? tokens[i + k]!.lower === w.slice(1) : tokens[i + k]!.stem === w)));
      if (!hits.length) continue;
      const best = hits.sort((a, b) => b.words.length - a.words.length)[0]!;
      reference.push([tokens[i]!.raw, best.p]);
      i += best.words.length - 1;
    }
    const found = set.matchAll(tokens).map((m) => [tokens[m.index]!.raw, m.value]);
    expect(found).toEqual(reference);
    expect(found.length).toBeGreaterThanOrEqual(8);
  });

  it('finds the phrases of a set made after its words were looked up (the start bits are remembered per word)', () => {
    const text = 'Quibble the zebras gently, then quibbling zebras rest; write it as YAMLish.';
    const before = new PhraseSet<string>();
    before.add('rest', 'rest');
    // every word of the text is looked up, and its bits remembered, before the second set exists
    expect(before.matchAll(tokenize(text)).map((m) => m.value)).toEqual(['rest']);
    const after = new PhraseSet<string>();
    after.add('quibble zebra', 'by stem');
    after.add('=yamlish', 'as written');
    expect(after.matchAll(tokenize(text)).map((m) => m.value)).toEqual(['by stem', 'as written']);
    // and the first set still finds its own
    expect(before.matchAll(tokenize(text)).map((m) => m.value)).toEqual(['rest']);
  });
});

describe('tokenize', () => {
  // ASCII words and punctuation are read without the pattern: the tokens must be the pattern's
  const pattern = /(`+)[^`]*?\1|\d[\d,]*(?:\.\d+)?k?\b|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['\u2019-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
  const tokensOf = (text: string) => tokenize(text).map((t) => [t.raw, t.start]);
  const expected = (text: string) => [...text.matchAll(pattern)].map((m) => [m[0], m.index]);

  it('finds the tokens a global search of the token pattern finds, with their offsets', () => {
    const texts = [
      "Don't use `npm test` -- use ``a ` b`` instead; 1,500 words (2.5k max).",
      'Emoji 😀 and math 𝟙𝟚 digits ٣ and x² here\u00a0and\u2009there — “quoted” café naïve',
      '  leading\tand trailing  ',
      '',
      'a',
      "state-of-the-art x86-64 e-mail rock'n'roll well- -dash 'quoted' it's- a--b foo_bar A1b2 3rd 10x",
      'don\u2019t word\u2019s \u2019tis end\u2019 abc\u0301def cafe\u0301 ab\u00e9 x\u2019\u00e9t\u00e9 a-\u00e9 ab\u00b2',
      'Tabs\u0001and\u001fcontrols\u007f, @mentions #tags $vars {braces} [links](url) <tags/> ~tilde ^caret |pipe|',
    ];
    for (const text of texts) expect(tokensOf(text)).toEqual(expected(text));
  });

  it.skipIf(!corpusPresent)('finds them in every line of the corpus', () => {
    let lines = 0;
    for (const f of corpusFiles()!) {
      for (const line of readCorpusFile(f).split('\n')) {
        lines++;
        const got = tokensOf(line);
        const want = expected(line);
        if (got.length !== want.length || got.some((t, i) => t[0] !== want[i]![0] || t[1] !== want[i]![1])) expect({ line, got }).toEqual({ line, got: want });
      }
    }
    expect(lines).toBeGreaterThan(100_000);
  }, 120_000);
});
