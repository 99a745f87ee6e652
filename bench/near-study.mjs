#!/usr/bin/env node
// The near-copy study (docs/decisions/near-copies.md): which lexical signal tells the same
// instruction restated in other words from another line of the same prompt, on TUNING-half data only.
//
// Positives: the near cases of the dev sets (bench/injections/dev-s9.jsonl, dev2-s10.jsonl: an outside
// writer's restatement inserted into a tuning-half corpus file; `source` is the original line it
// restates): the best score between a unit of the inserted lines and a unit on the source line.
// Negatives: every pair of compared units (duplicate-instruction's candidates, rules/lib/candidates.ts)
// in different sections of one prompt of the same original files, unmodified (the method of
// docs/decisions/semantic-near-copies.md). For each signal and threshold: recall of the positives
// (Wilson 95 %) against flagged pairs per 1,000 compared units of the originals, first on the raw
// pairs, then with duplicate-instruction's placement exemptions applied to both (what a wired signal
// would see). --show T lists the flagged negative pairs of the wired signal at or above T, for reading.
//
//   node bench/near-study.mjs [--dist dist] [--show 0.6] [--signal near] [--cases a.jsonl,b.jsonl]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { corpusHalf } from '../test/helpers/corpus-split.mjs';
import { applyInserts } from './injected-cases.mjs';
import { wilson } from './lint-in-memory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    cases: { type: 'string', default: 'bench/injections/dev-s9.jsonl,bench/injections/dev2-s10.jsonl' },
    show: { type: 'string' },
    signal: { type: 'string', default: 'near' },
    verbose: { type: 'boolean', default: false },
  },
});
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`near-study: no corpus at ${CORPUS}; nothing to measure`);
  process.exit(0);
}
const load = (rel) => import(pathToFileURL(path.join(path.resolve(values.dist), rel)).href);
const { paraphraseForm, paraphraseScore, promptWeights, isCheckItem } = await load('rules/lib/paraphrase.js');
const near = await load('rules/lib/near-copies.js').catch(() => undefined);
const { isCandidate, isReferenceEntry, isStructuralUnit, isDescriptiveListItem } = await load('rules/lib/candidates.js');
const { sameSubject } = await load('rules/lib/same-subject.js');
const { stepsOfTwoProcedures } = await load('rules/lib/parallel-items.js');
const { parseDocument } = await load('server/src/parse/index.js');
const { createSourceFile } = await load('server/src/model/source.js');

const cases = values.cases
  .split(',')
  .flatMap((f) => fs.readFileSync(path.resolve(ROOT, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)))
  .filter((c) => c.type === 'near' && corpusHalf(c.file) === 'tuning');

/** The compared units of each prompt of a text, with their forms and placement. */
function readFile(file, text) {
  const doc = parseDocument(createSourceFile(file, text));
  const line = (offset) => doc.file.lines.positionAt(offset).line + 1;
  return doc.prompts.map((prompt) => {
    const units = prompt.units.filter((u) => isCandidate(prompt, u, 4));
    const items = units.map((unit) => ({
      prompt,
      unit,
      source: text,
      first: line(unit.range.start),
      last: line(unit.range.end),
      form: paraphraseForm(unit.text),
      asks: near?.unitAsks(unit.text),
      usable: !isStructuralUnit(unit) && !isReferenceEntry(prompt, unit, text) && !isDescriptiveListItem(prompt, unit, text),
    }));
    const weights = promptWeights(items.map((i) => i.form)).weight;
    // the wired score reads only the units that ask for something (asksSomething): their forms, their neighbourhoods
    const asking = items.map((it, k) => (it.asks ? k : -1)).filter((k) => k >= 0);
    const slot = new Map(asking.map((k, m) => [k, m]));
    const askingScores = near?.nearScores(asking.map((k) => items[k].unit.text));
    const scores = near?.nearScores(items.map((i) => i.unit.text));
    return { prompt, items, weights, scores, askingScores, slot };
  });
}

/** Duplicate-instruction's placement exemptions, as a wired signal would apply them. */
function placementAllows(a, b) {
  return !placementBlock(a, b);
}

/** Which exemption sets a pair apart (for the report), or '' when none does. */
function placementBlock(a, b) {
  if (!a.usable || !b.usable) return `structure (${!a.usable ? 'source' : ''}${!b.usable ? ' copy' : ''})`;
  if (!sameSubject(a, b)) return 'sameSubject';
  if (a.unit.section !== b.unit.section && stepsOfTwoProcedures(a.prompt, a.source, a.unit, b.unit)) return 'procedures';
  if (isCheckItem(a.prompt, a.unit) || isCheckItem(a.prompt, b.unit)) return 'check item';
  return '';
}

/** The signals compared: name → score of a pair of items (indices into one prompt's items). */
const SIGNALS = {
  paraphrase: (p, i, j) => paraphraseScore(p.items[i].form, p.items[j].form, p.weights),
  // the reader's score alone, and its margin over the two units' neighbourhoods (what is wired)
  ...(near ? { dice: (p, i, j) => near.nearScore(p.scores.ctx, i, j), margin: (p, i, j) => near.margin(p.scores, i, j) } : {}),
  // the margin between two units that both ask for something (what is wired)
  ...(near ? { near: (p, i, j) => (p.items[i].asks && p.items[j].asks ? near.margin(p.askingScores, p.slot.get(i), p.slot.get(j)) : -Infinity) } : {}),
};
const THRESHOLDS = { paraphrase: [0.5, 0.6, 0.7, 0.8, 0.9], dice: [0.5, 0.6, 0.7, 0.75, 0.8, 0.9], margin: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], near: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] };

// ---- positives
const positives = [];
for (const c of cases) {
  const original = fs.readFileSync(path.join(CORPUS, c.file), 'utf8').replace(/^\uFEFF/, '');
  const mutated = applyInserts(original.split(/\r?\n/), c.inserts);
  const injected = new Set(mutated.injected);
  const sourceLine = mutated.origLineToNew(c.source);
  const scores = {};
  let placed = false;
  const blocks = new Set();
  for (const p of readFile(c.file, mutated.lines.join('\n'))) {
    const ins = p.items.map((it, k) => [it, k]).filter(([it]) => injected.has(it.first));
    const src = p.items.map((it, k) => [it, k]).filter(([it]) => it.first <= sourceLine && sourceLine <= it.last);
    for (const [a, i] of src)
      for (const [b, j] of ins) {
        const block = placementBlock(a, b);
        if (block) blocks.add(block);
        const allowed = !block;
        placed ||= allowed;
        for (const [name, f] of Object.entries(SIGNALS)) {
          const s = f(p, i, j);
          const r = (scores[name] ??= { raw: 0, placed: 0 });
          r.raw = Math.max(r.raw, s);
          if (allowed) r.placed = Math.max(r.placed, s);
        }
      }
  }
  positives.push({ id: c.id, scores, placed, blocks: placed ? '' : [...blocks].join('+') || 'no unit' });
}

// ---- negatives: pairs in different sections of the unmodified originals
const files = [...new Set(cases.map((c) => c.file))];
let lines = 0;
const negatives = Object.fromEntries(Object.keys(SIGNALS).map((n) => [n, []]));
for (const file of files) {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').replace(/^\uFEFF/, '');
  for (const p of readFile(file, text)) {
    lines += p.items.length;
    for (let j = 1; j < p.items.length; j++)
      for (let i = 0; i < j; i++) {
        const a = p.items[i];
        const b = p.items[j];
        if (a.unit.section === b.unit.section) continue;
        let allowed;
        for (const [name, f] of Object.entries(SIGNALS)) {
          const s = f(p, i, j);
          if (s < Math.min(...THRESHOLDS[name])) continue;
          allowed ??= placementAllows(a, b);
          negatives[name].push({ score: s, allowed, file, earlier: `${a.first}: ${a.unit.text}`, later: `${b.first}: ${b.unit.text}` });
        }
      }
  }
}

const pct = (x) => `${Math.round(100 * x)}%`;
console.log(`near-study: ${positives.length} near cases (tuning half); negatives: pairs in different sections of ${files.length} original files, ${lines} compared units`);
console.log(`placement exemptions let ${positives.filter((p) => p.placed).length} of ${positives.length} positive pairs through; set apart: ${positives.filter((p) => !p.placed).map((p) => `${p.id} ${p.blocks}`).join(', ')}`);
for (const name of Object.keys(SIGNALS)) {
  console.log(`\n${name}`);
  console.log('| score ≥ | recall, raw (Wilson 95 %) | flagged pairs, raw | per 1,000 units | recall, placed | flagged, placed | per 1,000 units |');
  console.log('| --- | --- | ---: | ---: | --- | ---: | ---: |');
  for (const t of THRESHOLDS[name]) {
    const row = (key, keep) => {
      const k = positives.filter((p) => (p.scores[name]?.[key] ?? 0) >= t).length;
      const [lo, hi] = wilson(k, positives.length);
      const flagged = negatives[name].filter((n) => n.score >= t && keep(n)).length;
      return [`${k} (${pct(lo)}–${pct(hi)})`, flagged, ((1000 * flagged) / lines).toFixed(1)];
    };
    console.log(`| ${t} | ${[...row('raw', () => true), ...row('placed', (n) => n.allowed)].join(' | ')} |`);
  }
  if (values.verbose) console.log(positives.map((p) => `${p.id} ${(p.scores[name]?.raw ?? 0).toFixed(2)}/${(p.scores[name]?.placed ?? 0).toFixed(2)}`).join('  '));
}
if (values.show) {
  const t = Number(values.show);
  const shown = negatives[values.signal].filter((n) => n.score >= t && n.allowed).sort((a, b) => b.score - a.score);
  console.log(`\nflagged pairs (placed) of ${values.signal} at ≥ ${t}: ${shown.length}`);
  for (const n of shown) console.log(`${n.score.toFixed(2)} ${n.file}\n   ${n.earlier.slice(0, 200)}\n   ${n.later.slice(0, 200)}`);
}
