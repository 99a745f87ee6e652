/**
 * The prompt-lint VS Code extension: a thin client over the prompt-lint language server (bundled as
 * dist/server.js, started over IPC). It selects prompt files, watches config files, turns the
 * server's `promptLint/status` notifications into the status bar item and registers three commands.
 * Linting, fixes, hovers, code lenses and symbols all come from the server.
 *
 * Activation is cheap: the extension activates with Markdown, YAML or plain text, or in a
 * workspace whose folders hold an agent's instruction file or a prompt-lint config; it starts the
 * server once a prompt file (see selector.ts) is open, or at once in such a workspace, so that the
 * server is running when the user opens the first prompt (issue 13.16).
 */
// first: its top level forks the server before the rest of the bundle is initialised (server-process.ts)
import { SERVER_MODULE, cacheEnv, debugging, forkServer, initSettings, isEnabled, prelintPayload, processes, startsAtLoad, takeForkedAtLoad } from './server-process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  IPCMessageReader,
  IPCMessageWriter,
  LanguageClient,
  type MessageTransports,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type ExecuteCommandRegistrationOptions,
  type LanguageClientOptions,
  type RegistrationData,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONTEXT_VIEW, ContextView, REFRESH_CONTEXT } from './context-view';
import { promptFolding } from './folding';
import {
  Commands,
  CONTEXT_REQUEST,
  FIX_ALL_KIND,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  PRELINT_ENV,
  resolvedSettings,
  TOKEN_REPORT_REQUEST,
  type ContextParams,
  type ContextResult,
  type InitializationOptions,
  type StatusParams,
  type TokenReport,
  type TokenReportParams,
} from './protocol';
import { PROMPT_LANGUAGE, WORKSPACE_PROMPT_FILES, isPromptDocument, promptSelector, validateMode } from './selector';
import { SHOW_TOKEN_REPORT, TokenStatus } from './status';
import { REPORT_SCHEME, TokenReportProvider } from './token-report';
import { TrafficMarks } from './traffic-marks';

export const CLIENT_ID = 'promptLint';
export const FIX_ALL = 'promptLint.fixAll';
export const RESTART_SERVER = 'promptLint.restartServer';
/** Commands this extension registers itself; a server command with the same id is routed through them. */
const CLIENT_COMMANDS = new Set([FIX_ALL, SHOW_TOKEN_REPORT, RESTART_SERVER]);

/** What `activate` returns: for the extension-host tests (and other extensions). */
export interface PromptLintApi {
  /** Resolves once the server runs, starting it if a prompt file is open (or `force`). */
  ready(force?: boolean): Promise<void>;
  isRunning(): boolean;
  /** The last `promptLint/status` received for a document. */
  status(uri: vscode.Uri): StatusParams | undefined;
  /** What the status bar item shows for the active editor. */
  statusBar(): { text: string; visible: boolean };
  /** Start-up milestones, ms since activation (issue 13.16; also logged in the output channel). */
  timings(): StartupTimings;
  /** Refreshes the "What loads here" view for the active editor and returns what it shows. */
  contextView(): Promise<ContextResult | undefined>;
}

export interface StartupTimings {
  /** The server start was requested: a prompt file was open or opened, or the workspace has prompt files. */
  startRequested?: number;
  /** The first prompt file was open or opened. */
  promptOpened?: number;
  /** The server answered `initialize`. */
  serverReady?: number;
  /** The first `publishDiagnostics` arrived. */
  firstDiagnostics?: number;
}

let client: LanguageClient | undefined;
/** Kills the given server processes that are still running (their client has been disposed). */
function killLeftovers(children: Iterable<ChildProcess>): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
}

/** What setup() made: the API `activate` returns, what `activate` disposes with the extension. */
interface Setup {
  readonly api: PromptLintApi;
  readonly disposables: vscode.Disposable[];
  /** `activate` was called (for the start-up line). */
  activated(): void;
}

/**
 * The extension sets itself up as this bundle loads instead of in `activate`: the extension host
 * runs the bundle as soon as an activation event fires, then prepares the extension's context (its
 * storage: a round trip to the window, which is busy opening) and only then calls `activate`,
 * 1.5–2.5 s later in code-server on two cores (docs/lsp.md, eighth pass). A prompt file open by
 * then, or opened meanwhile (the activation event can come before the file reaches the extension
 * host), starts the server at once. Nothing of it needs the context but the caches' folder, which
 * is the extension's own (cacheEnv) when it can be written; else, or with
 * PROMPT_LINT_START_AT_LOAD=0 (an A/B switch), everything starts in `activate` as before.
 */
function startAtLoad(): Setup | undefined {
  if (!startsAtLoad()) return undefined;
  try {
    return setup(undefined);
  } catch {
    // then `activate` does it
    return undefined;
  }
}

let loaded: Setup | undefined = startAtLoad();

export async function activate(context: vscode.ExtensionContext): Promise<PromptLintApi> {
  const s = loaded ?? setup(context.globalStorageUri.fsPath);
  loaded = undefined;
  s.activated();
  context.subscriptions.push(...s.disposables);
  return s.api;
}

/**
 * Everything the extension does: the output channel, the status bar, the views, the commands, and
 * the language client (started once a prompt file is open). `storage`: the global storage folder,
 * undefined when it starts as the bundle loads (startAtLoad).
 */
function setup(storage: string | undefined): Setup {
  const atLoad = storage === undefined;
  const activatedAt = Date.now();
  const timings: StartupTimings = {};
  const since = () => Date.now() - activatedAt;
  // the LSP messages' first times, logged with the first diagnostics (docs/lsp.md, eighth pass)
  const traffic = new TrafficMarks(since);
  // when the extension host began to run this bundle (client/esbuild.mjs's banner): its load, before activate()
  const loadStart = (globalThis as { [key: symbol]: unknown })[Symbol.for('prompt-lint.extensionLoadStart')];
  if (typeof loadStart === 'number') traffic.mark('extension bundle starts running', loadStart - activatedAt);
  const output = vscode.window.createOutputChannel('prompt-lint', { log: true });
  // start-up milestones carry the log's own timestamps (e2e/startup.js reads them against the click)
  output.info(atLoad ? 'started as the extension loaded, before activate()' : 'activated');
  const status = new TokenStatus((doc) => isPromptDocument(doc) && isEnabled(doc.uri));
  const reports = new TokenReportProvider();
  let statusBar = { text: '', visible: false };
  status.onRender = (shown) => (statusBar = shown);
  let starting: Promise<void> | undefined;
  let selectorMode = validateMode();

  const module = SERVER_MODULE;
  const serverEnv = cacheEnv(storage) ?? process.env;
  /** The server process forked before the client started, for the first client to take (see below). */
  let forked: ChildProcess | undefined;
  let forks = 0;
  // forked as the bundle began to run, with the open prompt files to pre-lint (server-process.ts)
  const atLoadFork = takeForkedAtLoad();
  if (atLoadFork) {
    forked = atLoadFork.child;
    forks++;
    traffic.mark('server process forked', atLoadFork.at - activatedAt);
    output.info(`server process forked as the bundle began to run (${activatedAt - atLoadFork.at} ms before the extension started; ${atLoadFork.prelintDocs} open prompt file(s) given to lint at once)`);
    for (const text of atLoadFork.output.splice(0)) output.append(text);
    atLoadFork.onOutput = (text) => output.append(text);
  }
  const forkNow = (): ChildProcess => {
    // the first server of an extension started at load lints the open prompt files before the client sends them
    const prelint = atLoad && forks++ === 0 ? prelintPayload() : undefined;
    const child = forkServer(prelint ? { ...serverEnv, [PRELINT_ENV]: JSON.stringify(prelint) } : serverEnv, (text) => output.append(text));
    traffic.mark('server process forked');
    output.info(`server process forked (${since()} ms after the extension started${prelint ? `; ${prelint.docs.length} open prompt file(s) given to lint at once` : ''})`);
    return child;
  };

  const createClient = (): LanguageClient => {
    const env = serverEnv;
    // The server runs over IPC, forked here at once (vscode-languageclient awaits a few things in
    // the busy extension host first); one forked at activation is taken first (see below).
    const transports = async (): Promise<MessageTransports> => {
      let child = forked;
      forked = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) child = forkNow();
      return { reader: traffic.reader(new IPCMessageReader(child)), writer: traffic.writer(new IPCMessageWriter(child)), detached: false };
    };
    const serverOptions: ServerOptions = debugging()
      ? { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } }
      : transports;
    // This window's settings go along, so that the server lints the first document without waiting
    // for their round trip through this (busy, at start) extension host (issue 13.16).
    const initializationOptions: InitializationOptions = { trusted: vscode.workspace.isTrusted, promptLint: initSettings() };
    selectorMode = validateMode();
    const clientOptions: LanguageClientOptions = {
      documentSelector: promptSelector(selectorMode),
      initializationOptions,
      outputChannel: output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      // Settings reach the server through workspace/configuration (section `promptLint`, per
      // document); configurationSection also notifies it when they change. The server registers
      // its own watchers for config files (workspace/didChangeWatchedFiles).
      synchronize: { configurationSection: SETTINGS_SECTION },
      middleware: {
        // VS Code's Markdown support already outlines a Markdown file's headings: ours would be a
        // second tree of the same headings (issue 13.17). Their token counts are in the code lenses
        // and the token report; files of the prompt-lint language and YAML prompts keep our outline.
        provideDocumentSymbols: (document, token, next) => (document.languageId === 'markdown' ? [] : next(document, token)),
        handleDiagnostics: (uri, diagnostics, next) => {
          if (timings.firstDiagnostics === undefined) {
            timings.firstDiagnostics = since();
            const opened = timings.promptOpened ?? timings.startRequested ?? 0;
            output.info(
              `first diagnostics ${timings.firstDiagnostics - opened} ms after a prompt file was opened (server start ${(timings.serverReady ?? NaN) - opened} ms); ` +
                `${timings.firstDiagnostics} ms after activation (prompt file open at ${opened} ms, server start requested at ${timings.startRequested} ms; activated at ${new Date(activatedAt).toISOString()}${atLoad ? ', as the bundle loaded, before activate()' : ''})`,
            );
            output.info(`start-up messages (ms after activation${atLoad ? ', i.e. the bundle loaded' : ''}): ${traffic.take()}`);
          }
          next(uri, diagnostics);
        },
      },
    };
    const c = new LanguageClient(CLIENT_ID, 'prompt-lint', serverOptions, clientOptions);
    keepClientCommands(c);
    c.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.update(params));
    c.onDidChangeState((e) => {
      if (e.newState === State.Stopped) status.clear();
    });
    return c;
  };

  // PROMPT_LINT_EARLY_FORK=1 (an A/B build switch, client/esbuild.mjs): with a prompt file open as
  // the window opens, fork the server now, before the client's own set-up; the client takes it
  // when it starts. Off by default: in code-server A/Bs at load 4–18 it did not beat the fork at
  // the client's start (docs/lsp.md, fifth pass).
  if (!forked && !debugging() && process.env.PROMPT_LINT_EARLY_FORK === '1' && vscode.workspace.textDocuments.some((doc) => isPromptDocument(doc) && isEnabled(doc.uri))) forked = forkNow();

  const start = (): Promise<void> => {
    if (client?.isRunning()) return Promise.resolve();
    starting ??= (async () => {
      if (timings.startRequested === undefined) {
        timings.startRequested = since();
        output.info(`starting the language server (${timings.startRequested} ms after activation)`);
      }
      client ??= createClient();
      try {
        traffic.mark('client.start()');
        await client.start();
        if (timings.serverReady === undefined) {
          timings.serverReady = since();
          output.info(`language server ready ${timings.serverReady} ms after activation`);
        }
      } catch (error) {
        output.error(`the language server did not start: ${String(error)}`);
        throw error;
      } finally {
        starting = undefined;
      }
    })();
    return starting;
  };

  const restart = async (): Promise<void> => {
    if (starting) await starting.catch(() => undefined);
    const old = client;
    client = undefined;
    status.clear();
    const children = [...processes];
    if (old) await old.dispose(5000).catch(() => undefined);
    killLeftovers(children);
    await start();
  };

  const startIfPromptOpen = (doc: vscode.TextDocument) => {
    if (!isPromptDocument(doc)) return;
    if (timings.promptOpened === undefined) {
      timings.promptOpened = since();
      output.info(`prompt file open: ${path.basename(doc.uri.path)} (${timings.promptOpened} ms after activation)`);
    }
    if (!client) start().catch(() => undefined);
  };

  /** The document a command acts on: its URI argument (a Uri or a string), else the active editor's. */
  const targetDocument = async (arg: unknown): Promise<vscode.TextDocument | undefined> => {
    const uri =
      arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : vscode.window.activeTextEditor?.document.uri;
    const doc = uri && (await vscode.workspace.openTextDocument(uri));
    if (!doc || !isPromptDocument(doc)) {
      void vscode.window.showInformationMessage('prompt-lint: open a prompt file first (CLAUDE.md, AGENTS.md, *.prompt.md, …).');
      return undefined;
    }
    return doc;
  };

  /**
   * Applies every fix of a document. The server does it (`workspace/executeCommand`
   * promptLint.fixAll, answered with a `workspace/applyEdit`); a server without that command gets
   * its `source.fixAll.promptLint` code action applied. True when the text changed.
   */
  const fixAll = async (arg?: unknown): Promise<boolean> => {
    const doc = await targetDocument(arg);
    if (!doc) return false;
    await start();
    const before = doc.version;
    const serverCommands = client!.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (serverCommands.includes(Commands.fixAll)) {
      await client!.sendRequest(ExecuteCommandRequest.type, { command: Commands.fixAll, arguments: [doc.uri.toString()] });
    } else {
      const all = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions =
        (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, all, FIX_ALL_KIND, 1)) ?? [];
      const action = actions.find((a) => a.kind && vscode.CodeActionKind.SourceFixAll.append('promptLint').contains(a.kind));
      if (action?.edit) await vscode.workspace.applyEdit(action.edit);
      if (action?.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    }
    if (doc.version === before) {
      vscode.window.setStatusBarMessage('prompt-lint: nothing to fix', 3000);
      return false;
    }
    return true;
  };

  /** Opens the per-section token report beside the prompt; returns the report document's URI. */
  const showTokenReport = async (arg?: unknown): Promise<vscode.Uri | undefined> => {
    const doc = await targetDocument(arg);
    if (!doc) return undefined;
    await start();
    const params: TokenReportParams = { uri: doc.uri.toString() };
    const report = await client!.sendRequest<TokenReport | null>(TOKEN_REPORT_REQUEST, params);
    if (!report) {
      void vscode.window.showInformationMessage(`prompt-lint: ${status.get(doc.uri)?.message ?? 'this file is not linted'}.`);
      return undefined;
    }
    const uri = reports.put(doc.uri, report);
    const preview = await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(
      () => true,
      () => false,
    );
    if (!preview) await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return uri;
  };

  /** `promptLint/context` for a document (the server starts when needed; not for untitled documents). */
  const requestContext = async (uri: string): Promise<ContextResult | undefined> => {
    await start();
    const params: ContextParams = { uri };
    return client!.sendRequest<ContextResult>(CONTEXT_REQUEST, params);
  };
  const contextView = new ContextView(requestContext);

  const disposables: vscode.Disposable[] = [];
  disposables.push(
    output,
    status,
    contextView,
    contextView.attach(vscode.window.createTreeView(CONTEXT_VIEW, { treeDataProvider: contextView, showCollapseAll: true })),
    vscode.commands.registerCommand(REFRESH_CONTEXT, () => contextView.refresh()),
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.languages.registerFoldingRangeProvider({ language: PROMPT_LANGUAGE }, promptFolding),
    vscode.commands.registerCommand(FIX_ALL, fixAll),
    vscode.commands.registerCommand(SHOW_TOKEN_REPORT, showTokenReport),
    vscode.commands.registerCommand(RESTART_SERVER, restart),
    vscode.workspace.onDidOpenTextDocument(startIfPromptOpen),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // The server re-reads its settings by itself (and re-lints). `validate` changes which
      // documents the client sends, so that one needs a new client.
      if (client && e.affectsConfiguration('promptLint.validate') && validateMode() !== selectorMode) void restart();
      else if (e.affectsConfiguration(SETTINGS_SECTION)) status.render();
    }),
    // Leaving Restricted Mode: restart so the server may resolve `extends` packages.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client) void restart();
    }),
    { dispose: () => void deactivate() },
  );

  vscode.workspace.textDocuments.forEach(startIfPromptOpen);
  // A workspace with prompt files: start now, so the server is up when the first one opens.
  if (!client && process.env.PROMPT_LINT_EARLY_START !== '0') {
    void workspaceHasPromptFiles().then((yes) => {
      if (yes && !client && !starting) start().catch(() => undefined);
    });
  }

  const api: PromptLintApi = {
    ready: async (force = false) => {
      if (force || vscode.workspace.textDocuments.some(isPromptDocument)) await start();
      else if (starting) await starting;
    },
    isRunning: () => !!client?.isRunning(),
    status: (uri) => status.get(uri),
    statusBar: () => statusBar,
    timings: () => ({ ...timings }),
    contextView: () => contextView.refresh(),
  };
  return {
    api,
    disposables,
    activated: () => {
      if (!atLoad) return;
      traffic.mark('activate() called');
      output.info(`activate() called ${since()} ms after the extension started`);
    },
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  const children = [...processes];
  if (c) await c.dispose(3000).catch(() => undefined);
  killLeftovers(children);
}

/** Whether a folder of the workspace (where prompt-lint is enabled) holds one of WORKSPACE_PROMPT_FILES. */
async function workspaceHasPromptFiles(): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file' || !isEnabled(folder.uri)) continue;
    for (const name of WORKSPACE_PROMPT_FILES) {
      const found = await fs.promises.access(path.join(folder.uri.fsPath, name)).then(
        () => true,
        () => false,
      );
      if (found) return true;
    }
  }
  return false;
}

/**
 * vscode-languageclient registers a VS Code command for each command the server executes; one
 * with the id of a command this extension registers would fail to register. Leave those out: the
 * extension's command calls the server itself (see fixAll).
 */
function keepClientCommands(c: LanguageClient): void {
  const feature = c.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  feature.register = (data: RegistrationData<ExecuteCommandRegistrationOptions>) =>
    register({ ...data, registerOptions: { ...data.registerOptions, commands: data.registerOptions.commands.filter((id) => !CLIENT_COMMANDS.has(id)) } });
}
