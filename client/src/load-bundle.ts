/**
 * Loads one of the server's CommonJS bundles (dist/lsp.js, dist/engine.js) through V8's code cache
 * (issue 13.16). Node 20 has no module compile cache (`module.enableCompileCache` is Node 22), so
 * every start compiled its bundle again, once per thread: 130–250 ms for the 0.95 MB bundle on this
 * machine under load. `vm.Script` with `cachedData` skips that, and a cache written after the first
 * lint also holds the functions the start-up compiled lazily.
 *
 * The cache file is named by the bundle, its length and CRC-32, and the runtime (V8 checks its own
 * version and flags, but of the source only its length). It is read from `$PROMPT_LINT_CODE_CACHE`
 * (the extension points it at its global storage) or beside the bundle; when none fits, the loader
 * writes one once the server's first lint was answered (the start-up and the first lint are then
 * compiled), to the first of those two folders it can write. So the first start after an
 * install compiles, every later one reads the cache. Not shipped in the .vsix: a cache fits one
 * exact runtime (VS Code's Electron is not the Node that packages), and would add 0.7 MB to it.
 * Any failure only costs the time.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

/** Where the extension wants the code cache written (its global storage); `off`: no code cache. */
export const CODE_CACHE_ENV = 'PROMPT_LINT_CODE_CACHE';
/**
 * A missing cache is written when the server says its first lint was answered (the start-up and the
 * first lint are then compiled, and the writing does not compete with them; see WRITE_NOW), else
 * after this many ms.
 */
const WRITE_DELAY_ENV = 'PROMPT_LINT_CODE_CACHE_DELAY_MS';
const DEFAULT_WRITE_DELAY_MS = 10_000;
/** This thread's pending cache writes, run by lint-backend.ts's writeCodeCaches(). */
const WRITE_NOW = Symbol.for('prompt-lint.writeCodeCaches');

/** The cache's file name: the bundle's, its length and CRC-32 (native, ~1 ms per MB; SHA-1 before Node 20.15), and the runtime's V8. */
export function codeCacheName(bundle: string, source: Buffer): string {
  const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const crc = crc32 ? (crc32(source) >>> 0).toString(16).padStart(8, '0') : (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(source).digest('hex').slice(0, 12);
  return `${path.basename(bundle, '.js')}.${source.length.toString(16)}-${crc}.${process.arch}-v8-${process.versions.v8.replace(/[^\w.-]/g, '_')}.v8cache`;
}

function cacheDirs(bundle: string): string[] {
  const fromEnv = process.env[CODE_CACHE_ENV];
  return [...(fromEnv ? [path.resolve(fromEnv)] : []), path.dirname(bundle)];
}

function readCache(dirs: readonly string[], name: string): Buffer | undefined {
  for (const dir of dirs) {
    try {
      return fs.readFileSync(path.join(dir, name));
    } catch {
      // not there: the next folder
    }
  }
  return undefined;
}

function writeCache(script: vm.Script, dirs: readonly string[], name: string): void {
  let data: Buffer;
  try {
    data = script.createCachedData();
  } catch {
    return;
  }
  for (const dir of dirs) {
    const file = path.join(dir, name);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, file);
      // the caches of older builds of this bundle (an update of the extension) are of no more use
      const prefix = `${name.split('.')[0]}.`;
      for (const f of fs.readdirSync(dir)) if (f !== name && f.startsWith(prefix) && f.endsWith('.v8cache')) fs.rmSync(path.join(dir, f), { force: true });
      return;
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing to clean
      }
    }
  }
}

/**
 * What the loaders of this thread did, e.g. `lsp.js from the code cache`: read by the server's start-up
 * log line (lint-backend.ts), where a thread's code cache shows as used, missing or rejected.
 */
export const CODE_CACHE_STATUS = Symbol.for('prompt-lint.codeCacheStatus');

function noteStatus(bundle: string, status: string): void {
  const g = globalThis as { [CODE_CACHE_STATUS]?: string[] };
  (g[CODE_CACHE_STATUS] ??= []).push(`${path.basename(bundle)} ${status}`);
}

/** Runs `bundle` (a CommonJS file) as `require` would, compiled from the code cache when one fits; returns its exports. */
export function loadBundle(bundle: string): unknown {
  if (process.env[CODE_CACHE_ENV] === 'off') {
    noteStatus(bundle, 'without code cache');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(bundle) as unknown;
  }
  const bytes = fs.readFileSync(bundle);
  const name = codeCacheName(bundle, bytes);
  const source = bytes.toString('utf8');
  const dirs = cacheDirs(bundle);
  const cachedData = readCache(dirs, name);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  noteStatus(bundle, !cachedData ? 'compiled (no code cache yet)' : script.cachedDataRejected ? 'compiled (code cache rejected)' : 'from the code cache');
  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCache(script, dirs, name);
    };
    const g = globalThis as { [WRITE_NOW]?: (() => void)[] };
    (g[WRITE_NOW] ??= []).push(write);
    const delay = Number(process.env[WRITE_DELAY_ENV] ?? DEFAULT_WRITE_DELAY_MS);
    setTimeout(write, Number.isFinite(delay) ? delay : DEFAULT_WRITE_DELAY_MS).unref();
  }
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const module = { exports: {} as unknown, filename: bundle, id: bundle };
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return module.exports;
}
