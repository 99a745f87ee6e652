/**
 * Near copies in other words: a later unit that states an earlier instruction of the same prompt
 * again, reworded ("Pin random seeds where reproducibility matters" / "Fix your random seeds
 * whenever results need to be reproducible").
 *
 * Units are read by the paraphrase reader (rules/lib/paraphrase.ts: concepts by stem and synonym
 * group, polarity, inline code, numbers). A pair is scored on the readings of one unit's whole
 * against the other's whole or one of its sentences, each concept weighted by how rare it is in the
 * prompt (`nearScore`). A score alone cannot tell a restatement from another line on the same topic:
 * lines of one topic share its words. So a pair counts by its margin over how alike each of its two
 * units already is to its nearest lines (`margin`, after CSLS: 2·s − r(a) − r(b), r the mean of a
 * unit's three best scores): a restatement stands out from its neighbourhood, a line of a crowded
 * topic does not. Candidate pairs share at least two indexed concepts (an inverted index over the
 * concepts found in few units), never all pairs. The study behind the score and its threshold is
 * docs/decisions/near-copies.md (bench/near-study.mjs).
 */
import { conceptOf, namesDiffer, opposed as opposedReadings, paraphraseForm, promptWeights, type ParaphraseForm, type Sentence, type Weight } from './paraphrase.js';
import { SentenceCache } from './sentence-cache.js';
import { tokenize } from './words.js';
import lexicon from '../data/near-copies.json' with { type: 'json' };

export interface NearContext {
  readonly forms: readonly ParaphraseForm[];
  readonly weight: Weight;
  readonly df: ReadonlyMap<string, number>;
  readonly n: number;
  /** Per form, its sentences that ask for something. */
  readonly asking: readonly (readonly Sentence[])[];
}

/** The reader's forms by unit text, kept across runs of a language server (see sentence-cache.ts). */
const FORMS = new SentenceCache<ParaphraseForm>();

function formOf(text: string): ParaphraseForm {
  let form = FORMS.get(text);
  if (!form) FORMS.set(text, (form = paraphraseForm(text)));
  return form;
}

/** The forms and weights of a prompt's compared units (their display texts, in source order). */
export function nearContext(texts: readonly string[]): NearContext {
  const forms = texts.map(formOf);
  const { weight, df } = promptWeights(forms);
  return { forms, weight, df, n: forms.length, asking: forms.map(askingSentences) };
}

/** Words that make a sentence ask for something, wherever they stand. */
const DIRECTIVE_WORD = /\b(?:must|should|shall|always|never|not|avoid|prefer|ensure|make sure|need to|needs to|have to|has to|(?:is|are) required|only|don't|do not|no|you|your)\b|n't\b/i;
/** What may open a sentence before its first word: list markers, a bold or colon label, emphasis. */
const OPENING = /^(?:\s*(?:[-*+\u2022>]|\d{1,3}[.)]|#+)\s+)*(?:\*\*[^*]{1,60}\*\*:?\s*[-\u2013\u2014]?\s*|[A-Z][\w ]{0,30}:\s+)?[*_]*/;
/** A leading condition ("When …, ", "If …, "): the request follows it. */
const LEADING_CLAUSE = /^(?:when|whenever|if|unless|for|before|after|once|while|in|on|during)\b[^,;:]{0,120},\s*/i;
const VERBS: ReadonlySet<string> = new Set(lexicon.verbs);
/** A lead-in ("Follow these rules:"): what it asks is in the items after it. */
const LEAD_IN = /:\s*$/;
/** A definition ("A **task** is how you run …", "The evaluators are …"): it says what a thing is; a "you" inside it asks nothing. */
const DEFINITION = /^(?:\s*(?:[-*+\u2022>]|\d{1,3}[.)])\s+)*(?:an?|the)\s+[*_`]*[\w-]+(?:\s+[\w-]+)?[*_`]*\s+(?:is|are)\b/i;
/** An identity statement ("You are an expert in …", "You are Roo, a …"): a persona, read by repeated-persona, not a request. */
const IDENTITY = /^(?:\s*(?:[-*+\u2022>]|\d{1,3}[.)])\s+)*(?:\*\*[^*]{1,60}\*\*:?\s*)?[Yy]ou(?:'re| are)\s+(?:also\s+)?(?:an?\s|the\s|[A-Z])/;
/** Words of obligation or prohibition: a sentence shaped as a definition that holds one still asks ("The output is never longer than …"). */
const OBLIGATION = /\b(?:must|should|shall|always|never|not|only|don't|do not|make sure|ensure|need to|have to)\b|n't\b/i;
/** A catalogue entry's field ("Description: Request to run a command …"): it describes a tool, an endpoint, a command. */
const CATALOGUE_FIELD = /^[\s\-*]*(?:\*\*)?(?:description|usage|returns?|parameters?|purpose|signature)(?:\*\*)?\s*:/i;

/**
 * True when a sentence reads as a request (an instruction), not a statement: it holds a word of
 * obligation, prohibition or address ("must", "never", "don't", "you"), or opens, after list
 * markers, a label and a leading condition, with a verb of `rules/data/near-copies.json` ("Use …",
 * "Keep …"). A noun phrase ("Welcome screen for new users") or a third-person verb ("Returns a
 * float") describes: two descriptions of one thing are a catalogue and its detail, not a rule said twice.
 * So does a catalogue entry's field ("Description: …"), a definition ("A **batch** is how you run …")
 * and an identity statement ("You are an expert in …"), unless a word of obligation is in it; a
 * lead-in ending with a colon asks nothing by itself.
 */
export function asksSomething(text: string): boolean {
  if (LEAD_IN.test(text) || CATALOGUE_FIELD.test(text)) return false;
  if ((DEFINITION.test(text) || IDENTITY.test(text)) && !OBLIGATION.test(text)) return false;
  if (DIRECTIVE_WORD.test(text)) return true;
  const rest = text.replace(OPENING, '').replace(LEADING_CLAUSE, '');
  const first = /^[A-Za-z][a-z'-]*/.exec(rest)?.[0].toLowerCase();
  return first !== undefined && VERBS.has(first);
}

/** The fewest concepts two readings share. */
const MIN_SHARED = 3;
/** The fewest concepts a sentence holds to be read: a shorter one ("Tell the user the path") is too generic to be restated. */
const MIN_CONCEPTS = 4;

/** Opposed as the paraphrase reader reads it, except that a negation under an ordering word sequences instead ("Never ask before checking" = "Check before you ask"). */
function opposed(a: Sentence, b: Sentence): boolean {
  return !a.orders && !b.orders && opposedReadings(a, b);
}

/** Weighted Dice of two readings' concepts (each weighted by its rarity in the prompt), 0 when they share fewer than `MIN_SHARED` or cannot be one instruction. */
function readingScore(x: Sentence, y: Sentence, weight: Weight): number {
  if (x.concepts.length < MIN_CONCEPTS || y.concepts.length < MIN_CONCEPTS || x.leans || y.leans || opposed(x, y) || namesDiffer(x, y)) return 0;
  let wa = 0;
  let wb = 0;
  let common = 0;
  let shared = 0;
  for (const c of x.concepts) {
    const w = weight(c);
    wa += w;
    if (y.concepts.includes(c)) {
      common += w;
      shared++;
    }
  }
  if (shared < MIN_SHARED) return 0;
  for (const c of y.concepts) wb += weight(c);
  return (2 * common) / (wa + wb);
}

/** True when some sentence of a unit's text asks for something (`asksSomething`): only such units are read. */
export function unitAsks(text: string): boolean {
  return text.split(/(?<=[.!?;])\s+|\s+[\u2014\u2013]\s+|\s-\s/).some(asksSomething);
}

/** The sentences of a form that ask for something (a unit of one sentence is its whole). */
const askingSentences = (form: ParaphraseForm): readonly Sentence[] => (form.sentences.length ? form.sentences : [form.whole]).filter((s) => s.text === undefined || asksSomething(s.text));

/**
 * How much unit `j` restates unit `i`, 0–1: the best reading of one sentence against one sentence,
 * both asking for something (a restatement says one rule again; two long units that share words
 * across several sentences say several things).
 */
export function nearScore(ctx: NearContext, i: number, j: number): number {
  return bestReading(ctx, i, j)?.score ?? 0;
}

/** The best-scoring pair of asking sentences of units `i` and `j` (the two sentences that say one rule), or undefined when none scores. */
export function bestReading(ctx: NearContext, i: number, j: number): { score: number; x: Sentence; y: Sentence } | undefined {
  let best: { score: number; x: Sentence; y: Sentence } | undefined;
  for (const x of ctx.asking[i]!)
    for (const y of ctx.asking[j]!) {
      const score = readingScore(x, y, ctx.weight);
      if (score > 0 && (!best || score > best.score)) best = { score, x, y };
    }
  return best;
}

/** A unit's neighbourhood: the mean of its this many best scores. */
const NEIGHBOURHOOD = 3;
/** Concepts in more units than this share of the prompt (or `INDEX_MIN` units) are not indexed. */
const INDEX_SHARE = 0.1;
const INDEX_MIN = 8;
/** Fewest indexed concepts a candidate pair shares. */
const MIN_INDEXED = 2;

export interface NearScores {
  readonly ctx: NearContext;
  /** Scored candidate pairs: later index → earlier index → score. */
  readonly pairs: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Per unit, the mean of its `NEIGHBOURHOOD` best scores. */
  readonly hood: Float64Array;
}

/** Scores the candidate pairs of a prompt's compared units (texts in source order) and each unit's neighbourhood. */
export function nearScores(texts: readonly string[]): NearScores {
  const ctx = nearContext(texts);
  const limit = Math.max(INDEX_MIN, Math.floor(ctx.n * INDEX_SHARE));
  const postings = new Map<string, number[]>();
  const pairs = new Map<number, Map<number, number>>();
  const best: number[][] = ctx.forms.map(() => []);
  const sharedIndexed = new Int32Array(ctx.n);
  const touched: number[] = [];
  for (let j = 0; j < ctx.n; j++) {
    for (const c of ctx.forms[j]!.concepts) {
      if ((ctx.df.get(c) ?? 0) > limit) continue;
      const list = postings.get(c);
      if (list) {
        for (const i of list) if (sharedIndexed[i]++ === 0) touched.push(i);
        list.push(j);
      } else postings.set(c, [j]);
    }
    for (const i of touched) {
      if (sharedIndexed[i]! >= MIN_INDEXED) {
        const s = nearScore(ctx, i, j);
        if (s > 0) {
          let row = pairs.get(j);
          if (!row) pairs.set(j, (row = new Map()));
          row.set(i, s);
          best[i]!.push(s);
          best[j]!.push(s);
        }
      }
      sharedIndexed[i] = 0;
    }
    touched.length = 0;
  }
  const hood = Float64Array.from(best, (list) => {
    list.sort((x, y) => y - x);
    let sum = 0;
    for (let m = 0; m < NEIGHBOURHOOD; m++) sum += list[m] ?? 0;
    return sum / NEIGHBOURHOOD;
  });
  return { ctx, pairs, hood };
}

/** The margin of a candidate pair (earlier `i`, later `j`) over the two units' neighbourhoods; -Infinity for a pair that is not a candidate. */
export function margin(scores: NearScores, i: number, j: number): number {
  const s = scores.pairs.get(j)?.get(i);
  return s === undefined ? -Infinity : 2 * s - scores.hood[i]! - scores.hood[j]!;
}

/** The text a comparison of two sentences reads: lower case, words only. */
const plain = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * True when the two best-matching sentences of a pair may be one rule said again in other words: not
 * when they are the same sentence. A sentence copied into two different units is the copy path's to
 * judge (rules/lib/sentence-copies.ts): it reports it word for word, or sets it apart as a branch, a
 * per-item line or a reminder that repeats it on purpose; read here, it came back as a restatement
 * "in other words" that was none.
 */
export function differentWording(x: Sentence, y: Sentence, xText: string, yText: string): boolean {
  return plain(x.text ?? xText) !== plain(y.text ?? yText);
}

/** The margin at or above which a pair is reported (docs/decisions/near-copies.md). */
export const NEAR_MARGIN = 0.8;

export interface NearCopy {
  readonly earlier: number;
  readonly later: number;
  readonly score: number;
  readonly margin: number;
}

/**
 * For each unit (texts in source order), its earlier restatement with the largest margin at or above
 * `threshold` that `eligible(earlier, later)` accepts.
 */
export function nearCopies(texts: readonly string[], threshold: number, eligible: (earlier: number, later: number) => boolean): NearCopy[] {
  if (texts.length < 2) return [];
  const scores = nearScores(texts);
  const out: NearCopy[] = [];
  for (const [j, row] of scores.pairs) {
    let found: NearCopy | undefined;
    for (const [i, score] of row) {
      const m = 2 * score - scores.hood[i]! - scores.hood[j]!;
      if (m < threshold || (found && m <= found.margin)) continue;
      const reading = bestReading(scores.ctx, i, j);
      if (reading && differentWording(reading.x, reading.y, texts[i]!, texts[j]!) && eligible(i, j)) found = { earlier: i, later: j, score, margin: m };
    }
    if (found) out.push(found);
  }
  return out.sort((a, b) => a.later - b.later);
}

/** The words of `later` whose concepts `earlier` holds too, as `later` spells them (for the message). */
export function sharedWords(earlier: string, later: string): string[] {
  const concepts = new Set(paraphraseForm(earlier).concepts);
  const out: string[] = [];
  for (const t of tokenize(later)) {
    if (t.kind === 'punct') continue;
    const word = t.kind === 'code' ? t.raw : t.lower;
    const c = t.kind === 'code' ? undefined : conceptOf(t.lower);
    const hit = c ? concepts.has(c) : t.kind === 'code' && paraphraseForm(word).concepts.some((x) => concepts.has(x));
    if (hit && !out.includes(word)) out.push(word);
  }
  return out;
}
