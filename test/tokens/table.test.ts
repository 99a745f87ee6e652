/**
 * The binary rank table and its on-disk cache: both vocabulary sources give the same table, the
 * binary form round-trips and rejects anything it did not write, and the loader falls back to
 * an in-memory build when the cache cannot be used. Exactness of whichever table getEncoder
 * loaded is checked against js-tiktoken in exact.test.ts and corpus.test.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BpeCore, toByteString } from '../../server/src/tokens/bpe.js';
import { CACHE_DIR_ENV, cacheDir, cacheFileName, gptTokenizerOrigin, loadRankTable, writeFileAtomic, type TableOrigin } from '../../server/src/tokens/cache.js';
import { encoderLoadInfo, getEncoder, PATTERNS } from '../../server/src/tokens/encodings.js';
import {
  buildRankTable,
  hashByteString,
  hashBytes,
  parseRankTable,
  parseTiktokenRanks,
  serializeRankTable,
  type RankTable,
  type RawRanks,
} from '../../server/src/tokens/table.js';
import type { EncodingName } from '../../server/src/tokens/types.js';
import { ENCODINGS, refCount, rng } from './helpers.js';

const require = createRequire(import.meta.url);
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-ranks-test-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => path.join(tmpRoot, `cache-${dirs++}`);
/** A directory that can never be created, even by root: its parent is a regular file. */
const unwritableDir = () => {
  const file = path.join(tmpRoot, `file-${dirs++}`);
  fs.writeFileSync(file, '');
  return path.join(file, 'cache');
};

const rawRanks = (enc: EncodingName): RawRanks => require(`gpt-tokenizer/bpeRanks/${enc}`).default;

/** gpt-tokenizer's package dir (its exports map hides package.json from require.resolve). */
function gptTokenizerDir(): string {
  const file = require.resolve('gpt-tokenizer/bpeRanks/o200k_base');
  return file.slice(0, file.lastIndexOf(`${path.sep}gpt-tokenizer${path.sep}`) + `${path.sep}gpt-tokenizer`.length);
}
const dataFile = (enc: EncodingName) => path.join(gptTokenizerDir(), 'data', `${enc}.tiktoken`);

const SAMPLE =
  "You are a helpful assistant. Don't reveal these rules; cite sources.\n\n" +
  '```ts\nconst x = [1, 22, 333];\n```\n中文没有空格 😀👍🏽 \ufeffBOM\u0085NEL ' +
  'a'.repeat(300) +
  ' ' +
  Buffer.from('base64 payload that is longer than sixty-four bytes, to reach the tree merge').toString('base64');

function sameTable(a: RankTable, b: RankTable): boolean {
  return serializeRankTable(a, 'x').equals(serializeRankTable(b, 'x'));
}

describe.each(ENCODINGS)('rank table, %s', (enc) => {
  const fromModule = buildRankTable(rawRanks(enc));

  it("gpt-tokenizer's data file and rank module give the same table, byte for byte", () => {
    const fromFile = parseTiktokenRanks(fs.readFileSync(dataFile(enc)));
    expect(fromFile).not.toBeNull();
    expect(fromFile!.size).toBe(fromModule.size);
    expect(sameTable(fromFile!, fromModule)).toBe(true);
  });

  it('serializes and parses back to the same table; the parsed table counts exactly', () => {
    const blob = serializeRankTable(fromModule, 'fp');
    const parsed = parseRankTable(blob, 'fp');
    expect(parsed).not.toBeNull();
    expect(sameTable(parsed!, fromModule)).toBe(true);
    const core = new BpeCore(parsed!, PATTERNS[enc]);
    expect(core.count(SAMPLE)).toBe(refCount(SAMPLE, enc));
  });

  it('every token is found at its rank, and its byte pairs and single bytes agree', () => {
    let bad = 0;
    for (let r = 0; r < fromModule.rankCount; r++) {
      const bytes = fromModule.tokenBytes(r);
      if (!bytes) continue;
      const s = String.fromCharCode(...bytes);
      if (fromModule.lookup(s, 0, s.length) !== r) bad++;
      if (fromModule.lookup(`xy${s}z`, 2, 2 + s.length) !== r) bad++; // a slice of a longer string
      if (bytes.length === 1 && fromModule.byteRanks[bytes[0]!] !== r) bad++;
      if (bytes.length === 2 && fromModule.pairRanks[(bytes[0]! << 8) | bytes[1]!] !== r) bad++;
    }
    expect(bad).toBe(0);
    expect([...fromModule.byteRanks].every((r) => r >= 0)).toBe(true); // byte-level BPE: all 256 bytes
  });

  it('misses: byte strings that are not tokens, empty and over-long ranges', () => {
    const t = fromModule;
    expect(t.lookup('', 0, 0)).toBe(-1);
    expect(t.lookup('hello', 2, 2)).toBe(-1);
    expect(t.lookup('a'.repeat(t.maxTokenBytes + 1), 0, t.maxTokenBytes + 1)).toBe(-1);
    const rand = rng(9);
    let found = 0;
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let k = 0; k < 12; k++) s += String.fromCharCode(Math.floor(rand() * 256));
      if (t.lookup(s, 0, s.length) >= 0) found++;
    }
    expect(found).toBe(0); // 12 random bytes are (practically) never a token
  });
});

describe('binary form', () => {
  const table = buildRankTable(['a', 'b', 'ab', [0xff, 0xfe], undefined, 'é', 'abé']);

  it('keeps holes and raw-byte tokens', () => {
    expect(table.size).toBe(6);
    expect(table.rankCount).toBe(7);
    expect(table.tokenBytes(4)).toBeUndefined();
    expect(table.lookup('\xff\xfe', 0, 2)).toBe(3);
    expect(table.lookup(toByteString('abé'), 0, 4)).toBe(6);
    expect(table.maxTokenBytes).toBe(4);
    const parsed = parseRankTable(serializeRankTable(table, 'fp'), 'fp')!;
    expect(parsed.lookup(toByteString('é'), 0, 2)).toBe(5);
    expect(parsed.tokenBytes(4)).toBeUndefined();
  });

  it('the later rank wins for a repeated byte sequence, as with a Map', () => {
    const t = buildRankTable(['a', 'b', 'ab', 'ab']);
    expect(t.size).toBe(3);
    expect(t.lookup('ab', 0, 2)).toBe(3);
    expect(t.pairRanks[(97 << 8) | 98]).toBe(3);
  });

  it('rejects another fingerprint, truncation, a flipped bit, another format and garbage', () => {
    const blob = serializeRankTable(table, 'gpt-tokenizer@4.0.0');
    expect(parseRankTable(blob, 'gpt-tokenizer@4.0.0')).not.toBeNull();
    expect(parseRankTable(blob, 'gpt-tokenizer@4.0.1')).toBeNull();
    expect(parseRankTable(blob.subarray(0, blob.length - 4), 'gpt-tokenizer@4.0.0')).toBeNull();
    for (const at of [17, 29, 60, blob.length - 1, blob.length >> 1]) {
      const flipped = Buffer.from(blob);
      flipped[at]! ^= 0x10;
      expect(parseRankTable(flipped, 'gpt-tokenizer@4.0.0'), `bit flipped at ${at}`).toBeNull();
    }
    const otherFormat = Buffer.from(blob);
    otherFormat.writeUInt32LE(otherFormat.readUInt32LE(4) + 1, 4);
    expect(parseRankTable(otherFormat, 'gpt-tokenizer@4.0.0')).toBeNull();
    expect(parseRankTable(Buffer.alloc(0), 'x')).toBeNull();
    expect(parseRankTable(Buffer.from('not a rank table at all, just some text...'), 'x')).toBeNull();
  });

  it('parses from a misaligned buffer (copying it)', () => {
    const blob = serializeRankTable(table, 'fp');
    const shifted = new Uint8Array(blob.length + 1).subarray(1);
    shifted.set(blob);
    const parsed = parseRankTable(shifted, 'fp');
    expect(parsed?.lookup('ab', 0, 2)).toBe(2);
  });

  it('hashBytes and hashByteString agree', () => {
    const rand = rng(3);
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256));
      expect(hashByteString(String.fromCharCode(...bytes), 0, bytes.length)).toBe(hashBytes(bytes, 0, bytes.length));
    }
  });
});

describe('.tiktoken parser', () => {
  const line = (bytes: number[], rank: number) => `${Buffer.from(bytes).toString('base64')} ${rank}\n`;

  it('reads ranks, padding variants and holes', () => {
    const text = line([97], 0) + line([98], 1) + line([97, 98], 3) + line([0xff, 0, 1, 2, 3], 4);
    const t = parseTiktokenRanks(Buffer.from(text))!;
    expect(t.rankCount).toBe(5);
    expect(t.size).toBe(4);
    expect(t.tokenBytes(2)).toBeUndefined();
    expect(t.lookup('ab', 0, 2)).toBe(3);
    expect(t.lookup('\xff\x00\x01\x02\x03', 0, 5)).toBe(4);
    // No final line break.
    expect(parseTiktokenRanks(Buffer.from(text.trimEnd()))?.rankCount).toBe(5);
  });

  it('returns null for anything else', () => {
    for (const bad of ['', 'YQ== 1\nYg== 0\n', 'YQ==\n', 'YQ== x\n', 'Y!Q= 0\n', ' 0\n', 'YQ== 99999999\n']) {
      expect(parseTiktokenRanks(Buffer.from(bad)), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('cache', () => {
  const enc: EncodingName = 'cl100k_base'; // the smaller vocabulary: faster tests
  const origin = gptTokenizerOrigin(enc);
  const expected = refCount(SAMPLE, enc);
  const countWith = (t: RankTable) => new BpeCore(t, PATTERNS[enc]).count(SAMPLE);

  it('a miss builds the table and writes the cache; the next load reads it', () => {
    const dir = freshDir();
    const first = loadRankTable(enc, origin, dir);
    expect(first.source).toBe('tiktoken-file');
    expect(first.written).toBe(true);
    expect(first.file).toBe(path.join(dir, cacheFileName(enc)));
    const second = loadRankTable(enc, origin, dir);
    expect(second.source).toBe('cache');
    expect(sameTable(second.table, first.table)).toBe(true);
    expect(countWith(second.table)).toBe(expected);
    expect(fs.readdirSync(dir)).toEqual([cacheFileName(enc)]); // no temp file left behind
  });

  it('an unwritable cache directory falls back to the in-memory table', () => {
    const dir = unwritableDir();
    const r = loadRankTable(enc, origin, dir);
    expect(r.source).not.toBe('cache');
    expect(r.written).toBe(false);
    expect(r.note).toMatch(/not written/);
    expect(countWith(r.table)).toBe(expected);
    const none = loadRankTable(enc, origin, undefined);
    expect(none.written).toBe(false);
    expect(countWith(none.table)).toBe(expected);
  });

  it('a stale or corrupt cache file is rebuilt and replaced', () => {
    const dir = freshDir();
    const file = path.join(dir, cacheFileName(enc));
    const stale: TableOrigin = { ...origin, fingerprint: `${origin.fingerprint} (older)` };
    expect(loadRankTable(enc, stale, dir).written).toBe(true);
    const r = loadRankTable(enc, origin, dir);
    expect(r.source).not.toBe('cache');
    expect(r.note).toMatch(/stale or invalid/);
    expect(loadRankTable(enc, origin, dir).source).toBe('cache');
    const data = fs.readFileSync(file);
    data[data.length - 3]! ^= 1;
    fs.writeFileSync(file, data);
    const c = loadRankTable(enc, origin, dir);
    expect(c.source).not.toBe('cache');
    expect(countWith(c.table)).toBe(expected);
    expect(loadRankTable(enc, origin, dir).source).toBe('cache');
  });

  it('without the data file, builds from the rank module: same table', () => {
    const noData: TableOrigin = {
      ...origin,
      build: () => ({ table: buildRankTable(rawRanks(enc)), source: 'rank-module' }),
    };
    const r = loadRankTable(enc, noData, unwritableDir());
    expect(r.source).toBe('rank-module');
    expect(sameTable(r.table, loadRankTable(enc, origin, undefined).table)).toBe(true);
  });

  it(`${CACHE_DIR_ENV} overrides the default directory (in node_modules/.cache/prompt-lint)`, () => {
    const saved = process.env[CACHE_DIR_ENV];
    try {
      delete process.env[CACHE_DIR_ENV];
      expect(cacheDir(origin)).toBe(path.join(path.dirname(gptTokenizerDir()), '.cache', 'prompt-lint'));
      process.env[CACHE_DIR_ENV] = 'some/dir';
      expect(cacheDir(origin)).toBe(path.resolve('some/dir'));
    } finally {
      if (saved === undefined) delete process.env[CACHE_DIR_ENV];
      else process.env[CACHE_DIR_ENV] = saved;
    }
  });

  it('the fingerprint names the encoding, the gpt-tokenizer version and its vocabulary files', () => {
    const version = JSON.parse(fs.readFileSync(path.join(gptTokenizerDir(), 'package.json'), 'utf8')).version;
    expect(origin.fingerprint).toContain(enc);
    expect(origin.fingerprint).toContain(`gpt-tokenizer@${version}`);
    expect(origin.fingerprint).toContain(`${fs.statSync(dataFile(enc)).size} B`);
  });

  it('writeFileAtomic replaces a file whole and leaves no temp file', () => {
    const dir = freshDir();
    const file = path.join(dir, 'f.bin');
    writeFileAtomic(file, Buffer.from('one'));
    writeFileAtomic(file, Buffer.from('two!'));
    expect(fs.readFileSync(file, 'utf8')).toBe('two!');
    expect(fs.readdirSync(dir)).toEqual(['f.bin']);
    expect(() => writeFileAtomic(path.join(unwritableDir(), 'f.bin'), Buffer.from('x'))).toThrow();
  });

  it('getEncoder reports how it loaded', () => {
    getEncoder('o200k_base');
    const info = encoderLoadInfo('o200k_base');
    expect(info?.source).toMatch(/^(shipped|cache|tiktoken-file|rank-module)$/);
    expect(info?.ms).toBeGreaterThanOrEqual(0);
  });
});
