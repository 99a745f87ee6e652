// The one split of the corpus into a tuning half and a held-out half, by a hash of the file's path
// relative to the corpus root (as MANIFEST.tsv spells it). Detectors are tuned on the tuning half
// only; precision is measured on the held-out half. Plain JavaScript so that the benches (Node
// without TypeScript) and the tests (through test/helpers/corpus.ts) share this very function.
import { createHash } from 'node:crypto';

/** 'tuning' or 'heldout': the first byte of SHA-1 of the relative path, even or odd. */
export function corpusHalf(relPath) {
  const first = createHash('sha1').update(relPath.replace(/\\/g, '/')).digest()[0];
  return first % 2 === 0 ? 'tuning' : 'heldout';
}
