/**
 * Bigram Dice similarity for near-duplicate search.
 *
 * `dice(a, b)` is exactly string-similarity's `compareTwoStrings` (whitespace removed, character
 * bigrams counted with multiplicity, Dice = 2·|A∩B| / (|A| + |B|)), but over profiles computed
 * once per text: a profile is the text's bigram codes (two UTF-16 units in one 32-bit integer),
 * sorted, so the multiset intersection is a linear merge of two typed arrays. string-similarity
 * rebuilds a Map of substrings per call: over 1,000² pairs of prompt sentences it takes about 13
 * times longer (`bench/dedupe-speed.mjs`); `test/rules/duplicate-instruction.test.ts` checks that
 * both give the same values.
 *
 * API (stable, shared with other rules): `bigramProfile`, `profileOfCodes`, `overlap`, `dice`,
 * `compareTwoStrings`.
 */

/** The bigrams of a text (whitespace removed), repeats kept, as sorted 32-bit codes. */
export interface BigramProfile {
  /** `first << 16 | second` per bigram, sorted ascending (as signed integers). */
  readonly codes: Int32Array;
  /** The text the profile was built from, for the identical / too-short cases of compareTwoStrings. */
  readonly text: string;
}

/** Whitespace other than the plain space (JS `\s`), which needs the slow path. */
const OTHER_WHITESPACE = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

let codeScratch = new Int32Array(1024);

/** Builds the profile of `text` (string-similarity's view: every character but whitespace). */
export function bigramProfile(text: string): BigramProfile {
  const s = OTHER_WHITESPACE.test(text) ? text.replace(/\s+/g, ' ') : text;
  if (s.length > codeScratch.length) codeScratch = new Int32Array(s.length * 2);
  let n = 0;
  let previous = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) continue;
    if (previous >= 0) codeScratch[n++] = (previous << 16) | c;
    previous = c;
  }
  return profileOfCodes(codeScratch, n, text);
}

/** A profile from the first `n` bigram codes in `codes` (copied), for builders that read text their own way. */
export function profileOfCodes(codes: Int32Array, n: number, text: string): BigramProfile {
  const own = codes.slice(0, n);
  own.sort();
  return { codes: own, text };
}

/** Size of the multiset intersection of two profiles (a merge of two sorted arrays). */
export function overlap(a: BigramProfile, b: BigramProfile): number {
  const x = a.codes;
  const y = b.codes;
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < x.length && j < y.length) {
    const u = x[i]!;
    const v = y[j]!;
    if (u === v) {
      count++;
      i++;
      j++;
    } else if (u < v) i++;
    else j++;
  }
  return count;
}

/** string-similarity's Dice coefficient over two profiles: 1 for identical texts, 0 when one is shorter than 2. */
export function dice(a: BigramProfile, b: BigramProfile): number {
  if (a.codes.length === 0 || b.codes.length === 0) {
    const compact = (p: BigramProfile) => p.text.replace(/\s+/g, '');
    return compact(a) === compact(b) ? 1 : 0;
  }
  return (2 * overlap(a, b)) / (a.codes.length + b.codes.length);
}

/** Same value as string-similarity's `compareTwoStrings(a, b)`. */
export function compareTwoStrings(a: string, b: string): number {
  return dice(bigramProfile(a), bigramProfile(b));
}
