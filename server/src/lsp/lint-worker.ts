/**
 * The worker thread that lints for the language server: it hosts a LintService and answers the
 * server's requests in order, so a long lint never blocks the protocol thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendRequest, WorkerInit } from './lint-backend.js';
import { createService, handleRequest } from './lint-host.js';

const init = workerData as WorkerInit;
let roots: readonly string[] = init.roots;
const service = createService(() => roots, init.trusted);

/**
 * Test hook (test/lsp/lint-timeout.test.ts): with PROMPT_LINT_TEST_SLOW_MARKER set, a lint or
 * token view or fix-all of a text containing it blocks this thread, as a pathological input would.
 */
const slowMarker = process.env.PROMPT_LINT_TEST_SLOW_MARKER;
function blockIfMarked(request: BackendRequest): void {
  if (!slowMarker) return;
  const text = request.method === 'lint' || request.method === 'tokenView' ? request.params.doc.text : request.method === 'fixText' ? request.text : '';
  if (text.includes(slowMarker)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600_000);
}

parentPort!.on('message', async (message: { id: number; request: BackendRequest }) => {
  // the time limit of a request counts from here, not from when it was queued
  parentPort!.postMessage({ id: message.id, started: true });
  try {
    blockIfMarked(message.request);
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
