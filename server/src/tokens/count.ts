/**
 * Chunked, cached exact token counting and per-range attribution.
 *
 * A text is split at *safe cut points*: offsets i where text[i-1] is '\n' and text[i] is neither
 * whitespace (Unicode White_Space, tiktoken's `\s`) nor '/'. No pre-token of o200k_base or
 * cl100k_base crosses such a point (letters/digits pieces never contain a line break; whitespace
 * pieces stop at the first non-space; o200k's punctuation piece ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
 * may run on over line breaks *and slashes*, hence the '/' exclusion), and the patterns have no
 * look-behind, so encoding the pieces separately gives exactly the whole-text tokens. Verified on
 * the corpus (test/tokens/corpus.test.ts, bench/tokenizers.mjs).
 *
 * Cuts are chosen content-defined: preferably after a blank line once a chunk has reached
 * MIN_CHUNK chars, else after any line once it has reached MAX_CHUNK chars, so an edit only
 * changes the chunk(s) around it. Each chunk's count (and, when attribution asked for it, its
 * token start offsets) is cached by a SHA-1 of its content in a per-encoding LRU bounded by
 * entries and bytes.
 */
import { createHash } from 'node:crypto';
import { getEncoder, WHITE_SPACE } from './encodings.js';
import type { EncodingName } from './types.js';

/** Smallest chunk (UTF-16 units) cut at a paragraph boundary. */
export const MIN_CHUNK = 1024;
/** Past this size, a chunk is cut at any safe line boundary. */
export const MAX_CHUNK = 16 * 1024;

const CACHE_MAX_ENTRIES = 20_000;
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
/** Rough fixed cost of one entry (key string, object, map slot). */
const ENTRY_OVERHEAD = 160;

interface Entry {
  count: number;
  /** Token start offsets relative to the chunk start, once computed. */
  starts?: Uint32Array;
  bytes: number;
}

class Lru {
  private readonly map = new Map<string, Entry>();
  private bytes = 0;

  get(key: string): Entry | undefined {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.map.set(key, e);
    }
    return e;
  }

  set(key: string, e: Entry): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, e);
    this.bytes += e.bytes;
    while (this.map.size > CACHE_MAX_ENTRIES || this.bytes > CACHE_MAX_BYTES) {
      const first = this.map.keys().next();
      if (first.done) break;
      const victim = this.map.get(first.value)!;
      this.bytes -= victim.bytes;
      this.map.delete(first.value);
    }
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get byteSize(): number {
    return this.bytes;
  }
}

const caches = new Map<EncodingName, Lru>();

function cacheFor(encoding: EncodingName): Lru {
  let c = caches.get(encoding);
  if (!c) {
    c = new Lru();
    caches.set(encoding, c);
  }
  return c;
}

/** Counters for tests and diagnostics. */
export interface TokenCacheStats {
  /** Chunk look-ups answered from the cache. */
  hits: number;
  /** Chunks that had to be encoded. */
  misses: number;
  /** UTF-16 units passed to the encoder since the last reset. */
  encodedChars: number;
  entries: number;
  bytes: number;
}

const counters = { hits: 0, misses: 0, encodedChars: 0 };

export function tokenCacheStats(): TokenCacheStats {
  let entries = 0;
  let bytes = 0;
  for (const c of caches.values()) {
    entries += c.size;
    bytes += c.byteSize;
  }
  return { ...counters, entries, bytes };
}

/** Empties the chunk caches and resets the counters. */
export function clearTokenCache(): void {
  for (const c of caches.values()) c.clear();
  counters.hits = counters.misses = counters.encodedChars = 0;
}

// A line break followed by a character that can start a chunk safely (see header). Whitespace
// is tiktoken's (Unicode White_Space), as in the pre-tokenizer patterns.
const SAFE_CUT = new RegExp(`\\n(?=[^${WHITE_SPACE}/])`, 'gu');
// A blank line's content: only whitespace (a '\n' never occurs inside a line).
const BLANK_LINE_CONTENT = new RegExp(`^[${WHITE_SPACE}]*$`, 'u');

/**
 * Chunk boundaries of `text`: sorted offsets starting with 0 and ending with text.length
 * (a single [0, 0] pair for the empty string). Every inner offset is a safe cut point.
 */
export function chunkBoundaries(text: string): number[] {
  const bounds = [0];
  if (text.length <= MIN_CHUNK) {
    bounds.push(text.length);
    return bounds;
  }
  let last = 0;
  SAFE_CUT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SAFE_CUT.exec(text)) !== null) {
    const nl = m.index;
    const cut = nl + 1;
    const size = cut - last;
    if (size >= MIN_CHUNK) {
      // Is the line ending at `nl` blank? Find its start.
      const lineStart = text.lastIndexOf('\n', nl - 1) + 1;
      const blank = lineStart > 0 && BLANK_LINE_CONTENT.test(text.slice(lineStart, nl));
      if (blank || size >= MAX_CHUNK) {
        bounds.push(cut);
        last = cut;
      }
    }
  }
  if (last !== text.length) bounds.push(text.length);
  return bounds;
}

function keyOf(chunk: string): string {
  return createHash('sha1').update(chunk).digest('base64');
}

function chunkEntry(chunk: string, encoding: EncodingName, wantStarts: boolean): Entry {
  const cache = cacheFor(encoding);
  const key = keyOf(chunk);
  let e = cache.get(key);
  if (e && (!wantStarts || e.starts)) {
    counters.hits++;
    return e;
  }
  counters.misses++;
  counters.encodedChars += chunk.length;
  // Token starts are kept even when only the count was asked: they cost about what counting does,
  // and the same text is nearly always attributed next (the token summary, token-budget), which
  // otherwise encoded every chunk a second time (a count-only entry has no starts).
  const out: number[] = [];
  getEncoder(encoding).tokenStarts(chunk, 0, out);
  const starts = Uint32Array.from(out);
  e = { count: starts.length, starts, bytes: ENTRY_OVERHEAD + starts.byteLength };
  cache.set(key, e);
  return e;
}

/** Exact token count of `text` (special-token text counted as ordinary text). */
export function countTokens(text: string, encoding: EncodingName = 'o200k_base'): number {
  if (text.length === 0) return 0;
  const bounds = chunkBoundaries(text);
  let total = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    total += chunkEntry(text.slice(bounds[i], bounds[i + 1]), encoding, false).count;
  }
  return total;
}

/**
 * UTF-16 start offset of every token of the exact whole-text encoding of `text`, ascending.
 * A token that begins inside a multi-byte character starts at that character.
 */
export function tokenStartOffsets(text: string, encoding: EncodingName = 'o200k_base'): Uint32Array {
  const bounds = chunkBoundaries(text);
  const entries: { base: number; starts: Uint32Array }[] = [];
  let n = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const base = bounds[i]!;
    const e = chunkEntry(text.slice(base, bounds[i + 1]), encoding, true);
    entries.push({ base, starts: e.starts! });
    n += e.count;
  }
  const all = new Uint32Array(n);
  let k = 0;
  for (const { base, starts } of entries) {
    for (let j = 0; j < starts.length; j++) all[k++] = base + starts[j]!;
  }
  return all;
}

/**
 * Splits the exact whole-text token count among ranges. `cuts` are sorted UTF-16 offsets;
 * result[i] counts the tokens that start in [cuts[i], cuts[i+1]), where the first range starts
 * at 0 whatever cuts[0] is and the last one runs to the end of the text. The result has
 * cuts.length entries (one entry holding the total when cuts is empty) and always sums to
 * countTokens(text, encoding). Throws a RangeError if cuts are not sorted.
 */
export function attributeTokens(text: string, encoding: EncodingName, cuts: readonly number[]): number[] {
  for (let i = 1; i < cuts.length; i++) {
    if (!(cuts[i]! >= cuts[i - 1]!)) throw new RangeError(`attributeTokens: cuts must be sorted ascending (cuts[${i - 1}]=${cuts[i - 1]}, cuts[${i}]=${cuts[i]})`);
  }
  if (cuts.length === 0) return [countTokens(text, encoding)];
  const result = new Array<number>(cuts.length).fill(0);
  if (text.length === 0) return result;
  const starts = tokenStartOffsets(text, encoding);
  let b = 0;
  for (let t = 0; t < starts.length; t++) {
    const s = starts[t]!;
    while (b + 1 < cuts.length && s >= cuts[b + 1]!) b++;
    result[b]++;
  }
  return result;
}
