/**
 * Byte-pair-encoding core with the exact semantics of OpenAI's tiktoken, in bounded time.
 *
 * The vocabulary (rank table, table.ts) comes from gpt-tokenizer's data files; the pre-tokenizer
 * patterns are tiktoken's (as shipped by js-tiktoken, the reference in our tests). The merge
 * loop is tiktoken's "merge the lowest-ranked adjacent pair, leftmost on ties": a linear scan
 * for short pieces, and for long ones a min segment tree over (rank, position) keys, which picks
 * exactly the same pair at every step but costs O(n log n) instead of O(n²). That keeps a 1 MB
 * run of letters (one pre-token) countable in about half a second.
 *
 * Special-token text such as `<|endoftext|>` is never treated specially: it is ordinary text.
 */

import type { RankTable } from './table.js';

export type { RawRanks } from './table.js';

/** Pieces up to this many bytes use the quadratic scan (faster for small n); longer ones the tree. */
const TREE_THRESHOLD = 64;
/** Multi-token pieces up to this many UTF-16 units are memoised. */
const PIECE_CACHE_MAX_LEN = 256;
const PIECE_CACHE_MAX_ENTRIES = 50_000;
const MEMO_BITS = 17;
const MEMO_SIZE = 1 << MEMO_BITS;

const isAsciiRe = /^[\x00-\x7f]*$/;

/**
 * UTF-8 encode `s` and return the bytes as a "binary string" (one char per byte, code 0–255).
 * Lone surrogates become U+FFFD (EF BF BD), as TextEncoder does.
 */
export function toByteString(s: string): string {
  if (isAsciiRe.test(s)) return s;
  const codes: number[] = [];
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      codes.push(c);
    } else if (c < 0x800) {
      codes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        codes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
      } else {
        codes.push(0xef, 0xbf, 0xbd);
      }
    } else {
      codes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
    if (codes.length > 4096) {
      out += String.fromCharCode.apply(null, codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, codes);
}

/** Number of UTF-8 bytes of the code unit(s) at `s[i]`, and how many UTF-16 units they span. */
function utf8Width(s: string, i: number): [bytes: number, units: number] {
  const c = s.charCodeAt(i);
  if (c < 0x80) return [1, 1];
  if (c < 0x800) return [2, 1];
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (d >= 0xdc00 && d <= 0xdfff) return [4, 2];
  }
  return [3, 1];
}

export class BpeCore {
  /** Token bytes → rank (looked up with byte strings, see toByteString). */
  private readonly table: RankTable;
  private readonly maxTokenBytes: number;
  /** Rank of every two-byte token, indexed by (byte0 << 8) | byte1; -1 when absent. */
  private readonly pairRanks: Int32Array;
  /** Rank of every single-byte token. */
  private readonly byteRanks: Int32Array;
  /**
   * Memo of "rank of the token that is token a followed by token b" (-1: none), an
   * open-addressing table used by mergeTree; cleared when 60% full. Allocated on the first
   * long piece (1.5 MB that most runs never need).
   */
  private memoA: Int32Array | undefined;
  private memoB = new Int32Array(0);
  private memoV = new Int32Array(0);
  private memoCount = 0;
  private readonly pattern: RegExp;
  private readonly pieceCache = new Map<string, readonly number[]>();

  constructor(table: RankTable, pattern: string) {
    this.table = table;
    this.maxTokenBytes = table.maxTokenBytes;
    this.pairRanks = table.pairRanks;
    this.byteRanks = table.byteRanks;
    this.pattern = new RegExp(pattern, 'gu');
  }

  /** Number of mergeable tokens in the vocabulary. */
  get vocabularySize(): number {
    return this.table.size;
  }

  /** Rank of a token given as a byte string, if it is in the vocabulary. */
  rankOf(byteString: string): number | undefined {
    const r = this.table.lookup(byteString, 0, byteString.length);
    return r < 0 ? undefined : r;
  }

  /** Token count of `text` (special-token text counted as ordinary text). */
  count(text: string): number {
    const re = this.pattern;
    re.lastIndex = 0;
    let total = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const piece = m[0];
      const bs = toByteString(piece);
      if (this.table.lookup(bs, 0, bs.length) >= 0) total += 1;
      else total += this.pieceLengths(piece, bs).length;
    }
    return total;
  }

  /**
   * UTF-16 start offset of every token of `text`, each plus `base`, appended to `out`.
   * A token that starts inside a multi-byte character is attributed to that character's offset.
   */
  tokenStarts(text: string, base: number, out: number[]): void {
    const re = this.pattern;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const piece = m[0];
      const at = base + m.index;
      const bs = toByteString(piece);
      if (this.table.lookup(bs, 0, bs.length) >= 0) {
        out.push(at);
        continue;
      }
      const lens = this.pieceLengths(piece, bs);
      if (bs === piece) {
        // ASCII: byte offsets are UTF-16 offsets.
        let off = at;
        for (const len of lens) {
          out.push(off);
          off += len;
        }
        continue;
      }
      // Walk characters and token byte starts together.
      let charByte = 0; // byte offset of the character at UTF-16 index ci
      let ci = 0;
      let tokByte = 0;
      let [w, u] = utf8Width(piece, 0);
      for (const len of lens) {
        while (tokByte >= charByte + w) {
          charByte += w;
          ci += u;
          [w, u] = utf8Width(piece, ci);
        }
        out.push(at + ci);
        tokByte += len;
      }
    }
  }

  /** Byte lengths of the tokens of one pre-token (memoised for short pieces, keyed by bytes). */
  private pieceLengths(piece: string, bs: string): readonly number[] {
    const cacheable = piece.length <= PIECE_CACHE_MAX_LEN;
    if (cacheable) {
      const hit = this.pieceCache.get(bs);
      if (hit) return hit;
    }
    const lens = bs.length <= TREE_THRESHOLD ? this.mergeScan(bs) : this.mergeTree(bs);
    if (cacheable) {
      if (this.pieceCache.size >= PIECE_CACHE_MAX_ENTRIES) this.pieceCache.clear();
      // A regex match of 13+ chars is a slice that keeps the whole input text alive; store a copy.
      const key = bs === piece && bs.length >= 13 ? Buffer.from(bs, 'latin1').toString('latin1') : bs;
      this.pieceCache.set(key, lens);
    }
    return lens;
  }

  private pairRank(bs: string, start: number, end: number): number {
    const r = this.table.lookup(bs, start, end);
    return r < 0 ? Infinity : r;
  }

  /** tiktoken's merge loop, verbatim in spirit: O(n²), used for short pieces. Exposed for tests. */
  mergeScan(bs: string): number[] {
    const n = bs.length;
    if (n === 0) return [];
    if (n === 1) return [1];
    // starts[0..m) are part boundaries (m = parts + 1); ranks[i] = rank of merging part i and i+1.
    const starts: number[] = new Array(n + 1);
    const ranks: number[] = new Array(n);
    for (let i = 0; i <= n; i++) starts[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const r = this.pairRanks[(bs.charCodeAt(i) << 8) | bs.charCodeAt(i + 1)]!;
      ranks[i] = r < 0 ? Infinity : r;
    }
    ranks[n - 1] = Infinity;
    let m = n + 1;
    for (;;) {
      let min = Infinity;
      let at = -1;
      for (let i = 0; i < m - 2; i++) {
        if (ranks[i]! < min) {
          min = ranks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      ranks.splice(at + 1, 1);
      m--;
      ranks[at] = at + 2 < m ? this.pairRank(bs, starts[at]!, starts[at + 2]!) : Infinity;
      if (at > 0) ranks[at - 1] = this.pairRank(bs, starts[at - 1]!, starts[at + 1]!);
    }
    const lens: number[] = new Array(m - 1);
    for (let i = 0; i < m - 1; i++) lens[i] = starts[i + 1]! - starts[i]!;
    return lens;
  }

  /**
   * Same merges as mergeScan in O(n log n). Parts form a linked list keyed by their start byte.
   * Each part's key is rank × n + start, where rank is that of merging the part with the next
   * one, so the smallest key is the lowest rank, leftmost on ties (as in tiktoken). A min
   * segment tree over the parts' keys gives the next merge at its root; an update walks up from
   * a leaf and stops as soon as a node is unchanged. Exposed for tests.
   */
  mergeTree(bs: string): number[] {
    const n = bs.length;
    if (n === 0) return [];
    if (n === 1) return [1];
    let size = 1;
    while (size < n) size <<= 1;
    const tree = new Float64Array(2 * size).fill(Infinity);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const tok = new Int32Array(n); // token rank of the part starting at each live start byte
    const maxLen = this.maxTokenBytes;
    const table = this.table;
    if (!this.memoA) {
      this.memoA = new Int32Array(MEMO_SIZE).fill(-1);
      this.memoB = new Int32Array(MEMO_SIZE);
      this.memoV = new Int32Array(MEMO_SIZE);
    }
    const memoA = this.memoA;
    const memoB = this.memoB;
    const memoV = this.memoV;
    // Key of merging the part at `left` with the part at `right` (= next[left]), which spans
    // bytes [left, end). The merged rank depends only on the two tokens, so it is memoised.
    const keyOf = (left: number, right: number, end: number): number => {
      const a = tok[left]!;
      const b = tok[right]!;
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> (32 - MEMO_BITS);
      for (;;) {
        const ma = memoA[h]!;
        if (ma === -1) break;
        if (ma === a && memoB[h] === b) {
          const r = memoV[h]!;
          return r < 0 ? Infinity : r * n + left;
        }
        h = (h + 1) & (MEMO_SIZE - 1);
      }
      const r = end - left > maxLen ? -1 : table.lookup(bs, left, end);
      if (this.memoCount >= MEMO_SIZE * 0.6) {
        memoA.fill(-1);
        this.memoCount = 0;
        h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca77)) >>> (32 - MEMO_BITS);
      }
      memoA[h] = a;
      memoB[h] = b;
      memoV[h] = r;
      this.memoCount++;
      return r < 0 ? Infinity : r * n + left;
    };
    const set = (leaf: number, key: number): void => {
      let k = size + leaf;
      tree[k] = key;
      k >>= 1;
      while (k >= 1) {
        const a = tree[2 * k]!;
        const b = tree[2 * k + 1]!;
        const m = a < b ? a : b;
        if (tree[k] === m) break;
        tree[k] = m;
        k >>= 1;
      }
    };
    const pairRanks = this.pairRanks;
    const byteRanks = this.byteRanks;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      tok[i] = byteRanks[bs.charCodeAt(i)]!;
      if (i + 1 < n) {
        const r = pairRanks[(bs.charCodeAt(i) << 8) | bs.charCodeAt(i + 1)]!;
        tree[size + i] = r < 0 ? Infinity : r * n + i;
      }
    }
    for (let k = size - 1; k >= 1; k--) {
      const a = tree[2 * k]!;
      const b = tree[2 * k + 1]!;
      tree[k] = a < b ? a : b;
    }
    for (;;) {
      const top = tree[1]!;
      if (top === Infinity) break;
      const i = top % n; // start byte of the left part of the lowest-ranked pair
      const j = next[i]!; // part merged into i
      const k = next[j]!; // part after the merged span (or n)
      tok[i] = (top - i) / n; // the merged token
      set(j, Infinity);
      next[i] = k;
      if (k < n) prev[k] = i;
      set(i, k < n ? keyOf(i, k, next[k]!) : Infinity);
      const p = prev[i]!;
      if (p >= 0) set(p, keyOf(p, i, k));
    }
    const lens: number[] = [];
    for (let i = 0; i < n; i = next[i]!) lens.push(next[i]! - i);
    return lens;
  }
}
