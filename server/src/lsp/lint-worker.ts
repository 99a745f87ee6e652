/**
 * The worker thread that lints for the language server: it hosts a LintService and answers the
 * server's requests in order, so a long lint never blocks the protocol thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { codeCacheStatus, threadCpuMs, writeCodeCaches, type BackendRequest, type WorkerInit } from './lint-backend.js';
import { deferTableWrites } from '../tokens/cache.js';
import { encoderLoadInfo, getEncoder } from '../tokens/encodings.js';
import { acceptTokenTable, declineSharedTable, sharedTableNote } from '../tokens/share.js';
import { createService, handleRequest } from './lint-host.js';
import type { LintOutcome, LintRequest, LintService } from './linting.js';
import { uriToPath } from './paths.js';
import { PRELINT_ENV, type PrelintPayload } from './protocol.js';
import { normalizeSettings } from './settings.js';

const loadedAt = performance.timeOrigin + performance.now();
const loadedCpu = threadCpuMs();
/** When the prestarted worker had the default token table (epoch ms), and this thread's CPU time then. */
let table: { readonly at: number; readonly cpu: number | undefined } | undefined;
let roots: readonly string[] = [];

/** How the default token table was loaded, for the server's start-up line. */
function tokenTableNote(): string[] {
  const info = encoderLoadInfo('o200k_base');
  if (!info) return [];
  return [`token table ${info.source === 'cache' ? 'from the token cache' : (sharedTableNote() ?? 'indexed by the lint worker')}`];
}
let service: LintService | undefined;

/** The workspace is known: the service starts (at once, or on the `init` message of a prestarted worker). */
function start(init: WorkerInit): void {
  // a service that pre-linted for this workspace and trust is kept, with its results
  if (!(service && prelint && sameRoots(prelint.roots, init.roots) && prelint.trusted === init.trusted)) {
    if (prelint) discardPrelints('the workspace folders or trust differ from what the extension sent');
    service?.dispose();
    roots = init.roots;
    service = createService(() => roots, init.trusted);
  }
  // for the server's start-up line: when this thread had loaded the engine (epoch ms), and how; what it pre-linted
  parentPort!.postMessage({ id: 0, loadedAt, loadedCpu, ...(table ? { tableAt: table.at, tableCpu: table.cpu } : {}), codeCache: [...codeCacheStatus(), ...tokenTableNote()], ...(prelint ? { prelint: prelint.note } : {}) });
}

/**
 * Pre-lints (PRELINT_ENV, docs/lsp.md "Eighth pass"): the VS Code extension forks the server as its
 * bundle loads, with the open prompt documents, the workspace folders, the trust and the window's
 * settings. The prestarted worker lints them at once, while the extension host is still preparing
 * the extension's activation. A first lint request of the same text, version, path and settings (and
 * the same folders and trust, checked at `init`) gets that result; any other is linted as usual.
 */
interface Prelint {
  readonly roots: readonly string[];
  readonly trusted: boolean;
  readonly settingsKey: string;
  readonly lints: Map<string, { readonly request: LintRequest; readonly outcome: Promise<LintOutcome> }>;
  /** For the start-up line: how many, when done (epoch ms), used or why not. */
  note: { docs: number; doneAt?: number; used: number; discarded?: string };
}
let prelint: Prelint | undefined;
let prelintsSettled: Promise<unknown> = Promise.resolve();
let prelintReported = false;

function sameRoots(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

function startPrelints(json: string): void {
  let payload: PrelintPayload;
  try {
    payload = JSON.parse(json) as PrelintPayload;
    if (!Array.isArray(payload.docs) || !Array.isArray(payload.folders)) return;
  } catch {
    return;
  }
  const prelintRoots: string[] = [];
  for (const uri of payload.folders) {
    if (typeof uri !== 'string' || !uri.startsWith('file:')) continue;
    try {
      prelintRoots.push(uriToPath(uri, undefined, process.cwd()));
    } catch {
      // skipped, as the server skips it
    }
  }
  roots = prelintRoots;
  const trusted = payload.trusted === true;
  service = createService(() => roots, trusted);
  const settings = normalizeSettings(payload.settings);
  const p: Prelint = { roots: prelintRoots, trusted, settingsKey: JSON.stringify(settings), lints: new Map(), note: { docs: 0, used: 0 } };
  prelint = p;
  const all: Promise<unknown>[] = [];
  for (const doc of payload.docs) {
    if (typeof doc?.uri !== 'string' || typeof doc.text !== 'string' || typeof doc.version !== 'number') continue;
    const request: LintRequest = { doc: { uri: doc.uri, path: uriToPath(doc.uri, doc.languageId, prelintRoots[0] ?? process.cwd()), version: doc.version, text: doc.text }, settings, generation: 0 };
    const outcome = service.lint(request);
    outcome.catch(() => undefined);
    p.lints.set(doc.uri, { request, outcome });
    p.note.docs++;
    all.push(outcome.catch(() => undefined));
  }
  prelintsSettled = Promise.all(all).then(() => (p.note.doneAt = performance.timeOrigin + performance.now()));
  // a pre-lint no client asked for (the document was closed before the client started): let it go
  setTimeout(() => discardPrelints('not asked for within 30 s'), 30_000).unref();
}

function discardPrelints(reason: string): void {
  if (!prelint) return;
  for (const [uri, { request }] of prelint.lints) service?.close(uri, request.doc.path);
  if (prelint.lints.size) prelint.note.discarded = reason;
  prelint.lints.clear();
}

/** The pre-lint's outcome for this first lint request, if it is of the same document, text and settings. */
function prelinted(request: LintRequest): Promise<LintOutcome> | undefined {
  const p = prelint?.lints.get(request.doc.uri);
  if (!p) return undefined;
  prelint!.lints.delete(request.doc.uri);
  const before = p.request;
  const same =
    before.doc.version === request.doc.version &&
    before.doc.path === request.doc.path &&
    before.doc.text === request.doc.text &&
    request.generation === 0 &&
    prelint!.settingsKey === JSON.stringify(request.settings);
  if (!same) return undefined;
  prelint!.note.used++;
  return p.outcome;
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
    // after the pre-lints (the service lints one document at a time), then from them if they fit
    if (prelint) await prelintsSettled;
    const early = message.request.method === 'lint' ? prelinted(message.request.params) : undefined;
    const result = early ? await early : await handleRequest(service!, message.request);
    // this thread's CPU time so far, for the server's start-up line (lint and warm-up only)
    const cpu = message.request.method === 'lint' || message.request.method === 'warmUp' ? threadCpuMs() : undefined;
    // the pre-lints, once, with the first lint's answer (for the start-up line)
    const note = message.request.method === 'lint' && prelint && !prelintReported ? ((prelintReported = true), prelint.note) : undefined;
    parentPort!.postMessage({ id: message.id, result, cpu, ...(note ? { prelint: note } : {}) });
    // the first lint is answered: what it compiled goes into the code cache now (once)
    if (message.request.method === 'lint') writeCodeCaches();
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id: message.id, error: { message: e?.message ?? String(error), stack: e?.stack } });
  }
});

const init = workerData as WorkerInit;
// A token table indexed at a cache miss is written to the token cache after the first lint was
// answered, with the code caches (writeCodeCaches), or after 10 s: not on the way to the first
// diagnostics (issue 13.16, ninth pass).
deferTableWrites((write) => {
  const slot = globalThis as { [key: symbol]: (() => void)[] | undefined };
  const key = Symbol.for('prompt-lint.writeCodeCaches');
  let done = false;
  const once = () => {
    if (!done) (done = true), write();
  };
  (slot[key] ??= []).push(once);
  setTimeout(once, 10_000).unref();
});
acceptTokenTable(init.tokenShare);
if (!init.prestarted) start(init);
else {
  // Started before the workspace is known: load the token table of the default model (gpt-4o) and
  // of the Claude and Gemini estimates now, while the protocol thread starts (the config may name
  // another model; that one loads with the first lint).
  try {
    getEncoder('o200k_base');
    table = { at: performance.timeOrigin + performance.now(), cpu: threadCpuMs() };
  } catch {
    // reported by the first lint that needs it
  }
  // read from the token cache after all: the protocol thread need not index it
  declineSharedTable();
  // the open prompt documents the extension sent, linted now (see startPrelints)
  const json = process.env[PRELINT_ENV];
  if (json) startPrelints(json);
}
