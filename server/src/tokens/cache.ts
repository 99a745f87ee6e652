/**
 * On-disk cache of the binary rank tables (table.ts): loading an encoding is then one
 * `readFileSync` of a few MB (~3 ms for o200k_base) instead of building the table from
 * gpt-tokenizer's vocabulary files (docs/tokens.md#loading-an-encoding).
 *
 * The cache lives in `<node_modules holding gpt-tokenizer>/.cache/prompt-lint/` (where tools
 * conventionally keep caches), or in `$PROMPT_LINT_CACHE_DIR` when that is set. A file is used
 * only if its header, length, fingerprint (encoding, gpt-tokenizer's version, sizes of its
 * vocabulary files) and CRC-32 all match; otherwise the table is built and the file (re)written
 * atomically (unique temp file + rename, so concurrent processes never read a torn file). When
 * the directory cannot be written (a read-only install), the table built in memory is used and
 * every run pays the build; counts are the same either way.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildRankTable, FORMAT_VERSION, parseRankTable, parseTiktokenRanks, serializeRankTable, type RankTable, type RawRanks } from './table.js';
import type { EncodingName } from './types.js';

const require = createRequire(import.meta.url);

/** Environment variable naming the cache directory (overrides the default location). */
export const CACHE_DIR_ENV = 'PROMPT_LINT_CACHE_DIR';

export interface TableLoad {
  readonly table: RankTable;
  readonly source: TableSource;
  /** The cache file read or written (undefined when there is no usable cache directory). */
  readonly file?: string;
  /** True when a built table was written to the cache. */
  readonly written: boolean;
  /** Why the cache was not used or not written, if it was not. */
  readonly note?: string;
  /** Wall time of the load, ms. */
  readonly ms: number;
}

/** Resolved path of gpt-tokenizer's rank module for `name` (literal specifiers for bundlers). */
function rankModulePath(name: EncodingName): string {
  return name === 'o200k_base' ? require.resolve('gpt-tokenizer/bpeRanks/o200k_base') : require.resolve('gpt-tokenizer/bpeRanks/cl100k_base');
}

function requireRanks(name: EncodingName): RawRanks {
  const mod: { default?: RawRanks } =
    name === 'o200k_base' ? require('gpt-tokenizer/bpeRanks/o200k_base') : require('gpt-tokenizer/bpeRanks/cl100k_base');
  const ranks = mod.default;
  if (!Array.isArray(ranks)) throw new Error(`gpt-tokenizer rank table for ${name} has an unexpected shape`);
  return ranks;
}

/** The package directory that contains `file`: nearest ancestor named `pkg` with a package.json. */
function packageDir(file: string, pkg: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    if (path.basename(dir) === pkg && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Where a table came from: shipped in the package (encodings.ts), the cache file, or built from one of gpt-tokenizer's two forms. */
export type TableSource = 'shipped' | 'cache' | 'tiktoken-file' | 'rank-module';

export interface TableOrigin {
  /** Identifies the vocabulary the table is built from; a cache file must carry the same. */
  readonly fingerprint: string;
  /** Default cache directory: `.cache/prompt-lint` in the node_modules holding gpt-tokenizer. */
  readonly defaultCacheDir?: string;
  /** Builds the table from the vocabulary (the slow path). */
  readonly build: () => { table: RankTable; source: Exclude<TableSource, 'cache'> };
}

/**
 * gpt-tokenizer's vocabulary for `name`. It ships it twice: `data/<name>.tiktoken` (OpenAI's
 * base64 format, ~25 ms to parse into a table) and the `bpeRanks/<name>` module (~65 ms to
 * compile plus ~30 ms to hash; used when the data file is absent or not in the expected form).
 * Both give the same table (a test checks it byte for byte); the fingerprint covers both files.
 */
export function gptTokenizerOrigin(name: EncodingName): TableOrigin {
  let modulePath: string;
  try {
    modulePath = rankModulePath(name);
  } catch {
    // Bundled (the VS Code extension ships no node_modules): the rank module is inside the bundle,
    // there is no data file to read and no node_modules to cache in, so build in memory.
    return { fingerprint: `${name}; bundled`, build: () => ({ table: buildRankTable(requireRanks(name)), source: 'rank-module' }) };
  }
  const dir = packageDir(modulePath, 'gpt-tokenizer');
  let version = 'unknown';
  let tiktokenPath: string | undefined;
  let tiktokenSize: number | undefined;
  if (dir) {
    try {
      version = String((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version);
    } catch {
      // keep 'unknown': the file sizes still tell most upgrades apart
    }
    try {
      tiktokenPath = path.join(dir, 'data', `${name}.tiktoken`);
      tiktokenSize = fs.statSync(tiktokenPath).size;
    } catch {
      tiktokenPath = undefined;
    }
  }
  const fingerprint = `${name}; gpt-tokenizer@${version}; ${path.basename(modulePath)} ${fs.statSync(modulePath).size} B; ${name}.tiktoken ${tiktokenSize ?? '-'} B`;
  const nodeModules = dir ? path.dirname(dir) : undefined;
  const defaultCacheDir = nodeModules && path.basename(nodeModules) === 'node_modules' ? path.join(nodeModules, '.cache', 'prompt-lint') : undefined;
  const build = () => {
    if (tiktokenPath) {
      const table = parseTiktokenRanks(fs.readFileSync(tiktokenPath));
      if (table) return { table, source: 'tiktoken-file' as const };
    }
    return { table: buildRankTable(requireRanks(name)), source: 'rank-module' as const };
  };
  return { fingerprint, defaultCacheDir, build };
}

/** Cache file name of an encoding (the format version is in the name and the header). */
export function cacheFileName(name: EncodingName): string {
  return `${name}.v${FORMAT_VERSION}.ranks`;
}

/** The cache directory in effect: `$PROMPT_LINT_CACHE_DIR` if set and non-empty, else the default. */
export function cacheDir(origin: TableOrigin): string | undefined {
  const env = process.env[CACHE_DIR_ENV];
  return env ? path.resolve(env) : origin.defaultCacheDir;
}

function errorText(error: unknown): string {
  return error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
}

/** Writes `data` to `file` atomically: a unique temp file in the same directory, then rename. */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    throw error;
  }
}

/**
 * Where cache writes go while deferred (deferTableWrites): the language server's lint worker writes
 * them after its first lint was answered, so that serializing and writing 4.5 MB is not on the
 * way to the first diagnostics (issue 13.16, ninth pass).
 */
let deferWrite: ((write: () => void) => void) | undefined;

/**
 * From now on, a table built on a cache miss is written when `schedule` runs the write it is given
 * (at most once per table), not at once; undefined: at once again. The table is the same either way.
 */
export function deferTableWrites(schedule: ((write: () => void) => void) | undefined): void {
  deferWrite = schedule;
}

/**
 * The rank table of `name`: read from `dir` if a valid file is there, else built from `origin`
 * and written to `dir` (best effort; later if deferred, see deferTableWrites). With `dir`
 * undefined the cache is not used at all.
 */
export function loadRankTable(name: EncodingName, origin: TableOrigin, dir: string | undefined): TableLoad {
  const t0 = performance.now();
  const file = dir ? path.join(dir, cacheFileName(name)) : undefined;
  let note: string | undefined;
  if (file) {
    let data: Buffer | undefined;
    try {
      data = fs.readFileSync(file);
    } catch (error) {
      note = `cache miss (${errorText(error)})`;
    }
    if (data) {
      const table = parseRankTable(data, origin.fingerprint);
      if (table) return { table, source: 'cache', file, written: false, ms: performance.now() - t0 };
      note = 'cache file stale or invalid';
    }
  } else {
    note = 'no cache directory';
  }
  const { table, source } = origin.build();
  let written = false;
  if (file && deferWrite) {
    deferWrite(() => {
      try {
        writeFileAtomic(file, serializeRankTable(table, origin.fingerprint));
      } catch {
        // the next start builds it again
      }
    });
    note = `${note ?? 'cache'}; written later`;
  } else if (file) {
    try {
      writeFileAtomic(file, serializeRankTable(table, origin.fingerprint));
      written = true;
    } catch (error) {
      note = `${note ?? 'cache'}; not written (${errorText(error)})`;
    }
  }
  return { table, source, file, written, note, ms: performance.now() - t0 };
}
