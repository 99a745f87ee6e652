/**
 * How the protocol thread talks to the LintService: in a worker thread (the default, so that a
 * huge file or a slow rule never blocks hover, code actions or other documents), or in the same
 * thread (`PROMPT_LINT_LSP_WORKER=0`). Requests are answered in order. A worker that dies is
 * replaced, and the server re-lints its open documents; after repeated crashes it falls back to
 * linting in process. A lint or token view that takes longer than the document's
 * `lintTimeoutMs` is stopped: the worker is terminated (a synchronous rule cannot be interrupted
 * any other way), the request fails with `LintTimeoutError`, and a new worker serves the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { TokenShareInit, TokenShareOffer } from '../tokens/share.js';
import type { ContextQuery } from './effective-context.js';
import type { ContextResult } from './protocol.js';
import type { DocumentResult, LintOutcome, LintRequest, LintService, PathFindings, PlainConfigError } from './linting.js';

export type BackendRequest =
  | { readonly method: 'lint'; readonly params: LintRequest }
  | { readonly method: 'tokenView'; readonly params: LintRequest }
  | { readonly method: 'close'; readonly uri: string; readonly path: string }
  | { readonly method: 'configChanged'; readonly dirs: readonly string[] }
  | { readonly method: 'probeConfig'; readonly dir: string }
  | { readonly method: 'fixText'; readonly uri: string; readonly path: string; readonly text: string; readonly model: string }
  | { readonly method: 'stats'; readonly gc: boolean }
  | { readonly method: 'setRoots'; readonly roots: readonly string[] }
  | { readonly method: 'warmUp'; readonly dir: string }
  | { readonly method: 'context'; readonly query: ContextQuery; readonly model: string }
  | { readonly method: 'dispose' };

export interface WorkerInit {
  readonly roots: readonly string[];
  /** The workspace is trusted (see LintServiceOptions.trusted). */
  readonly trusted: boolean;
  /**
   * Started before `initialize` (prestartLintWorker): the worker loads the engine and the default
   * token table, then waits for a `{ init: WorkerInit }` message before it reads any configuration;
   * unless the extension gave it the open prompt files (PRELINT_ENV, lint-worker.ts): those it lints
   * at once, with the folders and trust given, and keeps that service only if `init` agrees.
   */
  readonly prestarted?: boolean;
  /** The default token table, indexed by the protocol thread for this prestarted worker (tokens/share.ts). */
  readonly tokenShare?: TokenShareInit;
}

/** What a prestarted worker pre-linted (lint-worker.ts, PRELINT_ENV): for the start-up line. */
export interface PrelintNote {
  readonly docs: number;
  /** When the pre-lints were done, epoch ms. */
  readonly doneAt?: number;
  /** First lint requests answered from a pre-lint. */
  readonly used: number;
  readonly discarded?: string;
}

const PRESTARTED = Symbol.for('prompt-lint.prestartedLintWorker');
type PrestartSlot = { [PRESTARTED]?: Worker };

/**
 * Starts the lint worker at once, before the protocol side is even loaded (issue 13.16): it loads
 * the engine while this thread loads the protocol and answers `initialize`. The first WorkerBackend
 * adopts it and sends it the workspace (roots, trust). Unreferenced until adopted, so a server
 * that lints in process is not kept alive by it.
 */
export function prestartLintWorker(file: string | URL, tokenShare?: TokenShareOffer): void {
  const workerData: WorkerInit = { roots: [], trusted: false, prestarted: true, ...(tokenShare ? { tokenShare: tokenShare.init } : {}) };
  const worker = new Worker(file, { workerData, ...(tokenShare ? { transferList: [...tokenShare.transfer] } : {}) });
  worker.unref();
  const slot = globalThis as PrestartSlot;
  slot[PRESTARTED] = worker;
  const drop = () => {
    if (slot[PRESTARTED] === worker) delete slot[PRESTARTED];
  };
  worker.on('error', drop);
  worker.on('exit', drop);
}

function takePrestartedWorker(): Worker | undefined {
  const slot = globalThis as PrestartSlot;
  const worker = slot[PRESTARTED];
  delete slot[PRESTARTED];
  return worker;
}

/** A lint (or token view) ran past its time limit; the worker running it was replaced. */
export class LintTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`linting took longer than ${limitMs} ms`);
    this.name = 'LintTimeoutError';
  }
}

export interface BackendStats {
  readonly heapUsed: number;
  readonly results: number;
  /** StartupBackend: lints run in the protocol thread, and whether its worker was started. */
  readonly inProcessLints?: number;
  readonly workerStarted?: boolean;
  /** Which thread lints now. */
  readonly lintThread?: 'protocol' | 'worker';
}

export interface LintBackend {
  lint(params: LintRequest): Promise<LintOutcome>;
  /** Structure and token counts of a document version, no rules run (hover, code lens, symbols, token report). */
  tokenView(params: LintRequest): Promise<DocumentResult>;
  close(uri: string, path: string): Promise<PathFindings>;
  configChanged(dirs: readonly string[]): Promise<PlainConfigError[]>;
  probeConfig(dir: string): Promise<PlainConfigError[]>;
  /** The CLI's `--fix` on a text; `limitMs` bounds it like a lint (0: none). */
  fixText(uri: string, path: string, text: string, model: string, limitMs?: number): Promise<string>;
  stats(gc: boolean): Promise<BackendStats>;
  /** The effective contexts of a document (`promptLint/context`), bounded like a lint. */
  context(query: ContextQuery, model: string, limitMs?: number): Promise<ContextResult>;
  /** Loads the engine, the rules and the default model's token table now, ahead of the first lint. */
  warmUp(): void;
  /** A document was opened: its lint follows and loads the same, so a warm-up not yet begun is not needed. */
  documentOpened(): void;
  setRoots(roots: readonly string[]): void;
  dispose(): Promise<void>;
}

/** The workspace folder containing a file (the deepest), else the first, else the file's directory. */
export function rootFinder(roots: () => readonly string[]): (filePath: string) => string {
  return (filePath) => {
    let best: string | undefined;
    for (const root of roots()) {
      const rel = path.relative(root, filePath);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || root.length > best.length)) best = root;
    }
    return best ?? roots()[0] ?? path.dirname(filePath);
  };
}

let gcFunction: (() => void) | undefined;
/** A full collection (for memory measurements): exposes V8's gc on first use. */
export function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}

/**
 * Lints in the protocol thread. The engine is loaded on first use (a dynamic import), so that a
 * server linting in its worker never loads the engine in the protocol thread too.
 */
export class InProcessBackend implements LintBackend {
  private roots: readonly string[];
  private host: Promise<{ service: LintService; handle: (request: BackendRequest) => Promise<unknown> }> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    roots: readonly string[],
    private readonly trusted: boolean,
  ) {
    this.roots = roots;
  }

  private load() {
    return (this.host ??= import('./lint-host.js').then(({ createService, handleRequest }) => {
      const service = createService(() => this.roots, this.trusted);
      return { service, handle: (request: BackendRequest) => handleRequest(service, request) };
    }));
  }

  /** Loads the engine now (the lint service's host), without linting anything. */
  preload(): Promise<void> {
    const next = this.queue.then(() => this.load()).then(() => undefined);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private run<T>(request: BackendRequest): Promise<T> {
    const next = this.queue.then(async () => (await this.load()).handle(request)) as Promise<T>;
    this.queue = next.catch(() => undefined);
    return next;
  }

  lint(params: LintRequest) {
    return this.run<LintOutcome>({ method: 'lint', params });
  }
  tokenView(params: LintRequest) {
    return this.run<DocumentResult>({ method: 'tokenView', params });
  }
  close(uri: string, p: string) {
    return this.run<PathFindings>({ method: 'close', uri, path: p });
  }
  configChanged(dirs: readonly string[]) {
    return this.run<PlainConfigError[]>({ method: 'configChanged', dirs });
  }
  probeConfig(dir: string) {
    return this.run<PlainConfigError[]>({ method: 'probeConfig', dir });
  }
  fixText(uri: string, p: string, text: string, model: string) {
    return this.run<string>({ method: 'fixText', uri, path: p, text, model });
  }
  stats(gc: boolean) {
    return this.run<BackendStats>({ method: 'stats', gc });
  }
  context(query: ContextQuery, model: string) {
    return this.run<ContextResult>({ method: 'context', query, model });
  }
  warmUp(): void {
    void this.run({ method: 'warmUp', dir: this.roots[0] ?? process.cwd() }).catch(() => undefined);
  }
  documentOpened(): void {
    // the warm-up is queued at once here, ahead of any lint
  }
  setRoots(roots: readonly string[]): void {
    this.roots = roots;
  }
  /** After the requests already queued; the service and its results are let go. */
  async dispose(): Promise<void> {
    const host = this.host;
    if (!host) return;
    await this.queue;
    (await host).service.dispose();
    this.host = undefined;
  }
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** Time limit in ms (0: none), counted from when the worker starts on the request. */
  readonly limitMs: number;
  timer?: ReturnType<typeof setTimeout>;
}

const MAX_CRASHES = 5;

/**
 * The first worker's start-up milestones (issue 13.16), in ms since this process started: logged
 * once, when the first lint is answered, so that a slow first diagnostic can be read in the log.
 */
class StartupTimeline {
  private readonly marks: [string, number][] = [];
  /** CPU time of each thread at its marks (threadCpuMs), where the platform tells it. */
  private readonly cpu: [string, number][] = [];
  private done = false;
  /** How the worker's bundle loaded (see codeCacheStatus). */
  workerStatus: readonly string[] = [];
  /** What the worker pre-linted (PRELINT_ENV, the VS Code build forked at the extension's load). */
  prelint: string | undefined;

  /** `at`: ms since this process started (performance.now() of the protocol thread). */
  mark(name: string, at = performance.now()): void {
    if (!this.done && !this.marks.some(([n]) => n === name)) this.marks.push([name, at]);
  }

  /** `thread`'s CPU time at a mark: `ms` from the worker's message, else this thread's now. */
  cpuMark(thread: 'protocol' | 'worker', name: string, ms = threadCpuMs()): void {
    const key = `${thread} ${name}`;
    if (!this.done && ms !== undefined && !this.cpu.some(([n]) => n === key)) this.cpu.push([key, ms]);
  }

  /** The marks so far, once: for the log line. */
  take(): string | undefined {
    if (this.done) return undefined;
    this.done = true;
    const loaded = [...codeCacheStatus(), ...this.workerStatus];
    // CPU time of the whole process (all threads) so far: the work, which a loaded machine stretches less than the clock
    const cpu = process.cpuUsage();
    return (
      `start-up (ms since the server process started): ${[...this.marks].sort((a, b) => a[1] - b[1]).map(([n, t]) => `${n} ${Math.round(t)}`).join(', ')}; ` +
      `CPU time ${Math.round((cpu.user + cpu.system) / 1000)} ms; process started at ${new Date(performance.timeOrigin).toISOString()}` +
      (this.cpu.length ? `; thread CPU ms: ${this.cpu.map(([n, t]) => `${n} ${t}`).join(', ')}` : '') +
      (loaded.length ? `; ${loaded.join(', ')}` : '') +
      (this.prelint ? `; ${this.prelint}` : '')
    );
  }
}

/**
 * CPU time this thread has used so far, in ms (Linux: /proc/thread-self/stat, 10 ms ticks), else
 * undefined: the start-up line's per-thread work, which a loaded machine stretches less than the clock.
 */
export function threadCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes this thread's missing V8 code caches now (client/src/load-bundle.ts queues them in the
 * VS Code build; nothing elsewhere): called once the first lint was answered, in both threads.
 */
export function writeCodeCaches(): void {
  const slot = globalThis as { [key: symbol]: unknown };
  const key = Symbol.for('prompt-lint.writeCodeCaches');
  const writes = slot[key] as (() => void)[] | undefined;
  delete slot[key];
  if (writes?.length) setImmediate(() => writes.forEach((write) => write()));
}

/** How this thread's bundles were loaded (client/src/load-bundle.ts notes it in the VS Code build; empty elsewhere). */
export function codeCacheStatus(): readonly string[] {
  return (globalThis as { [key: symbol]: unknown })[Symbol.for('prompt-lint.codeCacheStatus')] as string[] | undefined ?? [];
}

/** Lints in a worker thread. */
export class WorkerBackend implements LintBackend {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private crashes = 0;
  private fallback: InProcessBackend | undefined;
  private disposed = false;
  private readonly startup = new StartupTimeline();
  /** The worker's CPU time when it answered its last request (for the start-up line). */
  private cpuOfLast: number | undefined;
  /** warmUp() was called: warm up once the worker has loaded, unless it was asked something by then. */
  private warmUpWanted = false;
  /** A request that loads what a warm-up loads (config, rules, token table) was sent. */
  private asked = false;
  private resolveLoaded!: () => void;
  /** The (first) worker has loaded the engine and read its workspace. */
  readonly loaded = new Promise<void>((resolve) => (this.resolveLoaded = resolve));

  constructor(
    private roots: readonly string[],
    private readonly trusted: boolean,
    /** Called after the worker died and was replaced: its state (results, tasks) is gone. */
    private readonly onRestart: (reason: string) => void,
    /** For the one start-up line (see StartupTimeline). */
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.startup.mark('initialize');
    this.startup.cpuMark('protocol', 'initialize');
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const init: WorkerInit = { roots: this.roots, trusted: this.trusted };
    let worker = takePrestartedWorker();
    if (worker) {
      worker.ref();
      worker.postMessage({ init });
    } else {
      worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: init });
    }
    worker.on('message', (message: { id: number; started?: true; loadedAt?: number; loadedCpu?: number; tableAt?: number; tableCpu?: number; codeCache?: string[]; result?: unknown; cpu?: number; error?: { message: string; stack?: string }; prelint?: PrelintNote }) => {
      // the worker's clock starts with the worker: its time origin turns it into this thread's
      if (message.loadedAt !== undefined) {
        this.startup.mark('lint worker loaded', message.loadedAt - performance.timeOrigin);
        this.startup.cpuMark('worker', 'loaded', message.loadedCpu);
        if (message.tableAt !== undefined) {
          this.startup.mark('token table ready', message.tableAt - performance.timeOrigin);
          this.startup.cpuMark('worker', 'token table ready', message.tableCpu);
        }
        this.startup.workerStatus = message.codeCache ?? [];
        // a worker that pre-linted the open documents has loaded what a warm-up loads
        if (message.prelint?.docs) this.warmUpWanted = false;
        if (this.warmUpWanted && !this.asked) this.sendWarmUp();
        this.warmUpWanted = false;
        this.resolveLoaded();
      }
      if (message.cpu !== undefined) this.cpuOfLast = message.cpu;
      if (message.prelint) {
        const p = message.prelint;
        if (p.doneAt !== undefined) this.startup.mark('pre-lint done', p.doneAt - performance.timeOrigin);
        this.startup.prelint = `pre-lint: ${p.docs} document(s), ${p.used} used${p.discarded ? ` (discarded: ${p.discarded})` : ''}`;
      }
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.started) {
        if (pending.limitMs > 0) pending.timer = setTimeout(() => this.timeOut(worker, message.id), pending.limitMs);
        return;
      }
      clearTimeout(pending.timer);
      this.pending.delete(message.id);
      if (message.error) pending.reject(Object.assign(new Error(message.error.message), { stack: message.error.stack }));
      else pending.resolve(message.result);
    });
    const died = (exit: string) => {
      if (this.worker !== worker) return;
      const reason = exit;
      this.worker = undefined;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`the lint worker stopped: ${reason}`));
      }
      this.pending.clear();
      if (this.disposed) return;
      // (a worker stopped for a slow document is detached in timeOut and never counts as a crash:
      // no fallback to linting in process, where nothing could stop the next slow lint)
      this.crashes++;
      if (this.crashes >= MAX_CRASHES) this.fallback = new InProcessBackend(this.roots, this.trusted);
      this.onRestart(reason);
    };
    worker.on('error', (error) => died(error.stack ?? error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private run<T>(request: BackendRequest, limitMs = 0): Promise<T> {
    if (request.method !== 'warmUp' && request.method !== 'setRoots') this.asked = true;
    const worker = this.ensureWorker();
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, limitMs });
      worker.postMessage({ id, request });
    });
  }

  /** Request `id` ran past its limit: fail it and replace the worker (the others' requests fail and are redone). */
  private timeOut(worker: Worker, id: number): void {
    const pending = this.pending.get(id);
    if (!pending || this.worker !== worker) return;
    this.pending.delete(id);
    pending.reject(new LintTimeoutError(pending.limitMs));
    // Detached now, not when it has exited: a request sent meanwhile goes to a new worker instead
    // of failing with the old one.
    this.worker = undefined;
    const reason = 'a document took longer than its time limit (lintTimeoutMs)';
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the lint worker stopped: ${reason}`));
    }
    this.pending.clear();
    void worker.terminate();
    if (!this.disposed) this.onRestart(reason);
  }

  lint(params: LintRequest) {
    if (this.fallback) return this.fallback.lint(params);
    this.startup.mark('first lint requested');
    this.startup.cpuMark('protocol', 'first lint requested');
    const outcome = this.run<LintOutcome>({ method: 'lint', params }, params.settings.lintTimeoutMs);
    void outcome.then(() => {
      this.startup.mark('first lint answered');
      this.startup.cpuMark('worker', 'first lint answered', this.cpuOfLast);
      this.startup.cpuMark('protocol', 'first lint answered');
      const line = this.startup.take();
      if (line) {
        this.log(line);
        writeCodeCaches();
      }
    }, () => undefined);
    return outcome;
  }
  tokenView(params: LintRequest) {
    return this.fallback ? this.fallback.tokenView(params) : this.run<DocumentResult>({ method: 'tokenView', params }, params.settings.lintTimeoutMs);
  }
  close(uri: string, p: string) {
    return this.fallback ? this.fallback.close(uri, p) : this.run<PathFindings>({ method: 'close', uri, path: p });
  }
  configChanged(dirs: readonly string[]) {
    return this.fallback ? this.fallback.configChanged(dirs) : this.run<PlainConfigError[]>({ method: 'configChanged', dirs });
  }
  probeConfig(dir: string) {
    return this.fallback ? this.fallback.probeConfig(dir) : this.run<PlainConfigError[]>({ method: 'probeConfig', dir });
  }
  fixText(uri: string, p: string, text: string, model: string, limitMs = 0) {
    return this.fallback ? this.fallback.fixText(uri, p, text, model) : this.run<string>({ method: 'fixText', uri, path: p, text, model }, limitMs);
  }
  stats(gc: boolean) {
    return this.fallback ? this.fallback.stats(gc) : this.run<BackendStats>({ method: 'stats', gc });
  }
  context(query: ContextQuery, model: string, limitMs = 0) {
    return this.fallback ? this.fallback.context(query, model) : this.run<ContextResult>({ method: 'context', query, model }, limitMs);
  }
  /**
   * Starts the worker, and warms it up once it has loaded the engine, if nothing was asked of it by
   * then: a lint already waiting loads the same itself, and a warm-up before it only delays it (a
   * prompt file open when the editor starts the server, issue 13.16).
   */
  warmUp(): void {
    if (this.fallback) return this.fallback.warmUp();
    this.warmUpWanted = true;
    this.ensureWorker();
  }
  documentOpened(): void {
    this.asked = true;
    this.startup.mark('first document opened');
  }
  /** Starts the worker now, without a warm-up (StartupBackend hands its documents over once it has loaded). */
  start(): void {
    if (!this.fallback) this.ensureWorker();
  }
  /** A start-up mark from before this backend existed (ms since the process started). */
  startupMark(name: string, at: number): void {
    this.startup.mark(name, at);
  }
  private sendWarmUp(): void {
    void this.run({ method: 'warmUp', dir: this.roots[0] ?? process.cwd() }).then(() => {
      this.startup.mark('warm-up done');
      this.startup.cpuMark('worker', 'warm-up done', this.cpuOfLast);
    }, () => undefined);
  }
  setRoots(roots: readonly string[]): void {
    this.roots = roots;
    if (this.fallback) this.fallback.setRoots(roots);
    else if (this.worker) void this.run({ method: 'setRoots', roots }).catch(() => undefined);
  }
  async dispose(): Promise<void> {
    if (this.fallback) await this.fallback.dispose();
    // The worker removes its temp files first (terminate() runs no exit handlers); a busy or hung worker is not waited for long.
    if (this.worker) await Promise.race([this.run({ method: 'dispose' }).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.disposed = true;
    await this.worker?.terminate();
  }
}

/**
 * The most a first lint may be linted in the protocol thread (StartupBackend), in UTF-16 code units:
 * an instruction file of a few pages lints in tens of ms there; a larger one goes to the worker at
 * once, where its time limit (`lintTimeoutMs`) can stop it.
 */
export const IN_PROCESS_LINT_MAX_CHARS = 32 * 1024;

/**
 * StartupBackend warms up this long after the engine has loaded, unless a document was opened by
 * then: in code-server at load 7–18 the didOpen was usually already waiting, unread, when the load
 * ended (the warm-up then ran first and held it back). Costs nothing when no document comes.
 */
const WARM_UP_GRACE_MS = 50;

/**
 * One thread until the first diagnostics (issue 13.16; the VS Code build): the protocol thread
 * loads the engine once `initialize` is answered, lints the first documents itself, and only then
 * starts the lint worker; once the worker has loaded, every request goes to it, and the documents
 * linted here are linted there again (`onHandOff`), so that its state (results, tasks) is whole.
 *
 * Why: on the two busy cores of a window that is opening, two threads that each start a V8 isolate
 * and load their bundle compete with each other and with the editor; one thread does less work in
 * all (no second isolate, no second set of Node's own modules, no token table read twice) before
 * the first publish. What it keeps of "How it stays responsive" (docs/lsp.md): a document larger
 * than IN_PROCESS_LINT_MAX_CHARS is never linted here (the worker starts at once for it), and the
 * phase ends as soon as the worker has loaded, a fraction of a second after the first publish. A
 * lint in this thread cannot be stopped by `lintTimeoutMs`.
 */
export class StartupBackend implements LintBackend {
  private readonly early: InProcessBackend;
  private readonly worker: WorkerBackend;
  /** Requests go to the worker (it has loaded, or a document too large for this thread came). */
  private handedOff = false;
  private workerStarted = false;
  private opened = false;
  private firstAnswered = false;
  private roots: readonly string[];
  private readonly startup = new StartupTimeline();
  /** Lints run in this thread. */
  inProcessLints = 0;

  constructor(
    roots: readonly string[],
    trusted: boolean,
    /** As WorkerBackend's: the worker died and was replaced. */
    onRestart: (reason: string) => void,
    /** The worker took over after documents were linted in this thread: lint the open documents again. */
    private readonly onHandOff: () => void,
    /** For the one start-up line (see StartupTimeline). */
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.roots = roots;
    this.early = new InProcessBackend(roots, trusted);
    // (its own start-up line is logged only when it did the first lint: a document too large for this thread)
    this.worker = new WorkerBackend(roots, trusted, onRestart, (message) => {
      if (this.inProcessLints === 0) log(message);
    });
    this.startup.mark('initialize');
    this.startup.cpuMark('protocol', 'initialize');
  }

  /** Where a request goes now. */
  private get current(): LintBackend {
    return this.handedOff ? this.worker : this.early;
  }

  /** Starts the worker (once); it takes over when it has loaded. */
  private startWorker(): void {
    if (this.workerStarted) return;
    this.workerStarted = true;
    this.worker.setRoots(this.roots);
    this.worker.start();
    void this.worker.loaded.then(() => this.handOff());
  }

  private handOff(): void {
    if (this.handedOff) return;
    this.handedOff = true;
    if (this.inProcessLints > 0) this.onHandOff();
    // the service in this thread is not used again: its results go (once its queued requests are answered)
    void this.early.dispose().catch(() => undefined);
  }

  lint(params: LintRequest): Promise<LintOutcome> {
    if (this.handedOff) return this.worker.lint(params);
    if (params.doc.text.length > IN_PROCESS_LINT_MAX_CHARS) {
      // too large for this thread: the worker now, and every request after this one
      this.startWorker();
      this.handOff();
      return this.worker.lint(params);
    }
    this.inProcessLints++;
    this.startup.mark('first lint requested');
    this.startup.cpuMark('protocol', 'first lint requested');
    const outcome = this.early.lint(params);
    const answered = () => {
      if (this.firstAnswered) return;
      this.firstAnswered = true;
      this.startup.mark('first lint answered');
      this.startup.cpuMark('protocol', 'first lint answered');
      const line = this.startup.take();
      if (line) this.log(line);
      writeCodeCaches();
      // after the publish that follows this answer (its continuation runs before a timer)
      setTimeout(() => this.startWorker(), 0);
    };
    void outcome.then(answered, answered);
    return outcome;
  }
  tokenView(params: LintRequest) {
    return this.current.tokenView(params);
  }
  close(uri: string, p: string) {
    return this.current.close(uri, p);
  }
  configChanged(dirs: readonly string[]) {
    return this.current.configChanged(dirs);
  }
  probeConfig(dir: string) {
    return this.current.probeConfig(dir);
  }
  fixText(uri: string, p: string, text: string, model: string, limitMs = 0) {
    return this.current.fixText(uri, p, text, model, limitMs);
  }
  async stats(gc: boolean): Promise<BackendStats> {
    const stats = await this.current.stats(gc);
    // in this thread, the server counts this heap itself
    return { ...stats, heapUsed: this.handedOff ? stats.heapUsed : 0, inProcessLints: this.inProcessLints, workerStarted: this.workerStarted, lintThread: this.handedOff ? 'worker' : 'protocol' };
  }
  context(query: ContextQuery, model: string, limitMs = 0) {
    return this.current.context(query, model, limitMs);
  }
  /**
   * Loads the engine in this thread once `initialize` is answered, and warms it up if no document
   * was opened by then. Called from the `initialize` handler: vscode-jsonrpc writes the answer from
   * a setImmediate that the handler's result schedules, so two turns of setImmediate come after it
   * (a timer could fire first and hold the answer back for the whole load).
   */
  warmUp(): void {
    setImmediate(() => setImmediate(() => {
      if (this.handedOff) return;
      void this.early.preload().then(() => {
        this.startup.mark('engine loaded');
        this.startup.cpuMark('protocol', 'engine loaded');
        // A didOpen that came during the load is still unread: let the event loop read it first, so
        // that its lint starts now instead of waiting behind a warm-up that loads the same.
        setTimeout(() => {
          if (!this.opened && !this.handedOff) this.early.warmUp();
        }, WARM_UP_GRACE_MS);
      }, () => undefined);
    }));
  }
  documentOpened(): void {
    this.opened = true;
    this.startup.mark('first document opened');
  }
  /** A start-up mark from before this backend existed (ms since the process started). */
  startupMark(name: string, at: number): void {
    this.startup.mark(name, at);
  }
  setRoots(roots: readonly string[]): void {
    this.roots = roots;
    this.early.setRoots(roots);
    if (this.workerStarted) this.worker.setRoots(roots);
  }
  async dispose(): Promise<void> {
    await this.early.dispose();
    if (this.workerStarted) await this.worker.dispose();
  }
}
