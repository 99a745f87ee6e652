/**
 * The engine's fixer for deletions of whole units: what a rule that says "delete this unit" needs
 * so that neighbouring deletions become clean edits (ESLint's rules say "remove this node" and its
 * source-code-fixer merges). Pure geometry over the source text and the prompt's sections: no
 * rule knowledge.
 */
import type { Prompt } from '../model/types.js';

type Span = { start: number; end: number };

/** The deletion of one unit: its removal range and the index of its section in `prompt.sections`. */
export interface UnitDeletion {
  readonly range: Span;
  readonly section: number;
}

/** One edit of `mergeDeletions`: the range it deletes and the deletions it makes (indexes, in source order). */
export interface MergedDeletion {
  readonly members: readonly number[];
  readonly range: Span;
}

/**
 * Merges the deletions of units of one prompt (source ranges of `text`) into the edits that make
 * them. Deletions of neighbouring sentences of one paragraph overlap or touch (each takes the space
 * between them), so they could not all be applied in one pass, their savings would not add up, and
 * deleting every sentence would leave empty lines. Overlapping or touching deletions are merged; an
 * edit that empties a paragraph takes its lines and one blank line, as deleting a one-sentence
 * paragraph does; a merged deletion leaves no trailing space or double blank line; deletions that
 * take everything under a heading take the heading too. Each result names its members (indexes
 * into `deletions`) in source order.
 */
export function mergeDeletions(text: string, prompt: Prompt, deletions: readonly UnitDeletion[]): MergedDeletion[] {
  const order = deletions.map((_, i) => i).sort((a, b) => deletions[a]!.range.start - deletions[b]!.range.start);
  // Merge deletions that overlap or touch, widen a group of sentences to its paragraph's lines, and
  // merge again until no two groups touch (each pass one sweep: members are appended, never copied).
  let groups: Group[] = order.map((i) => ({ members: [i], range: deletions[i]!.range }));
  for (let changed = true; changed; ) {
    changed = false;
    const merged: Group[] = [];
    for (const g of groups) {
      const last = merged[merged.length - 1];
      if (last && g.range.start <= last.range.end) {
        for (const m of g.members) last.members.push(m);
        last.range = { start: last.range.start, end: Math.max(last.range.end, g.range.end) };
        changed = true;
      } else merged.push(g);
    }
    groups = merged.map((g) => (g.members.length > 1 ? { members: g.members, range: wholeParagraph(text, g.range) } : g));
  }
  const tidied = groups.map((g) => ({ members: g.members, range: keepLineBreak(text, g.members.length > 1 ? tidy(text, g.range) : g.range) }));
  return wholeSections(tidied, deletions, prompt, text);
}

/**
 * After a merged deletion, when blank lines would meet on both sides, one of them goes with it; when
 * it ends a line that keeps text before it ("A. A. A." → "A."), the spaces before it go too.
 */
function tidy(text: string, range: Span): Span {
  const before = range.start === 0 || /\n[ \t]*\r?\n$/.test(text.slice(Math.max(0, range.start - 200), range.start));
  const after = /^[ \t]*\r?\n/.exec(text.slice(range.end, range.end + 200));
  if (before && after) return { start: range.start, end: range.end + after[0].length };
  if (after || range.end === text.length) {
    const head = text.slice(Math.max(0, range.start - 200), range.start);
    const spaces = /[ \t]+$/.exec(head);
    if (spaces && /[^\s]/.test(head.slice(Math.max(0, head.lastIndexOf('\n') + 1), spaces.index))) return { start: range.start - spaces[0].length, end: range.end };
  }
  return range;
}

/**
 * A deletion that starts after text on its line and ends at the start of the next line's text
 * (the sentences that ended a line of a paragraph, with the break after them) keeps the line
 * break and takes the spaces before it instead: "path. Use it.⏎Parameters:" becomes
 * "path.⏎Parameters:", not "path. Parameters:".
 */
function keepLineBreak(text: string, range: Span): Span {
  let end = range.end;
  while (end > range.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end === range.start || text[end - 1] !== '\n' || blankBetween(text, range.end, text.indexOf('\n', range.end) === -1 ? text.length : text.indexOf('\n', range.end))) return range;
  end--;
  if (end > range.start && text[end - 1] === '\r') end--;
  let start = range.start;
  let k = start - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k < 0 || text[k] === '\n' || text[k] === '\r') return range;
  start = k + 1;
  return end > start ? { start, end } : range;
}

/**
 * When the deletions of one section take everything under its heading (a section pasted twice:
 * every unit repeats one under an identical earlier heading), they become one deletion of the
 * whole section, heading included, so that no empty heading is left behind.
 */
function wholeSections(groups: Group[], deletions: readonly UnitDeletion[], prompt: Prompt, text: string): Group[] {
  const bySection = new Map<number, Group[]>();
  for (const g of groups) {
    const section = deletions[g.members[0]!]!.section;
    if (g.members.some((m) => deletions[m]!.section !== section)) continue;
    const list = bySection.get(section);
    if (list) list.push(g);
    else bySection.set(section, [g]);
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
    // the heading goes only when an earlier heading of the prompt has the same text: a heading of
    // its own (another link target, another name) is kept, even over an emptied section
    if (!hasEarlierTwinHeading(section, prompt, text)) continue;
    let start = text.lastIndexOf('\n', section.headingRange.start - 1) + 1;
    // at the end of the prompt, the blank lines before the heading go too
    if (blankBetween(text, section.range.end, text.length)) {
      const kept = start - /\s*$/.exec(text.slice(Math.max(0, start - 1000), start))![0].length;
      start = kept + (/\r?\n/.exec(text.slice(kept, start))?.[0].length ?? 0);
    }
    for (const g of inSection) out.delete(g);
    out.add({ members: inSection.flatMap((g) => g.members).sort((a, b) => deletions[a]!.range.start - deletions[b]!.range.start), range: { start, end: section.range.end } });
  }
  return [...out];
}

interface Group {
  readonly members: number[];
  range: Span;
}

/** `range` widened to its whole lines and one neighbouring blank line when only whitespace remains on them. */
function wholeParagraph(text: string, range: Span): Span {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  let lineEnd = text.indexOf('\n', range.end);
  lineEnd = lineEnd === -1 ? text.length : lineEnd + 1;
  if (!blankBetween(text, lineStart, range.start) || !blankBetween(text, range.end, lineEnd)) return range;
  const blank = /^[ \t]*\r?\n/;
  const after = blank.exec(text.slice(lineEnd, lineEnd + 200));
  if (after) return { start: lineStart, end: lineEnd + after[0].length };
  const from = Math.max(0, lineStart - 200);
  const before = /\r?\n[ \t]*\r?\n$/.exec(text.slice(from, lineStart));
  return before ? { start: from + before.index + before[0].indexOf('\n') + 1, end: lineEnd } : { start: lineStart, end: lineEnd };
}

/** True when `text` holds only whitespace in [from, to) (read up to its first other character). */
function blankBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && !(c > 127 && /\s/.test(text[i]!))) return false;
  }
  return true;
}

/** True when a section before `section` in `prompt` has a heading with the same text. */
function hasEarlierTwinHeading(section: Prompt['sections'][number], prompt: Prompt, text: string): boolean {
  const own = text.slice(section.headingRange!.start, section.headingRange!.end).trim();
  return prompt.sections.some((other) => other.headingRange !== undefined && other.headingRange.start < section.headingRange!.start && text.slice(other.headingRange.start, other.headingRange.end).trim() === own);
}
