// The fresh corpus's sets: each its own candidate list, survey outputs, pinned package list,
// recorded hash, output folder and tarball cache. Set 1 (session 14, /work/fresh-corpus) is tuning
// data from session 15 on; set 2 (session 15, /work/fresh-corpus2) is the held-out set. A later set's
// copy test also reads the earlier sets' built corpora (`earlier`), so that it holds no file that is
// identical to, or a near copy of, a file of theirs. survey.mjs and fetch.mjs take `--set N`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

/** Paths of set `n` (1 or 2); files beside this script, folders beside the repository. */
export function corpusSet(n) {
  const s = String(n);
  if (s === '1') {
    return {
      set: 1,
      candidates: path.join(HERE, 'candidates.txt'),
      tried: path.join(HERE, 'tried.tsv'),
      packages: path.join(HERE, 'packages.tsv'),
      hash: path.join(HERE, 'corpus.sha256'),
      out: path.resolve(ROOT, '../fresh-corpus'),
      cache: path.resolve(ROOT, '../fresh-corpus-cache'),
      earlier: [],
    };
  }
  if (s === '2') {
    return {
      set: 2,
      candidates: path.join(HERE, 'candidates2.txt'),
      tried: path.join(HERE, 'tried2.tsv'),
      packages: path.join(HERE, 'packages2.tsv'),
      hash: path.join(HERE, 'corpus2.sha256'),
      out: path.resolve(ROOT, '../fresh-corpus2'),
      cache: path.resolve(ROOT, '../fresh-corpus2-cache'),
      earlier: [path.resolve(ROOT, '../fresh-corpus')],
    };
  }
  throw new Error(`--set ${JSON.stringify(s)}: the sets are 1 and 2`);
}

/** A usage or data error of a fresh-corpus script: one line on stderr, named after the script, exit 2. */
export function usageFailure(script) {
  return (message) => {
    console.error(`${script}: ${message}`);
    process.exit(2);
  };
}

/** `corpusSet(n)`, or `fail` with its message when n names no set. */
export function corpusSetOr(n, fail) {
  try {
    return corpusSet(n);
  } catch (err) {
    return fail(err.message);
  }
}
