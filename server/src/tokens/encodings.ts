/**
 * Lazily built encoders for the two exact encodings. Only the encoding actually used is loaded,
 * on first use: its binary rank table is read from the tables shipped in the package
 * (`dist/tokens/`, written by `npm run build`), else from the on-disk cache, or built from
 * gpt-tokenizer's vocabulary files and cached (cache.ts, table.ts, docs/tokens.md). gpt-tokenizer
 * is a build-time dependency: an installed package reads only the shipped tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BpeCore } from './bpe.js';
import { cacheDir, cacheFileName, gptTokenizerOrigin, loadRankTable, type TableLoad, type TableSource } from './cache.js';
import { parseRankTable } from './table.js';
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

/** Fingerprint of the tables the build ships (the build makes them from gpt-tokenizer; a test keeps them equal). */
export function shippedFingerprint(name: EncodingName): string {
  return `${name}; shipped by prompt-lint`;
}

/**
 * The shipped table of `name`: `dist/tokens/<name>.v<format>.ranks` in the package root, which is
 * the npm package, or the VS Code extension (client/, whose bundle sits in dist/ too).
 */
export function shippedTableFile(name: EncodingName, root = PACKAGE_ROOT): string {
  return path.join(root, 'dist', 'tokens', cacheFileName(name));
}

/** The shipped table of `name` if it is there and valid (never throws). */
function loadShipped(name: EncodingName): TableLoad | undefined {
  const t0 = performance.now();
  const file = shippedTableFile(name);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const table = parseRankTable(data, shippedFingerprint(name));
  return table ? { table, source: 'shipped', file, written: false, ms: performance.now() - t0 } : undefined;
}

/** The rank table of `name`: shipped, else cached or built from gpt-tokenizer (a dev checkout). */
function loadTable(name: EncodingName): TableLoad {
  const shipped = loadShipped(name);
  if (shipped) return shipped;
  let origin;
  try {
    origin = gptTokenizerOrigin(name);
    return loadRankTable(name, origin, cacheDir(origin));
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`The token table of ${name} is missing or invalid (${shippedTableFile(name)}) and cannot be built without gpt-tokenizer (${why}): reinstall prompt-lint, or run \`npm run build\` in a checkout.`);
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
