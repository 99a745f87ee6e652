/**
 * The language server's process: where it keeps its caches, how it is forked, and the fork at the
 * very start of this bundle (issue 13.16, ninth pass).
 *
 * extension.ts imports this module before anything else, so that its top level runs before the
 * extension host has initialised vscode-languageclient and the rest of the bundle (50–140 ms of a
 * start in code-server). When a prompt file is open then (the file that made VS Code activate the
 * extension), the server is forked at once with that file to pre-lint (PRELINT_ENV); setup() in
 * extension.ts takes the process (takeForkedAtLoad) and its client adopts it, as it adopts a
 * process forked by its own transports. Nothing here may import vscode-languageclient.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PRELINT_ENV, SETTINGS_SECTION, resolvedSettings, type PrelintPayload, type PromptLintSettings } from './protocol';
import { isPromptDocument } from './selector';

/** The language server's entry, beside this bundle (dist/). */
export const SERVER_MODULE = path.join(__dirname, 'server.js');

/** The server processes this extension forked that have not exited: one that outlives its client is killed. */
export const processes = new Set<ChildProcess>();

export function isEnabled(uri: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION, uri).get<boolean>('enable', true);
}

/** The extension host runs under a debugger: the server is started with an inspector port of its own instead. */
export function debugging(): boolean {
  return process.execArgv.some((a) => /^--(inspect|debug)(-brk)?(=|$)/.test(a));
}

/**
 * Where the server keeps its caches between starts (issue 13.16): V8's code cache of its bundles and
 * the indexed token table (each saves a few hundred ms per start). In this extension's own folder
 * (dist/.cache, removed with the extension and replaced with each version) when it can be written,
 * since that is known as soon as this bundle loads, before `activate` (see startAtLoad); else in its
 * global storage (`storage`, known from `activate` on). Variables the user set win.
 */
export function cacheEnv(storage?: string): NodeJS.ProcessEnv | undefined {
  let root: string | undefined;
  try {
    fs.accessSync(__dirname, fs.constants.W_OK);
    root = path.join(__dirname, '.cache');
  } catch {
    root = storage;
  }
  if (!root) return undefined;
  return {
    ...process.env,
    PROMPT_LINT_CODE_CACHE: process.env.PROMPT_LINT_CODE_CACHE || path.join(root, 'code-cache'),
    PROMPT_LINT_CACHE_DIR: process.env.PROMPT_LINT_CACHE_DIR || path.join(root, 'token-cache'),
  };
}

/** Forks the server over IPC (what vscode-languageclient does for TransportKind.ipc, without its awaits before the fork). */
export function forkServer(env: NodeJS.ProcessEnv, onOutput: (text: string) => void): ChildProcess {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  const child = fork(SERVER_MODULE, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    env: { ...env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
    execArgv: [],
    silent: true,
    ...(folder && fs.existsSync(folder) ? { cwd: folder } : {}),
  });
  processes.add(child);
  child.on('exit', () => processes.delete(child));
  child.stderr?.on('data', (d: Buffer) => onOutput(d.toString()));
  child.stdout?.on('data', (d: Buffer) => onOutput(d.toString()));
  return child;
}

/** The most text of open prompt documents given to a server started at load (PRELINT_ENV; a few pages). */
const PRELINT_MAX_CHARS = 32 * 1024;

/**
 * The open prompt documents for a server started as this bundle loads (PRELINT_ENV): its prestarted
 * lint worker lints them before the client has sent them (the active editor's first, then the
 * others, within PRELINT_MAX_CHARS).
 */
export function prelintPayload(): PrelintPayload | undefined {
  const docs = vscode.workspace.textDocuments.filter((doc) => doc.uri.scheme === 'file' && isPromptDocument(doc) && isEnabled(doc.uri));
  if (!docs.length) return undefined;
  const active = vscode.window.activeTextEditor?.document;
  docs.sort((a, b) => Number(b === active) - Number(a === active));
  const out: PrelintPayload['docs'][number][] = [];
  let chars = 0;
  for (const doc of docs) {
    const text = doc.getText();
    if (chars + text.length > PRELINT_MAX_CHARS) continue;
    chars += text.length;
    out.push({ uri: doc.uri.toString(), languageId: doc.languageId, version: doc.version, text });
  }
  return { folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()), trusted: vscode.workspace.isTrusted, settings: initSettings(), docs: out };
}

/** This window's `promptLint` settings, as `initializationOptions.promptLint` sends them. */
export function initSettings(): Partial<PromptLintSettings> {
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return resolvedSettings((key) => settings.get(key));
}

/** Whether the extension sets itself up as its bundle loads (extension.ts, startAtLoad). */
export function startsAtLoad(): boolean {
  return !debugging() && process.env.PROMPT_LINT_START_AT_LOAD !== '0' && cacheEnv() !== undefined;
}

/** A server forked as this bundle began to run, with the output it wrote until setup() took it. */
export interface ForkedAtLoad {
  readonly child: ChildProcess;
  /** When it was forked (epoch ms). */
  readonly at: number;
  readonly prelintDocs: number;
  /** Its output so far; then sent to `onOutput` as it comes. */
  readonly output: string[];
  onOutput?: (text: string) => void;
}

let forkedAtLoad: ForkedAtLoad | undefined;

/**
 * Forks the server now if the extension starts at load and a prompt file is open (unless
 * PROMPT_LINT_FORK_AT_LOAD=0, an A/B switch: then setup() forks it, after the bundle's other
 * modules have been initialised, as before).
 */
function forkAtLoad(): void {
  if (process.env.PROMPT_LINT_FORK_AT_LOAD === '0' || !startsAtLoad()) return;
  const prelint = prelintPayload();
  if (!prelint) return;
  const output: string[] = [];
  const record: { -readonly [K in keyof ForkedAtLoad]: ForkedAtLoad[K] } = { child: undefined as unknown as ChildProcess, at: Date.now(), prelintDocs: prelint.docs.length, output };
  record.child = forkServer({ ...cacheEnv(), [PRELINT_ENV]: JSON.stringify(prelint) }, (text) => (record.onOutput ? record.onOutput(text) : output.push(text)));
  forkedAtLoad = record;
}

/** The server forked at load, once (setup() of an extension started at load takes it). */
export function takeForkedAtLoad(): ForkedAtLoad | undefined {
  const f = forkedAtLoad;
  forkedAtLoad = undefined;
  return f;
}

try {
  forkAtLoad();
} catch {
  // setup() forks it then
}
