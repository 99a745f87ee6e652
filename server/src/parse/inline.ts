/**
 * Display text of a unit: a light, allocation-cheap inline Markdown renderer.
 *
 * Removes emphasis markers (`*`, `_`, `**`, `__`, `~~`), turns links and images into their text,
 * unwraps autolinks, resolves backslash escapes and folds whitespace. Inline code spans are kept
 * verbatim with their backticks (they are compared literally). Leading and trailing HTML-ish
 * tags (`<rule>…</rule>`) are dropped; tags in the middle of a sentence are kept.
 */

import { findCodeSpans } from './sentences.js';

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const LEADING_TAGS = /^(?:\s*<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>)+\s*/;
const TAG_AT = /^(?:<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>|<!--[\s\S]*?-->)$/;

/**
 * Where the run of HTML-ish tags (and comments) that ends `s` starts, with the whitespace before
 * it; `s.length` when `s` does not end with a tag. Linear: walks back tag by tag.
 */
export function trailingTagsStart(s: string): number {
  let end = s.length;
  while (end > 0 && /\s/.test(s[end - 1])) end--;
  let cut = s.length;
  for (;;) {
    if (end === 0 || s[end - 1] !== '>') break;
    const open = s.lastIndexOf('<', end - 1);
    if (open === -1 || !TAG_AT.test(s.slice(open, end))) break;
    cut = open;
    end = open;
    while (end > 0 && /\s/.test(s[end - 1])) end--;
    cut = end;
  }
  return cut;
}
const AUTOLINK = /^<((?:https?|ftp|mailto):[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/;

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Folds runs of whitespace to one space and trims. */
export function foldWhitespace(s: string): string {
  // fast path: only single plain spaces between words
  if (s.length === 0) return s;
  if (s.charCodeAt(0) !== 32 && s.charCodeAt(s.length - 1) !== 32 && !NEEDS_FOLD.test(s)) return s;
  return s.replace(WS_RUN, ' ').trim();
}

const NEEDS_FOLD = / {2}|[^\S ]/;
const WS_RUN = /\s+/g;

/** Renders inline Markdown `s` to display text (see module comment). */
export function renderInline(s: string): string {
  const out = render(s, 0);
  let text = foldWhitespace(out);
  if (text.includes('<')) {
    const noLead = text.replace(LEADING_TAGS, '');
    const stripped = noLead.slice(0, trailingTagsStart(noLead));
    if (stripped.length > 0) text = stripped;
  }
  return text;
}

const SPECIAL = /[\\`[!<*_~]/g;

/** Matching brackets and code spans of a string, computed once so that rendering stays linear. */
interface InlineIndex {
  /** Code span end for each span start. */
  code: Map<number, number>;
  /** Matching `]` for each `[`, matching `)` for each `(` (only matched ones). */
  close: Map<number, number>;
}

const INTERESTING = /[\\[\]()]/g;

function indexInline(s: string): InlineIndex {
  const code = new Map<number, number>();
  const close = new Map<number, number>();
  const spans = s.includes('`') ? findCodeSpans(s) : [];
  for (const sp of spans) code.set(sp.start, sp.end);
  if (!s.includes('[')) return { code, close };
  const bs: number[] = [];
  const ps: number[] = [];
  let si = 0;
  INTERESTING.lastIndex = 0;
  for (let m = INTERESTING.exec(s); m; m = INTERESTING.exec(s)) {
    const i = m.index;
    while (si < spans.length && spans[si].end <= i) si++;
    if (si < spans.length && spans[si].start <= i) {
      INTERESTING.lastIndex = spans[si].end;
      continue;
    }
    const c = s[i];
    if (c === '\\') INTERESTING.lastIndex = i + 2;
    else if (c === '[') bs.push(i);
    else if (c === ']') {
      const o = bs.pop();
      if (o !== undefined) close.set(o, i);
    } else if (c === '(') ps.push(i);
    else {
      const o = ps.pop();
      if (o !== undefined) close.set(o, i);
    }
  }
  return { code, close };
}

function render(s: string, depth: number): string {
  let out = '';
  const n = s.length;
  let idx: InlineIndex | undefined;
  const index = (): InlineIndex => (idx ??= indexInline(s));
  let i = 0;
  while (i < n) {
    // copy ordinary text up to the next character that may start markup
    SPECIAL.lastIndex = i;
    const hit = SPECIAL.exec(s);
    const next = hit ? hit.index : n;
    if (next > i) {
      out += s.slice(i, next);
      i = next;
      if (i >= n) break;
    }
    const c = s[i];
    if (c === '\\' && i + 1 < n && ASCII_PUNCT.test(s[i + 1])) {
      out += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (i + run < n && s[i + run] === '`') run++;
      const end = index().code.get(i);
      if (end === undefined) {
        out += s.slice(i, i + run);
        i += run;
      } else {
        out += s.slice(i, end).replace(/[\r\n]+/g, ' ');
        i = end;
      }
      continue;
    }
    if ((c === '[' || (c === '!' && s[i + 1] === '[')) && depth < 4) {
      const open = c === '!' ? i + 1 : i;
      const link = parseLink(s, open, index());
      if (link) {
        out += render(link.text, depth + 1);
        i = link.end;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '<') {
      const m = AUTOLINK.exec(s.slice(i, i + 512));
      if (m) {
        out += m[1];
        i += m[0].length;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '*' || c === '_' || c === '~') {
      let run = 1;
      while (i + run < n && s[i + run] === c) run++;
      const prev = i > 0 ? s[i - 1] : undefined;
      const next = i + run < n ? s[i + run] : undefined;
      let remove: boolean;
      if (c === '~') remove = run === 2;
      else if (isSpace(prev) && isSpace(next)) remove = false;
      else if (c === '_' && isAlnum(prev) && isAlnum(next)) remove = false;
      else remove = run <= 3;
      if (!remove) out += s.slice(i, i + run);
      i += run;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** `[text](dest)`, `[text][ref]` or `[text][]` starting at `open` (a `[`). */
function parseLink(s: string, open: number, idx: InlineIndex): { text: string; end: number } | undefined {
  const close = idx.close.get(open);
  if (close === undefined) return undefined;
  const text = s.slice(open + 1, close);
  const after = close + 1;
  if (s[after] === '(') {
    const end = idx.close.get(after);
    if (end === undefined) return undefined;
    return { text, end: end + 1 };
  }
  if (s[after] === '[') {
    const end = idx.close.get(after);
    if (end !== undefined && !s.slice(after + 1, end).includes('[')) return { text, end: end + 1 };
  }
  return undefined;
}
