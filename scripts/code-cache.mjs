#!/usr/bin/env node
// Writes dist/prompt-lint.cjs.cache, V8's compiled code of the CLI's CommonJS bundle
// (server/src/cli/code-cache.ts): runs the bundle once in this process, as bin/prompt-lint.js does
// (same V8 flags, set first), over examples/ with the output discarded, then saves the code of every
// function that ran. Run by `npm run build` last (the token tables must exist: the run counts tokens).
// Without the bundle (esbuild unavailable) there is nothing to cache, and the CLI starts as before.
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/prompt-lint.cjs');
const compiled = (rel) => import(pathToFileURL(path.join(root, 'dist/server/src/cli', rel)).href);
if (!fs.existsSync(bundle)) {
  console.error('code cache skipped: no dist/prompt-lint.cjs');
  process.exit(0);
}
try {
  const { tuneV8 } = await compiled('v8-flags.js');
  tuneV8();
  const { codeCacheFile, loadBundledCli, writeCodeCache } = await compiled('code-cache.js');
  const cacheFile = codeCacheFile(bundle);
  fs.rmSync(cacheFile, { force: true });
  const cli = loadBundledCli(bundle, cacheFile);
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  const code = await cli.run(['--concurrency', 'off', 'examples/'], { cwd: root, stdout: sink(), stderr: sink(), stdin: process.stdin });
  if (code === 2) throw new Error('the run over examples/ failed (exit 2)');
  const bytes = writeCodeCache(cli, cacheFile);
  console.log(`code cache: ${path.relative(root, cacheFile)} (${(bytes / 1e6).toFixed(1)} MB)`);
} catch (error) {
  // a missing cache only costs start-up time: say so, do not fail the build
  console.error(`code cache not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}
