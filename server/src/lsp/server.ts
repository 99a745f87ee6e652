/**
 * The prompt-lint language server: capabilities, the session's lifecycle, when documents are
 * linted and what a lint result becomes. Linting is the engine's (through linting.ts, in a worker:
 * lint-backend.ts); scheduling is scheduler.ts, publishing publisher.ts, the requests requests.ts,
 * the transport transport.ts; translation is diagnostics.ts / code-actions.ts / hover.ts /
 * code-lens.ts / symbols.ts, settings are settings.ts, custom messages are protocol.ts.
 *
 * Transports: `--stdio` (Neovim, Emacs, Helix, Zed) and `--node-ipc` (VS Code), chosen by
 * vscode-languageserver from the command line.
 */
import path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILENAMES } from '../config/defaults.js';
import { withoutBom } from '../model/source.js';
import { VERSION } from '../version.js';
import { locate, type LocatedDoc } from './doc-view.js';
import { DocumentPaths } from './document-paths.js';
import { InProcessBackend, LintTimeoutError, StartupBackend, WorkerBackend } from './lint-backend.js';
import type { DocumentResult, OpenDocument } from './linting.js';
import { pathToUri, uriToPath } from './paths.js';
import { Commands, FIX_ALL_KIND, KNOWN_AGENTS, type ContextResult, type PromptLintSettings, type StatusParams } from './protocol.js';
import { Publisher, type Kept } from './publisher.js';
import { registerRequests } from './requests.js';
import { LintScheduler } from './scheduler.js';
import { SerialQueue } from './serial-queue.js';
import type { Session } from './session.js';
import { SettingsCache, sameSettings } from './settings.js';
import { folderPaths, routeConsole, stdioTransport, workspaceRoots } from './transport.js';

const CONFIG_WATCH_GLOBS = ['**/.promptlintrc.json', '**/.promptlintrc.yaml', '**/.promptlintrc.yml', '**/package.json'];

/** A token view of one document version (structure and counts, no rules): hover, code lens, symbols, token report. */
interface View {
  readonly version: number;
  readonly generation: number;
  readonly kept: Promise<Kept | undefined>;
}

export interface ServerOptions {
  /** Lint in a worker thread (default: true unless PROMPT_LINT_LSP_WORKER=0). */
  readonly worker?: boolean;
  /**
   * With a worker: lint the first documents in this thread and start the worker after the first
   * publish (StartupBackend, issue 13.16). Default: what the VS Code build's entry asks
   * (client/src/server-main.ts), or PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1.
   */
  readonly firstLintsInProcess?: boolean;
}

/** Set by the VS Code build's entry (client/src/server-main.ts) before it loads this module. */
const FIRST_LINTS_IN_PROCESS = Symbol.for('prompt-lint.firstLintsInProcess');

function firstLintsInProcessByDefault(): boolean {
  return (globalThis as { [FIRST_LINTS_IN_PROCESS]?: boolean })[FIRST_LINTS_IN_PROCESS] === true || process.env.PROMPT_LINT_FIRST_LINTS_IN_PROCESS === '1';
}

export function startServer(options: ServerOptions = {}): Connection {
  const stdio = stdioTransport();
  const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
  if (stdio) routeConsole(connection);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const kept = new Map<string, Kept>();
  const paths = new DocumentPaths(() => session.roots[0] ?? process.cwd());
  const session: Session = {
    connection,
    documents,
    paths,
    publisher: new Publisher({ connection, documents, paths, kept, log, logError }),
    queue: new SerialQueue(),
    kept,
    useWorker: options.worker ?? process.env.PROMPT_LINT_LSP_WORKER !== '0',
    firstLintsInProcess: options.firstLintsInProcess ?? firstLintsInProcessByDefault(),
    stats: { runs: 0, staleRuns: 0, tokenViews: 0, provisionalRuns: 0, provisionalRedone: 0 },
    support: { configuration: false, watchedFilesRegistration: false, documentChanges: false, showDocument: false, codeLensRefresh: false, workspaceFolders: false },
    roots: [],
    backend: new InProcessBackend([], true),
    settings: new SettingsCache(undefined),
    generation: 0,
    shuttingDown: false,
    log,
    logError,
  };
  const { publisher, queue } = session;
  let trusted = true;
  /** `initialize` answered (a second one is refused). */
  let initialized = false;
  /** When the connection listened (ms since the process started), for the start-up line. */
  let listeningAt = 0;

  const justOpened = new Set<string>();
  const scheduler = new LintScheduler((uri, ticket) => void enqueue(uri, ticket));
  /** Token views of versions newer than the last lint (run: onSave, or within the debounce). */
  const views = new Map<string, View>();
  /** Documents whose lint ran past the time limit, with that version and limit: not linted again until they change. */
  const timedOut = new Map<string, { version: number; limitMs: number }>();
  /** Per document: the token counts of its last lint, as a key (see refreshLensesIfChanged). */
  const lensKeys = new Map<string, string>();
  /** Per document: the chosen agent's context last sent in its status. */
  const statusContexts = new Map<string, NonNullable<StatusParams['context']>>();

  function isCurrent(uri: string): boolean {
    const k = kept.get(uri);
    const document = documents.get(uri);
    return !!k && !!document && k.result.version === document.version && k.result.generation === session.generation;
  }

  function locatedOf(k: Kept | undefined): LocatedDoc | undefined {
    if (!k?.result.view) return undefined;
    return (k.located ??= locate(k.result.view, withoutBom(k.text)));
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
    if (initialized || session.shuttingDown) return new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already called', { retry: false });
    initialized = true;
    const caps = params.capabilities ?? {};
    session.support = {
      configuration: !!caps.workspace?.configuration,
      watchedFilesRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!caps.window?.showDocument?.support,
      codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
    };
    session.roots = workspaceRoots(params, log);
    // Restricted Mode (an untrusted workspace): load nothing the workspace names (package extends,
    // files outside it). Only `true` or no value means trusted: "false", 0 or null do not.
    const trust = (params.initializationOptions as { trusted?: unknown } | null | undefined)?.trusted;
    trusted = trust === undefined || trust === true;
    const workerRestarted = (reason: string) => {
      logError(`the lint worker stopped (${reason}); restarting it and re-linting open documents`);
      kept.clear();
      views.clear();
      session.generation++;
      relintAll();
    };
    session.backend = !session.useWorker
      ? new InProcessBackend(session.roots, trusted)
      : session.firstLintsInProcess
        ? new StartupBackend(session.roots, trusted, workerRestarted, relintAll, log)
        : new WorkerBackend(session.roots, trusted, workerRestarted, log);
    // (start-up line: when this thread was ready for the client's first message)
    if (session.backend instanceof WorkerBackend || session.backend instanceof StartupBackend) session.backend.startupMark('listening', listeningAt);
    // The worker starts and loads the engine, config and token table now, while the client is
    // still opening its first document (first diagnostics, issue 13.16).
    session.backend.warmUp();
    session.settings = new SettingsCache(
      session.support.configuration ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'promptLint' }) : undefined,
      params.initializationOptions,
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'prompt-lint' },
        executeCommandProvider: { commands: [Commands.fixAll, Commands.showDocumentation] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'prompt-lint-language-server', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    // (start-up line: the client's `initialized`, after which it sends the open documents)
    if (session.backend instanceof WorkerBackend || session.backend instanceof StartupBackend) session.backend.startupMark('initialized', performance.now());
    if (session.support.watchedFilesRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: CONFIG_WATCH_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((error: unknown) => logError(`could not watch config files: ${String(error)}`));
    }
    if (session.support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(folderPaths(event.removed.map((f) => f.uri), log));
        session.roots = [...session.roots.filter((r) => !removed.has(r)), ...folderPaths(event.added.map((f) => f.uri), log)];
        session.backend.setRoots(session.roots);
        void configChanged([]);
      });
    }
    log(
      `prompt-lint language server ${VERSION} started (roots: ${session.roots.join(', ') || 'none'}; linting ${session.useWorker ? 'in a worker thread' : 'in process'}` +
        `${trusted ? '' : '; untrusted workspace: extends naming packages are not loaded'})`,
    );
  });

  connection.onShutdown(async () => {
    session.shuttingDown = true;
    stdio?.shutdownReceived();
    scheduler.stop();
    await session.backend.dispose();
  });

  // -------------------------------------------------------------------------------------------
  // Documents

  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    session.backend.documentOpened();
    const p = paths.pathOf(document);
    if (isConfigFileName(p)) void session.backend.probeConfig(path.dirname(p)).then((errors) => publisher.setConfigErrors(errors), reportFailure('reading the configuration'));
  });

  documents.onDidChangeContent(({ document }) => {
    const uri = document.uri;
    const ticket = scheduler.bump(uri);
    if (justOpened.delete(uri)) {
      scheduler.arm(uri, ticket, 0);
      return;
    }
    void session.settings.get(uri).then((s) => {
      if (scheduler.isNewest(uri, ticket) && s.run === 'onType') scheduler.arm(uri, ticket, s.debounceMs);
    });
  });

  documents.onDidSave(({ document }) => {
    const uri = document.uri;
    const p = paths.pathOf(document);
    if (isConfigFileName(p)) {
      void configChanged([path.dirname(p)]);
      return;
    }
    void session.settings.get(uri).then((s) => {
      // onType: a save (an editor's auto save too) does not cut a pending debounce short.
      if (s.run === 'onSave' || (!isCurrent(uri) && !scheduler.pending(uri))) scheduler.arm(uri, scheduler.bump(uri), 0);
    });
  });

  documents.onDidClose(({ document }) => {
    const uri = document.uri;
    scheduler.forget(uri);
    justOpened.delete(uri);
    session.settings.delete(uri);
    kept.delete(uri);
    views.delete(uri);
    timedOut.delete(uri);
    lensKeys.delete(uri);
    statusContexts.delete(uri);
    const p = paths.forget(document);
    // The closed document loses its own diagnostics now; task findings that stay come back below.
    publisher.closed(uri);
    void queue.run(() => session.backend.close(uri, p)).then((findings) => {
      publisher.storeFindings(findings);
      for (const [file] of findings) publisher.publishPath(file);
    }, reportFailure(`closing ${uri}`));
  });

  function enqueue(uri: string, ticket: number): Promise<Kept | undefined> {
    return queue.run(() => runLint(uri, ticket));
  }

  async function runLint(uri: string, ticket: number): Promise<Kept | undefined> {
    const document = documents.get(uri);
    // A newer edit (or a close) arrived while this run waited: skip it, the newer one follows.
    if (!document || !scheduler.isNewest(uri, ticket)) {
      session.stats.staleRuns++;
      return undefined;
    }
    const s = await lintSettings(uri);
    const text = document.getText();
    const input: OpenDocument = { uri, path: paths.pathOf(document), version: document.version, text };
    const stopped = timedOut.get(uri);
    if (stopped?.version === input.version) {
      // this text already ran past the limit (the worker restarts re-lint every open document)
      publisher.publishTimedOut(uri, input.version, stopped.limitMs);
      return undefined;
    }
    try {
      const outcome = await session.backend.lint({ doc: input, settings: s, generation: session.generation });
      session.stats.runs++;
      for (const message of outcome.newRuleErrors) logError(`${message} (the rule is skipped; reported once)`);
      const k: Kept = { result: outcome.result, text };
      publisher.storeFindings(outcome.findings);
      publisher.setConfigErrors(outcome.configErrors);
      if (!scheduler.isNewest(uri, ticket) || documents.get(uri)?.version !== input.version) {
        // Outdated before it finished (an edit, a close, a config change): a newer run follows.
        session.stats.staleRuns++;
        return k;
      }
      kept.set(uri, k);
      views.delete(uri);
      for (const [file] of outcome.findings) publisher.publishPath(file);
      refreshLensesIfChanged(uri, outcome.result);
      // the status goes out now with the context last computed, then again once the context of this
      // version is known (not awaited: the lint queue must not wait for it)
      publisher.sendStatus(outcome.result, s, statusContexts.get(uri));
      void statusContext(document, s).then((context) => {
        if (documents.get(uri)?.version !== input.version || kept.get(uri) !== k) return;
        const before = statusContexts.get(uri);
        if (context) statusContexts.set(uri, context);
        else statusContexts.delete(uri);
        if (JSON.stringify(before) !== JSON.stringify(context)) publisher.sendStatus(outcome.result, s, context);
      });
      return k;
    } catch (error) {
      if (error instanceof LintTimeoutError) {
        logError(`linting ${uri} stopped: it took longer than ${error.limitMs} ms (lintTimeoutMs); the lint worker is restarted`);
        timedOut.set(uri, { version: input.version, limitMs: error.limitMs });
        if (documents.get(uri)?.version === input.version) publisher.publishTimedOut(uri, input.version, error.limitMs);
        return undefined;
      }
      // Never a dead server: log, clear what would be wrong, tell the status bar.
      const message = (error as Error)?.stack ?? String(error);
      logError(`linting ${uri} failed: ${message}`);
      publisher.publishFailure(uri, input.version, error);
      return undefined;
    }
  }

  /**
   * The settings a lint of `uri` runs with. The first lint of a document just opened does not wait
   * for its `workspace/configuration` reply when the client sent its resolved settings
   * (settings.ts: `provisional`; issue 13.16): it runs on those at once, and the document is linted
   * again if the reply differs. Every later lint waits for the document's own settings.
   */
  function lintSettings(uri: string): Promise<PromptLintSettings> | PromptLintSettings {
    const known = session.settings.known(uri);
    if (known) return known;
    const pending = session.settings.get(uri);
    const guess = session.settings.provisional;
    if (!guess || kept.has(uri)) return pending;
    if (session.stats.provisionalRuns++ === 0) log(`first lint of a document on the settings sent at initialize (not waiting for workspace/configuration): ${uri}`);
    void pending.then((own) => {
      if (sameSettings(own, guess) || !documents.get(uri)) return;
      session.stats.provisionalRedone++;
      scheduler.arm(uri, scheduler.bump(uri), 0);
    });
    return guess;
  }

  /**
   * Code lenses show token counts: when a lint lands with counts other than the last lint's, ask
   * the editor to fetch them again. VS Code does not always re-ask after an edit it applied itself
   * (a quick fix), and kept showing the counts from before the fix until the next keystroke.
   */
  function refreshLensesIfChanged(uri: string, result: DocumentResult): void {
    const t = result.tokens;
    const key = t ? `${t.tokens}\0${t.costPerCall}\0${t.prompts.map((p) => `${p.tokens}:${p.sections.map((x) => `${x.line}=${x.tokens}`).join(';')}`).join(',')}` : '';
    const before = lensKeys.get(uri);
    lensKeys.set(uri, key);
    if (before === undefined || before === key || !session.support.codeLensRefresh) return;
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /**
   * Structure and token counts of the document's current text, for hover, code lens, symbols and
   * the token report: the last lint when it is of this version, else a token view (parse and count,
   * no rules). Never lints and never publishes: diagnostics wait for the debounce or the save.
   */
  async function tokenView(uri: string): Promise<Kept | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    if (isCurrent(uri)) return kept.get(uri);
    const version = document.version;
    // a text whose lint ran past the limit would stop the worker again
    if (timedOut.get(uri)?.version === version) return undefined;
    const gen = session.generation;
    const known = views.get(uri);
    if (known && known.version === version && known.generation === gen) return known.kept;
    const text = document.getText();
    const compute = async (): Promise<Kept | undefined> => {
      const s = await session.settings.get(uri);
      const input: OpenDocument = { uri, path: paths.pathOf(document), version, text };
      try {
        const result = await queue.run(() => session.backend.tokenView({ doc: input, settings: s, generation: gen }));
        session.stats.tokenViews++;
        return { result, text };
      } catch (error) {
        logError(`computing the token view of ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
        if (views.get(uri) === view) views.delete(uri);
        return undefined;
      }
    };
    const view: View = { version, generation: gen, kept: compute() };
    views.set(uri, view);
    const k = await view.kept;
    // A lint of this version that landed meanwhile is as good, and is what code actions use.
    return isCurrent(uri) && kept.get(uri)!.result.version === version ? kept.get(uri) : k;
  }

  function reportFailure(what: string): (error: unknown) => void {
    return (error) => logError(`${what} failed: ${(error as Error)?.stack ?? String(error)}`);
  }

  /** The chosen agent's effective context for the status bar (none when no agent's files are found). */
  async function statusContext(document: TextDocument, s: PromptLintSettings): Promise<StatusParams['context']> {
    if (!s.enable) return undefined;
    try {
      const filePath = paths.pathOf(document);
      const result = await contextOf(document.uri, filePath, s, (KNOWN_AGENTS as readonly string[]).includes(s.agent) ? s.agent : undefined);
      // no agent chosen: the first agent that finds this file itself (AGENTS.md → Codex, a .mdc → Cursor),
      // else one that imports it, else the first found
      const isThis = (f: { uri: string }) => f.uri === document.uri || f.uri === pathToUri(filePath);
      const ctx = result.agents.find((a) => a.files.some((f) => isThis(f) && f.depth === 0)) ?? result.agents.find((a) => a.files.some(isThis)) ?? result.agents[0];
      if (!ctx) return undefined;
      return {
        agent: ctx.agent,
        name: ctx.name,
        files: ctx.total.files,
        tokens: ctx.total.tokens,
        display: ctx.display.tokens,
        windowPercent: Math.round(ctx.total.contextShare * 1000) / 10,
        windowShare: ctx.display.contextShare,
        model: ctx.model,
        ...(ctx.budget ? { budget: ctx.budget } : {}),
      };
    } catch (error) {
      logError(`the effective context of ${document.uri} failed: ${(error as Error)?.message ?? String(error)}`);
      return undefined;
    }
  }

  /** The effective contexts of a file, over every open document's current text. */
  function contextOf(uri: string, filePath: string, s: PromptLintSettings, agent: string | undefined): Promise<ContextResult> {
    const open: Record<string, string> = {};
    for (const d of documents.all()) open[paths.pathOf(d)] = withoutBom(d.getText());
    // not on the lint queue (the status asks from inside a lint run); the worker answers in order
    return session.backend.context({ uri, path: filePath, open, ...(agent ? { agent } : {}) }, s.model, s.lintTimeoutMs);
  }

  // -------------------------------------------------------------------------------------------
  // Configuration

  connection.onDidChangeConfiguration((params) => {
    if (!session.settings.changed(params.settings)) return;
    relintAll();
    if (session.support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles((params) => {
    const dirs: string[] = [];
    for (const change of params.changes ?? []) {
      if (typeof change?.uri !== 'string') continue;
      const p = uriToPath(change.uri, undefined, process.cwd());
      if (isConfigFileName(p)) dirs.push(path.dirname(p));
    }
    if (dirs.length) void configChanged(dirs);
  });

  /** A config file changed: forget configs, re-read the changed ones, re-lint every open document. */
  async function configChanged(dirs: readonly string[]): Promise<void> {
    session.generation++;
    try {
      publisher.setConfigErrors(await queue.run(() => session.backend.configChanged(dirs)));
    } catch (error) {
      reportFailure('reading the configuration')(error);
    }
    relintAll();
    if (session.support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  function relintAll(): void {
    views.clear();
    for (const document of documents.all()) scheduler.arm(document.uri, scheduler.bump(document.uri), 0);
  }

  registerRequests(session, { isCurrent, locatedOf, tokenView, contextOf });

  process.on('uncaughtException', (error) => logError(`uncaught exception: ${error.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) => logError(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));

  documents.listen(connection);
  connection.listen();
  listeningAt = performance.now();
  return connection;
}

/** Same as config/load.ts's: imported from there, it would load the whole config loader in this thread. */
function isConfigFileName(filePath: string): boolean {
  return CONFIG_FILENAMES.includes(path.basename(filePath));
}
