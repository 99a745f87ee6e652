/**
 * The token tables the package ships (`dist/tokens/<encoding>.tokens`, written by `npm run build`
 * from gpt-tokenizer's vocabulary, which is then only a build-time dependency). Compact: each
 * rank's byte length (one byte) and all token bytes; 1.6 MB for o200k_base and 0.7 MB for
 * cl100k_base where the indexed table (table.ts) is 4.5 and 2.4 MB. Loading indexes the tokens
 * (the hash table, ~20 ms for o200k_base) and keeps the indexed table in the token cache
 * (cache.ts), so later runs read it in a few ms (docs/tokens.md#loading-an-encoding).
 *
 * Layout, little-endian u32 header then bytes:
 *   magic 'PLTK', format, rank count n, token byte count, CRC-32 of everything after the header
 *   lengths  n × u8 (0 for a hole)
 *   bytes    token byte count × u8, in rank order
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { TableOrigin } from './cache.js';
import { takeSharedTable } from './share.js';
import { indexTokens, type RankTable } from './table.js';
import type { EncodingName } from './types.js';

const MAGIC = 0x4b544c50; // 'PLTK' little-endian
export const SHIPPED_FORMAT = 1;
const HEADER_BYTES = 5 * 4;

/** The compact form of `table`. Throws if a token is longer than 255 bytes (none is: 128 at most). */
export function serializeShippedTable(table: RankTable): Buffer {
  const n = table.rankCount;
  const out = Buffer.alloc(HEADER_BYTES + n + table.bytes.length);
  for (let r = 0; r < n; r++) {
    const len = table.offsets[r + 1]! - table.offsets[r]!;
    if (len > 255) throw new Error(`token ${r} is ${len} bytes long: the shipped format holds at most 255`);
    out[HEADER_BYTES + r] = len;
  }
  out.set(table.bytes, HEADER_BYTES + n);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(SHIPPED_FORMAT, 4);
  out.writeUInt32LE(n, 8);
  out.writeUInt32LE(table.bytes.length, 12);
  out.writeUInt32LE(crc32(out.subarray(HEADER_BYTES)), 16);
  return out;
}

/** The table from its compact form, or null (never throws) when `data` is not a valid one. */
export function parseShippedTable(data: Buffer): RankTable | null {
  if (data.length < HEADER_BYTES) return null;
  if (data.readUInt32LE(0) !== MAGIC || data.readUInt32LE(4) !== SHIPPED_FORMAT) return null;
  const n = data.readUInt32LE(8);
  const byteCount = data.readUInt32LE(12);
  if (data.length !== HEADER_BYTES + n + byteCount || crc32(data.subarray(HEADER_BYTES)) !== data.readUInt32LE(16)) return null;
  const offsets = new Uint32Array(n + 1);
  let at = 0;
  for (let r = 0; r < n; r++) {
    offsets[r] = at;
    at += data[HEADER_BYTES + r]!;
  }
  if (at !== byteCount) return null;
  offsets[n] = at;
  return indexTokens(offsets, new Uint8Array(data.subarray(HEADER_BYTES + n)));
}

/** `dist/tokens/<name>.tokens` under the package root (the npm package, or the VS Code extension's folder). */
export function shippedTableFile(name: EncodingName, root: string): string {
  return path.join(root, 'dist', 'tokens', `${name}.tokens`);
}

/**
 * The shipped table of `name` as a table origin for cache.ts: the cache keeps its indexed form
 * (fingerprint: the shipped file's header, with its sizes and checksum, so a new table rebuilds), in
 * `<the node_modules holding the package>/.cache/prompt-lint/shipped/` or a checkout's own node_modules.
 * Undefined when the package has no shipped table for `name`.
 */
export function shippedOrigin(name: EncodingName, root: string): TableOrigin | undefined {
  const file = shippedTableFile(name, root);
  // The header's checksum and sizes identify the content: 20 bytes read, not the whole file.
  const header = Buffer.alloc(HEADER_BYTES);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      if (fs.readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) return undefined;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const parent = path.dirname(root);
  const nodeModules = path.basename(parent) === 'node_modules' ? parent : fs.existsSync(path.join(root, 'node_modules')) ? path.join(root, 'node_modules') : undefined;
  return {
    fingerprint: `${name}; shipped by prompt-lint; ${header.toString('hex')}`,
    // Its own folder: a checkout also caches the table built from gpt-tokenizer, under another fingerprint.
    defaultCacheDir: nodeModules && path.join(nodeModules, '.cache', 'prompt-lint', 'shipped'),
    build: () => {
      // indexed by the language server's protocol thread while this one started (share.ts), if it was
      const table = takeSharedTable(name, header.toString('hex')) ?? parseShippedTable(fs.readFileSync(file));
      if (!table) throw new Error(`${file} is not a valid token table`);
      return { table, source: 'shipped' };
    },
  };
}

