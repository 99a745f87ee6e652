/**
 * Inline configuration comments:
 *
 *   <!-- prompt-lint-disable rule-a rule-b -->       Markdown / text / .prompty bodies
 *   # prompt-lint-disable-next-line rule-a           YAML files and YAML frontmatter
 *   {# prompt-lint-disable-line #}                   Jinja comments in text templates
 *
 * Kinds: disable, enable, disable-next-line, disable-line, disable-file. Rule ids are separated by
 * spaces or commas; `-- reason` ends the list. No ids means all rules. Whether an id exists is
 * checked by the engine, not here. Only comments in comment positions count: not inside code
 * blocks, inline code or YAML strings.
 */
import { Lexer } from 'yaml';
import type { Directive, DirectiveKind, ParseProblem, Range } from '../model/types.js';
import { findCodeSpans } from './sentences.js';

const KINDS: readonly DirectiveKind[] = ['disable-next-line', 'disable-line', 'disable-file', 'disable', 'enable'];

export interface DirectiveScan {
  directives: Directive[];
  problems: ParseProblem[];
}

/**
 * Parses the inside of one comment. `body` is the comment text after its opening delimiter (and
 * before its closing one); `bodyStart` its source offset; `range` the whole comment's source range.
 * Adds a Directive to `out` (or a warning for an unknown `prompt-lint-*` word); comments that are
 * not prompt-lint directives are ignored.
 */
export function parseDirectiveComment(body: string, bodyStart: number, range: Range, out: DirectiveScan): void {
  const m = /^\s*prompt-lint-([A-Za-z-]*)/.exec(body);
  if (!m) return;
  const word = m[1];
  // `prompt-lint-prompt` marks a prompt boundary (parse/boundaries.ts), not a rule directive
  if (word === 'prompt') return;
  const kind = KINDS.find((k) => k === word);
  const nameStart = bodyStart + m[0].length - word.length - 'prompt-lint-'.length;
  if (!kind) {
    out.problems.push({
      message: `Unknown directive 'prompt-lint-${word}' (expected one of: ${KINDS.map((k) => `prompt-lint-${k}`).join(', ')})`,
      range: { start: nameStart, end: bodyStart + m[0].length },
      severity: 'warning',
    });
    return;
  }
  let rest = body.slice(m[0].length);
  const reason = /(?:^|\s)--(?:\s|$)/.exec(rest);
  if (reason) rest = rest.slice(0, reason.index);
  const rules: string[] = [];
  const ruleRanges: Range[] = [];
  const idRe = /[^\s,]+/g;
  let restStart = bodyStart + m[0].length;
  const colon = /^[ \t]*:/.exec(rest); // `prompt-lint-disable: rule-a` reads the same
  if (colon) {
    rest = rest.slice(colon[0].length);
    restStart += colon[0].length;
  }
  for (let im = idRe.exec(rest); im; im = idRe.exec(rest)) {
    rules.push(im[0]);
    ruleRanges.push({ start: restStart + im.index, end: restStart + im.index + im[0].length });
  }
  out.directives.push({ kind, rules, range, ruleRanges });
}

function inRanges(ranges: readonly Range[], pos: number): boolean {
  for (const r of ranges) if (pos >= r.start && pos < r.end) return true;
  return false;
}

/** True when `pos` lies inside an inline code span of its line. */
function inInlineCode(text: string, pos: number): boolean {
  let ls = pos;
  while (ls > 0 && text[ls - 1] !== '\n' && text[ls - 1] !== '\r') ls--;
  let le = pos;
  while (le < text.length && text[le] !== '\n' && text[le] !== '\r') le++;
  const line = text.slice(ls, le);
  if (!line.includes('`')) return false;
  const rel = pos - ls;
  return findCodeSpans(line).some((s) => rel >= s.start && rel < s.end);
}

/**
 * HTML comment directives in `text` (prompt-text coordinates; `base` is added to produce source
 * offsets). Comments inside `excluded` ranges (code blocks) or inline code are skipped.
 * With `jinja`, `{# … #}` comments count too.
 */
export function findCommentDirectives(text: string, base: number, excluded: readonly Range[], out: DirectiveScan, jinja = false): void {
  if (!text.includes('prompt-lint-')) return;
  const re = jinja ? /<!--([\s\S]*?)(?:-->|$)|\{#([\s\S]*?)(?:#\}|$)/g : /<!--([\s\S]*?)(?:-->|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const inner = m[1] ?? m[2] ?? '';
    if (!inner.includes('prompt-lint-')) continue;
    if (inRanges(excluded, m.index) || inInlineCode(text, m.index)) continue;
    const closed = m[0].endsWith(m[1] !== undefined ? '-->' : '#}');
    const bodyStart = m.index + (m[1] !== undefined ? 4 : 2);
    if (!closed) {
      out.problems.push({ message: 'Directive comment is not closed', range: { start: base + m.index, end: base + m.index + Math.min(m[0].length, 80) }, severity: 'warning' });
      continue;
    }
    parseDirectiveComment(inner, base + bodyStart, { start: base + m.index, end: base + m.index + m[0].length }, out);
  }
}

const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * `#` comment directives in the YAML text `text.slice(start, end)`, found with yaml's lexer so that
 * `#` inside strings and block scalars is not mistaken for a comment.
 */
export function findYamlDirectives(text: string, start: number, end: number, out: DirectiveScan): void {
  const src = text.slice(start, end);
  if (!src.includes('prompt-lint-')) return;
  let off = 0;
  try {
    for (const tok of new Lexer().lex(src)) {
      if (tok.length === 1 && CONTROL_TOKENS.has(tok)) continue;
      if (tok.charCodeAt(0) === 35 /* # */ && tok.includes('prompt-lint-') && src.startsWith(tok, off)) {
        const abs = start + off;
        parseDirectiveComment(tok.slice(1), abs + 1, { start: abs, end: abs + tok.length }, out);
      }
      off += tok.length;
    }
  } catch {
    // the lexer does not throw on bad input; be safe anyway
  }
}
