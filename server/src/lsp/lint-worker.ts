/**
 * The worker thread that lints for the language server: it hosts a LintService and answers the
 * server's requests in order, so a long lint never blocks the protocol thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
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
  parentPort!.postMessage({ id: 0, loadedAt, loadedCpu, codeCache: [...codeCacheStatus(), ...(idleWarmUpCpu === undefined ? [] : [`idle warm-up ${idleWarmUpCpu} ms CPU`])] });
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

type Message = { id: number; request: BackendRequest } | { init: WorkerInit };

parentPort!.on('message', (message: Message) => void handle(message));

async function handle(message: Message): Promise<void> {
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
}

/**
 * A prestarted worker that has loaded before the workspace is known warms the rules up while it
 * waits (issue 13.16): a lint of a small text on built-in defaults, in an empty folder of its own,
 * compiles the rules' code and regular expressions that the first real lint then finds ready. It
 * runs only if no message is waiting: an `init` already queued goes first, and then it does not
 * run (the first lint warms up the same itself).
 */
function idleWarmUp(): void {
  if (service || process.env.PROMPT_LINT_IDLE_WARM_UP === '0') return;
  // A message already waiting (the `init`, then a lint) goes first: its lint warms up the same.
  const queued = receiveMessageOnPort(parentPort as unknown as MessagePort);
  if (queued) {
    void handle(queued.message as Message);
    return;
  }
  const t0 = threadCpuMs();
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-warm-up-'));
    fs.writeFileSync(path.join(dir, '.promptlintrc.json'), '{ "root": true }\n');
    const scratch = createService(() => [dir!], false);
    scratch.warmUp(dir);
    scratch.dispose();
    idleWarmUpCpu = t0 === undefined ? undefined : (threadCpuMs() ?? t0) - t0;
  } catch {
    // a warm-up only saves time; the first lint reports what is wrong
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
/** CPU ms the idle warm-up took (for the start-up line), when it ran. */
let idleWarmUpCpu: number | undefined;

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
  setImmediate(idleWarmUp);
}
