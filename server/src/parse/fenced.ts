/**
 * Fenced prompts: a Markdown file (a README, a GPT's instructions page) that holds its prompt inside
 * a code fence labelled `markdown`, `md`, `text`, `txt`, `prompt`, `plain` or nothing. Such a fence
 * is read as a prompt of its own, parsed as Markdown with exact source positions, when
 * - it holds most of the file (at least 60% of the body's visible characters), or
 * - the heading or lead-in line just above it names a prompt ("## System prompt", "Instructions:"),
 * and its text reads as prose (most lines are words, few end like code). Fences in a programming
 * language, and fences of any label that read as code, data or command lines, stay opaque code.
 * Fences inside lists or block quotes are left alone (their lines carry container prefixes).
 */
import type { Prompt, Range, Section, Unit } from '../model/types.js';
import { createPrompt, createSection } from '../model/shapes.js';
import type { BlockCache } from './block-cache.js';
import { parseMarkdownBody } from './markdown.js';
import { offsetMap } from './units.js';

const PROMPT_LABELS = new Set(['', 'markdown', 'md', 'text', 'txt', 'prompt', 'plain', 'plaintext']);
/** A heading or lead-in that names what the fence holds as a prompt. */
const NAMES_A_PROMPT = /\b(?:prompts?|instructions?|system message|persona|custom gpt|gpt instructions)\b/i;
const OPEN_FENCE = /^(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n`]*$/;
/** Fewest characters of a fenced prompt. */
const MIN_CHARS = 200;

export interface FencedPrompt {
  /** The fence's content, from the line after the opening fence to the start of the closing one. */
  readonly content: Range;
}

/** The fences of `whole` (a Markdown body) that hold a prompt, in source order. */
export function findFencedPrompts(source: string, whole: Prompt): FencedPrompt[] {
  const { start, end } = whole.range;
  if (source.indexOf('```', start) === -1 && source.indexOf('~~~', start) === -1) return [];
  const fences: { open: number; content: Range; label: string }[] = [];
  let at = start;
  while (at < end) {
    const lineEnd = nextLine(source, at, end);
    const line = source.slice(at, lineEnd).replace(/\r?\n$/, '');
    const m = OPEN_FENCE.exec(line);
    if (m) {
      const marker = m[1]!;
      const contentStart = lineEnd;
      let k = contentStart;
      let close = -1;
      while (k < end) {
        const e = nextLine(source, k, end);
        const l = source.slice(k, e).replace(/\r?\n$/, '');
        if (l.startsWith(marker[0]!.repeat(marker.length)) && /^[`~]+[ \t]*$/.test(l)) {
          close = k;
          break;
        }
        k = e;
      }
      if (close === -1) break;
      fences.push({ open: at, content: { start: contentStart, end: close }, label: m[2]!.toLowerCase() });
      at = nextLine(source, close, end);
      continue;
    }
    at = lineEnd;
  }
  if (!fences.length) return [];
  const visible = (a: number, b: number) => source.slice(a, b).replace(/\s+/g, '').length;
  const total = visible(start, end);
  return fences
    .filter((f) => PROMPT_LABELS.has(f.label) && f.content.end - f.content.start >= MIN_CHARS)
    .filter((f) => visible(f.content.start, f.content.end) >= 0.6 * total || namedAsPrompt(source, whole, f.open))
    .filter((f) => readsAsProse(source.slice(f.content.start, f.content.end)))
    .map((f) => ({ content: f.content }));
}

function nextLine(source: string, at: number, end: number): number {
  const nl = source.indexOf('\n', at);
  return nl === -1 || nl >= end ? end : nl + 1;
}

/** The nearest heading above the fence, or the non-blank line just above it, names a prompt. */
function namedAsPrompt(source: string, whole: Prompt, open: number): boolean {
  let heading: Section | undefined;
  for (const s of whole.sections) if (s.headingRange && s.headingRange.start < open) heading = s;
  if (heading && NAMES_A_PROMPT.test(heading.title)) return true;
  const before = source.slice(Math.max(whole.range.start, open - 300), open).trimEnd();
  const last = before.slice(before.lastIndexOf('\n') + 1);
  return /:\s*\**$/.test(last) && NAMES_A_PROMPT.test(last);
}

/** Most non-blank lines are words (at least three), few end like code or look like commands. */
function readsAsProse(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length < 2) return false;
  let prose = 0;
  let code = 0;
  for (const l of lines) {
    if (/[;{}]$|^[$>]\s|^(?:import|from|def|class|function|const|let|var|return|npm|pip|git|cd|curl|docker)\b|^<\/?\w+[^>]*>$/.test(l)) code++;
    else if ((l.match(/\p{L}{2,}/gu)?.length ?? 0) >= 3) prose++;
  }
  return prose >= lines.length * 0.5 && code <= lines.length * 0.15;
}

/**
 * The body cut around its fenced prompts: the parts outside (without the fence's code unit) and
 * each fence's content parsed as Markdown, in source order, contiguous.
 */
export function splitFenced(source: string, whole: Prompt, fenced: readonly FencedPrompt[], blocks?: BlockCache): Prompt[] {
  if (!fenced.length) return [whole];
  const out: Prompt[] = [];
  let cursor = whole.range.start;
  const outside = (range: Range) => {
    if (range.end <= range.start) return;
    const units = whole.units.filter((u) => u.range.start >= range.start && u.range.start < range.end && !fenced.some((f) => u.range.start < f.content.end && f.content.start < u.range.end));
    out.push(part(source, whole, range, units, out.length, 'file'));
  };
  for (const f of fenced) {
    outside({ start: cursor, end: f.content.start });
    const text = source.slice(f.content.start, f.content.end);
    const parsed = parseMarkdownBody(text, offsetMap(f.content.start), f.content, blocks);
    out.push(
      createPrompt({
        id: out.length === 0 ? whole.id : `${whole.id}#${out.length + 1}`,
        label: `prompt ${out.length + 1} (fenced): ${firstWords(text)}`,
        role: whole.role,
        range: f.content,
        text,
        toSource: (i: number) => f.content.start + Math.min(Math.max(0, Math.floor(i)), text.length),
        sections: parsed.sections,
        units: parsed.units,
        boundary: 'fenced',
      }),
    );
    cursor = f.content.end;
  }
  outside({ start: cursor, end: whole.range.end });
  return out;
}

function firstWords(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.replace(/^[#>*\s-]+/, '').trim().slice(0, 40);
}

/** A part of `whole` outside the fences: its units re-indexed, sections clipped to it. */
function part(source: string, whole: Prompt, range: Range, units: Unit[], k: number, boundary: string): Prompt {
  const sections: Section[] = [createSection(0, '', 0, range, undefined, -1)];
  const map = new Map<number, number>();
  for (const s of whole.sections) {
    if (s.depth === 0 || !s.headingRange || s.headingRange.start < range.start || s.headingRange.start >= range.end) continue;
    const parent = s.parent >= 0 && map.has(s.parent) ? map.get(s.parent)! : 0;
    map.set(s.index, sections.length);
    sections.push(createSection(sections.length, s.title, s.depth, { start: s.range.start, end: Math.min(s.range.end, range.end) }, s.headingRange, parent));
  }
  const text = source.slice(range.start, range.end);
  return createPrompt({
    id: k === 0 ? whole.id : `${whole.id}#${k + 1}`,
    label: k === 0 ? whole.label : `prompt ${k + 1} (${boundary})`,
    role: whole.role,
    range,
    text,
    toSource: (i: number) => range.start + Math.min(Math.max(0, Math.floor(i)), text.length),
    sections,
    units: units.map((u, i) => ({ ...u, index: i, section: map.get(u.section) ?? 0 })),
    boundary: k === 0 ? whole.boundary : boundary,
  });
}
