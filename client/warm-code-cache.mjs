#!/usr/bin/env node
// Writes the V8 code caches the .vsix ships beside the server's bundles (dist/lsp.<key>.v8cache,
// dist/engine.<key>.v8cache; see src/load-bundle.ts): starts dist/server.js over stdio, lints a
// CLAUDE.md, asks for its code lenses and a hover (so that what an editor's first minute runs is
// compiled), and waits until both threads have written their cache. Run by `npm run package` after
// `node esbuild.mjs --production`. A runtime other than this Node (another V8, other flags) rejects
// them and writes its own into the extension's global storage at its first start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
const caches = () => fs.readdirSync(dist).filter((f) => f.endsWith('.v8cache'));
for (const f of caches()) fs.rmSync(path.join(dist, f));

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-code-cache-'));
const file = path.join(ws, 'CLAUDE.md');
const text = '# Project\n\nYou are the coding assistant for the billing service.\n\n## Style\n\n- Please make sure to use named exports.\n- Keep functions short.\n- Always use named exports.\n';
fs.writeFileSync(file, text);
const uri = pathToFileURL(file).href;
// the caches are written this long after each bundle loaded: after the lint below
const env = { ...process.env, PROMPT_LINT_CODE_CACHE: '', PROMPT_LINT_CODE_CACHE_DELAY_MS: '2500' };
const child = spawn(process.execPath, [path.join(dist, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const published = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
conn.onRequest(() => null);
conn.listen();
try {
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const { diagnostics } = await published;
  await conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 4 } });
  await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics } });
  const deadline = Date.now() + 30_000;
  while (caches().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
} finally {
  conn.dispose();
  child.kill();
  fs.rmSync(ws, { recursive: true, force: true });
}
const written = caches();
if (written.length < 2) {
  console.error(`client/warm-code-cache.mjs: the server wrote ${written.join(', ') || 'no code cache'}; the extension will compile its bundles at its first start`);
} else {
  console.log(`client/warm-code-cache.mjs: ${written.map((f) => `dist/${f} ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`).join(', ')}`);
}
