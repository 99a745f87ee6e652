#!/usr/bin/env node
// Tries candidate packages for the fresh corpus (network: npm pack): packs the latest version of
// each name in the set's candidate list into --cache, runs the selection over them all (select.mjs,
// with the shared corpus, and for set 2 the built set 1, for the copy test), and writes the set's
// tried list (every name: version, prompt-like paths, candidates that passed the content test, copies
// dropped, files kept, or why it failed) and package list (the packages that yield a file, pinned:
// name, version, integrity), sorted by name. fetch.mjs then rebuilds the corpus from the package list.
//
//   node bench/fresh-corpus/survey.mjs [--set 1|2] [--cache DIR] [--shared DIR] [--earlier DIR] [--jobs 4]
//
// --set      1: candidates.txt → tried.tsv, packages.tsv (session 14, cache ../fresh-corpus-cache);
//            2: candidates2.txt → tried2.tsv, packages2.tsv (session 15, cache ../fresh-corpus2-cache);
//            a set 2 name that set 1's candidates.txt lists is refused (exit 2)
// --cache    where the tarballs go (default: the set's cache)
// --shared   the shared corpus the copy test reads (default ../shared/corpus)
// --earlier  an earlier set's built corpus the copy test reads too (default for set 2: ../fresh-corpus;
//            repeatable)
// --jobs     npm pack runs at once (default 4)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from '../cli-args.mjs';
import { getTarball, packageCandidates, pickCorpus, sharedCorpusTexts } from './build.mjs';
import { corpusSet, corpusSetOr, usageFailure } from './sets.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    set: { type: 'string', default: '1' },
    cache: { type: 'string' },
    shared: { type: 'string', default: path.resolve(ROOT, '../shared/corpus') },
    earlier: { type: 'string', multiple: true },
    jobs: { type: 'string', default: '4' },
  },
});
const fail = usageFailure('survey.mjs');
const set = corpusSetOr(values.set, fail);
const cache = values.cache ?? set.cache;
const earlierDirs = values.earlier ?? set.earlier;
for (const dir of [values.shared, ...earlierDirs]) if (!fs.existsSync(path.join(dir, 'MANIFEST.tsv'))) fail(`no corpus (MANIFEST.tsv) at ${dir} for the copy test`);
const jobs = Number(values.jobs);
if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) fail(`--jobs ${values.jobs}: a whole number from 1 to 8`);

const readNames = (file) => fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const names = [...new Set(readNames(set.candidates))].sort();
for (let k = 1; k < set.set; k++) {
  const before = new Set(readNames(corpusSet(k).candidates));
  const again = names.filter((n) => before.has(n));
  if (again.length) fail(`${path.basename(set.candidates)} lists ${again.length} name(s) set ${k} tried already: ${again.slice(0, 5).join(', ')}`);
}
const results = new Map();
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    try {
      const tb = await getTarball({ name, version: 'latest', integrity: null }, cache);
      const { license, candidates, seen } = packageCandidates(tb.bytes);
      results.set(name, { name, version: tb.version, integrity: tb.integrity, license, candidates, seen });
    } catch (err) {
      results.set(name, { name, error: String(err.message ?? err).split('\n')[0].slice(0, 200) });
    }
    process.stderr.write(`\r${results.size}/${names.length} `);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
process.stderr.write('\n');
const ok = names.map((n) => results.get(n)).filter((r) => !r.error);
const earlier = (function* () {
  for (const dir of earlierDirs) yield* sharedCorpusTexts(dir);
})();
const { picked, stats } = pickCorpus(ok, sharedCorpusTexts(values.shared), earlier);
const byName = new Map(stats.map((s) => [s.name, s]));
// set 1's columns as session 14 wrote them; a later set also counts copies of the earlier sets
const withEarlier = earlierDirs.length > 0;
const tried = [`name\tversion\tprompt_paths\tcandidates\tcopies_of_shared${withEarlier ? '\tcopies_of_earlier_sets' : ''}\tcopies_of_picked\tkept\tnote`];
for (const n of names) {
  const r = results.get(n);
  const s = byName.get(n);
  tried.push(r.error ? `${n}\t\t\t\t${withEarlier ? '\t' : ''}\t\t0\t${r.error.replace(/\t/g, ' ')}` : `${n}\t${r.version}\t${r.seen}\t${s.candidates}\t${s.copiesOfShared}${withEarlier ? `\t${s.copiesOfEarlier}` : ''}\t${s.copiesOfPicked}\t${s.kept}\t`);
}
fs.writeFileSync(set.tried, tried.join('\n') + '\n');
const keep = ok.filter((r) => byName.get(r.name).kept > 0);
fs.writeFileSync(set.packages, ['name\tversion\tintegrity', ...keep.map((r) => `${r.name}\t${r.version}\t${r.integrity}`)].join('\n') + '\n');
const sum = (k) => stats.reduce((a, s) => a + s[k], 0);
console.log(`set ${set.set}: ${names.length} tried, ${ok.length} packed, ${keep.length} yield; ${picked.length} files kept; candidates ${sum('candidates')}, copies of the shared corpus ${sum('copiesOfShared')}${withEarlier ? `, of earlier sets ${sum('copiesOfEarlier')}` : ''}, of files already picked ${sum('copiesOfPicked')}`);
