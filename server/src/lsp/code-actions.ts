/**
 * Code actions from the findings recorded when the document was linted (vscode-eslint's
 * CodeActions.record): each rule fix as a quick fix, each suggestion, "Fix all prompt-lint
 * problems" (also as `source.fixAll.promptLint`), "Disable <rule> for this line / the entire file"
 * (only "the entire file" for rules about the whole file, such as a token budget) and "Show
 * documentation for <rule>". Every edit names the document version it was made for, so
 * a client rejects it once the text has moved on.
 */
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type Position,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { applyEdits, selectCompatibleFixes } from '../engine/edits.js';
import type { Finding, TextEdit } from '../engine/types.js';
import { disableForFile, disableForLine } from './comment-syntax.js';
import { findingKey, SOURCE, type DiagnosticData } from './diagnostics.js';
import type { LocatedDoc } from './doc-view.js';
import { Commands, FIX_ALL_KIND } from './protocol.js';

/** How a file's offsets become positions, and the version an edit to it names. */
export interface EditTarget {
  readonly uri: string;
  readonly version: number | null;
  positionAt(offset: number): Position;
}

export interface ActionContext {
  /** The current editor text and version of the requested document. */
  readonly uri: string;
  readonly version: number;
  /** Findings of the document as last published (own and task findings), for `version`. */
  readonly findings: readonly Finding[];
  /** The document as linted, when the lint is of the current version. */
  readonly doc: LocatedDoc | undefined;
  /**
   * Rules whose findings are about the whole file (a token budget): "Disable … for this line"
   * would only move the finding to the next line, so only "… for the entire file" is offered.
   */
  readonly wholeFileRules?: ReadonlySet<string>;
  /** The document itself plus any other file a fix edits. */
  target(filePath: string): EditTarget | undefined;
  /** `workspace.workspaceEdit.documentChanges`: versioned edits. */
  readonly documentChanges: boolean;
  /** The fix-all edit for the current text (the CLI's `--fix`), when computed and something changes. */
  readonly fixAll: TextEdit | undefined;
}

/** Whether `source.fixAll.promptLint` (or a kind above it) was asked for explicitly (codeActionsOnSave, the source menu). */
export function fixAllRequested(params: CodeActionParams): boolean {
  const only = params.context.only;
  return !!only?.length && wanted(FIX_ALL_KIND, only);
}

/**
 * "Fix all" from the fixes recorded at lint time, in one pass (no lint): cheap enough to offer on
 * every code action request. The explicit request runs the CLI's `--fix` instead.
 */
export function recordedFixAll(findings: readonly Finding[], filePath: string, text: string): TextEdit | undefined {
  const fixes = findings.filter((f) => f.fix?.length && f.fix.every((e) => !e.path || e.path === filePath)).map((f) => f.fix!);
  if (fixes.length === 0) return undefined;
  return minimalEdit(text, applyEdits(text, selectCompatibleFixes(fixes)).text);
}

/** Whether an action of `kind` was asked for by `only` (kinds are hierarchical: `source` covers `source.fixAll.x`). */
export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(params: CodeActionParams, ctx: ActionContext): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const doc = ctx.doc;

  if (doc && wanted(CodeActionKind.QuickFix, only)) {
    const byKey = new Map(ctx.findings.map((f) => [findingKey(f), f] as const));
    const disabled = new Set<string>();
    const documented = new Set<string>();
    const lineActions: CodeAction[] = [];
    const fileActions: CodeAction[] = [];
    const docActions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const finding = findingOf(diagnostic, byKey, ctx.version);
      if (!finding) continue;
      const id = finding.ruleId;
      if (finding.fix?.length) {
        const edit = workspaceEdit(finding.fix, ctx);
        if (edit) actions.push({ title: `Fix: ${finding.message}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit });
      }
      for (const suggestion of finding.suggest ?? []) {
        const edit = workspaceEdit(suggestion.edits, ctx);
        if (edit) actions.push({ title: suggestion.message, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
      }
      if (finding.path === doc.path) {
        const lineKey = `${id}\0${finding.start.line}`;
        if (!disabled.has(lineKey) && !ctx.wholeFileRules?.has(id)) {
          disabled.add(lineKey);
          const d = disableForLine(doc, id, finding.range.start);
          const edit = workspaceEdit(d.edits, ctx);
          if (edit) {
            lineActions.push({
              title: d.scope === 'line' ? `Disable ${id} for this line` : `Disable ${id} for this prompt`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              edit,
            });
          }
        }
        if (!disabled.has(id)) {
          disabled.add(id);
          const edit = workspaceEdit(disableForFile(doc, id), ctx);
          if (edit) fileActions.push({ title: `Disable ${id} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
        }
      }
      if (!documented.has(id)) {
        documented.add(id);
        docActions.push({
          title: `Show documentation for ${id}`,
          kind: CodeActionKind.QuickFix,
          command: { title: `Show documentation for ${id}`, command: Commands.showDocumentation, arguments: [finding.url] },
        });
      }
    }
    const fixable = ctx.findings.filter((f) => f.fix?.length).length;
    if (fixable > 1 && actions.length > 0) {
      const all = fixAllAction(ctx, CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
    actions.push(...lineActions, ...fileActions, ...docActions);
  }

  if (wanted(FIX_ALL_KIND, only)) {
    const all = fixAllAction(ctx, FIX_ALL_KIND);
    if (all) actions.push(all);
  }
  return actions;
}

function fixAllAction(ctx: ActionContext, kind: string): CodeAction | undefined {
  const edit = ctx.fixAll;
  if (!edit) return undefined;
  const workspace = workspaceEdit([edit], ctx);
  return workspace ? { title: 'Fix all prompt-lint problems', kind, edit: workspace } : undefined;
}

function findingOf(diagnostic: Diagnostic, byKey: ReadonlyMap<string, Finding>, version: number): Finding | undefined {
  if (diagnostic.source !== SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.key !== 'string') return undefined;
  if (data.version !== undefined && data.version !== null && data.version !== version) return undefined;
  return byKey.get(data.key);
}

/** Engine edits (offsets, per file) as a versioned workspace edit; undefined when a file is unknown. */
export function workspaceEdit(edits: readonly TextEdit[], ctx: Pick<ActionContext, 'target' | 'documentChanges' | 'uri'>): WorkspaceEdit | undefined {
  const byTarget = new Map<string, { target: EditTarget; edits: LspTextEdit[] }>();
  for (const edit of edits) {
    const key = edit.path ?? '';
    let entry = byTarget.get(key);
    if (!entry) {
      const target = edit.path ? ctx.target(edit.path) : ctx.target('');
      if (!target) return undefined;
      byTarget.set(key, (entry = { target, edits: [] }));
    }
    entry.edits.push({
      range: { start: entry.target.positionAt(edit.range.start), end: entry.target.positionAt(edit.range.end) },
      newText: edit.text,
    });
  }
  const groups = [...byTarget.values()];
  if (groups.length === 0) return undefined;
  if (ctx.documentChanges) {
    const documentChanges: TextDocumentEdit[] = groups.map((g) => ({
      textDocument: { uri: g.target.uri, version: g.target.version },
      edits: g.edits,
    }));
    return { documentChanges };
  }
  const changes: Record<string, LspTextEdit[]> = {};
  for (const g of groups) (changes[g.target.uri] ??= []).push(...g.edits);
  return { changes };
}

/** The smallest single edit turning `before` into `after` (offsets into `before`). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before.charCodeAt(start) === 10 && before.charCodeAt(start - 1) === 13))) start--;
  while (
    endBefore < before.length &&
    (isLowSurrogate(before.charCodeAt(endBefore)) || (before.charCodeAt(endBefore) === 10 && before.charCodeAt(endBefore - 1) === 13))
  ) {
    endBefore++;
    endAfter++;
  }
  return { range: { start, end: endBefore }, text: after.slice(start, endAfter) };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
