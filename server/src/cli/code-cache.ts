/**
 * The CLI's bundle compiled with V8's code cache (docs/performance.md, "Twelfth session"). A cold
 * `prompt-lint` spends a fifth of its CPU compiling: the bundle's top level at load, then each
 * function the first time it runs. `scripts/code-cache.mjs` (the last build step) runs the CLI once
 * on examples/ and saves V8's compiled code of every function that ran (`createCachedData` after the
 * run) beside the bundle; a later start hands it to V8, which then compiles none of those functions.
 *
 * The bundle is CommonJS (`dist/prompt-lint.cjs`, scripts/bundle.mjs) because Node 20 has no code
 * cache for ES modules; `import.meta.url` in it reads `__plMetaUrl`, which the wrapper passes.
 *
 * A cache is used only for the bundle it was made from: the file starts with the bundle's length and
 * CRC-32 (as client/src/load-bundle.ts names the server's caches), checked before V8 sees the data
 * (V8 itself checks only the text's length, its own version and its flags, and rejects the data when
 * those differ: Node upgraded, other flags).
 * The file is named by the runtime (`dist/prompt-lint.cjs.x64-v8-11.3.244.8-node.25.cache`), so that
 * Node versions side by side (nvm) each keep theirs. A missing, stale or rejected cache costs
 * nothing but the compile it would have saved; when there is none for this runtime, or it was made
 * from another bundle, the CLI writes one after its run (`refreshCodeCache`) where it may write.
 * The npm package ships none (package.json `files`): an install makes its own at its first run.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';
import type { run as runCli } from './main.js';

export interface BundledCli {
  readonly run: typeof runCli;
  /** The compiled bundle: `createCachedData()` after a run gives the cache to save. */
  readonly script: vm.Script;
  /** Whether V8 used the cache: 'used', 'rejected' (by V8), 'stale' (another bundle's), 'none' (no file). */
  readonly cache: 'used' | 'rejected' | 'stale' | 'none';
  /** The bundle's length and CRC-32 (16 hex digits), the cache file's header. */
  readonly hash: string;
}

const HASH_BYTES = 16;

/** The bundle's length and CRC-32 as 16 hex digits (native CRC-32, ~1 ms per MB). */
function bundleStamp(bytes: Buffer): string {
  return (bytes.length >>> 0).toString(16).padStart(8, '0') + (zlib.crc32(bytes) >>> 0).toString(16).padStart(8, '0');
}

/** The cache file of a bundle for this runtime (V8 accepts a cache only from its own version). */
export function codeCacheFile(bundle: string): string {
  return `${bundle}.${process.arch}-v8-${process.versions.v8.replace(/[^\w.-]/g, '_')}.cache`;
}

/** Compiles and runs the CommonJS bundle of the CLI (with its code cache when it matches) and returns its `run`. */
export function loadBundledCli(bundle: string, cacheFile = codeCacheFile(bundle)): BundledCli {
  const bytes = fs.readFileSync(bundle);
  const source = bytes.toString('utf8');
  const hash = bundleStamp(bytes);
  let cachedData: Buffer | undefined;
  let cache: BundledCli['cache'] = 'none';
  try {
    const data = fs.readFileSync(cacheFile);
    if (data.subarray(0, HASH_BYTES).toString('latin1') === hash) cachedData = data.subarray(HASH_BYTES);
    else cache = 'stale';
  } catch {
    // no cache: compile as usual
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __plMetaUrl) {${source}\n})`, { filename: bundle, cachedData });
  if (cachedData) cache = script.cachedDataRejected ? 'rejected' : 'used';
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as { run?: typeof runCli } };
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), pathToFileURL(bundle).href);
  if (typeof module.exports.run !== 'function') throw new Error(`${bundle} does not export run`);
  return { run: module.exports.run, script, cache, hash };
}

/** Saves V8's compiled code of the bundle (after a run, so that it holds every function that ran), atomically. */
export function writeCodeCache(cli: BundledCli, cacheFile: string): number {
  const data = Buffer.concat([Buffer.from(cli.hash, 'latin1'), cli.script.createCachedData()]);
  const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, cacheFile);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return data.length;
}

/**
 * After a run: writes the cache when this runtime had none, or one of another bundle, and the
 * bundle's folder is writable (an install owned by root is left alone). Not when V8 rejected the
 * cache, which with the same V8 means other flags (`NODE_OPTIONS`): runs with and without them would
 * overwrite each other's cache on every run. Never fails the run.
 */
export function refreshCodeCache(cli: BundledCli, cacheFile: string): void {
  if (cli.cache !== 'none' && cli.cache !== 'stale') return;
  try {
    fs.accessSync(path.dirname(cacheFile), fs.constants.W_OK);
    writeCodeCache(cli, cacheFile);
  } catch {
    // not writable, or the write failed: the next run compiles, as this one did
  }
}
