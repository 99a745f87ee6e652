#!/usr/bin/env node
// Cold start of the language server as the VS Code extension ships it (issue 13.16): spawn the
// bundled server (client/dist/server.js, `npm run package` builds it), initialize, open a CLAUDE.md,
// and time until its first publishDiagnostics, with the CPU time the server used until then.
// Several servers are run interleaved, so that a noisy machine hurts them alike; prints the
// median and the range per server, and the server's own
// start-up line (ms since its process started: `initialize` received, lint worker loaded, warm-up
// done, first lint requested and answered; how each bundle was loaded).
//
// Usage: node bench/lsp-startup.mjs [--runs 7] [--workspace e2e/workspace [--open AGENTS.md]] [--cpu-prof DIR] [server.js[#warm] …]   (default: client/dist/server.js)
//   Each server gets caches of its own (PROMPT_LINT_CODE_CACHE, PROMPT_LINT_CACHE_DIR, as the VS Code
//   extension sets them). Plain: they stay empty, as at the extension's first start after its
//   install (bundles compiled, the shipped token table indexed). `#warm`: one untimed start first
//   fills them, as for every later start (the bundles from V8's code cache, the indexed table read).
//   `#nocodecache`: the bundles loaded by a plain require (PROMPT_LINT_CODE_CACHE=off).
//   `#noinitsettings`: no settings in initializationOptions (the first lint waits for workspace/configuration).
//   --config-delay MS: each workspace/configuration reply comes that late (a busy extension host).
//   --init-delay MS: `initialize` is sent that long after the spawn (the extension forks the server first).
//   `#noprestart`: the lint worker started at `initialize` (PROMPT_LINT_PRESTART=0), not first.
//   `#--flag`: a Node or V8 option for the server process, e.g. `#--max-semi-space-size=8`.
//   `#inprocess`: no lint worker at all (PROMPT_LINT_LSP_WORKER=0): every lint in the protocol thread.
//   `#prelint`: the opened file is given at the spawn (PROMPT_LINT_PRELINT), as the VS Code extension does.
//   `#noshare`: the protocol thread does not index the token table for the worker (PROMPT_LINT_SHARE_TOKEN_TABLE=0).
//   bin/prompt-lint-language-server.js (the unbundled server Neovim and others start) works too.
//   A server's folder needs ../package.json and tokens/ as in client/ (copy client/dist and
//   client/package.json together to keep an old build for an A/B; old builds ignore the caches).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseCliArgs(import.meta.url, { options: { runs: { type: 'string', default: '7' }, 'cpu-prof': { type: 'string' }, workspace: { type: 'string' }, open: { type: 'string', default: 'AGENTS.md' }, 'config-delay': { type: 'string', default: '0' }, 'init-delay': { type: 'string', default: '0' } }, allowPositionals: true });
const configDelay = Number(values['config-delay']);
// --init-delay MS: the client sends `initialize` this long after the spawn (the VS Code extension
// forks the server at activation, before its client is set up)
const initDelay = Number(values['init-delay']);
// --cpu-prof DIR: every server start writes V8 CPU profiles (one per thread) into DIR/<server>-<run>/
let profDir;
const servers = (positionals.length ? positionals : [path.join(REPO, 'client', 'dist', 'server.js')]).map((spec) => {
  const [file, ...flags] = spec.split('#');
  const env = {
    PROMPT_LINT_CODE_CACHE: flags.includes('nocodecache') ? 'off' : fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-code-cache-')),
    PROMPT_LINT_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-token-cache-')),
    ...(flags.includes('noprestart') ? { PROMPT_LINT_PRESTART: '0' } : {}),
    ...(flags.includes('inprocess') ? { PROMPT_LINT_LSP_WORKER: '0' } : {}),
    ...(flags.includes('noshare') ? { PROMPT_LINT_SHARE_TOKEN_TABLE: '0' } : {}),
  };
  return { spec, file: path.resolve(file), flags, env };
});

// --workspace DIR: a copy of DIR (e.g. e2e/workspace, as the code-server run opens it), where the
// client opens --open (default AGENTS.md); else a CLAUDE.md alone
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-startup-'));
if (values.workspace) fs.cpSync(path.resolve(values.workspace), ws, { recursive: true });
else fs.writeFileSync(path.join(ws, 'CLAUDE.md'), '# Project\n\nYou are the coding assistant for the billing service.\n\n## Style\n\n- Please make sure to use named exports.\n- Keep functions short.\n');
const file = path.join(ws, values.workspace ? values.open : 'CLAUDE.md');
const text = fs.readFileSync(file, 'utf8');
const uri = pathToFileURL(file).href;

/** `start-up (…): initialize 310, lint worker loaded 520, …; lsp.js from the code cache, …` → milestones and notes. */
function parseStartupLine(line) {
  const m = /^start-up \([^)]*\): ([^;]*); CPU time (\d+) ms(?:; (.*))?$/.exec(line);
  if (!m) return undefined;
  const pairs = (text) => Object.fromEntries(text.split(', ').map((part) => { const i = part.lastIndexOf(' '); return [part.slice(0, i), Number(part.slice(i + 1))]; }));
  const marks = pairs(m[1]);
  // "thread CPU ms: protocol initialize 120, worker loaded 310, …" (servers since issue 13.16's third pass)
  const rest = (m[3] ?? '').split('; ');
  const cpuPart = rest.find((p) => p.startsWith('thread CPU ms: '));
  return { marks, threadCpu: cpuPart ? pairs(cpuPart.slice('thread CPU ms: '.length)) : {}, notes: rest.filter((p) => p !== cpuPart).join('; ') };
}

/**
 * CPU time the server process (all its threads) has used so far, in ms (Linux: /proc/PID/stat,
 * 10 ms ticks): the work a start-up costs, which a loaded machine stretches less than wall time.
 */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

async function once({ file: server, env, flags }, holdMs = 0) {
  // a first start finds empty caches: fresh folders each time
  if (!flags.includes('warm')) {
    for (const dir of [env.PROMPT_LINT_CACHE_DIR, env.PROMPT_LINT_CODE_CACHE]) {
      if (dir === 'off') continue;
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
    }
  }
  const t0 = performance.now();
  // `#--flag=value`: a Node/V8 option for the server process (as the extension's fork could pass it)
  const execArgv = [...flags.filter((f) => f.startsWith('--')), ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])];
  // #prelint: the open file given at the spawn, as the VS Code extension forks its server at load (PROMPT_LINT_PRELINT)
  const prelint = flags.includes('prelint') ? { PROMPT_LINT_PRELINT: JSON.stringify({ folders: [pathToFileURL(ws).href], trusted: true, settings: {}, docs: [{ uri, languageId: 'markdown', version: 1, text }] }) } : {};
  const child = spawn(process.execPath, [...execArgv, server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, ...env, ...prelint } });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Promise((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && resolve(p)));
  let startup;
  conn.onNotification('window/logMessage', (p) => (startup ??= parseStartupLine(p.message)));
  // --config-delay MS: each workspace/configuration reply comes this late (VS Code's extension host
  // is busy when a window opens); the client sends its settings in initializationOptions, as the
  // VS Code extension does (#noinitsettings: it does not, as older builds of the extension)
  conn.onRequest('workspace/configuration', async (p) => {
    if (configDelay) await new Promise((r) => setTimeout(r, configDelay));
    return p.items.map(() => ({}));
  });
  conn.onRequest(() => null);
  conn.listen();
  if (initDelay) await new Promise((r) => setTimeout(r, initDelay));
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }], capabilities: { workspace: { configuration: true } }, initializationOptions: { trusted: true, ...(flags.includes('noinitsettings') ? {} : { promptLint: {} }) } });
  const initialized = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  await published;
  const diagnostics = performance.now() - t0;
  // the profiles' clock (V8's, CLOCK_MONOTONIC in µs as process.hrtime): bench/cpu-profile.mjs cuts them here
  if (profDir) { fs.mkdirSync(profDir, { recursive: true }); fs.writeFileSync(path.join(profDir, 'first-diagnostics.json'), JSON.stringify({ monotonicUs: Number(process.hrtime.bigint() / 1000n) })); }
  const cpu = cpuMs(child.pid);
  // the start-up line follows the first lint's answer by a moment
  for (let i = 0; i < 20 && !startup; i++) await new Promise((r) => setTimeout(r, 25));
  if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
  if (profDir) {
    // a clean exit, so that every thread writes its profile
    const exited = new Promise((r) => child.once('exit', r));
    await conn.sendRequest('shutdown').catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  conn.dispose();
  child.kill();
  return { initialized, diagnostics, cpu, startup };
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`load average before: ${load()} (${os.cpus().length} cores); ${values.runs} interleaved runs of ${servers.length} server(s)`);
// #warm: an untimed start that writes the caches (the code caches once the first lint was answered)
for (const s of servers.filter((x) => x.flags.includes('warm'))) await once(s, 1500);
const results = new Map(servers.map((s) => [s.spec, []]));
for (let i = 0; i < Number(values.runs); i++) {
  for (const [k, s] of servers.entries()) {
    profDir = values['cpu-prof'] ? path.resolve(values['cpu-prof'], `${k}-${i}`) : undefined;
    results.get(s.spec).push(await once(s));
  }
}
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
for (const s of servers) {
  const rs = results.get(s.spec);
  const d = rs.map((r) => r.diagnostics);
  const size = ['server.js', 'lsp.js', 'engine.js'].map((f) => path.join(path.dirname(s.file), f)).filter((f) => fs.existsSync(f)).map((f) => `${path.basename(f)} ${(fs.statSync(f).size / 1024).toFixed(0)} KB`).join(', ');
  console.log(`${path.relative(process.cwd(), s.file)}${s.flags.length ? ` #${s.flags.join('#')}` : ''} (${size}):`);
  const cpu = rs.map((r) => r.cpu).filter((x) => x !== undefined);
  console.log(`  spawn → initialize answered ${median(rs.map((r) => r.initialized)).toFixed(0)} ms, → first diagnostics ${median(d).toFixed(0)} ms (median of ${d.length}; ${Math.min(...d).toFixed(0)}–${Math.max(...d).toFixed(0)})` +
    (cpu.length ? `; CPU time of the server process by then ${median(cpu).toFixed(0)} ms` : ''));
  const lines = rs.map((r) => r.startup).filter(Boolean);
  if (lines.length) {
    const names = [...new Set(lines.flatMap((l) => Object.keys(l.marks)))];
    console.log(`  server's own clock, medians: ${names.map((n) => `${n} ${median(lines.map((l) => l.marks[n]).filter((x) => x !== undefined)).toFixed(0)}`).join(', ')}`);
    const cpuNames = [...new Set(lines.flatMap((l) => Object.keys(l.threadCpu)))];
    if (cpuNames.length) console.log(`  CPU time of each thread at its marks, medians (ms, 10 ms ticks): ${cpuNames.map((n) => `${n} ${median(lines.map((l) => l.threadCpu[n]).filter((x) => x !== undefined)).toFixed(0)}`).join(', ')}`);
    console.log(`  bundles: ${[...new Set(lines.map((l) => l.notes))].join(' | ')}`);
  }
}
console.log(`load average after: ${load()}`);
fs.rmSync(ws, { recursive: true, force: true });
for (const s of servers) for (const dir of [s.env.PROMPT_LINT_CODE_CACHE, s.env.PROMPT_LINT_CACHE_DIR]) if (dir !== 'off') fs.rmSync(dir, { recursive: true, force: true });
// (a language server's closed pipes once kept this process alive for minutes after the last run)
process.exit(0);
