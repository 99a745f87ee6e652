#!/usr/bin/env node
// npm run bench:slow — the slow-input suite of issue 12. For every regular expression in rules/
// and server/src/ (literals read from the sources, `new RegExp` patterns recorded at run time), the
// generated worst cases of bench/slow-input-cases.mjs (long runs of each character class or group
// the pattern repeats) are linted at 1 MB in a paragraph and in a list item, with the built engine
// (dist/, run `npm run build` first); each regex is also run alone over its cases' texts. Prints a
// table: per regex its worst lint time and its worst time alone, against the 2 s budget. Times are
// CPU times of the linting process (on a shared machine wall time counts the other work too); a
// case is stopped after --limit ms of wall time.
// Options: --root DIR (the build to measure, default this checkout), --size BYTES (default 1 MiB),
// --limit MS (stop a case after, default 20000), --budget MS (default 2000), --only TEXT (regexes
// whose id contains TEXT), --no-alone (skip the regex-alone runs), --json FILE (write all results),
// --progress (a line per case as it is measured).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCases, BENIGN, benignText, caseKey, CaseRunner, caseText, casesOf, enumerateRegexes, recordDynamicRegexes, SHAPES } from './slow-input-cases.mjs';

const HERE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = path.resolve(opt('--root', HERE));
const size = Number(opt('--size', 1 << 20));
const limitMs = Number(opt('--limit', 20000));
const budgetMs = Number(opt('--budget', 2000));
const only = opt('--only', '');
const alone = !args.includes('--no-alone');
const jsonOut = opt('--json', '');

if (!fs.existsSync(path.join(root, 'dist/server/src/engine/engine.js'))) {
  console.error(`bench:slow: no build in ${root} (run npm run build)`);
  process.exit(2);
}

/** Every regex: literals from the sources, and the dynamic ones made while loading and linting. */
export async function everyRegex(dir) {
  const { literals, dynamicSites } = enumerateRegexes(dir);
  const dynamic = await recordDynamicRegexes(dir, async () => {
    const { Engine } = await import(path.join(dir, 'dist/server/src/engine/engine.js'));
    await import(path.join(dir, 'dist/server/src/lsp/server.js')).catch(() => undefined);
    const engine = new Engine({ cwd: dir, rules: undefined });
    const sample = '# Role\n\nYou are a helpful assistant. Always answer in JSON. Basically, just be concise.\n\n- Use `npm test` before committing.\n';
    for (const name of ['sample.md', 'sample.prompty', 'sample.yaml']) {
      const text = name.endsWith('.yaml') ? `system: |\n  ${sample.replace(/\n/g, '\n  ')}\n` : sample;
      engine.lintLoaded(engine.loadText(path.join(dir, name), text));
    }
  });
  return { regexes: [...literals, ...dynamic], literals, dynamic, dynamicSites };
}

const { regexes, literals, dynamic, dynamicSites } = await everyRegex(root);
const selected = regexes.filter((r) => !only || r.id.includes(only));
const cases = allCases(selected);
console.log(
  `slow-input: ${literals.length} regex literals, ${dynamic.length} patterns from ${dynamicSites.length} new RegExp sites; ` +
    `${cases.length} distinct cases × ${Object.keys(SHAPES).length} shapes at ${(size / 1024).toFixed(0)} KiB (limit ${limitMs / 1000} s, budget ${budgetMs / 1000} s)`,
);
const started = performance.now();
const runner = new CaseRunner(root, { limitMs });

// warm-up (the tokenizer's ranks load on first use), and the benign baseline of each shape
await runner.run({ kind: 'lint', text: benignText(4096), name: 'warm.md' });
const baseline = {};
for (const [shape, make] of Object.entries(SHAPES)) {
  baseline[shape] = (await runner.run({ kind: 'lint', text: make(BENIGN, size), name: 'benign.md' })).ms;
}

const show = (s) => JSON.stringify(s).slice(1, -1);
const describe = (c) => `${show(c.prefix).slice(0, 12)}[${show(c.pump)}×n]${show(c.suffix).slice(0, 8)}`;

for (const c of cases) {
  c.lint = {};
  for (const [shape, make] of Object.entries(SHAPES)) {
    const r = await runner.run({ kind: 'lint', text: make(c, size), name: 'case.md' });
    c.lint[shape] = r;
  }
  c.worst = Math.max(...Object.values(c.lint).map((r) => r.ms));
  if (args.includes('--progress')) console.log(`  case ${cases.indexOf(c) + 1}/${cases.length} ${describe(c)}: ${Object.entries(c.lint).map(([k, v]) => `${k} ${(v.ms / 1000).toFixed(2)} s${v.timedOut ? ' (stopped)' : ''}`).join(', ')}`);
}

const byKey = new Map(cases.map((c) => [c.key, c]));
const rows = [];
for (const r of selected) {
  const own = casesOf(r);
  const mine = [...new Set(own.map((c) => byKey.get(caseKey(c))))];
  const row = { id: r.id, pattern: `/${r.source}/${r.flags}`, cases: own.length, lintMs: 0, lintCase: '', aloneMs: 0, aloneCase: '', timedOut: false };
  for (const c of mine) {
    if (c.worst > row.lintMs) {
      row.lintMs = c.worst;
      row.lintCase = describe(c);
    }
    if (Object.values(c.lint).some((x) => x.timedOut)) row.timedOut = true;
  }
  if (alone) {
    for (const c of own) {
      const a = await runner.run({ kind: 'regex', source: r.source, flags: r.flags, text: caseText(c, size) });
      if (a.ms > row.aloneMs) {
        row.aloneMs = a.ms;
        row.aloneCase = describe(c);
      }
      if (a.timedOut) {
        row.aloneTimedOut = true;
        break;
      }
    }
  }
  rows.push(row);
}
await runner.stop();

const fmt = (ms, timedOut) => (timedOut ? `>${(limitMs / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);
const pad = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
console.log(`\nbenign text at ${(size / 1024).toFixed(0)} KiB: ${Object.entries(baseline).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}\n`);
console.log(`${pad('regex', 44)} ${pad('pattern', 46)} ${'cases'.padStart(5)}  ${'lint worst'.padStart(10)}  ${pad('worst case', 24)} ${'alone'.padStart(8)}  verdict`);
let over = 0;
for (const row of rows) {
  const lintOver = row.timedOut || row.lintMs > budgetMs;
  const aloneOver = row.aloneTimedOut || row.aloneMs > budgetMs;
  if (lintOver) over++;
  const verdict = row.cases === 0 ? 'no unbounded repetition' : lintOver ? 'OVER BUDGET' : aloneOver ? 'ok in lint; slow alone' : 'ok';
  console.log(
    `${pad(row.id, 44)} ${pad(row.pattern, 46)} ${String(row.cases).padStart(5)}  ${(row.cases ? fmt(row.lintMs, row.timedOut) : '-').padStart(10)}  ${pad(row.lintCase, 24)} ${(alone && row.cases ? fmt(row.aloneMs, row.aloneTimedOut) : '-').padStart(8)}  ${verdict}`,
  );
}
// cases no regex row shows (the benign text, structural cases such as the persona definitions):
// each a row of its own, so that the summary below counts every case linted
const caseOver = (c) => c.worst > budgetMs || Object.values(c.lint).some((x) => x.timedOut);
const regexKeys = new Set(selected.flatMap((r) => casesOf(r).map(caseKey)));
const structural = cases.filter((c) => !regexKeys.has(c.key));
const benignWorst = Math.max(...Object.values(baseline));
const nonRegex = [{ id: 'benign text (baseline)', worst: benignWorst, shapes: baseline, timedOut: false }, ...structural.map((c) => ({ id: c.key, worst: c.worst, shapes: Object.fromEntries(Object.entries(c.lint).map(([k, v]) => [k, v.ms])), timedOut: Object.values(c.lint).some((x) => x.timedOut) }))];
console.log('');
for (const row of nonRegex) {
  const verdict = row.timedOut || row.worst > budgetMs ? 'OVER BUDGET' : 'ok';
  console.log(`${pad(row.id, 91)} ${'-'.padStart(5)}  ${fmt(row.worst, row.timedOut).padStart(10)}  ${pad(Object.entries(row.shapes).map(([k, v]) => `${k} ${fmt(v)}`).join(', '), 24)} ${'-'.padStart(8)}  ${verdict}`);
}
const slowest = [...cases].sort((a, b) => b.worst - a.worst).slice(0, 10);
console.log(`\nslowest cases (lint, ${(size / 1024).toFixed(0)} KiB):`);
for (const c of slowest) {
  console.log(`  ${fmt(c.worst, Object.values(c.lint).some((x) => x.timedOut)).padStart(8)}  ${pad(describe(c), 30)} ${Object.entries(c.lint).map(([k, v]) => `${k} ${fmt(v.ms, v.timedOut)}`).join(', ')}  (${c.regexes.length} regexes, e.g. ${c.regexes[0]})`);
}
// every case counts: the regexes' cases, the structural ones and the benign baseline
const casesOver = cases.filter(caseOver).length + (benignWorst > budgetMs ? 1 : 0);
console.log(
  `\n${rows.length} regexes: ${over} over the ${budgetMs / 1000} s budget; ${cases.length + 1} cases (benign and structural included): ${casesOver} over; ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s`,
);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ size, baseline, rows, cases: cases.map(({ key, regexes: ids, lint, worst }) => ({ key, regexes: ids, lint, worst })) }, null, 1));
process.exitCode = over || casesOver ? 1 : 0;
