/**
 * The CLI's CommonJS bundle and its V8 code cache (server/src/cli/code-cache.ts): the bundle's `run`
 * gives what the compiled modules give; a cache made after a run is used by the next load; a cache of
 * another bundle (its length and CRC-32 header differ) is never handed to V8. Needs `npm run build`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFile, loadBundledCli, refreshCodeCache, writeCodeCache } from '../../server/src/cli/code-cache.js';
import { run } from '../../server/src/cli/main.js';
import { BIN, REPO, cli, tempTree } from '../helpers/cli.js';

const BUNDLE = path.join(REPO, 'dist/prompt-lint.cjs');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  return { stream: new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) }), text: () => out };
}

async function lintWith(runCli: typeof run, cwd: string): Promise<{ code: number; out: string }> {
  const out = capture();
  const err = capture();
  const code = await runCli(['--format', 'json', 'CLAUDE.md'], { cwd, stdout: out.stream, stderr: err.stream, stdin: process.stdin });
  return { code, out: out.text().split(cwd).join('<dir>') };
}

describe('the CLI bundle with its code cache', () => {
  const dir = tempTree({ 'CLAUDE.md': '# Guide\n\nPlease make sure to run the tests.\nAlways answer in English.\nAlways answer in French.\n' });
  temps.push(dir);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-code-cache-'));
  temps.push(cacheDir);
  const cacheFile = path.join(cacheDir, 'cli.cache');

  it('the bundle runs as the compiled modules do, and a cache made after a run is used by the next load', async () => {
    const first = loadBundledCli(BUNDLE, cacheFile);
    expect(first.cache).toBe('none');
    const bundled = await lintWith(first.run, dir);
    const modules = await lintWith(run, dir);
    expect(bundled.out).toContain('filler-phrase');
    expect(bundled).toEqual(modules);

    expect(writeCodeCache(first, cacheFile)).toBeGreaterThan(64);
    const second = loadBundledCli(BUNDLE, cacheFile);
    expect(second.cache).toBe('used');
    expect(await lintWith(second.run, dir)).toEqual(modules);
  });

  it("another bundle's cache is stale: not given to V8, and the bundle still runs", async () => {
    const data = fs.readFileSync(cacheFile);
    data[15] = data[15] === 0x30 ? 0x31 : 0x30; // the last hex digit of the bundle's CRC-32
    const stale = path.join(cacheDir, 'stale.cache');
    fs.writeFileSync(stale, data);
    const loaded = loadBundledCli(BUNDLE, stale);
    expect(loaded.cache).toBe('stale');
    expect((await lintWith(loaded.run, dir)).out).toContain('filler-phrase');
  });

  it('after a run without a cache for this runtime, one is written; a used cache is left as it is', async () => {
    const fresh = path.join(cacheDir, 'fresh.cache');
    const loaded = loadBundledCli(BUNDLE, fresh);
    expect(loaded.cache).toBe('none');
    await lintWith(loaded.run, dir);
    refreshCodeCache(loaded, fresh);
    expect(fs.existsSync(fresh)).toBe(true);
    const written = fs.statSync(fresh).mtimeMs;
    const again = loadBundledCli(BUNDLE, fresh);
    expect(again.cache).toBe('used');
    refreshCodeCache(again, fresh);
    expect(fs.statSync(fresh).mtimeMs).toBe(written);
  });

  it('the build writes the cache beside the bundle, and bin/prompt-lint.js runs the bundle', () => {
    expect(fs.existsSync(codeCacheFile(BUNDLE))).toBe(true);
    expect(fs.readFileSync(BIN, 'utf8')).toContain('dist/prompt-lint.cjs');
    const r = cli(['CLAUDE.md'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/filler-phrase/);
  });
});
