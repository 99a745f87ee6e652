/**
 * Spreads run units (engine/run.ts: a file alone, or the files its tasks join) over worker threads;
 * results come back in input order, as a serial run gives them.
 *
 * Linting pairs the threads: one parses and lints files, its partner counts their tokens and runs
 * what rules can have done ahead from unit texts (`UnitPrecompute`: the comparison forms of
 * duplicate-instruction and filler-phrase, the format rules' sentence analyses, the prohibitions and
 * requirement parses of conflicting-instruction; each unit text is sent once for all of them, see
 * docs/decisions/precompute-message.md; the counting is the lighter half). Each thread runs its
 * part of the code over every file, and V8 compiles each part once instead of on every thread (docs/performance.md). An odd
 * thread runs whole units, as a lint thread does a unit with tasks. Fixing runs whole units on one
 * thread each (a fix is linted again after it is applied).
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { EngineOptions, FileReport } from '../engine/engine.js';
import type { RunOptions, RunUnit, UnitResult } from '../engine/run.js';
import type { FileTokens } from '../engine/token-summary.js';
import type { WorkerData, WorkerRole } from './worker.js';

/** Files in flight per lint thread. */
const LINT_IN_FLIGHT = 16;

/** Young generation of each worker (V8 sizes it as three semi-spaces). */
const YOUNG_GENERATION_MB = 96;

export interface WorkerFailure {
  readonly message: string;
  readonly usage: boolean;
  readonly name: string;
}

type Outcome = UnitResult | WorkerFailure;

interface UnitMessage {
  readonly id: number;
  /** A unit's result, or (`counting`) the report of a file alone whose tokens come from the partner. */
  readonly result?: UnitResult;
  readonly report?: FileReport;
  /** The partner thread is counting this file's tokens. */
  readonly counting?: boolean;
  readonly error?: WorkerFailure;
}

interface CountMessage {
  readonly id: number;
  readonly tokens?: FileTokens;
  readonly error?: WorkerFailure;
}

export async function processInWorkers(
  units: readonly RunUnit[],
  threads: number,
  engine: EngineOptions,
  process: RunOptions,
  onDone: (index: number) => void,
): Promise<Outcome[]> {
  const results = new Array<Outcome>(units.length);
  if (!units.length) return results;
  // Bundled (dist/prompt-lint.cjs), the worker is its own bundle beside the CLI's; unbundled, the compiled module beside this one.
  const bundled = import.meta.url.endsWith('/prompt-lint.cjs');
  const workerUrl = new URL(bundled ? './prompt-lint-worker.mjs' : './worker.js', import.meta.url);
  // A larger young generation: linting allocates per file what lives until the file is done, and
  // with V8's default (16 MB semi-spaces) much of it is copied and promoted before it dies
  // (scavenges on the corpus, one thread: 462 ms by default, 343 ms with 32 MB semi-spaces).
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const spawn = (role: WorkerRole, partner?: MessagePort) =>
    new Worker(workerUrl, { workerData: { engine, process, role, partner } satisfies WorkerData, transferList: partner ? [partner] : [], resourceLimits });

  const feeders: Worker[] = [];
  const lintThreads = new Set<Worker>();
  const counters: Worker[] = [];
  const pairs = process.fix ? 0 : Math.floor(threads / 2);
  for (let k = 0; k < pairs; k++) {
    const { port1, port2 } = new MessageChannel();
    const lint = spawn('lint', port1);
    lintThreads.add(lint);
    feeders.push(lint);
    counters.push(spawn('count', port2));
  }
  while (feeders.length + counters.length < threads) feeders.push(spawn('whole'));

  let finished = 0;
  let settle!: { resolve: () => void; reject: (error: Error) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (id: number, outcome: Outcome) => {
    if (results[id] !== undefined) return;
    results[id] = outcome;
    onDone(id);
    if (++finished === units.length) settle.resolve();
  };
  // A report and its token counts come from two threads, in either order.
  const reports = new Map<number, FileReport>();
  const counts = new Map<number, CountMessage>();
  const join = (id: number) => {
    const report = reports.get(id);
    const count = counts.get(id);
    if (!report || !count) return;
    reports.delete(id);
    counts.delete(id);
    finish(id, count.error ?? { reports: [{ ...report, tokens: count.tokens }], others: [], tasks: [] });
  };

  let next = 0;
  let closing = false;
  for (const worker of feeders) {
    const inFlight = new Set<number>();
    const send = () => {
      if (next >= units.length) return;
      const id = next++;
      inFlight.add(id);
      worker.postMessage({ id, unit: units[id] });
    };
    worker.on('message', (msg: UnitMessage) => {
      inFlight.delete(msg.id);
      if (msg.error || !msg.counting) finish(msg.id, msg.result ?? msg.error!);
      else {
        reports.set(msg.id, msg.report!);
        join(msg.id);
      }
      send();
    });
    worker.on('error', (error) => settle.reject(error));
    worker.on('exit', (code) => {
      if (!closing && inFlight.size) settle.reject(new Error(`worker exited with code ${code} while linting ${[...inFlight].map((i) => units[i]!.files.join(', ')).join(', ')}`));
    });
    // Files in flight hide the message round trips: two for a whole-file thread; a lint thread
    // parses more while it waits for its partner's precomputes (see worker.ts).
    for (let k = lintThreads.has(worker) ? LINT_IN_FLIGHT : 2; k > 0; k--) send();
  }
  for (const worker of counters) {
    worker.on('message', (msg: CountMessage) => {
      counts.set(msg.id, msg);
      join(msg.id);
    });
    worker.on('error', (error) => settle.reject(error));
    worker.on('exit', (code) => {
      if (!closing && finished < units.length) settle.reject(new Error(`token counting worker exited with code ${code}`));
    });
  }
  try {
    await done;
  } finally {
    closing = true;
    await Promise.all([...feeders, ...counters].map((w) => w.terminate()));
  }
  return results;
}
