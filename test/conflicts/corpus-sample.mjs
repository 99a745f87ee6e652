#!/usr/bin/env node
// Every finding of the three conflict rules on one half of the corpus (test/helpers/corpus-split.mjs),
// with both passages and the lines around each, for an independent reviewer; a seeded random sample
// of at most --max findings when there are more. Built rules (dist/), defaults, each file alone (as
// test/corpus-review/collect.mjs). The corpus is read in place, never copied.
//
//   node test/conflicts/corpus-sample.mjs --half heldout [--max 60] [--seed 1] [--context 5] --out file.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { parseCliArgs } from '../../bench/cli-args.mjs';
import { CORPUS, halfFiles, loadDist, numberedContext, PLAIN_CONFIG, ROOT, shuffle } from '../helpers/corpus-sampler.mjs';
import { fingerprint } from '../corpus-review/fingerprint.mjs';
import { rng } from '../../bench/random.mjs';

const { values } = parseCliArgs(import.meta.url, {
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
const { allRules, parseDocument, isWalkable, createSourceFile, lintDocument } = await loadDist(values.dist);
const rules = allRules.filter((r) => r.meta.id.startsWith('conflicting-'));
const around = Number(values.context);

const all = [];
const counts = {};
let files = 0;
for (const { rel, text, lines } of halfFiles({ half: values.half, isWalkable, maxBytes: Number(values['max-bytes']) })) {
  files++;
  const doc = parseDocument(createSourceFile(path.join(CORPUS, rel), text));
  const context = (line) => numberedContext(lines, line, around);
  for (const f of lintDocument(doc, PLAIN_CONFIG, rules).findings) {
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
  chosen = shuffle([...all], rng(Number(values.seed))).slice(0, max);
}
const jsonl = chosen.map((f) => JSON.stringify(f)).join('\n') + (chosen.length ? '\n' : '');
if (values.out) fs.writeFileSync(values.out, jsonl);
else process.stdout.write(jsonl);
console.error(`${values.half} half: ${files} files; conflict findings per rule: ${JSON.stringify(counts)}; total ${all.length}; written: ${chosen.length}${all.length > max ? ` (seeded sample, seed ${values.seed})` : ' (all)'}`);
