#!/usr/bin/env node
// Scaling of the fix machinery on generated worst cases (issue 12, item 2):
//  - duplicate-instruction's merging of deletions (`groupRemovals`) on a prompt that is one long run
//    of repetitions (list items, and sentences of one paragraph line);
//  - the choice of the fixes one pass applies (`compatibleFixes`, also the savings summary) on
//    thousands of fixes, in order and reversed.
// Run after `npm run build`:  node bench/fix-scaling.mjs [--dist dist] [--max-kb 1100] [--runs 3]
// Compare two builds in one run with --dist a,b (e.g. --dist dist,/tmp/old/dist): the rows alternate.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseCliArgs(import.meta.url, {
  options: { dist: { type: 'string', default: path.join(ROOT, 'dist') }, 'max-kb': { type: 'string', default: '1100' }, runs: { type: 'string', default: '3' } },
});
const builds = [];
for (const dist of values.dist.split(',')) {
  const load = (rel) => import(pathToFileURL(path.join(path.resolve(dist), rel)).href);
  builds.push({
    dist,
    parseDocument: (await load('server/src/parse/index.js')).parseDocument,
    createSourceFile: (await load('server/src/model/source.js')).createSourceFile,
    lintDocument: (await load('server/src/engine/linter.js')).lintDocument,
    compatibleFixes: (await load('server/src/engine/edits.js')).compatibleFixes,
    rule: (await load('rules/index.js')).allRules.find((r) => r.meta.id === 'duplicate-instruction'),
  });
}
const runs = Number(values.runs);
const maxKb = Number(values['max-kb']);
const config = {
  sources: [], baseDir: '/virtual', model: 'gpt-4o', include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 4 * 1024 * 1024,
  rules: { 'duplicate-instruction': ['warning', {}] },
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  const out = fn();
  return [performance.now() - t, out];
};

function listOfCopies(kb) {
  const line = '- Keep each commit focused on one change.\n';
  return `# Rules\n\n${line.repeat(Math.ceil((kb * 1024) / line.length))}`;
}
function sentencesOnOneLine(kb) {
  const s = 'Keep answers short and to the point. ';
  return `${s.repeat(Math.ceil((kb * 1024) / s.length)).trimEnd()}\n`;
}

console.log('| case | size | build | findings | median ms |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, make] of [['list of copies', listOfCopies], ['sentences on one line', sentencesOnOneLine]]) {
  for (let kb = 64; kb <= maxKb; kb *= 2) {
    const size = Math.min(kb, maxKb);
    const text = make(size);
    for (const b of builds) {
      const times = [];
      let findings = 0;
      for (let r = 0; r < runs; r++) {
        const doc = b.parseDocument(b.createSourceFile('/virtual/prompt.md', text));
        const [ms, outcome] = time(() => b.lintDocument(doc, config, [b.rule]));
        times.push(ms);
        findings = outcome.findings.length;
      }
      console.log(`| ${name} | ${(text.length / 1024).toFixed(0)} KB | ${b.dist} | ${findings} | ${median(times).toFixed(0)} |`);
    }
    if (kb < maxKb && kb * 2 > maxKb) kb = maxKb / 2;
  }
}

console.log('\n| compatibleFixes | fixes | build | median ms |');
console.log('| --- | --- | --- | --- |');
for (const n of [2000, 8000, 32000]) {
  const inOrder = Array.from({ length: n }, (_, i) => [{ range: { start: i * 80, end: i * 80 + 79 }, text: '' }]);
  // each fix also inserts at the end of its line, and every other one overlaps its neighbour
  const mixed = Array.from({ length: n }, (_, i) => [
    { range: { start: i * 80, end: i * 80 + (i % 2 ? 120 : 40) }, text: '' },
    { range: { start: i * 80 + 79, end: i * 80 + 79 }, text: '\n' },
  ]);
  for (const [label, fixes] of [['in order', inOrder], ['reversed', [...inOrder].reverse()], ['overlapping', mixed]]) {
    for (const b of builds) {
      const times = [];
      for (let r = 0; r < runs; r++) times.push(time(() => b.compatibleFixes(fixes))[0]);
      console.log(`| ${label} | ${n} | ${b.dist} | ${median(times).toFixed(1)} |`);
    }
  }
}
