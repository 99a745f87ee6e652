/** Spreads files over worker threads; results come back in input order, as a serial run gives them. */
import { Worker } from 'node:worker_threads';
import type { EngineOptions, FileReport } from '../engine/engine.js';
import type { ProcessOptions } from './process-file.js';

/** Young generation of each worker (V8 sizes it as three semi-spaces). */
const YOUNG_GENERATION_MB = 96;

export interface WorkerFailure {
  readonly message: string;
  readonly usage: boolean;
  readonly name: string;
}

export async function processInWorkers(
  files: readonly string[],
  threads: number,
  engine: EngineOptions,
  process: ProcessOptions,
  onDone: (index: number) => void,
): Promise<(FileReport | WorkerFailure)[]> {
  const results = new Array<FileReport | WorkerFailure>(files.length);
  let next = 0;
  // Bundled, the worker is its own bundle beside the CLI's; unbundled, the compiled module beside this one.
  const bundled = import.meta.url.endsWith('/prompt-lint.mjs');
  const workerUrl = new URL(bundled ? './prompt-lint-worker.mjs' : './worker.js', import.meta.url);
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const inFlight = new Set<number>();
      const send = () => {
        if (next >= files.length) {
          if (inFlight.size === 0) resolve();
          return;
        }
        const id = next++;
        inFlight.add(id);
        worker.postMessage({ id, file: files[id] });
      };
      worker.on('message', (msg: { id: number; report?: FileReport; error?: WorkerFailure }) => {
        results[msg.id] = msg.report ?? msg.error!;
        inFlight.delete(msg.id);
        onDone(msg.id);
        send();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (inFlight.size) reject(new Error(`worker exited with code ${code} while linting ${[...inFlight].map((i) => files[i]).join(', ')}`));
      });
      // Two files in flight per worker hide the message round trip.
      send();
      send();
    });
  // A larger young generation: linting allocates per file what lives until the file is done, and
  // with V8's default (16 MB semi-spaces) much of it is copied and promoted before it dies
  // (scavenges on the corpus, one thread: 462 ms by default, 343 ms with 32 MB semi-spaces).
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const workers = Array.from({ length: threads }, () => new Worker(workerUrl, { workerData: { engine, process }, resourceLimits }));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
