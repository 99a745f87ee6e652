#!/usr/bin/env node
// Interleaved A/B of two or more builds (each a checkout or a copy with dist/, bin/ and
// node_modules), rules on and off, on the bench's files (the corpus's Markdown files under plain
// names, as bench/lint-corpus.mjs copies them): wall time, process CPU (user + system) and the CPU
// of the main, lint and counting threads, read from /proc/<pid>/task/*/stat while each run goes
// (Linux only; the lint and counting threads are the two busiest, in creation order). Per-thread
// CPU shows work moved between the threads on a loaded machine, where the wall time does not.
// Usage: node bench/thread-ab.mjs BUILD_A,BUILD_B [rounds=3] [modes=on,off]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-thread-ab-'));
{
  fs.mkdirSync(path.join(work, 'files'));
  const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  let count = 0;
  for (const [rel] of rows) {
    const ext = path.extname(rel).toLowerCase();
    if (ext === '.md' || ext === '.mdc') fs.writeFileSync(path.join(work, 'files', `${String(count++).padStart(5, '0')}${ext}`), fs.readFileSync(path.join(CORPUS, rel)));
  }
  fs.writeFileSync(path.join(work, '.promptlintrc.json'), JSON.stringify({ root: true }));
}
const builds = process.argv[2].split(',').map((b) => path.resolve(b));
const runs = Number(process.argv[3] ?? 3);
const modes = (process.argv[4] ?? 'on,off').split(',');
const TICK = 100; // clock ticks per second
const off = {};
for (const b of builds) {
  const { allRules } = await import(path.join(b, 'dist/rules/index.js'));
  off[b] = allRules.flatMap((r) => ['--rule', `${r.meta.id}=off`]);
}
function run(b, mode) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('node', [path.join(b, 'bin/prompt-lint.js'), 'files', '--format', 'json', ...(mode === 'off' ? off[b] : [])], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const pid = child.pid;
    const threads = new Map();
    const poll = () => {
      try {
        for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
          try {
            const f = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
            const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
            threads.set(Number(tid), (Number(parts[11]) + Number(parts[12])) / TICK);
          } catch {}
        }
        const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const parts = s.slice(s.lastIndexOf(')') + 2).split(' ');
        threads.set('total', (Number(parts[11]) + Number(parts[12])) / TICK);
      } catch {}
    };
    const timer = setInterval(poll, 20);
    child.on('exit', () => {
      clearInterval(timer);
      const wall = (Date.now() - t0) / 1000;
      const tids = [...threads.keys()].filter((k) => k !== 'total' && k !== pid);
      // the two worker threads: the two busiest, in creation (tid) order: lint, then count
      const busiest = tids.sort((x, y) => threads.get(y) - threads.get(x)).slice(0, 2).sort((x, y) => x - y);
      resolve({ wall, total: threads.get('total'), main: threads.get(pid), lint: threads.get(busiest[0]), count: threads.get(busiest[1]) });
    });
  });
}
const res = {};
const load = [];
for (let i = 0; i < runs; i++) {
  const order = builds.flatMap((b) => modes.map((m) => [b, m]));
  if (i % 2) order.reverse();
  for (const [b, mode] of order) {
    load.push(Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]));
    const r = await run(b, mode);
    (res[`${b} ${mode}`] ??= []).push(r);
    console.log(`${path.basename(b)} ${mode} wall ${r.wall.toFixed(1)} cpu ${r.total?.toFixed(2)} main ${r.main?.toFixed(2)} lint ${r.lint?.toFixed(2)} count ${r.count?.toFixed(2)} load ${load.at(-1)}`);
  }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`\nload 1-min during run: min ${Math.min(...load)}, max ${Math.max(...load)}, median ${med(load)}`);
for (const b of builds) for (const m of modes) {
  const rs = res[`${b} ${m}`];
  const f = (k) => med(rs.map((r) => r[k])).toFixed(2);
  console.log(`${path.basename(b)} ${m}: medians wall ${f('wall')} cpu ${f('total')} main ${f('main')} lint ${f('lint')} count ${f('count')}  crit(main+max(lint,count)) ${med(rs.map((r) => r.main + Math.max(r.lint, r.count))).toFixed(2)}`);
}
fs.rmSync(work, { recursive: true, force: true });
