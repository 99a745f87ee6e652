#!/usr/bin/env node
// Writes the token tables that the package ships, dist/tokens/<encoding>.tokens (server/src/tokens/
// shipped.ts; docs/tokens.md#loading-an-encoding): an installed prompt-lint counts from them and
// needs no gpt-tokenizer (a build-time dependency, 30 MB on disk). Built from gpt-tokenizer's
// vocabulary (through the token cache in node_modules/.cache/prompt-lint, so a rebuild takes ms),
// then loaded once as a run would, which also warms the cache of their indexed form.
// Run by `npm run build` after tsc; `client/esbuild.mjs` copies them into the extension.
// A failure fails the build: without these files an install without gpt-tokenizer cannot count.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = (rel) => import(pathToFileURL(path.join(root, 'dist/server/src/tokens', rel)).href);
try {
  const { ENCODINGS, getEncoder, encoderLoadInfo } = await compiled('encodings.js');
  const { cacheDir, gptTokenizerOrigin, loadRankTable, writeFileAtomic } = await compiled('cache.js');
  const { serializeShippedTable, shippedTableFile } = await compiled('shipped.js');
  for (const name of ENCODINGS) {
    const origin = gptTokenizerOrigin(name);
    const { table, source } = loadRankTable(name, origin, cacheDir(origin));
    const file = shippedTableFile(name, root);
    writeFileAtomic(file, serializeShippedTable(table));
    getEncoder(name);
    const load = encoderLoadInfo(name);
    if (load.source !== 'cache' && load.source !== 'shipped') throw new Error(`${name}: the shipped table did not load (${load.note ?? load.source})`);
    console.log(`token tables: ${path.relative(root, file)} (${table.size} tokens, from ${source === 'cache' ? 'the token cache' : `gpt-tokenizer's ${source}`})`);
  }
} catch (error) {
  console.error(`token tables not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
