/** Shared helpers for the extension-host tests (bundled into each test file). */
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PromptLintApi } from '../src/extension';

export const EXTENSION_ID = 'prompt-lint.prompt-lint';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function wsFile(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, relative);
}

/** Polls `probe` until it returns something other than undefined/false; fails with `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function api(): Promise<PromptLintApi> {
  const ext = vscode.extensions.getExtension<PromptLintApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.activate();
}

export async function show(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsFile(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** prompt-lint's diagnostics for a file. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'prompt-lint');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function diagnosticsWith(uri: vscode.Uri, rule: string, ms = 20000): Promise<vscode.Diagnostic[]> {
  return until(`a ${rule} diagnostic on ${vscode.workspace.asRelativePath(uri)}`, () => {
    const found = ours(uri).filter((d) => codeOf(d) === rule);
    return found.length ? found : undefined;
  }, ms);
}

export async function noDiagnostic(uri: vscode.Uri, rule: string, ms = 20000): Promise<void> {
  await until(`no ${rule} diagnostic on ${vscode.workspace.asRelativePath(uri)}`, () => !ours(uri).some((d) => codeOf(d) === rule), ms);
}

/** Updates a `promptLint.*` setting in the workspace (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('promptLint').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Code action titles for a range, polled: right after a diagnostic arrives the list can lag. */
export async function codeActionTitles(uri: vscode.Uri, range: vscode.Range, expected: RegExp, ms = 15000): Promise<string[]> {
  let titles: string[] = [];
  await until(`a code action matching ${expected}`, async () => {
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
    titles = actions.map((a) => a.title);
    return titles.some((t) => expected.test(t));
  }, ms).catch((error) => {
    throw new Error(`${(error as Error).message}; got ${JSON.stringify(titles)}`);
  });
  return titles;
}

/** Replaces a document's whole text through the editor (like typing), optionally saving. */
export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  await editor.edit((b) => b.replace(new vscode.Range(0, 0, doc.lineCount, 0), text));
}
