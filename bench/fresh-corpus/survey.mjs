#!/usr/bin/env node
// Tries candidate packages for the fresh corpus (network: npm pack): packs the latest version of
// each name in candidates.txt into --cache, runs the selection over them all (select.mjs, with the
// shared corpus for the copy test), and writes tried.tsv (every name: version, prompt-like paths,
// candidates that passed the content test, copies dropped, files kept, or why it failed) and
// packages.tsv (the packages that yield a file, pinned: name, version, integrity), sorted by name.
// fetch.mjs then rebuilds the corpus from packages.tsv alone.
//
//   node bench/fresh-corpus/survey.mjs [--cache DIR] [--shared DIR] [--jobs 4]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from '../cli-args.mjs';
import { getTarball, packageCandidates, pickCorpus, sharedCorpusTexts } from './build.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    cache: { type: 'string', default: path.resolve(ROOT, '../fresh-corpus-cache') },
    shared: { type: 'string', default: path.resolve(ROOT, '../shared/corpus') },
    jobs: { type: 'string', default: '4' },
  },
});
const names = [...new Set(fs.readFileSync(path.join(HERE, 'candidates.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))].sort();
const results = new Map();
let next = 0;
async function worker() {
  while (next < names.length) {
    const name = names[next++];
    try {
      const tb = await getTarball({ name, version: 'latest', integrity: null }, values.cache);
      const { license, candidates, seen } = packageCandidates(tb.bytes);
      results.set(name, { name, version: tb.version, integrity: tb.integrity, license, candidates, seen });
    } catch (err) {
      results.set(name, { name, error: String(err.message ?? err).split('\n')[0].slice(0, 200) });
    }
    process.stderr.write(`\r${results.size}/${names.length} `);
  }
}
await Promise.all(Array.from({ length: Number(values.jobs) }, worker));
process.stderr.write('\n');
const ok = names.map((n) => results.get(n)).filter((r) => !r.error);
const { picked, stats } = pickCorpus(ok, sharedCorpusTexts(values.shared));
const byName = new Map(stats.map((s) => [s.name, s]));
const tried = ['name\tversion\tprompt_paths\tcandidates\tcopies_of_shared\tcopies_of_picked\tkept\tnote'];
for (const n of names) {
  const r = results.get(n);
  const s = byName.get(n);
  tried.push(r.error ? `${n}\t\t\t\t\t\t0\t${r.error.replace(/\t/g, ' ')}` : `${n}\t${r.version}\t${r.seen}\t${s.candidates}\t${s.copiesOfShared}\t${s.copiesOfPicked}\t${s.kept}\t`);
}
fs.writeFileSync(path.join(HERE, 'tried.tsv'), tried.join('\n') + '\n');
const keep = ok.filter((r) => byName.get(r.name).kept > 0);
fs.writeFileSync(path.join(HERE, 'packages.tsv'), ['name\tversion\tintegrity', ...keep.map((r) => `${r.name}\t${r.version}\t${r.integrity}`)].join('\n') + '\n');
const sum = (k) => stats.reduce((a, s) => a + s[k], 0);
console.log(`${names.length} tried, ${ok.length} packed, ${keep.length} yield; ${picked.length} files kept; candidates ${sum('candidates')}, copies of the shared corpus ${sum('copiesOfShared')}, of files already picked ${sum('copiesOfPicked')}`);
