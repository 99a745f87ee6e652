#!/usr/bin/env node
// Lints one half of the corpus (test/helpers/corpus-split.mjs) with the built rules (dist/) at
// their defaults and writes every finding as JSON lines: rule, file, line, fingerprint, message,
// and ±15 lines of context. With --sample N, a seeded random sample of at most N findings per rule
// (all of a rule's findings when it has fewer). The corpus is read in place, never copied.
//
//   node test/corpus-review/collect.mjs --half tuning|heldout [--sample 60] [--seed 1] [--out file.jsonl] [--counts]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusHalf } from '../helpers/corpus-split.mjs';
import { fingerprint } from './fingerprint.mjs';
import { rng } from '../../bench/random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseArgs({
  options: {
    half: { type: 'string', default: 'tuning' },
    sample: { type: 'string' },
    seed: { type: 'string', default: '1' },
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
const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };
const rules = allRules.filter((r) => !['token-budget', 'parse-error', 'invalid-directive'].includes(r.meta.id));

const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const out = [];
const counts = {};
let files = 0;
for (const [rel, , , , , bytes] of rows) {
  if (values.half !== 'all' && corpusHalf(rel) !== values.half) continue;
  if (!isWalkable(rel) || Number(bytes) > Number(values['max-bytes'])) continue;
  const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8').replace(/^\uFEFF/, '');
  files++;
  const doc = parseDocument(createSourceFile(path.join(CORPUS, rel), text));
  const lines = text.split(/\r\n|\r|\n/);
  for (const f of lintDocument(doc, config, rules).findings) {
    counts[f.ruleId] = (counts[f.ruleId] ?? 0) + 1;
    const from = Math.max(0, f.start.line - 15);
    const to = Math.min(lines.length, f.start.line + 16);
    out.push({
      rule: f.ruleId,
      file: rel,
      line: f.start.line + 1,
      fingerprint: fingerprint(text, f),
      message: f.message,
      related: (f.related ?? []).map((r) => r.start.line + 1),
      context: { path: rel, lines: [from + 1, to], text: lines.slice(from, to).map((l, k) => `${String(from + k + 1).padStart(5)}${from + k === f.start.line ? '>' : ' '} ${l}`).join('\n') },
    });
  }
}
let chosen = out;
if (values.sample) {
  const n = Number(values.sample);
  const random = rng(Number(values.seed));
  chosen = [];
  for (const rule of Object.keys(counts).sort()) {
    const all = out.filter((f) => f.rule === rule);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    chosen.push(...all.slice(0, n));
  }
}
const jsonl = chosen.map((f) => JSON.stringify(f)).join('\n') + '\n';
if (values.out) fs.writeFileSync(values.out, jsonl);
else process.stdout.write(jsonl);
console.error(`${values.half} half: ${files} files; findings per rule: ${JSON.stringify(counts)}; written: ${chosen.length}`);
