/**
 * Markdown bodies: block structure from markdown-it (block tokens only; see
 * docs/decisions/markdown-parser.md), exact offsets computed here from the source lines.
 *
 * The body is parsed in its own coordinates ("prompt text"): a Markdown file's body after the
 * frontmatter, a decoded YAML string, a .prompty role block. `units.ts` maps every range back to
 * the source file.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import type { Range } from '../model/types.js';
import { trailingTagsStart } from './inline.js';
import { buildBody, findExampleRegions, lineTable, type Block, type BlockShape, type BodyResult, type Lines, type Seg, type TextMap } from './units.js';
import { scanLineBlocks, type ScanLine } from './text.js';
import { scanChunked, type BlockCache } from './block-cache.js';

type MarkdownItInstance = ReturnType<typeof MarkdownIt>;

let mdInstance: MarkdownItInstance | undefined;

function markdownIt(): MarkdownItInstance {
  if (!mdInstance) {
    const md = new MarkdownIt('default', { html: true });
    // Block structure only: inline parsing (and its typographic rules) is not needed, display
    // text is computed from the source by inline.ts.
    md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
    mdInstance = md;
  }
  return mdInstance;
}

const TAG = String.raw`<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>`;
/** A line made only of XML-ish tags (not comments): `<instructions>`, `</rules>`, `<a><b>`. */
const TAG_ONLY_LINE = new RegExp(String.raw`^[ \t]*(?:${TAG}[ \t]*)+$`);
/** A line made only of Jinja statements (`{% if x %}`), template structure rather than text. */
const JINJA_ONLY_LINE = /^[ \t]*(?:\{%.*?%\}[ \t]*)+$/;
const FENCE_LINE = /^[ \t>]*(`{3,}|~{3,})(.*)$/;
const LEADING_TAGS = new RegExp(String.raw`^(?:(?:${TAG}|<!--.*?-->)[ \t]*)+`);
const RAW_OPEN = /^[ \t]*<(pre|script|style|textarea)(?:\s|>|$)/i;
const HTML_RAW_START = /^<(?:!--|\?|![A-Za-z]|!\[CDATA\[|(?:script|pre|style|textarea)(?:\s|>|$))/i;

function isWs(c: number): boolean {
  return c === 32 || c === 9;
}

/** A line that blankTagLines blanks (outside fences and `<pre>`-like blocks): only tags, or only Jinja statements. */
export function isTagOrJinjaLine(lineText: string): boolean {
  const first = lineText.charCodeAt(0);
  return (
    ((first === 60 || isWs(first)) && lineText.includes('<') && TAG_ONLY_LINE.test(lineText)) ||
    ((first === 123 || isWs(first)) && lineText.includes('{%') && JINJA_ONLY_LINE.test(lineText))
  );
}

/**
 * Replaces lines that hold only XML-ish tags or only Jinja statements (outside fenced code) with
 * spaces, so that markdown-it does not read `<instructions>` as the start of an HTML block that
 * swallows the instructions after it, and `{% if x %}` does not join the sentences around it.
 * Offsets and line numbers are unchanged. `state.open`: a fence or a `<pre>`-like block is still
 * open at the end of the text.
 */
function blankTagLines(text: string, lines: Lines, state: { open: boolean }): string {
  let parts: string[] | undefined;
  let last = 0;
  let fence: { ch: string; len: number } | undefined;
  let raw: string | undefined; // inside <pre>, <script>, <style> or <textarea>
  for (let l = 0; l < lines.count; l++) {
    const s = lines.starts[l];
    const e = lines.ends[l];
    if (e - s < 3) continue;
    if (raw) {
      if (text.slice(s, e).toLowerCase().includes(raw)) raw = undefined;
      continue;
    }
    // fast path: lines that cannot be a fence or a tag line
    const lineText = text.slice(s, e);
    const fm = lineText.includes('```') || lineText.includes('~~~') ? FENCE_LINE.exec(lineText) : null;
    if (fence) {
      if (fm && fm[1][0] === fence.ch && fm[1].length >= fence.len && fm[2].trim() === '') fence = undefined;
      continue;
    }
    if (fm && !(fm[1][0] === '`' && fm[2].includes('`'))) {
      fence = { ch: fm[1][0], len: fm[1].length };
      continue;
    }
    const rm = lineText.includes('<') ? RAW_OPEN.exec(lineText) : null;
    if (rm) {
      const close = `</${rm[1].toLowerCase()}`;
      if (!lineText.toLowerCase().includes(close)) raw = close;
      continue;
    }
    if (isTagOrJinjaLine(lineText)) {
      parts ??= [];
      parts.push(text.slice(last, s), ' '.repeat(e - s));
      last = e;
    }
  }
  state.open = !!fence || !!raw;
  if (!parts) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

/** One line that Markdown can only read as a paragraph (no block syntax can start it). */
function isPlainLine(text: string): boolean {
  if (text.length > 2000 || text.includes('\n') || text.includes('\r')) return false;
  return !/^(?:[ \t]|[#>*+\-=_|<`~[!]|\d{1,9}[.)])/.test(text) && !text.includes('<') && !text.includes('{%');
}

export interface MarkdownScan {
  blocks: Block[];
  exampleRegions: Range[];
  /** Text ranges of fenced and indented code blocks (directives there are not directives). */
  codeRanges: Range[];
  /** Openings of code fences that run to the end of the body. */
  unclosedFences: Range[];
  /** Shapes of the blocks, when already known (cached per chunk by the incremental parse). */
  shapeOf?: (block: Block) => BlockShape;
}

/** What markdown-it finds in a text: everything of a MarkdownScan but the example regions. */
export interface BlockScan {
  blocks: Block[];
  codeRanges: Range[];
  unclosedFences: Range[];
  /** Starts of the headings outside block quotes (an unclosed example tag ends at the next one). */
  headingStarts: number[];
  /**
   * A construct is open at the end of the text, so text after it would continue it: a top-level
   * fenced code block or HTML block reaching the end, or a fence or `<pre>`-like block that
   * blankTagLines is still inside. Text after a blank line that follows a scan that is not open
   * is parsed as if it started a document (block-cache.ts relies on this).
   */
  open: boolean;
}

interface ItemFrame {
  line: number;
  level: number;
  children: number;
}

/** Locates the blocks of a Markdown text (see module comment); with `blocks`, incrementally (block-cache.ts). */
export function scanMarkdown(text: string, blocks?: BlockCache): MarkdownScan {
  if (isPlainLine(text)) {
    // fast path for one-line prompts (most YAML strings): a single paragraph, no markdown-it run
    let start = 0;
    let end = text.length;
    while (start < end && isWs(text.charCodeAt(start))) start++;
    while (end > start && isWs(text.charCodeAt(end - 1))) end--;
    const blocks: Block[] = end > start ? [{ kind: 'paragraph', segs: [{ start, end }], linesStart: 0, linesEnd: text.length, quoted: false }] : [];
    return { blocks, exampleRegions: [], codeRanges: [], unclosedFences: [] };
  }
  // Incremental: chunks of the text cut at blank lines, each scanned once and cached by content.
  const { scan, shapeOf } = blocks ? scanChunked(text, scanBlocks, isTagOrJinjaLine, blocks) : { scan: scanBlocks(text) };
  const exampleRegions = findExampleRegions(text, () => lineTable(text), scan.codeRanges, scan.headingStarts);
  return { blocks: scan.blocks, exampleRegions, codeRanges: scan.codeRanges, unclosedFences: scan.unclosedFences, ...(shapeOf ? { shapeOf } : {}) };
}

/** The blocks of a Markdown text, by markdown-it (see module comment). */
export function scanBlocks(text: string): BlockScan {
  const lines = lineTable(text);
  const tagState = { open: false };
  const blanked = blankTagLines(text, lines, tagState);
  let open = tagState.open;
  const tokens = markdownIt().parse(blanked, {});
  const blocks: Block[] = [];
  const codeRanges: Range[] = [];
  const unclosedFences: Range[] = [];
  const headingStarts: number[] = [];
  const items: ItemFrame[] = [];
  let bq = 0;
  let inTbody = false;
  // markdown-it does not count the empty line after a final line break
  const mdLineCount = lines.count > 1 && lines.starts[lines.count - 1] === text.length ? lines.count - 1 : lines.count;

  const trimmedEnd = (l: number, from: number): number => {
    let e = lines.ends[l];
    while (e > from && isWs(blanked.charCodeAt(e - 1))) e--;
    return e;
  };
  /** Content start of line `l`: skips indentation, `bqLevels` `>` markers and `markers` list markers. */
  const stripPrefix = (l: number, bqLevels: number, markers: number): number => {
    let p = lines.starts[l];
    const e = lines.ends[l];
    let q = bqLevels;
    let m = markers;
    for (;;) {
      while (p < e && isWs(blanked.charCodeAt(p))) p++;
      if (p >= e) break;
      const c = blanked.charCodeAt(p);
      if (q > 0 && c === 62 /* > */) {
        p++;
        q--;
        continue;
      }
      if (m > 0) {
        const mm = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/.exec(blanked.slice(p, Math.min(e, p + 11)));
        if (mm) {
          p += mm[0].length;
          m--;
          continue;
        }
      }
      break;
    }
    return p;
  };
  const heuristicSeg = (l: number, bqLevels: number, markers: number): Seg => {
    const start = stripPrefix(l, bqLevels, markers);
    return { start, end: Math.max(start, trimmedEnd(l, start)) };
  };
  const markersOn = (l: number): number => {
    let n = 0;
    for (let k = items.length - 1; k >= 0; k--) if (items[k].line === l) n++;
    return n;
  };
  /** Exact content segments of a paragraph-like block from its inline content. */
  const contentSegs = (first: number, last: number, content: string): Seg[] => {
    const contentLines = content.split('\n');
    const n = last - first + 1;
    const segs: Seg[] = [];
    const exact = contentLines.length === n;
    for (let k = 0; k < n; k++) {
      const l = first + k;
      let seg: Seg | undefined;
      if (exact) {
        const c = contentLines[k].replace(/^[ \t]+/, '');
        const isLast = k === n - 1;
        const end = isLast ? trimmedEnd(l, lines.starts[l]) : lines.ends[l];
        const start = end - c.length;
        if (start >= lines.starts[l] && blanked.startsWith(c, start)) {
          let e2 = end;
          while (e2 > start && isWs(blanked.charCodeAt(e2 - 1))) e2--;
          seg = { start, end: e2 };
        }
      }
      seg ??= heuristicSeg(l, bq, k === 0 ? markersOn(l) : 0);
      segs.push(seg);
    }
    return segs;
  };
  const noteChild = (tok: Token): void => {
    const top = items[items.length - 1];
    if (top && tok.level === top.level + 1) top.children++;
  };
  const isFirstChild = (tok: Token): boolean => {
    const top = items[items.length - 1];
    return !!top && tok.level === top.level + 1 && top.children === 0;
  };
  const linesOf = (map: [number, number]): { first: number; last: number } => {
    const first = Math.min(Math.max(0, map[0]), lines.count - 1);
    const last = Math.min(Math.max(first, map[1] - 1), lines.count - 1);
    return { first, last };
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    switch (tok.type) {
      case 'blockquote_open':
        noteChild(tok);
        bq++;
        break;
      case 'blockquote_close':
        bq = Math.max(0, bq - 1);
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
      case 'hr':
        noteChild(tok);
        break;
      case 'list_item_open':
        items.push({ line: tok.map ? tok.map[0] : -1, level: tok.level, children: 0 });
        break;
      case 'list_item_close':
        items.pop();
        break;
      case 'paragraph_open': {
        if (!tok.map) break;
        const firstChild = isFirstChild(tok);
        const item = items[items.length - 1];
        noteChild(tok);
        const inline = tokens[t + 1];
        const { first, last } = linesOf(tok.map as [number, number]);
        const segs = contentSegs(first, last, inline && inline.type === 'inline' ? inline.content : '');
        if (firstChild && item) {
          // start the unit at the list marker when it is on the paragraph's first line
          const itemLine = item.line >= 0 && item.line <= first ? item.line : first;
          if (itemLine === first) {
            const before = blanked.slice(lines.starts[first], segs[0].start);
            const mm = /(?:[-*+]|\d{1,9}[.)])[ \t]*$/.exec(before);
            if (mm) segs[0] = { start: lines.starts[first] + mm.index, end: segs[0].end };
          }
          blocks.push({ kind: 'list-item', segs, linesStart: lines.starts[itemLine], linesEnd: lines.nexts[last], quoted: bq > 0 });
        } else {
          blocks.push({ kind: 'paragraph', segs, linesStart: lines.starts[first], linesEnd: lines.nexts[last], quoted: bq > 0 });
        }
        break;
      }
      case 'heading_open': {
        noteChild(tok);
        if (!tok.map) break;
        const { first, last } = linesOf(tok.map as [number, number]);
        const depth = Number(tok.tag.slice(1)) || 1;
        const setext = tok.markup[0] === '=' || tok.markup[0] === '-';
        let segs: Seg[];
        if (setext && last > first) {
          const inline = tokens[t + 1];
          segs = contentSegs(first, last - 1, inline && inline.type === 'inline' ? inline.content : '');
          segs.push(heuristicSeg(last, bq, 0));
        } else {
          segs = [heuristicSeg(first, bq, markersOn(first))];
        }
        if (bq === 0) headingStarts.push(lines.starts[first]);
        blocks.push({ kind: 'heading', segs, linesStart: lines.starts[first], linesEnd: lines.nexts[last], quoted: bq > 0, depth, setext: setext && last > first });
        break;
      }
      case 'table_open':
      case 'thead_open':
        noteChild(tok);
        break;
      case 'tbody_open':
        inTbody = true;
        break;
      case 'tbody_close':
        inTbody = false;
        break;
      case 'tr_open': {
        if (!inTbody || !tok.map) break;
        const { first } = linesOf(tok.map as [number, number]);
        blocks.push({ kind: 'table-row', segs: [heuristicSeg(first, bq, 0)], linesStart: lines.starts[first], linesEnd: lines.nexts[first], quoted: bq > 0 });
        break;
      }
      case 'fence':
      case 'code_block': {
        noteChild(tok);
        if (!tok.map) break;
        const { first, last } = linesOf(tok.map as [number, number]);
        const start = stripPrefix(first, bq, markersOn(first));
        let lastLine = last;
        while (lastLine > first && lines.ends[lastLine] === lines.starts[lastLine]) lastLine--;
        const end = Math.max(start, trimmedEnd(lastLine, lines.starts[lastLine]));
        blocks.push({ kind: 'code', segs: [{ start, end }], linesStart: lines.starts[first], linesEnd: lines.nexts[last], quoted: bq > 0, display: tok.content });
        if (tok.level === 0 && tok.map[1] >= mdLineCount) open = true;
        codeRanges.push({ start: lines.starts[first], end: lines.nexts[last] });
        if (tok.type === 'fence' && tok.map[1] >= mdLineCount) {
          const closeSeg = heuristicSeg(lastLine, bq, 0);
          const closing = text.slice(closeSeg.start, closeSeg.end);
          const ch = tok.markup[0];
          const closed =
            lastLine > first && closing.length >= tok.markup.length && [...closing.trimEnd()].every((c) => c === ch);
          if (!closed) unclosedFences.push({ start, end: trimmedEnd(first, start) });
        }
        break;
      }
      case 'html_block': {
        noteChild(tok);
        if (!tok.map) break;
        if (tok.level === 0 && tok.map[1] >= mdLineCount) open = true;
        const { first, last } = linesOf(tok.map as [number, number]);
        const start = stripPrefix(first, bq, markersOn(first));
        let lastLine = last;
        while (lastLine > first && lines.ends[lastLine] === lines.starts[lastLine]) lastLine--;
        const end = Math.max(start, trimmedEnd(lastLine, lines.starts[lastLine]));
        const head = text.slice(start, Math.min(end, start + 16));
        if (HTML_RAW_START.test(head)) {
          // text after a comment's closing `-->` on its last line is not part of the comment
          let htmlEnd = end;
          let tail: Seg | undefined;
          if (head.startsWith('<!--')) {
            const close = text.lastIndexOf('-->', end);
            if (close >= start + 4 && close + 3 < end && close >= lines.starts[lastLine]) {
              let ts = close + 3;
              while (ts < end && isWs(text.charCodeAt(ts))) ts++;
              if (ts < end && !text.startsWith('<!--', ts)) {
                htmlEnd = close + 3;
                tail = { start: ts, end };
              }
            }
          }
          blocks.push({ kind: 'html', segs: [{ start, end: htmlEnd }], linesStart: lines.starts[first], linesEnd: lines.nexts[last], quoted: bq > 0, display: text.slice(start, htmlEnd) });
          if (tail) blocks.push({ kind: 'paragraph', segs: [tail], linesStart: lines.starts[lastLine], linesEnd: lines.nexts[lastLine], quoted: bq > 0 });
          break;
        }
        // XML-ish or HTML container with text: drop the tags, read the lines as text
        const scan: ScanLine[] = [];
        for (let l = first; l <= last; l++) {
          let s = l === first ? start : stripPrefix(l, bq, 0);
          let e = Math.max(s, trimmedEnd(l, s));
          const lineText = text.slice(s, e);
          const lead = LEADING_TAGS.exec(lineText);
          if (lead) s += lead[0].length;
          if (e > s) e = s + trailingTagsStart(text.slice(s, e));
          while (e > s && isWs(text.charCodeAt(e - 1))) e--;
          scan.push({ lineStart: lines.starts[l], start: s, end: Math.max(s, e), next: lines.nexts[l] });
        }
        for (const b of scanLineBlocks(text, scan, { quoted: bq > 0, headings: true, fences: false, comments: false })) blocks.push(b);
        break;
      }
      default:
        break;
    }
  }

  return { blocks, codeRanges, unclosedFences, headingStarts, open };
}

export interface MarkdownBody extends BodyResult {
  scan: MarkdownScan;
}

/** Parses a Markdown prompt text into sections and units with source ranges (`blocks`: see scanMarkdown). */
export function parseMarkdownBody(text: string, map: TextMap, promptRange: Range, blocks?: BlockCache): MarkdownBody {
  const scan = scanMarkdown(text, blocks);
  const body = buildBody({ text, blocks: scan.blocks, exampleRegions: scan.exampleRegions, map, promptRange, shapeOf: scan.shapeOf });
  return { ...body, scan };
}
