#!/usr/bin/env node
// Corpus review: lints ../shared/corpus (MANIFEST.tsv) with the chosen rules and writes a seeded
// random sample of their findings, each with its context, as a Markdown table for a human to judge
// (fill the verdict column with T or F, then count). The corpus is read in place, never copied.
//
//   node bench/corpus-review.mjs --rules duplicate-instruction [--sample 120] [--seed 1]
//        [--options '{"threshold":0.85}'] [--out review.md] [--dist dist] [--all]
//
// --rules     comma-separated rule ids (required)
// --sample    findings to sample (default 100; all of them when there are fewer, or with --all)
// --seed      sample seed (default 1), so a review can be regenerated
// --options   JSON options for every chosen rule (e.g. a threshold under study)
// --dist      build to import (default dist/, after `npm run build`)
// --out       output file (default: stdout)
// --per-file  sample from at most N random findings per file (diversity over finding weight)
// --json      also write every finding (not only the sample) to this JSON file, for analysis
// Prints per-rule totals, files with findings and the lint time on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { rng } from './random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

const { values } = parseCliArgs(import.meta.url, {
  options: {
    rules: { type: 'string' },
    sample: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    options: { type: 'string' },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    out: { type: 'string' },
    all: { type: 'boolean', default: false },
    json: { type: 'string' },
    'per-file': { type: 'string' },
  },
});
if (!values.rules) {
  console.error('usage: node bench/corpus-review.mjs --rules id[,id] [--sample N] [--seed S] [--options JSON] [--dist DIR] [--out FILE] [--all]');
  process.exit(2);
}
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.error(`corpus-review: no corpus at ${CORPUS}`);
  process.exit(2);
}

const dist = path.resolve(values.dist);
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const { allRules } = await load('rules/index.js');
const { Engine } = await load('server/src/engine/engine.js');
const { isWalkable } = await load('server/src/parse/detect.js');

const ids = values.rules.split(',').map((s) => s.trim());
const rules = ids.map((id) => {
  const rule = allRules.find((r) => r.meta.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
});
const options = values.options ? JSON.parse(values.options) : {};

// An empty root config outside the corpus, so no config above it applies.
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-review-'));
const configFile = path.join(cwd, '.promptlintrc.json');
fs.writeFileSync(configFile, JSON.stringify({ root: true, rules: Object.fromEntries(ids.map((id) => [id, ['warn', options]])) }));
const engine = new Engine({ cwd, configFile, rules });

// Only the files a directory walk picks up (Markdown, YAML, .prompty, text prompts; not JSON or XML).
const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]).filter((rel) => isWalkable(rel));
const findings = [];
const perRule = Object.fromEntries(ids.map((id) => [id, { findings: 0, files: new Set(), fixable: 0 }]));
const started = process.hrtime.bigint();
let linted = 0;
for (const rel of rows) {
  const loaded = engine.loadFile(path.join(CORPUS, rel));
  if (!loaded.ok) continue;
  linted++;
  const report = engine.lintLoaded(loaded, false);
  for (const error of report.ruleErrors) console.error(`rule error: ${error}`);
  const text = loaded.doc.file.text;
  for (const f of report.findings) {
    if (!perRule[f.ruleId]) continue;
    perRule[f.ruleId].findings++;
    perRule[f.ruleId].files.add(rel);
    if (f.fix?.length) perRule[f.ruleId].fixable++;
    findings.push({
      rel,
      ruleId: f.ruleId,
      line: f.start.line + 1,
      message: f.message,
      fixable: !!f.fix?.length,
      text: context(text, f.range),
      related: (f.related ?? []).map((r) => ({ line: r.start.line + 1, text: context(text, r.range) })),
      fix: f.fix?.map((e) => ({ removed: text.slice(e.range.start, e.range.end), inserted: e.text })),
    });
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

/** The finding's text (a unit, or a phrase with its sentence around it), folded to one line. */
function context(text, range) {
  const slice = text.slice(range.start, range.end);
  if (slice.length >= 40) return fold(slice);
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  let lineEnd = text.indexOf('\n', range.end);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(Math.max(lineStart, range.start - 60), range.start);
  const after = text.slice(range.end, Math.min(lineEnd, range.end + 60));
  return fold(`${before}[[${slice}]]${after}`);
}

function fold(s) {
  return s.replace(/\s+/g, ' ').trim();
}

function abbreviate(s, n = 100) {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}


const random = rng(Number(values.seed));
const shuffle = (xs) => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};
let pool = shuffle([...findings]);
if (values['per-file']) {
  const limit = Number(values['per-file']);
  const taken = new Map();
  pool = pool.filter((f) => {
    const n = taken.get(f.rel) ?? 0;
    taken.set(f.rel, n + 1);
    return n < limit;
  });
}
const size = values.all ? pool.length : Math.min(pool.length, Number(values.sample));
const sample = pool.slice(0, size).sort((a, b) => a.rel.localeCompare(b.rel) || a.line - b.line);

const cell = (s) => abbreviate(s).replace(/\|/g, '\\|');
const out = [];
out.push(`Corpus review of ${ids.map((id) => `\`${id}\``).join(', ')}: ${linted} files linted in ${seconds.toFixed(1)} s` +
  `${values.options ? ` with options \`${values.options}\`` : ' at default settings'}; sample of ${size} of ${findings.length} findings (seed ${values.seed}${values['per-file'] ? `, at most ${values['per-file']} per file` : ''}).`);
out.push('');
for (const id of ids) out.push(`- \`${id}\`: ${perRule[id].findings} findings (${perRule[id].fixable} with a fix) in ${perRule[id].files.size} files`);
out.push('');
out.push('| # | file:line | rule | finding | related | verdict |');
out.push('| --- | --- | --- | --- | --- | --- |');
sample.forEach((f, i) => {
  const related = f.related.map((r) => `${r.line}: ${cell(r.text)}`).join('; ');
  const fix = f.fix && !f.related.length ? ` → fix: \`${cell(f.fix.map((e) => `${fold(e.removed)}⇒${e.inserted}`).join(', '))}\`` : '';
  out.push(`| ${i + 1} | ${f.rel.replace(/^files\//, '')}:${f.line} | ${f.ruleId} | ${f.line}: ${cell(f.text)}${fix} | ${related} | ? |`);
});
out.push('');
const md = out.join('\n');
if (values.json) fs.writeFileSync(values.json, JSON.stringify(findings, null, 1));
if (values.out) fs.writeFileSync(values.out, md);
else process.stdout.write(md);
console.error(`${linted} files, ${findings.length} findings, ${seconds.toFixed(1)} s; ${ids.map((id) => `${id}: ${perRule[id].findings}`).join(', ')}`);
fs.rmSync(cwd, { recursive: true, force: true });
