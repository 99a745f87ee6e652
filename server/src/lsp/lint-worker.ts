/**
 * The worker thread that lints for the language server: it hosts a LintService and answers the
 * server's requests in order, so a long lint never blocks the protocol thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { handleRequest, createService, type BackendRequest, type WorkerInit } from './lint-backend.js';

const init = workerData as WorkerInit;
let roots: readonly string[] = init.roots;
const service = createService(() => roots, init.trusted);

parentPort!.on('message', async (message: { id: number; request: BackendRequest }) => {
  try {
    if (message.request.method === 'setRoots') {
      roots = message.request.roots;
      parentPort!.postMessage({ id: message.id, result: null });
      return;
    }
    const result = await handleRequest(service, message.request);
    parentPort!.postMessage({ id: message.id, result });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id: message.id, error: { message: e?.message ?? String(error), stack: e?.stack } });
  }
});
