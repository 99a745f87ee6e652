#!/usr/bin/env node
// The findings of one rule that a change removes or adds over the whole corpus (both halves): the
// rule run from two builds (--before, --after: dist folders of checkouts) on every walkable file,
// findings compared by fingerprint (test/corpus-review/fingerprint.mjs) and place. Prints each removed or
// added finding as file:line <- related line, with the source repository (MANIFEST.tsv column 2),
// and the counts per half; --show N prints the two lines of N of them, to judge by eye.
//
// --corpus DIR runs on another corpus (a folder with MANIFEST.tsv, e.g. ../fresh-corpus; its files
// count as one half, "all"); --list tuning|all lists the changed findings of that half only (the
// default, tuning, keeps the held-out half's findings out of sight; counts are printed for both).
//
//   node bench/dup-diff.mjs --before dist-base --after dist [--rule duplicate-instruction] [--show 0] [--corpus DIR] [--list tuning]
import path from 'node:path';
import { parseCliArgs } from './cli-args.mjs';
import { CORPUS, halfFiles, loadDist, manifestRows, PLAIN_CONFIG } from '../test/helpers/corpus-sampler.mjs';
import { corpusHalf } from '../test/helpers/corpus-split.mjs';
import { fingerprint } from '../test/corpus-review/fingerprint.mjs';

const { values } = parseCliArgs(import.meta.url, {
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'dist' },
    rule: { type: 'string', default: 'duplicate-instruction' },
    show: { type: 'string', default: '0' },
    corpus: { type: 'string' },
    list: { type: 'string', default: 'tuning' },
  },
});
if (!values.before) {
  console.error('dup-diff.mjs: --before <dist folder> is required (dup-diff.mjs --help)');
  process.exit(2);
}
const corpus = values.corpus ? path.resolve(values.corpus) : CORPUS;
const shared = corpus === CORPUS;
const sourceOf = new Map(manifestRows(corpus).map((r) => [r[0], r[1]]));
const [A, B] = await Promise.all([loadDist(values.before), loadDist(values.after)]);
const lint = (E, rel, text) => {
  const doc = E.parseDocument(E.createSourceFile(path.join(corpus, rel), text));
  const out = new Map();
  // by fingerprint and place: one line copied into several places has one fingerprint, and each copy counts
  for (const f of E.lintDocument(doc, PLAIN_CONFIG, E.allRules.filter((r) => r.meta.id === values.rule)).findings) out.set(`${fingerprint(text, f)}:${f.start.line}:${f.start.character}:${f.related?.[0]?.start.line}`, f);
  return out;
};
const counts = { tuning: [0, 0], heldout: [0, 0], all: [0, 0] };
const changed = [];
for (const { rel, text, lines } of halfFiles({ half: 'all', isWalkable: A.isWalkable, corpus })) {
  const a = lint(A, rel, text);
  const b = lint(B, rel, text);
  const half = shared ? corpusHalf(rel) : 'all';
  counts[half][0] += a.size;
  counts[half][1] += b.size;
  if (values.list !== 'all' && half !== values.list) continue;
  for (const [k, f] of a) if (!b.has(k)) changed.push({ sign: '-', rel, f, lines });
  for (const [k, f] of b) if (!a.has(k)) changed.push({ sign: '+', rel, f, lines });
}
for (const h of shared ? ['tuning', 'heldout'] : ['all']) console.log(`${h}: ${counts[h][0]} -> ${counts[h][1]}`);
const show = Number(values.show);
for (const [i, { sign, rel, f, lines }] of changed.entries()) {
  const r = f.related?.[0]?.start.line;
  console.log(`${sign} ${rel}:${f.start.line + 1} <- ${r === undefined ? '?' : r + 1}  [${sourceOf.get(rel)}] ${f.messageId}`);
  if (i < show) {
    if (r !== undefined) console.log(`    E: ${(lines[r] ?? '').trim().slice(0, 160)}`);
    console.log(`    L: ${(lines[f.start.line] ?? '').trim().slice(0, 160)}`);
  }
}
