#!/usr/bin/env node
// node bench/contexts.mjs: a generated git repository with 500 instruction files for six agents
// (nested CLAUDE.md with @imports, AGENTS.md chains, Cursor rules, Copilot instructions, GEMINI.md,
// Windsurf rules), linted with no config (effective contexts derived) and with `agents: false`,
// alternately in one run (same load for both). Prints medians and the ratio. Options: --runs N;
// --builds A,B (checkouts or copies with bin/, dist/ and node_modules) times each build in turn on
// the same repository, interleaved, for an A/B comparison on a loaded machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 3;
const builds = args.includes('--builds') ? args[args.indexOf('--builds') + 1].split(',').map((b) => path.resolve(b)) : [ROOT];

const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-bench-ctx-')));
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
  fs.writeFileSync(path.join(work, rel), text);
};
const rules = (topic, n) => Array.from({ length: n }, (_, i) => `- For ${topic}, step ${i + 1}: check the ${['inputs', 'outputs', 'logs', 'tests'][i % 4]} of ${topic} before you change it.`).join('\n') + '\n';

let files = 0;
const add = (rel, text) => {
  write(rel, text);
  files++;
};
add('CLAUDE.md', `# Project\n\n@AGENTS.md\n@docs/shared.md\n\n${rules('the build', 8)}`);
add('AGENTS.md', `# Agents\n\n${rules('the repository', 8)}`);
add('docs/shared.md', `# Shared\n\n${rules('shared code', 6)}`);
add('.github/copilot-instructions.md', `# Copilot\n\n${rules('reviews', 6)}`);
add('GEMINI.md', `# Gemini\n\n@docs/shared.md\n\n${rules('gemini', 4)}`);
let pkg = 0;
while (files < 500) {
  const dir = `packages/p${String(pkg).padStart(3, '0')}`;
  add(`${dir}/CLAUDE.md`, `# Package ${pkg}\n\n@notes.md\n\n${rules(`package ${pkg}`, 5)}`);
  add(`${dir}/notes.md`, `# Notes ${pkg}\n\n${rules(`notes ${pkg}`, 3)}`);
  add(`${dir}/AGENTS.md`, `# Package ${pkg} agents\n\n${rules(`package ${pkg}`, 4)}`);
  add(`.cursor/rules/p${pkg}.mdc`, `---\nglobs: ${dir}/**\nalwaysApply: false\n---\n\n${rules(`cursor ${pkg}`, 3)}`);
  add(`.github/instructions/p${pkg}.instructions.md`, `---\napplyTo: "${dir}/**"\n---\n\n${rules(`copilot ${pkg}`, 3)}`);
  pkg++;
}
for (const f of ['src/index.ts']) write(f, 'export {};\n');
spawnSync('git', ['init', '-q'], { cwd: work });

function timed(config, build) {
  fs.writeFileSync(path.join(work, '.promptlintrc.json'), JSON.stringify({ root: true, include: ['**/*.md', '**/*.mdc'], ...config }));
  const bin = path.join(build, 'bin/prompt-lint.js');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, bin, '--format', 'json', '--concurrency', '1'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const [secs, kb, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const findings = JSON.parse(r.stdout).reduce((n, f) => n + f.messages.length, 0);
  return { secs, cpu: user + sys, mb: kb / 1024, findings, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = builds.map(() => ({ on: [], off: [] }));
for (let i = 0; i < runs; i++) {
  // the builds' order alternates each round, so neither always runs first
  const order = builds.map((_, k) => k);
  if (i % 2) order.reverse();
  for (const k of order) {
    results[k].on.push(timed({}, builds[k]));
    results[k].off.push(timed({ agents: false }, builds[k]));
  }
}
const show = (label, rs) =>
  console.log(
    `${label.padEnd(36)} median ${median(rs.map((r) => r.secs)).toFixed(2)} s  (${rs.map((r) => r.secs.toFixed(2)).join(', ')})  CPU ${median(rs.map((r) => r.cpu)).toFixed(2)} s  peak ${Math.max(...rs.map((r) => r.mb)).toFixed(0)} MB  ${rs[0].findings} findings`,
  );
console.log(`${files} instruction files in ${pkg} packages, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
builds.forEach((b, k) => {
  if (builds.length > 1) console.log(b);
  show('effective contexts (no config)', results[k].on);
  show('agents: false', results[k].off);
  console.log(`ratio ${(median(results[k].on.map((r) => r.secs)) / median(results[k].off.map((r) => r.secs))).toFixed(2)}×`);
});
if (builds.length > 1) console.log(`same output as ${builds[0]}: ${builds.map((_, k) => results[k].on.every((r) => r.out === results[0].on[0].out) && results[k].off.every((r) => r.out === results[0].off[0].out)).join(', ')}`);
if (process.env.KEEP) console.log(`kept ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
