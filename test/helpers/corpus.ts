/**
 * The real-prompt corpus beside the checkout (../shared/corpus, listed in MANIFEST.tsv). Tests read
 * it from there and skip with a message when it is absent; its text is never copied into the repo.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './cli.js';
import { corpusHalf as half } from './corpus-split.mjs';

export const corpusRoot = path.resolve(REPO, '../shared/corpus');
export const corpusPresent = fs.existsSync(path.join(corpusRoot, 'MANIFEST.tsv'));

export interface CorpusFile {
  /** Path relative to the corpus root. */
  readonly path: string;
  readonly bytes: number;
}

/** Rows of MANIFEST.tsv, or null when the corpus is absent. */
export function corpusFiles(): CorpusFile[] | null {
  if (!corpusPresent) return null;
  const lines = fs.readFileSync(path.join(corpusRoot, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split('\t');
  const iPath = header.indexOf('path');
  const iBytes = header.indexOf('bytes');
  return lines.slice(1).map((l) => {
    const cols = l.split('\t');
    return { path: cols[iPath]!, bytes: Number(cols[iBytes]) };
  });
}

export function readCorpusFile(f: CorpusFile): string {
  return fs.readFileSync(path.join(corpusRoot, f.path), 'utf8');
}

export type CorpusHalf = 'tuning' | 'heldout';

/**
 * The half of the corpus a file belongs to (a hash of its path, see corpus-split.mjs): detectors
 * are tuned on 'tuning' only; precision is measured on 'heldout'.
 */
export function corpusHalf(relPath: string): CorpusHalf {
  return half(relPath) as CorpusHalf;
}
