/**
 * The shipped token table indexed by one thread for another (server/src/tokens/share.ts, issue
 * 13.16 ninth pass), and cache writes deferred until the language server's first lint was answered
 * (deferTableWrites). Both threads are this one here (a MessageChannel works within a thread); the
 * server bundle's test (test/editors/vscode-server-bundle.test.ts) runs the real two threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BpeCore } from '../../server/src/tokens/bpe.js';
import { cacheFileName, deferTableWrites, loadRankTable } from '../../server/src/tokens/cache.js';
import { PATTERNS } from '../../server/src/tokens/encodings.js';
import { acceptTokenTable, declineSharedTable, offerTokenTable, sharedTableNote, takeSharedTable } from '../../server/src/tokens/share.js';
import { parseShippedTable, shippedOrigin, shippedTableFile } from '../../server/src/tokens/shipped.js';
import { serializeRankTable } from '../../server/src/tokens/table.js';
import { PACKAGE_ROOT } from '../../server/src/version.js';

const FILE = shippedTableFile('o200k_base', PACKAGE_ROOT);
const header = () => fs.readFileSync(FILE).subarray(0, 20).toString('hex');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('a token table indexed for another thread', () => {
  it('is the table the taking thread would have indexed itself, byte for byte, and counts the same', () => {
    const offer = offerTokenTable('o200k_base', FILE)!;
    expect(offer).toBeDefined();
    acceptTokenTable(offer.init);
    offer.index();
    const shared = takeSharedTable('o200k_base', header());
    expect(sharedTableNote()).toBe('indexed by the protocol thread');
    expect(shared).toBeDefined();
    const own = parseShippedTable(fs.readFileSync(FILE))!;
    expect(Buffer.compare(serializeRankTable(shared!, 'x'), serializeRankTable(own, 'x'))).toBe(0);
    const text = 'You are a careful reviewer. Ünïcödé, emoji 🙂, numbers 12345 and code `x => x + 1`.\n';
    expect(new BpeCore(shared!, PATTERNS.o200k_base).count(text)).toBe(new BpeCore(own, PATTERNS.o200k_base).count(text));
  });

  it('is not taken for another table, and the offering thread then does not index it', () => {
    const offer = offerTokenTable('o200k_base', FILE)!;
    acceptTokenTable(offer.init);
    expect(takeSharedTable('o200k_base', '00'.repeat(20))).toBeUndefined();
    expect(sharedTableNote()).toBe('indexed by the lint worker: another table');
    offer.index();
    expect(new Int32Array(offer.init.state)[0]).toBe(3);
  });

  it('when the offering thread has not begun, the taker indexes the table itself and the offering thread leaves it', () => {
    const offer = offerTokenTable('o200k_base', FILE)!;
    acceptTokenTable(offer.init);
    expect(takeSharedTable('o200k_base', header())).toBeUndefined();
    expect(sharedTableNote()).toBe('indexed by the lint worker: not begun by the protocol thread');
    offer.index();
    expect(new Int32Array(offer.init.state)[0]).toBe(3);
  });

  it('is taken once, and only for its own encoding', () => {
    const offer = offerTokenTable('o200k_base', FILE)!;
    acceptTokenTable(offer.init);
    offer.index();
    expect(takeSharedTable('cl100k_base', header())).toBeUndefined();
    expect(takeSharedTable('o200k_base', header())).toBeDefined();
    expect(takeSharedTable('o200k_base', header())).toBeUndefined();
  });

  it('declined (the taker read the table from its cache), the offering thread does not index it', () => {
    const offer = offerTokenTable('o200k_base', FILE)!;
    acceptTokenTable(offer.init);
    declineSharedTable();
    offer.index();
    expect(new Int32Array(offer.init.state)[0]).toBe(3);
    expect(takeSharedTable('o200k_base', header())).toBeUndefined();
  });

  it('is not offered for a file that cannot be read', () => {
    expect(offerTokenTable('o200k_base', path.join(os.tmpdir(), 'no-such-table.tokens'))).toBeUndefined();
  });
});

describe('deferred token cache writes (the language server writes after its first lint)', () => {
  it('builds the table at once and writes the cache file only when the scheduled write runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-deferred-'));
    dirs.push(dir);
    const origin = shippedOrigin('o200k_base', PACKAGE_ROOT)!;
    const writes: (() => void)[] = [];
    deferTableWrites((write) => writes.push(write));
    try {
      const load = loadRankTable('o200k_base', origin, dir);
      expect(load.source).toBe('shipped');
      expect(load.written).toBe(false);
      expect(fs.existsSync(path.join(dir, cacheFileName('o200k_base')))).toBe(false);
      expect(writes).toHaveLength(1);
      writes[0]!();
      const again = loadRankTable('o200k_base', origin, dir);
      expect(again.source).toBe('cache');
      expect(Buffer.compare(serializeRankTable(again.table, 'x'), serializeRankTable(load.table, 'x'))).toBe(0);
    } finally {
      deferTableWrites(undefined);
    }
    // not deferred: written at once, as the CLI does
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-deferred-'));
    dirs.push(dir2);
    expect(loadRankTable('o200k_base', origin, dir2).written).toBe(true);
  });
});
