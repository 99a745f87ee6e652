/**
 * Text normalization for comparing instructions, and the "what does this unit name" analysis that
 * keeps similar-looking but different instructions apart.
 *
 * `normalize(text)` turns a unit's display text into a comparison key: Unicode NFKC, lower case
 * (inline code excepted: it is compared literally), contractions expanded ("don't" → "do not"),
 * Markdown markup, punctuation and list/checkbox markers removed, whitespace folded; symbols that
 * carry meaning (emoji such as ✅ ❌, currency, `< > = + # %`) are kept as words of their own. Two
 * units with equal keys say the same thing in the same words; only units whose text is identical
 * are deleted by a fix (duplicate-instruction's `rawText`).
 *
 * It also lists the unit's *anchors*: what the unit names, which two instructions must share to
 * be one instruction. "Run `npm test` before committing." and "Run `npm run lint` before
 * committing." differ only in an anchor, and so do "The Starter plan includes 10 GB of storage."
 * and "The Team plan includes 1 TB of storage.". Anchor kinds: inline code, URLs, file names and
 * paths, numbers (digits and number words), quoted strings, template placeholders, and names
 * (capitalized words not at a sentence start, ALL-CAPS words). See `anchorsCompatible`.
 *
 * `contentDifference(a, b)` finds what two keys do not share beyond function words, by light
 * stems: words that flip meaning (`CONTRAST_WORDS`: negations, always/never, only/unless, more/less
 * …) and content words substituted on both sides ("Write tests for new features." vs "Write docs
 * for new features."). The duplicate rule rejects a pair that differs in either way.
 *
 * API (stable, shared with other rules): `normalize`, `comparisonKey`, `extractAnchors`, `wordCount`,
 * `normalizeUnit`, `anchorsCompatible`,
 * `contentDifference`, `lightStem`, `STOPWORDS`, `CONTRAST_WORDS`, `findQuotedRanges`,
 * `protectedRanges`.
 */
import type { Range } from '../../server/src/model/types.js';

export type AnchorKind = 'code' | 'url' | 'path' | 'number' | 'quote' | 'placeholder' | 'name';

export interface Anchor {
  readonly kind: AnchorKind;
  /** Normalized value: code verbatim (trimmed), everything else lower-cased and normalized. */
  readonly value: string;
}

export interface Normalized {
  /** The comparison key (see the module comment). */
  readonly key: string;
  /** `key` split at spaces (computed on first use). */
  readonly words: readonly string[];
  /** What the text names (computed on first use). */
  readonly anchors: readonly Anchor[];
}

/** Function words: differences in these alone never make two instructions different. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but so to of in on at by for from with into onto over about as than then that this these those ' +
    'it its is are was were be been being am do does did doing have has had having will would can could shall ' +
    'i me my we us our you your yours yourself he him his she her they them their there here what which who whom whose ' +
    'just also very really please make sure ensure always also too such any some each every all both either ' +
    'via per etc eg ie e g up out off own same other another more most much many well even still yet again ' +
    'like use using used one ones thing things way ways whether while where how why'
  ).split(' '),
);

/**
 * Words whose presence on one side only flips or narrows what an instruction says: negations,
 * frequency and modality, conditions and exceptions, comparison and order, quantity, opposites of
 * common actions. Compared by light stem.
 */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(
  (
    'not no never none nothing nobody nowhere neither nor without cannot avoid except unless only ' +
    'always usually sometimes often rarely seldom occasionally ' +
    'must may might should optional optionally required require mandatory allow allowed forbid forbidden prohibit prohibited ' +
    'if when whenever until before after during while first last next previous ' +
    'more less fewer least max maximum min minimum above below under exceed ' +
    'increase decrease enable disable include exclude add remove delete create keep drop start stop begin end open close ' +
    'true false yes off ' +
    'new old different ' +
    'short long brief detailed concise verbose simple complex formal informal casual ' +
    'input output internal external public private local remote ' +
    'left right top bottom inside outside upper lower'
  )
    .split(' ')
    .map((w) => lightStem(w)),
);

const NUMBER_WORDS = new Set(
  (
    'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen ' +
    'eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion ' +
    'once twice thrice half double triple dozen single ' +
    'second third fourth fifth sixth seventh eighth ninth tenth'
  ).split(' '),
);

const CONTRACTION = /\b(can't|cannot|won't|shan't|ain't|let's|i'm|(?:it|that|there|here|what|who|he|she|where|how)'s)\b|n't\b|'(re|ve|ll|d)\b|'s\b/g;
const CONTRACTION_WORDS: Record<string, string> = {
  "can't": 'can not', cannot: 'can not', "won't": 'will not', "shan't": 'shall not', "ain't": 'is not', "let's": 'let us', "i'm": 'i am',
};
const CONTRACTION_SUFFIXES: Record<string, string> = { re: ' are', ve: ' have', ll: ' will', d: ' would' };

function expandContraction(m: string, word: string | undefined, suffix: string | undefined): string {
  if (word) return CONTRACTION_WORDS[word] ?? `${word.slice(0, -2)} is`;
  if (suffix) return CONTRACTION_SUFFIXES[suffix]!;
  return m === "n't" ? ' not' : 's';
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>()`"]+/gi;
const PLACEHOLDER = /\{\{[^{}]{1,80}\}\}|\$\{[^{}]{1,80}\}|\{[A-Za-z_][\w.-]{0,60}\}|<[A-Z_][A-Z0-9_-]{1,60}>|\[[A-Z][A-Z0-9_ ]{1,40}\]|\$[A-Z_][A-Z0-9_]{1,60}\b/g;
const PATH = /(?:~|\.{1,2})?\/?(?:[\w@-]+\/)+[\w.@-]*|\b[\w-]*\.(?:[a-z][a-z0-9]{0,9})\b(?:\.[a-z0-9]+)*|\b[\w-]+(?:\.[\w-]+)+\b/gi;
/**
 * `PATH` retried inside a long run of name characters scans to the run's end from every start:
 * quadratic (a 144 KB word took 41 s, issue 12). Its matches never leave a run of `PATH_RUN`
 * characters, so it is run on each run alone; runs longer than `PATH_SHORT_RUN` (no path in
 * ordinary text) use `PATH_IN_LONG_RUN`, whose alternatives start only where a run of name
 * characters starts (the lookbehinds), and is linear.
 */
const PATH_RUN = /[\w.@~/-]+/g;
const PATH_SHORT_RUN = 256;
const PATH_IN_LONG_RUN =
  /(?:~|\.{1,2})?\/?(?<![\w@-])(?:[\w@-]+\/)+[\w.@-]*|\b(?<=^|[^\w-]|(?:^|[^\w-])-+)[\w-]*\.(?:[a-z][a-z0-9]{0,9})\b(?:\.[a-z0-9]+)*|\b(?<=^|[^\w-]|(?:^|[^\w-])-+)[\w-]+(?:\.[\w-]+)+\b/gi;
const NUMBER = /\d+(?:[.,:/]\d+)*/g;
/** Identifiers written as code without backticks: snake_case, camelCase, PascalCase with an inner capital, letters with digits. */
const IDENTIFIER = /\b(?:[A-Za-z]+_[A-Za-z0-9_]+|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9]+[A-Za-z0-9]*)\b/g;
const QUOTE_PAIRS: readonly [string, string][] = [
  ['"', '"'],
  ['\u201C', '\u201D'],
  ['\u2018', '\u2019'],
  ['\u00AB', '\u00BB'],
  ["'", "'"],
];
const QUOTE_CLOSE = new Map(QUOTE_PAIRS);
const QUOTE_CHARS = /["'\u201C\u2018\u00AB]/;
const LEADING_MARKERS = /^(?:\s*(?:[-*+\u2022]|\d{1,3}[.)]|[a-z][.)]|\[[ xX]\])\s+)+/;

/** Ranges of quoted strings in `text` ("…", “…”, ‘…’, «…», and '…' that is not an apostrophe). */
export function findQuotedRanges(text: string): Range[] {
  const out: Range[] = [];
  if (!QUOTE_CHARS.test(text)) return out;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const close = QUOTE_CLOSE.get(c);
    if (close === undefined) continue;
    if (c === "'" || c === '\u2018') {
      // an opening single quote follows a non-word character
      if (i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1]!)) continue;
    }
    let j = text.indexOf(close, i + 1);
    if (c === "'" || close === '\u2019') {
      // a closing single quote is not followed by a letter (it's, don't)
      while (j !== -1 && j + 1 < text.length && /[\p{L}\p{N}]/u.test(text[j + 1]!)) j = text.indexOf(close, j + 1);
    }
    if (j === -1 || j - i > 400 || j === i + 1) continue;
    out.push({ start: i, end: j + 1 });
    i = j;
  }
  return out;
}

/** An inline code span: `start`..`end` with its backtick strings, `codeStart`..`codeEnd` without. */
export interface CodeSpan {
  readonly start: number;
  readonly end: number;
  readonly codeStart: number;
  readonly codeEnd: number;
}

/**
 * The inline code spans of `text`, by CommonMark's backtick-string rule: a span opens with a
 * maximal run of backticks and closes at the next run of the same length; a run with no such
 * closer is literal text. Linear: the runs are listed once, and each run's next run of the same
 * length is found by one backward pass (a regex such as /(`+)([\s\S]*?[^`])\1(?!`)/ tries every
 * opener length at every start and is cubic on a long run of backticks). Backslash escapes are not
 * read, as before (see docs/decisions/linear-text-scans.md).
 */
export function codeSpans(text: string): CodeSpan[] {
  const out: CodeSpan[] = [];
  let i = text.indexOf('`');
  if (i === -1) return out;
  const runStart: number[] = [];
  const runLength: number[] = [];
  while (i !== -1) {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) === 96) j++;
    runStart.push(i);
    runLength.push(j - i);
    i = text.indexOf('`', j);
  }
  const runs = runStart.length;
  const nextSameLength = new Int32Array(runs);
  const seen = new Map<number, number>();
  for (let k = runs - 1; k >= 0; k--) {
    nextSameLength[k] = seen.get(runLength[k]!) ?? -1;
    seen.set(runLength[k]!, k);
  }
  for (let k = 0; k < runs; ) {
    const close = nextSameLength[k]!;
    if (close === -1) {
      k++;
      continue;
    }
    const start = runStart[k]!;
    const codeStart = start + runLength[k]!;
    const codeEnd = runStart[close]!;
    out.push({ start, end: codeEnd + runLength[close]!, codeStart, codeEnd });
    k = close + 1;
  }
  return out;
}

/** Inline code spans and quoted strings of a display text: text no rewrite may touch. */
export function protectedRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const span of codeSpans(text)) out.push({ start: span.start, end: span.end });
  for (const q of findQuotedRanges(text)) if (!out.some((r) => q.start < r.end && r.start < q.end)) out.push(q);
  return out.sort((a, b) => a.start - b.start);
}

/** Light English stemmer: plural, past, gerund and adverb endings, enough to pair "tests"/"test", "used"/"use". */
export function lightStem(word: string): string {
  let w = word;
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('es') && /(?:ch|sh|x|z|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ied') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  // doubled consonant (stopped → stopp → stop), silent e (use/using → us)
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly kind: AnchorKind;
  readonly value: string;
}

/**
 * The pieces of a text found so far, with the characters they cover (so that testing a new piece
 * for overlap costs its length, not the number of pieces: a unit may have 100,000 of them).
 */
class Pieces {
  readonly list: Piece[] = [];
  private readonly covered: Uint8Array;

  constructor(length: number) {
    this.covered = new Uint8Array(length);
  }

  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.covered[i]) return false;
    return true;
  }

  add(piece: Piece): void {
    this.list.push(piece);
    this.covered.fill(1, piece.start, piece.end);
  }
}

function collect(text: string, re: RegExp, kind: AnchorKind, taken: Pieces, value: (m: RegExpExecArray) => string, offset = 0): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = offset + m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (!taken.free(start, end)) continue;
    const v = value(m);
    if (v) taken.add({ start, end, kind, value: v });
  }
}

/** Lower case, curly apostrophes straightened, contractions expanded ("don't" → "do not"), as keys are. */
export function expandContractions(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019\u02BC]/g, "'").replace(CONTRACTION, expandContraction);
}

/**
 * Symbols that carry meaning and stay in the key, each as a word of its own: emoji and other
 * symbols (✅ ❌ 👍 👎), currency ($5 / €5), comparisons (< 100 / > 100) and the marks of names
 * such as C# and C++ (and 50%). Everything else that is neither letter nor digit is markup or
 * punctuation and goes. The fast reading in comparison-forms.ts leaves a text with one of the ASCII ones
 * (`$<>=+#%`) to this slow path.
 */
const NON_WORD = /[^\p{L}\p{N}\p{M}\p{So}\p{Sc}<>=+#%\u2264\u2265\u2260]+/gu;
const KEPT_SYMBOL = /[\p{So}\p{Sc}<>=+#%\u2264\u2265\u2260]/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const NON_WORD_ASCII = /[^a-z0-9$<>=+#%]+/g;
const KEPT_ASCII = /[$<>=+#%]/g;
/** Variation selectors and joiners: the same emoji with or without them is one symbol. */
const EMOJI_FORMAT = /[\uFE0E\uFE0F\u200D]|\p{Emoji_Modifier}/gu;

/** Lower case, contractions expanded, punctuation and markup removed (symbols that carry meaning kept), whitespace folded. */
function plainWords(s: string): string {
  const ascii = !NON_ASCII.test(s);
  let t = ascii ? s.toLowerCase() : s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02BC]/g, "'").replace(EMOJI_FORMAT, '');
  if (t.includes("'")) t = t.replace(CONTRACTION, expandContraction);
  else if (t.includes('cannot')) t = t.replace(/\bcannot\b/g, 'can not');
  t = t.replace(ascii ? NON_WORD_ASCII : NON_WORD, ' ');
  const kept = ascii ? KEPT_ASCII : KEPT_SYMBOL;
  kept.lastIndex = 0;
  if (kept.test(t)) t = t.replace(kept, ' $& ').replace(/ {2,}/g, ' ');
  return t.trim();
}

/**
 * The comparison key of a display text: lower case (inline code kept verbatim), contractions
 * expanded, leading list markers, punctuation and markup removed, whitespace folded. Cheap: it is
 * computed for every unit, while anchors are only computed for candidate pairs.
 */
export function comparisonKey(text: string): string {
  const body = text.replace(LEADING_MARKERS, '');
  if (!body.includes('`')) return plainWords(body);
  const parts: string[] = [];
  let cursor = 0;
  for (const span of codeSpans(body)) {
    const plain = plainWords(body.slice(cursor, span.start));
    if (plain) parts.push(plain);
    const code = body.slice(span.codeStart, span.codeEnd).trim();
    if (code) parts.push(code);
    cursor = span.end;
  }
  const rest = plainWords(body.slice(cursor));
  if (rest) parts.push(rest);
  return parts.join(' ');
}

/** True when the word at `start` opens a sentence (so its capital letter names nothing). */
function atSentenceStart(text: string, start: number): boolean {
  let k = start - 1;
  while (k >= 0 && /[\s"'\u201C\u2018(\[*_#>\-\u2022]/.test(text[k]!)) k--;
  if (k < 0) return true;
  return /[.!?:;]/.test(text[k]!) || /\p{Extended_Pictographic}|[\u2013\u2014|]/u.test(text[k]!);
}

/** The anchors of a display text: what it names (see the module comment). */
export function extractAnchors(text: string): Anchor[] {
  const body = text.replace(LEADING_MARKERS, '');
  const taken = new Pieces(body.length);
  for (const span of codeSpans(body)) {
    const code = body.slice(span.codeStart, span.codeEnd).trim();
    if (code) taken.add({ start: span.start, end: span.end, kind: 'code', value: code });
  }
  collect(body, URL, 'url', taken, (m) => m[0].replace(/[.,;:!?)\]]+$/, '').toLowerCase());
  collect(body, PLACEHOLDER, 'placeholder', taken, (m) => m[0].toLowerCase());
  for (const q of findQuotedRanges(body)) {
    if (!taken.free(q.start, q.end)) continue;
    const inner = plainWords(body.slice(q.start + 1, q.end - 1));
    if (inner) taken.add({ start: q.start, end: q.end, kind: 'quote', value: inner });
  }
  const pathValue = (m: RegExpExecArray) => {
    const v = m[0].toLowerCase();
    // abbreviations (e.g., i.e.) and sentence ends glued to a word are not paths
    if (/^(?:[a-z]\.)+[a-z]?$/.test(v) || !/[a-z0-9]/.test(v)) return '';
    if (!/[./]/.test(v.replace(/\.$/, ''))) return '';
    if (/^\d+(?:\.\d+)*$/.test(v)) return '';
    return plainWords(v);
  };
  PATH_RUN.lastIndex = 0;
  for (let run = PATH_RUN.exec(body); run; run = PATH_RUN.exec(body)) {
    collect(run[0], run[0].length <= PATH_SHORT_RUN ? PATH : PATH_IN_LONG_RUN, 'path', taken, pathValue, run.index);
  }
  collect(body, IDENTIFIER, 'code', taken, (m) => m[0]);
  collect(body, NUMBER, 'number', taken, (m) => m[0].replace(/,/g, ''));
  const pieces = taken.list.sort((a, b) => a.start - b.start);
  const anchors: Anchor[] = pieces.map((p) => ({ kind: p.kind, value: p.value }));
  // names: capitalized words that do not open a sentence, and ALL-CAPS words; number words
  let cursor = 0;
  const scan = (end: number) => {
    const s = body.slice(cursor, end);
    const re = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'\u2019-]*/gu;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      const w = m[0];
      const lower = w.toLowerCase();
      if (NUMBER_WORDS.has(lower)) anchors.push({ kind: 'number', value: lower });
      if (w === lower || w === 'I' || /^I['\u2019]/.test(w)) continue;
      const allCaps = w.length > 1 && w === w.toUpperCase();
      if (allCaps || !atSentenceStart(body, cursor + m.index)) anchors.push({ kind: 'name', value: plainWords(w) });
    }
  };
  for (const p of pieces) {
    scan(p.start);
    cursor = p.end;
  }
  scan(body.length);
  return anchors;
}

/** A normalized text whose key, words and anchors are computed on first use. */
class LazyNormalized implements Normalized {
  private readonly text: string;
  private cachedKey?: string;
  private cachedWords?: readonly string[];
  private cachedAnchors?: readonly Anchor[];

  constructor(text: string) {
    this.text = text;
  }

  get key(): string {
    return (this.cachedKey ??= comparisonKey(this.text));
  }

  get words(): readonly string[] {
    return (this.cachedWords ??= this.key ? this.key.split(' ') : []);
  }

  get anchors(): readonly Anchor[] {
    return (this.cachedAnchors ??= extractAnchors(this.text));
  }
}

/** The comparison key, words and anchors of a unit's display text, each computed on first use. */
export function normalize(text: string): Normalized {
  return new LazyNormalized(text);
}

/** Number of words of a key, without splitting it. */
export function wordCount(key: string): number {
  if (!key) return 0;
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) n++;
  return n;
}

/** True when `phrase` (space-separated words) occurs as whole words in `words`. */
function containsPhrase(words: readonly string[], phrase: string): boolean {
  const target = phrase.split(' ');
  outer: for (let i = 0; i + target.length <= words.length; i++) {
    for (let k = 0; k < target.length; k++) if (words[i + k] !== target[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * True when two units name the same things: every anchor of each occurs in the other, as an
 * anchor of the same kind or (for everything but code) as plain words. So `npm test` and
 * `npm run lint`, 10 GB and 1 TB, Starter and Team keep two units apart, while "NEVER" and
 * "never", or `README.md` and README.md, do not.
 */
export function anchorsCompatible(a: Normalized, b: Normalized): boolean {
  return covers(a, b) && covers(b, a);
}

function covers(from: Normalized, to: Normalized): boolean {
  for (const anchor of from.anchors) {
    if (to.anchors.some((o) => o.value === anchor.value && (o.kind === anchor.kind || anchor.kind === 'name' || o.kind === 'name'))) continue;
    if (anchor.kind !== 'code' && containsPhrase(to.words, anchor.value)) continue;
    if (anchor.kind === 'code' && to.anchors.some((o) => o.kind === 'code' && o.value === anchor.value)) continue;
    return false;
  }
  return true;
}

export interface ContentDifference {
  /** Contrast words (by light stem) present on one side only. */
  readonly contrast: readonly string[];
  /** Content words only in `a` that have no close spelling in `b`'s own words, and vice versa. */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
}

/** Light stems of a unit's words, split into contrast words and content words (function words dropped). */
function classify(words: readonly string[]): { contrast: Set<string>; content: Set<string> } {
  const contrast = new Set<string>();
  const content = new Set<string>();
  for (const w of words) {
    const s = lightStem(w);
    if (CONTRAST_WORDS.has(w) || CONTRAST_WORDS.has(s)) contrast.add(s);
    else if (!STOPWORDS.has(w) && !STOPWORDS.has(s) && !NUMBER_WORDS.has(w)) content.add(s);
  }
  return { contrast, content };
}

/** Close spellings (colour/color, behaviour/behavior, analyse/analyze): bigram Dice ≥ 0.7 on words of 5+ letters. */
const NEGATING_PREFIX = /^(?:un|non|in|im|ir|il|dis|anti|de)/;

/**
 * Close spellings of one word (colour/color, behaviour/behavior, analyse/analyze): bigram Dice
 * ≥ 0.7 on words of 5+ letters, unless one is the other with a negating prefix (exported/unexported).
 */
function closeSpelling(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.endsWith(short) && NEGATING_PREFIX.test(long.slice(0, long.length - short.length))) return false;
  const grams = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const x = grams(a);
  const y = grams(b);
  let common = 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + b.length - 1) >= 0.7;
}

const NEGATIONS = new Set(['not', 'no', 'never', 'without', 'nor', 'neither', 'none', 'avoid']);

/**
 * What each negation of a key applies to: "not <first content word after it>", in order. "You have
 * committed … but have not called `make_pr`" and "You have not committed … but have called
 * `make_pr`" use the same words, but negate different ones.
 */
export function negationTargets(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!NEGATIONS.has(words[i]!)) continue;
    let j = i + 1;
    while (j < words.length && (STOPWORDS.has(words[j]!) || NEGATIONS.has(words[j]!))) j++;
    out.push(`${words[i]} ${j < words.length ? lightStem(words[j]!) : ''}`);
  }
  return out.sort();
}

const ALWAYS = lightStem('always');

/** What two normalized units do not share, beyond function words (see the module comment). */
export function contentDifference(a: Normalized, b: Normalized): ContentDifference {
  const x = classify(a.words);
  const y = classify(b.words);
  // "Always" on one side only is emphasis: an instruction already holds every time ("Always cite
  // sources" restates "Cite sources"); against another frequency word that word still differs
  const contrast = [...[...x.contrast].filter((s) => !y.contrast.has(s)), ...[...y.contrast].filter((s) => !x.contrast.has(s))].filter((s) => s !== ALWAYS);
  const onlyA = [...x.content].filter((s) => !y.content.has(s) && !y.contrast.has(s));
  const onlyB = [...y.content].filter((s) => !x.content.has(s) && !x.contrast.has(s));
  const restA = onlyA.filter((w) => !onlyB.some((v) => closeSpelling(w, v)));
  const restB = onlyB.filter((v) => !onlyA.some((w) => closeSpelling(w, v)));
  if (!contrast.length && negationTargets(a.words).join('|') !== negationTargets(b.words).join('|')) contrast.push('not');
  return { contrast, onlyA: restA, onlyB: restB };
}
