/**
 * A real LSP client for tests: starts the built server (`bin/prompt-lint-language-server.js --stdio`)
 * as a child process and talks to it with vscode-languageserver-protocol over the child's stdio.
 * It keeps the documents it opened (applying edits the way an editor does), answers the server's
 * requests (configuration, registration, applyEdit, showDocument) and records what the server sends.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import {
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type ApplyWorkspaceEditParams,
  type ConfigurationParams,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVER_BIN = path.join(REPO, 'bin/prompt-lint-language-server.js');

export interface StartOptions {
  /** Workspace folder. */
  readonly root: string;
  /** The `promptLint` section returned for every workspace/configuration request. */
  readonly settings?: Record<string, unknown>;
  /** Leave out client capabilities (to test fallbacks). */
  readonly documentChanges?: boolean;
  /** Extra environment for the server process. */
  readonly env?: Record<string, string>;
  /** `ipc`: start with --node-ipc (as VS Code does) instead of --stdio. */
  readonly transport?: 'stdio' | 'ipc';
  /** Sent in `initialize` (the VS Code client sends `{ trusted }`). */
  readonly initializationOptions?: unknown;
  /** The server's entry (default SERVER_BIN), e.g. the VS Code extension's bundled dist/server.js. */
  readonly server?: string;
  /** Answers workspace/configuration instead of `settings` (e.g. to hold the reply back). */
  readonly configuration?: (params: ConfigurationParams) => unknown[] | Promise<unknown[]>;
}

interface Waiter {
  readonly uri: string;
  readonly accept: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly history: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  readonly shownDocuments: string[] = [];
  /** `workspace/codeLens/refresh` requests received. */
  codeLensRefreshes = 0;
  readonly stderr: string[] = [];
  readonly docs = new Map<string, TextDocument>();
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private waiters: Waiter[] = [];
  exitCode: number | null = null;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    readonly root: string,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  /** Starts the server and initializes it (a real client's handshake). */
  static async start(options: StartOptions): Promise<TestClient> {
    const ipc = options.transport === 'ipc';
    const child = spawn(process.execPath, [options.server ?? SERVER_BIN, ipc ? '--node-ipc' : '--stdio'], {
      cwd: options.root,
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : 'pipe',
      env: { ...process.env, ...(options.env ?? {}) },
    });
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new TestClient(child, connection, options.root, { debounceMs: 0, ...(options.settings ?? {}) });
    child.stderr.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    child.on('exit', (code) => (client.exitCode = code ?? -1));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.onDiagnostics(p));
    connection.onNotification((method, params) => {
      if (method === 'window/logMessage') client.logs.push((params as { message: string }).message);
      else client.notifications.push({ method, params });
    });
    connection.onRequest('workspace/configuration', (p: ConfigurationParams) => options.configuration?.(p) ?? p.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', (p: unknown) => {
      client.registrations.push(p);
      return null;
    });
    connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => ({ applied: client.applyWorkspaceEdit(p.edit) }));
    connection.onRequest('window/showDocument', (p: { uri: string }) => {
      client.shownDocuments.push(p.uri);
      return { success: true };
    });
    connection.onRequest('workspace/codeLens/refresh', () => {
      client.codeLensRefreshes++;
      return null;
    });
    connection.listen();
    const rootUri = pathToFileURL(options.root).href;
    client.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      workspaceFolders: [{ uri: rootUri, name: path.basename(options.root) }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: options.documentChanges ?? true },
          codeLens: { refreshSupport: true },
        },
        window: { showDocument: { support: true } },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(relPath: string): string {
    return pathToFileURL(path.join(this.root, relPath)).href;
  }

  /** Opens a file of the workspace (its text from disk unless given). */
  async open(relPath: string, text?: string, languageId?: string): Promise<string> {
    const file = path.join(this.root, relPath);
    const content = text ?? fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const lang = languageId ?? (/\.ya?ml$/.test(file) ? 'yaml' : 'markdown');
    this.docs.set(uri, TextDocument.create(uri, lang, 1, content));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: lang, version: 1, text: content } });
    return uri;
  }

  doc(uri: string): TextDocument {
    const d = this.docs.get(uri);
    if (!d) throw new Error(`not open: ${uri}`);
    return d;
  }

  /** Sends incremental changes, as an editor does. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const before = this.doc(uri);
    const version = before.version + 1;
    this.docs.set(uri, TextDocument.update(before, changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Applies text edits locally and sends them as incremental changes (what an editor does for a code action). */
  async applyEdits(uri: string, edits: readonly TextEdit[]): Promise<number> {
    // Send the changes from the end backwards, so earlier ranges stay valid.
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    return this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
  }

  applyWorkspaceEdit(edit: WorkspaceEdit): boolean {
    const groups: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) return false;
      groups.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits as TextEdit[] });
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) groups.push({ uri, version: null, edits });
    for (const g of groups) {
      const doc = this.docs.get(g.uri);
      if (!doc || (g.version !== null && g.version !== doc.version)) return false;
    }
    for (const g of groups) void this.applyEdits(g.uri, g.edits);
    return true;
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async watchedFilesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  private onDiagnostics(p: PublishDiagnosticsParams): void {
    this.diagnostics.set(p.uri, p);
    this.history.push(p);
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.uri === p.uri && w.accept(p)) w.resolve(p);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** The latest diagnostics of `uri` that satisfy `accept`, now or when they arrive. */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15_000): Promise<PublishDiagnosticsParams> {
    const latest = this.diagnostics.get(uri);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; latest: ${JSON.stringify(this.diagnostics.get(uri))}\nstderr: ${this.stderr.join('')}\nlog: ${this.logs.join('\n')}`));
      }, timeoutMs);
      const done = (p: PublishDiagnosticsParams) => {
        clearTimeout(timer);
        resolve(p);
      };
      this.waiters.push({ uri, accept, resolve: done });
    });
  }

  /** Diagnostics for the document's current version. */
  current(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, timeoutMs?: number): Promise<Diagnostic[]> {
    const version = this.doc(uri).version;
    return this.waitForDiagnostics(uri, (p) => p.version === version && accept(p.diagnostics), timeoutMs).then((p) => p.diagnostics);
  }

  /** The first notification of `method` whose params satisfy `accept`, polled until it arrives. */
  waitForNotification<P>(method: string, accept: (params: P) => boolean, timeoutMs = 30_000): Promise<P> {
    return new Promise<P>((resolve, reject) => {
      const t0 = Date.now();
      const poll = () => {
        const found = this.notifications.filter((n) => n.method === method).map((n) => n.params as P).find(accept);
        if (found) resolve(found);
        else if (Date.now() - t0 > timeoutMs) reject(new Error(`no ${method} notification as expected within ${timeoutMs} ms`));
        else setTimeout(poll, 50);
      };
      poll();
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    if (this.exitCode === null) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
    }
    await new Promise<void>((resolve) => {
      if (this.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 3000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

/** A temporary workspace with the given files. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'prompt-lint-lsp-test-')));
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

export function writeFile(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A fixture folder of `fixtures/lsp/` copied into a fresh temporary workspace. */
export function workspaceFromFixture(name: string): string {
  const root = makeWorkspace({});
  fs.cpSync(path.join(REPO, 'fixtures/lsp', name), root, { recursive: true });
  return root;
}
