// What the corpus samplers share (test/corpus-review/collect.mjs, test/corpus-review/heldout-sample.mjs,
// test/conflicts/corpus-sample.mjs): the corpus and its manifest, the files of one half, the built
// engine's parts (dist/) and a plain config to lint each file alone with, numbered context lines,
// and the seeded shuffle their samples are taken from. The corpus is read in place, never copied.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corpusHalf } from './corpus-split.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
/** The fresh corpus's set 1 (held out in session 14, tuning data from session 15), built by bench/fresh-corpus/fetch.mjs. */
export const FRESH_CORPUS = path.resolve(ROOT, '../fresh-corpus');
/** The fresh corpus's set 2, the held-out set from session 15 on (fetch.mjs --set 2). */
export const FRESH_CORPUS2 = path.resolve(ROOT, '../fresh-corpus2');
export const HALVES = ['tuning', 'heldout', 'all'];

/** MANIFEST.tsv's rows, each split into its columns (path first, bytes sixth). */
export function manifestRows(corpus = CORPUS) {
  return fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
}

/**
 * The paths (relative to the corpus, in manifest order) of one half ('tuning', 'heldout'; 'all'
 * for every file, as for the fresh corpus, held out as a whole) that a directory walk lints.
 */
export function corpusPaths({ half, isWalkable, corpus = CORPUS }) {
  if (!HALVES.includes(half)) throw new Error(`unknown half ${JSON.stringify(half)}: one of ${HALVES.join(', ')}`);
  return manifestRows(corpus)
    .map((r) => r[0])
    .filter((rel) => (half === 'all' || corpusHalf(rel) === half) && isWalkable(rel));
}

/** The built engine's parts a sampler lints with, from `dist` (a checkout's dist/ folder). */
export async function loadDist(dist) {
  const load = (rel) => import(pathToFileURL(path.join(path.resolve(dist), rel)).href);
  const { allRules } = await load('rules/index.js');
  const { parseDocument } = await load('server/src/parse/index.js');
  const { isWalkable } = await load('server/src/parse/detect.js');
  const { createSourceFile } = await load('server/src/model/source.js');
  const { lintDocument } = await load('server/src/engine/linter.js');
  return { allRules, parseDocument, isWalkable, createSourceFile, lintDocument };
}

/** A resolved config of defaults, no config file: each file is linted alone, by the rules' default options. */
export const PLAIN_CONFIG = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };

/**
 * The walkable files of one half ('tuning', 'heldout'; 'all' for both) up to `maxBytes`, in manifest
 * order: `{ rel, text, lines }` with the BOM taken off the text.
 */
export function* halfFiles({ half, isWalkable, maxBytes = Infinity, corpus = CORPUS }) {
  for (const [rel, , , , , bytes] of manifestRows(corpus)) {
    if (half !== 'all' && corpusHalf(rel) !== half) continue;
    if (!isWalkable(rel) || Number(bytes) > maxBytes) continue;
    const text = readCorpusText(rel, corpus);
    yield { rel, text, lines: text.split(/\r\n|\r|\n/) };
  }
}

/** A corpus file's text (path relative to the corpus, or absolute), BOM taken off. */
export function readCorpusText(file, corpus = CORPUS) {
  return fs.readFileSync(path.resolve(corpus, file), 'utf8').replace(/^\uFEFF/, '');
}

/** `around` lines either side of the 0-based `line`, numbered from 1, that line marked with '>'. */
export function numberedContext(lines, line, around) {
  const from = Math.max(0, line - around);
  const to = Math.min(lines.length, line + around + 1);
  return lines
    .slice(from, to)
    .map((l, k) => `${String(from + k + 1).padStart(5)}${from + k === line ? '>' : ' '} ${l}`)
    .join('\n');
}

/** Fisher-Yates in place with a seeded generator (bench/random.mjs); returns the list. */
export function shuffle(list, random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}
