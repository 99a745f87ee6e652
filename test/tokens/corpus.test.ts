/**
 * The real corpus (../shared/corpus, not in the repo): for every file and both encodings,
 * sum of chunk counts == whole-text count == js-tiktoken's count, and attribution sums to the
 * total. The full corpus takes ~60 s here (js-tiktoken is the slow part), so by default a
 * deterministic sample is checked: the 20 largest files plus every 10th (~300 files).
 * TOKENS_CORPUS=full checks every file; bench/tokenizers.mjs always runs the full check.
 */
import { describe, expect, it } from 'vitest';
import { getEncoder } from '../../server/src/tokens/encodings.js';
import { attributeTokens, chunkBoundaries, countTokens, tokenStartOffsets } from '../../server/src/tokens/index.js';
import { corpusFiles, corpusRoot, ENCODINGS, readCorpusFile, refCount, refTokenStarts, type CorpusFile } from './helpers.js';

const all = corpusFiles();

function selection(files: CorpusFile[]): CorpusFile[] {
  if (process.env.TOKENS_CORPUS === 'full') return files;
  const largest = [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 20);
  const picked = new Set(largest);
  files.forEach((f, i) => {
    if (i % 10 === 0) picked.add(f);
  });
  return files.filter((f) => picked.has(f));
}

describe.skipIf(!all)('corpus', () => {
  if (!all) {
    it.skip(`corpus not found at ${corpusRoot} (MANIFEST.tsv); skipping the corpus checks`, () => {});
    return;
  }
  const files = selection(all);
  const texts = new Map<CorpusFile, string>();
  const text = (f: CorpusFile) => {
    let t = texts.get(f);
    if (t === undefined) {
      t = readCorpusFile(f);
      texts.set(f, t);
    }
    return t;
  };

  it.each(ENCODINGS)(
    `%s: chunk sum == whole == js-tiktoken on ${files.length} files`,
    (enc) => {
      const core = getEncoder(enc);
      const mismatches: string[] = [];
      let tokens = 0;
      for (const f of files) {
        const t = text(f);
        const ref = refCount(t, enc);
        const whole = core.count(t);
        const b = chunkBoundaries(t);
        let sum = 0;
        for (let k = 0; k + 1 < b.length; k++) sum += core.count(t.slice(b[k], b[k + 1]));
        const cached = countTokens(t, enc);
        if (ref !== whole || sum !== whole || cached !== whole) mismatches.push(`${f.path}: ref ${ref} whole ${whole} chunks ${sum} cached ${cached}`);
        tokens += ref;
      }
      expect(mismatches).toEqual([]);
      expect(tokens).toBeGreaterThan(files.length);
    },
    600_000,
  );

  it.each(ENCODINGS)(
    '%s: token starts equal js-tiktoken and attribution sums to the total (5 largest + every 50th file)',
    (enc) => {
      const largest = new Set([...all].sort((a, b) => b.bytes - a.bytes).slice(0, 5));
      const sample = all.filter((f, i) => largest.has(f) || i % 50 === 0);
      for (const f of sample) {
        const t = text(f);
        const starts = tokenStartOffsets(t, enc);
        expect([...starts], f.path).toEqual(refTokenStarts(t, enc));
        // Cuts at every 7th line start.
        const cuts = [0];
        let line = 0;
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) if (++line % 7 === 0) cuts.push(i + 1);
        const parts = attributeTokens(t, enc, cuts);
        expect(parts.reduce((a, c) => a + c, 0), f.path).toBe(starts.length);
      }
    },
    600_000,
  );
});
