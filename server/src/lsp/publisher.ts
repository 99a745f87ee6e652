/**
 * What the client is shown: diagnostics per document (own and task findings, config errors, task
 * errors), of closed files that carry task findings and of config files, and the status bar.
 * Remembers what it published (code actions use it) and the findings per file last reported.
 */
import type { Connection, Diagnostic, Position, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readRegularText } from '../config/read-file.js';
import type { Finding } from '../engine/types.js';
import { bomLength } from '../model/source.js';
import { configErrorDiagnostic, configFallbackDiagnostic, SOURCE, toDiagnostic } from './diagnostics.js';
import type { LocatedDoc } from './doc-view.js';
import type { DocumentPaths } from './document-paths.js';
import { formatTokens, formatUsd } from './format.js';
import type { DocumentResult, PathFindings, PlainConfigError } from './linting.js';
import { pathToUri } from './paths.js';
import { STATUS_NOTIFICATION, type PromptLintSettings, type StatusParams } from './protocol.js';

/** What the protocol thread keeps of a document's last lint (or token view). */
export interface Kept {
  readonly result: DocumentResult;
  /** The text that was linted (positions of the result refer to it). */
  readonly text: string;
  located?: LocatedDoc;
}

export interface PublisherHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly paths: DocumentPaths;
  /** The last lint of an open document. */
  readonly kept: ReadonlyMap<string, Kept>;
  log(message: string): void;
  logError(message: string): void;
}

export class Publisher {
  /** Findings per file (own and task findings) as the lint service last reported them. */
  private readonly findingsByPath = new Map<string, readonly Finding[]>();
  /** What was last published per open document, for code actions. */
  private readonly published = new Map<string, { version: number | null; findings: readonly Finding[] }>();
  /** Closed files that carry task diagnostics, and config files that carry an error. */
  private readonly closedPublished = new Set<string>();
  /** Config files with diagnostics (errors, skipped extends), by what was published. */
  private readonly configPublished = new Map<string, string>();
  /**
   * Those diagnostics, by config file: a config file open in the editor is also a document, and its
   * own publication must carry them (else its lint result would wipe them).
   */
  private readonly configDiagnostics = new Map<string, Diagnostic[]>();

  constructor(private readonly host: PublisherHost) {}

  /** What was last published for an open document. */
  lastPublished(uri: string): { version: number | null; findings: readonly Finding[] } | undefined {
    return this.published.get(uri);
  }

  /** A closed document: what was published for it is forgotten, its own diagnostics cleared. */
  closed(uri: string): void {
    this.published.delete(uri);
    this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  storeFindings(findings: PathFindings): void {
    for (const [file, list] of findings) {
      if (list.length || this.host.paths.openUri(file) !== undefined) this.findingsByPath.set(file, list);
      else this.findingsByPath.delete(file);
    }
  }

  publish(uri: string): void {
    const { documents, paths, kept, connection } = this.host;
    const document = documents.get(uri);
    if (!document) return;
    const p = paths.pathOf(document);
    const k = kept.get(uri);
    const findings = this.findingsByPath.get(p) ?? [];
    const version = k?.result.version ?? document.version;
    const bom = bomLength(k?.text ?? '') === 1;
    const uriOf = (file: string) => paths.uriOf(file);
    const diagnostics: Diagnostic[] = [...(this.configDiagnostics.get(p) ?? []), ...findings.map((f) => shiftForBom(toDiagnostic(f, version, uriOf), bom))];
    const configError = k?.result.configError;
    if (configError) diagnostics.unshift(configFallbackDiagnostic(configError, uriOf(configError.file), this.textOf(configError.file)));
    for (const message of k?.result.taskErrors ?? []) {
      diagnostics.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 2,
        source: SOURCE,
        code: 'task-error',
        message,
      });
    }
    this.published.set(uri, { version, findings });
    connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Diagnostics of a file that may be closed (task findings only). */
  publishPath(filePath: string): void {
    const uri = this.host.paths.openUri(filePath);
    if (uri && this.host.documents.get(uri)) {
      this.publish(uri);
      return;
    }
    const findings = this.findingsByPath.get(filePath) ?? [];
    if (findings.length === 0 && !this.closedPublished.has(filePath)) return;
    if (findings.length) this.closedPublished.add(filePath);
    else this.closedPublished.delete(filePath);
    const uriOf = (file: string) => this.host.paths.uriOf(file);
    this.host.connection.sendDiagnostics({ uri: pathToUri(filePath), diagnostics: [...(this.configDiagnostics.get(filePath) ?? []), ...findings.map((f) => toDiagnostic(f, null, uriOf))] });
  }

  setConfigErrors(errors: readonly PlainConfigError[]): void {
    const { log, logError } = this.host;
    const now = new Map<string, PlainConfigError[]>();
    for (const e of errors) {
      const list = now.get(e.file);
      if (list) list.push(e);
      else now.set(e.file, [e]);
    }
    for (const [file, list] of now) {
      const key = list.map((e) => `${e.warning ? 'w' : 'e'}\0${e.message}`).join('\n');
      if (this.configPublished.get(file) === key) continue;
      this.configPublished.set(file, key);
      const text = this.textOf(file);
      this.configDiagnostics.set(file, list.map((e) => configErrorDiagnostic(e, text)));
      this.publishConfigFile(file);
      for (const e of list) (e.warning ? log : logError)(`${e.warning ? 'configuration' : 'invalid configuration'}: ${e.message}`);
    }
    for (const file of [...this.configPublished.keys()]) {
      if (now.has(file)) continue;
      this.configPublished.delete(file);
      this.configDiagnostics.delete(file);
      this.publishConfigFile(file);
    }
  }

  /** A config file's diagnostics, with its findings as a document when it is open. */
  private publishConfigFile(file: string): void {
    const { paths, documents, connection } = this.host;
    const uri = paths.openUri(file);
    if (uri && documents.get(uri)) this.publish(uri);
    else {
      const uriOf = (f: string) => paths.uriOf(f);
      connection.sendDiagnostics({ uri: uriOf(file), diagnostics: [...(this.configDiagnostics.get(file) ?? []), ...(this.findingsByPath.get(file) ?? []).map((f) => toDiagnostic(f, null, uriOf))] });
    }
  }

  /** The diagnostic of a document whose lint ran past the time limit (and the status bar's error). */
  publishTimedOut(uri: string, version: number, limitMs: number): void {
    const message =
      `prompt-lint stopped linting this file: linting took longer than ${limitMs / 1000} s (the promptLint.lintTimeoutMs setting), ` +
      'so its other diagnostics are not shown. It is linted again after the next change.';
    this.published.set(uri, { version, findings: [] });
    this.host.connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 2, source: SOURCE, code: 'lint-timeout', message }],
    });
    void this.host.connection.sendNotification(STATUS_NOTIFICATION, { uri, version, state: 'error', errors: 0, warnings: 0, message } satisfies StatusParams);
  }

  /** A lint that failed: what would be wrong is cleared, the status bar says why. */
  publishFailure(uri: string, version: number, error: unknown): void {
    this.host.connection.sendDiagnostics({ uri, version, diagnostics: [] });
    this.published.set(uri, { version, findings: [] });
    void this.host.connection.sendNotification(STATUS_NOTIFICATION, {
      uri,
      version,
      state: 'error',
      errors: 0,
      warnings: 0,
      message: `prompt-lint failed on this file: ${(error as Error)?.message ?? String(error)}`,
    } satisfies StatusParams);
  }

  sendStatus(result: DocumentResult, s: PromptLintSettings, context?: StatusParams['context']): void {
    const findings = this.published.get(result.uri)?.findings ?? [];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const infos = findings.filter((f) => f.severity === 'info').length;
    const warnings = findings.length - errors - infos;
    const linted = result.status === 'linted';
    const state = result.configError || errors ? 'error' : !linted ? 'disabled' : warnings ? 'warning' : 'ok';
    const t = result.tokens;
    const params: StatusParams = {
      uri: result.uri,
      version: result.version,
      state,
      errors,
      warnings,
      ...(infos ? { infos } : {}),
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
              uri: this.host.paths.uriOf(finding.path),
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
    void this.host.connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  /** A file's text: its editor's when open, else read from disk (config files, closed task files; small). */
  textOf(filePath: string): string | undefined {
    const uri = this.host.paths.openUri(filePath);
    const open = uri ? this.host.documents.get(uri) : undefined;
    if (open) return open.getText();
    try {
      return readRegularText(filePath);
    } catch {
      return undefined;
    }
  }
}

/** With a BOM in the editor text, engine columns on line 0 are one short. */
function shiftForBom(diagnostic: Diagnostic, bom: boolean): Diagnostic {
  if (!bom) return diagnostic;
  const shift = (p: Position): Position => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
  return { ...diagnostic, range: { start: shift(diagnostic.range.start), end: shift(diagnostic.range.end) } };
}
