#!/usr/bin/env node
// Writes the binary rank tables of both encodings that the package ships, dist/tokens/<encoding>.v1.ranks
// (docs/tokens.md#loading-an-encoding): an installed prompt-lint reads them with one readFileSync
// and needs no gpt-tokenizer (a build-time dependency, 30 MB on disk). Built from gpt-tokenizer's
// vocabulary (through the token cache in node_modules/.cache/prompt-lint, so a rebuild takes ms).
// Run by `npm run build` after tsc; `client/esbuild.mjs` copies them into the extension.
// A failure fails the build: without these files an install without gpt-tokenizer cannot count.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = (rel) => import(pathToFileURL(path.join(root, 'dist/server/src/tokens', rel)).href);
try {
  const { ENCODINGS, shippedFingerprint, shippedTableFile } = await compiled('encodings.js');
  const { cacheDir, gptTokenizerOrigin, loadRankTable, writeFileAtomic } = await compiled('cache.js');
  const { serializeRankTable } = await compiled('table.js');
  for (const name of ENCODINGS) {
    const origin = gptTokenizerOrigin(name);
    const { table, source } = loadRankTable(name, origin, cacheDir(origin));
    const file = shippedTableFile(name, root);
    writeFileAtomic(file, serializeRankTable(table, shippedFingerprint(name)));
    console.log(`token tables: ${path.relative(root, file)} (${table.size} tokens, from ${source === 'cache' ? 'the token cache' : `gpt-tokenizer's ${source}`})`);
  }
} catch (error) {
  console.error(`token tables not written: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
