/**
 * Word-level tools shared by the format, persona and contradiction detectors: tokens with their
 * Porter stems (the `stemmer` package), inline code kept as one opaque token, clause splitting and
 * a memoized stem cache. Cheap enough to run on every candidate sentence of a 300 KB prompt.
 */
import { stemmer } from 'stemmer';
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import { memoized } from './memo.js';
import { WORDS_INIT, type WordsInit } from './words-init.generated.js';

export interface Token {
  /** Surface form as written (code spans keep their backticks). */
  readonly raw: string;
  /** Lower-cased surface form. */
  readonly lower: string;
  /** Porter stem of `lower` (code spans and numbers: `lower` itself). */
  readonly stem: string;
  readonly kind: 'word' | 'number' | 'code' | 'punct';
  /** Offset of the token in the analysed text. */
  readonly start: number;
  readonly end: number;
}

/**
 * What the lexicons ask of this module while the rules load (stems, phrase stems, trie sources),
 * computed at build time from rules/data by scripts/words-init.mjs, so that the language server's
 * start does not (issue 13.16). Lookups of pure functions' results: an input not there (a lexicon
 * edited since the last build) is computed as always. The script records the calls through
 * `recorder` (set only while it loads the rules).
 */
const recorder = (globalThis as { [key: symbol]: unknown })[Symbol.for('prompt-lint.wordsInitRecorder')] as WordsInit | undefined;
const builtPhrases = new Map(Object.entries(WORDS_INIT.phrases));
const builtTries = new Map(Object.entries(WORDS_INIT.tries));

const stemCache = new Map<string, string>(Object.entries(WORDS_INIT.stems));

/** Porter stem of a lower-case word, memoized (prompts repeat their vocabulary a lot). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  if (recorder) recorder.stems[word] = s;
  return s;
}

/** Stems of a space-separated phrase, e.g. from a lexicon. */
export function stemPhrase(phrase: string): string[] {
  const built = builtPhrases.get(phrase);
  if (built) return [...built];
  const stems = tokenize(phrase)
    .filter((t) => t.kind !== 'punct')
    .map((t) => t.stem);
  if (recorder) recorder.phrases[phrase] = [...stems];
  return stems;
}

// code span | number (with decimals, commas, k suffix) | word (letters, inner apostrophes and
// hyphens) | any other visible character
const TOKEN = /(`+)[^`]*?\1|\d[\d,]*(?:\.\d+)?k?\b|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['\u2019-][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{N}]/uy;

/**
 * A token. One class for every kind, so that the detectors' loops over tokens see one hidden class;
 * a word's stem is computed on first use (most tokens are never compared by stem), and so are the
 * phrase sets that may start at the token (`PhraseSet.matchAt` asks once per token, not per set).
 */
class TokenImpl implements Token {
  /** Bits of the phrase sets with a phrase whose first word may be this token (-1: not computed). */
  starts = -1;
  constructor(
    readonly raw: string,
    readonly lower: string,
    readonly kind: Token['kind'],
    readonly start: number,
    readonly end: number,
    private stemmed: string | undefined,
  ) {}
  get stem(): string {
    return (this.stemmed ??= stem(this.lower));
  }
}

/** Splits text into word, number, code-span and punctuation tokens. */
export function tokenize(text: string): Token[] {
  const out: TokenImpl[] = [];
  const n = text.length;
  let start = 0;
  while (start < n) {
    // spaces are skipped here; a character no token starts with (a space, a non-ASCII digit) fails
    // the sticky test below and is skipped too: the tokens are the global regex's matches, found
    // without a match array each
    const c = text.charCodeAt(start);
    if (c === 32 || (c >= 9 && c <= 13)) {
      start++;
      continue;
    }
    // most tokens are ASCII words and punctuation, read here without the Unicode pattern
    let end = isAsciiLetter(c) ? asciiWordEnd(text, start) : c < 128 && c !== 96 && !(c >= 48 && c <= 57) ? start + 1 : -1;
    if (end < 0) {
      TOKEN.lastIndex = start;
      if (!TOKEN.test(text)) {
        // one code point on, as the global search steps (never into a surrogate pair)
        start += c >= 0xd800 && c <= 0xdbff && start + 1 < n ? 2 : 1;
        continue;
      }
      end = TOKEN.lastIndex;
    }
    const raw = text.slice(start, end);
    if (c === 96 /* ` */) {
      out.push(new TokenImpl(raw, raw, 'code', start, end, raw));
    } else if (c >= 48 && c <= 57) {
      const lower = raw.toLowerCase();
      out.push(new TokenImpl(raw, lower, 'number', start, end, lower));
    } else if (raw.length > 1 || (c < 128 ? isAsciiLetter(c) : /[\p{L}\p{M}]/u.test(raw))) {
      const lower = raw.toLowerCase();
      out.push(new TokenImpl(raw, lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower, 'word', start, end, undefined));
    } else {
      out.push(new TokenImpl(raw, raw, 'punct', start, end, raw));
    }
    start = end;
  }
  return out;
}

const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
const isAsciiAlnum = (c: number) => isAsciiLetter(c) || (c >= 48 && c <= 57);

/**
 * The end of the word token that starts with the ASCII letter at `start`, as `TOKEN` reads it
 * (letters and digits, joined by ', ’ or -), or -1 when a non-ASCII character may belong to it
 * (a letter, mark or digit of another script): the pattern decides those.
 */
function asciiWordEnd(text: string, start: number): number {
  const n = text.length;
  let i = start + 1;
  for (;;) {
    while (i < n && isAsciiAlnum(text.charCodeAt(i))) i++;
    if (i >= n) return i;
    const c = text.charCodeAt(i);
    if (c >= 128 && c !== 0x2019) return -1;
    if (c !== 39 && c !== 45 && c !== 0x2019) return i;
    // a joiner continues the word only before a letter or digit
    if (i + 1 >= n) return i;
    const next = text.charCodeAt(i + 1);
    if (next >= 128) return -1;
    if (!isAsciiAlnum(next)) return i;
    i += 2;
  }
}

/** True when `sentencesOf(text)` is the text alone (trimmed): no end mark followed by a space. */
export function isOneSentence(text: string): boolean {
  return !SENTENCE_END.test(text);
}

/** The end of the run of ASCII letters of `text` from `start`. */
export function asciiLettersEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
  return i;
}

/** The ASCII letters a phrase opens with, lower-cased ("don't ever" → "don"): its first word as a letter scan reads it. */
export function leadingLetters(phrase: string): string {
  return phrase.slice(0, asciiLettersEnd(phrase, 0)).toLowerCase();
}

/** Sentences inside a unit's display text (a list item may hold several). */
export function sentencesOf(text: string): string[] {
  // most units are one sentence: no end mark followed by a space, nothing to split
  if (isOneSentence(text)) {
    const out: string[] = [];
    pushTrimmed(out, text);
    return out;
  }
  // a loop, not split/map/filter: their arrays reached the extractors with several hidden classes
  const out: string[] = [];
  let last = 0;
  SENTENCE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SENTENCE_BREAK.exec(text))) {
    pushTrimmed(out, text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  pushTrimmed(out, text.slice(last));
  return out;
}

function pushTrimmed(out: string[], s: string): void {
  const t = s.trim();
  if (t.length > 0) out.push(t);
}

/** Where one sentence ends and the next begins: an end mark, closing quotes, spaces, a capital. */
const SENTENCE_BREAK = /(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9`*_])/g;

const SENTENCE_END = /[.!?]["')\]]*\s/;

/** Sentences by prompt, then by unit index (one weak entry per prompt, not per unit). */
const unitSentenceSlots = memoized((prompt: Prompt) => slots<readonly string[]>(prompt.units.length));

/** `sentencesOf(unit.text)` for a unit of `prompt`, memoized: the format, persona and contradiction extractors share it. */
export function unitSentences(prompt: Prompt, unit: Unit): readonly string[] {
  return (unitSentenceSlots(prompt)[unit.index] ??= sentencesOf(unit.text));
}

/** Numbers written as words, for "two sentences" / "three paragraphs". */
const NUMBER_WORDS = new Map<string, number>(Object.entries({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, fifty: 50, hundred: 100, single: 1,
}));

/** The numeric value of a number token or number word, else undefined. */
export function numberValue(t: Token): number | undefined {
  if (t.kind === 'number') {
    const k = t.lower.endsWith('k');
    const n = Number(t.lower.replace(/[,k]/g, ''));
    return Number.isFinite(n) ? (k ? n * 1000 : n) : undefined;
  }
  if (t.kind === 'word') return NUMBER_WORDS.get(t.lower);
  return undefined;
}

/** Finds `phrase` (a stem sequence) in `tokens` from `from`; returns the start index or -1. */
export function findPhrase(tokens: readonly Token[], phrase: readonly string[], from = 0): number {
  outer: for (let i = from; i + phrase.length <= tokens.length; i++) {
    for (let k = 0; k < phrase.length; k++) if (tokens[i + k]!.stem !== phrase[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The first two letters of a word or stem, as one number ("y" read as "i" in second place), or its
 * one letter. A Porter stem keeps the first two letters of its word (the stemmer leaves words under
 * three letters alone, rewrites only suffixes, and turns a "y" into an "i": "eyed" → "ei"), so a word
 * whose opening is not among a stem list's openings cannot stem to any of them, and the look-up
 * needs no stem (checked on the corpus's 43,097 words: test/rules/words.test.ts).
 */
export function opening(word: string): number {
  return openingOf(word.charCodeAt(0), word.charCodeAt(1), word.length);
}

/** `opening` of a word given by its first two characters and its length (the second ignored under 2). */
export function openingOf(c0: number, c1: number, length: number): number {
  if (length < 2) return c0;
  // a small integer (V8 hashes those fastest); letters beyond 15 bits may share a code, which only
  // lets a few more words through to their stems
  return ((c0 & 0x3fff) << 15) | ((c1 === 121 ? 105 : c1) & 0x7fff) | 0x8000;
}

/**
 * The first words of the phrases of every phrase set, with the bits of the sets they open: as
 * written, and by stem (with the openings of those stems, see `opening`). A token asks them once
 * (`startBits`); a set then skips in one test the tokens that open none of its phrases, which are
 * nearly all of them.
 */
const startsByWord = new Map<string, number>();
const startsByStem = new Map<string, number>();
const stemOpenings = new Set<number>();
const shortStems = new Set<number>();
let phraseSets = 0;

function startBits(t: TokenImpl): number {
  const lower = t.lower;
  let bits = startsByWord.get(lower) ?? 0;
  if (stemOpenings.has(opening(lower)) || shortStems.has(lower.charCodeAt(0))) bits |= startsByStem.get(t.stem) ?? 0;
  return bits;
}

/** A set of stem phrases, indexed by first stem, for fast matching over a token list. */
export class PhraseSet<T> {
  /** Phrases by their first stem (first word compared by stem). */
  private readonly byStem = new Map<string, { stems: string[]; value: T }[]>();
  /** Phrases by their first word as written (first word written `=word`). */
  private readonly byWord = new Map<string, { stems: string[]; value: T }[]>();
  /** This set's bit in the tokens' `starts` (0 past 31 sets: such a set looks every token up). */
  private readonly bit = phraseSets < 31 ? 1 << phraseSets++ : 0;

  /** Adds a phrase; a word written `=word` must match as written (lower-cased), not by stem. */
  add(phrase: string, value: T): void {
    const stems = phrase
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((w) => (w.startsWith('=') ? [`=${w.slice(1).toLowerCase()}`] : stemPhrase(w)));
    if (!stems.length) return;
    const first = stems[0]!;
    const byWord = first.startsWith('=');
    const index = byWord ? this.byWord : this.byStem;
    const key = byWord ? first.slice(1) : first;
    const starts = byWord ? startsByWord : startsByStem;
    starts.set(key, (starts.get(key) ?? 0) | this.bit);
    if (!byWord) {
      if (key.length < 2) shortStems.add(key.charCodeAt(0));
      else stemOpenings.add(opening(key));
    }
    const list = index.get(key) ?? [];
    list.push({ stems, value });
    // longest phrases first, so "plain text" wins over "text"
    list.sort((a, b) => b.stems.length - a.stems.length);
    index.set(key, list);
  }

  /** The longest phrase starting at token `i`, if any. */
  matchAt(tokens: readonly Token[], i: number): { value: T; length: number } | undefined {
    // bounds checked here, not by reading past the end (which deoptimizes the callers' compiled code)
    if (i < 0 || i >= tokens.length) return undefined;
    const t = tokens[i] as TokenImpl;
    if (this.bit !== 0) {
      let starts = t.starts;
      if (starts < 0) t.starts = starts = startBits(t);
      if ((starts & this.bit) === 0) return undefined;
    }
    const byWord = this.byWord.size ? this.byWord.get(t.lower) : undefined;
    const byStem = this.byStem.size ? this.byStem.get(t.stem) : undefined;
    const a = byWord && longestMatch(byWord, tokens, i);
    const b = byStem && longestMatch(byStem, tokens, i);
    // on a tie the stem phrase wins, as it always has
    const best = a && b ? (a.length > b.length ? a : b) : (b ?? a);
    return best ?? undefined;
  }

  /** Every non-overlapping longest match, left to right. */
  matchAll(tokens: readonly Token[]): { value: T; index: number; length: number }[] {
    const out: { value: T; index: number; length: number }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const m = this.matchAt(tokens, i);
      if (m) {
        out.push({ value: m.value, index: i, length: m.length });
        i += m.length - 1;
      }
    }
    return out;
  }

  has(stemmed: string): boolean {
    return this.byStem.has(stemmed);
  }
}

/** The first (longest) entry of `list` that matches the tokens from `i`. */
function longestMatch<T>(list: readonly { stems: string[]; value: T }[], tokens: readonly Token[], i: number): { value: T; length: number } | undefined {
  outer: for (const entry of list) {
    if (i + entry.stems.length > tokens.length) continue;
    for (let k = 0; k < entry.stems.length; k++) {
      const want = entry.stems[k]!;
      const tok = tokens[i + k]!;
      if (want.charCodeAt(0) === 61 /* = */ ? tok.lower !== want.slice(1) : tok.stem !== want) continue outer;
    }
    return { value: entry.value, length: entry.stems.length };
  }
  return undefined;
}

/** A set of single words compared by stem. */
export function stemSet(words: readonly string[]): Set<string> {
  return new Set(words.flatMap((w) => stemPhrase(w)));
}

/**
 * A regular expression source matching any of `words` (or phrases: a space or hyphen matches any
 * run of spaces and hyphens) as whole words, written as a trie ("bullet|bulleted|bullets" →
 * "bullet(?:ed|s)?") so that the engine tries one branch per letter.
 */
export function wordTrieSource(words: Iterable<string>): string {
  const list = [...words];
  const key = list.join('\u0000');
  const built = builtTries.get(key);
  if (built !== undefined) return built;
  const source = trieSource(list);
  if (recorder) recorder.tries[key] = source;
  return source;
}

function trieSource(words: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w.toLowerCase().replace(/[\s-]+/g, ' ')) {
      let m = n.next.get(ch);
      if (!m) n.next.set(ch, (m = { end: false, next: new Map() }));
      n = m;
    }
    n.end = true;
  }
  const esc = (c: string) => (c === ' ' ? '[\\s-]+' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  const emit = (n: Node): string => {
    const branches = [...n.next].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, m]) => esc(c) + emit(m));
    if (!branches.length) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    if (!n.end) return body;
    return branches.length === 1 && [...n.next.keys()][0] !== ' ' && branches[0]!.length === 1 ? `${body}?` : `(?:${branches.join('|')})?`;
  };
  return `\\b${emit(root)}\\b`;
}
