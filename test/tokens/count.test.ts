/** Chunked, cached counting and attribution. */
import { beforeEach, describe, expect, it } from 'vitest';
import { getEncoder } from '../../server/src/tokens/encodings.js';
import {
  attributeTokens,
  chunkBoundaries,
  clearTokenCache,
  countTokens,
  tokenCacheStats,
} from '../../server/src/tokens/index.js';
import { ENCODINGS, refCount, refTokenStarts, rng } from './helpers.js';

/** A ~90 KB prompt-like document with paragraphs, CRLF, code, lists, slashes and CJK. */
function bigDocument(seed = 1): string {
  const rand = rng(seed);
  const paras = [
    '# Role\n\nYou are a meticulous assistant. Always cite sources; never invent facts.',
    '## Rules\r\n\r\n- Be concise.\r\n- Use **bold** for key terms.\r\n- Refuse unsafe requests.',
    '```ts\nexport function f(x: number): number {\n  return x * 2; // double\n}\n```',
    '/path/at/line/start\n/another/path\n// comment-like line',
    '中文段落没有空格。日本語の段落です。\n한국어 문단입니다.',
    'Emoji 😀👍🏽 and <|endoftext|> inside a paragraph, then    spaces   and\ttabs.',
    '   indented paragraph after a blank line\n\tand a tab-indented one',
    '1. First\n2. Second\n3. Third with a URL https://example.com/a/b?c=d#e',
  ];
  const parts: string[] = [];
  let size = 0;
  while (size < 90_000) {
    const p = paras[Math.floor(rand() * paras.length)]!;
    const sep = ['\n\n', '\n', '\r\n\r\n', '\n\n\n', '\n  \n'][Math.floor(rand() * 5)]!;
    parts.push(p + sep);
    size += p.length + sep.length;
  }
  return parts.join('');
}

beforeEach(() => clearTokenCache());

describe('chunk boundaries', () => {
  it('start at 0, end at the length, and cut only at safe points', () => {
    const text = bigDocument();
    const b = chunkBoundaries(text);
    expect(b[0]).toBe(0);
    expect(b.at(-1)).toBe(text.length);
    expect(b.length).toBeGreaterThan(10); // 90 KB is really split
    for (let k = 1; k < b.length - 1; k++) {
      const i = b[k]!;
      expect(text[i - 1]).toBe('\n');
      expect(text[i]).toMatch(/[^\s/]/);
      expect(i).toBeGreaterThan(b[k - 1]!);
    }
  });

  it('small texts are one chunk', () => {
    expect(chunkBoundaries('short\n\ntext')).toEqual([0, 11]);
    expect(chunkBoundaries('')).toEqual([0, 0]);
  });

  it('a text without blank lines is still cut at line breaks once chunks grow large', () => {
    const text = 'line of text\n'.repeat(10_000);
    const b = chunkBoundaries(text);
    expect(b.length).toBeGreaterThan(3);
  });

  it('a text without line breaks is one chunk', () => {
    expect(chunkBoundaries('x'.repeat(100_000))).toEqual([0, 100_000]);
  });
});

describe.each(ENCODINGS)('chunked counting, %s', (enc) => {
  it('sum of chunks == whole-text count == js-tiktoken on a 90 KB document', () => {
    const text = bigDocument();
    const b = chunkBoundaries(text);
    const core = getEncoder(enc);
    let sum = 0;
    for (let k = 0; k + 1 < b.length; k++) sum += core.count(text.slice(b[k], b[k + 1]));
    const whole = core.count(text);
    expect(sum).toBe(whole);
    expect(countTokens(text, enc)).toBe(whole);
    expect(whole).toBe(refCount(text, enc));
  });

  it('cutting elsewhere is not safe (why the cut rule excludes whitespace and "/")', () => {
    const core = getEncoder(enc);
    const split = (t: string, i: number) => core.count(t.slice(0, i)) + core.count(t.slice(i));
    // Before a line break that follows a line break: "\n\n\n\n" is one pre-token.
    expect(split('a\n\n\n\nb', 2)).not.toBe(core.count('a\n\n\n\nb'));
    if (enc === 'o200k_base') {
      // o200k's punctuation pre-token ` ?[^\s\p{L}\p{N}]+[\r\n/]*` runs over "\n" into "/".
      expect(split('end.\n//', 5)).not.toBe(core.count('end.\n//'));
    }
  });

  it('re-counting a lightly edited document only encodes the changed chunk', () => {
    const text = bigDocument(2);
    const first = countTokens(text, enc);
    expect(first).toBe(refCount(text, enc));
    const mid = text.indexOf('Be concise.', text.length / 2);
    expect(mid).toBeGreaterThan(0);
    const edited = text.slice(0, mid) + 'Be very concise.' + text.slice(mid + 'Be concise.'.length);
    const before = tokenCacheStats();
    const second = countTokens(edited, enc);
    const after = tokenCacheStats();
    expect(second).toBe(refCount(edited, enc));
    expect(after.misses - before.misses).toBe(1);
    expect(after.encodedChars - before.encodedChars).toBeLessThan(20_000);
    expect(after.hits - before.hits).toBeGreaterThan(10);
  });

  it('attributing a text after counting it encodes nothing again, with the reference starts', () => {
    const text = bigDocument(3);
    const cuts = [0, Math.floor(text.length / 3), Math.floor(text.length / 2)];
    expect(countTokens(text, enc)).toBe(refCount(text, enc));
    const before = tokenCacheStats();
    expect(attributeTokens(text, enc, cuts)).toEqual(refAttribution(text, enc, cuts));
    const after = tokenCacheStats();
    expect(after.misses - before.misses).toBe(0);
    expect(after.encodedChars - before.encodedChars).toBe(0);
  });
});

describe('cache bounds', () => {
  it('keeps at most 20,000 entries', () => {
    for (let i = 0; i < 20_100; i++) countTokens(`entry ${i}`, 'o200k_base');
    expect(tokenCacheStats().entries).toBeLessThanOrEqual(20_000);
    // The oldest entry was evicted: counting it again is a miss, and still correct.
    const before = tokenCacheStats().misses;
    expect(countTokens('entry 0', 'o200k_base')).toBe(refCount('entry 0', 'o200k_base'));
    expect(tokenCacheStats().misses).toBe(before + 1);
  });
});

/** Expected attribution computed from js-tiktoken's tokens. */
function refAttribution(text: string, enc: (typeof ENCODINGS)[number], cuts: number[]): number[] {
  const starts = refTokenStarts(text, enc);
  const out = new Array<number>(Math.max(1, cuts.length)).fill(0);
  for (const s of starts) {
    let b = 0;
    while (b + 1 < cuts.length && s >= cuts[b + 1]!) b++;
    out[b]!++;
  }
  return out;
}

describe.each(ENCODINGS)('attribution, %s', (enc) => {
  it('hand-made ASCII cases', () => {
    // "Hello" | " world" | "!" in both encodings.
    const text = 'Hello world!';
    expect(attributeTokens(text, enc, [0, 5, 11])).toEqual([1, 1, 1]);
    expect(attributeTokens(text, enc, [0, 6])).toEqual([2, 1]); // " world" starts at 5
    expect(attributeTokens(text, enc, [3])).toEqual([3]); // first bucket starts at 0
    expect(attributeTokens(text, enc, [0, 0, 12])).toEqual([0, 3, 0]);
    expect(attributeTokens(text, enc, [])).toEqual([3]);
    expect(attributeTokens('', enc, [0, 0])).toEqual([0, 0]);
  });

  it('tokens are attributed by their start, including inside surrogate pairs', () => {
    const text = 'ab 😀😀 cd 🇫🇷 é日本';
    const total = countTokens(text, enc);
    for (let cut = 0; cut <= text.length; cut++) {
      const got = attributeTokens(text, enc, [0, cut]);
      expect(got).toEqual(refAttribution(text, enc, [0, cut]));
      expect(got[0]! + got[1]!).toBe(total);
    }
  });

  it('matches js-tiktoken starts on random cuts of a large document and sums to the total', () => {
    const text = bigDocument(3);
    const rand = rng(9);
    const total = refCount(text, enc);
    for (let t = 0; t < 5; t++) {
      const cuts = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * text.length)).sort((a, b) => a - b);
      const got = attributeTokens(text, enc, cuts);
      expect(got).toEqual(refAttribution(text, enc, cuts));
      expect(got.reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('rejects unsorted cuts', () => {
    expect(() => attributeTokens('abc', enc, [2, 1])).toThrow(RangeError);
  });
});
