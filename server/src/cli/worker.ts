/** A worker thread of a parallel CLI run: it lints (or fixes) the files the main thread sends. */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, UsageError, type EngineOptions } from '../engine/engine.js';
import { processFile, type ProcessOptions } from './process-file.js';

interface Data {
  readonly engine: EngineOptions;
  readonly process: ProcessOptions;
}

const data = workerData as Data;
const engine = new Engine(data.engine);

parentPort!.on('message', (msg: { id: number; file: string }) => {
  try {
    parentPort!.postMessage({ id: msg.id, report: processFile(engine, msg.file, data.process) });
  } catch (error) {
    parentPort!.postMessage({
      id: msg.id,
      error: { message: (error as Error).message, usage: error instanceof UsageError, name: (error as Error).name },
    });
  }
});
