/**
 * A shipped token table indexed by one thread for another (issue 13.16, ninth pass). At the VS Code
 * extension's first start there is no indexed table in the token cache yet: the lint worker would
 * index the shipped one (shipped.ts, ~40 ms of CPU at a cold start) after loading the engine and
 * before its first lint. The server's protocol thread, which waits for the editor then, indexes it
 * instead while the worker loads its engine, and hands the arrays over (transferred, not copied);
 * the worker builds the same RankTable from them. Whichever thread comes first does the work: the
 * worker indexes the table itself if the protocol thread has not begun, and waits for it if it
 * has (at most TAKE_WAIT_MS). The table is the same either way (test/lsp/token-share.test.ts).
 */
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { parseShippedTable } from './shipped.js';
import { RankTable } from './table.js';
import type { EncodingName } from './types.js';

const NOT_STARTED = 0;
const INDEXING = 1;
const DONE = 2;
/** Failed, or the worker went ahead on its own: nobody waits. */
const GIVEN_UP = 3;
/** The longest the worker waits for the protocol thread's index before it indexes the table itself. */
const TAKE_WAIT_MS = 2000;

/** What the worker is given (in its workerData, the port in the transfer list). */
export interface TokenShareInit {
  readonly name: EncodingName;
  /** The shipped file's 20-byte header, hex: its sizes and checksum, so the worker takes only the same table. */
  readonly header: string;
  /** One Int32: NOT_STARTED, INDEXING, DONE or GIVEN_UP. */
  readonly state: SharedArrayBuffer;
  readonly port: MessagePort;
}

interface SharedArrays {
  readonly offsets: Uint32Array;
  readonly slots: Int32Array;
  readonly short: Int32Array;
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly maxTokenBytes: number;
}

/** The protocol thread's side: the worker's part, and `index()` to run once the worker has been started. */
export interface TokenShareOffer {
  readonly init: TokenShareInit;
  readonly transfer: readonly MessagePort[];
  /** Indexes the table and hands it over, unless the worker went ahead; never throws. */
  index(): void;
}

/**
 * Offers `file` (a shipped table, shipped.ts) to the lint worker about to start. Undefined when the
 * file cannot be read (the worker then reports it as it would).
 */
export function offerTokenTable(name: EncodingName, file: string): TokenShareOffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length < 20) return undefined;
  const state = new SharedArrayBuffer(4);
  const flag = new Int32Array(state);
  const { port1, port2 } = new MessageChannel();
  port1.unref();
  return {
    init: { name, header: data.subarray(0, 20).toString('hex'), state, port: port2 },
    transfer: [port2],
    index() {
      if (Atomics.compareExchange(flag, 0, NOT_STARTED, INDEXING) !== NOT_STARTED) return;
      let outcome = GIVEN_UP;
      try {
        const table = parseShippedTable(data);
        if (table) {
          const arrays: SharedArrays = { offsets: table.offsets, slots: table.slots, short: table.short, bytes: table.bytes, size: table.size, maxTokenBytes: table.maxTokenBytes };
          // each array has a buffer of its own (shipped.ts, table.ts): moved to the worker, not copied
          port1.postMessage(arrays, [table.offsets.buffer, table.slots.buffer, table.short.buffer, table.bytes.buffer] as ArrayBuffer[]);
          outcome = DONE;
        }
      } catch {
        // the worker indexes it itself
      } finally {
        port1.close();
        Atomics.store(flag, 0, outcome);
        Atomics.notify(flag, 0);
      }
    },
  };
}

let offered: TokenShareInit | undefined;
/** How the last take went, for the start-up line: `indexed by the protocol thread` or why not. */
let takeNote: string | undefined;

/** The worker's side: the offer from its workerData (once). */
export function acceptTokenTable(init: TokenShareInit | undefined): void {
  offered = init;
}

/**
 * The table the protocol thread indexed for `name`, if it was offered with this `header` (the
 * shipped file's first 20 bytes, hex); waits while it is being indexed. Undefined otherwise: the
 * caller indexes the shipped table itself (and the protocol thread then does not begin).
 */
export function takeSharedTable(name: EncodingName, header: string): RankTable | undefined {
  const init = offered;
  if (!init || init.name !== name) return undefined;
  offered = undefined;
  const flag = new Int32Array(init.state);
  try {
    if (init.header !== header) return give(flag, 'another table');
    // not begun: the protocol thread will not begin now, this thread indexes it
    if (Atomics.compareExchange(flag, 0, NOT_STARTED, GIVEN_UP) === NOT_STARTED) return note('not begun by the protocol thread');
    if (Atomics.load(flag, 0) === INDEXING) Atomics.wait(flag, 0, INDEXING, TAKE_WAIT_MS);
    if (Atomics.load(flag, 0) !== DONE) return give(flag, 'the protocol thread did not finish');
    const message = receiveMessageOnPort(init.port)?.message as SharedArrays | undefined;
    if (!message) return note('nothing received');
    const table = new RankTable(message.offsets, message.slots, message.short, message.bytes, message.size, message.maxTokenBytes);
    takeNote = 'indexed by the protocol thread';
    return table;
  } catch (error) {
    return note(`unusable (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    init.port.close();
  }
}

/**
 * The worker has its table without the offer (read from the token cache, or not asked for): the
 * offering thread need not index it, and what it may have sent is let go.
 */
export function declineSharedTable(): void {
  const init = offered;
  if (!init) return;
  offered = undefined;
  Atomics.compareExchange(new Int32Array(init.state), 0, NOT_STARTED, GIVEN_UP);
  init.port.close();
}

function give(flag: Int32Array, why: string): undefined {
  Atomics.store(flag, 0, GIVEN_UP);
  return note(why);
}

function note(why: string): undefined {
  takeNote = `indexed by the lint worker: ${why}`;
  return undefined;
}

/** How the shared table was taken, if one was offered and asked for. */
export function sharedTableNote(): string | undefined {
  return takeNote;
}
