/**
 * A worker thread of a parallel CLI run, in one of three roles (see parallel.ts): `whole` runs (lints
 * or fixes) the units the main thread sends (engine/run.ts); `lint` parses a file alone, asks its
 * `count` partner (over a port) for its rules' precomputes and token counts, and lints it once the
 * precomputes are back (a unit with tasks it runs whole); `count` makes them at once and counts the
 * tokens in between.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Engine, UsageError, type EngineOptions } from '../engine/engine.js';
import { summarizeJob, type TokenJob } from '../engine/token-summary.js';
import { runUnit, type RunOptions, type RunUnit } from '../engine/run.js';
import { lintParsed, parseForLint, pipelined, runPrecomputes, type ParsedForLint, type PrecomputeRequest } from './process-file.js';

export type WorkerRole = 'whole' | 'lint' | 'count';

export interface WorkerData {
  readonly engine: EngineOptions;
  readonly process: RunOptions;
  readonly role: WorkerRole;
  /** `lint` and `count`: the port between the two partners. */
  readonly partner?: MessagePort;
}

interface Request {
  readonly id: number;
  readonly job: TokenJob;
  /** Precomputes the lint thread waits for (none when no rule that has one is on). */
  readonly precompute?: PrecomputeRequest;
}

const data = workerData as WorkerData;

const failure = (error: unknown) => ({
  message: (error as Error).message,
  usage: error instanceof UsageError,
  name: (error as Error).name,
});

if (data.role === 'count') {
  const partner = data.partner!;
  const engine = new Engine(data.engine);
  // The precomputes go back at once: the lint thread waits for them. Token counts wait their turn, one
  // job per turn of the event loop, so that a request never waits behind a queue of counts.
  const queue: Request[] = [];
  const countNext = () => {
    const { id, job } = queue.shift()!;
    try {
      parentPort!.postMessage({ id, tokens: summarizeJob(job) });
    } catch (error) {
      parentPort!.postMessage({ id, error: failure(error) });
    }
    if (queue.length) setImmediate(countNext);
  };
  partner.on('message', (msg: Request) => {
    if (msg.precompute) {
      const results = runPrecomputes(engine, msg.precompute);
      // typed arrays (the comparison forms) move instead of being copied
      const moved = results.flat().flatMap((r) => (ArrayBuffer.isView(r) ? [r.buffer as ArrayBuffer] : []));
      partner.postMessage({ id: msg.id, results }, moved);
    }
    queue.push(msg);
    if (queue.length === 1) setImmediate(countNext);
  });
} else if (data.role === 'lint') {
  const engine = new Engine(data.engine);
  const partner = data.partner!;
  const waiting = new Map<number, ParsedForLint>();
  const lint = (id: number, parsed: ParsedForLint, results: readonly (readonly unknown[])[]) => {
    try {
      parentPort!.postMessage({ id, report: lintParsed(engine, parsed, results, data.process), counting: true });
    } catch (error) {
      parentPort!.postMessage({ id, error: failure(error) });
    }
  };
  parentPort!.on('message', (msg: { id: number; unit: RunUnit }) => {
    try {
      if (!pipelined(msg.unit)) {
        parentPort!.postMessage({ id: msg.id, result: runUnit(engine, msg.unit, data.process), counting: false });
        return;
      }
      const parsed = parseForLint(engine, msg.unit.files[0]!);
      if ('skipped' in parsed) {
        parentPort!.postMessage({ id: msg.id, result: { reports: [parsed.skipped], others: [], tasks: [] }, counting: false });
        return;
      }
      if (!parsed.request.precompute.ids.length) {
        // nothing to precompute: lint now
        partner.postMessage({ id: msg.id, job: parsed.request.job });
        lint(msg.id, parsed, []);
        return;
      }
      partner.postMessage({ id: msg.id, ...parsed.request });
      waiting.set(msg.id, parsed);
    } catch (error) {
      parentPort!.postMessage({ id: msg.id, error: failure(error) });
    }
  });
  partner.on('message', (msg: { id: number; results: unknown[][] }) => {
    const parsed = waiting.get(msg.id)!;
    waiting.delete(msg.id);
    lint(msg.id, parsed, msg.results);
  });
} else {
  const engine = new Engine(data.engine);
  parentPort!.on('message', (msg: { id: number; unit: RunUnit }) => {
    try {
      parentPort!.postMessage({ id: msg.id, result: runUnit(engine, msg.unit, data.process) });
    } catch (error) {
      parentPort!.postMessage({ id: msg.id, error: failure(error) });
    }
  });
}
