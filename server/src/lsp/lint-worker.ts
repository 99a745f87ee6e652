/**
 * The worker thread that lints for the language server: it hosts a LintService and answers the
 * server's requests in order, so a long lint never blocks the protocol thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { codeCacheStatus, threadCpuMs, writeCodeCaches, type BackendRequest, type WorkerInit } from './lint-backend.js';
import { getEncoder } from '../tokens/encodings.js';
import { createService, handleRequest } from './lint-host.js';
import type { LintService } from './linting.js';

const loadedAt = performance.timeOrigin + performance.now();
const loadedCpu = threadCpuMs();
let roots: readonly string[] = [];
let service: LintService | undefined;

/** The workspace is known: the service starts (at once, or on the `init` message of a prestarted worker). */
function start(init: WorkerInit): void {
  roots = init.roots;
  service = createService(() => roots, init.trusted);
  // for the server's start-up line: when this thread had loaded the engine (epoch ms), and how
  parentPort!.postMessage({ id: 0, loadedAt, loadedCpu, codeCache: codeCacheStatus() });
}

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

parentPort!.on('message', async (message: { id: number; request: BackendRequest } | { init: WorkerInit }) => {
  if ('init' in message) {
    start(message.init);
    return;
  }
  // the time limit of a request counts from here, not from when it was queued
  parentPort!.postMessage({ id: message.id, started: true });
  try {
    blockIfMarked(message.request);
    if (message.request.method === 'setRoots') {
      roots = message.request.roots;
      parentPort!.postMessage({ id: message.id, result: null });
      return;
    }
    const result = await handleRequest(service!, message.request);
    // this thread's CPU time so far, for the server's start-up line (lint and warm-up only)
    const cpu = message.request.method === 'lint' || message.request.method === 'warmUp' ? threadCpuMs() : undefined;
    parentPort!.postMessage({ id: message.id, result, cpu });
    // the first lint is answered: what it compiled goes into the code cache now (once)
    if (message.request.method === 'lint') writeCodeCaches();
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id: message.id, error: { message: e?.message ?? String(error), stack: e?.stack } });
  }
});

const init = workerData as WorkerInit;
if (!init.prestarted) start(init);
else {
  // Started before the workspace is known: load the token table of the default model (gpt-4o) and
  // of the Claude and Gemini estimates now, while the protocol thread starts (the config may name
  // another model; that one loads with the first lint).
  try {
    getEncoder('o200k_base');
  } catch {
    // reported by the first lint that needs it
  }
}
