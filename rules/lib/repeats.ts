/**
 * What duplicate-instruction compares (filler-phrase reads only `fillerFree`, to skip units that
 * hold no filler phrase).
 *
 * `comparisonForm(prompt, unit)` reads a unit once and returns what the comparison needs: a hash and the
 * word count of its comparison key (rules/lib/normalize.ts, with filler phrases folded away so
 * that "Please make sure to run the tests." repeats "Run the tests."), the bigram profile of the
 * key (rules/lib/similarity.ts), and the key, words and anchors themselves on demand. Most units
 * (ASCII, no inline code, apostrophe, list marker or filler phrase) take a fast path that hashes
 * and profiles the key while lower-casing the text, without building the key; the others build
 * the key first. Both paths give the same hash and profile for the same key.
 *
 * API: `comparisonForm`, `isCandidate`, `isStructural`, `isStructuralUnit`, `looksLikeCode`, `labelsOf`, `sameSubject`,
 * `hasNestedContent`.
 */
import type { UnitPrecompute } from '../../server/src/engine/types.js';
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import { FILLER_TRIGGERS, HASH_MASK, pairHash, stripFiller, wordHash } from './filler.js';
import { anchorsCompatible, CONTRAST_WORDS, expandContractions, lightStem, normalize, protectedRanges, STOPWORDS, type Normalized } from './normalize.js';
import { IntMap, intSet } from './int-map.js';
import { profileOfCodes, type BigramProfile } from './similarity.js';
import { differentParallels, promptScopes } from './scope.js';
import { parallelItemCopies } from './parallel-items.js';

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
    } else if (c === 96) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 96) return SLOW;
      toggle = true;
    } else if (inCode) {
      if (c >= 128) return SLOW;
      if (c === 32) {
        // the key keeps code verbatim: two spaces would be two separators there
        if (i + 1 < n && text.charCodeAt(i + 1) === 32 && (i + 2 >= n || text.charCodeAt(i + 2) !== 96)) return SLOW;
      } else isChar = true;
    } else if (c >= 128) {
      if (c === 0x2019 || c === 0x02bc || (c === 0x2018 && !expanded)) return expanded ? SLOW : RETRY;
      if (!SEPARATORS.has(c)) return SLOW;
    } else if (c === 39) {
      if (!expanded) return RETRY;
    } else if (c === 36 || c === 60 || c === 62 || c === 61 || c === 43 || c === 35 || c === 37) {
      // `$<>=+#%` carry meaning and stay in the key as words of their own (normalize.ts)
      return SLOW;
    } else {
      if (c >= 65 && c <= 90) c += 32;
      isChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
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
const forms = new WeakMap<Prompt, (ComparisonForm | undefined)[]>();

function formsOf(prompt: Prompt): (ComparisonForm | undefined)[] {
  let list = forms.get(prompt);
  if (!list) forms.set(prompt, (list = slots<ComparisonForm>(prompt.units.length)));
  return list;
}

/** The comparison form of a unit of `prompt` (see the module comment), memoized per unit. */
export function comparisonForm(prompt: Prompt, unit: Unit): ComparisonForm {
  const list = formsOf(prompt);
  return (list[unit.index] ??= new Form(unit));
}

/** An instruction unit of a compared context (the first half of `isCandidate`, asked without a form). */
function isComparedUnit(unit: Unit): boolean {
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

/** Emphasis labels ("IMPORTANT:", "Note:") that open an instruction rather than name a field. */
const EMPHASIS_LABEL = /^\W*(?:important|note|nb|n\.b|critical|crucial|warning|caution|remember|reminder|tip|hint|attention|key|never|always|must|do not|don't|please note|rule)\b/i;
const FIELD = /^([^:`]{1,40}):\s/;
/** Names of fields only, separated by commas, each with an optional parenthesis ("id, role (user/system)"). */
const FIELD_LIST = /^[ \t]*`?[A-Za-z_][\w.]*`?(?:[ \t]*\([^()]*\))?(?:[ \t]*,[ \t]*`?[A-Za-z_][\w.]*`?(?:[ \t]*\([^()]*\))?)+[ \t]*$/;

/** A number (signed or not) followed by at most three words and no sentence punctuation. */
const COUNTER = /^[ \t]*[+\-\u2212]?\d[\d.,%]*[ \t]+[^\s.!?]+(?:[ \t]+[^\s.!?]+){0,2}[ \t]*$/;

/**
 * A unit whose copies usually say things about different subjects, so that a repetition is
 * structure, not waste: a lead-in that introduces what follows ("Follow these rules exactly:"), a
 * field of a definition ("path (required): …", "Description: …" repeated for every tool), a
 * question, a title, an example marker, or text that is more code, markup or data than prose.
 */
export function isStructural(text: string): boolean {
  if (/[:?]\s*$/.test(text) || isTitle(text) || /^\W*(?:example|e\.g\.|for example)\b/i.test(text)) return true;
  // only code (a signature, a command), or markup tags (<path>…</path> templates)
  if (/^[\s\W]*`[^`]+`[\s\W]*$/.test(text) || /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?>/.test(text)) return true;
  const field = FIELD.exec(text);
  if (field && field[1]!.trim().split(/\s+/).length <= 4 && !EMPHASIS_LABEL.test(field[1]!)) return true;
  // a list of field names ("created_at, updated_at"), as schemas and manifests give one per item
  if (FIELD_LIST.test(text) && /_|[a-z][A-Z]/.test(text)) return true;
  // a count with a caption ("+12 View gallery", "3 comments"): page furniture of scraped text, not an instruction
  if (COUNTER.test(text)) return true;
  // a line of an output template with a blank to fill in ("This book was chosen because ________.")
  if (/_{4,}/.test(text)) return true;
  return looksLikeCode(text) || !isProse(text);
}

const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'as', 'vs']);

/** A title: no closing punctuation and every word but minor ones capitalized ("What You Can't Say"). */
function isTitle(text: string): boolean {
  if (/[.!;,)]["'\u201D\u2019]?\s*$/.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  return words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w));
}

/**
 * Code or data written as prose: comment markers, arrows, type declarations, calls, `$PLACEHOLDER$`
 * templates, table-like pipes, unbalanced double quotes (a fragment of a quoted string).
 */
export function looksLikeCode(text: string): boolean {
  // `\b(?=\w+_\w)(?=(\w+))\1\(` is `\b\w+_\w+\(` (a snake_case call) without its quadratic
  // backtracking on a long run of word characters: the look-ahead takes the run whole, once
  if (/(?:^|\s)\/\/\s|=>|\btype \w+ = |\b(?=\w+_\w)(?=(\w+))\1\(|\b[a-z]+[A-Z]\w*\(|\b[A-Za-z_]\w*\(\s*\)|\$[A-Z][A-Z ]*\$|\|.*\|/.test(text)) return true;
  const prose = text.replace(/`[^`]*`/g, '');
  return (prose.match(/"/g)?.length ?? 0) % 2 === 1;
}

/** Mostly letters and spaces (inline code counted as one letter), no braces or assignments. */
function isProse(text: string): boolean {
  let prose = 0;
  let total = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      if (!inCode) {
        prose++;
        total++;
      }
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    total++;
    if (c === 123 || c === 125) return false; // { }
    if (c === 32 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && /\p{L}|\s/u.test(text[i]!))) prose++;
    else if (c === 61 && /=\s*["'\d]/.test(text.slice(i, i + 3))) return false;
  }
  return total > 0 && prose / total >= 0.8;
}

/** An instruction unit of a compared context with at least `minWords` words (cheap: structure is asked later, of units with a twin). */
export function isCandidate(prompt: Prompt, unit: Unit, minWords: number): boolean {
  return isComparedUnit(unit) && comparisonForm(prompt, unit).words >= minWords;
}

const structural = new WeakMap<Unit, boolean>();

/** `isStructural(unit.text)`, memoized: asked only of units that have a twin. */
export function isStructuralUnit(unit: Unit): boolean {
  let s = structural.get(unit);
  if (s === undefined) structural.set(unit, (s = isStructural(unit.text)));
  return s;
}


/** How far back (in units of the same section) a unit's label may be. */
const LABEL_WINDOW = 25;
/** How far back (in units, across sections) a unit's code block may be. */
const BLOCK_WINDOW = 60;
const labels = new WeakMap<Unit, { label: string | null; block: string | null }>();

/**
 * The unit's labels: the two nearest code blocks, HTML, fields, lead-ins, titles or code-like lines
 * among the units just before it in its section ("type read_file = (_: {", "Description: Edits a
 * file…", "**Missing region code**" then "Condition:"), and the nearest code block before it (an
 * API page's declaration). Null where there is none, as in plain prose.
 */
export function labelsOf(prompt: Prompt, unit: Unit, source?: string): { label: string | null; block: string | null } {
  let found = labels.get(unit);
  if (!found) {
    const near: string[] = [];
    let block: string | null = null;
    // Inside one list, only the items a list item hangs from may label it: a sibling that ends
    // with a colon, holds braces or looks like a field is another item, not a boundary.
    let inList = unit.context === 'list-item' && source !== undefined;
    let threshold = inList ? indentAt(source!, unit.range.start) : 0;
    for (let i = unit.index - 1; i >= 0 && i >= unit.index - BLOCK_WINDOW && (near.length < 2 || block === null); i--) {
      const other = prompt.units[i]!;
      if (inList && other.context === 'list-item' && other.section === unit.section) {
        const indent = indentAt(source!, other.range.start);
        if (indent >= threshold) continue;
        // an item this one hangs from labels it, whatever its text ("**City without a region**")
        threshold = indent;
        if (near.length < 2 && i >= unit.index - LABEL_WINDOW) near.push(other.text);
        continue;
      } else if (inList && other.context !== 'code') inList = false;
      if (block === null && other.context === 'code') block = other.text;
      if (near.length < 2 && other.section === unit.section && i >= unit.index - LABEL_WINDOW) {
        if (other.context === 'code' || other.context === 'html' || (other.isInstruction && isStructuralUnit(other))) near.push(other.text);
      }
    }
    labels.set(unit, (found = { label: near.length ? near.join('\u0000') : null, block }));
  }
  return found;
}

/** Columns before `offset` on its line (a tab counts 4). */
function indentAt(text: string, offset: number): number {
  let k = offset;
  while (k > 0 && text.charCodeAt(k - 1) !== 10 && text.charCodeAt(k - 1) !== 13) k--;
  let col = 0;
  for (let i = k; i < offset; i++) col += text.charCodeAt(i) === 9 ? 4 : 1;
  return col;
}

/** A unit with what locates it: its prompt and the source text of its file. */
export interface Placed {
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly source: string;
}

/**
 * Personal pronouns make a sentence lean on its surroundings ("Keep it under 50 characters"): under
 * two different scoped titles such a sentence says two different things.
 */
const PRONOUN = /\b(?:it|its|they|them|their)\b/i;
/** How many leading words a personal pronoun leans on the context from; later in a sentence it mostly takes its antecedent from the sentence itself ("…with the user so they can view it"). */
const PRONOUN_WORDS = 4;

/** True when a personal pronoun stands among the first words of the unit ("Keep it short", "Use them sparingly"). */
function pronounLeans(p: Placed): boolean {
  const text = p.unit.text;
  return PRONOUN.test(text) && PRONOUN.test(text.trim().split(/\s+/, PRONOUN_WORDS).join(' '));
}

/** True when the unit comes right after a code block: a pronoun in it speaks of that code ("…so it works everywhere"). */
function afterCode(p: Placed): boolean {
  return p.unit.index > 0 && p.prompt.units[p.unit.index - 1]!.context === 'code';
}

/** "This skill", "this prompt": the whole document, not the section the sentence is in. */
const DOCUMENT_DEIXIS = /\bthis\s+(?:skill|prompt|document|guide|agent|assistant|conversation|chat|session|mode)\b/gi;
/** The strongly deictic ones ("here", "these", "above", "both agents"): they point at the very section they are in. */
const DEICTIC = /\b(?:this|these|those|here|such|above|below|former|latter|both)\b/i;

/**
 * True when two units of one prompt may be copies of one statement. Units are compared whatever
 * their sections' titles, except where the structure positively says they speak of different things:
 * - they sit in different branches of one Jinja conditional (`{% if %}` … `{% else %}`): alternatives;
 * - either sits under a title or lead-in that holds samples ("## Example output") or in a template
 *   section or a user's turn of a transcript;
 * - they are in different members of one family of parallel sections or tag blocks (one template
 *   per tool, endpoint, command: "## read_file" / "## write_file", `<weather>` / `<maps>` opening alike);
 * - they sit in different sections, under differently scoped lead-ins or in different tag blocks,
 *   and either leans on its context ("Keep it short", "Use proper client setup here");
 * - in one section, they sit under two different labels or code blocks (a sentence repeated under
 *   every tool's signature, or under two overloads' declarations, describes a different thing);
 * - they sit in two alike-named items of one parallel structure below the headings (bold-labelled
 *   paragraphs, label lines, sub-lists of sibling items, alike lead-ins, sibling sections naming
 *   two items): `parallelItemCopies` in parallel-items.ts.
 */
export function sameSubject(a: Placed, b: Placed, options: { acrossFiles?: boolean } = {}): boolean {
  const subjectsA = scopesOf(a.prompt, a.source);
  const subjectsB = scopesOf(b.prompt, b.source);
  // a template section ("### <project scope>") is meant to be repeated; a user turn ("# Q(user)") is input
  if (subjectsA.templateOrTurn(a.unit) || subjectsB.templateOrTurn(b.unit)) return false;
  const la = labelsOf(a.prompt, a.unit, a.source);
  const lb = labelsOf(b.prompt, b.unit, b.source);
  const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;
  // Across the files of a task the headings are mostly each file's own title ("# Persona",
  // "# Policy"): the files are composed into one context, so only templates, turns and labels separate.
  if (options.acrossFiles) return !differ(la.label, lb.label) && !differ(la.block, lb.block);
  const sa = promptScopes(a.prompt, a.source)(a.unit);
  const sb = promptScopes(b.prompt, b.source)(b.unit);
  if (sa.example || sb.example || differentParallels(sa, sb)) return false;
  if (subjectsA.part(a.unit) !== subjectsB.part(b.unit)) return false;
  if (a.prompt === b.prompt && subjectsA.otherBranch(a.unit, b.unit)) return false;
  const blocks = subjectsA.tagRelation(a.unit, b.unit);
  if (blocks === 'parallel') return false;
  // a sentence that leans on its surroundings says something else under another heading or tag block
  const deictic = deicticOf(a.unit.text) || deicticOf(b.unit.text);
  if ((sa.key !== sb.key || blocks === 'different') && (deictic || pronounLeans(a) || pronounLeans(b))) return false;
  if (a.unit.section !== b.unit.section && (afterCode(a) || afterCode(b)) && (PRONOUN.test(a.unit.text) || PRONOUN.test(b.unit.text))) return false;
  if (a.unit.section !== b.unit.section && deictic) return false;
  // one template filled in for two items: their neighbours differ only in the item they name
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && instancesOfOneTemplate(a.prompt, a.unit, b.unit)) return false;
  // steps of two procedures that open with the same step ("1. Identify the object" under two workflows)
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && sameStepOfParallelProcedures(a, b)) return false;
  // under "## Namespace: python" and "## Namespace: python_user_visible", wherever the two headings sit
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && differentlyLabelledItems(a.prompt, a.unit, b.unit)) return false;
  // one line per item of a parallel structure below the headings: list items, bold-labelled paragraphs, sub-lists, branches
  if (a.prompt === b.prompt && parallelItemCopies(a.prompt, a.source, a.unit, b.unit)) return false;
  if (a.unit.section !== b.unit.section || a.prompt !== b.prompt) return true;
  return !differ(la.label, lb.label) && !differ(la.block, lb.block);
}

/** The names of the custom tag blocks (`<reminders>` … `</reminders>`) a unit sits in, outermost first. */
export function tagNames(prompt: Prompt, unit: Unit, source: string): string[] {
  return (scopesOf(prompt, source).tagsOf(unit)).map((t) => t.name);
}

/** True when the text points at its place ("here", "the rules above", "these"), "this skill" and its kind aside. */
function deicticOf(text: string): boolean {
  if (!DEICTIC.test(text)) return false;
  DOCUMENT_DEIXIS.lastIndex = 0;
  return DEICTIC.test(text.replace(DOCUMENT_DEIXIS, ' '));
}

const STEP_NUMBER = /^[ \t]*(\d{1,3})[.)][ \t]/;

/** The number of an ordered-list item as written at its line start ("2." → 2), or -1. */
function stepNumber(source: string, unit: Unit): number {
  if (unit.context !== 'list-item') return -1;
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  const m = STEP_NUMBER.exec(source.slice(lineStart, Math.min(unit.range.end, lineStart + 12)));
  return m ? Number(m[1]) : -1;
}

const firstSteps = new WeakMap<Prompt, Map<number, string | null>>();

/** The text of the first step ("1.") of the ordered list in a section, or null; one pass over the prompt, memoized. */
function firstStepOf(prompt: Prompt, source: string, section: number): string | null {
  let bySection = firstSteps.get(prompt);
  if (!bySection) {
    firstSteps.set(prompt, (bySection = new Map()));
    for (const u of prompt.units) {
      if (u.context !== 'list-item' || bySection.has(u.section) || stepNumber(source, u) !== 1) continue;
      bySection.set(u.section, u.text.replace(/\s+/g, ' ').trim().toLowerCase());
    }
  }
  return bySection.get(section) ?? null;
}

/**
 * True when the two units are steps of ordered lists in two differently titled
 * sections whose first steps are the same: two procedures written from one template ("Change impact
 * assessment" and "… including cross-application impact", each opening "1. Identify the object"),
 * each complete on its own. A block pasted again keeps its title, and is still compared.
 */
function sameStepOfParallelProcedures(a: Placed, b: Placed): boolean {
  if (stepNumber(a.source, a.unit) < 1 || stepNumber(b.source, b.unit) < 1) return false;
  const sa = a.prompt.sections[a.unit.section]!;
  const sb = a.prompt.sections[b.unit.section]!;
  if (sa.title.trim().toLowerCase() === sb.title.trim().toLowerCase()) return false;
  const first = firstStepOf(a.prompt, a.source, a.unit.section);
  return first !== null && first === firstStepOf(a.prompt, a.source, b.unit.section);
}

/** A heading that labels an item with its kind: "Namespace: python", "Tool: search", "Endpoint: `GET /users`". */
const LABELLED_TITLE = /^\W*([A-Za-z]+)\s*:\s*(\S.*)$/;
/** Kinds of item a template documents one by one (not categories such as "GOOD:", "Note:", "Step:"). */
const ITEM_KINDS = new Set(
  'namespace tool function command endpoint route api module package class method component hook plugin extension integration agent subagent mode model provider service table field parameter param option flag resource schema event action skill server connector'.split(' '),
);

/**
 * True when the two units sit under headings of one depth that label two different items with the
 * same label ("## Namespace: python" / "## Namespace: python_user_visible"), even under different
 * parents: one template per item, as parallel sections are, so a shared sentence belongs to each.
 */
function differentlyLabelledItems(prompt: Prompt, a: Unit, b: Unit): boolean {
  const labelled = (unit: Unit) => {
    const out = new Map<number, [string, string]>();
    for (let s = unit.section; s >= 0; s = prompt.sections[s]!.parent) {
      const section = prompt.sections[s]!;
      const m = section.depth > 0 ? LABELLED_TITLE.exec(section.title) : null;
      if (m && ITEM_KINDS.has(m[1]!.trim().toLowerCase().replace(/s$/, ''))) out.set(section.depth, [m[1]!.trim().toLowerCase(), m[2]!.trim().toLowerCase()]);
    }
    return out;
  };
  const la = labelled(a);
  if (!la.size) return false;
  for (const [depth, [label, item]] of labelled(b)) {
    const other = la.get(depth);
    if (other && other[0] === label && other[1] !== item) return true;
  }
  return false;
}

/** How many units of a section are read when asking whether two sections are one template (long sections: their first ones). */
const TEMPLATE_UNITS = 60;
/** Words that flip or weigh a statement: neighbours that differ in these differ in meaning, not in their item. */
const NOT_AN_ITEM = new Set(['not', 'no', 'never', 'always', "don't", 'do', 'must', 'should', 'only', 'avoid', 'and', 'or']);
const templatePairs = new WeakMap<Prompt, Map<number, boolean>>();

/**
 * True when two copies sit in sections where another sentence of one equals a sentence of the
 * other but for one to three words in one place, names on both sides ("…from `@acme/functions`" /
 * "…from `@acme/edge-functions`", "under the `before_build` key" / "under the `after_deploy` key"):
 * the two sections are one template filled in for two items (per tool, per function kind, per
 * hook), and the shared sentence belongs to each. Memoized per pair of sections.
 */
function instancesOfOneTemplate(prompt: Prompt, a: Unit, b: Unit): boolean {
  let memo = templatePairs.get(prompt);
  if (!memo) templatePairs.set(prompt, (memo = new Map()));
  const key = Math.min(a.section, b.section) * 1_000_003 + Math.max(a.section, b.section);
  let found = memo.get(key);
  if (found === undefined) {
    const wordsIn = (section: number) => {
      const out: string[][] = [];
      for (const o of prompt.units) {
        if (o.section !== section || !o.isInstruction || o.context === 'heading') continue;
        out.push(wordsOf(o.text));
        if (out.length >= TEMPLATE_UNITS) break;
      }
      return out;
    };
    const na = wordsIn(a.section);
    const nb = na.length ? wordsIn(b.section) : [];
    found = na.some((x) => nb.some((y) => differInOneItem(x, y)));
    memo.set(key, found);
  }
  return found;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}`@/_.-]+|[^\p{L}\p{N}`@/_-]+$/gu, ''))
    .filter(Boolean);
}

/** Equal but for one to three words in one place on each side, names on both sides, with at least four words shared. */
function differInOneItem(x: string[], y: string[]): boolean {
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  if (p === x.length && p === y.length) return false;
  let s = 0;
  while (s < x.length - p && s < y.length - p && x[x.length - 1 - s] === y[y.length - 1 - s]) s++;
  const mx = x.slice(p, x.length - s);
  const my = y.slice(p, y.length - s);
  if (!mx.length || !my.length || mx.length > 3 || my.length > 3) return false;
  if (p + s < 4 || (p + s) * 10 < Math.max(x.length, y.length) * 6) return false;
  if ([...mx, ...my].some((w) => NOT_AN_ITEM.has(w)) || mx.some((w) => my.includes(w))) return false;
  // the item is a name: code, an identifier, a path or a number on both sides (a plain reworded phrase is a paraphrase, not another item)
  return mx.some(isItemName) && my.some(isItemName);
}

/** Code, an identifier (snake_case, dotted, a path, a package), or a number. */
function isItemName(word: string): boolean {
  return /`|\d|[a-z0-9][_./@][a-z0-9]|^[@/]/i.test(word);
}

const scopes = new WeakMap<Prompt, UnitSubjects>();
const TURN_HEADING = /^(?:[QA]\s*\(|(?:user|assistant|human|ai|model|system)\s*(?:\(|:|$))/i;
/** Heading paths with a placeholder, or a heading that is a user's turn of a transcript ("# Q(user)", "## User:"; not "## User Interaction"). */
const TEMPLATE_OR_TURN = /<[A-Za-z][^<>\n]*>|\{[A-Za-z_][^{}\n]*\}|(?:^|\u0000)#*\s*(?:Q\s*\(|(?:User|Human)\s*(?:\(|:|\u0000|$))/i;

/**
 * The units' subjects of a prompt: each unit's enclosing headings as written (for templates and
 * transcript turns), its custom tag blocks, and its part between separators that start a new prompt.
 */
function scopesOf(prompt: Prompt, source: string): UnitSubjects {
  let scope = scopes.get(prompt);
  if (!scope) scopes.set(prompt, (scope = new UnitSubjects(computeScopes(prompt, source), prompt.units.length)));
  return scope;
}

/** One custom tag block: its name, where it opens, and the first words of its first unit. */
interface TagBlock {
  readonly name: string;
  readonly at: number;
  opens: string;
}

interface Scopes {
  /** Per section: its heading path. */
  readonly sections: string[];
  /** Per unit: the enclosing custom tag blocks (`<projects>` … `</projects>`), outermost first. */
  readonly tags: (readonly TagBlock[])[];
  /** Per unit: its part between `---` separators that open another prompt. */
  readonly parts: number[];
  /** Per unit: the Jinja conditional branches it is in, as `if-offset:branch`, outermost first. */
  readonly branches: (readonly string[])[];
}

/** Each unit's heading path and whether it is a template or a user's turn, memoized: pairs ask often. */
class UnitSubjects {
  private readonly keys: (string | undefined)[] = [];
  /** 0 not yet known, 1 no, 2 yes. */
  private readonly templated: Uint8Array;

  constructor(
    private readonly scopes: Scopes,
    unitCount: number,
  ) {
    this.templated = new Uint8Array(unitCount);
  }

  key(unit: Unit): string {
    return (this.keys[unit.index] ??= this.scopes.sections[unit.section] ?? '');
  }

  part(unit: Unit): number {
    return this.scopes.parts[unit.index] ?? 0;
  }

  tagsOf(unit: Unit): readonly TagBlock[] {
    return this.scopes.tags[unit.index] ?? [];
  }

  /** True when the units sit in different branches of one Jinja conditional: alternatives, never both sent. */
  otherBranch(a: Unit, b: Unit): boolean {
    const ba = this.scopes.branches[a.index] ?? [];
    const bb = this.scopes.branches[b.index] ?? [];
    for (let i = 0; i < Math.min(ba.length, bb.length); i++) {
      if (ba[i] === bb[i]) continue;
      return ba[i]!.split(':')[0] === bb[i]!.split(':')[0];
    }
    return false;
  }

  /**
   * How the tag blocks of two units relate: 'same' (the same blocks, or one inside the other's),
   * 'parallel' (different occurrences of one tag, or sibling blocks that open alike: one template),
   * or 'different' (differently named blocks, read as differently titled sections).
   */
  tagRelation(a: Unit, b: Unit): 'same' | 'parallel' | 'different' {
    const ta = this.scopes.tags[a.index] ?? [];
    const tb = this.scopes.tags[b.index] ?? [];
    const n = Math.min(ta.length, tb.length);
    for (let i = 0; i < n; i++) {
      const x = ta[i]!;
      const y = tb[i]!;
      if (x.at === y.at) continue;
      if (x.name === y.name || (x.opens && x.opens === y.opens)) return 'parallel';
      return 'different';
    }
    return 'same';
  }

  templateOrTurn(unit: Unit): boolean {
    if (!this.templated[unit.index]) this.templated[unit.index] = TEMPLATE_OR_TURN.test(this.key(unit)) ? 2 : 1;
    return this.templated[unit.index] === 2;
  }
}

const TAG_LINE = /^[ \t]*<(\/?)([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>[ \t]*$|^---[ \t]*$|^[ \t]*\{%-?[ \t]*(if|elif|else|endif)\b[^\n]*?-?%\}[ \t]*$/gm;
/** After a `---` line: an identity statement opens another prompt. */
const OPENS_PROMPT = /^\s*(?:you are|you're|act as)\b/i;

function computeScopes(prompt: Prompt, source: string): Scopes {
  const sections: string[] = [];
  for (const section of prompt.sections) {
    let heading = section.headingRange ? source.slice(section.headingRange.start, section.headingRange.end).replace(/\s+/g, ' ').trim() : section.title;
    // each turn of a transcript ("# A(duck.ai)", "## Assistant") is its own scope, whatever its title
    if (TURN_HEADING.test(section.title)) heading += `\u0002${section.index}`;
    sections[section.index] = section.parent >= 0 ? `${sections[section.parent] ?? ''}\u0000${heading}` : heading;
  }
  // One sweep over the prompt's tag lines and `---` separators, in step with its units.
  const tags: (readonly TagBlock[])[] = [];
  const parts: number[] = [];
  let stack: TagBlock[] = [];
  let part = 0;
  const text = source.slice(prompt.range.start, prompt.range.end);
  const marks: { at: number; close: boolean; name: string }[] = [];
  TAG_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG_LINE.exec(text))) marks.push({ at: prompt.range.start + m.index, close: m[1] === '/', name: m[3] ? `%${m[3]}` : (m[2] ?? '---') });
  const branches: (readonly string[])[] = [];
  let branch: string[] = [];
  let k = 0;
  let separatorSeen = false;
  for (const unit of prompt.units) {
    let opened: TagBlock | undefined;
    while (k < marks.length && marks[k]!.at < unit.range.start) {
      const mark = marks[k++]!;
      if (mark.name === '---') separatorSeen = true;
      else if (mark.name === '%if') branch = [...branch, `${mark.at}:0`];
      else if (mark.name === '%elif' || mark.name === '%else') {
        const last = branch[branch.length - 1];
        if (last) branch = [...branch.slice(0, -1), `${last.split(':')[0]}:${Number(last.split(':')[1]) + 1}`];
      } else if (mark.name === '%endif') branch = branch.slice(0, -1);
      else if (!mark.close) {
        stack = [...stack, (opened = { name: mark.name, at: mark.at, opens: '' })];
      } else {
        const open = stack.map((t) => t.name).lastIndexOf(mark.name);
        if (open >= 0) stack = stack.slice(0, open);
      }
    }
    if (separatorSeen) {
      if (OPENS_PROMPT.test(unit.text)) part++;
      separatorSeen = false;
    }
    // a block that opens with a lead-in ("If the project has no backend yet:") shares it with its siblings when they follow one template
    if (opened && !opened.opens && /:\s*$/.test(unit.text)) {
      const words = unit.text.toLowerCase().split(/\s+/).slice(0, 3);
      if (words.length === 3) opened.opens = words.join(' ');
    }
    tags[unit.index] = stack;
    parts[unit.index] = part;
    branches[unit.index] = branch;
  }
  return { sections, tags, parts, branches };
}

/**
 * True when the line after `end` is indented deeper than the line holding `unitStart`: nested
 * content (child list items) that deleting the unit would re-parent, so the deletion is not safe.
 */
export function hasNestedContent(text: string, unitStart: number, end: number): boolean {
  if (end === 0 || text[end - 1] !== '\n') return false;
  const lineStart = text.lastIndexOf('\n', unitStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, unitStart))![0].length;
  const next = /^([ \t]*)(\S?)/.exec(text.slice(end, end + 200))!;
  return next[2] !== '' && next[1]!.length > indent;
}
