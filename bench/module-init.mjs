#!/usr/bin/env node
// Module initialisation time of the language server's engine bundle, per source module (issue
// 13.16): what the lint worker spends running the top-level code of each module (lexicons, tables,
// regular expressions) before and during its first lint, exclusive of the modules it initialises
// in turn. Runs the bundle in this thread, as the server does when it lints in process; wall time
// of one thread (no profiler: V8's profiler inflates compiling several fold), so run it when the
// machine is quiet or compare the medians of several rounds.
//
// It instruments an unminified build (client/esbuild.mjs without --production: esbuild's `__esm` /
// `__commonJS` wrappers keep each module's path), writes the copy beside it, loads it, then runs the
// server's warm-up and one lint of a CLAUDE.md in a temp workspace, as a fresh process per round.
//
// Usage: node bench/module-init.mjs [--rounds 5] [--top 25] [DIST …]   (DIST: a dev build's dist/, several: interleaved A/B; default: one built into a temp folder)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseCliArgs(import.meta.url, { options: { rounds: { type: 'string', default: '5' }, top: { type: 'string', default: '25' }, child: { type: 'string' } }, allowPositionals: true });

/** The instrumented copy of DIST/engine.js: each wrapped module's init timed into globalThis.__plInit. */
function instrument(dist) {
  const source = fs.readFileSync(path.join(dist, 'engine.js'), 'utf8');
  const helper = `
var __plInit = (globalThis.__plInit = { self: new Map(), stack: [] });
function __plWrap(obj) {
  const name = Object.keys(obj)[0];
  const f = obj[name];
  return { [name](...args) {
    const frame = { name, t0: performance.now(), child: 0 };
    __plInit.stack.push(frame);
    try { return f.apply(this, args); } finally {
      __plInit.stack.pop();
      const total = performance.now() - frame.t0;
      const key = name.replace(/^(\\.\\.\\/)+/, '').replace(/^.*?(node_modules\\/)/, '$1');
      __plInit.self.set(key, (__plInit.self.get(key) ?? 0) + total - frame.child);
      const parent = __plInit.stack[__plInit.stack.length - 1];
      if (parent) parent.child += total;
    }
  } };
}
`;
  let out = source.replace('"use strict";', `"use strict";${helper}`);
  const esm = 'var __esm = (fn, res, err) => function __init() {';
  const cjs = 'var __commonJS = (cb, mod) => function __require2() {';
  if (!out.includes(esm) || !out.includes(cjs)) throw new Error('bench/module-init.mjs: esbuild\'s __esm/__commonJS helpers not found: is DIST an unminified build?');
  out = out.replace(esm, 'var __esm = (fn0, res, err, fn = __plWrap(fn0)) => function __init() {').replace(cjs, 'var __commonJS = (cb0, mod, cb = __plWrap(cb0)) => function __require2() {');
  const file = path.join(dist, 'engine.module-init.js');
  fs.writeFileSync(file, out);
  return file;
}

if (values.child) {
  // one round: load, warm up, lint; print the per-module times as JSON
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-module-init-'));
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const c0 = cpu();
  const t0 = performance.now();
  const host = require(values.child);
  const tLoaded = performance.now();
  const cLoaded = cpu();
  const service = host.createService(() => [ws], true);
  await host.handleRequest(service, { method: 'warmUp', dir: ws });
  const tWarm = performance.now();
  const cWarm = cpu();
  const file = path.join(ws, 'CLAUDE.md');
  const text = '# Project\n\nYou are the coding assistant for the billing service.\n\n## Style\n\n- Please make sure to use named exports.\n- Keep functions short.\n';
  fs.writeFileSync(file, text);
  const settings = { enable: true, run: 'onType', debounceMs: 150, model: '', validate: 'included', codeLens: true, lintTimeoutMs: 5000, agent: '' };
  const outcome = await host.handleRequest(service, { method: 'lint', params: { doc: { uri: `file://${file}`, path: file, version: 1, text }, settings, generation: 0 } });
  if (!JSON.stringify(outcome).includes('filler-phrase')) throw new Error(`the lint found no filler phrase: ${JSON.stringify(outcome).slice(0, 300)}`);
  const tLint = performance.now();
  const cLint = cpu();
  fs.rmSync(ws, { recursive: true, force: true });
  const init = globalThis.__plInit;
  const modules = Object.fromEntries(init.self);
  const totalInit = [...init.self.values()].reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ phases: { load: tLoaded - t0, warmUp: tWarm - tLoaded, firstLint: tLint - tWarm, moduleInitTotal: totalInit, 'CPU load': cLoaded - c0, 'CPU warmUp': cWarm - cLoaded, 'CPU firstLint': cLint - cWarm, 'CPU total': cLint - c0 }, modules }));
  process.exit(0);
}

let dists = positionals.map((p) => path.resolve(p));
if (!dists.length) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-module-init-build-'));
  dists = [path.join(out, 'dist')];
  fs.copyFileSync(path.join(REPO, 'client', 'package.json'), path.join(out, 'package.json'));
  execFileSync(process.execPath, [path.join(REPO, 'client', 'esbuild.mjs'), '--server-only', '--outdir', dists[0]], { stdio: 'inherit' });
}
const files = dists.map(instrument);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`load average before: ${load()} (${os.cpus().length} cores); ${values.rounds} rounds of ${files.length} build(s), interleaved, a fresh process each (no code cache, an empty token cache)`);
const rounds = files.map(() => []);
for (let i = 0; i < Number(values.rounds); i++) {
  files.forEach((file, k) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8', env: { ...process.env, PROMPT_LINT_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-token-cache-')) } });
    if (r.status !== 0) throw new Error(`round ${i} of ${file} failed: ${r.stderr}`);
    rounds[k].push(JSON.parse(r.stdout.trim().split('\n').pop()));
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
files.forEach((file, k) => {
  const rs = rounds[k];
  console.log(`\n${path.relative(process.cwd(), file)}\nphases (ms, median): ${Object.keys(rs[0].phases).map((p) => `${p} ${median(rs.map((r) => r.phases[p])).toFixed(1)}`).join(', ')}`);
  const names = [...new Set(rs.flatMap((r) => Object.keys(r.modules)))];
  const rows = names.map((n) => [n, median(rs.map((r) => r.modules[n] ?? 0))]).sort((a, b) => b[1] - a[1]);
  console.log('module init, exclusive (ms, median):');
  for (const [n, v] of rows.slice(0, Number(values.top))) console.log(`  ${v.toFixed(1).padStart(7)}  ${n}`);
});
console.log(`load average after: ${load()}`);
