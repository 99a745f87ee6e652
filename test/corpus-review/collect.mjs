#!/usr/bin/env node
// Lints one half of the corpus (test/helpers/corpus-split.mjs) with the built rules (dist/) at
// their defaults and writes every finding as JSON lines: rule, file, line, fingerprint, message,
// and ±15 lines of context. With --sample N, a seeded random sample of at most N findings per rule
// (all of a rule's findings when it has fewer). The corpus is read in place, never copied.
//
//   node test/corpus-review/collect.mjs --half tuning|heldout [--sample 60] [--seed 1] [--out file.jsonl] [--counts]
import fs from 'node:fs';
import path from 'node:path';
import { parseCliArgs } from '../../bench/cli-args.mjs';
import { CORPUS, halfFiles, loadDist, numberedContext, PLAIN_CONFIG, ROOT, shuffle } from '../helpers/corpus-sampler.mjs';
import { fingerprint } from './fingerprint.mjs';
import { rng } from '../../bench/random.mjs';

const { values } = parseCliArgs(import.meta.url, {
  options: {
    half: { type: 'string', default: 'tuning' },
    sample: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    'max-bytes': { type: 'string', default: '200000' },
  },
});
const { allRules, parseDocument, isWalkable, createSourceFile, lintDocument } = await loadDist(values.dist);
const rules = allRules.filter((r) => !['token-budget', 'parse-error', 'invalid-directive'].includes(r.meta.id));

const out = [];
const counts = {};
let files = 0;
for (const { rel, text, lines } of halfFiles({ half: values.half, isWalkable, maxBytes: Number(values['max-bytes']) })) {
  files++;
  const doc = parseDocument(createSourceFile(path.join(CORPUS, rel), text));
  for (const f of lintDocument(doc, PLAIN_CONFIG, rules).findings) {
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
      context: { path: rel, lines: [from + 1, to], text: numberedContext(lines, f.start.line, 15) },
    });
  }
}
let chosen = out;
if (values.sample) {
  const n = Number(values.sample);
  const random = rng(Number(values.seed));
  chosen = [];
  for (const rule of Object.keys(counts).sort()) {
    chosen.push(...shuffle(out.filter((f) => f.rule === rule), random).slice(0, n));
  }
}
const jsonl = chosen.map((f) => JSON.stringify(f)).join('\n') + '\n';
if (values.out) fs.writeFileSync(values.out, jsonl);
else process.stdout.write(jsonl);
console.error(`${values.half} half: ${files} files; findings per rule: ${JSON.stringify(counts)}; written: ${chosen.length}`);
