#!/usr/bin/env node
// Rebuilds the fresh held-out corpus (test/corpus-review/fresh/README.md) from the pinned npm
// tarballs in bench/fresh-corpus/packages.tsv (name, exact version, integrity): `npm pack` each
// (network; only when a person runs this, never from a test), verify the tarball's integrity, pick
// its prompt files (bench/fresh-corpus/select.mjs: by path, by content, no copies of the shared
// corpus or of a file already picked, at most 15 a package in a seeded order), and write files/ and
// MANIFEST.tsv under --out. Same packages.tsv and shared corpus: the same files and MANIFEST, byte
// for byte; a SHA-256 over MANIFEST.tsv and every file is printed and compared with corpus.sha256
// beside this script (exit 1 when it differs).
//
//   node bench/fresh-corpus/fetch.mjs [--set 1|2] [--out DIR] [--cache DIR [--offline]] [--shared DIR] [--update-hash]
//
// --set      which set (bench/fresh-corpus/sets.mjs): 1 (default; session 14: packages.tsv,
//            corpus.sha256, ../fresh-corpus) or 2 (session 15, the held-out set: packages2.tsv,
//            corpus2.sha256, ../fresh-corpus2; its copy test also reads the built set 1)
// --out      where the corpus goes (default: the set's folder beside the repository)
// --cache    keep the tarballs here (as npm pack names them) and reuse those matching their integrity
// --offline  only the tarballs in --cache, no npm pack
// --shared   the shared corpus the copy test reads (default ../shared/corpus)
// --earlier  an earlier set's built corpus the copy test reads too (default for set 2:
//            ../fresh-corpus; repeatable; set 1 reads none)
// --list     the package list (default: the set's, beside this script)
// --hash     the recorded corpus SHA-256 (default: the set's, beside this script)
// --update-hash  write the new corpus SHA-256 there (after changing the package list)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from '../cli-args.mjs';
import { corpusDigest, getTarball, packageCandidates, pickCorpus, readPackageList, sharedCorpusTexts, writeCorpus } from './build.mjs';
import { corpusSetOr, usageFailure } from './sets.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    set: { type: 'string', default: '1' },
    out: { type: 'string' },
    cache: { type: 'string' },
    shared: { type: 'string', default: path.resolve(ROOT, '../shared/corpus') },
    earlier: { type: 'string', multiple: true },
    list: { type: 'string' },
    hash: { type: 'string' },
    offline: { type: 'boolean', default: false },
    'update-hash': { type: 'boolean', default: false },
  },
});

const fail = usageFailure('fetch.mjs');

const set = corpusSetOr(values.set, fail);
values.out ??= set.out;
values.list ??= set.packages;
values.hash ??= set.hash;
const earlierDirs = values.earlier ?? set.earlier;
let list;
try {
  list = readPackageList(values.list);
} catch (err) {
  fail(err.message);
}
if (values.offline && !values.cache) fail('--offline needs --cache DIR');
if (!fs.existsSync(path.join(values.shared, 'MANIFEST.tsv'))) fail(`no shared corpus at ${values.shared} (--shared DIR)`);
for (const dir of earlierDirs) if (!fs.existsSync(path.join(dir, 'MANIFEST.tsv'))) fail(`no earlier set's corpus at ${dir} (--earlier DIR): set ${set.set}'s copy test reads it`);
for (const dir of earlierDirs) if (path.resolve(dir) === path.resolve(values.out)) fail(`--out ${values.out} is an earlier set's corpus, which the copy test reads`);

// tarballs fetched 4 at a time; the packages keep packages.tsv's order
const packages = new Array(list.length);
let next = 0;
let done = 0;
async function worker() {
  while (next < list.length) {
    const i = next++;
    const row = list[i];
    let tb;
    try {
      tb = await getTarball(row, values.cache, { offline: values.offline });
    } catch (err) {
      process.stderr.write('\n');
      fail(String(err.message ?? err).split('\n')[0]);
    }
    const { license, candidates } = packageCandidates(tb.bytes);
    packages[i] = { ...row, license, candidates };
    process.stderr.write(`\r${++done}/${list.length} ${row.name}`.padEnd(70));
  }
}
await Promise.all(Array.from({ length: 4 }, worker));
process.stderr.write('\n');

const earlier = (function* () {
  for (const dir of earlierDirs) yield* sharedCorpusTexts(dir);
})();
const { picked, stats } = pickCorpus(packages, sharedCorpusTexts(values.shared), earlier);
writeCorpus(values.out, picked);

const sum = (k) => stats.reduce((a, s) => a + s[k], 0);
const kinds = {};
for (const f of picked) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
const sha = corpusDigest(picked);
console.log(`${picked.length} files from ${stats.filter((s) => s.kept > 0).length} packages → ${values.out}`);
console.log(`per kind: ${JSON.stringify(kinds)}`);
console.log(`candidates ${sum('candidates')}; dropped as copies of the shared corpus ${sum('copiesOfShared')}${earlierDirs.length ? `, of an earlier set ${sum('copiesOfEarlier')}` : ''}, of a file already picked ${sum('copiesOfPicked')}`);
console.log(`corpus sha256 (MANIFEST.tsv and every file) ${sha}`);
const hashFile = values.hash;
if (values['update-hash']) {
  fs.writeFileSync(hashFile, `${sha}\n`);
} else if (fs.existsSync(hashFile)) {
  const want = fs.readFileSync(hashFile, 'utf8').trim();
  if (want !== sha) {
    console.error(`fetch.mjs: the corpus differs from the recorded build (${path.basename(hashFile)} ${want}): the shared corpus${earlierDirs.length ? ', an earlier set' : ''} or the selection code changed`);
    process.exit(1);
  }
  console.log(`the same corpus as the recorded build (${path.basename(hashFile)})`);
}
