#!/usr/bin/env node
// Cold start of the language server as the VS Code extension ships it (issue 13.16): spawn the
// bundled server (client/dist/server.js, `npm run package` builds it), initialize, open a CLAUDE.md,
// and time until its first publishDiagnostics. Several servers are run interleaved, so that a
// noisy machine hurts them alike; prints the median and the range per server.
//
// Usage: node bench/lsp-startup.mjs [--runs 7] [server.js …]   (default: client/dist/server.js)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '7' } }, allowPositionals: true });
const servers = positionals.length ? positionals.map((p) => path.resolve(p)) : [path.join(REPO, 'client', 'dist', 'server.js')];

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-startup-'));
const file = path.join(ws, 'CLAUDE.md');
const text = '# Project\n\nYou are the coding assistant for the billing service.\n\n## Style\n\n- Please make sure to use named exports.\n- Keep functions short.\n';
fs.writeFileSync(file, text);
const uri = pathToFileURL(file).href;

async function once(server) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest(() => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  const initialized = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await published;
  const diagnostics = performance.now() - t0;
  conn.dispose();
  child.kill();
  return { initialized, diagnostics };
}

const results = new Map(servers.map((s) => [s, []]));
for (let i = 0; i < Number(values.runs); i++) for (const s of servers) results.get(s).push(await once(s));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [s, rs] of results) {
  const d = rs.map((r) => r.diagnostics);
  console.log(`${path.relative(process.cwd(), s)} (${(fs.statSync(s).size / 1024).toFixed(0)} KB): initialize ${median(rs.map((r) => r.initialized)).toFixed(0)} ms, first diagnostics ${median(d).toFixed(0)} ms (median of ${d.length}; ${Math.min(...d).toFixed(0)}–${Math.max(...d).toFixed(0)})`);
}
fs.rmSync(ws, { recursive: true, force: true });
