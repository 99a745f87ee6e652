/**
 * Copies of one sentence of a longer unit (issue 14, item 3): a list item or labelled paragraph
 * holds several sentences ("- **Bypass trust modals**: Always pass `X=true`. If you don't, …"),
 * and one of them is pasted on its own elsewhere ("Always pass `X=true`."), or a unit is pasted as
 * a sentence of a longer one. Whole units are compared by duplicate-instruction's own path; this
 * compares the sentences of units that hold more than one (or whose first words are a field label)
 * with each other and with whole units, by their comparison keys (the same normalization), so a
 * word-for-word sentence copy is found whichever side is the longer unit.
 *
 * A pair is reported only where the whole-unit path found nothing for the later unit, and only
 * when the two units may be compared at all (`eligible`: duplicate-instruction's same-subject test
 * on the units that hold them). A sentence that is structure (a lead-in, a field, code) is never a
 * part, and a part needs as many words as a compared unit.
 */
import type { Prompt, Range, Unit } from '../../server/src/model/types.js';
import { splitSentences } from '../../server/src/parse/sentences.js';
import { wordCount } from './normalize.js';
import { comparisonForm, comparisonKey, readFast, readKey, type ComparisonForm } from './comparison-forms.js';
import { isDescriptiveListItem, isReferenceEntry, isStructural, looksLikeCode } from './candidates.js';
import { LIST_MARKER_SOURCE } from '../../server/src/parse/list-marker.js';

/** A sentence copy: the later copy (a whole unit, or one sentence of it) and the earlier unit that holds its twin. */
export interface SentenceCopy {
  readonly earlier: Unit;
  /** Source range of the earlier copy (the unit, or its sentence). */
  readonly earlierRange: Range;
  readonly later: Unit;
  /** Source range of the later copy. */
  readonly range: Range;
  /** What deleting the later copy removes: the unit's removal range, or the sentence with the space that separates it from its neighbour. */
  readonly removal: Range;
}

/** A leading list marker, and a short field label ("**Bypass Trust Modals**:", "Run coverage:", "**6** **Task Focus**:") that names the item rather than says anything. */
const LEAD = new RegExp(String.raw`^\s*(?:${LIST_MARKER_SOURCE}[ \t]+)?(?:\[[ xX]\][ \t]+)?`);
const LABEL = /^((?:[*_]{1,2}[^*_\n:]{1,50}[*_]{1,2}[ \t]*){1,2}|[A-Za-z][^:`\n*[\]{}]{0,40}?)[ \t]*:[*_]*[ \t]+(?=\S)/;
/** Most words of a field label. */
const LABEL_WORDS = 6;

/** A label that states a condition ("**If research is missing**:", "When offline:"): the sentences under it hold in that case only. */
const CONDITION_LABEL = /^\W*(?:if|when|whenever|unless|once|for|in case|after|before|during|while)\b/i;
/** A label that stresses rather than names a field ("IMPORTANT:", "Note:"): a prompt uses it many times, and it makes no template. */
const EMPHASIS = /\b(?:important|critical|crucial|note|nb|warning|caution|attention|remember|reminder|tip|hint|rule|never|always|must)\b/i;
/** A sentence that points at what follows it ("Call it with the following arguments."): it says something only where it stands. */
const POINTS_AHEAD = /\b(?:following|as follows|below)\b/i;
/**
 * A sentence that only points the reader elsewhere ("See `docs/caching.md` § Limits.", "Refer to the
 * [API guide](…) for details."): a cross-reference each place that cites the page carries, not a rule.
 * It must name its target (code, a link, a path or a "section"/"§"), and say nothing else.
 */
export const POINTER_SENTENCE = /^\W*(?:for (?:more|further|full|the full|all)?\s*(?:details?|information|info|examples?|reference)[^,]{0,30},\s*)?(?:see(?: also)?|refer to)\s+(?:the\s+)?(?:`[^`]+`|\[[^\]]+\](?:\([^)]*\)|\[[^\]]*\])?|[\w./-]+\/[\w./-]+|[\w-]+\.(?:md|mdx|txt|json|ya?ml)\b|(?:[\w`'"-]+\s+){1,5}(?:section|chapter|page|guide|docs|documentation|reference))(?:[^.;!?\n]|\.(?=\S)){0,80}[.]?\W*$/i;

/** The label a unit opens with, lower-cased and without markup ("command", "web search assessment"), or ''. */
function labelOf(unit: Unit, source: string): string {
  // a label ends at a colon: most units hold none, and are not sliced
  const colon = source.indexOf(':', unit.range.start);
  if (colon === -1 || colon >= unit.range.end) return '';
  const raw = source.slice(unit.range.start, unit.range.end);
  const label = LABEL.exec(raw.slice(LEAD.exec(raw)![0].length));
  return label ? label[1]!.replace(/[*_]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase() : '';
}

/** True when the unit's line is a code comment ("// The user's request. If …"): a schema's or a program's text, not the prompt's rule. */
function inCodeComment(unit: Unit, source: string): boolean {
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  return /^[ \t]*(?:\/\/|\/\*)/.test(source.slice(lineStart, lineStart + 8));
}

/**
 * True when two list items are items of one list (same section, nothing but list items and code
 * between them): a sentence each of them ends with ("Start it from the repository root.", "The full
 * procedure lives in `RELEASING.md`.") is a note on each item, as a field of a template is.
 */
function oneList(prompt: Prompt, a: Unit, b: Unit): boolean {
  if (a.context !== 'list-item' || b.context !== 'list-item' || a.section !== b.section) return false;
  for (let i = Math.min(a.index, b.index) + 1; i < Math.max(a.index, b.index); i++) {
    const c = prompt.units[i]!.context;
    if (c !== 'list-item' && c !== 'code') return false;
  }
  return true;
}

/**
 * A sentence (or a whole unit) that may be a copy. Parts are indexed by the hash of their comparison
 * key, which the comparison forms' fast reader gives for most sentences without building the key
 * (the same hash as `readKey(key)`, see comparison-forms.ts); the key itself is built only for the
 * parts whose hash another part shares, to confirm the match.
 */
class Part {
  readonly unit: Unit;
  readonly range: Range;
  /** Hash of the comparison key. */
  readonly hash: number;
  /** The unit's whole text (no label, one sentence). */
  readonly whole: boolean;
  private cachedKey: string | undefined;
  private readonly keyText: string | ComparisonForm;
  /** The sentence's text (undefined for a whole unit). */
  private readonly text: string | undefined;
  private cachedView: Unit | undefined;

  constructor(unit: Unit, text: string | undefined, range: Range, hash: number, whole: boolean, key: string | undefined, keyText: string | ComparisonForm) {
    this.unit = unit;
    this.text = text;
    this.cachedView = text === undefined ? unit : undefined;
    this.range = range;
    this.hash = hash;
    this.whole = whole;
    this.cachedKey = key;
    this.keyText = keyText;
  }

  /** The unit as this part reads (its text and range the sentence's), for the same-subject test (built on first use: most parts are never compared). */
  get view(): Unit {
    if (this.cachedView === undefined) this.cachedView = { ...this.unit, text: this.text!, range: this.range };
    return this.cachedView;
  }

  /** The comparison key (built on first use). */
  get key(): string {
    if (this.cachedKey === undefined) this.cachedKey = typeof this.keyText === 'string' ? comparisonKey(this.keyText) : this.keyText.norm.key;
    return this.cachedKey;
  }
}

/** A line of a unit (see `LABELLED_LINES`) without its list marker and label, with its sentences. */
interface Segment {
  readonly body: string;
  /** Source offset of `body`. */
  readonly base: number;
  readonly sentences: readonly Range[];
  readonly labelled: boolean;
}

/**
 * The lines and sentences of a unit that may hold parts, or null when it holds none: no sentence
 * break or label at all, or one line of one sentence without a label (the whole-unit path compares it).
 */
function segmentsOf(unit: Unit, source: string): Segment[] | null {
  const raw = source.slice(unit.range.start, unit.range.end);
  if (!mayHaveParts(raw)) return null;
  // lines that each open with a bold label ("**2** **Null Objects**: …") are items of their own, whatever the sentence splitter joined
  const segments: Segment[] = [];
  // a line break before a bold label is the only place a new segment starts: without both, the unit is one (no pattern run)
  const lines: Iterable<{ 0: string; index?: number }> = raw.includes('\n') && (raw.includes('**') || raw.includes('__')) ? raw.matchAll(LABELLED_LINES) : [{ 0: raw, index: 0 }];
  for (const line of lines) {
    const segment = line[0];
    let offset = LEAD.exec(segment)![0].length;
    const label = LABEL.exec(segment.slice(offset));
    const labelled = !!label && label[1]!.replace(/[*_]/g, ' ').trim().split(/\s+/).length <= LABEL_WORDS;
    if (labelled) offset += label![0].length;
    const body = segment.slice(offset);
    segments.push({ body, base: unit.range.start + line.index! + offset, sentences: splitSentences(body), labelled });
  }
  // one line of one sentence without a label: the whole-unit path's (known before any sentence is read)
  if (segments.length === 1 && segments[0]!.sentences.length <= 1 && !segments[0]!.labelled) return null;
  return segments;
}

/**
 * The sentences of a unit worth comparing on their own, with their source ranges (of its segments,
 * `segmentsOf`): none when the unit is one sentence without a label.
 */
function partsOf(unit: Unit, segments: readonly Segment[], minWords: number): Part[] {
  const out: Part[] = [];
  let several = false;
  for (const { body, base, sentences, labelled } of segments) {
    if (sentences.length > 1 || labelled || out.length) several = true;
    for (const s of sentences) {
      const sliced = body.slice(s.start, s.end);
      // whitespace folded only where there is some to fold (the replace builds a new string even when nothing changes)
      const text = FOLDABLE.test(sliced) ? sliced.replace(/\s+/g, ' ') : sliced;
      // the key's hash and word count, read without building the key where the fast reader can;
      // a short sentence is left on the fast reader's count, before the (dearer) structure tests
      // (all of them pure: the order changes no part)
      const fast = readFast(text);
      if (fast && fast.words < minWords) continue;
      if (isStructural(text) || POINTS_AHEAD.test(text) || POINTER_SENTENCE.test(text)) continue;
      const key = fast ? undefined : comparisonKey(text);
      if (!fast && wordCount(key!) < minWords) continue;
      const range = { start: base + s.start, end: base + s.end };
      out.push(new Part(unit, text, range, fast ? fast.hash : readKey(key!).hash, false, key, text));
    }
  }
  return several ? out : [];
}

/** Whitespace that `\s+` → " " changes: two characters of it in a row, or one that is not a space. */
const FOLDABLE = /\s\s|[^\S ]/;

/** Only the sentence terminators or a label make parts: most units have neither (a cheap test, asked first). */
const PART_BREAK = /[.!?:]\s+\S/;
function mayHaveParts(raw: string): boolean {
  return PART_BREAK.test(raw);
}

/** A line, with the lines after it up to the next one that opens with a bold label. */
const LABELLED_LINES = /[^]+?(?=\n[ \t]*(?:\*\*|__)[^*_\n]{1,50}(?:\*\*|__)|$)/g;

/** The sentence range with the whitespace that separates it from the next sentence (or from the one before, at the end). */
function sentenceRemoval(source: string, unit: Unit, range: Range): Range {
  let end = range.end;
  while (end < unit.range.end && /[ \t]/.test(source[end]!)) end++;
  if (end < unit.range.end) return { start: range.start, end };
  let start = range.start;
  while (start > unit.range.start && /[ \t]/.test(source[start - 1]!)) start--;
  return { start, end: range.end };
}

/**
 * The sentence copies of a prompt, in source order of the later copy. `units` are the compared
 * units (candidates, in source order); `twinned` the units the whole-unit path already reports;
 * `eligible(earlier, later)` whether two units may be compared (a part is passed as a view of its unit: the unit with the sentence's text and range).
 */
export function sentenceCopies(prompt: Prompt, source: string, units: readonly Unit[], twinned: ReadonlySet<Unit>, minWords: number, eligible: (earlier: Unit, later: Unit) => boolean): SentenceCopy[] {
  const partsByUnit = new Map<Unit, Part[]>();
  // Labels that open more than one unit name the fields of a template ("command:", "sudo:", "**Migration
  // pattern**:" once per tool or item): what follows each is that item's value, not a rule said twice.
  const labelCount = new Map<string, number>();
  const labels = new Map<Unit, string>();
  for (const unit of units) {
    const label = labelOf(unit, source);
    if (!label) continue;
    labels.set(unit, label);
    labelCount.set(label, (labelCount.get(label) ?? 0) + 1);
  }
  const hashes = new Set<number>();
  for (const unit of units) {
    const label = labels.get(unit);
    // a template's field, a case of its own, or code: its sentences are not compared on their own
    if (label && ((labelCount.get(label)! > 1 && !EMPHASIS.test(label)) || CONDITION_LABEL.test(label))) continue;
    // a unit with no part is left before the (dearer) tests of code below: partsOf would return none
    const segments = segmentsOf(unit, source);
    if (!segments) continue;
    if (looksLikeCode(unit.text) || inCodeComment(unit, source)) continue;
    const parts = partsOf(unit, segments, minWords);
    if (!parts.length) continue;
    if (isReferenceEntry(prompt, unit, source) || isDescriptiveListItem(prompt, unit, source)) continue;
    partsByUnit.set(unit, parts);
    for (const p of parts) hashes.add(p.hash);
  }
  if (!partsByUnit.size) return [];
  // whole units whose key some part shares (a unit's key is built only when its hash could match)
  const byHash = new Map<number, Part[]>();
  const add = (p: Part) => {
    const list = byHash.get(p.hash);
    if (list) list.push(p);
    else byHash.set(p.hash, [p]);
  };
  const out: SentenceCopy[] = [];
  for (const unit of units) {
    const parts = partsByUnit.get(unit);
    const mine: Part[] = parts ?? [];
    if (!parts) {
      const form = comparisonForm(prompt, unit);
      if (hashes.has(form.hash) && !isStructural(unit.text) && !inCodeComment(unit, source)) mine.push(new Part(unit, undefined, unit.range, form.hash, true, undefined, form));
    }
    if (!mine.length) continue;
    if (!twinned.has(unit)) {
      const found: { part: Part; twin: Part }[] = [];
      for (const part of mine) {
        // a whole unit repeating a whole unit is the whole-unit path's, and a unit never repeats itself
        const twin = byHash.get(part.hash)?.find((e) => e.key === part.key && e.unit !== unit && !(e.whole && part.whole) && !oneList(prompt, e.unit, unit) && eligible(e.view, part.view));
        if (twin) found.push({ part, twin });
      }
      if (found.length && found.length === mine.length) {
        // every sentence of the unit is a copy: the unit is, whole
        const { twin } = found[0]!;
        out.push({ earlier: twin.unit, earlierRange: twin.range, later: unit, range: unit.range, removal: unit.removalRange });
      } else {
        for (const { part, twin } of found) out.push({ earlier: twin.unit, earlierRange: twin.range, later: unit, range: part.range, removal: sentenceRemoval(source, unit, part.range) });
      }
    }
    for (const p of mine) add(p);
  }
  return out;
}
