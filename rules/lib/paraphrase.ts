/**
 * A paraphrase reader for instruction units: whether a later unit states an earlier one again in
 * other words ("Implement each phase fully before moving to the next" / "Don't start a new phase
 * until the current one is completely implemented").
 *
 * A unit is read as a set of concepts per sentence: content words by Porter stem (rules/lib/words.ts),
 * each word of a synonym group read as the group (rules/data/paraphrase.json: reply/answer/response,
 * pin/fix, repo/repository…), multi-word expressions folded first ("pull request" → pr, "in doubt"
 * → unsure), numbers written as words read as digits ("fifteen" = 15), the words of inline code as
 * concepts of their own. Negations ("never", "don't", "is not allowed", "avoid") set the sentence's
 * polarity and are not content, so "never X" = "don't X" = "X is not allowed"; modality and emphasis
 * ("must", "always", "please") and function words (normalize.ts's STOPWORDS) are dropped.
 *
 * Two units are scored by a weighted Dice coefficient of their concepts, each concept weighted by
 * how rare it is in the prompt (ln(1 + N/df) over the prompt's N compared units), the whole of one
 * against the whole or one sentence of the other (a restatement usually repeats one sentence of a
 * longer unit). A reading is rejected when one side forbids what the other asks without negation
 * ("Use tabs" / "Don't use tabs": a conflict, not a repetition), when the two name different numbers,
 * inline code, paths or URLs, or when either leans on a pronoun near its start ("Insert it at the
 * top": what "it" is lies elsewhere, often a different item of a list). Candidate pairs come from an
 * inverted index of the prompt's rare concepts, never from all pairs.
 *
 * The study behind the threshold (recall on injected near copies written by others, precision on
 * the tuning half of the corpus) is docs/decisions/paraphrase.md and bench/paraphrase-study.mjs.
 */
import data from '../data/paraphrase.json' with { type: 'json' };
import { stem, tokenize } from './words.js';
import { STOPWORDS, expandContractions, extractAnchors } from './normalize.js';
import type { Prompt, Unit } from '../../server/src/model/types.js';

/** The concepts of one text, as the paraphrase comparison reads it. */
export interface ParaphraseForm {
  /** Distinct concepts of the whole text. */
  readonly concepts: readonly string[];
  /** Distinct concepts per sentence (only when the text holds more than one sentence). */
  readonly sentences: readonly Sentence[];
  /** The whole text as one sentence (its polarity and negated concepts). */
  readonly whole: Sentence;
}

export interface Sentence {
  readonly concepts: readonly string[];
  /** Concepts that a negation applies to (the first concept after each negation). */
  readonly negated: readonly string[];
  /** True when the sentence holds a negation. */
  readonly negative: boolean;
  /** Its inline code spans (lower case, inner spaces folded) and numbers: what it names exactly. */
  readonly code: readonly string[];
  readonly numbers: readonly string[];
  /** Paths and URLs it names (normalize.ts's anchors). */
  readonly places: readonly string[];
  /** True when a personal pronoun stands among its first words ("Keep it short"): its subject is elsewhere. */
  readonly leans: boolean;
  /** True when it orders two things ("before", "until", "first"): "Never X before Y" asks for Y, then X. */
  readonly orders?: boolean;
  /** The sentence as written. */
  readonly text?: string;
}

const NUMBER_WORDS = new Map<string, string>(
  Object.entries({
    one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
    eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17',
    eighteen: '18', nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', hundred: '100', thousand: '1000',
    single: '1', twice: '2', half: '0.5', dozen: '12',
  }),
);

/** Stems of the negation words. */
const NEGATIONS = new Set(data.negations.map((w) => stem(w)));
const MODALITY = new Set(data.modality.flatMap((w) => [w, stem(w)]));
/**
 * A word's Porter stem with a closing "i" after a consonant read as "y": Porter stems "deploys" to
 * "deploi" but "deployable" to "deploy", "copies" to "copi" but "copying" to "copi"; one root each.
 */
function root(word: string): string {
  return stem(word).replace(/([^aeiou])i$/, '$1y');
}

/**
 * A word (or its root) → the concept its synonym group is read as. The words as listed come first,
 * then their roots where no listed word claims them: "request" (listed with ask) is not read as
 * "requester" (listed with user), whose root it shares.
 */
const SYNONYM = new Map<string, string>();
for (const group of data.synonyms) for (const w of group) if (!SYNONYM.has(w)) SYNONYM.set(w, `~${root(group[0]!)}`);
for (const group of data.synonyms) {
  for (const w of group) {
    const s = root(w);
    if (!SYNONYM.has(s)) SYNONYM.set(s, `~${root(group[0]!)}`);
  }
}
const SUPERLATIVE_BASES = new Set(data.superlatives);
/** Multi-word expressions, longest first, as one alternation over whole words. */
const PHRASES = new Map(Object.entries(data.phrases as Record<string, string>));
const PHRASE = new RegExp(
  `\\b(?:${[...PHRASES.keys()]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|')})\\b`,
  'g',
);

/** The adjective of a superlative or comparative of a known adjective ("smallest" → small, "narrower" → narrow). */
function baseAdjective(w: string): string | undefined {
  const m = /^(\w+?)(?:est|er)$/.exec(w);
  if (!m) return undefined;
  const root = m[1]!;
  for (const candidate of [root, root.replace(/(\w)\1$/, '$1'), `${root}e`, root.replace(/i$/, 'y')]) {
    if (SUPERLATIVE_BASES.has(candidate)) return candidate;
  }
  return undefined;
}

/** The concept of one lower-case word, '' for a word that carries no content. */
export function conceptOf(word: string): string {
  if (STOPWORDS.has(word) || MODALITY.has(word)) return '';
  const number = NUMBER_WORDS.get(word);
  if (number !== undefined) return number;
  const base = baseAdjective(word) ?? word;
  const synonym = SYNONYM.get(base);
  if (synonym) return synonym;
  const s = root(base);
  if (STOPWORDS.has(s) || MODALITY.has(s)) return '';
  return SYNONYM.get(s) ?? s;
}

function isNegation(word: string): boolean {
  return word === 'not' || word === 'no' || NEGATIONS.has(word) || NEGATIONS.has(stem(word));
}

/** Splits a text into sentences at end marks and semicolons (a restatement often joins two with one). */
function sentencePieces(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\s+[\u2014\u2013]\s+|\s-\s/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

function readSentence(text: string): Sentence {
  const folded = expandContractions(text).replace(PHRASE, (m) => ` ${PHRASES.get(m.replace(/\s+/g, ' ')) ?? ''} `);
  const concepts: string[] = [];
  const negated: string[] = [];
  const code: string[] = [];
  const numbers: string[] = [];
  let negative = false;
  let pendingNegation = false;
  const add = (c: string) => {
    if (!c) return;
    if (pendingNegation) {
      negated.push(c);
      pendingNegation = false;
    }
    if (!concepts.includes(c)) concepts.push(c);
  };
  for (const t of tokenize(folded)) {
    if (t.kind === 'punct') {
      // a clause ends: a negation does not reach past it
      if (/[,;:.!?()]/.test(t.raw)) pendingNegation = false;
      continue;
    }
    if (t.kind === 'code') {
      code.push(t.raw.replace(/`/g, '').trim().toLowerCase().replace(/\s+/g, ' '));
      // the words of inline code, as written (`gh`, `python -m pytest`, `Bun.serve()`)
      for (const piece of t.raw.replace(/`/g, '').toLowerCase().match(/[a-z0-9_]+/g) ?? []) add(/^[a-z]+$/.test(piece) ? root(piece) : piece);
      continue;
    }
    if (t.kind === 'number') {
      numbers.push(t.lower.replace(/,/g, ''));
      add(numbers[numbers.length - 1]!);
      continue;
    }
    const w = t.lower;
    // "assume you can't and use v2": a negation with nothing after it ends at a conjunction
    if (pendingNegation && (w === 'and' || w === 'but' || w === 'then')) {
      pendingNegation = false;
      continue;
    }
    const number = NUMBER_WORDS.get(w);
    if (number !== undefined) numbers.push(number);
    if (isNegation(w)) {
      negative = true;
      pendingNegation = true;
      continue;
    }
    // hyphenated words: each part ("non-deterministic" stays whole when the lexicon knows it)
    if (w.includes('-') && !SYNONYM.has(w)) {
      for (const part of w.split('-')) add(conceptOf(part));
      continue;
    }
    add(conceptOf(w));
  }
  const places = /\/|\w\.\w/.test(text) ? extractAnchors(text).filter((a) => a.kind === 'path' || a.kind === 'url').map((a) => a.value) : [];
  return { concepts, negated, negative, code, numbers, places, leans: LEANING_PRONOUN.test(text), orders: ORDERING.test(text), text };
}

/** Words that order two actions: under them a negation sequences ("Never ask before checking") rather than forbids. */
const ORDERING = /\b(?:before|until|till|unless|first|after)\b/i;

/** A personal pronoun among the first four words (after list markers and a bold label). */
const LEANING_PRONOUN = /^[\s\-*+\d.)]*(?:\S+\s+){0,3}(?:it|its|they|them|their)\b/i;

/** Reads a unit's display text (see the module comment). */
export function paraphraseForm(text: string): ParaphraseForm {
  const pieces = sentencePieces(text);
  if (pieces.length <= 1) {
    const whole = readSentence(text);
    return { concepts: whole.concepts, sentences: [], whole };
  }
  // the whole is the union of its sentences (each read once; a negation never reaches past a sentence end)
  const sentences = pieces.map(readSentence).filter((s) => s.concepts.length > 0);
  const union = (pick: (s: Sentence) => readonly string[]) => [...new Set(sentences.flatMap(pick))];
  const whole: Sentence = {
    concepts: union((s) => s.concepts),
    negated: union((s) => s.negated),
    negative: sentences.some((s) => s.negative),
    code: union((s) => s.code),
    numbers: union((s) => s.numbers),
    places: union((s) => s.places),
    leans: LEANING_PRONOUN.test(text),
    orders: sentences.some((s) => s.orders),
  };
  return { concepts: whole.concepts, sentences, whole };
}

/** Weight of a concept: higher when rarer. */
export type Weight = (concept: string) => number;

/** Per-prompt weights: ln(1 + N/df) over the forms' whole-text concepts (code and numbers count as they are). */
export function promptWeights(forms: readonly ParaphraseForm[]): { weight: Weight; df: Map<string, number> } {
  const df = new Map<string, number>();
  for (const f of forms) for (const c of f.concepts) df.set(c, (df.get(c) ?? 0) + 1);
  const n = Math.max(forms.length, 1);
  const weights = new Map<string, number>();
  for (const [c, k] of df) weights.set(c, Math.log(1 + n / k));
  // a concept unseen in the prompt (a test's lone pair) weighs as one seen once
  const unseen = Math.log(1 + n);
  return { weight: (c) => weights.get(c) ?? unseen, df };
}

/** Weighted Dice of two concept sets, and the number of shared concepts. */
function weightedDice(a: readonly string[], b: readonly string[], weight: Weight): { score: number; shared: number } {
  let wa = 0;
  let wb = 0;
  let common = 0;
  let shared = 0;
  for (const c of a) {
    const w = weight(c);
    wa += w;
    if (b.includes(c)) {
      common += w;
      shared++;
    }
  }
  for (const c of b) wb += weight(c);
  return { score: wa + wb > 0 ? (2 * common) / (wa + wb) : 0, shared };
}

/** True when one sentence forbids a concept that the other, holding no negation, asks for ("Use tabs" / "Don't use tabs"). */
export function opposed(a: Sentence, b: Sentence): boolean {
  const forbids = (x: Sentence, y: Sentence) => !y.negative && x.negated.some((c) => y.concepts.includes(c));
  return forbids(a, b) || forbids(b, a);
}

/**
 * True when the two name different exact things: numbers on both sides that differ ("100 words" /
 * "300 words"), or inline code on both sides with no span in common (`npm test` / `npm run lint`).
 */
export function namesDiffer(a: Sentence, b: Sentence): boolean {
  if (a.numbers.length && b.numbers.length && (a.numbers.some((n) => !b.numbers.includes(n)) || b.numbers.some((n) => !a.numbers.includes(n)))) return true;
  if (a.code.length > 0 && b.code.length > 0 && !a.code.some((c) => b.code.includes(c))) return true;
  return a.places.length > 0 && b.places.length > 0 && !a.places.some((c) => b.places.includes(c));
}

/** The fewest shared concepts that may make a restatement. */
export const MIN_SHARED = 3;

/**
 * How much `b` restates `a`, 0–1: the best weighted Dice of the whole of one against the whole or one
 * sentence of the other, among the readings that share at least `MIN_SHARED` concepts and are not
 * opposed in polarity.
 */
export function paraphraseScore(a: ParaphraseForm, b: ParaphraseForm, weight: Weight): number {
  let best = 0;
  const consider = (x: Sentence, y: Sentence) => {
    const { score, shared } = weightedDice(x.concepts, y.concepts, weight);
    if (shared < MIN_SHARED || score <= best || x.leans || y.leans || opposed(x, y) || namesDiffer(x, y)) return;
    best = score;
  };
  consider(a.whole, b.whole);
  for (const s of b.sentences) consider(a.whole, s);
  for (const s of a.sentences) consider(s, b.whole);
  return best;
}

export interface ParaphrasePair {
  /** Index of the earlier text. */
  readonly earlier: number;
  /** Index of the later text, which restates the earlier one. */
  readonly later: number;
  readonly score: number;
}

/** Concepts found in more units than this share of the prompt (or `RARE_MIN` units) are not indexed. */
const RARE_SHARE = 0.02;
const RARE_MIN = 4;
/** Fewest rare concepts a candidate pair shares. */
const MIN_RARE = 2;

/**
 * For each text (in source order), its best earlier restatement at or above `threshold` that
 * `eligible(earlier, later)` accepts. Candidates share a rare concept (an inverted index over the
 * concepts found in few units), so the work grows with the postings of rare concepts, not with all pairs.
 */
export function paraphrasePairs(forms: readonly ParaphraseForm[], threshold: number, eligible: (earlier: number, later: number) => boolean = () => true): ParaphrasePair[] {
  const { weight, df } = promptWeights(forms);
  const rareLimit = Math.max(RARE_MIN, Math.floor(forms.length * RARE_SHARE));
  const postings = new Map<string, number[]>();
  const out: ParaphrasePair[] = [];
  // per earlier unit, how many rare concepts it shares with the current one (reset through `touched`)
  const sharedRare = new Int32Array(forms.length);
  const touched: number[] = [];
  for (let i = 0; i < forms.length; i++) {
    const form = forms[i]!;
    let best: ParaphrasePair | undefined;
    for (const c of form.concepts) {
      if ((df.get(c) ?? 0) > rareLimit) continue;
      const list = postings.get(c);
      if (list) {
        for (const j of list) if (sharedRare[j]++ === 0) touched.push(j);
        list.push(i);
      } else postings.set(c, [i]);
    }
    // a restatement shares at least MIN_RARE rare concepts with what it restates; only those are scored
    for (const j of touched) {
      if (sharedRare[j]! >= MIN_RARE) {
        const score = paraphraseScore(forms[j]!, form, weight);
        if (score >= threshold && (!best || score > best.score) && eligible(j, i)) best = { earlier: j, later: i, score };
      }
      sharedRare[j] = 0;
    }
    touched.length = 0;
    if (best) out.push(best);
  }
  return out;
}

/** How many units apart two units of one section must be: neighbours that share most words are items of one list (per-item lines), not a rule said again. */
const NEIGHBOURS = 3;

/** True when two units of one prompt (in source order) are neighbours in one section: parallel items, a rule and its own elaboration. */
export function neighbours(earlier: Unit, later: Unit): boolean {
  return earlier.section === later.section && later.index - earlier.index <= NEIGHBOURS;
}

/** A check mark or task box opening a unit ("✓ Used informal tone", "[ ] Tests pass"). */
const CHECK_MARK = /^[\s\-*+]*(?:[\u2713\u2714\u2705\u2611\u2610\u274C\u2717]|\[[ xX]\])/u;
/** Section titles of checks that verify rules stated elsewhere ("## Checklist", "### Verification", "Acceptance criteria"). */
const CHECK_TITLE = /\b(?:check[\s-]?lists?|checks|verification|verify|acceptance criteria|success criteria|done when|definition of done|quality gates?|self[\s-]?review|validation steps?)\b/i;

/**
 * True when a unit is a check of a rule rather than the rule (a check-marked item, or an item of a
 * section titled as checks): verifying a rule restates it on purpose.
 */
export function isCheckItem(prompt: Prompt, unit: Unit): boolean {
  if (CHECK_MARK.test(unit.text)) return true;
  for (let s = unit.section; s >= 0; s = prompt.sections[s]!.parent) if (CHECK_TITLE.test(prompt.sections[s]!.title)) return true;
  return false;
}
