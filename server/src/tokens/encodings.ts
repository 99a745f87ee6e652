/**
 * Lazily built encoders for the two exact encodings. Only the encoding actually used is loaded:
 * its rank table (gpt-tokenizer's data module, ~2.4 MB for o200k) is required on first use.
 */
import { createRequire } from 'node:module';
import { BpeCore, type RawRanks } from './bpe.js';
import type { EncodingName } from './types.js';

/**
 * Unicode White_Space, the meaning of `\s` in tiktoken's Rust regex engine. JavaScript's `\s`
 * differs: it adds U+FEFF (BOM / zero-width no-break space) and lacks U+0085 (NEL), so
 * JavaScript ports that use the patterns verbatim (js-tiktoken, gpt-tokenizer) count text
 * containing those characters differently from OpenAI's tiktoken. We use the Rust meaning.
 */
export const WHITE_SPACE = '\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/**
 * Rewrites a tiktoken pattern written for JavaScript's `\s`/`\S` to Unicode White_Space.
 * Handles the forms the patterns use: `\s`, `\S` and `[^\s…]`.
 */
export function withUnicodeWhiteSpace(pattern: string): string {
  return pattern
    .replace(/\[\^\\s/g, `[^${WHITE_SPACE}`)
    .replace(/\\S/g, `[^${WHITE_SPACE}]`)
    .replace(/\\s/g, `[${WHITE_SPACE}]`);
}

/**
 * tiktoken's pre-tokenizer patterns exactly as js-tiktoken ships them (`pat_str` of
 * `js-tiktoken/ranks/<name>`; a test checks they are identical), before the White_Space rewrite.
 */
const CONTRACTIONS = "'s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D";
export const JS_PATTERNS: Readonly<Record<EncodingName, string>> = {
  o200k_base:
    `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(${CONTRACTIONS})?` +
    `|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(${CONTRACTIONS})?` +
    `|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
  cl100k_base:
    `(${CONTRACTIONS})|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
};

/** The patterns we compile (flags `gu`): JS_PATTERNS with tiktoken's White_Space. */
export const PATTERNS: Readonly<Record<EncodingName, string>> = {
  o200k_base: withUnicodeWhiteSpace(JS_PATTERNS.o200k_base),
  cl100k_base: withUnicodeWhiteSpace(JS_PATTERNS.cl100k_base),
};

export const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

const require = createRequire(import.meta.url);
const cores = new Map<EncodingName, BpeCore>();

function loadRanks(name: EncodingName): RawRanks {
  // Literal specifiers so bundlers can see them; each is required only on first use.
  const mod: { default?: RawRanks } =
    name === 'o200k_base' ? require('gpt-tokenizer/bpeRanks/o200k_base') : require('gpt-tokenizer/bpeRanks/cl100k_base');
  const ranks = mod.default;
  if (!Array.isArray(ranks)) throw new Error(`gpt-tokenizer rank table for ${name} has an unexpected shape`);
  return ranks;
}

/** The encoder for `name`, built on first call (~150–250 ms for o200k_base, see docs/tokens.md). */
export function getEncoder(name: EncodingName): BpeCore {
  let core = cores.get(name);
  if (!core) {
    const pattern = PATTERNS[name];
    if (pattern === undefined) throw new Error(`Unknown encoding: ${String(name)} (known: ${ENCODINGS.join(', ')})`);
    core = new BpeCore(loadRanks(name), pattern);
    cores.set(name, core);
  }
  return core;
}

/** True once `name` has been loaded (for diagnostics and tests of lazy loading). */
export function isEncoderLoaded(name: EncodingName): boolean {
  return cores.has(name);
}
