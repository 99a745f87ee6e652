#!/usr/bin/env node
// An A/B of the rules' CPU of two builds in one process: bench/rules-cpu.mjs's work (the bench's
// corpus files parsed, not timed, then linted with every rule, process.cpuUsage around each
// lintDocument), with the passes of the two builds alternating (A B A B …, or B A … on odd rounds
// with --swap). On a machine shared with other jobs, two processes run minutes apart meet different
// loads; passes run seconds apart in one process meet nearly the same, which resolves changes of a
// few percent that separate runs of rules-cpu.mjs cannot. Each build's modules load from its own
// dist/ (their own instances, their own compiled code); the heap is shared. The first pass of each
// build is left out of the medians (it compiles and warms up the rules).
// Usage: node bench/rules-ab.mjs BUILD_A BUILD_B [rounds=5]
// Prints each build's median CPU per pass, per rule (RULE_CPU style, the `check` of each rule), the
// ratio B/A, and each build's findings hash (they must match when the output is to be identical).
import crypto from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchFiles, config, cpu, timedRules } from './rules-pass.mjs';

const [a, b] = [process.argv[2], process.argv[3]].map((p) => p && path.resolve(p));
const rounds = Number(process.argv[4] ?? 5);
if (!a || !b || !(rounds >= 2)) {
  console.error('usage: node bench/rules-ab.mjs BUILD_A BUILD_B [rounds>=2]');
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
const A = await loadBuild(a);
const B = await loadBuild(b);
for (let r = 0; r < rounds; r++) {
  for (const s of r % 2 === 0 ? [A, B] : [B, A]) {
    const t = s.pass();
    if (r > 0) {
      s.passes.push(t);
      for (const [id, c] of s.ruleCpu) (s.rules.get(id) ?? s.rules.set(id, []).get(id)).push(c);
    }
  }
}
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
