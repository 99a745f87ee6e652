#!/usr/bin/env node
// Held-out measurement material for an independent reviewer: runs the CLI (bin/prompt-lint.js of a
// checkout, at its defaults, no config) on the walkable files of the held-out half of a corpus
// (test/helpers/corpus-split.mjs), counts findings per detector rule, and writes a seeded random
// sample: up to --dup findings of duplicate-instruction and up to --each of every other detector
// rule (all of a rule's findings when it has fewer). Each sampled line holds the file, line, rule,
// message, the finding's passage and its related passage, and about ten lines of context around
// each. The corpus is read in place, never copied into the project.
//
//   node test/corpus-review/heldout-sample.mjs --root <checkout> --seed 20261206 [--out sample.jsonl] [--per-file N] [--counts-only]
//   node test/corpus-review/heldout-sample.mjs --corpus ../fresh-corpus2 --half all [...]
//
// --corpus DIR  the corpus (a folder with MANIFEST.tsv; default ../shared/corpus beside this checkout).
//               From session 15 on the held-out set is the fresh corpus's set 2 (test/corpus-review/fresh/),
//               held out as a whole: --corpus ../fresh-corpus2 --half all (set 1, ../fresh-corpus, the
//               held-out set of session 14, is tuning data now).
// --half H      tuning, heldout (default) or all
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { parseCliArgs } from '../../bench/cli-args.mjs';
import { CORPUS, corpusPaths, HALVES, numberedContext, readCorpusText, ROOT, shuffle } from '../helpers/corpus-sampler.mjs';
import { rng } from '../../bench/random.mjs';

const { values } = parseCliArgs(import.meta.url, {
  options: {
    root: { type: 'string', default: ROOT },
    corpus: { type: 'string', default: CORPUS },
    half: { type: 'string', default: 'heldout' },
    seed: { type: 'string', default: '20261206' },
    dup: { type: 'string', default: '60' },
    each: { type: 'string', default: '30' },
    'per-file': { type: 'string' },
    out: { type: 'string' },
    'counts-only': { type: 'boolean', default: false },
  },
});
const DETECTORS = ['duplicate-instruction', 'filler-phrase', 'repeated-format-rule', 'repeated-persona', 'conflicting-format-rule', 'conflicting-instruction', 'conflicting-persona'];
const root = path.resolve(values.root);
const corpus = path.resolve(values.corpus);
function usage(message) {
  console.error(`heldout-sample.mjs: ${message}\n(heldout-sample.mjs --help lists the options)`);
  process.exit(2);
}
if (!HALVES.includes(values.half)) usage(`--half must be one of ${HALVES.join(', ')}, not ${JSON.stringify(values.half)}`);
if (!fs.existsSync(path.join(corpus, 'MANIFEST.tsv'))) usage(`no MANIFEST.tsv in ${corpus} (--corpus DIR)`);
if (!fs.existsSync(path.join(root, 'dist/server/src/parse/detect.js'))) usage(`no build in ${root} (npm run build there, or --root <checkout>)`);
const { isWalkable } = await import(pathToFileURL(path.join(root, 'dist/server/src/parse/detect.js')).href);

const files = corpusPaths({ half: values.half, isWalkable, corpus });

// the CLI over the files in batches (argument lists stay short), JSON out; exit 1 just means findings
const results = [];
for (let i = 0; i < files.length; i += 200) {
  const batch = files.slice(i, i + 200).map((rel) => path.join(corpus, rel));
  let out;
  try {
    out = execFileSync(process.execPath, [path.join(root, 'bin/prompt-lint.js'), '--format', 'json', ...batch], { cwd: corpus, maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    if (err.status !== 1) throw err;
    out = err.stdout;
  }
  results.push(...JSON.parse(out));
}

const counts = Object.fromEntries(DETECTORS.map((r) => [r, 0]));
const findings = [];
const texts = new Map();
const textOf = (abs) => {
  if (!texts.has(abs)) texts.set(abs, readCorpusText(abs, corpus).split(/\r\n|\r|\n/));
  return texts.get(abs);
};
for (const r of results) {
  for (const m of r.messages) {
    if (!DETECTORS.includes(m.ruleId)) continue;
    counts[m.ruleId]++;
    findings.push({ abs: r.filePath, m });
  }
}
console.log(`${values.half} half: ${files.length} walkable files; findings per detector rule: ${JSON.stringify(counts)}`);
if (values['counts-only']) process.exit(0);

/** The text of a range (1-based lines and columns, end exclusive) and ±5 lines of context, numbered, the range's first line marked. */
function passage(abs, line, column, endLine, endColumn) {
  const lines = textOf(abs);
  const text =
    line === endLine
      ? (lines[line - 1] ?? '').slice(column - 1, endColumn - 1)
      : [(lines[line - 1] ?? '').slice(column - 1), ...lines.slice(line, endLine - 1), (lines[endLine - 1] ?? '').slice(0, endColumn - 1)].join('\n');
  return { line, text, context: numberedContext(lines, line - 1, 5) };
}

const random = rng(Number(values.seed));
const sample = [];
for (const rule of DETECTORS) {
  // shuffled with the seeded generator, then the first n
  const all = shuffle(findings.filter((f) => f.m.ruleId === rule), random);
  // --per-file N: at most N findings of a rule per file (taken in the shuffled order), for a sample
  // that one file with hundreds of findings cannot fill
  const perFile = new Map();
  const eligible = values['per-file'] ? all.filter(({ abs }) => (perFile.set(abs, (perFile.get(abs) ?? 0) + 1), perFile.get(abs) <= Number(values['per-file']))) : all;
  const n = Math.min(eligible.length, Number(rule === 'duplicate-instruction' ? values.dup : values.each));
  for (const { abs, m } of eligible.slice(0, n)) {
    const rel = path.relative(corpus, abs);
    const rel0 = m.related?.[0];
    sample.push({
      rule,
      file: rel,
      line: m.line,
      message: m.message,
      passage: passage(abs, m.line, m.column, m.endLine, m.endColumn),
      related: rel0 ? { file: path.relative(corpus, rel0.filePath), message: rel0.message, ...passage(rel0.filePath, rel0.line, rel0.column, rel0.endLine, rel0.endColumn) } : null,
    });
  }
}
const out = values.out ?? '/dev/stdout';
fs.writeFileSync(out, sample.map((s) => JSON.stringify(s)).join('\n') + '\n');
console.log(`sampled (seed ${values.seed}): ${JSON.stringify(Object.fromEntries(DETECTORS.map((r) => [r, sample.filter((s) => s.rule === r).length])))} → ${out}`);
