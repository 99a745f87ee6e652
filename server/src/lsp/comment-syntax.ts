/**
 * Where and how a disable comment goes, per kind of text (vscode-eslint's languageDefaults.ts):
 * HTML comments in Markdown, .mdc, .prompty and text bodies; `#` comments in YAML files and YAML
 * frontmatter. A YAML string spanning several lines cannot hold a comment, so its findings are
 * disabled with a `disable`/`enable` pair around the whole key.
 */
import type { Directive } from '../model/types.js';
import type { LocatedDoc } from './doc-view.js';
import type { TextEdit } from '../engine/types.js';

export type CommentStyle = 'html' | 'yaml';

const FORMAT: Readonly<Record<CommentStyle, (body: string) => string>> = {
  html: (body) => `<!-- ${body} -->`,
  yaml: (body) => `# ${body}`,
};

export function comment(style: CommentStyle, body: string): string {
  return FORMAT[style](body);
}

/** The comment syntax at a source offset: YAML in YAML files and frontmatter, HTML elsewhere. */
export function styleAt(doc: LocatedDoc, offset: number): CommentStyle {
  if (doc.kind === 'yaml') return 'yaml';
  const fm = doc.frontmatter;
  if (fm && offset >= fm.range.start && offset < fm.range.end) return 'yaml';
  return 'html';
}

export interface DisableEdit {
  readonly edits: readonly TextEdit[];
  /** 'line' = disable-next-line; 'region' = a disable/enable pair around a multi-line YAML string. */
  readonly scope: 'line' | 'region';
}

/** Edits that disable `ruleId` for the line holding `offset`. */
export function disableForLine(doc: LocatedDoc, ruleId: string, offset: number): DisableEdit {
  const { text, eol, lines } = doc.file;
  const line = lines.positionAt(offset).line;
  const lineStart = lines.lineStarts[line]!;
  const style = styleAt(doc, offset);

  if (style === 'yaml') {
    const scalar = multiLineString(doc, line);
    if (scalar) {
      const indent = indentOf(text, lines.lineStarts[scalar.firstLine]!);
      const startAt = lines.lineStarts[scalar.firstLine]!;
      const endLine = scalar.lastLine + 1;
      const endAt = endLine < lines.lineStarts.length ? lines.lineStarts[endLine]! : text.length;
      const atEof = endLine >= lines.lineStarts.length;
      return {
        scope: 'region',
        edits: [
          { range: { start: startAt, end: startAt }, text: `${indent}${comment('yaml', `prompt-lint-disable ${ruleId}`)}${eol}` },
          {
            range: { start: endAt, end: endAt },
            text: `${atEof ? eol : ''}${indent}${comment('yaml', `prompt-lint-enable ${ruleId}`)}${atEof ? '' : eol}`,
          },
        ],
      };
    }
  }

  const existing = line > 0 ? directiveOnLine(doc, 'disable-next-line', line - 1) : undefined;
  if (existing) return { scope: 'line', edits: [appendRule(existing, ruleId)] };
  const prefix = style === 'html' ? containerPrefix(text, lineStart) : indentOf(text, lineStart);
  return {
    scope: 'line',
    edits: [{ range: { start: lineStart, end: lineStart }, text: `${prefix}${comment(style, `prompt-lint-disable-next-line ${ruleId}`)}${eol}` }],
  };
}

/** Edits that disable `ruleId` for the whole file: a directive at the top, after any frontmatter. */
export function disableForFile(doc: LocatedDoc, ruleId: string): TextEdit[] {
  const existing = doc.directives.find((d) => d.kind === 'disable-file' && d.rules.length > 0);
  if (existing) return [appendRule(existing, ruleId)];
  const { eol, lines } = doc.file;
  if (doc.kind === 'yaml') {
    return [{ range: { start: 0, end: 0 }, text: `${comment('yaml', `prompt-lint-disable-file ${ruleId}`)}${eol}` }];
  }
  let at = 0;
  const fm = doc.frontmatter;
  if (fm) {
    // The line after the frontmatter's closing fence.
    const endPos = lines.positionAt(Math.max(fm.range.start, fm.range.end - 1));
    const next = endPos.line + 1;
    at = next < lines.lineStarts.length ? lines.lineStarts[next]! : doc.file.text.length;
  }
  const needsBreak = at === doc.file.text.length && at > 0 && !/[\r\n]$/.test(doc.file.text);
  return [{ range: { start: at, end: at }, text: `${needsBreak ? eol : ''}${comment('html', `prompt-lint-disable-file ${ruleId}`)}${eol}` }];
}

/** Adds a rule id to an existing directive's list (after its last id). */
function appendRule(directive: Directive, ruleId: string): TextEdit {
  const last = directive.ruleRanges[directive.ruleRanges.length - 1]!;
  return { range: { start: last.end, end: last.end }, text: ` ${ruleId}` };
}

function directiveOnLine(doc: LocatedDoc, kind: Directive['kind'], line: number): Directive | undefined {
  const lines = doc.file.lines;
  return doc.directives.find((d) => d.kind === kind && d.rules.length > 0 && lines.positionAt(d.range.end).line === line);
}

/** The lines of a YAML prompt string that spans `line` and more than one line, key line first. */
function multiLineString(doc: LocatedDoc, line: number): { firstLine: number; lastLine: number } | undefined {
  const { lines, text } = doc.file;
  for (const prompt of doc.prompts) {
    const { start, end } = prompt.range;
    const first = lines.positionAt(start).line;
    const last = lines.positionAt(Math.max(start, end - 1)).line;
    if (first === last || line < first || line > last) continue;
    // A block scalar's content starts on the line after its `key: |`: the comment goes above the key.
    const keyLine = text.slice(lines.lineStarts[first]!, start).trim() === '' && first > 0 ? first - 1 : first;
    if (line === keyLine && keyLine === first) return undefined;
    return { firstLine: keyLine, lastLine: last };
  }
  return undefined;
}

function indentOf(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineStart + 200))![0];
}

/** Indentation and block-quote markers, so the comment stays in the same container. */
function containerPrefix(text: string, lineStart: number): string {
  return /^[ \t]*(?:>[ \t]?)*/.exec(text.slice(lineStart, lineStart + 200))![0];
}
