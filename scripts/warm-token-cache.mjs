#!/usr/bin/env node
// Writes the binary rank tables of both encodings to the token cache (node_modules/.cache/
// prompt-lint/, or $PROMPT_LINT_CACHE_DIR), so that even the first run, or a run by a user who
// cannot write there, loads an encoding in a few ms (docs/tokens.md#loading-an-encoding).
// Run by `npm run build` after tsc. Optional: without it the first run writes the cache itself,
// and a failure here never fails the build.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
try {
  const { ENCODINGS, getEncoder, encoderLoadInfo } = await import(pathToFileURL(path.join(root, 'dist/server/src/tokens/encodings.js')).href);
  for (const name of ENCODINGS) {
    getEncoder(name);
    const info = encoderLoadInfo(name);
    const what = info.source === 'cache' ? 'already cached' : info.written ? `written (built from ${info.source})` : `not written: ${info.note}`;
    const rel = info.file && path.relative(process.cwd(), info.file);
    console.log(`token cache: ${name} ${what}${info.file ? ` (${rel && !rel.startsWith('..') ? rel : info.file})` : ''}`);
  }
} catch (error) {
  console.error(`token cache not warmed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}
