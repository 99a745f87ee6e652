/**
 * Prompt boundaries inside one Markdown or text body: a file may hold several prompts that are
 * never sent together, and the rules that compare instructions must never pair units of two of
 * them. Each prompt found here carries the reason for its boundary (`Prompt.boundary`):
 * - `separator`: a line that names a template, prompt or variant (`--- Template 2 ---`,
 *   `=== Prompt B ===`, `## Variant 3`), when the body has at least two;
 * - `identity`: successive blocks (sibling headings, or parts between `---` lines) that each open
 *   with a full identity statement ("You are …"): variant system prompts kept in one file;
 * - `alternative`: labelled alternatives, short labels on lines of their own ("Text-only:",
 *   "Text and images:") each followed by a version of one text;
 * - `directive`: a `<!-- prompt-lint-prompt -->` line starts a new prompt wherever it stands;
 *   `<!-- prompt-lint-prompt single -->` anywhere reads the whole body as one prompt.
 * Jinja branches are alternatives inside one prompt, not prompts: see rules/lib/repeats.ts.
 */
import type { Prompt, Range, Section, Unit } from '../model/types.js';
import { createPrompt, createSection } from '../model/shapes.js';

/** A line naming a template, prompt or variant, as a separator or a heading. */
const NAMED_SEPARATOR = /^[ \t]*(?:(?:[-=*#~_]{2,}|#{1,6})[ \t]*)(?:\*\*)?(?:template|prompt|variant|version|variation|option)[ \t]*(?:#|no\.?)?[ \t]*(?:\d+|[A-Z])\b[^\n]*$/gim;
const RULE_LINE = /^[ \t]*---[ \t]*$/gm;
const IDENTITY = /^\W*(?:you are|you're|you will act as|act as|your role is)\b/i;
const DIRECTIVE = /^[ \t]*<!--\s*prompt-lint-prompt(?:\s+(single|split))?\s*-->[ \t]*$/gim;

export type BoundaryReason = 'file' | 'separator' | 'identity' | 'alternative' | 'directive';

/** Where each prompt after the first starts (offsets into the source), with its reason; [] keeps one prompt. */
export function findBoundaries(source: string, prompt: Prompt, split: boolean | undefined): { at: number; reason: BoundaryReason }[] {
  if (split === false) return [];
  const { start, end } = prompt.range;
  const body = source.slice(start, end);
  const code = codeRanges(prompt);
  const outside = (at: number) => !code.some((r) => at >= r.start && at < r.end);
  // most bodies hold no candidate line at all: nothing to scan
  if (!/prompt-lint-prompt|template|prompt|variant|version|variation|option|you are|you're|act as|your role|:\s*$/im.test(body)) return [];
  // directives first: they override detection either way
  const directives: number[] = [];
  let single = false;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(body); m; m = DIRECTIVE.exec(body)) {
    if (!outside(start + m.index)) continue;
    if (m[1]?.toLowerCase() === 'single') single = true;
    else directives.push(start + m.index);
  }
  if (single) return [];
  if (directives.length) return directives.filter((at) => at > start).map((at) => ({ at, reason: 'directive' as const }));

  const named: number[] = [];
  NAMED_SEPARATOR.lastIndex = 0;
  for (let m = NAMED_SEPARATOR.exec(body); m; m = NAMED_SEPARATOR.exec(body)) if (outside(start + m.index)) named.push(start + m.index);
  if (named.length >= 2) return named.filter((at) => at > start).map((at) => ({ at, reason: 'separator' as const }));

  const alternatives = labelledAlternatives(source, prompt);
  if (alternatives.length) return alternatives.map((at) => ({ at, reason: 'alternative' as const }));
  return identityBlocks(source, prompt, body, outside).map((at) => ({ at, reason: 'identity' as const }));
}

/** A short label on a paragraph of its own that introduces one version of a text ("Text-only:", "Text and images:"). */
const ALTERNATIVE_LABEL = /^\W*[A-Z][\w'-]*(?:[ \t]+[\w'-]+){0,4}[ \t]*:\W*$/;

/**
 * Labelled alternatives: at least two short labels, each a paragraph of its own in one section,
 * each followed by a text that opens with the same words as the others' (versions of one prompt,
 * never sent together). Returns where each label after the first starts, and the first when text precedes it.
 */
function labelledAlternatives(source: string, prompt: Prompt): number[] {
  const units = prompt.units;
  const labels: { unit: Unit; opens: string }[] = [];
  for (let i = 0; i + 1 < units.length; i++) {
    const u = units[i]!;
    if (u.context !== 'paragraph' || !ALTERNATIVE_LABEL.test(u.text)) continue;
    const next = units[i + 1]!;
    if (next.context !== 'paragraph' || next.section !== u.section || /\r?\n[ \t]*\r?\n/.test(source.slice(u.range.end, next.range.start)) === false) continue;
    const words = next.text.toLowerCase().split(/\s+/).slice(0, 5);
    if (words.length === 5) labels.push({ unit: u, opens: words.join(' ') });
  }
  const groups = new Map<string, Unit[]>();
  for (const l of labels) {
    const key = `${l.unit.section}:${l.opens}`;
    const list = groups.get(key);
    if (list) list.push(l.unit);
    else groups.set(key, [l.unit]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    return group.map((u) => lineStart(source, u.range.start)).filter((at) => at > prompt.range.start);
  }
  return [];
}

/**
 * Blocks that each open with an identity statement: sibling sections of one depth, or the parts
 * between `---` lines. Every block of that level that holds an instruction must open with one (a
 * preamble before the first is allowed), and there must be at least two.
 */
function identityBlocks(source: string, prompt: Prompt, body: string, outside: (at: number) => boolean): number[] {
  // instruction units in source order; the first one at or after an offset is found by binary search
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading');
  const firstUnitAfter = (at: number, until: number): Unit | undefined => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]!.range.start < at) lo = mid + 1;
      else hi = mid;
    }
    const u = starts[lo];
    return u && u.range.start < until ? u : undefined;
  };
  // parts between `---` lines
  const rules: number[] = [];
  RULE_LINE.lastIndex = 0;
  for (let m = RULE_LINE.exec(body); m; m = RULE_LINE.exec(body)) if (outside(prompt.range.start + m.index)) rules.push(prompt.range.start + m.index);
  if (rules.length) {
    const starts = [prompt.range.start, ...rules];
    const opens = starts.map((at, k) => {
      const u = firstUnitAfter(at, starts[k + 1] ?? prompt.range.end);
      return u ? IDENTITY.test(u.text) : null;
    });
    const blocks = opens.slice(1);
    if (blocks.filter((o) => o === true).length >= 1 && opens.filter((o) => o === true).length >= 2 && blocks.every((o) => o !== false)) return rules.filter((_, k) => opens[k + 1] === true);
  }
  // sibling sections of one depth
  const byDepth = new Map<number, Section[]>();
  for (const s of prompt.sections) {
    if (s.depth === 0 || !s.headingRange) continue;
    const list = byDepth.get(s.depth);
    if (list) list.push(s);
    else byDepth.set(s.depth, [s]);
  }
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const siblings = byDepth.get(depth)!;
    if (siblings.length < 2) continue;
    const opens = siblings.map((s) => {
      const u = firstUnitAfter(s.headingRange!.end, s.range.end);
      return u ? IDENTITY.test(u.text) : null;
    });
    if (opens.filter((o) => o === true).length >= 2 && opens.every((o) => o !== false)) {
      return siblings.filter((_, k) => opens[k] === true && k > 0).map((s) => lineStart(source, s.headingRange!.start));
    }
    // a shallower level with headings decides: deeper ones are parts of its blocks
    break;
  }
  return [];
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function codeRanges(prompt: Prompt): Range[] {
  return prompt.units.filter((u) => u.context === 'code').map((u) => u.range);
}

/**
 * The prompt cut at `boundaries` (sorted source offsets): units and sections re-indexed per part,
 * sections clipped, each part's first section a root over the part.
 */
export function splitPrompt(source: string, prompt: Prompt, boundaries: { at: number; reason: BoundaryReason }[]): Prompt[] {
  if (!boundaries.length) return [prompt];
  const cuts = [{ at: prompt.range.start, reason: prompt.boundary ?? ('file' as BoundaryReason) }, ...boundaries.filter((b) => b.at > prompt.range.start && b.at < prompt.range.end)];
  const out: Prompt[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const range = { start: cuts[k]!.at, end: k + 1 < cuts.length ? cuts[k + 1]!.at : prompt.range.end };
    const sections: Section[] = [createSection(0, '', 0, range, undefined, -1)];
    const sectionMap = new Map<number, number>();
    for (const s of prompt.sections) {
      if (s.depth === 0 || !s.headingRange || s.headingRange.start < range.start || s.headingRange.start >= range.end) continue;
      const parent = s.parent >= 0 && sectionMap.has(s.parent) ? sectionMap.get(s.parent)! : 0;
      const index = sections.length;
      sectionMap.set(s.index, index);
      sections.push(createSection(index, s.title, s.depth, { start: s.range.start, end: Math.min(s.range.end, range.end) }, s.headingRange, parent));
    }
    const units: Unit[] = [];
    for (const u of prompt.units) {
      if (u.range.start < range.start || u.range.start >= range.end) continue;
      units.push({ ...u, index: units.length, section: sectionMap.get(u.section) ?? 0 });
    }
    const text = source.slice(range.start, range.end);
    const n = text.length;
    const first = units.find((u) => u.isInstruction && u.context !== 'heading');
    const reason = cuts[k]!.reason;
    const firstLine = source.slice(range.start, source.indexOf('\n', range.start) === -1 ? range.end : Math.min(range.end, source.indexOf('\n', range.start))).trim();
    const title =
      reason === 'separator' || reason === 'alternative'
        ? firstLine.replace(/^[-=*#~_\s]+|[-=*#~_\s:]+$/g, '')
        : sections[1] && (!first || first.range.start > sections[1].headingRange!.start)
          ? sections[1].title
          : (first?.text.slice(0, 40) ?? '');
    out.push(
      createPrompt({
        id: k === 0 ? prompt.id : `${prompt.id}#${k + 1}`,
        label: `prompt ${k + 1} (${reason})${title ? `: ${title}` : ''}`,
        role: prompt.role,
        range,
        text,
        toSource: (i: number) => range.start + Math.min(Math.max(0, Math.floor(i)), n),
        sections,
        units,
        boundary: reason,
      }),
    );
  }
  return out;
}
