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
import v8 from 'node:v8';
import vm from 'node:vm';
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
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isConfigFileName } from '../config/load.js';
import type { Finding } from '../engine/types.js';
import { createSourceFile } from '../model/source.js';
import { VERSION } from '../version.js';
import { codeActions, minimalEdit, workspaceEdit, type ActionContext, type EditTarget } from './code-actions.js';
import { codeLenses } from './code-lens.js';
import { configErrorDiagnostic, configFallbackDiagnostic, SOURCE, toDiagnostic } from './diagnostics.js';
import { hover } from './hover.js';
import { LintService, type DocumentResult, type OpenDocument } from './linting.js';
import { pathToUri, uriToPath } from './paths.js';
import {
  Commands,
  FIX_ALL_KIND,
  STATS_REQUEST,
  STATUS_NOTIFICATION,
  TOKEN_REPORT_REQUEST,
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

export function startServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);

  let support: ClientSupport = { configuration: false, watchedFilesRegistration: false, documentChanges: false, showDocument: false, codeLensRefresh: false, workspaceFolders: false };
  let roots: string[] = [];
  let service = new LintService(rootFor);
  let settings = new SettingsCache(undefined);

  /** uri → path it is linted as, and back. */
  const pathByUri = new Map<string, string>();
  const uriByPath = new Map<string, string>();
  const justOpened = new Set<string>();
  /** Per document: the ticket of the newest requested run; older runs are stale. */
  const tickets = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout | NodeJS.Immediate>();
  let ticketSeq = 0;
  /** Lint runs are serialized: results land in order, and one run never interleaves another. */
  let queue: Promise<unknown> = Promise.resolve();
  /** What was last published per document, for code actions. */
  const published = new Map<string, { version: number | null; findings: readonly Finding[] }>();
  /** Closed files that carry task diagnostics, and config files that carry an error. */
  const closedPublished = new Set<string>();
  const configPublished = new Map<string, string>();
  const stats = { runs: 0, staleRuns: 0 };

  function rootFor(filePath: string): string {
    let best: string | undefined;
    for (const root of roots) {
      const rel = path.relative(root, filePath);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (!best || root.length > best.length)) best = root;
    }
    return best ?? roots[0] ?? path.dirname(filePath);
  }

  const openByPath = (filePath: string): OpenDocument | undefined => {
    const uri = uriByPath.get(filePath);
    const doc = uri ? documents.get(uri) : undefined;
    return doc && uri ? { uri, path: filePath, version: doc.version, text: doc.getText() } : undefined;
  };

  const uriOf = (filePath: string) => uriByPath.get(filePath) ?? pathToUri(filePath);

  function pathOf(doc: TextDocument): string {
    let p = pathByUri.get(doc.uri);
    if (!p) {
      p = uriToPath(doc.uri, doc.languageId, roots[0] ?? process.cwd());
      pathByUri.set(doc.uri, p);
      uriByPath.set(p, doc.uri);
    }
    return p;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    support = {
      configuration: !!caps.workspace?.configuration,
      watchedFilesRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      showDocument: !!caps.window?.showDocument?.support,
      codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
      workspaceFolders: !!caps.workspace?.workspaceFolders,
    };
    roots = workspaceRoots(params);
    service = new LintService(rootFor);
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
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri, undefined, process.cwd())));
        roots = [...roots.filter((r) => !removed.has(r)), ...event.added.map((f) => uriToPath(f.uri, undefined, process.cwd()))];
        configChanged([]);
      });
    }
    log(`prompt-lint language server ${VERSION} started (roots: ${roots.join(', ') || 'none'})`);
  });

  // -------------------------------------------------------------------------------------------
  // Documents

  documents.onDidOpen(({ document }) => {
    justOpened.add(document.uri);
    const p = pathOf(document);
    if (isConfigFileName(p)) {
      service.probeConfig(path.dirname(p));
      publishConfigErrors();
    }
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
      configChanged([path.dirname(p)]);
      return;
    }
    void settings.get(uri).then((s) => {
      const result = service.result(uri);
      const current = result && result.version === document.version && result.generation === service.generation;
      if (s.run === 'onSave' || !current) arm(uri, bump(uri), 0);
    });
  });

  documents.onDidClose(({ document }) => {
    const uri = document.uri;
    cancel(uri);
    tickets.delete(uri);
    justOpened.delete(uri);
    settings.delete(uri);
    const p = pathByUri.get(uri) ?? pathOf(document);
    pathByUri.delete(uri);
    if (uriByPath.get(p) === uri) uriByPath.delete(p);
    const affected = service.close(uri, p, openByPath);
    published.delete(uri);
    const remaining = service.findingsFor(p, undefined);
    if (remaining.length) publishPath(p);
    else connection.sendDiagnostics({ uri, diagnostics: [] });
    for (const other of affected) if (other !== p) publishPath(other);
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
    const fire = () => {
      timers.delete(uri);
      void enqueue(uri, ticket);
    };
    timers.set(uri, delay > 0 ? setTimeout(fire, delay) : setImmediate(fire));
  }

  function enqueue(uri: string, ticket: number): Promise<DocumentResult | undefined> {
    const run = queue.then(() => runLint(uri, ticket));
    queue = run.catch(() => undefined);
    return run;
  }

  async function runLint(uri: string, ticket: number): Promise<DocumentResult | undefined> {
    const document = documents.get(uri);
    if (!document || tickets.get(uri) !== ticket) {
      stats.staleRuns++;
      return undefined;
    }
    const s = await settings.get(uri);
    const input: OpenDocument = { uri, path: pathOf(document), version: document.version, text: document.getText() };
    try {
      const outcome = await service.lint(input, s, openByPath);
      stats.runs++;
      for (const message of outcome.newRuleErrors) logError(`${message} (the rule is skipped; reported once)`);
      if (tickets.get(uri) !== ticket || documents.get(uri)?.version !== input.version) {
        stats.staleRuns++;
        return outcome.result;
      }
      publish(uri);
      for (const p of outcome.affected) publishPath(p);
      publishConfigErrors();
      sendStatus(outcome.result, s);
      return outcome.result;
    } catch (error) {
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

  /** The result for the document's current text: lints now when the last one is out of date (run: onType). */
  async function currentResult(uri: string): Promise<DocumentResult | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const result = service.result(uri);
    if (result && result.version === document.version && result.generation === service.generation) return result;
    const s = await settings.get(uri);
    if (result && s.run === 'onSave') return result;
    return (await enqueue(uri, bump(uri))) ?? service.result(uri);
  }

  // -------------------------------------------------------------------------------------------
  // Publishing

  function publish(uri: string): void {
    const document = documents.get(uri);
    if (!document) return;
    const p = pathOf(document);
    const result = service.result(uri);
    const findings = service.findingsFor(p, uri);
    const version = result?.version ?? document.version;
    const bom = document.getText().startsWith('\uFEFF');
    const diagnostics: Diagnostic[] = findings.map((f) => shiftForBom(toDiagnostic(f, version, uriOf), bom));
    if (result?.configError) {
      diagnostics.unshift(configFallbackDiagnostic(result.configError, uriOf(result.configError.file), textOf(result.configError.file)));
    }
    for (const message of result?.taskErrors ?? []) {
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
    const findings = service.findingsFor(filePath, undefined);
    if (findings.length === 0 && !closedPublished.has(filePath)) return;
    const target = pathToUri(filePath);
    if (findings.length) closedPublished.add(filePath);
    else closedPublished.delete(filePath);
    connection.sendDiagnostics({ uri: target, diagnostics: findings.map((f) => toDiagnostic(f, null, uriOf)) });
  }

  function publishConfigErrors(): void {
    for (const [file, error] of service.configErrors) {
      if (configPublished.get(file) === error.message) continue;
      configPublished.set(file, error.message);
      connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [configErrorDiagnostic(error, textOf(file))] });
      logError(`invalid configuration: ${error.message}`);
    }
    for (const file of [...configPublished.keys()]) {
      if (service.configErrors.has(file)) continue;
      configPublished.delete(file);
      connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [] });
    }
  }

  function sendStatus(result: DocumentResult, s: PromptLintSettings): void {
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
      ...(result.budget !== undefined ? { budgetPercent: Math.round(result.budget * 100) } : {}),
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
    const open = openByPath(filePath);
    if (open) return open.text;
    try {
      return fs.readFileSync(filePath, 'utf8');
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
    for (const change of params.changes) {
      const p = uriToPath(change.uri, undefined, process.cwd());
      if (isConfigFileName(p)) dirs.push(path.dirname(p));
    }
    if (dirs.length) configChanged(dirs);
  });

  /** A config file changed: forget configs, re-read the changed ones, re-lint every open document. */
  function configChanged(dirs: readonly string[]): void {
    service.configChanged();
    for (const dir of new Set(dirs)) {
      try {
        service.probeConfig(dir);
      } catch (error) {
        logError(`reading the configuration of ${dir} failed: ${String(error)}`);
      }
    }
    publishConfigErrors();
    relintAll();
  }

  function relintAll(): void {
    for (const document of documents.all()) arm(document.uri, bump(document.uri), 0);
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  connection.onCodeAction(
    guard('textDocument/codeAction', async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const uri = document.uri;
      const result = service.result(uri);
      const last = published.get(uri);
      return codeActions(params, actionContext(document, result, last?.version === document.version ? last.findings : []));
    }),
  );

  function actionContext(document: TextDocument, result: DocumentResult | undefined, findings: readonly Finding[]): ActionContext {
    const p = pathOf(document);
    return {
      uri: document.uri,
      version: document.version,
      findings,
      result,
      documentChanges: support.documentChanges,
      target: (filePath) => editTarget(filePath === '' ? p : filePath),
      fixAll: () => {
        const engine = result?.engine ?? service.engineFor('', p);
        const raw = document.getText();
        const bom = raw.startsWith('\uFEFF') ? 1 : 0;
        const text = raw.slice(bom);
        const { output } = engine.fixText(p, text);
        return minimalEdit(text, output);
      },
    };
  }

  function editTarget(filePath: string): EditTarget | undefined {
    const uri = uriByPath.get(filePath);
    const document = uri ? documents.get(uri) : undefined;
    if (document) {
      const bom = document.getText().startsWith('\uFEFF') ? 1 : 0;
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
        const ctx = actionContext(document, service.result(document.uri), []);
        const edit = ctx.fixAll();
        if (!edit) return { applied: false };
        const workspace = workspaceEdit([edit], ctx);
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
      const result = await currentResult(params.textDocument.uri);
      if (!result?.doc || !result.tokens) return null;
      return hover(result.doc, result.tokens, position);
    }),
  );

  connection.onCodeLens(
    guard('textDocument/codeLens', async (params) => {
      const uri = params.textDocument.uri;
      if (!documents.get(uri)) return [];
      const s = await settings.get(uri);
      if (!s.codeLens) return [];
      const result = await currentResult(uri);
      if (!result?.doc || !result.tokens) return [];
      return codeLenses(result.doc, result.tokens);
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', async (params) => {
      const result = await currentResult(params.textDocument.uri);
      if (!result?.doc || !result.tokens) return [];
      return documentSymbols(result.doc, result.tokens);
    }),
  );

  connection.onRequest(
    TOKEN_REPORT_REQUEST,
    guard(TOKEN_REPORT_REQUEST, async (params: TokenReportParams): Promise<TokenReport | null> => {
      if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri }');
      const result = await currentResult(params.uri);
      if (!result?.doc || !result.tokens) return null;
      return tokenReport(result.uri, result.version, result.doc, result.tokens);
    }),
  );

  connection.onRequest(
    STATS_REQUEST,
    guard(STATS_REQUEST, async (params: StatsParams | undefined): Promise<StatsResult> => {
      if (params?.gc) collectGarbage();
      const memory = process.memoryUsage();
      return {
        heapUsed: memory.heapUsed,
        rss: memory.rss,
        openDocuments: documents.all().length,
        results: service.resultCount,
        runs: stats.runs,
        staleRuns: stats.staleRuns,
      };
    }),
  );

  /**
   * Every handler answers: bad params become InvalidParams, anything else an InternalError, each
   * logged; the server keeps running.
   */
  function guard<P, R>(method: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
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

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
  const roots = uris.map((u) => uriToPath(u, undefined, process.cwd()));
  if (!roots.length && params.rootPath) roots.push(path.resolve(params.rootPath));
  return roots;
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

let gcFunction: (() => void) | undefined;
function collectGarbage(): void {
  if (!gcFunction) {
    v8.setFlagsFromString('--expose-gc');
    gcFunction = vm.runInNewContext('gc') as () => void;
  }
  gcFunction();
}
