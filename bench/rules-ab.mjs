#!/usr/bin/env node
// An A/B of the rules' CPU of two builds in one process: bench/rules-cpu.mjs's work (the bench's
// corpus files parsed, not timed, then linted with every rule, process.cpuUsage around each
// lintDocument), with the passes of the two builds alternating (A B A B …, or B A … on odd rounds
// with --swap). On a machine shared with other jobs, two processes run minutes apart meet different
// loads; passes run seconds apart in one process meet nearly the same, which resolves changes of a
// few percent that separate runs of rules-cpu.mjs cannot. Each build's modules load from its own
// dist/ (their own instances, their own compiled code); the heap is shared. The first pass of each
// build is left out of the medians (it compiles and warms up the rules).
// Usage: node bench/rules-ab.mjs BUILD_A BUILD_B [rounds=5] [--isolate]
// --isolate: each build runs in a worker thread of its own (its own V8 isolate and heap; the idle
// one waits, so the process's CPU clock still times one build's pass). Without it, both builds share
// one heap and the build loaded second was slower in every session-13/14 run, by 7–25 %, its
// untouched rules included (session 15 measured an identical-code pair at 1.25); with it, an A/B of
// one build against a copy of itself reads within noise in either order (docs/performance.md).
// Prints each build's median CPU per pass, per rule (RULE_CPU style, the `check` of each rule), the
// ratio B/A, and each build's findings hash (they must match when the output is to be identical).
import crypto from 'node:crypto';
import v8 from 'node:v8';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { benchFiles, config, cpu, timedRules } from './rules-pass.mjs';

const args = isMainThread ? process.argv.slice(2).filter((x) => x !== '--isolate') : [];
const isolate = isMainThread && process.argv.includes('--isolate');
const [a, b] = [args[0], args[1]].map((p) => p && path.resolve(p));
const rounds = Number(args[2] ?? 5);
if (isMainThread && (!a || !b || !(rounds >= 2))) {
  console.error('usage: node bench/rules-ab.mjs BUILD_A BUILD_B [rounds>=2] [--isolate]');
  process.exit(2);
}
async function loadBuild(build) {
  const load = (rel) => import(pathToFileURL(path.join(build, 'dist', rel)).href);
  const { allRules, withSentenceMemos } = await load('rules/index.js');
  const { parseDocument } = await load('server/src/parse/index.js');
  const { createSourceFile } = await load('server/src/model/source.js');
  const { lintDocument } = await load('server/src/engine/linter.js');
  const state = { build, passes: [], rules: new Map(), hash: '', ruleCpu: new Map() };
  const rules = timedRules(allRules, () => state.ruleCpu);
  state.pass = () => {
    state.ruleCpu = new Map();
    const h = crypto.createHash('sha256');
    let total = 0;
    for (const f of files) {
      const doc = parseDocument(createSourceFile(f.name, f.text));
      const c0 = cpu();
      const out = withSentenceMemos(undefined, () => lintDocument(doc, config, rules));
      total += cpu() - c0;
      h.update(JSON.stringify(out.findings.map((x) => [x.ruleId, x.message, x.start, x.end])));
    }
    state.hash = h.digest('hex').slice(0, 16);
    return total;
  };
  return state;
}
const files = benchFiles();
if (!isMainThread) {
  // --isolate: one build in this thread; a pass on each message, its CPU, per-rule CPU and hash back
  const s = await loadBuild(workerData.build);
  parentPort.on('message', () => {
    const total = s.pass();
    // this pass's garbage collected now, untimed: left to V8, an idle isolate's collections ran
    // during the other build's pass, on the process's clock (the second pass of every round was the slower)
    globalThis.gc();
    parentPort.postMessage({ total, ruleCpu: [...s.ruleCpu], hash: s.hash });
  });
  parentPort.postMessage('ready');
} else {
/** A build run in a worker thread of its own, with the same `pass()` as `loadBuild`'s (asynchronous). */
async function isolatedBuild(build) {
  v8.setFlagsFromString('--expose-gc');
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { build } });
  const replies = [];
  let waiting;
  worker.on('message', (m) => (waiting ? (waiting(m), (waiting = undefined)) : replies.push(m)));
  worker.on('error', (e) => {
    console.error(e);
    process.exit(2);
  });
  const next = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((resolve) => (waiting = resolve)));
  await next();
  const state = { build, passes: [], rules: new Map(), hash: '', ruleCpu: new Map(), worker };
  state.pass = async () => {
    worker.postMessage('pass');
    const m = await next();
    state.ruleCpu = new Map(m.ruleCpu);
    state.hash = m.hash;
    return m.total;
  };
  return state;
}
const A = isolate ? await isolatedBuild(a) : await loadBuild(a);
const B = isolate ? await isolatedBuild(b) : await loadBuild(b);
for (let r = 0; r < rounds; r++) {
  for (const s of r % 2 === 0 ? [A, B] : [B, A]) {
    const t = await s.pass();
    if (r > 0) {
      s.passes.push(t);
      for (const [id, c] of s.ruleCpu) (s.rules.get(id) ?? s.rules.set(id, []).get(id)).push(c);
    }
  }
}
if (isolate) for (const s of [A, B]) await s.worker.terminate();
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [name, s] of [['A', A], ['B', B]]) {
  const byRule = [...s.rules].map(([id, xs]) => [id, median(xs)]).sort((x, y) => y[1] - x[1]);
  console.log(`${name} ${s.build}: rules CPU per pass, median of ${s.passes.length}: ${median(s.passes).toFixed(2)} s (${s.passes.map((t) => t.toFixed(2)).join(' ')}); findings ${s.hash}`);
  console.log(`  by rule (s, CPU, medians): ${byRule.map(([id, t]) => `${id} ${t.toFixed(2)}`).join(', ')}`);
}
const pairs = A.passes.map((t, i) => B.passes[i] / t);
console.log(`B/A per round: ${pairs.map((x) => x.toFixed(3)).join(' ')}; median ${median(pairs).toFixed(3)}; ${files.length} files; findings ${A.hash === B.hash ? 'equal' : 'DIFFER'}`);
}
