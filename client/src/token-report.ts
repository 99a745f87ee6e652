/**
 * The per-section token report: a read-only Markdown document (`prompt-lint-tokens:` scheme) with
 * the server's rendering of its `promptLint/tokenReport` answer, opened beside the prompt.
 */
import * as vscode from 'vscode';
import type { TokenReport } from './protocol';

export const REPORT_SCHEME = 'prompt-lint-tokens';

export class TokenReportProvider implements vscode.TextDocumentContentProvider {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores a report and returns the URI of its document (one per source file, refreshed in place). */
  put(source: vscode.Uri, report: TokenReport): vscode.Uri {
    const name = source.path.split('/').pop() ?? 'prompt';
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name} (tokens).md`, query: source.toString() });
    this.reports.set(uri.toString(), report.markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.reports.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
