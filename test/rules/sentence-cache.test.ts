/** The extractors' sentence caches: off by default (CLI), on in the language server; same results either way. */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDirectives } from '../../rules/lib/format-directives.js';
import { personas } from '../../rules/lib/personas.js';
import { SentenceCache, setSentenceCaches } from '../../rules/lib/sentence-cache.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';

const bloated = fs.readdirSync('fixtures/bloated').filter((f) => f.endsWith('.md'))[0]!;
const text = fs.readFileSync(`fixtures/bloated/${bloated}`, 'utf8');
const doc = () => parseDocument(createSourceFile(`/x/${bloated}`, text));
const plain = (xs: readonly object[]) => xs.map((x) => JSON.stringify(x, (k, v) => (k === 'prompt' || k === 'unit' ? undefined : v)));

afterEach(() => setSentenceCaches(false));

describe('sentence caches', () => {
  it('remember only while turned on, and start empty when switched', () => {
    const cache = new SentenceCache<number>(2);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    setSentenceCaches(true);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    cache.set('b', 2);
    cache.set('c', 3); // over its bound: starts again
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    setSentenceCaches(true);
    expect(cache.get('c')).toBeUndefined();
  });

  it('give the extractors the same results on and off (the second run on read from the cache)', () => {
    const off = { format: plain(formatDirectives(doc())), personas: plain(personas(doc())) };
    expect(off.format.length).toBeGreaterThan(5);
    expect(off.personas.length).toBeGreaterThan(1);
    setSentenceCaches(true);
    for (let run = 0; run < 2; run++) {
      expect(plain(formatDirectives(doc()))).toEqual(off.format);
      expect(plain(personas(doc()))).toEqual(off.personas);
    }
  });
});
