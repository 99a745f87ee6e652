/**
 * The one translation from engine findings (and config errors) to LSP diagnostics
 * (vscode-eslint's `Diagnostics.create`, vale-ls's `alert_to_diagnostic`).
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver/node';
import type { Finding } from '../engine/types.js';
import type { PlainConfigError as ConfigError } from './linting.js';

export const SOURCE = 'prompt-lint';

/** Diagnostic `code` of problems that are not findings of a rule. */
export const CONFIG_ERROR_CODE = 'config-error';
/** On a config file whose `extends` of a package was skipped (untrusted workspace). */
export const CONFIG_WARNING_CODE = 'config-warning';
export const CONFIG_DOCS_URL = 'https://github.com/prompt-lint/prompt-lint/blob/main/docs/configuration.md';

/** What a diagnostic carries back to the server in code action requests. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly messageId: string;
  /** Key of the recorded finding (see `findingKey`), valid for `version`. */
  readonly key: string;
  readonly version: number | null;
  readonly fixable: boolean;
  readonly suggestions: number;
}

/** Identifies a finding within one document version: rule, message and range. */
export function findingKey(finding: Finding): string {
  return `${finding.ruleId}\0${finding.messageId}\0${finding.range.start}\0${finding.range.end}\0${finding.message}`;
}

/**
 * A finding as a diagnostic: source `prompt-lint`, code = rule id, codeDescription = the rule's
 * docs, related locations (possibly in other files of a task), and a small `data` payload.
 */
export function toDiagnostic(finding: Finding, version: number | null, uriOf: (path: string) => string): Diagnostic {
  const related: DiagnosticRelatedInformation[] | undefined = finding.related?.map((r) => ({
    location: { uri: uriOf(r.path), range: { start: r.start, end: r.end } },
    message: r.message,
  }));
  const data: DiagnosticData = {
    ruleId: finding.ruleId,
    messageId: finding.messageId,
    key: findingKey(finding),
    version,
    fixable: !!finding.fix?.length,
    suggestions: finding.suggest?.length ?? 0,
  };
  return {
    range: { start: finding.start, end: finding.end },
    severity: finding.severity === 'error' ? DiagnosticSeverity.Error : finding.severity === 'info' ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    source: SOURCE,
    code: finding.ruleId,
    codeDescription: { href: finding.url },
    message: finding.message,
    ...(related?.length ? { relatedInformation: related } : {}),
    data,
  };
}

/** An invalid config file (or a warning about one), reported on the config file itself at the error's position. */
export function configErrorDiagnostic(error: ConfigError, fileText: string | undefined): Diagnostic {
  return {
    range: configErrorRange(error, fileText),
    severity: error.warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    source: SOURCE,
    code: error.warning ? CONFIG_WARNING_CODE : CONFIG_ERROR_CODE,
    codeDescription: { href: CONFIG_DOCS_URL },
    message: error.keyPath ? `${error.keyPath}: ${error.detail}` : error.detail,
  };
}

/** On a linted document whose config is invalid: says so, and that built-in defaults were used. */
export function configFallbackDiagnostic(error: ConfigError, configUri: string, fileText: string | undefined): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: CONFIG_ERROR_CODE,
    codeDescription: { href: CONFIG_DOCS_URL },
    message: `Invalid configuration (${error.message}); this file was linted with the built-in defaults`,
    relatedInformation: [{ location: { uri: configUri, range: configErrorRange(error, fileText) }, message: error.detail }],
  };
}

/** From the error's 1-based line/column to the end of that line; the first line when it has no position. */
function configErrorRange(error: ConfigError, text: string | undefined): Range {
  const line = Math.max(0, error.line - 1);
  const character = Math.max(0, error.column - 1);
  const lineText = text?.split(/\r\n|\r|\n/)[line] ?? '';
  const end = Math.max(character + 1, lineText.length);
  return { start: { line, character }, end: { line, character: error.line > 0 ? end : Math.max(1, lineText.length) } };
}
