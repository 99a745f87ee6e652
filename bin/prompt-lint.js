#!/usr/bin/env node
// Runs the CLI built by `npm run build` (also run by `npm ci` through `prepare`): the bundle when
// it is at least as new as the compiled modules (fast cold start), else the compiled modules, so
// that a plain `tsc` rebuild is never shadowed by a stale bundle.
import fs from 'node:fs';

const bundle = new URL('../dist/prompt-lint.mjs', import.meta.url);
const modules = new URL('../dist/server/src/cli/entry.js', import.meta.url);
const mtime = (url) => fs.statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
await import(mtime(bundle) >= mtime(modules) ? bundle.href : modules.href);
