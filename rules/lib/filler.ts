/**
 * Filler phrases: finding them in a unit's text and computing their case-preserving rewrite.
 * The phrase list lives in `rules/data/filler-phrases.json` (its `$comment` documents the fields).
 * Used by the filler-phrase rule (on source text, to fix it) and by duplicate-instruction (on
 * display text, so that "Please make sure to run the tests." repeats "Run the tests." exactly).
 */
import type { Range } from '../../server/src/model/types.js';
import data from '../data/filler-phrases.json' with { type: 'json' };
import { expandContractions } from './normalize.js';

export interface FillerEntry {
  readonly phrase: string;
  /** '' removes the phrase. */
  readonly replacement: string;
  /** 'clause-start': only at a sentence start or after , ; :; 'mid': never at a sentence start. */
  readonly at?: 'clause-start' | 'mid';
  /** Skip the match when one of the two preceding words is one of these. */
  readonly notAfter?: readonly string[];
  readonly note: string;
}

export interface FillerMatch {
  readonly entry: FillerEntry;
  /** Range of the phrase in the searched text (plus the offset given). */
  readonly range: Range;
  /** The phrase as written, whitespace folded. */
  readonly written: string;
  /** The replacement in the phrase's case ('' for a removal). */
  readonly replacement: string;
  /** The edit that applies the rewrite (a removal also takes the following space and may capitalize the next word). */
  readonly edit: { readonly range: Range; readonly text: string };
}

/** The built-in phrase list. */
export const FILLER_ENTRIES: readonly FillerEntry[] = Object.freeze(
  Object.entries(data as Record<string, unknown>)
    .filter(([phrase]) => !phrase.startsWith('$'))
    .map(([phrase, value]) => ({ phrase, ...(value as Omit<FillerEntry, 'phrase'>) })),
);

const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** A phrase starts at a word boundary: not after a letter, digit, underscore, apostrophe or hyphen. */
const WORD_BEFORE = /[\p{L}\p{N}_'\u2019-]/u;
/** What may precede a phrase at the start of a unit: list markers, checkboxes, heading marks, table pipes, emphasis, opening quotes. */
const UNIT_START = /^[\s>#|]*(?:(?:[-*+\u2022]|\d{1,3}[.)])\s+)?(?:\[[ xX]\]\s+)?[\s*_~(\[]*$/;

const fold = (s: string) => s.replace(/\s+/g, ' ').replace(/\u2019/g, "'").toLowerCase();

function phrasePattern(phrase: string): string {
  return phrase
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['\\u2019]"))
    .join('\\s+');
}

export class FillerMatcher {
  private readonly byPhrase = new Map<string, FillerEntry>();
  private readonly pattern: RegExp;

  /** The cheap pre-check: see `mayMatch`. */
  private readonly triggers = new Triggers();

  constructor(entries: readonly FillerEntry[] = FILLER_ENTRIES) {
    for (const e of entries) {
      this.byPhrase.set(fold(e.phrase), e);
      this.triggers.add(e.phrase);
    }
    const alternatives = [...this.byPhrase.values()].sort((a, b) => b.phrase.length - a.phrase.length).map((e) => phrasePattern(e.phrase));
    this.pattern = new RegExp(alternatives.join('|') || '(?!)', 'giu');
  }

  /**
   * Filler phrases in `text`, left to right, not overlapping each other or `exclude` (ranges in
   * `text`, e.g. code spans and quoted strings). Ranges are shifted by `offset`.
   */
  find(text: string, exclude: readonly Range[] = [], offset = 0): FillerMatch[] {
    const out: FillerMatch[] = [];
    if (!this.mayMatch(text)) return out;
    const re = new RegExp(this.pattern.source, this.pattern.flags);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const start = m.index;
      const end = start + m[0].length;
      const match = this.accept(text, start, end, exclude);
      if (!match) {
        re.lastIndex = start + 1;
        continue;
      }
      out.push({
        ...match,
        range: { start: start + offset, end: end + offset },
        edit: { range: { start: match.edit.range.start + offset, end: match.edit.range.end + offset }, text: match.edit.text },
      });
      re.lastIndex = match.edit.range.end > end ? match.edit.range.end : end;
    }
    return out;
  }

  /**
   * A cheap necessary condition for `find` to match: each phrase's longest pair of adjacent words
   * (its only word, for a one-word phrase) occurs in `text` as consecutive words. One pass over the
   * characters with word hashes, no allocation; most units fail it and the regex never runs.
   */
  mayMatch(text: string): boolean {
    return this.triggers.test(text);
  }

  private accept(text: string, start: number, end: number, exclude: readonly Range[]): FillerMatch | undefined {
    const written = text.slice(start, end);
    const entry = this.byPhrase.get(fold(written));
    if (!entry) return undefined;
    if (start > 0 && WORD_BEFORE.test(text[start - 1]!)) return undefined;
    if (exclude.some((r) => start < r.end && r.start < end)) return undefined;
    const before = text.slice(0, start);
    const trimmed = before.replace(/[\s*_~]+$/, '');
    const unitStart = UNIT_START.test(before);
    // a sentence starts after . ! ? : and, for a capitalized phrase, at the start of a line
    const lineStart = /\n[ \t>*_-]*$/.test(before) && /^\p{Lu}/u.test(text.slice(start, end));
    const sentenceStart = unitStart || lineStart || /[.!?:]$/.test(trimmed);
    const clauseStart = sentenceStart || /[,;(\u2013\u2014]$/.test(trimmed);
    if (entry.at === 'clause-start' && !clauseStart) return undefined;
    if (entry.at === 'mid' && sentenceStart) return undefined;
    if (entry.notAfter?.length) {
      const previous = (trimmed.match(/[\p{L}'\u2019]+/gu) ?? []).slice(-2).map((w) => w.toLowerCase().replace(/\u2019/g, "'"));
      if (previous.some((w) => entry.notAfter!.includes(w) || w.endsWith("n't"))) return undefined;
    }
    const letters = written.replace(/[^\p{L}]/gu, '');
    const allCaps = letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
    const capitalized = /^\p{Lu}/u.test(written);
    const foldedWritten = written.replace(/\s+/g, ' ');

    if (entry.replacement) {
      if (end < text.length && WORD_CHAR.test(text[end]!)) return undefined;
      const replacement = allCaps ? entry.replacement.toUpperCase() : capitalized ? upperFirst(entry.replacement) : entry.replacement;
      return { entry, range: { start, end }, written: foldedWritten, replacement, edit: { range: { start, end }, text: replacement } };
    }
    // A removal: the phrase, the space after it, and the next word's capital at a sentence start.
    const space = /^\s+/.exec(text.slice(end));
    if (!space) return undefined;
    const next = end + space[0].length;
    const markup = /^[*_]*/.exec(text.slice(next))![0];
    const letter = text[next + markup.length];
    if (letter === undefined || !/[\p{L}]/u.test(letter)) return undefined;
    // "make sure to not hold back" and "it is critical that you MUST update" need their frame:
    // "Not hold back" and "MUST update" are no instructions
    if (/^(?:not|must|should|shall|will|would|can|could|may|might|need|have to)\b/i.test(text.slice(next + markup.length, next + markup.length + 8))) {
      return undefined;
    }
    // "Make sure to run the tool first and that all files exist": the phrase also governs the
    // second clause, which loses its verb without it
    if (/^[^.!?\n]*?\b(?:and|or|but)\s+that\b/i.test(text.slice(next))) return undefined;
    if (sentenceStart && capitalized && !allCaps && letter !== letter.toUpperCase()) {
      return {
        entry,
        range: { start, end },
        written: foldedWritten,
        replacement: '',
        edit: { range: { start, end: next + markup.length + 1 }, text: markup + letter.toUpperCase() },
      };
    }
    return { entry, range: { start, end }, written: foldedWritten, replacement: '', edit: { range: { start, end: next }, text: '' } };
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** An apostrophe belongs to a word only between letters (it's, don't), not as a quote mark. */
function isLetterAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && LETTER_OR_DIGIT.test(text[i]!));
}

/** Word hashes keep 30 bits, so that they stay small integers (cheap Set and Map keys). */
export const HASH_MASK = 0x3fffffff;

/** FNV-1a hash of a lower-case word (’ read as '), 30 bits. */
export function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h = Math.imul(h ^ (c === 0x2019 ? 39 : c), FNV_PRIME);
  }
  return h & HASH_MASK;
}

/** Hash of two consecutive words' hashes, 30 bits. */
export function pairHash(previous: number, current: number): number {
  return (Math.imul(previous, 0x9e3779b1) ^ current) & HASH_MASK;
}

/**
 * Trigger word pairs of a phrase list. A phrase cannot occur without its trigger: the adjacent
 * pair of its words with the most letters (or its only word).
 */
export class Triggers {
  readonly pairs = new Set<number>();
  readonly words = new Set<number>();
  /** Hashes of the second words of `pairs`: a reader looks a pair up only after one of them. */
  readonly seconds = new Set<number>();

  add(phrase: string): void {
    this.addWords(phrase);
    // the comparison keys of duplicate-instruction spell contractions out ("I'd" → "i would")
    const expanded = expandContractions(phrase);
    if (expanded !== phrase.toLowerCase()) this.addWords(expanded);
  }

  private addWords(phrase: string): void {
    const words = phrase.toLowerCase().replace(/\u2019/g, "'").split(/[^\p{L}\p{N}']+/u).filter(Boolean);
    if (words.length === 1) this.words.add(wordHash(words[0]!));
    let best = -1;
    for (let i = 0; i + 1 < words.length; i++) {
      if (best < 0 || words[i]!.length + words[i + 1]!.length > words[best]!.length + words[best + 1]!.length) best = i;
    }
    if (best >= 0) {
      this.pairs.add(pairHash(wordHash(words[best]!), wordHash(words[best + 1]!)));
      this.seconds.add(wordHash(words[best + 1]!));
    }
  }

  /** True when some trigger occurs in `text` (words: letters, digits and apostrophes; ASCII case folded). */
  test(text: string): boolean {
    let word = FNV_OFFSET;
    let last = 0;
    let inWord = false;
    let words = 0;
    for (let i = 0; i <= text.length; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      let isWord: boolean;
      if (c < 128) {
        if (c >= 65 && c <= 90) c += 32;
        isWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c === 39 && inWord && isLetterAt(text, i + 1));
      } else if (c === 0x2019) {
        c = 39;
        isWord = inWord && isLetterAt(text, i + 1);
      } else {
        isWord = LETTER_OR_DIGIT.test(text[i]!);
      }
      if (isWord) {
        if (!inWord) {
          inWord = true;
          word = FNV_OFFSET;
        }
        word = Math.imul(word ^ c, FNV_PRIME);
      } else if (inWord) {
        inWord = false;
        const h = word & HASH_MASK;
        if (this.words.has(h) || (words > 0 && this.pairs.has(pairHash(last, h)))) return true;
        last = h;
        words++;
      }
    }
    return false;
  }
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

let defaultMatcher: FillerMatcher | undefined;

/** The triggers of the built-in list (see `Triggers`). */
export const FILLER_TRIGGERS = new Triggers();
for (const e of FILLER_ENTRIES) FILLER_TRIGGERS.add(e.phrase);

/**
 * `text` with every built-in filler phrase rewritten. `exclude` (ranges no rewrite may touch, such
 * as code spans and quoted strings) may be a function, called only when some phrase occurs.
 */
export function stripFiller(text: string, exclude: readonly Range[] | ((text: string) => readonly Range[])): string {
  defaultMatcher ??= new FillerMatcher();
  let matches = defaultMatcher.find(text);
  if (!matches.length) return text;
  if (typeof exclude === 'function') matches = defaultMatcher.find(text, exclude(text));
  else if (exclude.length) matches = defaultMatcher.find(text, exclude);
  let out = '';
  let cursor = 0;
  for (const m of matches) {
    out += text.slice(cursor, m.edit.range.start) + m.edit.text;
    cursor = m.edit.range.end;
  }
  return out + text.slice(cursor);
}
