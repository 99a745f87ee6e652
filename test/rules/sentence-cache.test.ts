/**
 * The extractors' sentence caches: they remember only into the memos an engine puts in place (the
 * language server's engines, `EngineOptions.incremental`), none in a CLI run; same results either way.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDirectives } from '../../rules/lib/format-directives.js';
import { personas } from '../../rules/lib/personas.js';
import { SentenceCache, SentenceMemos, withSentenceMemos } from '../../rules/lib/sentence-cache.js';
import { Engine } from '../../server/src/engine/engine.js';
import { IncrementalCaches } from '../../server/src/engine/incremental.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';

const bloated = fs.readdirSync('fixtures/bloated').filter((f) => f.endsWith('.md'))[0]!;
const text = fs.readFileSync(`fixtures/bloated/${bloated}`, 'utf8');
const doc = () => parseDocument(createSourceFile(`/x/${bloated}`, text));
const plain = (xs: readonly object[]) => xs.map((x) => JSON.stringify(x, (k, v) => (k === 'prompt' || k === 'unit' ? undefined : v)));

describe('sentence caches', () => {
  it('remember only into the memos in place, each owner its own, bounded', () => {
    const cache = new SentenceCache<number>(2);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    const mine = new SentenceMemos();
    const other = new SentenceMemos();
    withSentenceMemos(mine, () => {
      cache.set('a', 1);
      expect(cache.get('a')).toBe(1);
    });
    expect(cache.get('a')).toBeUndefined(); // not in place any more
    withSentenceMemos(other, () => expect(cache.get('a')).toBeUndefined());
    withSentenceMemos(mine, () => {
      expect(cache.get('a')).toBe(1);
      cache.set('b', 2);
      cache.set('c', 3); // over its bound: starts again
      expect(cache.get('a')).toBeUndefined();
      expect(cache.get('c')).toBe(3);
    });
    mine.clear();
    withSentenceMemos(mine, () => expect(cache.get('c')).toBeUndefined());
  });

  it('give the extractors the same results with memos and without (the second run read from them)', () => {
    const off = { format: plain(formatDirectives(doc())), personas: plain(personas(doc())) };
    expect(off.format.length).toBeGreaterThan(5);
    expect(off.personas.length).toBeGreaterThan(1);
    const memos = new SentenceMemos();
    for (let run = 0; run < 2; run++) {
      withSentenceMemos(memos, () => {
        expect(plain(formatDirectives(doc()))).toEqual(off.format);
        expect(plain(personas(doc()))).toEqual(off.personas);
      });
    }
  });

  it('are an engine option: an engine with incremental caches fills them while its rules run, one without leaves them alone', () => {
    const caches = new IncrementalCaches();
    const file = `${process.cwd()}/fixtures/bloated/${bloated}`;
    const plainEngine = new Engine({ cwd: process.cwd() });
    const cached = new Engine({ cwd: process.cwd(), incremental: caches });
    const without = plainEngine.lintLoaded(plainEngine.loadText(file, text), false).findings;
    expect(caches.sentences.size).toBe(0);
    expect(caches.blocks.stats().entries).toBe(0);
    const withCaches = cached.lintLoaded(cached.loadText(file, text), false).findings;
    expect(caches.sentences.size).toBeGreaterThan(5);
    expect(caches.blocks.stats().entries).toBeGreaterThan(0);
    expect(withCaches).toEqual(without);
  });
});
