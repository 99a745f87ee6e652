/**
 * The shared back end of every body parser: turns blocks (paragraphs, list items, table rows,
 * headings, code, HTML) found in a prompt's text into sections and instruction units, and maps
 * every range from prompt-text offsets to source offsets.
 *
 * Front ends (Markdown via markdown-it, the plain-text line scanner) only locate blocks and the
 * exact content of each of their lines; sentence splitting, display text, contexts (example,
 * blockquote, transcript), removal ranges and the section tree are decided here, once.
 */
import type { Range, Section, Unit, UnitContext } from '../model/types.js';
import { createSection, objectArray } from '../model/shapes.js';
import { findCodeSpans, splitSentences } from './sentences.js';
import { foldWhitespace, renderInline } from './inline.js';
import { computeLineStarts, indexAtOrBefore } from '../model/source.js';
import { LIST_MARKER_SOURCE } from './list-marker.js';

export type BlockKind = 'paragraph' | 'list-item' | 'table-row' | 'heading' | 'code' | 'html';

/** A half-open range of prompt-text offsets holding one line's content. */
export interface Seg {
  start: number;
  end: number;
}

export interface Block {
  kind: BlockKind;
  /**
   * Content of each line (container prefixes and surrounding whitespace excluded). A list item's
   * first segment starts at its marker; a setext heading's last segment is its underline; code and
   * HTML blocks have one segment spanning the whole block.
   */
  segs: Seg[];
  /** Start of the block's first line (removal start). */
  linesStart: number;
  /** End of the block's last line, after its line break (removal end). */
  linesEnd: number;
  /** Inside a block quote. */
  quoted: boolean;
  /** Heading depth 1-6. */
  depth?: number;
  setext?: boolean;
  /** Display text for code and HTML blocks. */
  display?: string;
}

/** Maps prompt-text offsets to source offsets. */
export interface TextMap {
  /** Source offset where the character at text offset `i` starts (`text.length` → source end). */
  start(i: number): number;
  /** Source offset just after the character at text offset `i - 1` (for exclusive ends). */
  end(i: number): number;
  /** Source start for removing whole lines: `start(i)` widened back over source-only indentation. */
  lineStart(i: number): number;
}

/** The identity map shifted by `base` (Markdown bodies, .prompty role blocks, text files). */
export function offsetMap(base: number): TextMap {
  return { start: (i) => i + base, end: (i) => i + base, lineStart: (i) => i + base };
}

export interface BodyInput {
  text: string;
  blocks: Block[];
  /** Sorted, non-overlapping text ranges inside `<example>`-like tags. */
  exampleRegions: readonly Range[];
  map: TextMap;
  /** Source range of the whole prompt (the preamble section's range). */
  promptRange: Range;
  /**
   * The shape of a block (`blockShape(text, block)`), when the caller has it already: the Markdown
   * parser caches shapes per chunk of text (block-cache.ts). Must equal `blockShape(text, block)`.
   */
  shapeOf?: (block: Block) => BlockShape;
}

export interface BodyResult {
  sections: Section[];
  units: Unit[];
}

const SPEAKER =
  /^(?:\*\*|__|\*|_)?(?:[Uu]ser|USER|[Aa]ssistant|ASSISTANT|[Hh]uman|HUMAN|AI|[Cc]ustomer|CUSTOMER|[Aa]gent|AGENT|Q|A)(?:\*\*|__|\*|_)?[ \t]*:(?:\*\*|__|\*|_)?(?:[ \t]|$)/;
const EXAMPLE_TITLE = /^(?:examples?|samples?)\b/i;
const LIST_MARKER = new RegExp(String.raw`^${LIST_MARKER_SOURCE}(?:[ \t]+\[[ xX]\](?=[ \t]|$))?(?:[ \t]+|$)`);

/** True when a line of content opens a transcript turn ("User:", "Assistant:", "Q:" …). */
export function isSpeakerLine(s: string): boolean {
  return SPEAKER.test(s);
}

interface Joined {
  s: string;
  starts: number[];
  segs: Seg[];
}

function joinSegs(text: string, segs: Seg[]): Joined {
  const parts: string[] = [];
  const starts: number[] = [];
  let pos = 0;
  for (const seg of segs) {
    starts.push(pos);
    const part = text.slice(seg.start, seg.end);
    parts.push(part);
    pos += part.length + 1;
  }
  return { s: parts.join('\n'), starts, segs };
}

/** Text offset of joined offset `j` (a joiner newline maps to the end of its line's content). */
function joinedToText(jn: Joined, j: number): number {
  const { starts, segs } = jn;
  const at = indexAtOrBefore(starts, j);
  const seg = segs[at];
  if (!seg) return 0;
  return Math.min(seg.start + (j - starts[at]!), seg.end);
}

function joinedRangeToText(jn: Joined, a: number, b: number): Range {
  const start = joinedToText(jn, a);
  const end = b > a ? joinedToText(jn, b - 1) + 1 : start;
  return { start, end: Math.max(start, end) };
}

function isBlankLine(text: string, from: number, to: number, quoted: boolean): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (quoted && c === 62 /* > */) continue;
    return false;
  }
  return true;
}

/** End (after the line break) of the line starting at `from`. */
function lineEndFrom(text: string, from: number): number {
  const n = text.length;
  for (let k = from; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) return k + 1;
    if (c === 13) return k + 1 < n && text.charCodeAt(k + 1) === 10 ? k + 2 : k + 1;
  }
  return n;
}

/** Start of the line that ends (with its break) at `end`. */
function lineStartBefore(text: string, end: number): number {
  let k = end - 1;
  if (k >= 0 && text.charCodeAt(k) === 10) k--;
  if (k >= 0 && text.charCodeAt(k) === 13) k--;
  while (k >= 0) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) break;
    k--;
  }
  return k + 1;
}

/** Splits a table row into cell strings (pipes inside code spans or escaped do not split). */
function tableCells(row: string): string[] {
  const spans = findCodeSpans(row);
  const cells: string[] = [];
  let last = 0;
  let si = 0;
  for (let i = 0; i < row.length; i++) {
    while (si < spans.length && spans[si].end <= i) si++;
    if (si < spans.length && spans[si].start <= i) {
      i = spans[si].end - 1;
      continue;
    }
    if (row[i] === '\\') {
      i++;
      continue;
    }
    if (row[i] === '|') {
      cells.push(row.slice(last, i));
      last = i + 1;
    }
  }
  cells.push(row.slice(last));
  if (cells.length > 1 && cells[0].trim() === '') cells.shift();
  if (cells.length > 1 && cells[cells.length - 1].trim() === '') cells.pop();
  return cells;
}

function headingTitle(text: string, block: Block): string {
  const segs = block.setext ? block.segs.slice(0, -1) : block.segs;
  const jn = joinSegs(text, segs);
  let s = jn.s;
  if (!block.setext) {
    s = s.replace(/^[ \t]*#{1,6}(?:[ \t]+|$)/, '');
    s = s.replace(/(?:^|[ \t]+)#+[ \t]*$/, '');
  }
  return renderInline(s);
}

function inRegions(regions: readonly Range[], pos: number): boolean {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid];
    if (pos < r.start) hi = mid - 1;
    else if (pos >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}

const INSTRUCTION_CONTEXTS = new Set<UnitContext>(['paragraph', 'list-item', 'table-row']);

/** A unit as its block's own text yields it: no section, no context beyond the block's, no removal that looks outside the block. */
export interface UnitShape {
  readonly range: Range;
  /** Removal of a sentence of a paragraph with several; undefined: the block's whole lines. */
  readonly removal?: Range;
  readonly text: string;
  /** A transcript turn ("User: …"): read as an example. */
  readonly transcript: boolean;
  readonly codeSpans: readonly Range[];
}

/**
 * What a block yields from its own text alone: its heading title and its units (sentence
 * splitting, display text, code spans). Offsets are those of `text`; only the block's segments
 * are read, so a shape computed on a slice of the text holding the block, shifted by the
 * slice's offset, is the same shape.
 */
export interface BlockShape {
  /** Heading title ('' for an empty `#`), for heading blocks. */
  readonly title?: string;
  readonly units: readonly UnitShape[];
}

/** Code spans (joined offsets, sorted) inside [a, b), as text ranges. */
function spansIn(jn: Joined, spans: Range[], a: number, b: number): Range[] {
  const out: Range[] = [];
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < a) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < spans.length && spans[k].start < b; k++) if (spans[k].end <= b) out.push(joinedRangeToText(jn, spans[k].start, spans[k].end));
  return out;
}

export function blockShape(text: string, b: Block): BlockShape {
  if (b.segs.length === 0) return { units: [] };
  const first = b.segs[0];
  const last = b.segs[b.segs.length - 1];
  const range = { start: first.start, end: Math.max(first.start, last.end) };
  switch (b.kind) {
    case 'code':
    case 'html': {
      if (range.end === range.start) return { units: [] };
      const source = text.slice(range.start, range.end);
      let display = b.kind === 'html' ? foldWhitespace(b.display ?? source) : (b.display ?? source).trim();
      if (display === '') display = foldWhitespace(source);
      return { units: [{ range, text: display, transcript: false, codeSpans: [] }] };
    }
    case 'heading': {
      const title = headingTitle(text, b);
      if (title === '') return { title, units: [] }; // an empty `#` still opens a section, but is no unit
      const jn = joinSegs(text, b.setext ? b.segs.slice(0, -1) : b.segs);
      const spans = findCodeSpans(jn.s);
      return { title, units: [{ range, text: title, transcript: false, codeSpans: spansIn(jn, spans, 0, jn.s.length) }] };
    }
    case 'table-row': {
      const jn = joinSegs(text, b.segs);
      const cells = tableCells(jn.s).map((c) => renderInline(c));
      const spans = findCodeSpans(jn.s);
      return { units: [{ range, text: foldWhitespace(cells.join(' | ')), transcript: false, codeSpans: spansIn(jn, spans, 0, jn.s.length) }] };
    }
    case 'list-item': {
      const jn = joinSegs(text, b.segs);
      const body = jn.s.replace(LIST_MARKER, '');
      const display = renderInline(body);
      if (display === '') return { units: [] };
      const spans = findCodeSpans(jn.s);
      return { units: [{ range, text: display, transcript: isSpeakerLine(body), codeSpans: spansIn(jn, spans, 0, jn.s.length) }] };
    }
    case 'paragraph': {
      const jn = joinSegs(text, b.segs);
      const spans = findCodeSpans(jn.s);
      // transcript turns start new chunks; everything from the first speaker line on is an example
      const chunkStarts: number[] = [0];
      let transcriptFrom = Infinity;
      for (let k = 0; k < b.segs.length; k++) {
        const line = text.slice(b.segs[k].start, b.segs[k].end);
        if (isSpeakerLine(line)) {
          if (jn.starts[k] > 0) chunkStarts.push(jn.starts[k]);
          if (transcriptFrom === Infinity) transcriptFrom = jn.starts[k];
        }
      }
      const sentences: Range[] = [];
      for (let c = 0; c < chunkStarts.length; c++) {
        const a = chunkStarts[c];
        const z = c + 1 < chunkStarts.length ? chunkStarts[c + 1] - 1 : jn.s.length;
        const chunk = jn.s.slice(a, z);
        const chunkSpans = chunkStarts.length === 1 ? spans : spans.filter((sp) => sp.start >= a && sp.end <= z).map((sp) => ({ start: sp.start - a, end: sp.end - a }));
        for (const r of splitSentences(chunk, chunkSpans)) sentences.push({ start: r.start + a, end: r.end + a });
      }
      const textRanges = sentences.map((r) => joinedRangeToText(jn, r.start, r.end));
      const units: UnitShape[] = [];
      for (let q = 0; q < sentences.length; q++) {
        const r = sentences[q];
        const display = renderInline(jn.s.slice(r.start, r.end));
        if (display === '') continue;
        const sentence = textRanges[q];
        // one sentence: the whole lines (widened over a blank line by buildBody); several: up to the neighbour
        const removal =
          sentences.length === 1
            ? undefined
            : q < sentences.length - 1
              ? { start: sentence.start, end: textRanges[q + 1].start }
              : { start: textRanges[q - 1].end, end: sentence.end };
        units.push({
          range: sentence,
          ...(removal ? { removal } : {}),
          text: display,
          transcript: r.start >= transcriptFrom,
          codeSpans: spansIn(jn, spans, r.start, r.end),
        });
      }
      return { units };
    }
  }
}

/** Builds sections and units for one prompt body. */
export function buildBody(input: BodyInput): BodyResult {
  const { text, exampleRegions, map, promptRange } = input;
  const blocks = input.blocks.slice().sort((a, b) => a.linesStart - b.linesStart || (a.segs[0]?.start ?? 0) - (b.segs[0]?.start ?? 0));
  const shapeOf = input.shapeOf ?? ((b: Block) => blockShape(text, b));

  const srcRange = (r: Range): Range => {
    const start = map.start(r.start);
    const end = Math.max(start, map.end(r.end));
    return { start, end };
  };
  const removal = (r: Range, wholeLines: boolean): Range => {
    const start = wholeLines ? map.lineStart(r.start) : map.start(r.start);
    const end = Math.max(start, map.end(r.end));
    return { start, end };
  };

  // ---- sections -------------------------------------------------------------------------------
  interface SecDraft {
    title: string;
    depth: number;
    parent: number;
    start: number; // text offset of heading content
    lineStart: number; // text offset of heading line start
    headingRange: Range; // text
    example: boolean;
  }
  const drafts: SecDraft[] = [];
  const blockSection = new Map<Block, number>();
  const stack: number[] = [];
  for (const b of blocks) {
    if (b.kind !== 'heading' || b.quoted || b.segs.length === 0) continue;
    const hStart = b.segs[0].start;
    if (inRegions(exampleRegions, hStart)) continue;
    const depth = Math.min(6, Math.max(1, b.depth ?? 1));
    while (stack.length > 0 && drafts[stack[stack.length - 1]].depth >= depth) stack.pop();
    const parentIdx = stack.length > 0 ? stack[stack.length - 1] : -1;
    const title = shapeOf(b).title ?? '';
    const parentExample = parentIdx >= 0 ? drafts[parentIdx].example : false;
    drafts.push({
      title,
      depth,
      parent: parentIdx,
      start: hStart,
      lineStart: b.linesStart,
      headingRange: { start: hStart, end: b.segs[b.segs.length - 1].end },
      example: parentExample || EXAMPLE_TITLE.test(title),
    });
    stack.push(drafts.length - 1);
    blockSection.set(b, drafts.length); // +1: index 0 is the preamble
  }
  const sections: Section[] = [createSection(0, '', 0, { start: promptRange.start, end: promptRange.end }, undefined, -1)];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    let endText = text.length;
    for (let k = i + 1; k < drafts.length; k++) {
      if (drafts[k].depth <= d.depth) {
        endText = drafts[k].lineStart;
        break;
      }
    }
    const start = map.start(d.start);
    const end = Math.max(start, Math.min(endText === text.length ? promptRange.end : map.start(endText), promptRange.end));
    sections.push(createSection(i + 1, d.title, d.depth, { start, end }, srcRange(d.headingRange), d.parent + 1));
  }

  // ---- units ----------------------------------------------------------------------------------
  interface UnitDraft {
    range: Range; // text
    removal: Range; // text
    wholeLines: boolean;
    text: string;
    context: UnitContext;
    section: number;
    codeSpans: readonly Range[]; // text
  }
  const units: UnitDraft[] = [];
  let currentSection = 0;
  let draftIdx = 0; // next section draft to open (by position)
  const sectionAt = (pos: number): number => {
    while (draftIdx < drafts.length && drafts[draftIdx].start <= pos) {
      currentSection = draftIdx + 1;
      draftIdx++;
    }
    return currentSection;
  };
  const exampleSection = (sec: number): boolean => sec > 0 && drafts[sec - 1].example;

  const contextFor = (b: Block, kind: UnitContext, start: number, sec: number, transcript: boolean): UnitContext => {
    if (b.quoted) return 'blockquote';
    if (transcript || exampleSection(sec) || inRegions(exampleRegions, start)) return 'example';
    return kind;
  };

  for (const b of blocks) {
    if (b.segs.length === 0) continue;
    const first = b.segs[0];
    const own = blockSection.get(b);
    const sec = own ?? sectionAt(first.start);
    if (own !== undefined) sectionAt(first.start);
    const linesRange: Range = { start: b.linesStart, end: Math.max(b.linesStart, b.linesEnd) };
    for (const u of shapeOf(b).units) {
      switch (b.kind) {
        case 'code':
        case 'html':
          units.push({ range: u.range, removal: linesRange, wholeLines: true, text: u.text, context: b.kind, section: sec, codeSpans: u.codeSpans });
          break;
        case 'heading': {
          let context: UnitContext = 'heading';
          if (b.quoted) context = 'blockquote';
          else if (inRegions(exampleRegions, u.range.start)) context = 'example';
          units.push({ range: u.range, removal: linesRange, wholeLines: true, text: u.text, context, section: sec, codeSpans: u.codeSpans });
          break;
        }
        case 'table-row':
        case 'list-item':
          units.push({
            range: u.range,
            removal: linesRange,
            wholeLines: true,
            text: u.text,
            context: contextFor(b, b.kind, u.range.start, sec, u.transcript),
            section: sec,
            codeSpans: u.codeSpans,
          });
          break;
        case 'paragraph': {
          let rem: Range;
          if (u.removal) {
            rem = u.removal;
          } else {
            rem = { ...linesRange };
            const afterEnd = lineEndFrom(text, rem.end);
            if (rem.end < text.length && afterEnd > rem.end && isBlankLine(text, rem.end, afterEnd, b.quoted)) {
              rem.end = afterEnd;
            } else if (rem.start > 0) {
              const beforeStart = lineStartBefore(text, rem.start);
              if (beforeStart < rem.start && isBlankLine(text, beforeStart, rem.start, b.quoted)) rem.start = beforeStart;
            }
          }
          const sentSec = sectionAt(u.range.start);
          units.push({
            range: u.range,
            removal: rem,
            wholeLines: !u.removal,
            text: u.text,
            context: contextFor(b, 'paragraph', u.range.start, sentSec, u.transcript),
            section: sentSec,
            codeSpans: u.codeSpans,
          });
          break;
        }
      }
    }
  }

  units.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  // pushed, not mapped: `map` gives large arrays a holey hidden class, small ones a packed one, and
  // the rules' loops over `prompt.units` were deoptimized by the mix
  const out: Unit[] = [];
  for (let index = 0; index < units.length; index++) {
    const u = units[index]!;
    const codeSpans: Range[] = [];
    for (const span of u.codeSpans) codeSpans.push(srcRange(span));
    out.push({
      index,
      range: srcRange(u.range),
      removalRange: removal(u.removal, u.wholeLines),
      text: u.text,
      context: u.context,
      isInstruction: INSTRUCTION_CONTEXTS.has(u.context),
      section: u.section,
      codeSpans: objectArray(codeSpans),
    });
  }
  return { sections, units: out };
}

// ---- line utilities shared by the front ends ---------------------------------------------------

/** Line table of a text: start, end of content (before the break) and start of the next line. */
export interface Lines {
  starts: number[];
  ends: number[];
  nexts: number[];
  count: number;
}

export function lineTable(text: string): Lines {
  const starts = computeLineStarts(text);
  const count = starts.length;
  const ends = new Array<number>(count);
  const nexts = new Array<number>(count);
  for (let l = 0; l < count; l++) {
    const next = l + 1 < count ? starts[l + 1] : text.length;
    let end = next;
    if (end > starts[l] && text.charCodeAt(end - 1) === 10) end--;
    if (end > starts[l] && text.charCodeAt(end - 1) === 13) end--;
    ends[l] = end;
    nexts[l] = next;
  }
  return { starts, ends, nexts, count };
}

/**
 * An example tag's name: words of letters and digits joined by `_` or `-`, one of them `example`
 * or `examples` (the regex /^(?:[a-z0-9]+[_-])*examples?(?:[_-][a-z0-9]+)*$/i, which is quadratic
 * on a long name: a 512 KB tag took 63 s, issue 12).
 */
export function isExampleTagName(name: string): boolean {
  const words = name.split(/[_-]/);
  return words.every((w) => /^[a-z0-9]+$/i.test(w)) && words.some((w) => /^examples?$/i.test(w));
}
const LINE_OPEN_TAG = /^[ \t>]*<([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>/;
const CLOSE_TAG_GLOBAL = /<\/([A-Za-z][\w.:-]*)\s*>/g;

/**
 * Regions between `<example>`-like tags (example, examples, good_example, example-output …).
 * Opening tags count at the start of a line, closing tags anywhere; tags in code blocks do not
 * count. An unclosed tag runs to the next heading or the end of the body. The line table may be given as a
 * function, called only when the text has an example tag at all.
 */
export function findExampleRegions(text: string, lineTableOf: Lines | (() => Lines), codeRanges: readonly Range[], headingStarts: readonly number[]): Range[] {
  if (!/<\/?[\w.:-]*example/i.test(text)) return [];
  const lines = typeof lineTableOf === 'function' ? lineTableOf() : lineTableOf;
  const code = mergeRanges(codeRanges.slice());
  let ci = 0;
  const regions: Range[] = [];
  const open: Array<{ name: string; start: number; line: number }> = [];
  // how many tags of each name are open: a closing tag with none open is skipped without a scan
  const openCount = new Map<string, number>();
  for (let l = 0; l < lines.count; l++) {
    const s = lines.starts[l];
    while (ci < code.length && code[ci].end <= s) ci++;
    if (ci < code.length && code[ci].start <= s) continue;
    const e = lines.ends[l];
    const lineText = text.slice(s, e);
    if (!lineText.includes('<')) continue;
    const om = LINE_OPEN_TAG.exec(lineText);
    if (om && isExampleTagName(om[1]) && !om[0].endsWith('/>')) {
      const name = om[1].toLowerCase();
      open.push({ name, start: s, line: l });
      openCount.set(name, (openCount.get(name) ?? 0) + 1);
    }
    CLOSE_TAG_GLOBAL.lastIndex = 0;
    for (let m = CLOSE_TAG_GLOBAL.exec(lineText); m; m = CLOSE_TAG_GLOBAL.exec(lineText)) {
      const name = m[1].toLowerCase();
      if (!openCount.get(name) || !isExampleTagName(name)) continue;
      let k = open.length - 1;
      while (k >= 0 && open[k].name !== name) k--;
      if (k < 0) continue;
      const o = open[k];
      for (let x = k; x < open.length; x++) openCount.set(open[x].name, openCount.get(open[x].name)! - 1);
      open.length = k;
      regions.push({ start: o.start, end: s + m.index + m[0].length });
    }
  }
  let hi = 0;
  for (const o of open) {
    // the open tags are in source order: the next heading after each is found by one pass
    while (hi < headingStarts.length && headingStarts[hi] <= o.start) hi++;
    regions.push({ start: o.start, end: hi < headingStarts.length ? headingStarts[hi] : text.length });
  }
  return mergeRanges(regions);
}

export function mergeRanges(ranges: Range[]): Range[] {
  if (ranges.length <= 1) return ranges;
  const sorted = ranges.slice().sort((a, b) => a.start - b.start);
  const out: Range[] = [{ ...sorted[0] }];
  for (let i = 1; i < sorted.length; i++) {
    const r = sorted[i];
    const prev = out[out.length - 1];
    if (r.start <= prev.end) prev.end = Math.max(prev.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

