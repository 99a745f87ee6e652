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
 * - a closing section titled as pitfalls that restates two or more sections (`PITFALLS_TITLE`).
 * Recap blocks below the section level (`summaryBlocks`, `restatingLists`): a list a pointer to the
 * full rules closes or opens, a list of checks its lead-in announces, and a closing list whose items
 * mostly restate units from different places above it.
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
 * Titles of a closing list of pitfalls ("## Common pitfalls", "## Mistakes to avoid", "## Gotchas"):
 * such a section mostly gives rules of its own, so the title alone sets nothing apart. It is a recap
 * when it closes its level and restates at least MIN_PITFALL_UNITS units of as many different
 * sections elsewhere (under other titles): the key rules said again as what goes wrong.
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
    if (!recap && PITFALLS_TITLE.test(section.title) && own.size >= MIN_PITFALL_UNITS && sources.size >= MIN_PITFALL_UNITS && sameTitle * 4 <= crossing) recap = closesItsLevel(prompt, root);
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
function sectionUnder(prompt: Prompt, s: number, root: number): boolean {
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

/** True when the section is the last of its siblings, or the last section of the prompt. */
function closesItsLevel(prompt: Prompt, root: number): boolean {
  const parent = prompt.sections[root]!.parent;
  const siblings = prompt.sections.filter((s) => s.parent === parent && s.depth > 0);
  return siblings[siblings.length - 1]!.index === root || root === prompt.sections.length - 1;
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
