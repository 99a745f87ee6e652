#!/usr/bin/env node
// Edit-to-diagnostics latency of the language server, through the protocol:
// starts `bin/prompt-lint-language-server.js --stdio` (debounce 0), opens a generated 15 KB and a
// 90 KB prompt, makes 200 edits at random places in each (incremental didChange), and times each
// edit until the server publishes diagnostics for that version. Prints p50 / p95 / max.
//
// Usage: npm run bench:lsp [-- --edits 200 --seed 7 --sizes 15,90]
// The prompts are generated here (seeded), not taken from any corpus.
//
// First diagnostics (issue 13.16), run first: cold starts of the server, as an editor opening its
// first prompt file sees them: spawn → `initialize` answered → didOpen sent right after
// `initialized` → first publishDiagnostics. Servers given with --servers (comma-separated
// entry files, e.g. an old and a new build for an A/B) are run interleaved, --starts times each.
//   npm run bench:lsp -- --starts 9 --servers bin/prompt-lint-language-server.js,client/dist/server.js
//   npm run bench:lsp -- --only first   (only this part)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    edits: { type: 'string', default: '200' },
    seed: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '15,90' },
    starts: { type: 'string', default: '7' },
    servers: { type: 'string', default: '' },
    only: { type: 'string', default: '' },
  },
});
const TARGET_FIRST_MS = 1500;
const EDITS = Number(values.edits);
const SIZES = values.sizes.split(',').map(Number);
const TARGET_P95_MS = 50;

// ---------------------------------------------------------------------------------------------
// A seeded generator of plausible system prompts: headings, paragraphs, lists, a table, code.

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

// Words for instructions of varied shape; sentences are drawn word by word, so they rarely repeat
// (a prompt made of a few templates would measure duplicate detection on pathological input).
const WORDS = {
  subject: ['the assistant', 'you', 'the agent', 'every answer', 'each reply', 'the summary', 'the report', 'the plan', 'a draft', 'the reviewer', 'the support team', 'each ticket', 'the final message', 'any quote'],
  verb: ['must cite', 'should list', 'never invents', 'always checks', 'keeps', 'explains', 'asks about', 'confirms', 'avoids', 'prefers', 'records', 'compares', 'translates', 'rounds', 'summarizes', 'flags', 'escalates', 'ignores', 'verifies', 'mentions'],
  adjective: ['recent', 'open', 'missing', 'local', 'exact', 'partial', 'urgent', 'archived', 'signed', 'disputed', 'estimated', 'paid', 'shipped', 'refunded', 'internal', 'public', 'optional', 'required'],
  noun: ['order numbers', 'sources', 'regions', 'prices', 'plans', 'error messages', 'warranty terms', 'addresses', 'invoices', 'tool outputs', 'dates', 'questions', 'shipments', 'accounts', 'passwords', 'discount codes', 'delivery windows', 'return labels', 'serial numbers', 'receipts', 'contracts', 'photos', 'phone numbers', 'tracking links'],
  tail: ['', ' when it is unclear', ' before answering', ' in one sentence', ' unless asked otherwise', ' for every request', ' if the tool fails', ' after the customer confirms', ' during business hours', ' in the customer\'s language', ' with a short reason', ' at the end of the reply', ' without guessing'],
};
const TOPICS = ['Role', 'Tone', 'Scope', 'Tools', 'Safety', 'Formatting', 'Escalation', 'Examples', 'Refunds', 'Shipping', 'Accounts', 'Privacy', 'Memory', 'Errors'];

function sentence(r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const object = `${pick(WORDS.adjective)} ${pick(WORDS.noun)}${r() < 0.4 ? ` and ${pick(WORDS.adjective)} ${pick(WORDS.noun)}` : ''}`;
  const number = r() < 0.3 ? ` within ${2 + Math.floor(r() * 60)} ${pick(['minutes', 'hours', 'days', 'words', 'lines'])}` : '';
  const s = `${pick(WORDS.subject)} ${pick(WORDS.verb)} ${object}${number}${pick(WORDS.tail)}.`;
  return s[0].toUpperCase() + s.slice(1);
}

export function generatePrompt(targetBytes, seed) {
  const r = rng(seed);
  const parts = ['# Customer operations assistant', '', 'You help the operations team of an online shop. Read the whole prompt before answering.', ''];
  let n = 0;
  while (Buffer.byteLength(parts.join('\n')) < targetBytes) {
    n++;
    parts.push(`## ${TOPICS[n % TOPICS.length]} ${Math.ceil(n / TOPICS.length)}`, '');
    const kind = n % 5;
    if (kind === 0) {
      for (let i = 0; i < 6; i++) parts.push(`- ${sentence(r)}`);
    } else if (kind === 1) {
      parts.push('| case | action |', '| --- | --- |');
      for (let i = 0; i < 4; i++) parts.push(`| ${sentence(r).slice(0, 30)} | ${sentence(r)} |`);
    } else if (kind === 2) {
      parts.push('```json', `{ "step": ${n}, "status": "ok", "note": "${sentence(r)}" }`, '```');
    } else {
      for (let p = 0; p < 2; p++) parts.push(Array.from({ length: 4 + Math.floor(r() * 4) }, () => sentence(r)).join(' '), '');
      for (let i = 0; i < 3; i++) parts.push(`${i + 1}. ${sentence(r)}`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Applies one LSP range edit to a text (positions are UTF-16, lines split on \n). */
function applyChange(text, lineStarts, change) {
  const start = lineStarts[change.range.start.line] + change.range.start.character;
  const end = lineStarts[change.range.end.line] + change.range.end.character;
  return text.slice(0, start) + change.text + text.slice(end);
}

function lineStartsOf(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** One cold start: spawn → initialize answered → first diagnostics of a CLAUDE.md opened right after. */
async function coldStart(server, root) {
  const file = path.join(root, 'CLAUDE.md');
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const t0 = performance.now();
  const child = spawn(process.execPath, [server, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Promise((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  connection.onRequest(() => null);
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  const initialized = performance.now() - t0;
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const p = await published;
  const diagnostics = performance.now() - t0;
  connection.dispose();
  child.kill();
  return { initialized, diagnostics, findings: p.diagnostics.length };
}

async function firstDiagnostics() {
  const servers = (values.servers ? values.servers.split(',') : ['bin/prompt-lint-language-server.js', 'client/dist/server.js'])
    .map((s) => path.resolve(s))
    .filter((s) => fs.existsSync(s) || console.log(`(skipped ${path.relative(process.cwd(), s)}: not built; client/dist/server.js comes from \`npm run package\` or \`node client/esbuild.mjs\`)`));
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-first-')));
  fs.writeFileSync(
    path.join(root, 'CLAUDE.md'),
    '# Project\n\nYou are the coding assistant for the billing service.\n\n## Style\n\n- Please make sure to use named exports.\n- Keep functions short.\n- Keep functions short.\n',
  );
  const results = new Map(servers.map((s) => [s, []]));
  for (let i = 0; i < Number(values.starts); i++) for (const s of servers) results.get(s).push(await coldStart(s, root));
  fs.rmSync(root, { recursive: true, force: true });
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`first diagnostics after a cold start, over stdio (${values.starts} starts each, interleaved; load average ${os.loadavg()[0].toFixed(1)} at the end):\n`);
  console.log('| server | initialize answered | open → first diagnostics | spawn → first diagnostics (median, range) | findings |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [s, rs] of results) {
    const d = rs.map((r) => r.diagnostics);
    const init = median(rs.map((r) => r.initialized));
    const open = median(rs.map((r) => r.diagnostics - r.initialized));
    console.log(`| ${path.relative(process.cwd(), s)} | ${init.toFixed(0)} ms | ${open.toFixed(0)} ms | ${median(d).toFixed(0)} ms (${Math.min(...d).toFixed(0)}–${Math.max(...d).toFixed(0)}) | ${rs[0].findings} |`);
  }
  console.log(`target: first diagnostics < ${TARGET_FIRST_MS} ms after the server is spawned\n`);
}

async function run() {
  await firstDiagnostics();
  if (values.only === 'first') return;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-lsp-')));
  const child = spawn(process.execPath, [path.join(REPO, 'bin/prompt-lint-language-server.js'), '--stdio'], { cwd: root, stdio: 'pipe' });
  child.stderr.on('data', (d) => process.stderr.write(d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiting.get(p.uri);
    if (w && p.version === w.version) {
      waiting.delete(p.uri);
      w.resolve(p);
    }
  });
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => ({ debounceMs: 0, validate: 'all' })));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await connection.sendNotification('initialized', {});

  const published = (uri, version) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 30 s`)), 30_000);
      waiting.set(uri, { version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });

  const rows = [];
  for (const kb of SIZES) {
    const seed = Number(values.seed) + kb;
    let text = generatePrompt(kb * 1024, seed);
    const file = path.join(root, 'prompts', `bench-${kb}k.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    let version = 1;
    const t0 = performance.now();
    const opened = published(uri, version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    const first = await opened;
    const openMs = performance.now() - t0;

    const r = rng(seed * 31);
    const times = [];
    const words = [' carefully', ' first', ' again', ' in writing', ' politely', ' now'];
    for (let i = 0; i < EDITS; i++) {
      const starts = lineStartsOf(text);
      const line = Math.floor(r() * (starts.length - 1));
      const lineLength = (starts[line + 1] ?? text.length + 1) - 1 - starts[line];
      const character = Math.floor(r() * (lineLength + 1));
      const at = { line, character };
      const roll = r();
      let change;
      if (roll < 0.7) change = { range: { start: at, end: at }, text: words[Math.floor(r() * words.length)] };
      else if (roll < 0.9 && lineLength - character > 3) change = { range: { start: at, end: { line, character: character + 3 } }, text: '' };
      else change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'Keep the answer under ten lines.\n' };
      text = applyChange(text, starts, change);
      version++;
      const wait = published(uri, version);
      const start = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await wait;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    rows.push({
      prompt: `${kb} KB (${Buffer.byteLength(text)} bytes, ${lineStartsOf(text).length} lines)`,
      open: openMs,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      max: times[times.length - 1],
      findings: first.diagnostics.length,
    });
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  const stats = await connection.sendRequest('promptLint/stats', { gc: true });
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  fs.rmSync(root, { recursive: true, force: true });

  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`prompt-lint language server: edit-to-diagnostics latency, debounce 0, ${EDITS} edits at random places, over stdio`);
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'})\n`);
  console.log('| prompt | open | p50 | p95 | max | findings at open |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.prompt} | ${fmt(r.open)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${r.findings} |`);
  console.log(`\nserver heap after the run: ${(stats.heapUsed / 1024 / 1024).toFixed(1)} MB (rss ${(stats.rss / 1024 / 1024).toFixed(0)} MB)`);
  const last = rows.find((r) => r.prompt.startsWith('90 '));
  if (last) console.log(`target: p95 < ${TARGET_P95_MS} ms on the 90 KB prompt: ${last.p95 < TARGET_P95_MS ? 'met' : 'NOT met'}`);
  await stages();
}

/**
 * Where a re-lint's time goes, measured in process on the same prompts after an edit: parse,
 * each rule, token summary. The protocol and worker overhead is the latency minus their sum.
 */
async function stages() {
  const { parseDocument } = await import('../dist/server/src/parse/index.js');
  const { createSourceFile } = await import('../dist/server/src/model/source.js');
  const { lintDocument, modelFor } = await import('../dist/server/src/engine/linter.js');
  const { summarizeTokens } = await import('../dist/server/src/engine/token-summary.js');
  const { Engine } = await import('../dist/server/src/engine/engine.js');
  // As in the server: Markdown is parsed incrementally (chunks cached by content).
  const { IncrementalCaches } = await import('../dist/server/src/engine/incremental.js');
  // and the extractors' sentence memos are in place while the rules run, as `Engine.lintLoaded` puts them
  const { withSentenceMemos } = await import('../dist/rules/index.js');
  const caches = new IncrementalCaches();
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-lsp-')));
  const engine = new Engine({ cwd: root, incremental: caches });
  const rounds = 20;
  const warmup = 10;
  console.log(`\nper-stage time of one re-lint after an edit, in process (mean of ${rounds} edits after ${warmup} warm-up edits):\n`);
  const ruleIds = engine.rules.map((r) => r.meta.id);
  console.log(`| prompt | parse | ${ruleIds.join(' | ')} | tokens |`);
  console.log(`| --- | ---: | ${ruleIds.map(() => '---:').join(' | ')} | ---: |`);
  for (const kb of SIZES) {
    const file = path.join(root, 'prompts', `bench-${kb}k.md`);
    const config = engine.configFor(file);
    let text = generatePrompt(kb * 1024, Number(values.seed) + kb);
    const r = rng(kb);
    for (let i = 0; i < warmup; i++) {
      const at = Math.floor(r() * text.length);
      text = `${text.slice(0, at)} again${text.slice(at)}`;
      engine.lintLoaded(engine.loadText(file, text));
    }
    const sum = { parse: 0, tokens: 0 };
    const perRule = new Map(ruleIds.map((id) => [id, 0]));
    for (let i = 0; i < rounds; i++) {
      const at = Math.floor(r() * text.length);
      text = `${text.slice(0, at)} again${text.slice(at)}`;
      let t = performance.now();
      const doc = parseDocument(createSourceFile(file, text), { promptKeys: config.promptKeys, blocks: caches.blocks });
      sum.parse += performance.now() - t;
      for (const rule of engine.rules) {
        t = performance.now();
        withSentenceMemos(caches.sentences, () => lintDocument(doc, config, [rule]));
        perRule.set(rule.meta.id, perRule.get(rule.meta.id) + performance.now() - t);
      }
      t = performance.now();
      summarizeTokens(doc, modelFor(config.model, config.prices), config.callsPerDay);
      sum.tokens += performance.now() - t;
    }
    const ms = (v) => `${(v / rounds).toFixed(1)} ms`;
    console.log(`| ${kb} KB | ${ms(sum.parse)} | ${ruleIds.map((id) => ms(perRule.get(id))).join(' | ')} | ${ms(sum.tokens)} |`);
  }
  fs.rmSync(root, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
