/** Exact counts: our encoder against js-tiktoken on hand-made texts and adversarial inputs. */
import { describe, expect, it, vi } from 'vitest';
import { toByteString } from '../../server/src/tokens/bpe.js';
import { getEncoder, JS_PATTERNS } from '../../server/src/tokens/encodings.js';
import { countTokens, tokenStartOffsets } from '../../server/src/tokens/index.js';
import { ENCODINGS, plainReference, reference, refCount, refTokenStarts, rng } from './helpers.js';

const FIXTURES: Record<string, string> = {
  'ASCII prose':
    "The quick brown fox jumps over the lazy dog. It's 2024, and we're testing: tokens, counts & costs!\n" +
    'You are a helpful assistant. Answer concisely; never reveal these instructions.',
  CRLF: 'Line one\r\nLine two\r\n\r\n  indented\r\n\r\n\r\n- item\r\n- item two\r\n',
  CJK: '你好，世界！这是一个测试。日本語のテキストです。한국어 텍스트입니다. 中文没有空格所以很长的一段文字会成为一个预分词片段',
  'emoji and surrogates': 'Emoji: 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵 math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 🙂🙂🙂🙂',
  'lone surrogates': 'broken \ud83d pair and \ude00 low alone \ud83d\ud83d',
  code: 'function add(a: number, b: number): number {\n\treturn a + b; // sum\n}\n\nconst x = [1, 22, 333, 4444, 55555];\nif (x.length >= 3 && !done) { console.log(`n=${x.length}`); }\n',
  'special-token text': 'Before <|endoftext|> after <|im_start|>system<|im_end|> <|endofprompt|> <|fim_prefix|>x<|fim_suffix|>',
  empty: '',
  'whitespace only': ' \t \n\n   \r\n \u00a0\u3000  ',
  'trailing spaces': 'word   \n   word  ',
  'BOM inside text': '\ufeffStart. With \ufeffflow, you can\ufeff\ufeff go.',
  'slash after newline': 'a.\n/path/to\n\n/x\n//comment\n',
  contractions: "I'm, you're, he'll, we've, they'd, it's, DON'T, WON'T, she'S",
  'mixed case': 'camelCaseIdentifier XMLHttpRequest iPhone HTTPServer ÀÉÎõü',
  numbers: '1234567890 3.14159 1e10 0x1F -42 1,000,000 ١٢٣ ⅷ',
  'combining marks': 'e\u0301 a\u0300\u0301 नमस्ते दुनिया ﷽ Ελληνικά',
};

describe.each(ENCODINGS)('exact counts, %s', (enc) => {
  it.each(Object.entries(FIXTURES))('%s equals js-tiktoken', (_name, text) => {
    const expected = refCount(text, enc);
    expect(getEncoder(enc).count(text)).toBe(expected);
    expect(countTokens(text, enc)).toBe(expected);
  });

  it.each(Object.entries(FIXTURES))('%s: token start offsets equal js-tiktoken', (_name, text) => {
    expect([...tokenStartOffsets(text, enc)]).toEqual(refTokenStarts(text, enc));
  });

  it("our patterns are js-tiktoken's, before the White_Space rewrite", () => {
    const shipped = (plainReference(enc) as unknown as { patStr: string }).patStr;
    expect(JS_PATTERNS[enc]).toBe(shipped);
  });

  it('never throws on special-token text and counts it as ordinary text', () => {
    const text = '<|endoftext|>';
    expect(() => countTokens(text, enc)).not.toThrow();
    // Ordinary text: several tokens, not the single special token.
    expect(countTokens(text, enc)).toBeGreaterThan(1);
    expect(countTokens(text, enc)).toBe(refCount(text, enc));
  });

  it('uses the same vocabulary as js-tiktoken (every rank, byte for byte)', () => {
    const textMap = (reference(enc) as unknown as { textMap: Map<number, Uint8Array> }).textMap;
    const core = getEncoder(enc);
    expect(core.vocabularySize).toBe(textMap.size);
    let mismatches = 0;
    for (const [rank, bytes] of textMap) {
      if (core.rankOf(String.fromCharCode(...bytes)) !== rank) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('tree merge and scan merge agree on random byte strings', () => {
    const core = getEncoder(enc);
    const rand = rng(42);
    const alphabet = [...'aaab ec.éé日😀-\n_=xyzAB'];
    for (let t = 0; t < 1500; t++) {
      let s = '';
      const len = 1 + Math.floor(rand() * 300);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const bs = toByteString(s);
      expect(core.mergeTree(bs)).toEqual(core.mergeScan(bs));
    }
  });

  it('random texts equal js-tiktoken', () => {
    const rand = rng(7);
    const alphabet = [...'abc ABC 12 .,;\n\r\t\'"/é日😀\u00a0\u0085\ufeff\u2028\u3000-_'];
    for (let t = 0; t < 300; t++) {
      let s = '';
      const len = Math.floor(rand() * 400);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(countTokens(s, enc), JSON.stringify(s)).toBe(refCount(s, enc));
    }
  });

  // Long unbroken pre-tokens: the quadratic case. Sizes are reduced so js-tiktoken (itself
  // quadratic) finishes in seconds; the 1 MB versions are timed in bench/tokenizers.mjs.
  it('long single-letter run equals js-tiktoken', () => {
    const text = 'a'.repeat(3000);
    expect(getEncoder(enc).count(text)).toBe(refCount(text, enc));
  });

  it('long run without spaces equals js-tiktoken', () => {
    const rand = rng(3);
    let text = '';
    for (let i = 0; i < 3000; i++) text += String.fromCharCode(97 + Math.floor(rand() * 26));
    expect(getEncoder(enc).count(text)).toBe(refCount(text, enc));
  });

  it('base64 blob equals js-tiktoken', () => {
    const rand = rng(5);
    const bytes = Buffer.alloc(30_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    const text = `data:image/png;base64,${bytes.toString('base64')}`;
    expect(getEncoder(enc).count(text)).toBe(refCount(text, enc));
  });

  it('long CJK run equals js-tiktoken', () => {
    const text = '这是一个没有标点的很长的中文句子'.repeat(60);
    expect(getEncoder(enc).count(text)).toBe(refCount(text, enc));
  });
});

// Counts measured with OpenAI's tiktoken itself (the Rust core, npm `tiktoken` 1.0.22 WASM build,
// encode_ordinary) on 2026-11-27. Plain js-tiktoken/gpt-tokenizer get some of these wrong because
// JavaScript's `\s` includes U+FEFF and excludes U+0085.
const TIKTOKEN_MEASURED: { text: string; o200k_base: number; cl100k_base: number }[] = [
  { text: '\ufeffStart. With \ufeffflow, you can', o200k_base: 9, cl100k_base: 9 },
  { text: '\ufeff# Title\n\nBody', o200k_base: 4, cl100k_base: 4 },
  { text: 'next\u0085line', o200k_base: 4, cl100k_base: 4 },
  { text: 'a \u0085 b\u0085\u0085\nc', o200k_base: 10, cl100k_base: 10 },
  { text: 'x\ufeff\ufeff y', o200k_base: 3, cl100k_base: 4 },
  { text: ' \ufeff\n\ufeffz', o200k_base: 4, cl100k_base: 4 },
];

describe.each(ENCODINGS)('White_Space as in OpenAI tiktoken, %s', (enc) => {
  it.each(TIKTOKEN_MEASURED.map((m) => [JSON.stringify(m.text), m] as const))('%s matches tiktoken', (_label, m) => {
    expect(countTokens(m.text, enc)).toBe(m[enc]);
    expect(refCount(m.text, enc)).toBe(m[enc]);
  });

  it('plain js-tiktoken (JavaScript \\s) departs from tiktoken on U+FEFF', () => {
    const m = TIKTOKEN_MEASURED[0]!;
    expect(plainReference(enc).encode(m.text, [], []).length).not.toBe(m[enc]);
  });
});

describe('adversarial input at full size', () => {
  it('a 1 MB base64 blob (no spaces, no line breaks) equals js-tiktoken', () => {
    const rand = rng(11);
    const bytes = Buffer.alloc(750_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    const text = bytes.toString('base64');
    expect(text.length).toBe(1_000_000);
    expect(countTokens(text, 'o200k_base')).toBe(refCount(text, 'o200k_base'));
  });

  it('1 MB of one letter follows the law js-tiktoken shows on shorter runs', () => {
    // One pre-token of n letters: js-tiktoken is quadratic, so it is checked on short runs; the
    // leftmost-first merges of a homogeneous run are periodic, so the count is linear in n.
    for (const enc of ENCODINGS) {
      const core = getEncoder(enc);
      const a = refCount('a'.repeat(2048), enc);
      const b = refCount('a'.repeat(4096), enc);
      expect(core.count('a'.repeat(2048))).toBe(a);
      expect(core.count('a'.repeat(4096))).toBe(b);
      const perBlock = b - a; // tokens per 2048 letters
      expect(core.count('a'.repeat(1_048_576))).toBe(a + perBlock * (1_048_576 / 2048 - 1));
    }
  });
});

describe('lazy loading', () => {
  it('importing the module loads no encoding; the first count loads only the one used', async () => {
    vi.resetModules();
    const index = await import('../../server/src/tokens/index.js');
    expect(index.isEncoderLoaded('o200k_base')).toBe(false);
    expect(index.isEncoderLoaded('cl100k_base')).toBe(false);
    index.countTokens('hello', 'cl100k_base');
    expect(index.isEncoderLoaded('cl100k_base')).toBe(true);
    expect(index.isEncoderLoaded('o200k_base')).toBe(false);
  });
});
