/**
 * The comparison form of a unit, which duplicate-instruction compares (filler-phrase reads only
 * `fillerFree`, to skip units that hold no filler phrase).
 *
 * `comparisonForm(prompt, unit)` reads a unit once and returns what the comparison needs: a hash and the
 * word count of its comparison key (rules/lib/normalize.ts, with filler phrases folded away so
 * that "Please make sure to run the tests." repeats "Run the tests."), the bigram profile of the
 * key (rules/lib/similarity.ts), and the key, words and anchors themselves on demand. Most units
 * (ASCII, no inline code, apostrophe, list marker or filler phrase) take a fast path that hashes
 * and profiles the key while lower-casing the text, without building the key; the others build
 * the key first. Both paths give the same hash and profile for the same key.
 *
 * Which units are compared at all is rules/lib/candidates.ts; whether two alike units say the
 * same thing about the same subject is rules/lib/same-subject.ts.
 */
import type { UnitPrecompute } from '../../server/src/engine/types.js';
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import { FILLER_TRIGGERS, HASH_MASK, pairHash, stripFiller, wordHash } from './filler.js';
import { CONTRAST_WORDS, expandContractions, lightStem, normalize, protectedRanges, STOPWORDS, type Normalized } from './normalize.js';
import { IntMap, intSet } from './int-map.js';
import { profileOfCodes, type BigramProfile } from './similarity.js';
import { memoized } from './memo.js';

export interface ComparisonForm {
  /** Hash of the comparison key (equal keys, equal hashes). */
  readonly hash: number;
  /** Words in the key. */
  readonly words: number;
  /** True when the unit was read on the fast path, which proves it holds no built-in filler phrase. */
  readonly fillerFree: boolean;
  /**
   * Hash of the set of the key's content words (function words left out, a final "s" dropped).
   * A near-duplicate may differ from its twin only in function words, inflections and spelling,
   * so the two nearly always share a bucket: near-duplicate candidates come from buckets.
   */
  readonly bucket: number;
  /** Bigram profile of the key (built on first use). */
  readonly profile: BigramProfile;
  /** The key, words and anchors (computed on first use). */
  readonly norm: Normalized;
}

/** Contexts whose units are compared: paragraph sentences and list items (not headings or table rows). */
const COMPARED_CONTEXTS = new Set(['paragraph', 'list-item']);

/** The FNV-1a offset as an int32 (as `^` reads it): a double there deoptimized the reader. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Word flags: sends a text down the slow path (a one-word filler phrase, or `cannot`, which the key spells `can not`). */
const SLOW_WORD = 1;
/** Word flag: a function word, left out of the bucket. */
const BUCKET_SKIP = 2;
/** Word flag: the second word of a filler trigger pair, after which the pair is looked up. */
const PAIR_SECOND = 4;
const TRIGGER_PAIRS = intSet(FILLER_TRIGGERS.pairs);
/** Characters at the start of a display text that a leading list marker may begin with. */
const MARKER_START = /^(?:[\s\-*+[\d\u2022]|[a-zA-Z][.)])/;
/** The flags of the words the reader treats specially, in one table: one look-up per word. */
const WORD_FLAGS = (() => {
  const flags = new Map<number, number>();
  const set = (h: number, flag: number) => flags.set(h, (flags.get(h) ?? 0) | flag);
  for (const h of [...FILLER_TRIGGERS.words, wordHash('cannot')]) set(h, SLOW_WORD);
  // function words; the words that flip a meaning stay in the bucket
  for (const w of STOPWORDS) if (!CONTRAST_WORDS.has(w) && !CONTRAST_WORDS.has(lightStem(w))) set(wordHash(w), BUCKET_SKIP);
  // "always" on one side only is emphasis (see `contentDifference`): "Always cite sources" shares a bucket with "Cite sources"
  set(wordHash('always'), BUCKET_SKIP);
  for (const h of FILLER_TRIGGERS.seconds) set(h, PAIR_SECOND);
  const map = new IntMap(flags.size, 4);
  for (const [h, f] of flags) map.add(h, f);
  return map;
})();

let scratch = new Int32Array(1024);

export interface Read {
  /** Hash of the comparison key (30 bits). */
  readonly hash: number;
  readonly words: number;
  /** Bigram codes written to `scratch`. */
  readonly n: number;
  /** Hash of the multiset of the key's content words (see `ComparisonForm.bucket`). */
  readonly bucket: number;
}

/** Non-ASCII punctuation the fast path reads as a separator, as the key does. */
const SEPARATORS = new Set([0x2018, 0x201c, 0x201d, 0x2013, 0x2014, 0x2026, 0x2022, 0x00a0, 0x2192]);
const DONE = 0;
const RETRY = 1;
const SLOW = 2;

/** What an ASCII character is to the fast reader outside code (`ASCII_CLASS`); a letter or digit is its lower-case code instead (> 0). */
const SEPARATOR = 0;
const APOSTROPHE = -1;
const KEPT_SYMBOL = -2;
const BACKTICK = -3;
/**
 * The class of each ASCII character outside code, in one look-up instead of a chain of tests: a
 * letter or digit (its lower-case code), the apostrophe, a symbol the key keeps as a word of its own
 * (`$<>=+#%`, normalize.ts), the backtick, or a separator (everything else).
 */
const ASCII_CLASS = (() => {
  const table = new Int8Array(128);
  for (let c = 48; c <= 57; c++) table[c] = c;
  for (let c = 97; c <= 122; c++) table[c] = c;
  for (let c = 65; c <= 90; c++) table[c] = c + 32;
  table[39] = APOSTROPHE;
  for (const c of '$<>=+#%') table[c.charCodeAt(0)] = KEPT_SYMBOL;
  table[96] = BACKTICK;
  return table;
})();

/**
 * Fast path: hash, word count, bigram codes and bucket of a text's key, read in one pass without
 * building the key, or undefined when the text needs the slow path (other non-ASCII characters,
 * a symbol the key keeps (`$<>=+#%`), `cannot`, a filler phrase, a leading list marker, double or unpaired backticks, an apostrophe
 * next to code). Exported for the parity test; rules use `comparisonForm`.
 */
export function readFast(raw: string): Read | undefined {
  return readFastInto(raw, true) ? lastRead() : undefined;
}

/** Slow path: the same from the key itself (any text). Exported for the parity test. */
export function readKey(key: string): Read {
  read(key, true, true, true);
  return lastRead();
}

/**
 * What the last successful `read` found. The readers leave it here rather than in a new object:
 * they run on every compared unit, and a result object each showed as young-generation garbage.
 */
let readHash = 0;
let readWords = 0;
let readCodes = 0;
let readBucket = 0;

function lastRead(): Read {
  return { hash: readHash, words: readWords, n: readCodes, bucket: readBucket };
}

/**
 * `readFast` without the result object: true when the fast path read the text (see `lastRead`).
 * The bigram codes are written only `withCodes`: a profile is built for the few units with a twin.
 */
function readFastInto(raw: string, withCodes: boolean): boolean {
  if (MARKER_START.test(raw)) return false;
  const first = read(raw, false, false, withCodes);
  if (first !== RETRY) return first === DONE;
  // an apostrophe: contractions are expanded as the key expands them; quote marks separate
  if (raw.includes('`')) return false;
  return read(expandContractions(raw), true, false, withCodes) === DONE;
}

/**
 * One pass over `text`. Fast mode (`key` false) lower-cases ASCII, treats punctuation as a
 * separator and code spans as verbatim words; key mode reads a comparison key, where only spaces
 * separate. Words are hashed into the key hash (a separator between words counts as one space),
 * counted, checked for filler and added to the bucket: a sum of mixed word hashes, order-free, with
 * function words left out and a final "s" dropped (tests/test).
 */
function read(text: string, expanded: boolean, key: boolean, withCodes: boolean): number {
  if (text.length > scratch.length) scratch = new Int32Array(text.length * 2);
  const codes = scratch;
  const n = text.length;
  let hash = FNV_OFFSET;
  let words = 0;
  let count = 0;
  let previous = -1;
  let word = FNV_OFFSET;
  let beforeLast = FNV_OFFSET;
  let length = 0;
  let lastWord = 0;
  let bucket = 0;
  let inCode = false;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    let isChar = false;
    let toggle = false;
    if (key) {
      isChar = c !== 32;
    } else if (c < 128 && !inCode) {
      // outside code, most characters are ASCII: one look-up (`ASCII_CLASS`)
      const kind = ASCII_CLASS[c]!;
      if (kind > 0) {
        c = kind;
        isChar = true;
      } else if (kind === APOSTROPHE) {
        if (!expanded) return RETRY;
      } else if (kind === KEPT_SYMBOL) {
        // `$<>=+#%` carry meaning and stay in the key as words of their own (normalize.ts)
        return SLOW;
      } else if (kind === BACKTICK) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 96) return SLOW;
        toggle = true;
      }
    } else if (c === 96) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 96) return SLOW;
      toggle = true;
    } else if (inCode) {
      if (c >= 128) return SLOW;
      if (c === 32) {
        // the key keeps code verbatim: two spaces would be two separators there
        if (i + 1 < n && text.charCodeAt(i + 1) === 32 && (i + 2 >= n || text.charCodeAt(i + 2) !== 96)) return SLOW;
      } else isChar = true;
    } else {
      // non-ASCII, outside code
      if (c === 0x2019 || c === 0x02bc || (c === 0x2018 && !expanded)) return expanded ? SLOW : RETRY;
      if (!SEPARATORS.has(c)) return SLOW;
    }
    if (isChar) {
      if (length === 0) {
        if (words > 0) hash = Math.imul(hash ^ 32, FNV_PRIME);
        word = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ c, FNV_PRIME);
      beforeLast = word;
      word = Math.imul(word ^ c, FNV_PRIME);
      length++;
      if (withCodes && previous >= 0) codes[count++] = (previous << 16) | c;
      previous = c;
    } else if (length > 0) {
      const h = word & HASH_MASK;
      const flags = WORD_FLAGS.get(h);
      if (flags > 0 && !key && !inCode && ((flags & SLOW_WORD) !== 0 || ((flags & PAIR_SECOND) !== 0 && words > 0 && TRIGGER_PAIRS.has(pairHash(lastWord, h))))) return SLOW;
      if (flags < 0 || (flags & BUCKET_SKIP) === 0) {
        const w = (length > 3 && previous === 115 ? beforeLast : word) & HASH_MASK;
        bucket = (bucket + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) & HASH_MASK;
      }
      lastWord = h;
      words++;
      length = 0;
    }
    if (toggle) inCode = !inCode;
  }
  if (inCode) return SLOW;
  readHash = hash & HASH_MASK;
  readWords = words;
  readCodes = count;
  readBucket = bucket;
  return DONE;
}

/** The comparison key of any text (a unit's, or one sentence of it): normalized, filler folded away. */
export function comparisonKey(text: string): string {
  return normalize(stripFiller(text, protectedRanges)).key;
}

/** The key that the last `readText` built on the slow path (taken by the form being made). */
let slowNorm: Normalized | undefined;

/**
 * Reads a unit's text as a comparison form does (see `lastRead`): true on the fast path; on the slow
 * path the key is built, read, and left in `slowNorm`.
 */
function readText(text: string): boolean {
  if (readFastInto(text, false)) return true;
  slowNorm = normalize(stripFiller(text, protectedRanges));
  read(slowNorm.key, true, true, false);
  return false;
}

/** Words of `formData` per text: hash, word count, bucket, fast path (1) or not (0). */
const FORM_INTS = 4;

/**
 * The comparison forms of `texts` as numbers, `FORM_INTS` per text: what a form reads, without the
 * unit. The CLI's token-counting thread makes them for the lint thread (cli/parallel.ts), which
 * hands them to `provideForms`; a form made from them equals the form made in place.
 */
export function formData(texts: readonly string[]): Int32Array {
  const out = new Int32Array(texts.length * FORM_INTS);
  for (let k = 0; k < texts.length; k++) {
    const fast = readText(texts[k]!);
    out[k * FORM_INTS] = readHash;
    out[k * FORM_INTS + 1] = readWords;
    out[k * FORM_INTS + 2] = readBucket;
    out[k * FORM_INTS + 3] = fast ? 1 : 0;
  }
  slowNorm = undefined;
  return out;
}

/** A unit's comparison form; the profile is built on first use (filler-phrase never needs it). */
class Form implements ComparisonForm {
  readonly hash: number;
  readonly words: number;
  readonly bucket: number;
  readonly fillerFree: boolean;
  private readonly text: string;
  private readonly fast: boolean;
  /** Built on first use on the fast path, and on the slow path when the form came as data: most units have no twin and never need it. */
  private cachedNorm: Normalized | undefined;
  private cachedProfile?: BigramProfile;

  /** Reads `unit`, or takes what `formData` read of its text at `data[at…]`. */
  constructor(unit: Unit, data?: Int32Array, at = 0) {
    this.text = unit.text;
    if (data) {
      this.fast = data[at + 3] === 1;
      this.cachedNorm = undefined;
      this.hash = data[at]!;
      this.words = data[at + 1]!;
      this.bucket = data[at + 2]!;
    } else {
      this.fast = readText(unit.text);
      this.cachedNorm = this.fast ? undefined : slowNorm;
      slowNorm = undefined;
      this.hash = readHash;
      this.words = readWords;
      this.bucket = readBucket;
    }
    this.fillerFree = this.fast;
  }

  /** The text the key was read from: the display text (fast path) or the key itself. */
  private get source(): string {
    return this.fast ? this.text : this.norm.key;
  }

  get norm(): Normalized {
    // on the fast path the key is normalized from the display text, on the slow path from the text without filler
    return (this.cachedNorm ??= normalize(this.fast ? this.text : stripFiller(this.text, protectedRanges)));
  }

  get profile(): BigramProfile {
    if (!this.cachedProfile) {
      const source = this.source;
      if (this.fast) readFastInto(source, true);
      else read(source, true, true, true);
      this.cachedProfile = profileOfCodes(scratch, readCodes, source);
    }
    return this.cachedProfile;
  }
}

/**
 * Forms by prompt, then by unit index: one weak entry per prompt, not per unit (a weak map of every
 * unit of a run grew to hundreds of thousands of entries and cost more than reading the units).
 */
const formsOf = memoized((prompt: Prompt): (ComparisonForm | undefined)[] => slots<ComparisonForm>(prompt.units.length));

/** The comparison form of a unit of `prompt` (see the module comment), memoized per unit. */
export function comparisonForm(prompt: Prompt, unit: Unit): ComparisonForm {
  const list = formsOf(prompt);
  return (list[unit.index] ??= new Form(unit));
}

/** An instruction unit of a compared context (the first half of `isCandidate`, asked without a form). */
export function isComparedUnit(unit: Unit): boolean {
  return unit.isInstruction && COMPARED_CONTEXTS.has(unit.context);
}

/** The positions in `prompt.units` of the units that duplicate-instruction may compare (their forms are worth making ahead). */
export function comparedUnits(prompt: Prompt): number[] {
  const out: number[] = [];
  const units = prompt.units;
  for (let i = 0; i < units.length; i++) if (isComparedUnit(units[i]!)) out.push(i);
  return out;
}

/** Takes the forms of the units at `indices` of `prompt.units` from `formData` of their texts, in that order. */
export function provideForms(prompt: Prompt, indices: readonly number[], data: Int32Array): void {
  const list = formsOf(prompt);
  for (let k = 0; k < indices.length; k++) {
    const unit = prompt.units[indices[k]!]!;
    list[unit.index] ??= new Form(unit, data, k * FORM_INTS);
  }
}

/** The comparison forms as a rule's precompute: made from unit texts on another thread in a parallel CLI run. */
export const comparisonForms: UnitPrecompute = { id: 'comparison-forms', select: comparedUnits, compute: formData, accept: provideForms };
