/**
 * Lazily built encoders for the two exact encodings. Only the encoding actually used is loaded,
 * on first use: its binary rank table is read from the on-disk cache, or built from the table
 * shipped in the package (`dist/tokens/`, written by `npm run build`; shipped.ts) and cached, or in
 * a checkout without a build from gpt-tokenizer's vocabulary files (cache.ts, table.ts,
 * docs/tokens.md). gpt-tokenizer is a build-time dependency: an installed package never needs it.
 */
import { BpeCore } from './bpe.js';
import { cacheDir, gptTokenizerOrigin, loadRankTable, type TableLoad, type TableSource } from './cache.js';
import { shippedOrigin, shippedTableFile } from './shipped.js';
import type { EncodingName } from './types.js';
import { PACKAGE_ROOT } from '../version.js';

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

/**
 * The rank table of `name`: from the package's shipped table (shipped.ts) through the token cache,
 * else (a checkout before its first build) from gpt-tokenizer's vocabulary through the cache.
 */
function loadTable(name: EncodingName): TableLoad {
  const shipped = shippedOrigin(name, PACKAGE_ROOT);
  let shippedError: string | undefined;
  if (shipped) {
    try {
      return loadRankTable(name, shipped, cacheDir(shipped));
    } catch (error) {
      shippedError = error instanceof Error ? error.message : String(error);
    }
  }
  try {
    const origin = gptTokenizerOrigin(name);
    return loadRankTable(name, origin, cacheDir(origin));
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const file = shippedTableFile(name, PACKAGE_ROOT);
    throw new Error(`The token table of ${name} ${shippedError ? `is invalid (${shippedError})` : `is missing (${file})`} and cannot be built without gpt-tokenizer (${why}): reinstall prompt-lint, or run \`npm run build\` in a checkout.`);
  }
}

const cores = new Map<EncodingName, BpeCore>();
const loads = new Map<EncodingName, EncoderLoadInfo>();

/** How an encoder was loaded (for diagnostics, the bench and tests). */
export interface EncoderLoadInfo {
  /** 'shipped': the package's table; 'cache': the binary cache file; otherwise built from gpt-tokenizer's files. */
  readonly source: TableSource;
  readonly file?: string;
  /** True when the built table was written to the cache. */
  readonly written: boolean;
  readonly note?: string;
  /** Wall time to get the rank table, ms (the BPE core's own set-up is ~1 ms more). */
  readonly ms: number;
}

/**
 * The encoder for `name`, built on first call: a few ms from the binary cache, ~50–70 ms for
 * o200k_base on a cache miss or without a writable cache (docs/tokens.md#loading-an-encoding).
 */
export function getEncoder(name: EncodingName): BpeCore {
  let core = cores.get(name);
  if (!core) {
    const pattern = PATTERNS[name];
    if (pattern === undefined) throw new Error(`Unknown encoding: ${String(name)} (known: ${ENCODINGS.join(', ')})`);
    const { table, ...info } = loadTable(name);
    core = new BpeCore(table, pattern);
    cores.set(name, core);
    loads.set(name, info);
  }
  return core;
}

/** How `name` was loaded, once it has been. */
export function encoderLoadInfo(name: EncodingName): EncoderLoadInfo | undefined {
  return loads.get(name);
}

/** True once `name` has been loaded (for diagnostics and tests of lazy loading). */
export function isEncoderLoaded(name: EncodingName): boolean {
  return cores.has(name);
}
