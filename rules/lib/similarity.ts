/**
 * Bigram Dice similarity and a candidate index for near-duplicate search.
 *
 * `dice(a, b)` is exactly string-similarity's `compareTwoStrings` (whitespace removed, character
 * bigrams counted with multiplicity, Dice = 2·|A∩B| / (|A| + |B|)), but over profiles computed
 * once per text: a profile is the text's bigram codes (two UTF-16 units in one 32-bit integer),
 * sorted, so the multiset intersection is a linear merge of two typed arrays. string-similarity
 * rebuilds a Map of substrings per call: over 1,000² pairs of prompt sentences it takes about 13
 * times longer (`bench/dedupe-speed.mjs`); `test/rules/duplicate-instruction.test.ts` checks that
 * both give the same values.
 *
 * `SimilarityIndex` finds the pairs whose Dice similarity can reach a threshold t without comparing
 * all pairs. It is the prefix filter of set-similarity joins (Chaudhuri et al. 2006; Bayardo et
 * al.'s All-Pairs, 2007; Xiao et al.'s PPJoin, 2008). Order all bigram occurrences (bigram, k-th
 * repeat) by how many of the indexed texts hold them, rarest first. If Dice(x, y) ≥ t then
 * |x ∩ y| ≥ o(x, y) = ⌈t·(|x| + |y|) / 2⌉ ≥ ⌈t·|x| / (2 − t)⌉, and two multisets that share o
 * elements share one among their first |x| − ⌈t·|x|/(2 − t)⌉ + 1 elements. Only those prefixes are
 * indexed and probed, with the length filter t/(2−t) ≤ |y|/|x| ≤ (2−t)/t and PPJoin's positional
 * filter (the overlap still reachable from the first shared prefix positions must reach o). The
 * filters are exact: no pair at or above the threshold is missed. (duplicate-instruction does not
 * need it: its near-duplicates share their content words, so it buckets units by that set; the
 * index is for searches by similarity alone.)
 *
 * API (stable, shared with other rules): `bigramProfile`, `profileOfCodes`, `overlap`, `dice`,
 * `compareTwoStrings`, `SimilarityIndex`.
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

/**
 * Bigrams are counted and ordered by a 14-bit class: the two characters themselves for ASCII
 * bigrams, a hash for the others. Two bigrams of one class are one element to the index; that
 * can only make two texts look closer, so the filters stay exact.
 */
function bigramClass(code: number): number {
  const a = code >>> 16;
  const b = code & 0xffff;
  return a < 128 && b < 128 ? (a << 7) | b : Math.imul(code, 0x9e3779b1) >>> 18;
}

let keyScratch = new Int32Array(1024);

/**
 * Prefix-filter index over the profiles of one search (one prompt, one task) for one threshold.
 * Call `candidates(id)` for ids 0, 1, 2 … in order: it returns the earlier ids whose Dice
 * similarity with `id` may reach the threshold (a superset of the true matches, never missing
 * one; verify them with `dice`) and registers `id` for later calls. `query(profile)` does the
 * same for an outside profile without registering it.
 */
export class SimilarityIndex {
  private readonly profiles: readonly BigramProfile[];
  private readonly threshold: number;
  private readonly ratio: number;
  /** How many profiles hold each bigram class (per repeat, capped at 2^16 − 1). */
  private readonly frequency = new Uint16Array(1 << 14);
  /** element (class << 6 | repeat) → [id, position, id, position, …] of registered prefixes. */
  private readonly postings = new Map<number, number[]>();
  /** Accumulated prefix overlap per id during a probe, -1 once pruned. */
  private readonly scratch: Int32Array;
  private registered = 0;

  constructor(profiles: readonly BigramProfile[], threshold: number) {
    if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
    this.profiles = profiles;
    this.threshold = threshold;
    this.ratio = threshold / (2 - threshold);
    this.scratch = new Int32Array(profiles.length);
    const frequency = this.frequency;
    for (const p of profiles) {
      const codes = p.codes;
      for (let i = 0; i < codes.length; i++) {
        // count each class once per profile: at its first occurrence in the sorted codes
        if (i > 0 && codes[i] === codes[i - 1]) continue;
        const c = bigramClass(codes[i]!);
        if (frequency[c]! < 0xffff) frequency[c]!++;
      }
    }
  }

  /** Earlier ids that may reach the threshold with profile `id`, ascending; then registers `id`. */
  candidates(id: number): number[] {
    if (id !== this.registered) throw new Error(`SimilarityIndex: candidates(${id}) called out of order`);
    const profile = this.profiles[id]!;
    const prefix = this.prefixOf(profile.codes);
    const found = this.probe(prefix, profile.codes.length);
    for (let pos = 0; pos < prefix.length; pos++) {
      const e = prefix[pos]!;
      const list = this.postings.get(e);
      if (list) list.push(id, pos);
      else this.postings.set(e, [id, pos]);
    }
    this.registered++;
    return found;
  }

  /** Registered ids that may reach the threshold with `profile`, ascending. */
  query(profile: BigramProfile): number[] {
    return this.probe(this.prefixOf(profile.codes), profile.codes.length);
  }

  /**
   * The first |x| − ⌈ratio·|x|⌉ + 1 elements of a profile in the global order (frequency, class,
   * repeat), as element ids `class << 6 | repeat`, in a scratch buffer the next call overwrites.
   */
  private prefixOf(codes: Int32Array): Int32Array {
    const size = codes.length;
    if (size > keyScratch.length) keyScratch = new Int32Array(size * 2);
    const frequency = this.frequency;
    for (let i = 0; i < size; i++) {
      const c = bigramClass(codes[i]!);
      // 16 bits of frequency, 14 of class: one non-negative 30-bit sort key per bigram
      keyScratch[i] = (frequency[c]! << 14) | c;
    }
    const sorted = keyScratch.subarray(0, size).sort();
    const length = Math.min(size, Math.max(1, size - Math.ceil(this.ratio * size - 1e-9) + 1));
    // repeats of one class are adjacent in sorted order: number them to get elements
    let repeat = 0;
    for (let i = 0; i < length; i++) {
      repeat = i > 0 && sorted[i] === sorted[i - 1] ? repeat + 1 : 0;
      sorted[i] = ((sorted[i]! & 0x3fff) << 6) | (repeat < 63 ? repeat : 63);
    }
    return sorted.subarray(0, length);
  }

  private probe(prefix: Int32Array, size: number): number[] {
    const minSize = this.ratio * size - 1e-9;
    const maxSize = size / this.ratio + 1e-9;
    const scratch = this.scratch;
    const touched: number[] = [];
    for (let i = 0; i < prefix.length; i++) {
      const list = this.postings.get(prefix[i]!);
      if (!list) continue;
      for (let k = 0; k < list.length; k += 2) {
        const other = list[k]!;
        if (scratch[other] === -1) continue;
        const otherSize = this.profiles[other]!.codes.length;
        if (otherSize < minSize || otherSize > maxSize) continue;
        // positional filter: shared so far, plus what the rest of both multisets could still share
        const needed = Math.ceil((this.threshold * (size + otherSize)) / 2 - 1e-9);
        const reachable = scratch[other]! + 1 + Math.min(size - i - 1, otherSize - list[k + 1]! - 1);
        if (scratch[other] === 0) touched.push(other);
        scratch[other] = reachable < needed ? -1 : scratch[other]! + 1;
      }
    }
    const out: number[] = [];
    for (const other of touched) {
      if (scratch[other]! > 0) out.push(other);
      scratch[other] = 0;
    }
    return out.sort((a, b) => a - b);
  }
}
