#!/usr/bin/env node
// Runs the CLI built by `npm run build` (also run by `npm ci` through `prepare`): the bundle when it
// is at least as new as the compiled modules (fast cold start), else the compiled modules, so that
// a plain `tsc` rebuild is never shadowed by a stale bundle. The bundle starts with V8's code cache
// when it has one (dist/prompt-lint.cjs.cache, server/src/cli/code-cache.ts).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/prompt-lint.cjs', import.meta.url);
const modules = new URL('../dist/server/src/cli/entry.js', import.meta.url);
const mtime = (url) => fs.statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (mtime(bundle) >= mtime(modules)) {
  // the V8 flags first: the code cache holds only for the flags it was made with
  const { tuneV8 } = await import('../dist/server/src/cli/v8-flags.js');
  tuneV8();
  const { codeCacheFile, loadBundledCli, refreshCodeCache } = await import('../dist/server/src/cli/code-cache.js');
  const file = fileURLToPath(bundle);
  const cli = loadBundledCli(file);
  process.exitCode = await cli.run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  // none yet for this Node (an install built by another): the next start has one
  refreshCodeCache(cli, codeCacheFile(file));
} else {
  await import(modules.href);
}
