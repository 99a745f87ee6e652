/**
 * The vocabulary of an encoding as flat typed arrays: token bytes concatenated in rank order,
 * their offsets, and an open-addressing hash table from token bytes to rank. It replaces a
 * `Map<string, number>` of ~200k keys, which took ~60 ms to build, and it serializes to one
 * binary blob that loads with a single `readFileSync` and no per-token work (see cache.ts and
 * docs/tokens.md#loading-an-encoding).
 *
 * Binary layout (format FORMAT_VERSION, host byte order, checked by a marker word), every
 * section 4-byte aligned:
 *
 *   header    HEADER_WORDS × u32: magic 'PLRT', format, byte-order marker, rank count n,
 *             vocabulary size, slot count, token byte count, longest token, fingerprint
 *             length, CRC-32 of the whole file but this word, 2 reserved
 *   fingerprint  UTF-8, padded to 4 bytes (identifies the source vocabulary; see cache.ts)
 *   offsets   (n + 1) × u32: token r is bytes[offsets[r], offsets[r + 1]) (empty for a hole)
 *   slots     slot count × i32: rank, or -1 for an empty slot; linear probing from hash & mask
 *   short     (256 + 65536) × i32: rank of each one-byte token, then of each two-byte token
 *             at (byte0 << 8) | byte1; -1 when absent (the merge loops' first step)
 *   bytes     token byte count × u8
 */
import { crc32 } from 'node:zlib';


/** Rank table in gpt-tokenizer's format: index = rank, value = token text or raw bytes. */
export type RawRanks = readonly (string | readonly number[] | undefined)[];

/** Bump when the layout or the hash function changes: old files are then rebuilt. */
export const FORMAT_VERSION = 1;
const MAGIC = 0x54524c50; // 'PLRT' little-endian
const BYTE_ORDER = 0x01020304;
const HEADER_WORDS = 12;
const HEADER_BYTES = HEADER_WORDS * 4;

/**
 * FNV-1a over the bytes, then murmur3's finalizer so the low bits (the slot index) depend on
 * every byte. hashBytes and RankTable.lookup must compute the same function.
 */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return fmix(h);
}

/** The same hash over a byte string (one char per byte, code 0–255, see toByteString). */
export function hashByteString(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

/** Entries of the `short` section: 256 single bytes, then 65,536 byte pairs. */
const SHORT_ENTRIES = 256 + 65536;

export class RankTable {
  /** Number of tokens (ranks with bytes). */
  readonly size: number;
  /** Number of ranks, holes included (offsets has rankCount + 1 entries). */
  readonly rankCount: number;
  readonly maxTokenBytes: number;
  /** Rank of every single-byte token, indexed by the byte; -1 when absent. */
  readonly byteRanks: Int32Array;
  /** Rank of every two-byte token, indexed by (byte0 << 8) | byte1; -1 when absent. */
  readonly pairRanks: Int32Array;
  private readonly mask: number;

  constructor(
    readonly offsets: Uint32Array,
    readonly slots: Int32Array,
    /** byteRanks then pairRanks (the file's `short` section). */
    readonly short: Int32Array,
    readonly bytes: Uint8Array,
    size: number,
    maxTokenBytes: number,
  ) {
    if ((slots.length & (slots.length - 1)) !== 0 || slots.length === 0) throw new Error('RankTable: slot count must be a power of two');
    if (short.length !== SHORT_ENTRIES) throw new Error('RankTable: short section has the wrong size');
    this.byteRanks = short.subarray(0, 256);
    this.pairRanks = short.subarray(256);
    this.size = size;
    this.rankCount = offsets.length - 1;
    this.maxTokenBytes = maxTokenBytes;
    this.mask = slots.length - 1;
  }

  /** Rank of the token whose bytes are the chars s[start, end) of a byte string, or -1. */
  lookup(s: string, start: number, end: number): number {
    const len = end - start;
    if (len > this.maxTokenBytes || len <= 0) return -1;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const mask = this.mask;
    const slots = this.slots;
    const offsets = this.offsets;
    const bytes = this.bytes;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const r = slots[k]!;
      if (r < 0) return -1;
      const o = offsets[r]!;
      if (offsets[r + 1]! - o !== len) continue;
      let j = 0;
      while (j < len && bytes[o + j] === s.charCodeAt(start + j)) j++;
      if (j === len) return r;
    }
  }

  /** Bytes of token `rank` (a view, not a copy), or undefined for a hole or out of range. */
  tokenBytes(rank: number): Uint8Array | undefined {
    if (!(rank >= 0 && rank < this.rankCount)) return undefined;
    const o = this.offsets[rank]!;
    const e = this.offsets[rank + 1]!;
    return e > o ? this.bytes.subarray(o, e) : undefined;
  }
}

/** Slot count for `n` tokens: a power of two at least 2n (load factor ≤ 0.5). */
function slotCount(n: number): number {
  let s = 1024;
  while (s < 2 * n) s <<= 1;
  return s;
}

/**
 * Appends the UTF-8 encoding of `s` to `out` at `at`, returning the new end. Lone surrogates
 * become U+FFFD (EF BF BD), as Buffer and TextEncoder do. `out` must have room for 3 × s.length.
 */
function writeUtf8(s: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) out[at++] = c;
    else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[at++] = 0xf0 | (c >> 18);
        out[at++] = 0x80 | ((c >> 12) & 0x3f);
        out[at++] = 0x80 | ((c >> 6) & 0x3f);
        out[at++] = 0x80 | (c & 0x3f);
      } else {
        out[at++] = 0xef;
        out[at++] = 0xbf;
        out[at++] = 0xbd;
      }
    } else {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** Builds the table from gpt-tokenizer's rank array (strings are UTF-8 encoded). */
export function buildRankTable(raw: RawRanks): RankTable {
  const n = raw.length;
  const offsets = new Uint32Array(n + 1);
  // Upper bound of the byte count: 3 UTF-8 bytes per UTF-16 unit.
  let bound = 0;
  for (let r = 0; r < n; r++) {
    const v = raw[r];
    if (v !== undefined) bound += typeof v === 'string' ? v.length * 3 : v.length;
  }
  const buf = new Uint8Array(bound);
  let at = 0;
  for (let r = 0; r < n; r++) {
    offsets[r] = at;
    const v = raw[r];
    if (v === undefined) continue;
    if (typeof v === 'string') at = writeUtf8(v, buf, at);
    else for (let i = 0; i < v.length; i++) buf[at++] = v[i]! & 0xff;
  }
  offsets[n] = at;
  return indexTokens(offsets, buf.slice(0, at));
}

const BASE64 = (() => {
  const t = new Int8Array(256).fill(-1);
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < a.length; i++) t[a.charCodeAt(i)] = i;
  return t;
})();

/**
 * Builds the table from a `.tiktoken` file (OpenAI's format, shipped in gpt-tokenizer's
 * `data/`): one `<base64 token bytes> <rank>` line per token, ranks ascending. Returns null if
 * the data is not in that form (the caller then uses gpt-tokenizer's rank module).
 */
export function parseTiktokenRanks(data: Uint8Array): RankTable | null {
  const len = data.length;
  const bytes = new Uint8Array(Math.ceil(len * 0.75));
  let lines = 0;
  for (let i = 0; i < len; i++) if (data[i] === 10) lines++;
  if (len > 0 && data[len - 1] !== 10) lines++;
  let starts = new Uint32Array(lines + 1); // starts[r] = offsets[r]; grows if ranks have holes
  let n = 0; // ranks so far
  let at = 0;
  let i = 0;
  while (i < len) {
    if (data[i] === 10) {
      i++; // blank line
      continue;
    }
    // base64 token, 4 chars per 3 bytes, '=' padding only at the end
    const tokenStart = at;
    let acc = 0;
    let bits = 0;
    let c = 0;
    for (; i < len; i++) {
      c = data[i]!;
      if (c === 32 || c === 61) break;
      const v = BASE64[c]!;
      if (v < 0) return null;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[at++] = (acc >> bits) & 0xff;
      }
    }
    while (i < len && data[i] === 61) i++;
    if (data[i] !== 32 || at === tokenStart) return null;
    i++;
    let rank = 0;
    let digits = 0;
    for (; i < len && data[i] !== 10; i++) {
      const d = data[i]! - 48;
      if (d < 0 || d > 9 || digits > 9) return null;
      rank = rank * 10 + d;
      digits++;
    }
    if (digits === 0 || rank < n || rank > lines + 65536) return null; // ascending, few holes
    if (rank + 2 > starts.length) {
      const grown = new Uint32Array(rank + 2 + lines);
      grown.set(starts);
      starts = grown;
    }
    while (n <= rank) starts[n++] = tokenStart; // holes (if any) are empty tokens
    i++;
  }
  if (n === 0) return null;
  const offsets = starts.slice(0, n + 1);
  offsets[n] = at;
  return indexTokens(offsets, bytes.slice(0, at));
}

/** The hash table and short-token ranks over tokens given as offsets into `bytes`. */
export function indexTokens(offsets: Uint32Array, bytes: Uint8Array): RankTable {
  const n = offsets.length - 1;
  let size = 0;
  let maxLen = 0;
  for (let r = 0; r < n; r++) {
    const l = offsets[r + 1]! - offsets[r]!;
    if (l > 0) size++;
    if (l > maxLen) maxLen = l;
  }
  const slots = new Int32Array(slotCount(size)).fill(-1);
  const mask = slots.length - 1;
  for (let r = 0; r < n; r++) {
    const o = offsets[r]!;
    const e = offsets[r + 1]!;
    if (e === o) continue;
    let k = hashBytes(bytes, o, e) & mask;
    for (;;) {
      const q = slots[k]!;
      if (q < 0) break;
      // Same bytes under two ranks: the later rank wins (as Map.set did). Not seen in practice.
      if (offsets[q + 1]! - offsets[q]! === e - o && sameBytes(bytes, offsets[q]!, o, e - o)) {
        size--;
        break;
      }
      k = (k + 1) & mask;
    }
    slots[k] = r;
  }
  // In rank order, so that a repeated byte sequence keeps its last rank here too.
  const short = new Int32Array(SHORT_ENTRIES).fill(-1);
  for (let r = 0; r < n; r++) {
    const o = offsets[r]!;
    const len = offsets[r + 1]! - o;
    if (len === 1) short[bytes[o]!] = r;
    else if (len === 2) short[256 + ((bytes[o]! << 8) | bytes[o + 1]!)] = r;
  }
  return new RankTable(offsets, slots, short, bytes, size, maxLen);
}

function sameBytes(bytes: Uint8Array, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** Byte offset of the checksum word in the header. */
const SUM_AT = 9 * 4;

/** Native CRC-32 of the file without its checksum word (~0.6 ms for o200k's 4.5 MB). */
function fileChecksum(data: Uint8Array): number {
  return crc32(data.subarray(SUM_AT + 4), crc32(data.subarray(0, SUM_AT)));
}

/** The binary form of `table`, tagged with `fingerprint`. */
export function serializeRankTable(table: RankTable, fingerprint: string): Buffer {
  const fp = Buffer.from(fingerprint, 'utf8');
  const fpBytes = pad4(fp.length);
  const n = table.rankCount;
  const body = fpBytes + (n + 1) * 4 + table.slots.length * 4 + SHORT_ENTRIES * 4 + pad4(table.bytes.length);
  const out = Buffer.alloc(HEADER_BYTES + body);
  // A fresh Buffer.alloc of this size is not pooled: byteOffset is 0, so word views are aligned.
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
  let at = HEADER_BYTES;
  fp.copy(out, at);
  at += fpBytes;
  words.set(table.offsets, at >>> 2);
  at += (n + 1) * 4;
  new Int32Array(out.buffer, out.byteOffset + at, table.slots.length).set(table.slots);
  at += table.slots.length * 4;
  new Int32Array(out.buffer, out.byteOffset + at, SHORT_ENTRIES).set(table.short);
  at += SHORT_ENTRIES * 4;
  out.set(table.bytes, at);
  words.set([MAGIC, FORMAT_VERSION, BYTE_ORDER, n, table.size, table.slots.length, table.bytes.length, table.maxTokenBytes, fp.length, 0, 0, 0], 0);
  words[SUM_AT >>> 2] = fileChecksum(out);
  return out;
}

/**
 * Parses a blob written by serializeRankTable. Returns null (never throws) when it is not one,
 * is truncated or corrupt, was written with another format or byte order, or was built from a
 * different source (`fingerprint`). The table views `data`'s memory (copied only if misaligned).
 */
export function parseRankTable(data: Uint8Array, fingerprint: string): RankTable | null {
  if (data.length < HEADER_BYTES || data.length % 4 !== 0) return null;
  if (data.byteOffset % 4 !== 0) data = new Uint8Array(data);
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2);
  const [magic, format, order, n, size, slotN, byteN, maxLen, fpLen, sum] = words as unknown as number[];
  if (magic !== MAGIC || format !== FORMAT_VERSION || order !== BYTE_ORDER) return null;
  const fp = Buffer.from(fingerprint, 'utf8');
  const fpBytes = pad4(fp.length);
  if (fpLen !== fp.length) return null;
  if (slotN! === 0 || (slotN! & (slotN! - 1)) !== 0 || size! > n! || size! * 2 > slotN!) return null;
  const expected = HEADER_BYTES + fpBytes + (n! + 1) * 4 + slotN! * 4 + SHORT_ENTRIES * 4 + pad4(byteN!);
  if (data.length !== expected) return null;
  if (!fp.equals(data.subarray(HEADER_BYTES, HEADER_BYTES + fp.length))) return null;
  // Catches a corrupted file, header included (the fingerprint catches a stale one).
  if (fileChecksum(data) !== sum) return null;
  let at = HEADER_BYTES + fpBytes;
  const offsets = new Uint32Array(data.buffer, data.byteOffset + at, n! + 1);
  at += (n! + 1) * 4;
  const slots = new Int32Array(data.buffer, data.byteOffset + at, slotN!);
  at += slotN! * 4;
  const short = new Int32Array(data.buffer, data.byteOffset + at, SHORT_ENTRIES);
  at += SHORT_ENTRIES * 4;
  const bytes = new Uint8Array(data.buffer, data.byteOffset + at, byteN!);
  if (offsets[0] !== 0 || offsets[n!] !== byteN) return null;
  return new RankTable(offsets, slots, short, bytes, size!, maxLen!);
}
