#!/usr/bin/env node
// Precision material for duplicate-instruction's restatements in other words (messageId 'reworded',
// rules/lib/near-copies.ts), on the TUNING half only: lints every walkable tuning-half file alone,
// in process, with duplicate-instruction at its default options plus `reworded: true` (so the
// measurement does not depend on the option's default), counts the reworded findings, and writes a
// seeded uniform sample of them with both passages and ±5 numbered lines of context around each,
// for judging as the prompt's maintainer would (docs/decisions/near-copies.md). The corpus is read
// in place, never copied into the project. `--exclude labels.jsonl` leaves out findings already
// judged there (file, line, earlier), so that a fresh sample holds only unjudged findings.
//
//   node bench/near-sample.mjs [--dist dist] [--seed 1] [--n 40] [--out sample.jsonl] [--exclude bench/near-copies-labels.jsonl] [--list]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { CORPUS, halfFiles, loadDist, numberedContext, PLAIN_CONFIG, shuffle } from '../test/helpers/corpus-sampler.mjs';
import { rng } from './random.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let values;
try {
  ({ values } = parseCliArgs(import.meta.url, {
    options: {
      dist: { type: 'string', default: path.join(ROOT, 'dist') },
      seed: { type: 'string', default: '1' },
      n: { type: 'string', default: '40' },
      out: { type: 'string' },
      exclude: { type: 'string' },
      list: { type: 'boolean', default: false },
      'max-bytes': { type: 'string', default: String(2 * 1024 * 1024) },
    },
  }));
} catch (err) {
  console.error(`near-sample: ${err.message}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`near-sample: no corpus at ${CORPUS}; nothing to sample`);
  process.exit(0);
}
const { allRules, parseDocument, isWalkable, createSourceFile, lintDocument } = await loadDist(values.dist);
const rule = allRules.find((r) => r.meta.id === 'duplicate-instruction');
const config = { ...PLAIN_CONFIG, rules: { 'duplicate-instruction': ['warning', { ...rule.meta.defaultOptions, reworded: true }] } };

const judged = new Set();
if (values.exclude) {
  for (const l of fs.readFileSync(values.exclude, 'utf8').split('\n').filter((x) => x.trim())) {
    const j = JSON.parse(l);
    judged.add(`${j.file}:${j.line}<${j.earlier}`);
  }
}

const findings = [];
let files = 0;
let nonBlank = 0;
let all = 0;
for (const { rel, text, lines } of halfFiles({ half: 'tuning', isWalkable, maxBytes: Number(values['max-bytes']) })) {
  files++;
  nonBlank += lines.filter((l) => l.trim()).length;
  const doc = parseDocument(createSourceFile(path.join(CORPUS, rel), text));
  for (const f of lintDocument(doc, config, [rule]).findings) {
    all++;
    if (f.messageId !== 'reworded') continue;
    const line = f.start.line + 1;
    const earlier = doc.file.lines.positionAt(f.related[0].range.start).line + 1;
    if (judged.has(`${rel}:${line}<${earlier}`)) continue;
    findings.push({ file: rel, line, earlier, message: f.message, lines });
  }
}
console.log(
  `near-sample: tuning half, ${files} files, ${nonBlank} non-blank lines; duplicate-instruction findings with reworded on: ${all}, of them reworded: ${findings.length}${values.exclude ? ' (not yet judged)' : ''} (${((1000 * findings.length) / nonBlank).toFixed(2)} per 1,000 non-blank lines)`,
);
if (values.list) for (const f of findings) console.log(`${f.file}:${f.line} < ${f.earlier}  ${f.lines[f.line - 1].trim().slice(0, 90)}  ||  ${f.lines[f.earlier - 1].trim().slice(0, 90)}`);
if (values.out) {
  const sample = shuffle([...findings], rng(Number(values.seed))).slice(0, Number(values.n));
  const out = sample.map((f, i) =>
    JSON.stringify({
      i,
      file: f.file,
      line: f.line,
      earlier: f.earlier,
      message: f.message,
      later: { text: f.lines[f.line - 1], context: numberedContext(f.lines, f.line - 1, 5) },
      source: { text: f.lines[f.earlier - 1], context: numberedContext(f.lines, f.earlier - 1, 5) },
    }),
  );
  fs.writeFileSync(values.out, out.join('\n') + '\n');
  console.log(`near-sample: ${sample.length} sampled (seed ${values.seed}) → ${values.out}`);
}
