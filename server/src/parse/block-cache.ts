/**
 * The incremental Markdown parse: a body is cut into chunks at blank lines, each chunk is scanned
 * by markdown-it on its own (`scanBlocks`), its blocks' shapes (sentences, display text, code
 * spans: `blockShape`) are computed on it, and both are cached by the chunk's text. After an edit
 * only the chunk it falls in is scanned again; the rest comes from the cache, shifted to where the
 * chunk now starts. The PromptDocument is exactly the full parse's (test/parse/incremental.test.ts
 * compares them over the corpus and over random edits). Off by default (a single parse gains
 * nothing from the cache and pays for filling it): the parser uses it when handed a `BlockCache`
 * (`ParseOptions.blocks`), which the engine does with its `incremental` option (the language server).
 *
 * Where a chunk may start (`cutPoints`): at a line with text in column 0 (no space or tab) after
 * one or more blank lines, unless markdown.ts blanks that line for markdown-it (a line of tags
 * only). There markdown-it starts afresh: a block quote, paragraph, table or HTML block of kinds
 * 6–7 ended at the blank line; a list item or indented code needs an indented line to go on; a
 * new list item makes the same blocks whether it continues a list or starts one. Unless a
 * construct that spans blank lines is still open: a top-level code fence or HTML block of kinds
 * 1–5 (`<pre>`, `<!--`, `<?`, `<!X`, `<![CDATA[`), or a fence or `<pre>`-like block that the tag
 * line blanking is inside. The scan of a chunk says whether one is open at its end
 * (`BlockScan.open`); if so the chunk is not cut there but grown over the next cut points (1, 2,
 * 4, … of them, so a fence left open to the end costs linear work, not quadratic) until its scan
 * ends closed. A chunk's scan sees the end of the text where the document goes on, which matters
 * in one place: a fence nested in a list item or quote running to the chunk's end is not unclosed
 * (its container ends with the chunk), so only the last chunk reports unclosed fences.
 *
 * The cache is an LRU bounded by entries and by the characters of the chunks it holds, shared by
 * every document parsed with it (Markdown files, YAML prompts, .prompty role blocks).
 */
import { computeLineStarts } from '../model/source.js';
import type { Range } from '../model/types.js';
import type { BlockScan } from './markdown.js';
import { blockShape, type Block, type BlockShape, type UnitShape } from './units.js';

interface Entry {
  readonly text: string;
  /** The scan of `text` alone (offsets into `text`). Never mutated. */
  readonly scan: BlockScan;
  /** Shapes of `scan.blocks`, computed on first use (offsets into `text`). */
  readonly shapes: (BlockShape | undefined)[];
}

const MAX_ENTRIES = 20_000;
/** About 25 bytes of heap per character of chunk text held (chunks of a few short blocks). */
const MAX_CHARS = 500_000;
/** Cut at one candidate line in `spread` (see cutPoints). */
const DEFAULT_SPREAD = 4;

/**
 * The chunks of the texts parsed so far, by content: handed to the parser (`ParseOptions.blocks`)
 * by whoever parses the same texts again and again (the language server, through the engine's
 * `incremental` option). `spread: 1` cuts at every possible place (tests).
 */
export class BlockCache {
  private readonly cache = new Map<string, Entry>();
  private cachedChars = 0;
  private readonly counters = { hits: 0, misses: 0 };
  readonly spread: number;

  constructor(options: { spread?: number } = {}) {
    this.spread = Math.max(1, Math.floor(options.spread ?? DEFAULT_SPREAD));
  }

  clear(): void {
    this.cache.clear();
    this.cachedChars = 0;
    this.counters.hits = 0;
    this.counters.misses = 0;
  }

  stats(): { entries: number; chars: number; hits: number; misses: number } {
    return { entries: this.cache.size, chars: this.cachedChars, ...this.counters };
  }

  lookup(text: string, scan: (text: string) => BlockScan): Entry {
    const cache = this.cache;
    let entry = cache.get(text);
    if (entry) {
      this.counters.hits++;
      cache.delete(text); // most recently used goes last, keyed by its own copy of the text
      cache.set(entry.text, entry);
      return entry;
    }
    this.counters.misses++;
    // A slice of the document would keep the whole document alive (V8 sliced strings), and so would
    // every string cut from it during the scan: scan a copy of its own.
    const own = copyString(text);
    entry = { text: own, scan: scan(own), shapes: [] };
    cache.set(own, entry);
    this.cachedChars += own.length;
    while (cache.size > MAX_ENTRIES || this.cachedChars > MAX_CHARS) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      this.cachedChars -= oldest.length;
    }
    return entry;
  }
}

function copyString(s: string): string {
  return s.length < 16 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * Offsets where a chunk may start: lines with text in column 0 that follow a blank line, except
 * lines that markdown.ts blanks before markdown-it sees them (`blanked`: tag-only lines), which
 * are blank lines to markdown-it and may continue an indented block.
 *
 * Of those, one in `spread` on average is taken, chosen by the line's content (a hash), so that
 * chunks hold a few blocks each (fewer markdown-it runs) and an edit moves no cut but its own.
 * Lines inside what looks like a fenced code block are skipped; that is only a guess (the scan's
 * `open` decides), it saves scanning a fence twice.
 */
export function cutPoints(text: string, blanked: (line: string) => boolean, spread = DEFAULT_SPREAD): number[] {
  const cuts: number[] = [];
  const starts = computeLineStarts(text);
  let blankBefore = false;
  let fence: { ch: number; len: number } | undefined;
  for (let l = 0; l < starts.length; l++) {
    const i = starts[l];
    let j = l + 1 < starts.length ? starts[l + 1] : text.length;
    if (j > i && text.charCodeAt(j - 1) === 10) j--;
    if (j > i && text.charCodeAt(j - 1) === 13) j--;
    let p = i;
    while (p < j && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
    const blank = p === j;
    if (!blank) {
      const f = p - i <= 3 ? fenceAt(text, p, j) : undefined;
      if (fence) {
        if (f && f.ch === fence.ch && f.len >= fence.len && f.bare) fence = undefined;
      } else if (f && !(f.ch === 96 && text.slice(p + f.len, j).includes('`'))) {
        fence = { ch: f.ch, len: f.len };
      } else if (blankBefore && p === i && lineHash(text, i, j) % spread === 0 && !blanked(text.slice(i, j))) {
        cuts.push(i);
      }
    }
    blankBefore = blank;
  }
  return cuts;
}

/** FNV-1a of the start of a line. */
function lineHash(text: string, i: number, j: number): number {
  let hash = 0x811c9dc5;
  const end = Math.min(j, i + 64);
  for (let k = i; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}

/** A code fence at `p` (3+ backticks or tildes) on the line ending at `j`: its char, length, and whether nothing follows. */
function fenceAt(text: string, p: number, j: number): { ch: number; len: number; bare: boolean } | undefined {
  const ch = text.charCodeAt(p);
  if (ch !== 96 && ch !== 126) return undefined;
  let q = p;
  while (q < j && text.charCodeAt(q) === ch) q++;
  if (q - p < 3) return undefined;
  let r = q;
  while (r < j && (text.charCodeAt(r) === 32 || text.charCodeAt(r) === 9)) r++;
  return { ch, len: q - p, bare: r === j };
}

export interface ChunkedScan {
  readonly scan: BlockScan;
  /** The shape of a block of `scan.blocks` (cached with its chunk); none when nothing was cached. */
  readonly shapeOf?: (block: Block) => BlockShape;
}

/** `scan(text)`, assembled from scans of the text's chunks cached in `cache` (`blanked`: see cutPoints). */
export function scanChunked(text: string, scan: (text: string) => BlockScan, blanked: (line: string) => boolean, cache: BlockCache): ChunkedScan {
  // A text that would fill most of the cache would only evict itself: scanned whole, not cached.
  if (text.length > MAX_CHARS / 2) return { scan: scan(text) };
  const cuts = cutPoints(text, blanked, cache.spread);
  const pieces: { entry: Entry; offset: number }[] = [];
  let start = 0;
  let next = 0; // index of the first cut point after `start`
  do {
    for (let take = 1; ; take *= 2) {
      const k = next + take - 1;
      const end = k < cuts.length ? cuts[k] : text.length;
      const entry = cache.lookup(text.slice(start, end), scan);
      if (end === text.length || !entry.scan.open) {
        pieces.push({ entry, offset: start });
        start = end;
        next = k + 1;
        break;
      }
    }
  } while (start < text.length);

  // Copies, so that no cached object is handed out.
  const blocks: Block[] = [];
  const codeRanges: Range[] = [];
  const unclosedFences: Range[] = [];
  const headingStarts: number[] = [];
  const origin = new Map<Block, { entry: Entry; index: number; offset: number }>();
  pieces.forEach(({ entry, offset }, k) => {
    const s = entry.scan;
    s.blocks.forEach((b, index) => {
      const shifted = shiftBlock(b, offset);
      blocks.push(shifted);
      origin.set(shifted, { entry, index, offset });
    });
    for (const r of s.codeRanges) codeRanges.push(shift(r, offset));
    // A fence that runs to the end of a chunk before the last is not open (the chunk would have
    // grown), so it is nested: its container ends at the next chunk, and the fence with it.
    if (k === pieces.length - 1) for (const r of s.unclosedFences) unclosedFences.push(shift(r, offset));
    for (const h of s.headingStarts) headingStarts.push(h + offset);
  });
  const open = pieces[pieces.length - 1].entry.scan.open;
  return {
    scan: { blocks, codeRanges, unclosedFences, headingStarts, open },
    shapeOf: (b) => {
      const o = origin.get(b)!;
      return shapeAt(o.entry, o.index, o.offset);
    },
  };
}

/** A block's shape, shifted to the chunk's offset (buildBody copies what it keeps of a shape). */
function shapeAt(entry: Entry, index: number, offset: number): BlockShape {
  const shape = (entry.shapes[index] ??= blockShape(entry.text, entry.scan.blocks[index]));
  return offset === 0 ? shape : shiftShape(shape, offset);
}

function shift(r: Range, d: number): Range {
  return { start: r.start + d, end: r.end + d };
}

function shiftBlock(b: Block, d: number): Block {
  return { ...b, segs: b.segs.map((s) => shift(s, d)), linesStart: b.linesStart + d, linesEnd: b.linesEnd + d };
}

function shiftShape(shape: BlockShape, d: number): BlockShape {
  return {
    ...shape,
    units: shape.units.map(
      (u): UnitShape => ({
        ...u,
        range: shift(u.range, d),
        ...(u.removal ? { removal: shift(u.removal, d) } : {}),
        codeSpans: u.codeSpans.map((r) => shift(r, d)),
      }),
    ),
  };
}
