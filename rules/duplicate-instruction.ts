/**
 * duplicate-instruction: an instruction that repeats an earlier one of the same prompt (or, in a
 * task, of an earlier file), word for word or nearly.
 *
 * Units are compared by their normalized text (rules/lib/normalize.ts: case, whitespace,
 * punctuation, Markdown markup, contractions and filler phrases folded away). Equal keys are
 * exact duplicates: the later unit is deleted by the fix. Otherwise the bigram Dice coefficient
 * (string-similarity's, rules/lib/similarity.ts) at or above `threshold` makes a near-duplicate,
 * reported with a suggestion only, because the two may differ in a nuance. Either way the two
 * must name the same things (inline code, numbers, quoted strings, names, paths), speak of the
 * same subject (heading path, labels, tag blocks) and must not differ in a content word or in a
 * word that flips or narrows the meaning. Candidate pairs come from hash groups and token-set
 * buckets, never from all pairs.
 */
import type { Prompt, PromptDocument, Unit } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext, TaskView, TextEdit } from '../server/src/engine/types.js';
import { slots } from '../server/src/model/shapes.js';
import { anchorsCompatible, contentDifference, normalize, protectedRanges, type Normalized } from './lib/normalize.js';
import { stripFiller } from './lib/filler.js';
import { comparisonForm, comparisonForms, hasNestedContent, isCandidate, isStructuralUnit, sameSubject, type ComparisonForm } from './lib/repeats.js';
import { tokensSaved } from './lib/savings.js';
import { formatNumber } from '../server/src/tokens/index.js';
import { dice } from './lib/similarity.js';
import { IntMap } from './lib/int-map.js';
import path from 'node:path';

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
}

interface Twin {
  readonly item: Item;
  readonly exact: boolean;
  readonly similarity: number;
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

/** Copies in differently titled sections, or under different labels, speak of different subjects (see `sameSubject`). */
function sameScope(a: Item, b: Item): boolean {
  return sameSubject(a, b);
}

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
  const usable = (i: number) => !isStructuralUnit(items[i]!.unit);
  const twins = slots<Twin>(n);
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
    if (!usable(i)) continue;
    let twin: Twin | undefined;
    for (let j = head; j !== i && j !== -1; j = nextMember[j]!) {
      const other = items[j]!;
      if (usable(j) && eligible(other, item) && anchorsCompatible(other.form.norm, item.form.norm)) {
        twin = { item: other, exact: true, similarity: 1 };
        break;
      }
    }
    if (!twin) {
      for (let h = bucketFirst; h !== -1 && h < i; h = nextInBucket[h]!) {
        if (headOf[h] === head) continue;
        const other = items[h]!;
        const similarity = dice(other.form.profile, item.form.profile);
        if (similarity < threshold || (twin && similarity <= twin.similarity)) continue;
        if (!sameInstruction(other.form.norm, item.form.norm)) continue;
        for (let j = h; j !== -1 && j < i; j = nextMember[j]!) {
          if (usable(j) && eligible(items[j]!, item)) {
            twin = { item: items[j]!, exact: false, similarity };
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
const REMINDER = /^\W*(?:reminder|remember|again|as (?:noted|mentioned|stated|said) (?:above|before|earlier)|to repeat|once again|i repeat)\b\W*/i;

/** For units labelled as reminders that have no twin yet: their twin once the label is set aside. */
function reminderTwins(items: readonly Item[], twins: (Twin | undefined)[], eligible: (earlier: Item, later: Item) => boolean): void {
  let byKey: Map<string, Item[]> | undefined;
  for (let i = 0; i < items.length; i++) {
    if (twins[i]) continue;
    const item = items[i]!;
    const label = REMINDER.exec(item.unit.text);
    if (!label || label[0].length === item.unit.text.length) continue;
    if (!byKey) {
      byKey = new Map();
      for (const other of items) {
        const list = byKey.get(other.form.norm.key) ?? [];
        list.push(other);
        byKey.set(other.form.norm.key, list);
      }
    }
    const rest = item.unit.text.slice(label[0].length);
    const norm = normalize(stripFiller(rest, protectedRanges));
    const earlier = (byKey.get(norm.key) ?? []).find((e) => e.unit.range.start < item.unit.range.start && e.prompt === item.prompt && !isStructuralUnit(e.unit) && eligible(e, item) && anchorsCompatible(e.form.norm, norm));
    if (earlier) twins[i] = { item: earlier, exact: true, similarity: 1 };
  }
}

/** True when the unit opens with a reminder label. */
function isReminder(unit: Unit): boolean {
  return REMINDER.test(unit.text);
}

function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** A finding about to be reported, with the deletion its fix would make (when it has one). */
interface Pending {
  readonly later: Item;
  readonly twin: Twin;
  readonly crossFile: boolean;
  /** The unit's own removal (its message states what it costs). */
  readonly removal: TextEdit;
  /** Fixable: a word-for-word repetition that is not the parent of nested items. */
  readonly fixable: boolean;
  /** The edit the fix makes, shared by the findings of one group (see `groupRemovals`). */
  edit?: TextEdit;
  /** Tokens the group's edit saves, carried by the group's first finding only. */
  saved?: number;
}

function pendingFor(later: Item, twin: Twin, crossFile: boolean): Pending {
  const { unit, doc } = later;
  const removal: TextEdit = { path: crossFile ? doc.file.path : undefined, range: unit.removalRange, text: '' };
  const nested = unit.context === 'list-item' && hasNestedContent(doc.file.text, unit.range.start, unit.removalRange.end);
  return { later, twin, crossFile, removal, fixable: twin.exact && !nested && !isReminder(unit) };
}

/**
 * Deletions of neighbouring sentences of one paragraph overlap or touch (each takes the space
 * between them), so they could not all be applied in one pass, their savings would not add up, and
 * deleting every sentence would leave empty lines. Overlapping or touching deletions are merged
 * into one edit, shared by their findings (the first carries the savings); an edit that empties a
 * paragraph takes its lines and one blank line, as deleting a one-sentence paragraph does.
 */
function groupRemovals(pending: readonly Pending[], prompt: Prompt, text: string, ctx: RuleContext): void {
  const fixable = pending.filter((p) => p.fixable).sort((a, b) => a.removal.range.start - b.removal.range.start);
  // Merge deletions that overlap or touch, widen a group of sentences to its paragraph's lines,
  // and merge again until no two groups touch; then tidy the blank lines once per group.
  let groups: Group[] = fixable.map((p) => ({ members: [p], range: p.removal.range }));
  for (let changed = true; changed; ) {
    changed = false;
    const merged: Group[] = [];
    for (const g of groups) {
      const last = merged[merged.length - 1];
      if (last && g.range.start <= last.range.end) {
        merged[merged.length - 1] = { members: [...last.members, ...g.members], range: { start: last.range.start, end: Math.max(last.range.end, g.range.end) } };
        changed = true;
      } else merged.push(g);
    }
    groups = merged.map((g) => (g.members.length > 1 ? { members: g.members, range: wholeParagraph(text, g.range) } : g));
  }
  groups = groups.map((g) => (g.members.length > 1 ? { members: g.members, range: tidy(text, g.range) } : g));
  groups = wholeSections(groups, prompt, text);
  for (const { members, range } of groups) {
    const edit: TextEdit = { path: members[0]!.removal.path, range, text: '' };
    const saved = tokensSaved(prompt, [edit], ctx);
    members.forEach((p, k) => {
      p.edit = edit;
      p.saved = k === 0 ? saved : 0;
    });
  }
}

/** After a merged deletion, when blank lines would meet on both sides, one of them goes with it. */
function tidy(text: string, range: { start: number; end: number }): { start: number; end: number } {
  const before = /\n[ \t]*\r?\n$/.test(text.slice(Math.max(0, range.start - 200), range.start)) || range.start === 0;
  const after = /^[ \t]*\r?\n/.exec(text.slice(range.end, range.end + 200));
  return before && after ? { start: range.start, end: range.end + after[0].length } : range;
}

/**
 * When the deletions of one section take everything under its heading (a section pasted twice:
 * every unit repeats one under an identical earlier heading), they become one deletion of the
 * whole section, heading included, so that no empty heading is left behind.
 */
function wholeSections(groups: Group[], prompt: Prompt, text: string): Group[] {
  const bySection = new Map<number, Group[]>();
  for (const g of groups) {
    const section = g.members[0]!.later.unit.section;
    if (g.members.some((m) => m.later.unit.section !== section)) continue;
    bySection.set(section, [...(bySection.get(section) ?? []), g]);
  }
  const out = new Set(groups);
  for (const [index, inSection] of bySection) {
    const section = prompt.sections[index];
    if (!section?.headingRange || section.depth === 0) continue;
    const ranges = inSection.map((g) => g.range).sort((a, b) => a.start - b.start);
    let cursor = section.headingRange.end;
    let covered = true;
    for (const r of ranges) {
      if (text.slice(cursor, r.start).trim()) covered = false;
      cursor = Math.max(cursor, r.end);
    }
    if (!covered || text.slice(cursor, section.range.end).trim()) continue;
    let start = text.lastIndexOf('\n', section.headingRange.start - 1) + 1;
    // at the end of the prompt, the blank lines before the heading go too
    if (!text.slice(section.range.end).trim()) start = text.slice(0, start).trimEnd().length + (/\r?\n/.exec(text.slice(text.slice(0, start).trimEnd().length))?.[0].length ?? 0);
    for (const g of inSection) out.delete(g);
    out.add({ members: inSection.flatMap((g) => g.members), range: { start, end: section.range.end } });
  }
  return [...out];
}

interface Group {
  readonly members: Pending[];
  readonly range: { start: number; end: number };
}

/** `range` widened to its whole lines and one neighbouring blank line when only whitespace remains on them. */
function wholeParagraph(text: string, range: { start: number; end: number }): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  let lineEnd = text.indexOf('\n', range.end);
  lineEnd = lineEnd === -1 ? text.length : lineEnd + 1;
  if (text.slice(lineStart, range.start).trim() || text.slice(range.end, lineEnd).trim()) return range;
  const blank = /^[ \t]*\r?\n/;
  const after = blank.exec(text.slice(lineEnd));
  if (after) return { start: lineStart, end: lineEnd + after[0].length };
  const before = /\r?\n[ \t]*\r?\n$/.exec(text.slice(0, lineStart));
  return before ? { start: lineStart - before[0].length + before[0].indexOf('\n') + 1, end: lineEnd } : { start: lineStart, end: lineEnd };
}

function report(p: Pending, ctx: RuleContext): void {
  const { unit, doc, prompt } = p.later;
  const earlier = p.twin.item;
  const line = earlier.doc.file.lines.positionAt(earlier.unit.range.start).line + 1;
  const where = p.crossFile ? `${path.basename(earlier.doc.file.path)}:${line}` : `line ${line}`;
  const alone = p.edit && p.edit.range.start === p.removal.range.start && p.edit.range.end === p.removal.range.end;
  const cost = alone ? p.saved! : tokensSaved(prompt, [p.removal], ctx);
  const base: Report = {
    messageId: isReminder(unit) ? 'reminder' : p.twin.exact ? 'exact' : 'near',
    data: p.twin.exact
      ? { where, tokens: plural(cost, 'token') }
      : { where, tokens: plural(cost, 'token'), similarity: Math.floor(p.twin.similarity * 100) },
    range: unit.range,
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
    ctx.report({ ...base, fix: [p.edit ?? p.removal], tokensSaved: p.saved ?? cost });
  } else {
    ctx.report({ ...base, suggest: [{ messageId: p.twin.exact ? 'removeDuplicate' : 'removeNearDuplicate', edits: [p.removal] }] });
  }
}

function options(ctx: RuleContext): { threshold: number; minWords: number; reminders: boolean } {
  return { threshold: ctx.options.threshold as number, minWords: ctx.options.minWords as number, reminders: ctx.options.reminders !== false };
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
          description: 'Report restatements labelled as reminders ("REMINDER:", "Remember:", "Again, …"); false sets them apart (not reported)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { threshold: 0.85, minWords: 4, reminders: true },
    messages: {
      exact: 'Repeats the instruction at {{where}} word for word ({{tokens}} per call)',
      near: 'Nearly repeats the instruction at {{where}} ({{similarity}}% similar, {{tokens}} per call)',
      reminder: 'Restates the instruction at {{where}} as a reminder ({{tokens}} per call)',
      removeDuplicate: 'Remove this repetition',
      removeNearDuplicate: 'Remove this near-duplicate',
    },
  },

  precompute: comparisonForms,
  check(doc, ctx) {
    const { threshold, minWords, reminders } = options(ctx);
    for (const prompt of doc.prompts) {
      const items = itemsOf(doc, prompt, minWords);
      const twins = findTwins(items, threshold, sameScope);
      if (reminders) reminderTwins(items, twins, sameScope);
      const pending: Pending[] = [];
      for (let i = 0; i < twins.length; i++) if (twins[i] && (reminders || !isReminder(items[i]!.unit))) pending.push(pendingFor(items[i]!, twins[i]!, false));
      if (!pending.length) continue;
      groupRemovals(pending, prompt, doc.file.text, ctx);
      for (const p of pending) report(p, ctx);
    }
  },

  checkTask(task: TaskView, ctx) {
    const { threshold, minWords } = options(ctx);
    const items = task.docs.flatMap((doc) => doc.prompts.flatMap((prompt) => itemsOf(doc, prompt, minWords)));
    // Repetitions inside one prompt are check()'s; here a unit is reported only when its twin is
    // in an earlier file and it repeats nothing earlier in its own prompt.
    const local = findTwins(items, threshold, (a, b) => a.prompt === b.prompt && sameScope(a, b));
    const order = new Map(task.docs.map((d, i) => [d, i] as const));
    const across = findTwins(items, threshold, (a, b) => order.get(a.doc)! < order.get(b.doc)! && sameSubject(a, b, { acrossFiles: true }));
    across.forEach((twin, i) => twin && !local[i] && report(pendingFor(items[i]!, twin, true), ctx));
  },
};
export default rule;
