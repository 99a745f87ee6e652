/**
 * A worker thread of a parallel CLI run, in one of three roles (see parallel.ts): `whole` lints (or
 * fixes) the files the main thread sends; `lint` parses and lints them and sends what counting
 * their tokens needs to its `count` partner over a port; `count` counts those tokens.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Engine, UsageError, type EngineOptions } from '../engine/engine.js';
import { summarizeJob, type TokenJob } from '../engine/token-summary.js';
import { lintFileCountingElsewhere, processFile, type ProcessOptions } from './process-file.js';

export type WorkerRole = 'whole' | 'lint' | 'count';

export interface WorkerData {
  readonly engine: EngineOptions;
  readonly process: ProcessOptions;
  readonly role: WorkerRole;
  /** `lint` and `count`: the port between the two partners. */
  readonly partner?: MessagePort;
}

const data = workerData as WorkerData;

const failure = (error: unknown) => ({
  message: (error as Error).message,
  usage: error instanceof UsageError,
  name: (error as Error).name,
});

if (data.role === 'count') {
  data.partner!.on('message', (msg: { id: number; job: TokenJob }) => {
    try {
      parentPort!.postMessage({ id: msg.id, tokens: summarizeJob(msg.job) });
    } catch (error) {
      parentPort!.postMessage({ id: msg.id, error: failure(error) });
    }
  });
} else {
  const engine = new Engine(data.engine);
  parentPort!.on('message', (msg: { id: number; file: string }) => {
    try {
      if (data.role === 'lint') {
        const { report, counting } = lintFileCountingElsewhere(engine, msg.file, data.process, (job) => data.partner!.postMessage({ id: msg.id, job }));
        parentPort!.postMessage({ id: msg.id, report, counting });
      } else {
        parentPort!.postMessage({ id: msg.id, report: processFile(engine, msg.file, data.process) });
      }
    } catch (error) {
      parentPort!.postMessage({ id: msg.id, error: failure(error) });
    }
  });
}
