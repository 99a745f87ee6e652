/**
 * The prompt-lint language server: capabilities and handler wiring only. Linting is the engine's
 * (through linting.ts), translation is diagnostics.ts / code-actions.ts / hover.ts / code-lens.ts /
 * symbols.ts, settings are settings.ts, custom messages are protocol.ts.
 *
 * Transports: `--stdio` (Neovim, Emacs, Helix, Zed) and `--node-ipc` (VS Code), chosen by
 * vscode-languageserver from the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
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
  type Diagnostic,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILENAMES } from '../config/defaults.js';
import { readRegularText } from '../config/read-file.js';
import type { Finding, TextEdit } from '../engine/types.js';
import { bomLength, createSourceFile, withoutBom } from '../model/source.js';
import { VERSION } from '../version.js';
import { codeActions, fixAllRequested, minimalEdit, recordedFixAll, workspaceEdit, type ActionContext, type EditTarget } from './code-actions.js';
import { codeLenses, importLenses } from './code-lens.js';
import { configErrorDiagnostic, configFallbackDiagnostic, SOURCE, toDiagnostic } from './diagnostics.js';
import { formatTokens, formatUsd } from './format.js';
import { hover } from './hover.js';
import { locate, type LocatedDoc } from './doc-view.js';
import { collectGarbage, InProcessBackend, LintTimeoutError, WorkerBackend, type LintBackend } from './lint-backend.js';
import type { DocumentResult, OpenDocument, PathFindings, PlainConfigError } from './linting.js';
import { pathToUri, uriToPath } from './paths.js';
import {
  Commands,
  CONTEXT_REQUEST,
  FIX_ALL_KIND,
  KNOWN_AGENTS,
  STATS_REQUEST,
  STATUS_NOTIFICATION,
  TOKEN_REPORT_REQUEST,
  type ContextParams,
  type ContextResult,
  type PromptLintSettings,
  type StatsParams,
  type StatsResult,
  type StatusParams,
  type TokenReport,
  type TokenReportParams,
} from './protocol.js';
import { SettingsCache } from './settings.js';
import { documentSymbols } from './symbols.js';
import { tokenReport } from './token-report.js';

const CONFIG_WATCH_GLOBS = ['**/.promptlintrc.json', '**/.promptlintrc.yaml', '**/.promptlintrc.yml', '**/package.json'];

interface ClientSupport {
  configuration: boolean;
  watchedFilesRegistration: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  codeLensRefresh: boolean;
  workspaceFolders: boolean;
}

/** What the protocol thread keeps of a document's last lint (or token view). */
interface Kept {
  readonly result: DocumentResult;
  /** The text that was linted (positions of the result refer to it). */
  readonly text: string;
  located?: LocatedDoc;
}

/** A token view of one document version (structure and counts, no rules): hover, code lens, symbols, token report. */
interface View {
  readonly version: number;
  readonly generation: number;
  readonly kept: Promise<Kept | undefined>;
}

export interface ServerOptions {
  /** Lint in a worker thread (default: true unless PROMPT_LINT_LSP_WORKER=0). */
  readonly worker?: boolean;
}

export function startServer(options: ServerOptions = {}): Connection {
  const stdio = stdioTransport();
  const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
  if (stdio) routeConsole(connection);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const useWorker = options.worker ?? process.env.PROMPT_LINT_LSP_WORKER !== '0';

  let support: ClientSupport = { configuration: false, watchedFilesRegistration: false, documentChanges: false, showDocument: false, codeLensRefresh: false, workspaceFolders: false };
  let roots: string[] = [];
  let backend: LintBackend = new InProcessBackend(roots, true);
  let settings = new SettingsCache(undefined);
  let trusted = true;
  /** Bumped when config files change: results of an older generation are out of date. */
  let generation = 0;
  /** `initialize` answered (a second one is refused); `shutdown` received (requests are refused, only `exit` is left). */
  let initialized = false;
  let shuttingDown = false;

  /** uri → path it is linted as, and back. */
  const pathByUri = new Map<string, string>();
  const uriByPath = new Map<string, string>();
  const justOpened = new Set<string>();
  /** Per document: the ticket of the newest requested run; older runs are stale. */
  const tickets = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
  let ticketSeq = 0;
  /** Lint runs are serialized: results land in order. */
  let queue: Promise<unknown> = Promise.resolve();
  const kept = new Map<string, Kept>();
  /** Token views of versions newer than the last lint (run: onSave, or within the debounce). */
  const views = new Map<string, View>();
  /** Findings per file (own and task findings) as the lint service last reported them. */
  const findingsByPath = new Map<string, readonly Finding[]>();
  /** What was last published per open document, for code actions. */
  const published = new Map<string, { version: number | null; findings: readonly Finding[] }>();
  /** Documents whose lint ran past the time limit, with that version and limit: not linted again until they change. */
  const timedOut = new Map<string, { version: number; limitMs: number }>();
  /** Closed files that carry task diagnostics, and config files that carry an error. */
  const closedPublished = new Set<string>();
  /** Config files with diagnostics (errors, skipped extends), by what was published. */
  const configPublished = new Map<string, string>();
  /**
   * Those diagnostics, by config file: a config file open in the editor is also a document, and its
   * own publication must carry them (else its lint result would wipe them).
   */
  const configDiagnostics = new Map<string, Diagnostic[]>();
  const stats = { runs: 0, staleRuns: 0, tokenViews: 0 };
  /** Per document: the token counts of its last lint, as a key (see refreshLensesIfChanged). */
  const lensKeys = new Map<string, string>();
  /** Per document: the chosen agent's context last sent in its status. */
  const statusContexts = new Map<string, NonNullable<StatusParams['context']>>();

  const uriOf = (filePath: string) => uriByPath.get(filePath) ?? pathToUri(filePath);

  function pathOf(doc: { uri: string; languageId?: string }): string {
    let p = pathByUri.get(doc.uri);
    if (!p) {
      p = uriToPath(doc.uri, doc.languageId, roots[0] ?? process.cwd());
      pathByUri.set(doc.uri, p);
      uriByPath.set(p, doc.uri);
    }
    return p;
  }

  function isCurrent(uri: string): boolean {
    const k = kept.get(uri);
    const document = documents.get(uri);
    return !!k && !!document && k.result.version === document.version && k.result.generation === generation;
  }

  function locatedOf(k: Kept | undefined): LocatedDoc | undefined {
    if (!k?.result.view) return undefined;
    return (k.located ??= locate(k.result.view, withoutBom(k.text)));
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult | ResponseError<InitializeError> => {
    if (initialized || shuttingDown) return new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already called', { retry: false });
    initialized = true;
    const caps = params.capabilities ?? {};
    support = {
      configuration: !!caps.workspace?.configuration,
      watchedFilesRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!caps.window?.showDocument?.support,
      codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
    };
    roots = workspaceRoots(params, log);
    // Restricted Mode (an untrusted workspace): load nothing the workspace names (package extends,
    // files outside it). Only `true` or no value means trusted: "false", 0 or null do not.
    const trust = (params.initializationOptions as { trusted?: unknown } | null | undefined)?.trusted;
    trusted = trust === undefined || trust === true;
    backend = useWorker
      ? new WorkerBackend(roots, trusted, (reason) => {
          logError(`the lint worker stopped (${reason}); restarting it and re-linting open documents`);
          kept.clear();
          views.clear();
          generation++;
          relintAll();
        }, log)
      : new InProcessBackend(roots, trusted);
    // The worker starts and loads the engine, config and token table now, while the client is
    // still opening its first document (first diagnostics, issue 13.16).
    backend.warmUp();
    settings = new SettingsCache(
      support.configuration ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'promptLint' }) : undefined,
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
    if (support.watchedFilesRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: CONFIG_WATCH_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((error: unknown) => logError(`could not watch config files: ${String(error)}`));
    }
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(folderPaths(event.removed.map((f) => f.uri), log));
        roots = [...roots.filter((r) => !removed.has(r)), ...folderPaths(event.added.map((f) => f.uri), log)];
        backend.setRoots(roots);
        void configChanged([]);
      });
    }
    log(
      `prompt-lint language server ${VERSION} started (roots: ${roots.join(', ') || 'none'}; linting ${useWorker ? 'in a worker thread' : 'in process'}` +
        `${trusted ? '' : '; untrusted workspace: extends naming packages are not loaded'})`,
    );
  });

  connection.onShutdown(async () => {
    shuttingDown = true;
    shutdownReceived = true;
    for (const uri of [...timers.keys()]) cancel(uri);
    await backend.dispose();
  });

  // -------------------------------------------------------------------------------------------
  // Documents

  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    const p = pathOf(document);
    if (isConfigFileName(p)) void backend.probeConfig(path.dirname(p)).then(setConfigErrors, reportFailure('reading the configuration'));
  });

  documents.onDidChangeContent(({ document }) => {
    const uri = document.uri;
    const ticket = bump(uri);
    if (justOpened.delete(uri)) {
      arm(uri, ticket, 0);
      return;
    }
    void settings.get(uri).then((s) => {
      if (tickets.get(uri) === ticket && s.run === 'onType') arm(uri, ticket, s.debounceMs);
    });
  });

  documents.onDidSave(({ document }) => {
    const uri = document.uri;
    const p = pathOf(document);
    if (isConfigFileName(p)) {
      void configChanged([path.dirname(p)]);
      return;
    }
    void settings.get(uri).then((s) => {
      // onType: a save (an editor's auto save too) does not cut a pending debounce short.
      if (s.run === 'onSave' || (!isCurrent(uri) && !timers.has(uri))) arm(uri, bump(uri), 0);
    });
  });

  documents.onDidClose(({ document }) => {
    const uri = document.uri;
    cancel(uri);
    tickets.delete(uri);
    justOpened.delete(uri);
    settings.delete(uri);
    kept.delete(uri);
    views.delete(uri);
    published.delete(uri);
    timedOut.delete(uri);
    lensKeys.delete(uri);
    statusContexts.delete(uri);
    const p = pathByUri.get(uri) ?? pathOf(document);
    pathByUri.delete(uri);
    if (uriByPath.get(p) === uri) uriByPath.delete(p);
    // The closed document loses its own diagnostics now; task findings that stay come back below.
    connection.sendDiagnostics({ uri, diagnostics: [] });
    const run = queue.then(() => backend.close(uri, p));
    queue = run.catch(() => undefined);
    void run.then((findings) => {
      storeFindings(findings);
      for (const [file] of findings) publishPath(file);
    }, reportFailure(`closing ${uri}`));
  });

  function bump(uri: string): number {
    const ticket = ++ticketSeq;
    tickets.set(uri, ticket);
    cancel(uri);
    return ticket;
  }

  function cancel(uri: string): void {
    const timer = timers.get(uri);
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timers.delete(uri);
    }
  }

  /** Lints `uri` after `delay` ms unless a newer ticket arrives first. */
  function arm(uri: string, ticket: number, delay: number): void {
    cancel(uri);
    if (shuttingDown) return;
    const fire = () => {
      timers.delete(uri);
      void enqueue(uri, ticket);
    };
    timers.set(uri, delay > 0 ? setTimeout(fire, delay) : setImmediate(fire));
  }

  function enqueue(uri: string, ticket: number): Promise<Kept | undefined> {
    const run = queue.then(() => runLint(uri, ticket));
    queue = run.catch(() => undefined);
    return run;
  }

  async function runLint(uri: string, ticket: number): Promise<Kept | undefined> {
    const document = documents.get(uri);
    // A newer edit (or a close) arrived while this run waited: skip it, the newer one follows.
    if (!document || tickets.get(uri) !== ticket) {
      stats.staleRuns++;
      return undefined;
    }
    const s = await settings.get(uri);
    const text = document.getText();
    const input: OpenDocument = { uri, path: pathOf(document), version: document.version, text };
    const stopped = timedOut.get(uri);
    if (stopped?.version === input.version) {
      // this text already ran past the limit (the worker restarts re-lint every open document)
      publishTimedOut(uri, input.version, stopped.limitMs);
      return undefined;
    }
    try {
      const outcome = await backend.lint({ doc: input, settings: s, generation });
      stats.runs++;
      for (const message of outcome.newRuleErrors) logError(`${message} (the rule is skipped; reported once)`);
      const k: Kept = { result: outcome.result, text };
      storeFindings(outcome.findings);
      setConfigErrors(outcome.configErrors);
      if (tickets.get(uri) !== ticket || documents.get(uri)?.version !== input.version) {
        // Outdated before it finished (an edit, a close, a config change): a newer run follows.
        stats.staleRuns++;
        return k;
      }
      kept.set(uri, k);
      views.delete(uri);
      for (const [file] of outcome.findings) publishPath(file);
      refreshLensesIfChanged(uri, outcome.result);
      // the status goes out now with the context last computed, then again once the context of this
      // version is known (not awaited: the lint queue must not wait for it)
      sendStatus(outcome.result, s, statusContexts.get(uri));
      void statusContext(document, s).then((context) => {
        if (documents.get(uri)?.version !== input.version || kept.get(uri) !== k) return;
        const before = statusContexts.get(uri);
        if (context) statusContexts.set(uri, context);
        else statusContexts.delete(uri);
        if (JSON.stringify(before) !== JSON.stringify(context)) sendStatus(outcome.result, s, context);
      });
      return k;
    } catch (error) {
      if (error instanceof LintTimeoutError) {
        logError(`linting ${uri} stopped: it took longer than ${error.limitMs} ms (lintTimeoutMs); the lint worker is restarted`);
        timedOut.set(uri, { version: input.version, limitMs: error.limitMs });
        if (documents.get(uri)?.version === input.version) publishTimedOut(uri, input.version, error.limitMs);
        return undefined;
      }
      // Never a dead server: log, clear what would be wrong, tell the status bar.
      const message = (error as Error)?.stack ?? String(error);
      logError(`linting ${uri} failed: ${message}`);
      connection.sendDiagnostics({ uri, version: input.version, diagnostics: [] });
      published.set(uri, { version: input.version, findings: [] });
      void connection.sendNotification(STATUS_NOTIFICATION, {
        uri,
        version: input.version,
        state: 'error',
        errors: 0,
        warnings: 0,
        message: `prompt-lint failed on this file: ${(error as Error)?.message ?? String(error)}`,
      } satisfies StatusParams);
      return undefined;
    }
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
    if (before === undefined || before === key || !support.codeLensRefresh) return;
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** The diagnostic of a document whose lint ran past the time limit (and the status bar's error). */
  function publishTimedOut(uri: string, version: number, limitMs: number): void {
    const message =
      `prompt-lint stopped linting this file: linting took longer than ${limitMs / 1000} s (the promptLint.lintTimeoutMs setting), ` +
      'so its other diagnostics are not shown. It is linted again after the next change.';
    published.set(uri, { version, findings: [] });
    connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 2, source: SOURCE, code: 'lint-timeout', message }],
    });
    void connection.sendNotification(STATUS_NOTIFICATION, { uri, version, state: 'error', errors: 0, warnings: 0, message } satisfies StatusParams);
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
    const gen = generation;
    const known = views.get(uri);
    if (known && known.version === version && known.generation === gen) return known.kept;
    const text = document.getText();
    const compute = async (): Promise<Kept | undefined> => {
      const s = await settings.get(uri);
      const input: OpenDocument = { uri, path: pathOf(document), version, text };
      const run = queue.then(() => backend.tokenView({ doc: input, settings: s, generation: gen }));
      queue = run.catch(() => undefined);
      try {
        const result = await run;
        stats.tokenViews++;
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

  // -------------------------------------------------------------------------------------------
  // Publishing

  function storeFindings(findings: PathFindings): void {
    for (const [file, list] of findings) {
      if (list.length || uriByPath.has(file)) findingsByPath.set(file, list);
      else findingsByPath.delete(file);
    }
  }

  function publish(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    const p = pathOf(document);
    const k = kept.get(uri);
    const findings = findingsByPath.get(p) ?? [];
    const version = k?.result.version ?? document.version;
    const bom = bomLength(k?.text ?? '') === 1;
    const diagnostics: Diagnostic[] = [...(configDiagnostics.get(p) ?? []), ...findings.map((f) => shiftForBom(toDiagnostic(f, version, uriOf), bom))];
    const configError = k?.result.configError;
    if (configError) diagnostics.unshift(configFallbackDiagnostic(configError, uriOf(configError.file), textOf(configError.file)));
    for (const message of k?.result.taskErrors ?? []) {
      diagnostics.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 2,
        source: SOURCE,
        code: 'task-error',
        message,
      });
    }
    published.set(uri, { version, findings });
    connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Diagnostics of a file that may be closed (task findings only). */
  function publishPath(filePath: string): void {
    const uri = uriByPath.get(filePath);
    if (uri && documents.get(uri)) {
      publish(uri);
      return;
    }
    const findings = findingsByPath.get(filePath) ?? [];
    if (findings.length === 0 && !closedPublished.has(filePath)) return;
    if (findings.length) closedPublished.add(filePath);
    else closedPublished.delete(filePath);
    connection.sendDiagnostics({ uri: pathToUri(filePath), diagnostics: [...(configDiagnostics.get(filePath) ?? []), ...findings.map((f) => toDiagnostic(f, null, uriOf))] });
  }

  function setConfigErrors(errors: readonly PlainConfigError[]): void {
    const now = new Map<string, PlainConfigError[]>();
    for (const e of errors) {
      const list = now.get(e.file);
      if (list) list.push(e);
      else now.set(e.file, [e]);
    }
    for (const [file, list] of now) {
      const key = list.map((e) => `${e.warning ? 'w' : 'e'}\0${e.message}`).join('\n');
      if (configPublished.get(file) === key) continue;
      configPublished.set(file, key);
      const text = textOf(file);
      configDiagnostics.set(file, list.map((e) => configErrorDiagnostic(e, text)));
      publishConfigFile(file);
      for (const e of list) (e.warning ? log : logError)(`${e.warning ? 'configuration' : 'invalid configuration'}: ${e.message}`);
    }
    for (const file of [...configPublished.keys()]) {
      if (now.has(file)) continue;
      configPublished.delete(file);
      configDiagnostics.delete(file);
      publishConfigFile(file);
    }
  }

  /** A config file's diagnostics, with its findings as a document when it is open. */
  function publishConfigFile(file: string): void {
    const uri = uriByPath.get(file);
    if (uri && documents.get(uri)) publish(uri);
    else connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [...(configDiagnostics.get(file) ?? []), ...(findingsByPath.get(file) ?? []).map((f) => toDiagnostic(f, null, uriOf))] });
  }

  /** The chosen agent's effective context for the status bar (none when no agent's files are found). */
  async function statusContext(document: TextDocument, s: PromptLintSettings): Promise<StatusParams['context']> {
    if (!s.enable) return undefined;
    try {
      const filePath = pathOf(document);
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
    for (const d of documents.all()) open[pathOf(d)] = withoutBom(d.getText());
    // not on the lint queue (the status asks from inside a lint run); the worker answers in order
    return backend.context({ uri, path: filePath, open, ...(agent ? { agent } : {}) }, s.model, s.lintTimeoutMs);
  }

  function sendStatus(result: DocumentResult, s: PromptLintSettings, context?: StatusParams['context']): void {
    const findings = published.get(result.uri)?.findings ?? [];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    const linted = result.status === 'linted';
    const state = result.configError || errors ? 'error' : !linted ? 'disabled' : warnings ? 'warning' : 'ok';
    const t = result.tokens;
    const params: StatusParams = {
      uri: result.uri,
      version: result.version,
      state,
      errors,
      warnings,
      ...(t ? { tokens: t.tokens, model: t.model, exact: t.exact, costPerCall: t.costPerCall } : {}),
      ...(t?.costPerDay !== undefined ? { costPerDay: t.costPerDay } : {}),
      ...(t
        ? {
            display: {
              tokens: formatTokens(t.tokens, t.exact),
              costPerCall: formatUsd(t.costPerCall),
              ...(t.costPerDay !== undefined ? { costPerDay: formatUsd(t.costPerDay) } : {}),
            },
          }
        : {}),
      ...(result.taskBudgets?.length
        ? {
            taskBudgets: result.taskBudgets.map(({ task, finding }) => ({
              task,
              severity: finding.severity,
              message: finding.message,
              uri: uriOf(finding.path),
              line: finding.start.line,
            })),
          }
        : {}),
      ...(result.budget !== undefined ? { budgetPercent: Math.round(result.budget * 100) } : {}),
      ...(context ? { context } : {}),
      ...(result.configError
        ? { message: `invalid configuration: ${result.configError.message}` }
        : result.message
          ? { message: result.message }
          : !s.enable
            ? { message: 'disabled' }
            : {}),
    };
    void connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  function textOf(filePath: string): string | undefined {
    const uri = uriByPath.get(filePath);
    const open = uri ? documents.get(uri) : undefined;
    if (open) return open.getText();
    try {
      return readRegularText(filePath);
    } catch {
      return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Configuration

  connection.onDidChangeConfiguration((params) => {
    settings.changed(support.configuration ? undefined : params.settings);
    relintAll();
    if (support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
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
    generation++;
    const run = queue.then(() => backend.configChanged(dirs));
    queue = run.catch(() => undefined);
    try {
      setConfigErrors(await run);
    } catch (error) {
      reportFailure('reading the configuration')(error);
    }
    relintAll();
    if (support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  function relintAll(): void {
    views.clear();
    for (const document of documents.all()) arm(document.uri, bump(document.uri), 0);
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  connection.onCodeAction(
    guard('textDocument/codeAction', async (params) => {
      if (!params.context || !Array.isArray(params.context.diagnostics)) {
        throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument/codeAction: params.context.diagnostics must be an array');
      }
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const uri = document.uri;
      const last = published.get(uri);
      const findings = last?.version === document.version ? last.findings : [];
      const current = isCurrent(uri);
      const k = kept.get(uri);
      // Asked for explicitly: the CLI's --fix on the current text. Offered in passing: the recorded fixes, no lint.
      const fixAll = fixAllRequested(params)
        ? await fixAllEdit(document)
        : current && k
          ? recordedFixAll(findings, pathOf(document), withoutBom(k.text))
          : undefined;
      const doc = current ? locatedOf(k) : undefined;
      return codeActions(params, actionContext(document, doc, findings, fixAll));
    }),
  );

  /** The CLI's `--fix` on the current text, as one minimal edit. */
  async function fixAllEdit(document: TextDocument): Promise<TextEdit | undefined> {
    const raw = document.getText();
    const text = withoutBom(raw);
    const s = await settings.get(document.uri);
    if (!s.enable) return undefined;
    const run = queue.then(() => backend.fixText(document.uri, pathOf(document), text, s.model, s.lintTimeoutMs));
    queue = run.catch(() => undefined);
    let output: string;
    try {
      output = await run;
    } catch (error) {
      if (!(error instanceof LintTimeoutError)) throw error;
      // bounded like a lint: the worker was replaced, the other documents keep being served
      const message = `prompt-lint stopped fixing this file: fix-all took longer than ${error.limitMs / 1000} s (the promptLint.lintTimeoutMs setting); nothing was changed.`;
      logError(`fix-all of ${document.uri} stopped: it took longer than ${error.limitMs} ms (lintTimeoutMs); the lint worker is restarted`);
      void connection.window.showWarningMessage(message);
      return undefined;
    }
    if (documents.get(document.uri)?.version !== document.version) return undefined;
    return minimalEdit(text, output);
  }

  function actionContext(document: TextDocument, doc: LocatedDoc | undefined, findings: readonly Finding[], fixAll: TextEdit | undefined): ActionContext {
    const p = pathOf(document);
    return {
      uri: document.uri,
      version: document.version,
      findings,
      doc,
      wholeFileRules: new Set(kept.get(document.uri)?.result.wholeFileRules ?? []),
      documentChanges: support.documentChanges,
      target: (filePath) => editTarget(filePath === '' ? p : filePath),
      fixAll,
    };
  }

  function editTarget(filePath: string): EditTarget | undefined {
    const uri = uriByPath.get(filePath);
    const document = uri ? documents.get(uri) : undefined;
    if (document) {
      const bom = bomLength(document.getText());
      return { uri: document.uri, version: document.version, positionAt: (offset) => document.positionAt(offset + bom) };
    }
    const text = textOf(filePath);
    if (text === undefined) return undefined;
    const source = createSourceFile(filePath, text);
    const bom = source.hasBom ? 1 : 0;
    return {
      uri: pathToUri(filePath),
      version: null,
      positionAt: (offset) => {
        const pos = source.lines.positionAt(offset);
        return pos.line === 0 ? { line: 0, character: pos.character + bom } : pos;
      },
    };
  }

  connection.onExecuteCommand(
    guard('workspace/executeCommand', async (params) => {
      const arg = params.arguments?.[0];
      if (params.command === Commands.showDocumentation) {
        if (typeof arg !== 'string' || !/^https?:\/\//.test(arg)) throw new ResponseError(ErrorCodes.InvalidParams, 'expected a documentation URL');
        if (support.showDocument) await connection.window.showDocument({ uri: arg, external: true });
        else void connection.window.showInformationMessage(`prompt-lint documentation: ${arg}`);
        return null;
      }
      if (params.command === Commands.fixAll) {
        const document = typeof arg === 'string' ? documents.get(arg) : undefined;
        if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${Commands.fixAll} expects the URI of an open document`);
        const edit = await fixAllEdit(document);
        const workspace = edit ? workspaceEdit([edit], actionContext(document, undefined, [], edit)) : undefined;
        if (!workspace) return { applied: false };
        const response = await connection.workspace.applyEdit({ label: 'Fix all prompt-lint problems', edit: workspace });
        return { applied: response.applied };
      }
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
    }),
  );

  connection.onHover(
    guard('textDocument/hover', async (params) => {
      const position = checkPosition(params.position);
      const k = await tokenView(params.textDocument.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return null;
      return hover(doc, k.result.tokens, position);
    }),
  );

  connection.onCodeLens(
    guard('textDocument/codeLens', async (params) => {
      const uri = params.textDocument.uri;
      if (!documents.get(uri)) return [];
      const s = await settings.get(uri);
      if (!s.codeLens) return [];
      const k = await tokenView(uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return [];
      const lenses = codeLenses(doc, k.result.tokens);
      const document = documents.get(uri);
      // `@path` imports: what each pulls into the agent's context (skipped cheaply when the text has none)
      if (document && /(^|\s)@[^\s@]/.test(document.getText())) {
        try {
          lenses.push(...importLenses(uri, await contextOf(uri, pathOf(document), s, undefined)));
        } catch (error) {
          logError(`import lenses of ${uri} failed: ${(error as Error)?.message ?? String(error)}`);
        }
      }
      return lenses;
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', async (params) => {
      const k = await tokenView(params.textDocument.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return [];
      return documentSymbols(doc, k.result.tokens);
    }),
  );

  connection.onRequest(
    TOKEN_REPORT_REQUEST,
    guard(TOKEN_REPORT_REQUEST, async (params: TokenReportParams): Promise<TokenReport | null> => {
      if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri }');
      const k = await tokenView(params.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return null;
      return tokenReport(k.result.uri, k.result.version, doc, k.result.tokens);
    }),
  );

  connection.onRequest(
    CONTEXT_REQUEST,
    guard(CONTEXT_REQUEST, async (params: ContextParams): Promise<ContextResult> => {
      if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri, agent? }');
      if (params.agent !== undefined && !(KNOWN_AGENTS as readonly string[]).includes(params.agent)) {
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown agent ${JSON.stringify(params.agent)} (expected one of: ${KNOWN_AGENTS.join(', ')})`);
      }
      const document = documents.get(params.uri);
      let filePath: string;
      try {
        filePath = document ? pathOf(document) : uriToPath(params.uri, undefined, roots[0] ?? process.cwd());
      } catch {
        throw new ResponseError(ErrorCodes.InvalidParams, `not a file URI: ${params.uri}`);
      }
      return contextOf(params.uri, filePath, await settings.get(params.uri), params.agent);
    }),
  );

  connection.onRequest(
    STATS_REQUEST,
    guard(STATS_REQUEST, async (params: StatsParams | undefined): Promise<StatsResult> => {
      if (params?.gc) collectGarbage();
      const lint = await backend.stats(!!params?.gc);
      const memory = process.memoryUsage();
      return {
        heapUsed: memory.heapUsed + (useWorker ? lint.heapUsed : 0),
        rss: memory.rss,
        openDocuments: documents.all().length,
        results: lint.results,
        runs: stats.runs,
        staleRuns: stats.staleRuns,
        tokenViews: stats.tokenViews,
      };
    }),
  );

  /**
   * Every handler answers: bad params become InvalidParams, anything else an InternalError, each
   * logged; the server keeps running.
   */
  function guard<P, R>(method: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      if (shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down`);
      try {
        if (method.startsWith('textDocument/')) {
          const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
          if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${method}: params.textDocument.uri must be a string`);
        }
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) {
          logError(`${method}: ${error.message}`);
          throw error;
        }
        const message = (error as Error)?.message ?? String(error);
        logError(`${method} failed: ${(error as Error)?.stack ?? message}`);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
      }
    };
  }

  process.on('uncaughtException', (error) => logError(`uncaught exception: ${error.stack ?? String(error)}`));
  process.on('unhandledRejection', (reason) => logError(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** Same as config/load.ts's: imported from there, it would load the whole config loader in this thread. */
function isConfigFileName(filePath: string): boolean {
  return CONFIG_FILENAMES.includes(path.basename(filePath));
}

function workspaceRoots(params: InitializeParams, log: (message: string) => void): string[] {
  const uris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f?.uri) : params.rootUri ? [params.rootUri] : [];
  const roots = folderPaths(uris, log);
  if (!roots.length && typeof params.rootPath === 'string' && params.rootPath) roots.push(path.resolve(params.rootPath));
  return roots;
}

/** The paths of workspace folder URIs: `file:` URIs that parse; others (virtual file systems, malformed) are skipped and logged. */
function folderPaths(uris: readonly unknown[], log: (message: string) => void): string[] {
  const paths: string[] = [];
  for (const uri of uris) {
    try {
      if (typeof uri !== 'string' || !uri.startsWith('file:')) throw new Error('not a file: URI');
      paths.push(path.resolve(fileURLToPath(uri)));
    } catch (error) {
      log(`workspace folder ${JSON.stringify(uri)} skipped: ${(error as Error).message}`);
    }
  }
  return paths;
}

/**
 * With --stdio, the reader is made here so that a broken header (no or a bad Content-Length) ends
 * the process with a message: the stream cannot be resynchronized, and a silent, live server would
 * leave the editor waiting. A body that is not JSON keeps the framing and is only logged.
 */
function stdioTransport(): { reader: StreamMessageReader; writer: StreamMessageWriter } | undefined {
  if (!process.argv.slice(2).includes('--stdio')) return undefined;
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((error) => {
    if (/content-length|header/i.test(error.message)) {
      process.stderr.write(`prompt-lint-language-server: bad message header from the client, cannot continue: ${error.message.split('\n')[0]}\n`);
      process.exit(1);
    }
    process.stderr.write(`prompt-lint-language-server: unreadable message from the client: ${error.message.split('\n')[0]}\n`);
  });
  // A Content-Length that is not a plain number (-5, 1e3, abc): the reader would wait forever.
  let tail = '';
  process.stdin.on('data', (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1');
    const last = text.lastIndexOf('\n');
    tail = text.slice(last + 1).slice(-200);
    for (const m of text.slice(0, last + 1).matchAll(/(?:^|\n)content-length:[ \t]*([^\r\n]*)\r?\n/gi)) {
      if (!/^\d+[ \t]*$/.test(m[1]!)) {
        process.stderr.write(`prompt-lint-language-server: bad message header from the client, cannot continue: Content-Length ${JSON.stringify(m[1])}\n`);
        process.exit(1);
      }
    }
  });
  // What createConnection does for a plain stdin stream: end with the input.
  const end = () => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  return { reader, writer };
}

/** For the exit code when the client closes stdin: 0 after a shutdown request. */
let shutdownReceived = false;

/** Under --stdio, stdout is the protocol: console output goes to the client's log instead. */
function routeConsole(connection: Connection): void {
  const format = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]) => connection.console.log(format(args));
  console.info = (...args: unknown[]) => connection.console.info(format(args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(args));
  console.error = (...args: unknown[]) => connection.console.error(format(args));
}

function checkPosition(position: Position): Position {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character) || position.line < 0 || position.character < 0) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'position must have non-negative integer line and character');
  }
  return position;
}

/** With a BOM in the editor text, engine columns on line 0 are one short. */
function shiftForBom(diagnostic: Diagnostic, bom: boolean): Diagnostic {
  if (!bom) return diagnostic;
  const shift = (p: Position): Position => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
  return { ...diagnostic, range: { start: shift(diagnostic.range.start), end: shift(diagnostic.range.end) } };
}
