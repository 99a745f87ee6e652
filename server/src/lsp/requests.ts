/**
 * The language server's requests: code actions and commands (fix all), hover, code lens, document
 * symbols, and the custom token report, effective context and stats. Each answers or fails with a
 * ResponseError (`guard`); none lints: they read the last lint or a token view.
 */
import { ErrorCodes, ResponseError, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, TextEdit } from '../engine/types.js';
import { bomLength, createSourceFile, withoutBom } from '../model/source.js';
import { codeActions, fixAllRequested, minimalEdit, recordedFixAll, workspaceEdit, type ActionContext, type EditTarget } from './code-actions.js';
import { codeLenses, importLenses } from './code-lens.js';
import type { LocatedDoc } from './doc-view.js';
import { hover } from './hover.js';
import { collectGarbage, LintTimeoutError } from './lint-backend.js';
import { pathToUri, uriToPath } from './paths.js';
import {
  Commands,
  CONTEXT_REQUEST,
  KNOWN_AGENTS,
  STATS_REQUEST,
  TOKEN_REPORT_REQUEST,
  type ContextParams,
  type ContextResult,
  type PromptLintSettings,
  type StatsParams,
  type StatsResult,
  type TokenReport,
  type TokenReportParams,
} from './protocol.js';
import type { Kept } from './publisher.js';
import type { Session } from './session.js';
import { documentSymbols } from './symbols.js';
import { tokenReport } from './token-report.js';

/** What the requests read of the server besides the session. */
export interface Views {
  /** The document's last lint is of its current version and config generation. */
  isCurrent(uri: string): boolean;
  locatedOf(k: Kept | undefined): LocatedDoc | undefined;
  /** The last lint when current, else a token view of the current text (see server.ts). */
  tokenView(uri: string): Promise<Kept | undefined>;
  /** The effective contexts of a file, over every open document's current text. */
  contextOf(uri: string, filePath: string, s: PromptLintSettings, agent: string | undefined): Promise<ContextResult>;
}

export function registerRequests(session: Session, views: Views): void {
  const { connection, documents, paths, publisher, kept } = session;
  const { isCurrent, locatedOf, tokenView, contextOf } = views;

  connection.onCodeAction(
    guard('textDocument/codeAction', async (params) => {
      if (!params.context || !Array.isArray(params.context.diagnostics)) {
        throw new ResponseError(ErrorCodes.InvalidParams, 'textDocument/codeAction: params.context.diagnostics must be an array');
      }
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const uri = document.uri;
      const last = publisher.lastPublished(uri);
      const findings = last?.version === document.version ? last.findings : [];
      const current = isCurrent(uri);
      const k = kept.get(uri);
      // Asked for explicitly: the CLI's --fix on the current text. Offered in passing: the recorded fixes, no lint.
      const fixAll = fixAllRequested(params)
        ? await fixAllEdit(document)
        : current && k
          ? recordedFixAll(findings, paths.pathOf(document), withoutBom(k.text))
          : undefined;
      const doc = current ? locatedOf(k) : undefined;
      return codeActions(params, actionContext(document, doc, findings, fixAll));
    }),
  );

  /** The CLI's `--fix` on the current text, as one minimal edit. */
  async function fixAllEdit(document: TextDocument): Promise<TextEdit | undefined> {
    const raw = document.getText();
    const text = withoutBom(raw);
    const s = await session.settings.get(document.uri);
    if (!s.enable) return undefined;
    let output: string;
    try {
      output = await session.queue.run(() => session.backend.fixText(document.uri, paths.pathOf(document), text, s.model, s.lintTimeoutMs));
    } catch (error) {
      if (!(error instanceof LintTimeoutError)) throw error;
      // bounded like a lint: the worker was replaced, the other documents keep being served
      const message = `prompt-lint stopped fixing this file: fix-all took longer than ${error.limitMs / 1000} s (the promptLint.lintTimeoutMs setting); nothing was changed.`;
      session.logError(`fix-all of ${document.uri} stopped: it took longer than ${error.limitMs} ms (lintTimeoutMs); the lint worker is restarted`);
      void connection.window.showWarningMessage(message);
      return undefined;
    }
    if (documents.get(document.uri)?.version !== document.version) return undefined;
    return minimalEdit(text, output);
  }

  function actionContext(document: TextDocument, doc: LocatedDoc | undefined, findings: readonly Finding[], fixAll: TextEdit | undefined): ActionContext {
    const p = paths.pathOf(document);
    return {
      uri: document.uri,
      version: document.version,
      findings,
      doc,
      wholeFileRules: new Set(kept.get(document.uri)?.result.wholeFileRules ?? []),
      documentChanges: session.support.documentChanges,
      target: (filePath) => editTarget(filePath === '' ? p : filePath),
      fixAll,
    };
  }

  function editTarget(filePath: string): EditTarget | undefined {
    const uri = paths.openUri(filePath);
    const document = uri ? documents.get(uri) : undefined;
    if (document) {
      const bom = bomLength(document.getText());
      return { uri: document.uri, version: document.version, positionAt: (offset) => document.positionAt(offset + bom) };
    }
    const text = publisher.textOf(filePath);
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
        if (session.support.showDocument) await connection.window.showDocument({ uri: arg, external: true });
        else void connection.window.showInformationMessage(`prompt-lint documentation: ${arg}`);
        return null;
      }
      if (params.command === Commands.fixAll) {
        const document = typeof arg === 'string' ? documents.get(arg) : undefined;
        if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${Commands.fixAll} expects the URI of an open document`);
        const edit = await fixAllEdit(document);
        const workspace = edit ? workspaceEdit([edit], actionContext(document, undefined, [], edit)) : undefined;
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
      const k = await tokenView(params.textDocument.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return null;
      return hover(doc, k.result.tokens, position);
    }),
  );

  connection.onCodeLens(
    guard('textDocument/codeLens', async (params) => {
      const uri = params.textDocument.uri;
      if (!documents.get(uri)) return [];
      const s = await session.settings.get(uri);
      if (!s.codeLens) return [];
      const k = await tokenView(uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return [];
      const lenses = codeLenses(doc, k.result.tokens);
      const document = documents.get(uri);
      // `@path` imports: what each pulls into the agent's context (skipped cheaply when the text has none)
      if (document && /(^|\s)@[^\s@]/.test(document.getText())) {
        try {
          lenses.push(...importLenses(uri, await contextOf(uri, paths.pathOf(document), s, undefined)));
        } catch (error) {
          session.logError(`import lenses of ${uri} failed: ${(error as Error)?.message ?? String(error)}`);
        }
      }
      return lenses;
    }),
  );

  connection.onDocumentSymbol(
    guard('textDocument/documentSymbol', async (params) => {
      const k = await tokenView(params.textDocument.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return [];
      return documentSymbols(doc, k.result.tokens);
    }),
  );

  connection.onRequest(
    TOKEN_REPORT_REQUEST,
    guard(TOKEN_REPORT_REQUEST, async (params: TokenReportParams): Promise<TokenReport | null> => {
      if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri }');
      const k = await tokenView(params.uri);
      const doc = locatedOf(k);
      if (!doc || !k?.result.tokens) return null;
      return tokenReport(k.result.uri, k.result.version, doc, k.result.tokens);
    }),
  );

  connection.onRequest(
    CONTEXT_REQUEST,
    guard(CONTEXT_REQUEST, async (params: ContextParams): Promise<ContextResult> => {
      if (!params || typeof params.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'expected { uri, agent? }');
      if (params.agent !== undefined && !(KNOWN_AGENTS as readonly string[]).includes(params.agent)) {
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown agent ${JSON.stringify(params.agent)} (expected one of: ${KNOWN_AGENTS.join(', ')})`);
      }
      const document = documents.get(params.uri);
      let filePath: string;
      try {
        filePath = document ? paths.pathOf(document) : uriToPath(params.uri, undefined, session.roots[0] ?? process.cwd());
      } catch {
        throw new ResponseError(ErrorCodes.InvalidParams, `not a file URI: ${params.uri}`);
      }
      return contextOf(params.uri, filePath, await session.settings.get(params.uri), params.agent);
    }),
  );

  connection.onRequest(
    STATS_REQUEST,
    guard(STATS_REQUEST, async (params: StatsParams | undefined): Promise<StatsResult> => {
      if (params?.gc) collectGarbage();
      const lint = await session.backend.stats(!!params?.gc);
      const memory = process.memoryUsage();
      return {
        heapUsed: memory.heapUsed + (session.useWorker ? lint.heapUsed : 0),
        rss: memory.rss,
        openDocuments: documents.all().length,
        results: lint.results,
        runs: session.stats.runs,
        staleRuns: session.stats.staleRuns,
        tokenViews: session.stats.tokenViews,
        provisionalRuns: session.stats.provisionalRuns,
        provisionalRedone: session.stats.provisionalRedone,
        ...(lint.inProcessLints !== undefined ? { inProcessLints: lint.inProcessLints, workerStarted: !!lint.workerStarted, lintThread: lint.lintThread } : {}),
      };
    }),
  );

  /**
   * Every handler answers: bad params become InvalidParams, anything else an InternalError, each
   * logged; the server keeps running.
   */
  function guard<P, R>(method: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      if (session.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down`);
      try {
        if (method.startsWith('textDocument/')) {
          const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
          if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${method}: params.textDocument.uri must be a string`);
        }
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) {
          session.logError(`${method}: ${error.message}`);
          throw error;
        }
        const message = (error as Error)?.message ?? String(error);
        session.logError(`${method} failed: ${(error as Error)?.stack ?? message}`);
        throw new ResponseError(ErrorCodes.InternalError, `${method} failed: ${message}`);
      }
    };
  }
}

function checkPosition(position: Position): Position {
  if (!position || !Number.isInteger(position.line) || !Number.isInteger(position.character) || position.line < 0 || position.character < 0) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'position must have non-negative integer line and character');
  }
  return position;
}
