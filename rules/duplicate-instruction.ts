/**
 * duplicate-instruction: an instruction that repeats an earlier one of the same prompt (or, in a
 * task, of an earlier file), word for word or nearly.
 *
 * Units are compared by their normalized text (rules/lib/normalize.ts: case, whitespace,
 * punctuation, Markdown markup, contractions and filler phrases folded away; symbols that carry
 * meaning, such as ✅ ❌ < > $ € C# C++, kept). Equal keys are exact duplicates, unless the two link
 * to different targets or one is struck through (`marksOf`). The fix deletes the later unit only
 * when its text, as the model reads it, is identical to its twin's (`rawText`: whitespace and the
 * list marker aside); a repetition that differs in case, punctuation, markup or filler gets a
 * suggestion, as a reader may have meant the difference. Otherwise the bigram Dice coefficient
 * (string-similarity's, rules/lib/similarity.ts) at or above `threshold` makes a near-duplicate,
 * reported with a suggestion only, because the two may differ in a nuance. Either way the two
 * must name the same things (inline code, numbers, quoted strings, names, paths), speak of the
 * same subject (heading path, labels, tag blocks) and must not differ in a content word or in a
 * word that flips or narrows the meaning. Candidate pairs come from hash groups and token-set
 * buckets, never from all pairs. With the `reworded` option (off by default), an instruction
 * restated in other words is reported too, as a suggestion (rules/lib/near-copies.ts,
 * docs/decisions/near-copies.md).
 */
import type { Prompt, PromptDocument, Unit } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext, TaskView, TextEdit } from '../server/src/engine/types.js';
import { slots } from '../server/src/model/shapes.js';
import { anchorsCompatible, contentDifference, normalize, protectedRanges, type Normalized } from './lib/normalize.js';
import { stripFiller } from './lib/filler.js';
import { comparisonForm, comparisonForms, comparisonKey, isComparedUnit, readKey, type ComparisonForm } from './lib/comparison-forms.js';
import { inTwoAlternatives } from './lib/alternatives.js';
import { attributeEntries, lineOfASeries, openingLinesOfSiblings, lineOfATemplate, stepsOfTwoProcedures } from './lib/parallel-items.js';
import { memoized } from './lib/memo.js';
import { lineOfParallelBlocks } from './lib/parallel-blocks.js';
import { isCandidate, isDescriptiveListItem, isFieldInstructionUnit, isReferenceEntry, isStructuralUnit } from './lib/candidates.js';
import { sameSubject, tagNames } from './lib/same-subject.js';
import { hasNestedContent } from './lib/nested-content.js';
import { textOffsetOf } from '../server/src/model/source.js';
import { mergeDeletions } from '../server/src/engine/fixer.js';
import { dice } from './lib/similarity.js';
import { IntMap } from './lib/int-map.js';
import { fileLabel } from './lib/file-label.js';
import { firstAndLast, isRecapTitle, recapSections, restatesItself, restatingEdges, restatingLists, summaryBlocks } from './lib/recap.js';
import { POINTER_SENTENCE, sentenceCopies, type SentenceCopy } from './lib/sentence-copies.js';
import { splitSentences } from '../server/src/parse/sentences.js';
import { unitAsks, NEAR_MARGIN, nearCopies, sharedWords } from './lib/near-copies.js';
import { isCheckItem, neighbours } from './lib/paraphrase.js';
import { ITEM_LINE, LIST_MARKER_SOURCE } from '../server/src/parse/list-marker.js';

//------------------------------------------------------------------------------
// Helpers
//------------------------------------------------------------------------------

/** One comparable unit with everything the comparison needs, computed once. */
interface Item {
  readonly doc: PromptDocument;
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly source: string;
  readonly hash: number;
  /** Its comparison form; `form.profile` is built on first use. */
  readonly form: ComparisonForm;
  /** `rawText` and `marksOf`, computed on first use. */
  raw?: string;
  marks?: string;
}

interface Twin {
  readonly item: Item;
  /** Equal comparison keys. */
  readonly exact: boolean;
  /** Equal raw texts (`rawText`): only then may the fix delete the later one. */
  readonly identical: boolean;
  readonly similarity: number;
  /** For a restatement in other words (rules/lib/near-copies.ts): the words the two share. */
  readonly reworded?: readonly string[];
}

/** A list marker (not a task box: `[ ]` and `[x]` say different things). */
const LIST_MARKER = new RegExp(String.raw`^${LIST_MARKER_SOURCE}[ \t]+`);

/**
 * What the model reads of a unit, as the fix compares it: the prompt text of its range (decoded, for
 * YAML strings), its leading list marker dropped and whitespace runs (line breaks, indentation)
 * folded to one space. Nothing else is folded: case, punctuation, markup and symbols all count.
 */
function rawText(item: Item): string {
  if (item.raw === undefined) {
    const { prompt, unit } = item;
    const slice = prompt.text.slice(textOffsetOf(prompt, unit.range.start), textOffsetOf(prompt, unit.range.end));
    item.raw = slice.replace(/\s+/g, ' ').trim().replace(LIST_MARKER, '');
  }
  return item.raw;
}

/** Link targets and strike-through marks of a unit's text, which its display text (and key) leaves out. */
function marksOf(item: Item): string {
  if (item.marks === undefined) {
    const raw = rawText(item);
    let marks = '';
    if (raw.includes('](') || raw.includes('][')) for (const m of raw.matchAll(/\]\(\s*<?([^)\s>]*)|\]\[([^\]]*)\]/g)) marks += `${m[1] ?? `[${m[2]}]`} `;
    if (raw.includes('~~')) marks += `~${raw.split('~~').length}`;
    item.marks = marks;
  }
  return item.marks;
}

/** Same link targets and strike-through: a unit linking elsewhere, or struck through, says something else. */
function sameMarks(a: Item, b: Item): boolean {
  return marksOf(a) === marksOf(b);
}

function itemsOf(doc: PromptDocument, prompt: Prompt, minWords: number): Item[] {
  const items: Item[] = [];
  for (const unit of prompt.units) {
    if (!isCandidate(prompt, unit, minWords)) continue;
    const form = comparisonForm(prompt, unit);
    items.push({ doc, prompt, unit, source: doc.file.text, hash: form.hash, form });
  }
  return items;
}

/**
 * Copies in differently titled sections, or under different labels, speak of different subjects (see
 * `sameSubject`); so do two steps of two procedures, a line every section of a series carries and a
 * field of a template that sibling sections fill in (rules/lib/parallel-items.ts).
 */
function sameScope(a: Item, b: Item): boolean {
  if (a.prompt !== b.prompt) return sameSubject(a, b);
  return comparable(a.prompt, a.source, a.unit, b.unit);
}

/**
 * `sameScope` for two units of one prompt, whole or one sentence of a longer unit (a view: the unit
 * with the sentence's text and range): the one test of what is compared that whole units and
 * sentence copies share.
 */
function comparable(prompt: Prompt, source: string, a: Unit, b: Unit): boolean {
  if (!sameSubject({ prompt, unit: a, source }, { prompt, unit: b, source })) return false;
  if (attributeEntries(prompt, source, a, b, unitAsks) || openingLinesOfSiblings(prompt, source, a, b)) return false;
  // one line of the template sibling blocks are written from (rules/lib/parallel-blocks.ts)
  if (lineOfParallelBlocks(prompt, source, a, b)) return false;
  if (a.section === b.section) return true;
  // two branches of one choice ("If …" / "Otherwise", "Path 1" / "Path 2"): each needs the line (rules/lib/alternatives.ts)
  if (inTwoAlternatives(prompt, a, b)) return false;
  const holding = (u: Unit) => sectionsHolding(prompt, u);
  return !stepsOfTwoProcedures(prompt, source, a, b) && !lineOfASeries(prompt, a, b, holding) && !lineOfATemplate(prompt, source, a, b, holding);
}

/** The sections where the line `u` says stands (as a whole unit or as one sentence of a longer one). */
function sectionsHolding(prompt: Prompt, u: Unit): number[] {
  const whole = prompt.units[u.index] === u;
  const key = whole ? comparisonForm(prompt, u).norm.key : comparisonKey(u.text);
  return [...(sectionsByKey(prompt).get(key) ?? []), ...(sentenceSectionsByKey(prompt).get(key) ?? [])];
}

/** Per prompt: the sections holding each comparison key, over its compared units (asked only of pairs in sibling sections). */
const sectionsByKey = memoized((prompt: Prompt): Map<string, number[]> => {
  const out = new Map<string, number[]>();
  for (const unit of prompt.units) {
    if (!isComparedUnit(unit)) continue;
    const key = comparisonForm(prompt, unit).norm.key;
    const list = out.get(key);
    if (list) list.push(unit.section);
    else out.set(key, [unit.section]);
  }
  return out;
});

/** Per prompt: the sections holding each comparison key among the sentences of compared units of several sentences (built only when a series is asked about). */
const sentenceSectionsByKey = memoized((prompt: Prompt): Map<string, number[]> => {
  const out = new Map<string, number[]>();
  for (const unit of prompt.units) {
    if (!isComparedUnit(unit)) continue;
    const sentences = splitSentences(unit.text);
    if (sentences.length < 2) continue;
    for (const s of sentences) {
      const key = comparisonKey(unit.text.slice(s.start, s.end));
      const list = out.get(key);
      if (list) list.push(unit.section);
      else out.set(key, [unit.section]);
    }
  }
  return out;
});

/** True when `b` may be reported as a (near) repetition of `a`, beyond their similarity. */
function sameInstruction(a: Normalized, b: Normalized): boolean {
  if (!anchorsCompatible(a, b)) return false;
  const diff = contentDifference(a, b);
  // Only function words, inflections and spellings may differ: a content word of its own on either
  // side ("two collections" / "two zipped collections", "tests" / "docs") makes another statement.
  return !diff.contrast.length && !diff.onlyA.length && !diff.onlyB.length;
}

/**
 * For each item, its twin among the earlier items that `eligible` accepts: the first exact
 * repetition, else the most similar near one. Exact repetitions share a key (grouped by its hash);
 * near-duplicate candidates share a bucket (the set of their content words, see
 * `ComparisonForm.bucket`), so candidates come from token-set buckets, never from all pairs, and
 * bigram profiles are built only for the few units whose bucket holds another. Whether a unit is
 * structure (a lead-in, a field, code) is only asked of units that have a twin.
 */
function findTwins(items: readonly Item[], threshold: number, eligible: (earlier: Item, later: Item) => boolean): (Twin | undefined)[] {
  const n = items.length;
  // Groups of equal keys are chains of item indices in source order, each named by its first
  // item (its head); heads of one hash, and heads of one bucket, are chains too.
  const headOf = new Int32Array(n);
  const nextMember = new Int32Array(n).fill(-1);
  const lastMember = new Int32Array(n);
  const nextSameHash = new Int32Array(n).fill(-1);
  const nextInBucket = new Int32Array(n).fill(-1);
  const lastInBucket = new Int32Array(n);
  const bucketSize = new Int32Array(n);
  const firstByHash = new IntMap(n);
  const firstByBucket = new IntMap(n);
  const usable = (i: number) => !isStructuralUnit(items[i]!.unit) && !POINTER_SENTENCE.test(items[i]!.unit.text) && !isReferenceEntry(items[i]!.prompt, items[i]!.unit, items[i]!.source) && !isDescriptiveListItem(items[i]!.prompt, items[i]!.unit, items[i]!.source);
  const fieldCopy = (i: number) => isFieldInstructionUnit(items[i]!.unit) && !isReferenceEntry(items[i]!.prompt, items[i]!.unit, items[i]!.source) && !isDescriptiveListItem(items[i]!.prompt, items[i]!.unit, items[i]!.source);
  const twins = slots<Twin>(n);
  /** Per group of equal keys (by its head): the first member with each raw text. */
  const rawByHead = new Map<number, Map<string, number>>();
  for (let i = 0; i < n; i++) {
    const item = items[i]!;
    // the group of equal keys, found among the heads of the same hash
    let head = -1;
    let lastHead = -1;
    for (let h = firstByHash.get(item.hash); h !== -1; h = nextSameHash[h]!) {
      if (items[h]!.form.norm.key === item.form.norm.key) {
        head = h;
        break;
      }
      lastHead = h;
    }
    const isHead = head === -1;
    let bucketFirst = firstByBucket.get(item.form.bucket);
    if (isHead) {
      head = i;
      lastMember[i] = i;
      if (lastHead === -1) firstByHash.add(item.hash, i);
      else nextSameHash[lastHead] = i;
      if (bucketFirst === -1) {
        firstByBucket.add(item.form.bucket, i);
        bucketFirst = i;
        lastInBucket[i] = i;
      } else {
        nextInBucket[lastInBucket[bucketFirst]!] = i;
        lastInBucket[bucketFirst] = i;
      }
      bucketSize[bucketFirst]++;
    } else {
      nextMember[lastMember[head]!] = i;
      lastMember[head] = i;
    }
    headOf[i] = head;
    if (isHead && bucketSize[bucketFirst]! === 1) continue;
    // a field line is structure, but its word-for-word copy is compared (only identical text, below)
    const asField = !usable(i);
    if (asField && !fieldCopy(i)) continue;
    let twin: Twin | undefined;
    const acceptsPair = (j: number) => eligible(items[j]!, item) && sameMarks(items[j]!, item) && anchorsCompatible(items[j]!.form.norm, item.form.norm);
    const accepts = (j: number) => usable(j) && acceptsPair(j);
    if (!isHead) {
      // an earlier copy with the identical text, found by text among the members of the group
      let byRaw = rawByHead.get(head);
      if (!byRaw) rawByHead.set(head, (byRaw = new Map([[rawText(items[head]!), head]])));
      const raw = rawText(item);
      const same = byRaw.get(raw);
      if (same === undefined) byRaw.set(raw, i);
      else if (asField ? fieldCopy(same) && acceptsPair(same) : accepts(same)) twin = { item: items[same]!, exact: true, identical: true, similarity: 1 };
    }
    if (asField) {
      twins[i] = twin;
      continue;
    }
    for (let j = head; !twin && j !== i && j !== -1; j = nextMember[j]!) {
      if (accepts(j)) twin = { item: items[j]!, exact: true, identical: rawText(items[j]!) === rawText(item), similarity: 1 };
    }
    if (!twin) {
      for (let h = bucketFirst; h !== -1 && h < i; h = nextInBucket[h]!) {
        if (headOf[h] === head) continue;
        const other = items[h]!;
        const similarity = dice(other.form.profile, item.form.profile);
        if (similarity < threshold || (twin && similarity <= twin.similarity)) continue;
        if (!sameInstruction(other.form.norm, item.form.norm)) continue;
        for (let j = h; j !== -1 && j < i; j = nextMember[j]!) {
          if (usable(j) && eligible(items[j]!, item) && sameMarks(items[j]!, item)) {
            twin = { item: items[j]!, exact: false, identical: false, similarity };
            break;
          }
        }
      }
    }
    twins[i] = twin;
  }
  return twins;
}

/**
 * A restatement its author labelled as one ("REMINDER: …", "Remember: …", "Again, …", "As noted
 * above, …"): still paid on every call, so still reported with its cost, but set apart (its own
 * message, a suggestion rather than a fix, and the `reminders` option), since some authors repeat
 * on purpose. The group holds the label.
 */
const REMINDER = /^\W*(?:(?:important|key|final|critical|quick|friendly|gentle)\s+)?(?:reminder|remember(?:\s+(?:to|that)\b)?|again|as (?:noted|mentioned|stated|said) (?:above|before|earlier)|to repeat|once again|i repeat)\b\W*/i;
/**
 * A reminder label that stands apart from its sentence, as a heading would ("REMINDER: …",
 * "**Remember**: …", "I repeat: …", "Important reminder — …"): the author marks the line as a
 * deliberate restatement. Such a line, like a block of reminders (`isSetApartReminder`), is set
 * apart by default. An opener that is part of the sentence ("Remember to run …", "Again, never …",
 * "As noted above, …") is labelled too, and reported as a reminder at the info level.
 */
const REMINDER_LABEL = /^\W*(?:(?:important|key|final|critical|quick|friendly|gentle)\s+)?(?:reminders?|remember|to repeat|once again|i repeat|again)[*_\s]*(?:[:\uff1a]|\s[\u2014\u2013-]\s)/i;
/**
 * A word every reminder label holds. Taking out filler phrases only removes text (no replacement
 * holds one of these words, and a removal never joins two words), so a unit without one has no
 * label after the filler either, and is not read without its filler (a scan of every unit's text:
 * 7 % of the rules' time on the corpus).
 */
const REMINDER_WORD = /remind|rememb|again|noted|mentioned|stated|said|repeat/i;

/** For units labelled as reminders that have no twin yet: their twin once the label is set aside. */
function reminderTwins(items: readonly Item[], twins: (Twin | undefined)[], eligible: (earlier: Item, later: Item) => boolean): void {
  // items by the hash of their comparison key: a key is built only for the items whose hash the
  // restated rule shares (equal keys have equal hashes, see comparison-forms.ts), not for every item
  let byHash: Map<number, Item[]> | undefined;
  for (let i = 0; i < items.length; i++) {
    if (twins[i]) continue;
    const item = items[i]!;
    // the label may follow a filler phrase ("Make sure to remember to run …")
    if (!REMINDER_WORD.test(item.unit.text)) continue;
    const text = REMINDER.test(item.unit.text) ? item.unit.text : stripFiller(item.unit.text, protectedRanges);
    const label = REMINDER.exec(text);
    if (!label || label[0].length === text.length) continue;
    if (!byHash) {
      byHash = new Map();
      for (const other of items) {
        const list = byHash.get(other.form.hash);
        if (list) list.push(other);
        else byHash.set(other.form.hash, [other]);
      }
    }
    const rest = text.slice(label[0].length);
    const norm = normalize(stripFiller(rest, protectedRanges));
    const earlier = (byHash.get(readKey(norm.key).hash) ?? []).find((e) => e.form.norm.key === norm.key && e.unit.range.start < item.unit.range.start && e.prompt === item.prompt && !isStructuralUnit(e.unit) && eligible(e, item) && anchorsCompatible(e.form.norm, norm));
    if (earlier) twins[i] = { item: earlier, exact: true, identical: false, similarity: 1 };
  }
}

/**
 * For items that still have no twin: an earlier instruction they restate in other words
 * (rules/lib/near-copies.ts), among the units that ask for something and are not structure, under
 * the same exemptions as copies (`eligible`: same subject, parallel items, recaps) and the reader's
 * own (neighbours in one section, check items). Reported as a suggestion, never fixed.
 */
function rewordedTwins(prompt: Prompt, items: readonly Item[], twins: (Twin | undefined)[], summaries: boolean): void {
  const asking: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const { unit, source } = items[i]!;
    if (!isStructuralUnit(unit) && !isReferenceEntry(prompt, unit, source) && !isDescriptiveListItem(prompt, unit, source) && unitAsks(unit.text)) asking.push(i);
  }
  if (asking.length < 2) return;
  let copies = nearCopies(
    asking.map((i) => items[i]!.unit.text),
    NEAR_MARGIN,
    (e, l) => {
      const [a, b] = [items[asking[e]!]!, items[asking[l]!]!];
      return !twins[asking[l]!] && !neighbours(a.unit, b.unit) && !isCheckItem(prompt, a.unit) && !isCheckItem(prompt, b.unit) && sameMarks(a, b) && sameScope(a, b);
    },
  ).map((c) => ({ ...c, a: items[asking[c.earlier]!]!, b: items[asking[c.later]!]! }));
  if (!copies.length) return;
  if (!summaries) {
    // set apart by the one test copies get (setApartTest: recaps, summary blocks, the two ends of a long prompt)
    const apart = setApartTest(prompt, items, [...twinPairs(items, twins), ...copies.map((c) => [c.a, c.b] as [Item, Item])]);
    if (apart) copies = copies.filter((c) => !apart(c.a, c.b));
  }
  for (const c of copies) twins[asking[c.later]!] = { item: c.a, exact: false, identical: false, similarity: c.score, reworded: sharedWords(c.a.unit.text, c.b.unit.text) };
}

/**
 * A section title or tag that labels what it holds as reminders ("## Reminders", "## Final reminders",
 * `<reminderInstructions>`). A closing block titled otherwise ("## Final notes") is a recap (rules/lib/recap.ts).
 */
const REMINDER_BLOCK = /^\W*(?:final\s+)?reminders?\b|\bfinal reminders?\b|^reminder|^\W*(?:[\w'-]+\s+){1,2}reminders\W*$|\b(?:key|important|critical|core|last|quick|general)\s+reminders?\b/i;

/** True when the unit opens with a reminder label, or sits in a section or tag block labelled as reminders. */
function isReminder(unit: Unit, prompt?: Prompt, source?: string): boolean {
  return REMINDER.test(unit.text) || (prompt !== undefined && inReminderBlock(unit, prompt, source));
}

/** True when the unit sits in a section or tag block titled as reminders, or (given the source) in a list under a reminder lead-in. */
function inReminderBlock(unit: Unit, prompt: Prompt, source: string | undefined): boolean {
  for (let s = unit.section; s >= 0; s = prompt.sections[s]!.parent) if (REMINDER_BLOCK.test(prompt.sections[s]!.title)) return true;
  return source !== undefined && (tagNames(prompt, unit, source).some((name) => REMINDER_BLOCK.test(spacedTag(name))) || underReminderLeadIn(unit, source));
}

/**
 * True when a labelled reminder is also set apart (not reported unless `reminders` is on): it sits in
 * a block of reminders (a section or tag block titled as reminders, a list under a reminder lead-in)
 * or opens with a label of its own (`REMINDER_LABEL`). An opener that is part of the sentence
 * ("Remember to …", "Again, …") is still reported, as a reminder at the info level.
 */
function isSetApartReminder(unit: Unit, prompt: Prompt, source: string): boolean {
  return REMINDER_LABEL.test(unit.text) || inReminderBlock(unit, prompt, source);
}

/** A tag name as words (`importantReminders`, `key_reminders` → "important Reminders", "key reminders"). */
function spacedTag(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ');
}

/**
 * Fewest characters between a reminder and what it restates for it to be set apart (about 250 tokens):
 * a reminder after a long stretch of other text (the end of a long prompt, a reminder block after
 * the context) is meant to bring the rule back; one right after its rule ("I repeat: …" three lines
 * below it) only adds tokens, and is reported.
 */
const FAR_REMINDER = 1_000;

function farReminder(earlier: { end: number }, later: { start: number }): boolean {
  return later.start - earlier.end >= FAR_REMINDER;
}

/** A list item's line ("- …", "2) …"). */

/**
 * True when the unit is an item of a list whose lead-in line is labelled as a reminder ("I REPEAT:
 * when making charts:", "Reminder:"): the nearest line above it that is not a list item nor blank.
 */
function underReminderLeadIn(unit: Unit, source: string): boolean {
  if (unit.context !== 'list-item') return false;
  let end = source.lastIndexOf('\n', unit.range.start - 1);
  for (let k = 0; end > 0 && k < 40; k++) {
    const start = source.lastIndexOf('\n', end - 1) + 1;
    const line = source.slice(start, end);
    end = start - 1;
    if (!line.trim() || ITEM_LINE.test(line)) continue;
    return /:\s*$/.test(line) && REMINDER.test(line.trim());
  }
  return false;
}

/** A finding about to be reported, with the deletion its fix would make (when it has one). */
interface Pending {
  readonly later: Item;
  /** True when one of the two lies in a recap section and the other does not (see rules/lib/recap.ts). */
  readonly recap?: boolean;
  /** True when the later copy is labelled as a reminder ("REMINDER:", "Again, …"). */
  readonly reminder: boolean;
  readonly twin: Twin;
  readonly crossFile: boolean;
  /** The unit's own removal (its message states what it costs). */
  readonly removal: TextEdit;
  /** Fixable: a repetition of identical text that is not the parent of nested items. */
  readonly fixable: boolean;
  /** The edits the fix makes, shared by the findings of one group (see `groupRemovals`); the engine counts their saving once. */
  edits?: TextEdit[];
}

function pendingFor(later: Item, twin: Twin, crossFile: boolean, recap = false): Pending {
  const { unit, doc } = later;
  const removal: TextEdit = { path: crossFile ? doc.file.path : undefined, range: unit.removalRange, text: '' };
  const nested = unit.context === 'list-item' && hasNestedContent(doc.file.text, unit.range.start, unit.removalRange.end);
  const reminder = isReminder(unit, later.prompt, later.source) || restatesItself(unit.text, twin.item.unit.text);
  return { later, twin, crossFile, removal, recap, reminder, fixable: twin.identical && !nested && !reminder && !recap };
}

/**
 * What sets a pair of copies apart, decided once per prompt over all its pairs (whole units and
 * sentence copies alike): one copy in a recap ("## Quick reference", a closing digest of the rules,
 * a `<FINAL_DIRECTIVES>` block, a short block that points to the full rules) and the other in the body it recaps (two recaps may still repeat each
 * other), or the two ends of a long prompt (`bookend`). Undefined when nothing is set apart (the
 * usual case, cheap). Such a pair is not a repetition to delete: it is reported only with the
 * `summaries` option, as a summary, below warnings.
 */
function setApartTest(prompt: Prompt, items: readonly Item[], pairs: readonly (readonly [Item, Item])[]): ((a: Item, b: Item) => boolean) | undefined {
  if (!pairs.length) return undefined;
  const recapSection = recapSections(
    prompt,
    pairs.map(([a, b]) => [a.unit, b.unit] as const),
    comparedIn(prompt, items),
  );
  // a recap may also be a tag block (`<FINAL_DIRECTIVES>`), asked only of the units of a pair
  const tagged = new Map<Item, boolean>();
  const inTag = (item: Item) => tagged.get(item) ?? (tagged.set(item, inRecapTag(item)), tagged.get(item)!);
  const recapTag = pairs.some(([a, b]) => inTag(a) || inTag(b));
  const bookends = prompt.text.length >= BOOKEND_PROMPT && pairs.some(([a, b]) => bookend(a, b));
  // a block that points to the full rules elsewhere ("See the copyright section for the full rules.")
  const unitPairs = pairs.map(([a, b]) => [a.unit, b.unit] as const);
  const pointed = new Set([...summaryBlocks(prompt, items[0]!.source), ...restatingLists(prompt, unitPairs)]);
  const summary = pointed.size > 0 && pairs.some(([a, b]) => pointed.has(a.unit.index) !== pointed.has(b.unit.index));
  // untitled blocks at a prompt's edges that restate it, and one rule as its first and last line (rules/lib/recap.ts)
  const atEdges = restatingEdges(prompt, items[0]!.source, unitPairs);
  const edges = firstAndLast(prompt, items[0]!.source, items.map((i) => i.unit));
  const framed = atEdges.size > 0 || (!!edges && pairs.some(([a, b]) => edges(a.unit, b.unit)));
  if (!recapSection && !recapTag && !bookends && !summary && !framed) return undefined;
  const inRecap = (item: Item) => (recapSection !== undefined && recapSection(item.unit) !== -1) || (recapTag && inTag(item)) || (summary && pointed.has(item.unit.index));
  return (a, b) => inRecap(a) !== inRecap(b) || (bookends && bookend(a, b)) || (framed && (atEdges.has(a.unit.index) !== atEdges.has(b.unit.index) || (!!edges && edges(a.unit, b.unit))));
}

/**
 * The twins of a prompt's items once the pairs `apart` sets apart are: each item looks for a twin
 * elsewhere first. With `summaries`, an item whose only twin is set apart keeps it, marked.
 */
function withoutSetApart(items: readonly Item[], twins: (Twin | undefined)[], threshold: number, apart: ((a: Item, b: Item) => boolean) | undefined, summaries: boolean): { twins: (Twin | undefined)[]; recap: Set<number> } {
  const marked = new Set<number>();
  if (!apart) return { twins, recap: marked };
  const kept = findTwins(items, threshold, (a, b) => !apart(a, b) && sameScope(a, b));
  if (summaries) {
    twins.forEach((t, i) => {
      if (t && !kept[i] && apart(t.item, items[i]!)) {
        kept[i] = t;
        marked.add(i);
      }
    });
  }
  return { twins: kept, recap: marked };
}

/** Each item that has a twin, as the pair (its twin, the item). */
function twinPairs(items: readonly Item[], twins: readonly (Twin | undefined)[]): [Item, Item][] {
  return twins.flatMap((t, i) => (t ? [[t.item, items[i]!] as [Item, Item]] : []));
}

/** How many of the compared items stand in each section of the prompt (what a recap by shape is measured against). */
function comparedIn(prompt: Prompt, items: readonly Item[]): (section: number) => number {
  const perSection = new Int32Array(prompt.sections.length);
  for (const item of items) perSection[item.unit.section]++;
  return (section) => perSection[section] ?? 0;
}

/** Fewest characters of a prompt long enough for its instructions to be repeated at its end on purpose (about 7,500 tokens). */
const BOOKEND_PROMPT = 30_000;
/** The share of a long prompt at its start and at its end that a bookend's copies stand in. */
const BOOKEND_EDGE = 0.05;

/**
 * True when, in a long prompt, one copy stands in its first twentieth and the other in its last: the
 * instructions stated again after a long context ("sandwich" prompting, which model vendors advise for
 * long prompts), set apart like a recap. A repeat anywhere else in a long prompt is compared.
 */
function bookend(a: Item, b: Item): boolean {
  const { prompt } = a;
  const length = prompt.text.length;
  if (b.prompt !== prompt || length < BOOKEND_PROMPT) return false;
  const at = (item: Item) => textOffsetOf(prompt, item.unit.range.start) / length;
  const [x, y] = [at(a), at(b)].sort((m, n) => m - n) as [number, number];
  return x <= BOOKEND_EDGE && y >= 1 - BOOKEND_EDGE;
}

/** True when the unit sits in a tag block named as a recap (`<FINAL_DIRECTIVES>`, `<quickReference>`). */
function inRecapTag(item: Item): boolean {
  return item.source.includes('<') && tagNames(item.prompt, item.unit, item.source).some(isRecapTitle);
}

/** The findings to report: those that directives leave (a suppressed unit must never be taken by a merged fix). */
function unsuppressed(pending: Pending[], ctx: RuleContext): Pending[] {
  return ctx.isSuppressed ? pending.filter((p) => !ctx.isSuppressed!(p.later.unit.range, p.crossFile ? p.later.doc.file.path : undefined)) : pending;
}

/**
 * The fix of each fixable finding: deletions of neighbouring units merged, widened and tidied by the
 * engine's fixer (server/src/engine/fixer.ts) into one edit shared by their findings (the engine
 * counts its savings once and writes it for YAML strings).
 */
function groupRemovals(pending: readonly Pending[], doc: PromptDocument, prompt: Prompt): void {
  const fixable = pending.filter((p) => p.fixable);
  const merged = mergeDeletions(
    doc.file.text,
    prompt,
    fixable.map((p) => ({ range: p.removal.range, section: p.later.unit.section })),
  );
  for (const { members, range } of merged) {
    const edits: TextEdit[] = [{ path: fixable[members[0]!]!.removal.path, range, text: '' }];
    for (const m of members) fixable[m]!.edits = edits;
  }
}

function report(p: Pending, ctx: RuleContext): void {
  const { unit, doc, prompt } = p.later;
  const earlier = p.twin.item;
  const line = earlier.doc.file.lines.positionAt(earlier.unit.range.start).line + 1;
  const where = p.crossFile ? `${fileLabel(earlier.doc.file.path, doc.file.path)}:${line}` : `line ${line}`;
  const messageId = p.twin.reworded ? 'reworded' : !p.twin.exact ? 'near' : p.twin.identical ? 'exact' : 'restated';
  const base: Report = {
    messageId: p.recap ? 'summary' : p.reminder ? 'reminder' : messageId,
    ...(p.recap || p.reminder ? { severity: 'info' as const } : {}),
    data: p.twin.exact ? { where } : p.twin.reworded ? { where, words: p.twin.reworded.join(', ') } : { where, similarity: Math.floor(p.twin.similarity * 100) },
    range: unit.range,
    // the message quotes what removing this unit alone saves (the engine measures it)
    cost: [p.removal],
    ...(p.crossFile ? { path: doc.file.path } : {}),
    related: [
      {
        path: earlier.doc.file.path,
        range: earlier.unit.range,
        message: p.twin.exact ? 'First stated here' : 'The similar instruction',
      },
    ],
  };
  if (p.fixable) {
    // the engine drops the fix when a YAML string cannot be written so that it decodes to the text without the unit
    ctx.report({ ...base, fix: p.edits ?? [p.removal] });
    return;
  }
  // a suggestion: the user chooses it, --fix never applies it
  ctx.report({ ...base, suggest: [{ messageId: p.twin.exact ? 'removeDuplicate' : 'removeNearDuplicate', edits: [p.removal] }] });
}

/**
 * One sentence of a longer unit pasted elsewhere, or a unit pasted into a longer one
 * (rules/lib/sentence-copies.ts), compared under the same scope test as whole units (`comparable`).
 * `twinned`: the units the whole-unit path reports.
 */
function sentenceCopiesOf(doc: PromptDocument, prompt: Prompt, items: readonly Item[], twinned: ReadonlySet<Unit>, minWords: number): SentenceCopy[] {
  const source = doc.file.text;
  return sentenceCopies(prompt, source, items.map((i) => i.unit), twinned, minWords, (a, b) => comparable(prompt, source, a, b));
}

/** The later copy of a sentence copy as it reads: its unit with the copy's text and range. */
function laterView(c: SentenceCopy, source: string): Unit {
  return c.range === c.later.range ? c.later : { ...c.later, text: source.slice(c.range.start, c.range.end), range: c.range };
}

/**
 * How a sentence copy is labelled as a reminder: `apart` when it is set apart (its unit sits in a
 * block of reminders, or a label of its own opens the sentence or stands right before it: "Remember:
 * never …"), `labelled` when an opener of the sentence labels it ("Again, never …"), else false.
 */
function reminderCopy(c: SentenceCopy, prompt: Prompt, source: string): 'apart' | 'labelled' | false {
  const view = laterView(c, source);
  if (isSetApartReminder(view, prompt, source) || restatesItself(c.later.text, source.slice(c.earlierRange.start, c.earlierRange.end))) return 'apart';
  const lead = source.slice(c.later.range.start, c.range.start).trim();
  const label = lead ? REMINDER.exec(lead) : null;
  if (label && label[0].length === lead.length) return REMINDER_LABEL.test(lead) ? 'apart' : 'labelled';
  if (isReminder(view, prompt, source)) return 'labelled';
  // a copy reported whole may hold the label at one of its sentences ("Greet them. Remember: never …")
  if (!REMINDER_WORD.test(view.text)) return false;
  const sentences = splitSentences(view.text).map((s) => view.text.slice(s.start, s.end));
  return sentences.some((s) => REMINDER_LABEL.test(s)) ? 'apart' : sentences.some((s) => REMINDER.test(s)) ? 'labelled' : false;
}

/**
 * Reports the sentence copies a suggestion each (deleting a sentence from inside an item is the
 * author's call), set apart as whole units are: across a recap or between the ends of a long prompt
 * only with `summaries` (the summary message, info), labelled reminders as info, and those set
 * apart as reminders (`isSetApartReminder`) only with `reminders`.
 */
function reportSentenceCopies(doc: PromptDocument, prompt: Prompt, copies: readonly SentenceCopy[], itemOf: ReadonlyMap<Unit, Item>, apart: ((a: Item, b: Item) => boolean) | undefined, options: { reminders: boolean; summaries: boolean }, ctx: RuleContext): void {
  const source = doc.file.text;
  for (const c of copies) {
    const recap = !!apart && apart(itemOf.get(c.earlier)!, itemOf.get(c.later)!);
    if (recap && !options.summaries) continue;
    const reminder = reminderCopy(c, prompt, source);
    if (reminder === 'apart' && !options.reminders && farReminder(c.earlierRange, c.range)) continue;
    if (ctx.isSuppressed?.(c.range)) continue;
    const line = doc.file.lines.positionAt(c.earlierRange.start).line + 1;
    const removal: TextEdit = { range: c.removal, text: '' };
    ctx.report({
      messageId: recap ? 'summary' : reminder ? 'reminder' : 'sentence',
      ...(recap || reminder ? { severity: 'info' as const } : {}),
      data: { where: `line ${line}` },
      range: c.range,
      cost: [removal],
      related: [{ path: doc.file.path, range: c.earlierRange, message: 'First stated here' }],
      suggest: [{ messageId: 'removeDuplicate', edits: [removal] }],
    });
  }
}

function options(ctx: RuleContext): { threshold: number; minWords: number; reminders: boolean; summaries: boolean; reworded: boolean } {
  return { threshold: ctx.options.threshold as number, minWords: ctx.options.minWords as number, reminders: ctx.options.reminders === true, summaries: ctx.options.summaries === true, reworded: ctx.options.reworded === true };
}

//------------------------------------------------------------------------------
// Rule Definition
//------------------------------------------------------------------------------

const rule: Rule = {
  meta: {
    id: 'duplicate-instruction',
    description: 'Instructions are stated once: no unit repeats an earlier one of the same prompt or task, exactly or nearly',
    tags: ['cost', 'duplicates'],
    defaultSeverity: 'warning',
    fixable: true,
    hasSuggestions: true,
    schema: {
      type: 'object',
      properties: {
        threshold: {
          type: 'number',
          minimum: 0.5,
          maximum: 1,
          description: 'Bigram Dice similarity (string-similarity) at or above which two instructions are near-duplicates; 1 reports exact repetitions only',
        },
        minWords: { type: 'integer', minimum: 1, description: 'Units with fewer words are never compared' },
        reminders: {
          type: 'boolean',
          description: 'Report restatements set apart as reminders (a "REMINDER:" or "Remember:" label, a block of reminders such as "## Key reminders" or <reminderInstructions>), as info; false (the default) leaves them out. An opener of the sentence ("Remember to …", "Again, …") is reported as a reminder either way',
        },
        reworded: {
          type: 'boolean',
          description:
            'Also report an instruction restated in other words ("Pin random seeds" / "Fix your random seeds"; rules/lib/near-copies.ts), as a suggestion. Off by default: about 6 in 10 of these findings on real prompts are real restatements (docs/decisions/near-copies.md)',
        },
        summaries: {
          type: 'boolean',
          description: 'Report restatements between a recap section ("## Quick reference", "## Checklist", a closing digest of the rules) and the rest of the prompt; false (the default) sets them apart',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { threshold: 0.85, minWords: 4, reminders: false, summaries: false, reworded: false },
    messages: {
      exact: 'Repeats the instruction at {{where}} word for word ({{saved}} per call)',
      restated: 'Repeats the instruction at {{where}} but for case, punctuation, markup or filler words ({{saved}} per call)',
      near: 'Nearly repeats the instruction at {{where}} ({{similarity}}% similar, {{saved}} per call)',
      reworded: 'Restates the instruction at {{where}} in other words (both say: {{words}}; {{saved}} per call)',
      reminder: 'Restates the instruction at {{where}} as a reminder ({{saved}} per call)',
      summary: 'Restates the instruction at {{where}} in a recap section ({{saved}} per call)',
      sentence: 'Repeats a sentence stated at {{where}} word for word ({{saved}} per call)',
      removeDuplicate: 'Remove this repetition',
      removeNearDuplicate: 'Remove this near-duplicate',
    },
  },

  precompute: comparisonForms,
  check(doc, ctx) {
    const { threshold, minWords, reminders, summaries, reworded } = options(ctx);
    for (const prompt of doc.prompts) {
      const items = itemsOf(doc, prompt, minWords);
      const found = findTwins(items, threshold, sameScope);
      const foundPairs = twinPairs(items, found);
      let copies = sentenceCopiesOf(doc, prompt, items, new Set(foundPairs.map(([, later]) => later.unit)), minWords);
      const itemOf = new Map(items.map((i) => [i.unit, i]));
      // recaps and bookends are recognised once, over whole-unit and sentence pairs together
      const pairs = [...foundPairs, ...copies.map((c) => [itemOf.get(c.earlier)!, itemOf.get(c.later)!] as [Item, Item])];
      const apart = setApartTest(prompt, items, pairs);
      const { twins, recap } = withoutSetApart(items, found, threshold, apart, summaries);
      reminderTwins(items, twins, sameScope);
      if (reworded) rewordedTwins(prompt, items, twins, summaries);
      let pending: Pending[] = [];
      for (let i = 0; i < twins.length; i++) if (twins[i] && (reminders || !farReminder(twins[i]!.item.unit.range, items[i]!.unit.range) || !(isSetApartReminder(items[i]!.unit, prompt, items[i]!.source) || restatesItself(items[i]!.unit.text, twins[i]!.item.unit.text)))) pending.push(pendingFor(items[i]!, twins[i]!, false, recap.has(i)));
      pending = unsuppressed(pending, ctx);
      if (pending.length) {
        groupRemovals(pending, doc, prompt);
        for (const p of pending) report(p, ctx);
      }
      // a unit the whole-unit path reports (a reminder's twin found once its label is set aside) is not reported twice
      if (copies.length) {
        const reported = new Set(twinPairs(items, twins).map(([, later]) => later.unit));
        copies = copies.filter((c) => !reported.has(c.later));
        reportSentenceCopies(doc, prompt, copies, itemOf, apart, { reminders, summaries }, ctx);
      }
    }
  },

  checkTask(task: TaskView, ctx) {
    const { threshold, minWords } = options(ctx);
    // "The later copy" is the one in the file whose path sorts later, whatever the task's order: two
    // tasks that list the same files in opposite orders must name the same copy, or their two fixes
    // would delete both. A task derived from an agent's context is in the order the agent loads its
    // files, and the later copy is the one it loads later (such findings carry no fix).
    const docs = task.context ? [...task.docs] : [...task.docs].sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    const items = docs.flatMap((doc) => doc.prompts.flatMap((prompt) => itemsOf(doc, prompt, minWords)));
    // Repetitions inside one prompt are check()'s; here a unit is reported only when its twin is
    // in an earlier file and it repeats nothing earlier in its own prompt.
    const local = findTwins(items, threshold, (a, b) => a.prompt === b.prompt && sameScope(a, b));
    const order = new Map(docs.map((d, i) => [d, i] as const));
    const across = findTwins(items, threshold, (a, b) => order.get(a.doc)! < order.get(b.doc)! && sameSubject(a, b, { acrossFiles: true }));
    const pending: Pending[] = [];
    across.forEach((twin, i) => twin && !local[i] && pending.push(pendingFor(items[i]!, twin, true)));
    for (const p of unsuppressed(pending, ctx)) report(p, ctx);
  },
};
export default rule;
