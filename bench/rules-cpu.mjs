#!/usr/bin/env node
// The rules' own CPU on the bench's files (the corpus's Markdown files, as bench/lint-corpus.mjs
// takes them), in one process on one thread: every file is parsed (not timed), then linted with all
// rules (timed with process.cpuUsage around lintDocument alone), and the pass repeated. Token
// counting, I/O and threads are left out, so on a loaded machine this moves far less than a run of
// the CLI, and an A/B of builds (run this once per build, interleaved) shows the rules' work alone.
// Also prints each rule's milliseconds of the last pass (Engine timing) and a hash of the findings.
// With RULE_CPU=1, also each rule's CPU time (process.cpuUsage around its check) of the last pass:
// on a loaded machine the per-rule wall times above mostly measure the other processes. Work that
// rules share (memoized per document) is counted in the first rule that asks for it. Rules with no
// `check` (task rules only: agent-file-limit, broken-import) are left unwrapped: a wrapper made
// `lintDocument` call an undefined `check` and time the thrown error (~0.2 s a pass before session 13).
// Usage: node bench/rules-cpu.mjs [BUILD=.] [passes=3]   (BUILD: a checkout or copy with dist/)
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchFiles, config, cpu, timedRules } from './rules-pass.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const build = path.resolve(process.argv[2] ?? path.join(HERE, '..'));
const passes = Number(process.argv[3] ?? 3);
const load = (rel) => import(pathToFileURL(path.join(build, 'dist', rel)).href);
const { allRules: plainRules, withSentenceMemos } = await load('rules/index.js');
/** CPU seconds per rule id in the current pass (RULE_CPU=1). */
let ruleCpu = new Map();
const allRules = !process.env.RULE_CPU ? plainRules : timedRules(plainRules, () => ruleCpu);
const { parseDocument } = await load('server/src/parse/index.js');
const { createSourceFile } = await load('server/src/model/source.js');
const { lintDocument } = await load('server/src/engine/linter.js');
const files = benchFiles();
const times = [];
let times1;
let hash;
const marks = [];
for (let p = 0; p < passes; p++) {
  marks.push(Number(process.hrtime.bigint() / 1000n));
  let total = 0;
  const ruleTimes = new Map();
  ruleCpu = new Map();
  const h = crypto.createHash('sha256');
  for (const f of files) {
    const doc = parseDocument(createSourceFile(f.name, f.text));
    const c0 = cpu();
    const out = withSentenceMemos(undefined, () => lintDocument(doc, config, allRules, ruleTimes));
    total += cpu() - c0;
    h.update(JSON.stringify(out.findings.map((x) => [x.ruleId, x.message, x.start, x.end])));
  }
  times.push(total);
  times1 = ruleTimes;
  hash = h.digest('hex').slice(0, 16);
}
const top = [...times1].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([id, ms]) => `${id} ${(ms / 1000).toFixed(2)}`).join(', ');
console.log(`${build}: rules CPU per pass ${times.map((t) => t.toFixed(2)).join(' ')} s (min ${Math.min(...times).toFixed(2)}); findings ${hash}; ${files.length} files`);
if (process.env.MARKS) console.log(`  pass starts (µs, monotonic): ${marks.join(' ')}`);
console.log(`  last pass by rule (s, wall): ${top}`);
if (process.env.RULE_CPU) console.log(`  last pass by rule (s, CPU): ${[...ruleCpu].sort((a, b) => b[1] - a[1]).map(([id, s]) => `${id} ${s.toFixed(2)}`).join(', ')}`);
