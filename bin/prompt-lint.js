#!/usr/bin/env node
// Runs the CLI built by `npm run build` (also run by `npm ci` through `prepare`): the bundle when
// present (fast cold start), else the compiled modules.
import fs from 'node:fs';

const bundle = new URL('../dist/prompt-lint.mjs', import.meta.url);
await import(fs.existsSync(bundle) ? bundle.href : new URL('../dist/server/src/cli/entry.js', import.meta.url).href);
