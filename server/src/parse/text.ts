/**
 * Plain-text prompts (.txt, .prompt, .j2, extensionless) and the line scanner shared with the
 * Markdown parser's HTML-block fallback.
 *
 * Paragraphs are separated by blank lines; lines starting with `-`, `*`, `+`, `•` or `1.`/`1)` are
 * list items (indented lines after an item continue it); `#` lines are headings; ``` fences are
 * code; `<!-- … -->` and Jinja `{# … #}` are comments; lines holding only XML-ish tags, only
 * Jinja statements (`{% if x %}`) or a `---` rule separate blocks; other Jinja (`{{ name }}`,
 * inline `{% … %}`) is kept as text.
 */
import type { Range } from '../model/types.js';
import { buildBody, findExampleRegions, lineTable, type Block, type BodyResult, type TextMap } from './units.js';
import { LIST_MARKER_SOURCE } from './list-marker.js';

/** One line handed to the scanner: its start, content range (trimmed) and the next line's start. */
export interface ScanLine {
  lineStart: number;
  start: number;
  end: number;
  next: number;
}

export interface ScanOptions {
  quoted: boolean;
  /** `#` lines are headings. */
  headings: boolean;
  /** ``` / ~~~ fences are code blocks. */
  fences: boolean;
  /** `<!-- … -->` lines are HTML comment blocks; tag-only lines separate blocks. */
  comments: boolean;
}

const LIST_ITEM = new RegExp(String.raw`^${LIST_MARKER_SOURCE}(?:[ \t]+|$)`);
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})/;
const TAG_ONLY = /^(?:<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>[ \t]*)+$/;
/** A line holding only Jinja statements: `{% if x %}`, `{%- endfor -%}`. */
export const JINJA_STATEMENT_LINE = /^(?:\{%.*?%\}[ \t]*)+$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/** Groups lines into paragraph, list-item, heading, code and HTML-comment blocks. */
export function scanLineBlocks(text: string, lines: readonly ScanLine[], opts: ScanOptions): Block[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  let curIndent = 0;
  const flush = (): void => {
    if (cur && cur.segs.length > 0) blocks.push(cur);
    cur = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const L = lines[i];
    if (L.end <= L.start) {
      flush();
      continue;
    }
    const content = text.slice(L.start, L.end);
    if (opts.fences) {
      const fm = FENCE.exec(content);
      if (fm) {
        flush();
        const ch = fm[1][0];
        let j = i + 1;
        for (; j < lines.length; j++) {
          const c = text.slice(lines[j].start, lines[j].end);
          if (c.length >= fm[1].length && c[0] === ch && /^(`{3,}|~{3,})[ \t]*$/.test(c) && c.trimEnd().length >= fm[1].length) break;
        }
        const lastIdx = Math.min(j, lines.length - 1);
        const last = lines[lastIdx];
        const innerStart = i + 1 < lines.length ? lines[i + 1].lineStart : L.next;
        const innerEnd = j < lines.length ? last.lineStart : last.next;
        blocks.push({
          kind: 'code',
          segs: [{ start: L.start, end: Math.max(L.start, last.end) }],
          linesStart: L.lineStart,
          linesEnd: last.next,
          quoted: opts.quoted,
          display: text.slice(Math.min(innerStart, innerEnd), innerEnd),
        });
        i = lastIdx;
        continue;
      }
    }
    if (opts.comments && content.startsWith('<!--')) {
      flush();
      let j = i;
      while (j < lines.length && !text.slice(j === i ? L.start + 4 : lines[j].start, lines[j].end).includes('-->')) j++;
      const lastIdx = Math.min(j, lines.length - 1);
      const last = lines[lastIdx];
      blocks.push({ kind: 'html', segs: [{ start: L.start, end: Math.max(L.start, last.end) }], linesStart: L.lineStart, linesEnd: last.next, quoted: opts.quoted });
      i = lastIdx;
      continue;
    }
    if (opts.comments && content.startsWith('{#')) {
      // a Jinja comment: not sent to the model
      flush();
      let j = i;
      while (j < lines.length && !text.slice(j === i ? L.start + 2 : lines[j].start, lines[j].end).includes('#}')) j++;
      const lastIdx = Math.min(j, lines.length - 1);
      const last = lines[lastIdx];
      blocks.push({ kind: 'html', segs: [{ start: L.start, end: Math.max(L.start, last.end) }], linesStart: L.lineStart, linesEnd: last.next, quoted: opts.quoted });
      i = lastIdx;
      continue;
    }
    if (opts.headings && HEADING.test(content)) {
      flush();
      blocks.push({ kind: 'heading', segs: [{ start: L.start, end: L.end }], linesStart: L.lineStart, linesEnd: L.next, quoted: opts.quoted, depth: /^#+/.exec(content)![0].length });
      continue;
    }
    if (opts.comments && ((content[0] === '<' && TAG_ONLY.test(content)) || (content[0] === '{' && JINJA_STATEMENT_LINE.test(content)) || THEMATIC_BREAK.test(content))) {
      // structure, not text: tag lines, template statements and `---` rules separate blocks
      flush();
      continue;
    }
    const indent = L.start - L.lineStart;
    if (LIST_ITEM.test(content)) {
      flush();
      cur = { kind: 'list-item', segs: [{ start: L.start, end: L.end }], linesStart: L.lineStart, linesEnd: L.next, quoted: opts.quoted };
      curIndent = indent;
      continue;
    }
    if (cur && cur.kind === 'list-item') {
      if (indent > curIndent) {
        cur.segs.push({ start: L.start, end: L.end });
        cur.linesEnd = L.next;
        continue;
      }
      flush();
    }
    if (cur) {
      cur.segs.push({ start: L.start, end: L.end });
      cur.linesEnd = L.next;
    } else {
      cur = { kind: 'paragraph', segs: [{ start: L.start, end: L.end }], linesStart: L.lineStart, linesEnd: L.next, quoted: opts.quoted };
    }
  }
  flush();
  return blocks;
}

/** Scan lines of a whole text: content is each line with surrounding whitespace trimmed. */
export function textScanLines(text: string): ScanLine[] {
  const lines = lineTable(text);
  const out: ScanLine[] = new Array(lines.count);
  for (let l = 0; l < lines.count; l++) {
    let s = lines.starts[l];
    let e = lines.ends[l];
    while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
    out[l] = { lineStart: lines.starts[l], start: s, end: e, next: lines.nexts[l] };
  }
  return out;
}

export interface TextBody extends BodyResult {
  codeRanges: Range[];
}

/** Parses a plain-text prompt into sections and units with source ranges. */
export function parseTextBody(text: string, map: TextMap, promptRange: Range): TextBody {
  const blocks = scanLineBlocks(text, textScanLines(text), { quoted: false, headings: true, fences: true, comments: true });
  const codeRanges: Range[] = [];
  const headingStarts: number[] = [];
  for (const b of blocks) {
    if (b.kind === 'code') codeRanges.push({ start: b.linesStart, end: b.linesEnd });
    else if (b.kind === 'heading') headingStarts.push(b.linesStart);
  }
  const exampleRegions = findExampleRegions(text, lineTable(text), codeRanges, headingStarts);
  const body = buildBody({ text, blocks, exampleRegions, map, promptRange });
  return { ...body, codeRanges };
}
