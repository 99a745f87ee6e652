/**
 * duplicate-instruction: an instruction that repeats an earlier one of the same prompt (or, in a
 * task, of an earlier file), word for word or nearly.
 *
 * Units are compared by their normalized text (rules/lib/normalize.ts: case, whitespace,
 * punctuation, Markdown markup, contractions and filler phrases folded away). Equal keys are
 * exact duplicates: the later unit is deleted by the fix. Otherwise the bigram Dice coefficient
 * (string-similarity's, rules/lib/similarity.ts) at or above `threshold` makes a near-duplicate,
 * reported with a suggestion only, because the two may differ in a nuance. Either way the two
 * must name the same things (inline code, numbers, quoted strings, names, paths) and must not
 * differ in a word that flips or narrows the meaning, nor each in a content word of its own.
 * Candidate pairs come from a prefix-filter index over bigrams, never from all pairs.
 */
import type { Prompt, PromptDocument, Unit } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext, TaskView, TextEdit } from '../server/src/engine/types.js';
import { anchorsCompatible, contentDifference, type Normalized } from './lib/normalize.js';
import { comparisonForm, hasNestedContent, isComparable, sameSubject, scopeOf, type ComparisonForm } from './lib/repeats.js';
import { tokensSaved } from './lib/savings.js';
import { dice, SimilarityIndex } from './lib/similarity.js';
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
  /** Its enclosing headings (see `scopeOf`). */
  readonly scope: string;
  readonly hash: number;
  readonly norm: Normalized;
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
    if (!isComparable(unit, minWords)) continue;
    const form = comparisonForm(unit);
    items.push({ doc, prompt, unit, source: doc.file.text, scope: scopeOf(prompt, unit, doc.file.text), hash: form.hash, norm: form.norm, form });
  }
  return items;
}

/** Copies in differently titled sections, or under different labels, speak of different subjects (see `sameSubject`). */
function sameScope(a: Item, b: Item): boolean {
  return a.scope === b.scope && sameSubject(a, b);
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
 * repetition, else the most similar near one. Items with equal keys form one group and only each
 * group's first item enters the prefix-filter index, so n copies of one line cost n lookups, not
 * n² comparisons.
 */
function findTwins(items: readonly Item[], threshold: number, eligible: (earlier: Item, later: Item) => boolean): (Twin | undefined)[] {
  // Equal keys have equal hashes; a group holds the items of one key, a hash may hold several groups.
  const byHash = new Map<number, number[][]>();
  const groupOf: number[][] = [];
  const heads: number[] = [];
  const headId: number[] = [];
  items.forEach((item, i) => {
    const sameHash = byHash.get(item.hash);
    let group = sameHash?.find((g) => items[g[0]!]!.norm.key === item.norm.key);
    if (!group) {
      group = [];
      if (sameHash) sameHash.push(group);
      else byHash.set(item.hash, [group]);
      headId[i] = heads.length;
      heads.push(i);
    }
    group.push(i);
    groupOf[i] = group;
  });
  const index = new SimilarityIndex(
    heads.map((i) => items[i]!.form.profile),
    threshold,
  );
  return items.map((item, i) => {
    const group = groupOf[i]!;
    let candidates: number[];
    if (headId[i] !== undefined) {
      candidates = index.candidates(headId[i]!);
    } else {
      for (const j of group) {
        if (j >= i) break;
        const other = items[j]!;
        if (eligible(other, item) && anchorsCompatible(other.norm, item.norm)) return { item: other, exact: true, similarity: 1 };
      }
      candidates = index.query(item.form.profile);
    }
    let best: Twin | undefined;
    for (const h of candidates) {
      const head = heads[h]!;
      if (head >= i || groupOf[head] === group) continue;
      const other = items[head]!;
      const similarity = dice(other.form.profile, item.form.profile);
      if (similarity < threshold || (best && similarity <= best.similarity)) continue;
      if (!sameInstruction(other.norm, item.norm)) continue;
      const eligibleMember = groupOf[head]!.find((j) => j < i && eligible(items[j]!, item));
      if (eligibleMember !== undefined) best = { item: items[eligibleMember]!, exact: false, similarity };
    }
    return best;
  });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function reportTwin(later: Item, twin: Twin, ctx: RuleContext, crossFile: boolean): void {
  const { unit, doc, prompt } = later;
  const earlier = twin.item;
  const line = earlier.doc.file.lines.positionAt(earlier.unit.range.start).line + 1;
  const where = crossFile ? `${path.basename(earlier.doc.file.path)}:${line}` : `line ${line}`;
  const removal: TextEdit = { path: crossFile ? doc.file.path : undefined, range: unit.removalRange, text: '' };
  const saved = tokensSaved(prompt, [removal], ctx);
  const nested = unit.context === 'list-item' && hasNestedContent(doc.file.text, unit.range.start, unit.removalRange.end);
  const report: Report = {
    messageId: twin.exact ? 'exact' : 'near',
    data: twin.exact
      ? { where, tokens: plural(saved, 'token') }
      : { where, tokens: plural(saved, 'token'), similarity: Math.floor(twin.similarity * 100) },
    range: unit.range,
    ...(crossFile ? { path: doc.file.path } : {}),
    related: [
      {
        path: earlier.doc.file.path,
        range: earlier.unit.range,
        message: twin.exact ? 'First stated here' : 'The similar instruction',
      },
    ],
  };
  if (twin.exact && !nested) {
    ctx.report({ ...report, fix: [removal], tokensSaved: saved });
  } else {
    ctx.report({ ...report, suggest: [{ messageId: twin.exact ? 'removeDuplicate' : 'removeNearDuplicate', edits: [removal] }] });
  }
}

function options(ctx: RuleContext): { threshold: number; minWords: number } {
  return { threshold: ctx.options.threshold as number, minWords: ctx.options.minWords as number };
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
      },
      additionalProperties: false,
    },
    defaultOptions: { threshold: 0.85, minWords: 4 },
    messages: {
      exact: 'Repeats the instruction at {{where}} word for word ({{tokens}} per call)',
      near: 'Nearly repeats the instruction at {{where}} ({{similarity}}% similar, {{tokens}} per call)',
      removeDuplicate: 'Remove this repetition',
      removeNearDuplicate: 'Remove this near-duplicate',
    },
  },

  check(doc, ctx) {
    const { threshold, minWords } = options(ctx);
    for (const prompt of doc.prompts) {
      const items = itemsOf(doc, prompt, minWords);
      const twins = findTwins(items, threshold, sameScope);
      twins.forEach((twin, i) => twin && reportTwin(items[i]!, twin, ctx, false));
    }
  },

  checkTask(task: TaskView, ctx) {
    const { threshold, minWords } = options(ctx);
    const items = task.docs.flatMap((doc) => doc.prompts.flatMap((prompt) => itemsOf(doc, prompt, minWords)));
    // Repetitions inside one prompt are check()'s; here a unit is reported only when its twin is
    // in an earlier file and it repeats nothing earlier in its own prompt.
    const local = findTwins(items, threshold, (a, b) => a.prompt === b.prompt && sameScope(a, b));
    const order = new Map(task.docs.map((d, i) => [d, i] as const));
    const across = findTwins(items, threshold, (a, b) => order.get(a.doc)! < order.get(b.doc)! && sameScope(a, b));
    across.forEach((twin, i) => twin && !local[i] && reportTwin(items[i]!, twin, ctx, true));
  },
};
export default rule;
