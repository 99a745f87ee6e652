#!/usr/bin/env node
// npm run bench: lints the corpus's Markdown files with prompt-lint (cold, and warm with --cache)
// and with markdownlint-cli2 in the same run, and prints medians, ratios, files/s, MB/s and peak memory.
// Also prompt-lint with every rule off, run alternately with the cold run (same load for both), for
// the rules' overhead, in wall time and in CPU time (user + system, every thread: on a shared,
// loaded machine the wall time mostly measures the other processes). Options: --runs N (default 3),
// --no-rules-off (skip that comparison).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;

if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`bench: no corpus at ${CORPUS}; nothing to measure`);
  process.exit(0);
}

// The same files, under plain names, for both tools (markdownlint-cli2 takes globs, and corpus
// paths contain glob characters). Copied to a temp dir, never into the repo.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-'));
const filesDir = path.join(work, 'files');
fs.mkdirSync(filesDir);
const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
let bytes = 0;
let count = 0;
for (const [rel] of rows) {
  const ext = path.extname(rel).toLowerCase();
  if (ext !== '.md' && ext !== '.mdc') continue;
  const data = fs.readFileSync(path.join(CORPUS, rel));
  bytes += data.length;
  fs.writeFileSync(path.join(filesDir, `${String(count++).padStart(5, '0')}${ext}`), data);
}
// No config in the bench dir: both tools run on their defaults.
fs.writeFileSync(path.join(work, '.promptlintrc.json'), JSON.stringify({ root: true }));
fs.writeFileSync(path.join(work, '.markdownlint-cli2.jsonc'), '{}');

const bin = path.join(ROOT, 'bin/prompt-lint.js');
const mdl = path.join(ROOT, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');

function timed(cmd, cmdArgs, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...cmdArgs], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return { secs, mb: kb / 1024, cpu: user + sys, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function series(label, fn) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(fn());
  const secs = median(results.map((r) => r.secs));
  const cpu = median(results.map((r) => r.cpu));
  const mb = Math.max(...results.map((r) => r.mb));
  console.log(`${label.padEnd(34)} median ${secs.toFixed(2)} s  (${results.map((r) => r.secs.toFixed(2)).join(', ')})  ${(count / secs).toFixed(0)} files/s  ${(bytes / 1e6 / secs).toFixed(1)} MB/s  peak ${mb.toFixed(0)} MB  CPU ${cpu.toFixed(2)} s`);
  return { secs, cpu, mb, last: results[results.length - 1] };
}

const loadavg = () => os.loadavg()[0].toFixed(1);
const loadBefore = loadavg();
console.log(`corpus: ${count} Markdown files, ${(bytes / 1e6).toFixed(1)} MB; ${runs} runs each; ${os.availableParallelism()} cores`);
const cacheFile = path.join(work, 'cache.json');
const { allRules } = await import(path.join(ROOT, 'dist/rules/index.js'));
const offFlags = allRules.flatMap((r) => ['--rule', `${r.meta.id}=off`]);
const withRulesOff = !args.includes('--no-rules-off');
// Cold runs with the rules on and off alternate, so that a change of load hits both alike.
const offResults = [];
const cold = series('prompt-lint (cold)', () => {
  const on = timed('node', [bin, 'files', '--format', 'json', '--cache-location', cacheFile]);
  if (withRulesOff) offResults.push(timed('node', [bin, 'files', '--format', 'json', ...offFlags]));
  return on;
});
const reports = JSON.parse(cold.last.stdout);
if (reports.length !== count) throw new Error(`prompt-lint linted ${reports.length} files, expected ${count}`);
let rulesOff;
if (withRulesOff) {
  let k = 0;
  rulesOff = series('prompt-lint (rules off)', () => offResults[k++]);
}
timed('node', [bin, 'files', '--cache', '--cache-location', cacheFile, '--format', 'json']);
const warm = series('prompt-lint (warm --cache)', () => timed('node', [bin, 'files', '--cache', '--cache-location', cacheFile, '--format', 'json']));
const small = series('prompt-lint one small file (cold)', () => timed('node', [bin, path.join('files', '00000' + (fs.existsSync(path.join(filesDir, '00000.md')) ? '.md' : '.mdc'))]));
const md = series('markdownlint-cli2 (cold)', () => timed('node', [mdl, 'files/**/*.{md,mdc}']));

console.log('');
console.log(`ratio cold / markdownlint-cli2: ${(cold.secs / md.secs).toFixed(3)}  (target <= 0.5)`);
console.log(`ratio warm / markdownlint-cli2: ${(warm.secs / md.secs).toFixed(3)}  (target <= 0.05)`);
console.log(`one small file, cold:           ${(small.secs * 1000).toFixed(0)} ms  (target < 300 ms)`);
if (rulesOff) {
  console.log(`rules on / rules off:            ${(cold.secs / rulesOff.secs).toFixed(3)}  (target <= 1.3; medians of alternating runs)`);
  console.log(`rules on / rules off, CPU time:  ${(cold.cpu / rulesOff.cpu).toFixed(3)}  (${cold.cpu.toFixed(2)} s / ${rulesOff.cpu.toFixed(2)} s, user + system)`);
}
console.log(`load average (1 min): ${loadBefore} at the start, ${loadavg()} at the end, on ${os.availableParallelism()} cores`);
fs.rmSync(work, { recursive: true, force: true });
