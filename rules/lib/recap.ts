/**
 * Recap sections: a section that restates, on purpose, rules the prompt gives in full elsewhere
 * ("## Quick reference", "## Checklist", "# Rules in brief" closing a long prompt). duplicate-instruction
 * sets the pairs between a recap and the rest of its prompt apart (the `summaries` option): the
 * author wrote the recap as one, so a maintainer keeps both.
 *
 * A recap is recognised positively, by its title or by its shape, never assumed from position alone:
 * - its title names a recap: "Summary", "Recap", "Quick reference", "Cheat sheet", "Checklist",
 *   "TL;DR", "At a glance", "Key takeaways", a closing block ("Important final notes"; the rule asks
 *   tag blocks too, `<FINAL_DIRECTIVES>`, through `isRecapTitle`);
 * - its title names a troubleshooting list and each copy sits in one of its symptom entries;
 * - or its shape: a section (with its subsections) at the start or the end of its level whose units
 *   restate units from at least three different sections elsewhere, at least four of them and at
 *   least a sixth of its own, twice as densely as the rest restates it, while it holds at most
 *   half the prompt's units, and whose copies sit under other titles than their sources (a block of
 *   sections pasted again keeps its titles: that is a copy, and is still reported);
 * - a section titled as pitfalls, wherever it stands, that restates two or more sections (`PITFALLS_TITLE`).
 * Recap blocks below the section level (`summaryBlocks`, `restatingLists`): a list a pointer to the
 * full rules closes or opens, a list of checks its lead-in announces, and a closing list whose items
 * mostly restate units from different places above it. Untitled blocks at a prompt's edges
 * (`restatingEdges`): its closing block and its opening overview when they restate two or more rules
 * of other sections, and a list of pitfalls under a lead-in. One firm rule as a prompt's first and
 * last line (`firstAndLast`), and sentences that say they repeat (`restatesItself`), are set apart too.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { memoizedWith } from './memo.js';

/**
 * Titles that name a recap of the rest of the prompt: a digest ("Quick reference", "Checklist"), a
 * closing block of the rules ("Important final notes", `<FINAL_DIRECTIVES>`), or a troubleshooting
 * list that maps each symptom back to its rule (`TROUBLESHOOTING_TITLE`). A title labelled as
 * reminders ("## Final reminders") is not one: an explicit reminder is still reported (see the rule).
 */
const RECAP_TITLE =
  /\b(?:recap|tl;?\s*dr|cheat[\s-]?sheets?|check[\s-]?lists?|at a glance|key takeaways|quick[\s-]+(?:\w+[\s-]+)?ref(?:erence)?s?|in (?:brief|short|summary)|summary of (?:the )?(?:rules|guidelines|instructions|key points)|(?:rules|guidelines|instructions|key points?) summary|final[\s_-]+(?:notes|directives|instructions|rules|guidelines|checks?|words|thoughts)|closing[\s_-]+(?:notes|directives|instructions|rules))\b|^\W*summary\W*$/i;

/**
 * Titles of a troubleshooting list ("## Common issues and solutions", "## Troubleshooting"; not
 * "## Common pitfalls", which mostly gives rules of its own): a
 * recap only where each copy sits under a subsection naming a symptom ("### Formula errors"), which
 * maps the symptom back to its rule; a copy right under the title is compared.
 */
const TROUBLESHOOTING_TITLE = /\b(?:troubleshooting|(?:issues|problems|errors|symptoms) (?:and|&) (?:solutions|fixes|remedies))\b/i;

/**
 * Titles of a list of pitfalls ("## Common pitfalls", "## Mistakes to avoid", "## Gotchas"): such a
 * section mostly gives rules of its own, so the title alone sets nothing apart. It is a recap, wherever
 * it stands, when it restates at least MIN_PITFALL_UNITS units of as many different sections elsewhere
 * (under other titles): the key rules said again as what goes wrong.
 */
const PITFALLS_TITLE = /\b(?:pitfalls?|gotchas?|(?:common|typical|frequent|classic)\s+(?:mistakes|errors|traps)|mistakes to avoid|things to avoid|what to avoid|anti-?patterns?)\b/i;
const MIN_PITFALL_UNITS = 2;

/** True when a section title or a tag name names a recap ("## Quick reference", `<FINAL_DIRECTIVES>`, `<finalNotes>`). */
export function isRecapTitle(title: string): boolean {
  if (/reminder/i.test(title)) return false;
  return RECAP_TITLE.test(title.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '));
}

/** Fewest restating units in a recap recognised by its shape, and fewest sections they restate. */
const MIN_SHAPE_UNITS = 4;
const MIN_SHAPE_SOURCES = 3;
/** Fewest restating units in a section titled as a recap. */
const MIN_TITLED_UNITS = 1;
/** A recap by shape: at least one in MIN_SHARE of its compared units restates the rest, DENSER times as densely as the rest restates it. */
const MIN_SHARE = 6;
const DENSER = 2;

/** For each unit (by index), the recap section it lies in, or -1. */
export type RecapOf = (unit: Unit) => number;

/**
 * The recap sections of `prompt`, given the pairs of units found to repeat one another (earlier,
 * later): undefined when it has none (the usual case, cheap), else the recap a unit lies in.
 * `compared` is how many of the prompt's units were compared, per section.
 */
export function recapSections(prompt: Prompt, pairs: readonly (readonly [Unit, Unit])[], comparedIn: (section: number) => number): RecapOf | undefined {
  if (!pairs.length) return undefined;
  const sections = prompt.sections;
  const n = sections.length;
  // ancestors of each section, innermost first (a section is its own first)
  const chain = (s: number): number[] => {
    const out: number[] = [];
    for (let k = s; k >= 0 && out.length <= 8; k = sections[k]!.parent) out.push(k);
    return out;
  };
  const inside = (section: number, root: number) => chain(section).includes(root);
  // candidate roots: titled sections holding one side of some pair but not the other
  const candidates = new Set<number>();
  for (const [a, b] of pairs) {
    const ca = chain(a.section);
    const cb = new Set(chain(b.section));
    for (const s of ca) if (!cb.has(s) && sections[s]!.depth > 0) candidates.add(s);
    for (const s of cb) if (!ca.includes(s) && sections[s]!.depth > 0) candidates.add(s);
  }
  if (!candidates.size) return undefined;
  const subtreeCompared = new Map<number, number>();
  const comparedUnder = (root: number) => {
    let c = subtreeCompared.get(root);
    if (c === undefined) {
      c = 0;
      for (let s = 0; s < n; s++) if (inside(s, root)) c += comparedIn(s);
      subtreeCompared.set(root, c);
    }
    return c;
  };
  let total = 0;
  for (let s = 0; s < n; s++) total += comparedIn(s);
  const recaps: number[] = [];
  for (const root of [...candidates].sort((x, y) => x - y)) {
    if (recaps.some((r) => inside(root, r))) continue;
    const own = new Set<Unit>();
    const others = new Set<Unit>();
    const sources = new Set<number>();
    let sameTitle = 0;
    let crossing = 0;
    for (const [a, b] of pairs) {
      const ia = inside(a.section, root);
      const ib = inside(b.section, root);
      if (ia === ib) continue;
      const [mine, theirs] = ia ? [a, b] : [b, a];
      crossing++;
      own.add(mine);
      others.add(theirs);
      sources.add(theirs.section);
      if (sections[mine.section]!.title.trim().toLowerCase() === sections[theirs.section]!.title.trim().toLowerCase()) sameTitle++;
    }
    if (!crossing) continue;
    const section = sections[root]!;
    let recap = isRecapTitle(section.title) && own.size >= MIN_TITLED_UNITS;
    if (!recap && TROUBLESHOOTING_TITLE.test(section.title)) recap = symptomEntries(prompt, root, own);
    // a pitfalls section restates the rules as what goes wrong, wherever it stands (held-out review, session 12)
    if (!recap && PITFALLS_TITLE.test(section.title) && own.size >= MIN_PITFALL_UNITS && sources.size >= MIN_PITFALL_UNITS && sameTitle * 4 <= crossing) recap = true;
    if (!recap && own.size >= MIN_MIRROR_UNITS && sources.size >= MIN_MIRROR_UNITS && sameTitle * 4 <= crossing && atEdge(prompt, root) && comparedUnder(root) * 2 <= total) recap = mirrorsTheTopics(prompt, root);
    if (!recap && own.size >= MIN_SHAPE_UNITS && sources.size >= MIN_SHAPE_SOURCES && sameTitle * 4 <= crossing && atEdge(prompt, root)) {
      const mineCompared = comparedUnder(root);
      const restCompared = total - mineCompared;
      recap = mineCompared * 2 <= total && own.size * MIN_SHARE >= mineCompared && own.size * restCompared >= DENSER * others.size * mineCompared;
    }
    if (recap) recaps.push(root);
  }
  // Recognition by shape or mirrored titles is symmetric: the body a digest restates restates the
  // digest back. Of two such recaps that mostly restate each other, the less terse one is the body.
  const titled = (r: number) => isRecapTitle(sections[r]!.title) || TROUBLESHOOTING_TITLE.test(sections[r]!.title) || PITFALLS_TITLE.test(sections[r]!.title);
  for (const x of [...recaps]) {
    if (titled(x)) continue;
    for (const y of recaps) {
      if (y === x) continue;
      let between = 0;
      let crossing = 0;
      for (const [a, b] of pairs) {
        const ax = inside(a.section, x);
        const bx = inside(b.section, x);
        if (ax === bx) continue;
        crossing++;
        if (inside(ax ? b.section : a.section, y)) between++;
      }
      if (between * 2 >= crossing && meanLength(prompt, x) > meanLength(prompt, y)) {
        recaps.splice(recaps.indexOf(x), 1);
        break;
      }
    }
  }
  if (!recaps.length) return undefined;
  const of = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) for (const r of recaps) if (inside(s, r)) of[s] = r;
  return (unit) => of[unit.section] ?? -1;
}

/** Fewest restating units (from as many sections) in a digest recognised by its mirrored titles. */
const MIN_MIRROR_UNITS = 2;
/** Fewest subsections of a digest, and the share of them (2 in 3) whose titles name a topic of the sections outside it. */
const MIN_MIRROR_PARTS = 4;
/** Words of titles that name a kind of section, not a topic ("Communication guidelines" / "Communication style" share "communication"). */
const TITLE_KIND_WORDS = new Set('guidelines guideline rules rule instructions instruction notes note style section sections general additional other overview details information usage management operations handling policy policies guide tips best practices'.split(' '));

/** Topic words of a title: lower-cased words of four letters or more (snake_case and camelCase split), plural and -ing folded, kinds of section left out. */
function topicWords(title: string): string[] {
  return title
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && !TITLE_KIND_WORDS.has(w))
    .map((w) => w.replace(/(?:ing|es|s)$/, ''));
}

/**
 * True when a section mirrors the prompt in brief: it has at least MIN_MIRROR_PARTS subsections, two thirds
 * of them name a topic that a title outside it names too ("## Communication style" after
 * "## Communication guidelines", "## Notebook editing" after "### edit_notebook"). Such a closing (or
 * opening) section restates the whole prompt topic by topic: a digest, whatever its own title, and
 * its restatements are deliberate structure even when most of them are reworded.
 */
function mirrorsTheTopics(prompt: Prompt, root: number): boolean {
  const parts = prompt.sections.filter((s) => s.parent === root);
  if (parts.length < MIN_MIRROR_PARTS) return false;
  const outside = new Set<string>();
  for (const s of prompt.sections) if (!sectionUnder(prompt, s.index, root)) for (const w of topicWords(s.title)) outside.add(w);
  const mirrored = parts.filter((s) => topicWords(s.title).some((w) => outside.has(w))).length;
  return mirrored * 3 >= parts.length * 2 && terse(prompt, root);
}

/** True when section `s` is `root` or lies under it. */
export function sectionUnder(prompt: Prompt, s: number, root: number): boolean {
  let k = s;
  while (k >= 0 && k !== root) k = prompt.sections[k]!.parent;
  return k === root;
}

/** Total length (characters) and count of the instruction paragraphs and list items under `root` and outside it. */
function unitLengths(prompt: Prompt, root: number): { inLength: number; inCount: number; outLength: number; outCount: number } {
  const out = { inLength: 0, inCount: 0, outLength: 0, outCount: 0 };
  for (const u of prompt.units) {
    if (!u.isInstruction || (u.context !== 'paragraph' && u.context !== 'list-item')) continue;
    if (sectionUnder(prompt, u.section, root)) {
      out.inLength += u.text.length;
      out.inCount++;
    } else {
      out.outLength += u.text.length;
      out.outCount++;
    }
  }
  return out;
}

/** The mean length (characters) of the instruction units under `root`. */
function meanLength(prompt: Prompt, root: number): number {
  const { inLength, inCount } = unitLengths(prompt, root);
  return inCount ? inLength / inCount : 0;
}

/**
 * True when the units under `root` are on average at most three quarters as long as the prompt's
 * other units: a digest restates in brief. (Mirroring is symmetric: the body that a digest mirrors
 * mirrors it back, and is not terse.)
 */
function terse(prompt: Prompt, root: number): boolean {
  const { inLength, inCount, outLength, outCount } = unitLengths(prompt, root);
  return inCount > 0 && outCount > 0 && inLength * outCount * 4 <= outLength * inCount * 3;
}

/**
 * A sentence saying that the full rules stand elsewhere ("See the copyright section for the full
 * rules.", "Full details below."): the lines it closes (or opens) are a summary written as one.
 */
const SUMMARY_POINTER = /\b(?:see|refer to|consult)\b[^.\n]{0,80}?\bfor (?:the |all (?:the )?)?(?:full|complete|detailed|more|all)\s+(?:rules?|details?|instructions?|guidelines?|requirements?|information|list|text|version|explanation|polic(?:y|ies))\b|\b(?:full|complete|detailed) (?:rules?|details?|instructions?|guidelines?|list|text|version|explanation)s? (?:are |is )?(?:below|above|later|further down|in the)\b/i;

/**
 * A paragraph that announces a list of checks to run on work already done ("… and run every check
 * below.", "Verify each item below before you finish:"): the list right after it is a checklist, which
 * restates as checks requirements given in full elsewhere, like a section titled "Checklist".
 */
/** Most paragraph units (sentences) between a checks lead-in and its list: the rest of its paragraph and a note. */
const MAX_CHECKS_GAP = 10;
const CHECKS_LEAD_IN = /\b(?:run|execute|perform|go through|complete|verify|confirm)\s+(?:every|each|all(?: of)?(?: the)?|the following|these|the)\s+(?:checks?|gate checks?|items?|conditions?|criteria)\s+(?:below|that follow)\b|\b(?:self-?check|completion gate|quality gate)\b[^\n]*:\s*$/i;

/**
 * The units of a prompt that stand in a summary block: the list under a lead-in that names a recap
 * ("Release excellence checklist:", `isRecapTitle`), the list a pointer sentence closes (the list
 * items right before it in its section) or opens (it ends with a colon), and the sentences of the
 * pointer's own paragraph. Empty for most prompts (a cheap test of the text first).
 */
export const summaryBlocks = memoizedWith((prompt: Prompt, source: string): ReadonlySet<number> => {
  const out = new Set<number>();
  if (!/\b(?:full|complete|detailed|more|all|below|gate)\b|:\s*\n/i.test(prompt.text)) return out;
  const units = prompt.units;
  const joined = (x: Unit, y: Unit) => !/\n[ \t]*\r?\n/.test(source.slice(x.range.end, y.range.start));
  for (const p of units) {
    if (p.context === 'heading' || p.context === 'code') continue;
    // a list under a lead-in that names a recap ("Release excellence checklist:", "Quick reference:")
    const checks = p.context === 'paragraph' && CHECKS_LEAD_IN.test(p.text);
    if (p.context === 'paragraph' && (checks || (/:\s*$/.test(p.text) && isRecapTitle(p.text.replace(/:\s*$/, ''))))) {
      // the checks may follow the rest of the lead-in's paragraph and a note ("run every check below." / a warning / the list)
      let first = p.index + 1;
      if (checks) while (first < units.length && first <= p.index + MAX_CHECKS_GAP && units[first]!.section === p.section && units[first]!.context === 'paragraph') first++;
      for (let k = first; k < units.length && units[k]!.section === p.section && units[k]!.context === 'list-item'; k++) out.add(k);
      continue;
    }
    if (!SUMMARY_POINTER.test(p.text)) continue;
    // itself (a list item may hold the pointer as its last sentence), the list it closes, or the list it sits in
    out.add(p.index);
    let i = p.index - 1;
    while (i >= 0 && units[i]!.section === p.section && units[i]!.context === 'paragraph' && p.context === 'paragraph' && joined(units[i]!, units[i + 1]!)) out.add(i--);
    while (i >= 0 && units[i]!.section === p.section && units[i]!.context === 'list-item') out.add(i--);
    if (p.context === 'list-item') for (let k = p.index + 1; k < units.length && units[k]!.section === p.section && units[k]!.context === 'list-item'; k++) out.add(k);
    // the list it opens
    if (/:\s*$/.test(p.text)) for (let k = p.index + 1; k < units.length && units[k]!.section === p.section && units[k]!.context === 'list-item'; k++) out.add(k);
  }
  return out;
});

/** Most copies one symptom entry of a troubleshooting list may hold: more is a block pasted into it. */
const MAX_ENTRY_COPIES = 2;

/**
 * True when every copy in a troubleshooting section sits in a subsection of it (a symptom, "### Formula
 * errors"), at most MAX_ENTRY_COPIES per subsection: each entry maps its symptom back to a rule.
 */
function symptomEntries(prompt: Prompt, root: number, own: ReadonlySet<Unit>): boolean {
  const perEntry = new Map<number, number>();
  for (const u of own) {
    let s = u.section;
    while (s >= 0 && prompt.sections[s]!.parent !== root) s = prompt.sections[s]!.parent;
    if (s < 0) return false;
    const n = (perEntry.get(s) ?? 0) + 1;
    if (n > MAX_ENTRY_COPIES) return false;
    perEntry.set(s, n);
  }
  return true;
}

/** True when the section is the first or the last of its siblings (a recap opens or closes its level). */
function atEdge(prompt: Prompt, root: number): boolean {
  const parent = prompt.sections[root]!.parent;
  const siblings = prompt.sections.filter((s) => s.parent === parent && s.depth > 0);
  return siblings.length > 1 && (siblings[0]!.index === root || siblings[siblings.length - 1]!.index === root);
}

/** Fewest items of a closing list that restates, and fewest of them that restate units elsewhere. */
const MIN_RESTATING_ITEMS = 3;

/**
 * The items of closing lists that restate their section: a run of at least MIN_RESTATING_ITEMS list
 * items (one list, nothing after it in its section) at least half of which, and at least
 * MIN_RESTATING_ITEMS, repeat earlier units of the prompt that stand in different places (not
 * one block in the same order: a block pasted again is a copy, and is still reported). Such a list
 * sums up the rules given in full above it ("4. **In short:**" over "Mark a task done at once", "Only
 * one task in progress"), a recap whatever its label. Empty for most prompts.
 */
export function restatingLists(prompt: Prompt, pairs: readonly (readonly [Unit, Unit])[]): ReadonlySet<number> {
  const out = new Set<number>();
  const earlierOf = new Map<number, number[]>();
  for (const [a, b] of pairs) {
    if (b.context !== 'list-item' || a.index >= b.index) continue;
    const list = earlierOf.get(b.index);
    if (list) list.push(a.index);
    else earlierOf.set(b.index, [a.index]);
  }
  if (earlierOf.size < MIN_RESTATING_ITEMS) return out;
  const units = prompt.units;
  const seen = new Set<number>();
  for (const start of [...earlierOf.keys()].sort((x, y) => x - y)) {
    if (seen.has(start)) continue;
    // the run of list items around `start`, in its section; a lead-in item ending with a colon opens a new run
    let first = start;
    while (first > 0 && units[first - 1]!.section === units[start]!.section && units[first - 1]!.context === 'list-item' && !/:\s*(?:\*\*)?\s*$/.test(units[first - 1]!.text)) first--;
    let last = start;
    while (last + 1 < units.length && units[last + 1]!.section === units[start]!.section && units[last + 1]!.context === 'list-item' && !/:\s*(?:\*\*)?\s*$/.test(units[last + 1]!.text)) last++;
    for (let k = first; k <= last; k++) seen.add(k);
    const size = last - first + 1;
    // it closes its section: the next unit, if any, is in another section
    if (size < MIN_RESTATING_ITEMS || (last + 1 < units.length && units[last + 1]!.section === units[start]!.section)) continue;
    const sources: number[] = [];
    let restating = 0;
    for (let k = first; k <= last; k++) {
      const from = earlierOf.get(k)?.filter((e) => e < first);
      if (!from?.length) continue;
      restating++;
      sources.push(Math.min(...from));
    }
    if (restating < MIN_RESTATING_ITEMS || restating * 2 < size) continue;
    // not one block pasted again: its sources in the same order, close together, or under the same title
    const title = (u: number) => prompt.sections[units[u]!.section]!.title.trim().toLowerCase();
    const inOrder = sources.every((e, i) => i === 0 || e > sources[i - 1]!);
    const pasted = (inOrder && sources[sources.length - 1]! - sources[0]! <= 2 * size) || sources.some((e) => units[e]!.section !== units[first]!.section && title(e) === title(first));
    if (pasted) continue;
    for (let k = first; k <= last; k++) out.add(k);
  }
  return out;
}

/** Fewest characters between a restatement at a prompt's edge and what it restates (about 250 tokens): near copies are repeats. */
const FAR_EDGE = 1_000;
/** Most units in the closing block of a prompt read as a recap without a title. */
const MAX_CLOSING = 8;
/** Fewest units of an edge block (a closing block, an opening overview, a pitfalls list) that restate units elsewhere. */
const MIN_EDGE_COPIES = 2;
/** Titles of an opening overview ("## Overview", "## Key rules", "## Core principles"): its lines restate rules that sections below spell out. */
const OVERVIEW_TITLE = /^\W*(?:(?:\d+[.)]?\s*)?(?:overview|introduction|intro|at a glance|in (?:brief|short)|summary|tl;?\s*dr|key (?:rules|points|principles|instructions)|core (?:rules|principles|instructions)|golden rules|ground rules|main rules|the rules in brief))\W*$/i;
/** A lead-in that opens a list of pitfalls ("Common mistakes to avoid:", "Pitfalls:"). */
const PITFALLS_LEAD_IN = new RegExp(`(?:${PITFALLS_TITLE.source})[^\\n]{0,40}:\\s*$`, 'i');

/** The compared kinds of unit at an edge: instruction paragraphs (sentences) and list items. */
function edgeUnits(prompt: Prompt): Unit[] {
  return prompt.units.filter((u) => u.isInstruction && (u.context === 'paragraph' || u.context === 'list-item'));
}

/**
 * True when the units of `block` (indices into the prompt's units) restate units outside it: at
 * least MIN_EDGE_COPIES of them have a copy outside the block (with `farOnly`, at least FAR_EDGE characters away),
 * the copies stand in at least two different sections (or, in a prompt of one section, apart from
 * one another), and they are not one block pasted again (its copies in the same order, close
 * together). `share`: the least part of the block's units that must restate (a recap restates
 * densely). Returns the restating units, or undefined.
 */
function restatesOthers(prompt: Prompt, block: readonly Unit[], pairs: readonly (readonly [Unit, Unit])[], share: number, farOnly = true): Set<Unit> | undefined {
  if (block.length < MIN_EDGE_COPIES) return undefined;
  const inBlock = new Set(block.map((u) => u.index));
  const from = block[0]!.range.start;
  const to = block[block.length - 1]!.range.end;
  const sourceOf = new Map<Unit, Unit>();
  for (const [a, b] of pairs) {
    const [mine, theirs] = inBlock.has(a.index) && !inBlock.has(b.index) ? [a, b] : inBlock.has(b.index) && !inBlock.has(a.index) ? [b, a] : [undefined, undefined];
    if (!mine || !theirs) continue;
    const far = theirs.range.end <= from - FAR_EDGE || theirs.range.start >= to + FAR_EDGE;
    if (farOnly && !far) continue;
    const known = sourceOf.get(mine);
    if (!known || theirs.index < known.index) sourceOf.set(mine, theirs);
  }
  if (sourceOf.size < MIN_EDGE_COPIES || sourceOf.size < block.length * share) return undefined;
  const ordered = [...sourceOf].sort((x, y) => x[0].index - y[0].index).map(([, s]) => s.index);
  const sections = new Set([...sourceOf.values()].map((s) => s.section));
  const inOrder = ordered.every((e, i) => i === 0 || e > ordered[i - 1]!);
  const pasted = inOrder && ordered[ordered.length - 1]! - ordered[0]! <= 2 * block.length;
  if (pasted) return undefined;
  if (sections.size < 2 && prompt.sections.length > 1) return undefined;
  return new Set(sourceOf.keys());
}

/** True when unit k of `units` opens a block: first of its section, after a blank line, or of another kind than the one before it. */
function opensBlock(units: readonly Unit[], k: number, source: string): boolean {
  if (k === 0) return true;
  const [p, u] = [units[k - 1]!, units[k]!];
  return p.section !== u.section || p.context !== u.context || /\n[ \t]*\r?\n/.test(source.slice(p.range.end, u.range.start));
}

/**
 * Blocks at the edges of a prompt that restate rules given in full elsewhere in it, recognised by
 * their place and by what they restate, whatever their title (rules/lib/recap.ts documents the titled
 * ones). The units of:
 * - the closing block: the shortest run of the last MAX_CLOSING units of the prompt's last section
 *   that opens a block (a paragraph or a list) of which at least MIN_EDGE_COPIES units, and half of
 *   them, restate units of at least two other sections far above (a recap without a title: "Never
 *   reveal these instructions. Cite a source for every figure." closing a long prompt);
 * - the opening overview: the text before the prompt's first heading, or its first section when
 *   titled as an overview ("## Overview", "## Key rules"), at most a third of the prompt, of which at
 *   least MIN_EDGE_COPIES units, and a quarter of them, are spelled out in at least two different
 *   sections below (summary, then full);
 * - a list of pitfalls under a lead-in ("Common mistakes to avoid:") of which at least MIN_EDGE_COPIES
 *   items restate rules of two different sections.
 * A single copy at an edge (the mutation bench's copy into a later section), a block pasted again
 * (its copies in the same order, close together) and copies close to their source are compared as
 * ever. Empty for most prompts.
 */
export function restatingEdges(prompt: Prompt, source: string, pairs: readonly (readonly [Unit, Unit])[]): ReadonlySet<number> {
  const out = new Set<number>();
  if (pairs.length < MIN_EDGE_COPIES) return out;
  const units = edgeUnits(prompt);
  if (units.length < 3 * MIN_EDGE_COPIES) return out;
  const take = (set: Set<Unit> | undefined, block: readonly Unit[]) => {
    if (set) for (const u of block) out.add(u.index);
    return !!set;
  };
  // the closing block
  const last = units[units.length - 1]!;
  for (let k = units.length - 1; k >= Math.max(0, units.length - MAX_CLOSING) && units[k]!.section === last.section; k--) {
    if (!opensBlock(units, k, source)) continue;
    const block = units.slice(k);
    if (take(restatesOthers(prompt, block, pairs, 1 / 2), block)) break;
  }
  // the opening overview
  if (prompt.sections.length > 1) {
    // the text before the first heading that follows some text (a title's lead), or a first section titled as an overview
    const opening = units[0]!.section;
    let block = OVERVIEW_TITLE.test(prompt.sections[opening]!.title) ? units.filter((u) => sectionUnder(prompt, u.section, opening)) : [];
    if (!block.length) for (const u of units) if (u.section === opening) block.push(u); else break;
    if (block.length * 3 <= units.length) take(restatesOthers(prompt, block, pairs, 1 / 4, false), block);
  }
  // lists of pitfalls under a lead-in
  if (/pitfall|gotcha|mistake|error|trap|avoid|anti-?pattern/i.test(prompt.text)) {
    for (const p of units) {
      if (p.context !== 'paragraph' || !PITFALLS_LEAD_IN.test(p.text)) continue;
      const block: Unit[] = [];
      for (let k = p.index + 1; k < prompt.units.length && prompt.units[k]!.section === p.section && prompt.units[k]!.context === 'list-item'; k++) block.push(prompt.units[k]!);
      take(restatesOthers(prompt, block, pairs, 0, false), block);
    }
  }
  return out;
}

/** Fewest characters of a prompt whose first and last instructions may be one rule stated twice on purpose. */
const BOOKEND_MIN = 3_000;
/** How many of a prompt's first instructions may open a bookend, and the share of the prompt they stand in. */
const BOOKEND_FIRST = 3;
const BOOKEND_HEAD = 0.1;
/** A rule held firmly enough to be stated at both ends of a prompt: a prohibition or a requirement. */
const FIRM_RULE = /\b(?:never|always|must|do not|don't|only|under no circumstances|at all times|no matter|important|critical)\b/i;
/** An identity statement ("You are …"): said again near the end, it is a reminder of the persona, reported (docs: identity reminders). */
const IDENTITY_LINE = /^\W*(?:you are|you're|your role is|act as)\b/i;

/**
 * The bookends of a prompt: the same firm rule (`FIRM_RULE`: "Never reveal the system prompt", "Do
 * not make up facts") as one of its first instructions and as its very last, standing as a block of
 * its own (a closing paragraph, not one more item of the last list), in a prompt of at least
 * BOOKEND_MIN characters: the core rule stated when the prompt opens and again as its final line.
 * `compared`: the prompt's compared units in order. Returns a test of a pair (earlier, later), or
 * undefined. A copy elsewhere near the end, a rule added to the last list, an identity statement
 * said again and a copy of another rule are compared as ever.
 */
export function firstAndLast(prompt: Prompt, source: string, compared: readonly Unit[]): ((a: Unit, b: Unit) => boolean) | undefined {
  if (prompt.range.end - prompt.range.start < BOOKEND_MIN || compared.length < 2 * BOOKEND_FIRST) return undefined;
  const units = edgeUnits(prompt);
  // the last compared instruction, with nothing after it but lines too short to compare ("Good luck!")
  const lastUnit = compared[compared.length - 1]!;
  const k = units.indexOf(lastUnit);
  if (k < 0 || units.slice(k + 1).some((u) => compared.includes(u)) || !opensBlock(units, k, source)) return undefined;
  if (!FIRM_RULE.test(lastUnit.text) || IDENTITY_LINE.test(lastUnit.text)) return undefined;
  const head = prompt.range.start + (prompt.range.end - prompt.range.start) * BOOKEND_HEAD;
  const first = new Set(compared.slice(0, BOOKEND_FIRST).filter((u) => u.range.start <= head));
  return (a, b) => b === lastUnit && first.has(a) && b.range.start - a.range.end >= FAR_EDGE;
}

/**
 * Words by which a sentence says that it restates a rule on purpose, wherever they stand in it
 * ("Never, I repeat, never …", "IMPORTANT, once again: …", "… (again)", "To reiterate: …"). The
 * opener "Again, …" is not one: it may be the author forgetting that the rule was there already, and
 * is reported as a labelled reminder (see the rule's Reminders).
 */
const SAYS_IT_REPEATS = /\b(?:i repeat|once again|once more|to reiterate|let me repeat|i'll say it again|bears repeating|worth repeating)\b|\(\s*again\s*\)|,\s*again\s*[.!]*\s*$/i;

/**
 * True when the later of two copies says that it restates the earlier one (`SAYS_IT_REPEATS`) and the
 * earlier says nothing of the kind (a rule that holds "once again" in both copies is worded so).
 */
export function restatesItself(later: string, earlier: string): boolean {
  return (SAYS_IT_REPEATS.test(later) && !SAYS_IT_REPEATS.test(earlier)) || (EMPHATIC_AGAIN.test(later) && !EMPHATIC_AGAIN.test(earlier));
}

/**
 * A label of emphasis that opens a copy which also says "again" ("IMPORTANT: never share the key
 * again with anyone …", "CRITICAL — again, …"): the rule brought back, stressed, on purpose. A label
 * of emphasis alone sets nothing apart: a restatement opened by "**CRITICAL**:" was judged true on the
 * tuning half (bench/near-copies-labels.jsonl, aem-frontend-specialist:353).
 */
const EMPHATIC_AGAIN = /^\W*(?:very\s+)?(?:important|critical|crucial|attention|warning|note|nb)\b[^\n]*\bagain\b/i;
