/**
 * The comparison forms' fast reader classes each ASCII character with one table look-up
 * (`ASCII_CLASS` in rules/lib/comparison-forms.ts, session 15): a letter or digit (lower-cased), the
 * apostrophe, a symbol the key keeps as a word (`$<>=+#%`), the backtick, or a separator. Every
 * printable ASCII character, between words, outside and inside code, must be read as the key built
 * on the slow path reads it, or sent to the slow path; the kept symbols always are.
 */
import { describe, expect, it } from 'vitest';
import { readFast, readKey } from '../../rules/lib/comparison-forms.js';
import { comparisonKey } from '../../rules/lib/normalize.js';
import { stripFiller } from '../../rules/lib/filler.js';
import { protectedRanges } from '../../rules/lib/normalize.js';

const slowRead = (text: string) => {
  const r = readKey(comparisonKey(stripFiller(text, protectedRanges)));
  return { hash: r.hash, words: r.words, n: r.n, bucket: r.bucket };
};
const fastRead = (text: string) => {
  const r = readFast(text);
  return r && { hash: r.hash, words: r.words, n: r.n, bucket: r.bucket };
};

const printable = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k));

describe('comparison forms: the fast reader on every printable ASCII character', () => {
  it('reads it as the key does, or leaves the text to the slow path', () => {
    let fast = 0;
    for (const c of printable) {
      for (const text of [`Keep the cache${c}warm before tests run.`, `Keep the ${c} cache warm before tests run.`, `Run \`make${c}all\` before you commit.`]) {
        const read = fastRead(text);
        if (!read) continue;
        fast++;
        expect(read, JSON.stringify(text)).toEqual(slowRead(text));
      }
    }
    // most characters take the fast path (letters, digits, punctuation, code)
    expect(fast).toBeGreaterThan(200);
  });

  it('sends the symbols the key keeps as words to the slow path, and folds capitals', () => {
    for (const c of '$<>=+#%') expect(fastRead(`Keep the cache ${c} warm before tests run.`), c).toBeUndefined();
    expect(fastRead('KEEP THE CACHE WARM before tests run.')).toEqual(fastRead('keep the cache warm before tests run.'));
    expect(fastRead('Keep the cache warm (before tests run)!')).toEqual(fastRead('Keep the cache warm before tests run'));
  });
});
