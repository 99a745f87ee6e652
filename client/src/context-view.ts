/**
 * The "What loads here" tree view: for the active file, per coding agent, the instruction files
 * the agent loads (in order, why, tokens), the on-demand files apart, and the problems (a missing
 * import, a cycle). Data from the server's `promptLint/context` request; a click opens the file,
 * and an import's child opens the `@path` line that pulls it in.
 */
import * as vscode from 'vscode';
import type { AgentContext, ContextFile, ContextProblemInfo, ContextResult } from './protocol';

export const CONTEXT_VIEW = 'promptLint.context';
export const REFRESH_CONTEXT = 'promptLint.refreshContext';

type Node =
  | { readonly type: 'agent'; readonly agent: AgentContext }
  | { readonly type: 'file'; readonly agent: AgentContext; readonly file: ContextFile }
  | { readonly type: 'onDemand'; readonly agent: AgentContext }
  | { readonly type: 'from'; readonly file: ContextFile }
  | { readonly type: 'problem'; readonly problem: ContextProblemInfo }
  | { readonly type: 'message'; readonly text: string };

export class ContextView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: ContextResult | undefined;
  private message = 'Open a file to see what each coding agent loads with it.';
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Called after each refresh with what the view shows (the extension's test API reads it). */
  onRefresh?: (result: ContextResult | undefined) => void;

  constructor(private readonly request: (uri: string) => Promise<ContextResult | undefined>) {
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.schedule(500);
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule(0)),
    );
  }

  /** What the view shows now. */
  get shown(): ContextResult | undefined {
    return this.result;
  }

  private view: vscode.TreeView<Node> | undefined;

  /** The view shows this provider: it asks the server only while the view is visible. */
  attach(view: vscode.TreeView<Node>): vscode.TreeView<Node> {
    this.view = view;
    this.disposables.push(view.onDidChangeVisibility((e) => e.visible && this.schedule(0)));
    if (view.visible) this.schedule(0);
    return view;
  }

  schedule(delayMs: number): void {
    if (this.view && !this.view.visible) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  async refresh(): Promise<ContextResult | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.uri.scheme !== 'file') {
      this.result = undefined;
      this.message = 'Open a file to see what each coding agent loads with it.';
    } else {
      try {
        this.result = await this.request(doc.uri.toString());
        this.message = this.result?.agents.length ? '' : 'No coding agent’s instruction files were found in this repository.';
      } catch (error) {
        this.result = undefined;
        this.message = `prompt-lint could not resolve what loads here: ${(error as Error)?.message ?? String(error)}`;
      }
    }
    this.changed.fire(undefined);
    this.onRefresh?.(this.result);
    return this.result;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.result?.agents.length) return [{ type: 'message', text: this.message }];
      return this.result.agents.map((agent) => ({ type: 'agent', agent }));
    }
    if (node.type === 'agent') {
      const always = node.agent.files.filter((f) => f.loading === 'always').map((file): Node => ({ type: 'file', agent: node.agent, file }));
      const extra: Node[] = node.agent.files.some((f) => f.loading === 'on-demand') ? [{ type: 'onDemand', agent: node.agent }] : [];
      const problems = node.agent.problems.map((problem): Node => ({ type: 'problem', problem }));
      return [...always, ...extra, ...problems];
    }
    if (node.type === 'onDemand') return node.agent.files.filter((f) => f.loading === 'on-demand').map((file) => ({ type: 'file', agent: node.agent, file }));
    if (node.type === 'file' && node.file.from) return [{ type: 'from', file: node.file }];
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'message':
        return new vscode.TreeItem(node.text);
      case 'agent': {
        const a = node.agent;
        const item = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${a.display.tokens} · ${a.total.files} file${a.total.files === 1 ? '' : 's'} · ${a.display.costPerCall}/call · ${a.model}`;
        item.tooltip = `${a.name} loads ${a.total.files} file(s) for this file: ${a.display.tokens} with ${a.model}, ${a.display.contextShare} of its context window.`;
        item.iconPath = new vscode.ThemeIcon('hubot');
        item.contextValue = 'agent';
        return item;
      }
      case 'onDemand': {
        const item = new vscode.TreeItem('On demand (not in the total)', vscode.TreeItemCollapsibleState.Collapsed);
        item.description = node.agent.display.onDemandTokens;
        item.iconPath = new vscode.ThemeIcon('cloud-download');
        return item;
      }
      case 'file': {
        const f = node.file;
        const item = new vscode.TreeItem(f.path, f.from ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        const tokens = f.display.tokens;
        item.description = `${tokens} · ${f.detail}`;
        item.tooltip = `${f.path}\n${f.detail}\n${tokens}, ${f.bytes} bytes${f.part ? ` (only part of it: ${f.part.kind})` : ''}${f.tokensWithImports !== f.tokens ? `\nwith its imports: ${f.display.tokensWithImports}` : ''}`;
        item.resourceUri = vscode.Uri.parse(f.uri);
        item.iconPath = vscode.ThemeIcon.File;
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(f.uri)] };
        item.contextValue = 'file';
        return item;
      }
      case 'from': {
        const from = node.file.from!;
        const at = vscode.Uri.parse(from.uri);
        const item = new vscode.TreeItem(`imported at ${vscode.workspace.asRelativePath(at)}:${from.range.start.line + 1}`);
        item.iconPath = new vscode.ThemeIcon('references');
        const range = new vscode.Range(from.range.start.line, from.range.start.character, from.range.end.line, from.range.end.character);
        item.command = { command: 'vscode.open', title: 'Open the import line', arguments: [at, { selection: range } satisfies vscode.TextDocumentShowOptions] };
        return item;
      }
      case 'problem': {
        const p = node.problem;
        const at = vscode.Uri.parse(p.uri);
        const item = new vscode.TreeItem(p.message);
        item.description = `${vscode.workspace.asRelativePath(at)}:${p.range.start.line + 1}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [at, { selection: range } satisfies vscode.TextDocumentShowOptions] };
        return item;
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
