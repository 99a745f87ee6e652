#!/usr/bin/env node
// Every finding of the three conflict rules on one half of the corpus (test/helpers/corpus-split.mjs),
// with both passages and the lines around each, for an independent reviewer; a seeded random sample
// of at most --max findings when there are more. Built rules (dist/), defaults, each file alone (as
// test/corpus-review/collect.mjs). The corpus is read in place, never copied.
//
//   node test/conflicts/corpus-sample.mjs --half heldout [--max 60] [--seed 1] [--context 5] --out file.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusHalf } from '../helpers/corpus-split.mjs';
import { fingerprint } from '../corpus-review/fingerprint.mjs';
import { rng } from '../../bench/random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseArgs({
  options: {
    half: { type: 'string', default: 'heldout' },
    max: { type: 'string', default: '60' },
    seed: { type: 'string', default: '1' },
    context: { type: 'string', default: '5' },
    out: { type: 'string' },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    'max-bytes': { type: 'string', default: '200000' },
  },
});
const load = (rel) => import(pathToFileURL(path.join(path.resolve(values.dist), rel)).href);
const { allRules } = await load('rules/index.js');
const { parseDocument } = await load('server/src/parse/index.js');
const { isWalkable } = await load('server/src/parse/detect.js');
const { createSourceFile } = await load('server/src/model/source.js');
const { lintDocument } = await load('server/src/engine/linter.js');
const rules = allRules.filter((r) => r.meta.id.startsWith('conflicting-'));
const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };
const around = Number(values.context);

const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const all = [];
const counts = {};
let files = 0;
for (const [rel, , , , , bytes] of rows) {
  if (corpusHalf(rel) !== values.half) continue;
  if (!isWalkable(rel) || Number(bytes) > Number(values['max-bytes'])) continue;
  const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8').replace(/^\uFEFF/, '');
  files++;
  const doc = parseDocument(createSourceFile(path.join(CORPUS, rel), text));
  const lines = text.split(/\r\n|\r|\n/);
  const context = (line) => {
    const from = Math.max(0, line - around);
    const to = Math.min(lines.length, line + around + 1);
    return lines.slice(from, to).map((l, k) => `${String(from + k + 1).padStart(5)}${from + k === line ? '>' : ' '} ${l}`).join('\n');
  };
  for (const f of lintDocument(doc, config, rules).findings) {
    counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
    const other = f.related?.[0];
    all.push({
      rule: f.ruleId,
      file: rel,
      line: f.start.line + 1,
      fingerprint: fingerprint(text, f),
      message: f.message,
      passage: text.slice(f.range.start, f.range.end),
      otherLine: other ? other.start.line + 1 : null,
      otherPassage: other ? text.slice(other.range.start, other.range.end) : null,
      context: context(f.start.line),
      otherContext: other && Math.abs(other.start.line - f.start.line) > around ? context(other.start.line) : null,
    });
  }
}
let chosen = all;
const max = Number(values.max);
if (all.length > max) {
  const random = rng(Number(values.seed));
  const shuffled = [...all];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  chosen = shuffled.slice(0, max);
}
const jsonl = chosen.map((f) => JSON.stringify(f)).join('\n') + (chosen.length ? '\n' : '');
if (values.out) fs.writeFileSync(values.out, jsonl);
else process.stdout.write(jsonl);
console.error(`${values.half} half: ${files} files; conflict findings per rule: ${JSON.stringify(counts)}; total ${all.length}; written: ${chosen.length}${all.length > max ? ` (seeded sample, seed ${values.seed})` : ' (all)'}`);
