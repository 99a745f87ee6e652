#!/usr/bin/env node
// node bench/cold-start.mjs [--builds A,B] [--runs 15] [-- ARGS…]: one cold `prompt-lint ARGS`
// (default: examples/CLAUDE.md, run in this checkout) per build per round, the builds interleaved and
// their order alternating each round; prints the median wall and CPU (user + system, /usr/bin/time)
// per build and whether every run's stdout was the same as the first build's. CPU, not wall, is what
// compares builds on a shared machine.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash < 0 ? argv : argv.slice(0, dash);
const cliArgs = dash < 0 ? ['examples/CLAUDE.md'] : argv.slice(dash + 1);
const opt = (name, dflt) => (own.includes(name) ? own[own.indexOf(name) + 1] : dflt);
const builds = opt('--builds', ROOT).split(',').map((b) => path.resolve(b));
const runs = Number(opt('--runs', '15'));

const results = builds.map(() => []);
let expected;
const same = builds.map(() => true);
for (let i = 0; i < runs; i++) {
  const order = builds.map((_, k) => k);
  if (i % 2) order.reverse();
  for (const k of order) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, path.join(builds[k], 'bin/prompt-lint.js'), ...cliArgs], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
    const [secs, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
    results[k].push({ secs, cpu: user + sys });
    if (k === 0 && expected === undefined) expected = r.stdout;
    if (r.stdout !== expected) same[k] = false;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`prompt-lint ${cliArgs.join(' ')}: ${runs} rounds, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
builds.forEach((b, k) =>
  console.log(`${b}\n  wall median ${median(results[k].map((r) => r.secs)).toFixed(3)} s  CPU median ${median(results[k].map((r) => r.cpu)).toFixed(3)} s  (CPU ${results[k].map((r) => r.cpu.toFixed(2)).join(' ')})  same output: ${same[k]}`),
);
