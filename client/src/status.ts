/**
 * The status bar item for the active prompt file: `tokens · model · budget % · cost per call`, fed
 * by the server's `promptLint/status` notifications. A click opens the per-section token report.
 */
import * as vscode from 'vscode';
import type { StatusParams } from './protocol';

export const SHOW_TOKEN_REPORT = 'promptLint.showTokenReport';

export class TokenStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly byUri = new Map<string, StatusParams>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Called after each render with what the item shows (the extension's test API reads it). */
  onRender?: (shown: { text: string; visible: boolean }) => void;

  constructor(private readonly isShown: (doc: vscode.TextDocument) => boolean) {
    this.item = vscode.window.createStatusBarItem('promptLint.tokens', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'prompt-lint tokens';
    this.item.command = SHOW_TOKEN_REPORT;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.byUri.delete(doc.uri.toString())),
    );
  }

  /** The last status received for a document (tests and the token report read it). */
  get(uri: vscode.Uri): StatusParams | undefined {
    return this.byUri.get(uri.toString());
  }

  update(params: StatusParams): void {
    this.byUri.set(params.uri, params);
    if (vscode.window.activeTextEditor?.document.uri.toString() === params.uri) this.render();
  }

  clear(): void {
    this.byUri.clear();
    this.render();
  }

  render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const status = doc && this.isShown(doc) ? this.byUri.get(doc.uri.toString()) : undefined;
    if (!doc || !status) {
      this.item.hide();
      this.onRender?.({ text: '', visible: false });
      return;
    }
    const { text, tooltip, level } = describe(status);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = level ? new vscode.ThemeColor(`statusBarItem.${level}Background`) : undefined;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, ''), role: 'button' };
    this.item.show();
    this.onRender?.({ text, visible: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Status bar text, tooltip and background for one status (exported for tests). */
export function describe(s: StatusParams): { text: string; tooltip: vscode.MarkdownString; level?: 'warning' | 'error' } {
  const tooltip = new vscode.MarkdownString(undefined, true);
  if (s.state === 'disabled' || s.tokens === undefined) {
    tooltip.appendText(`prompt-lint: ${s.message ?? 'this file is not linted'}`);
    return { text: '$(circle-slash) prompt-lint', tooltip };
  }
  // the server formats every figure (one format for hover, code lens, CLI and this item)
  const shown = s.display ?? { tokens: `${s.tokens} tokens` };
  const parts = [`$(symbol-numeric) ${shown.tokens}`];
  if (s.model) parts.push(s.model);
  if (s.budgetPercent !== undefined) parts.push(`${s.budgetPercent}% of budget`);
  const overrun = s.taskBudgets?.find((b) => b.severity === 'error') ?? s.taskBudgets?.[0];
  if (overrun) parts.push(`task ${overrun.task}: ${overrun.severity === 'error' ? 'over budget' : 'near budget'}`);
  if (shown.costPerCall !== undefined) parts.push(`${shown.costPerCall}/call`);
  // what the chosen agent (promptLint.agent) loads with this file, imports included: the use of its
  // budget when the `agents` config sets one, else its share of the model's window
  const agentBudget = s.context?.budget;
  if (s.context) parts.push(`${s.context.name}: ${s.context.display} (${agentBudget ? `${agentBudget.percent}% of ${agentBudget.limit}` : `${s.context.windowShare} of window`})`);
  const fileLevel = s.budgetPercent === undefined ? undefined : s.budgetPercent > 100 ? 'error' : s.budgetPercent >= 80 ? 'warning' : undefined;
  const levels = [overrun?.severity, fileLevel, agentBudget?.severity];
  const level = levels.includes('error') ? 'error' : levels.includes('warning') ? 'warning' : undefined;

  const rows: string[] = ['| | |', '| --- | --- |'];
  rows.push(`| Tokens | ${shown.tokens}${s.exact === false ? ' (estimated)' : ''} |`);
  if (s.model) rows.push(`| Model | \`${s.model}\` |`);
  if (s.budgetPercent !== undefined) rows.push(`| Budget used | ${s.budgetPercent}% |`);
  if (shown.costPerCall !== undefined) rows.push(`| Cost per call | ${shown.costPerCall} |`);
  if (shown.costPerDay !== undefined) rows.push(`| Cost per day | ${shown.costPerDay} |`);
  if (s.context) {
    rows.push(
      `| ${s.context.name} loads | ${s.context.files} file${s.context.files === 1 ? '' : 's'}, ${s.context.display} with \`${s.context.model}\`, ${s.context.windowShare} of its context window |`,
    );
    if (agentBudget) rows.push(`| ${s.context.name} budget | ${agentBudget.percent}% of ${agentBudget.limit} |`);
  }
  for (const b of s.taskBudgets ?? []) rows.push(`| Task \`${b.task}\` | ${b.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  rows.push(`| Problems | ${s.errors} errors, ${s.warnings} warnings${s.infos ? `, ${s.infos} info` : ''} |`);
  tooltip.appendMarkdown(`**prompt-lint**\n\n${rows.join('\n')}\n\n`);
  if (s.message) tooltip.appendText(`${s.message}\n\n`);
  tooltip.appendMarkdown(`[Show tokens per section](command:${SHOW_TOKEN_REPORT})`);
  tooltip.isTrusted = { enabledCommands: [SHOW_TOKEN_REPORT] };
  return { text: parts.join(' · '), tooltip, level };
}
