#!/usr/bin/env node
// The paraphrase study (docs/decisions/paraphrase.md): what rules/lib/paraphrase.ts would add to
// duplicate-instruction, on the TUNING half of the corpus only.
//
// Recall: the injected cases of a dev set (bench/injections/*.jsonl: a corpus file, lines inserted
// after given lines, a defect type; tuning-half files only), each scored by whether the reader pairs
// an inserted unit with a unit of the prompt at a threshold, next to whether duplicate-instruction
// already finds it. Precision: on every tuning-half corpus file, the pairs the reader would ADD (the
// later unit not already reported by duplicate-instruction), among the units duplicate-instruction
// compares (rules/lib/candidates.ts) and only where `sameSubject` (rules/lib/same-subject.ts) lets
// two units be copies; a seeded random sample is written out for judging by hand, and the verdicts
// (a labels file: id, verdict true/false, reason) are read back to give precision per threshold
// with Wilson intervals.
//
//   node bench/paraphrase-study.mjs [--dist dist] [--cases F.jsonl] [--thresholds 0.5,0.6,0.7,0.8]
//        [--sample 60] [--seed 9] [--sample-min 0] [--sample-out F.jsonl] [--labels F.jsonl]
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
    cases: { type: 'string', default: path.join(ROOT, 'bench/injections/dev-s9.jsonl') },
    thresholds: { type: 'string', default: '0.5,0.6,0.7,0.8' },
    sample: { type: 'string', default: '60' },
    seed: { type: 'string', default: '9' },
    'sample-out': { type: 'string' },
    labels: { type: 'string' },
    'skip-corpus': { type: 'boolean', default: false },
    // draw the sample only among pairs at or above this score (to judge the high thresholds more closely)
    'sample-min': { type: 'string', default: '0' },
  },
});
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`paraphrase-study: no corpus at ${CORPUS}; nothing to measure`);
  process.exit(0);
}
const load = (rel) => import(pathToFileURL(path.join(path.resolve(values.dist), rel)).href);
const { paraphraseForm, paraphrasePairs, neighbours, isCheckItem } = await load('rules/lib/paraphrase.js');
const { recapSections } = await load('rules/lib/recap.js');
const { isCandidate, isReferenceEntry, isStructuralUnit } = await load('rules/lib/candidates.js');
const { sameSubject } = await load('rules/lib/same-subject.js');
const { allRules } = await load('rules/index.js');
const { parseDocument } = await load('server/src/parse/index.js');
const { createSourceFile } = await load('server/src/model/source.js');
const { lintDocument } = await load('server/src/engine/linter.js');

const thresholds = values.thresholds.split(',').map(Number).sort((a, b) => a - b);
const floor = thresholds[0];
const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };
const dupRule = allRules.filter((r) => r.meta.id === 'duplicate-instruction');

/** The pairs the reader adds in a file: later units duplicate-instruction does not already report. */
function addedPairs(file, text) {
  const doc = parseDocument(createSourceFile(file, text));
  // duplicate-instruction's findings, by the 1-based line of the later copy
  const reportedLines = new Set(lintDocument(doc, config, dupRule).findings.map((f) => f.start.line + 1));
  const line = (u) => doc.file.lines.positionAt(u.range.start).line + 1;
  const pairs = [];
  for (const prompt of doc.prompts) {
    const items = prompt.units
      .filter((u) => isCandidate(prompt, u, 4) && !isStructuralUnit(u) && !isReferenceEntry(prompt, u, text))
      .map((unit) => ({ prompt, unit, source: text }));
    if (items.length < 2) continue;
    const forms = items.map((it) => paraphraseForm(it.unit.text));
    // duplicate-instruction's exemptions (sameSubject), and the reader's own: neighbours in one
    // section, check items, and (below) pairs across a recap's edge
    const eligible = (e, l) =>
      !reportedLines.has(line(items[l].unit)) && !neighbours(items[e].unit, items[l].unit) && !isCheckItem(prompt, items[e].unit) && !isCheckItem(prompt, items[l].unit) && sameSubject(items[e], items[l]);
    const found = paraphrasePairs(forms, floor, eligible);
    const compared = new Int32Array(prompt.sections.length);
    for (const it of items) compared[it.unit.section]++;
    const recapOf = recapSections(prompt, found.map((p) => [items[p.earlier].unit, items[p.later].unit]), (s) => compared[s] ?? 0);
    for (const p of found) {
      if (recapOf && (recapOf(items[p.earlier].unit) === -1) !== (recapOf(items[p.later].unit) === -1)) continue;
      pairs.push({ file, score: p.score, earlierLine: line(items[p.earlier].unit), laterLine: line(items[p.later].unit), earlier: items[p.earlier].unit.text, later: items[p.later].unit.text });
    }
  }
  return { pairs, reportedLines };
}

const pct = (x) => `${Math.round(x * 100)}%`;

// ---- recall on the dev set's cases
const cases = fs.existsSync(values.cases) ? fs.readFileSync(values.cases, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const recall = {};
for (const c of cases) {
  if (corpusHalf(c.file) !== 'tuning') continue;
  const original = fs.readFileSync(path.join(CORPUS, c.file), 'utf8').replace(/^\uFEFF/, '');
  const mutated = applyInserts(original.split(/\r?\n/), c.inserts);
  const text = mutated.lines.join('\n');
  const injected = new Set(mutated.injected);
  const { pairs, reportedLines } = addedPairs(c.file, text);
  const already = [...injected].some((l) => reportedLines.has(l));
  const touching = pairs.filter((p) => injected.has(p.laterLine) || injected.has(p.earlierLine)).sort((a, b) => b.score - a.score);
  const hit = touching[0]?.score ?? 0;
  // the partner's line in the original's numbering, to check it against the case's source line
  const partner = touching[0] && (injected.has(touching[0].laterLine) ? touching[0].earlierLine : touching[0].laterLine);
  const originalLine = partner && mutated.newLineToOrig(partner);
  const r = (recall[c.type] ??= { n: 0, already: 0, at: Object.fromEntries(thresholds.map((t) => [t, 0])), misses: [] });
  r.n++;
  if (already) r.already++;
  for (const t of thresholds) if (!already && hit >= t) r.at[t]++;
  if (!already && c.type === 'near') r.misses.push(`${c.id} ${hit ? `${hit.toFixed(2)} (with line ${originalLine}, source ${c.source})` : '-'}`);
}
console.log(`recall on ${path.relative(ROOT, values.cases)} (tuning-half files): found by duplicate-instruction already, + added by the reader at each threshold`);
for (const [type, r] of Object.entries(recall)) {
  console.log(`  ${type.padEnd(16)} n=${r.n} already ${r.already}  ${thresholds.map((t) => `≥${t}: +${r.at[t]}`).join('  ')}`);
}
if (recall.near) console.log(`  near cases (best reader score with an inserted line): ${recall.near.misses.join(', ')}`);
if (values['skip-corpus']) process.exit(0);

// ---- pairs added on the tuning half of the corpus
const manifest = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
const tuning = manifest.filter((f) => corpusHalf(f) === 'tuning');
const all = [];
let files = 0;
const started = Date.now();
for (const file of tuning) {
  const full = path.join(CORPUS, file);
  if (!fs.existsSync(full)) continue;
  const text = fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '');
  if (text.length > 2 * 1024 * 1024) continue;
  files++;
  all.push(...addedPairs(file, text).pairs);
}
console.log(`\ntuning half: ${files} files, ${((Date.now() - started) / 1000).toFixed(0)} s; pairs the reader would add: ${thresholds.map((t) => `≥${t}: ${all.filter((p) => p.score >= t).length}`).join('  ')}`);
const byFile = new Map();
for (const p of all) byFile.set(p.file, (byFile.get(p.file) ?? 0) + 1);
console.log(`  in ${byFile.size} files; most: ${[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([f, n]) => `${n} ${f}`).join(', ')}`);

// ---- a seeded sample for judging, and the verdicts read back
let seed = Number(values.seed) >>> 0;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32);
const pool = all.filter((p) => p.score >= Number(values['sample-min']));
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [pool[i], pool[j]] = [pool[j], pool[i]];
}
const sample = pool.slice(0, Number(values.sample)).map((p, i) => ({ id: `s${i + 1}`, ...p, score: Number(p.score.toFixed(3)) }));
if (values['sample-out']) {
  fs.writeFileSync(values['sample-out'], sample.map((s) => JSON.stringify(s)).join('\n') + '\n');
  console.log(`  sample of ${sample.length} written to ${values['sample-out']}`);
}
if (values.labels && fs.existsSync(values.labels)) {
  const verdicts = new Map(fs.readFileSync(values.labels, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).map((l) => [`${l.file}:${l.laterLine}:${l.earlierLine}`, l.verdict]));
  console.log('\nprecision on the judged sample (pairs of the sample at or above each threshold):');
  for (const t of thresholds) {
    const judged = sample.filter((s) => s.score >= t && verdicts.has(`${s.file}:${s.laterLine}:${s.earlierLine}`));
    const ok = judged.filter((s) => verdicts.get(`${s.file}:${s.laterLine}:${s.earlierLine}`) === true).length;
    const [lo, hi] = wilson(ok, judged.length);
    console.log(`  ≥${t}: ${ok}/${judged.length} true = ${judged.length ? pct(ok / judged.length) : '-'} (Wilson 95% ${pct(lo)}–${pct(hi)})`);
  }
  // every labelled pair (of any earlier sample) that this build still produces: what a change kept and dropped
  const key = (p) => `${p.file}:${p.laterLine}:${p.earlierLine}`;
  const produced = new Map(all.map((p) => [key(p), p.score]));
  const labelled = [...verdicts].filter(([k]) => produced.has(k));
  const dropped = [...verdicts].filter(([k]) => !produced.has(k));
  console.log(`labelled pairs still produced: ${labelled.length} (${labelled.filter(([, v]) => v).length} true); dropped: ${dropped.length} (${dropped.filter(([, v]) => v).length} true)`);
  for (const t of thresholds) {
    const at = labelled.filter(([k]) => produced.get(k) >= t);
    const ok = at.filter(([, v]) => v).length;
    console.log(`  ≥${t}: ${ok}/${at.length}${at.length ? ` = ${pct(ok / at.length)}` : ''}`);
  }
}
