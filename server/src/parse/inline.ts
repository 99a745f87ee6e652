/**
 * Display text of a unit: a light, allocation-cheap inline Markdown renderer.
 *
 * Removes emphasis markers (`*`, `_`, `**`, `__`, `~~`), turns links and images into their text,
 * unwraps autolinks, resolves backslash escapes and folds whitespace. Inline code spans are kept
 * verbatim with their backticks (they are compared literally). Leading and trailing HTML-ish
 * tags (`<rule>…</rule>`) are dropped; tags in the middle of a sentence are kept.
 */

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const LEADING_TAGS = /^(?:\s*<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>)+\s*/;
const TRAILING_TAGS = /\s*(?:<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>\s*)+$/;
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
  if (!NEEDS_FOLD.test(s)) return s;
  return s.replace(WS_RUN, ' ').trim();
}

const NEEDS_FOLD = /^\s|\s$|\s\s|[^\S ]/;
const WS_RUN = /\s+/g;

/** Renders inline Markdown `s` to display text (see module comment). */
export function renderInline(s: string): string {
  const out = render(s, 0);
  let text = foldWhitespace(out);
  if (text.includes('<')) {
    const stripped = text.replace(LEADING_TAGS, '').replace(TRAILING_TAGS, '');
    if (stripped.length > 0) text = stripped;
  }
  return text;
}

const SPECIAL = /[\\`[!<*_~]/g;

function render(s: string, depth: number): string {
  let out = '';
  const n = s.length;
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
      const close = findClosingRun(s, i + run, run);
      if (close === -1) {
        out += s.slice(i, i + run);
        i += run;
      } else {
        out += s.slice(i, close + run).replace(/[\r\n]+/g, ' ');
        i = close + run;
      }
      continue;
    }
    if ((c === '[' || (c === '!' && s[i + 1] === '[')) && depth < 4) {
      const open = c === '!' ? i + 1 : i;
      const link = parseLink(s, open);
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

function findClosingRun(s: string, from: number, run: number): number {
  let j = s.indexOf('`', from);
  while (j !== -1) {
    let r = 1;
    while (j + r < s.length && s[j + r] === '`') r++;
    if (r === run) return j;
    j = s.indexOf('`', j + r);
  }
  return -1;
}

/** `[text](dest)`, `[text][ref]` or `[text][]` starting at `open` (a `[`). */
function parseLink(s: string, open: number): { text: string; end: number } | undefined {
  const n = s.length;
  let depth = 0;
  let j = open;
  for (; j < n; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '`') {
      let run = 1;
      while (j + run < n && s[j + run] === '`') run++;
      const close = findClosingRun(s, j + run, run);
      if (close !== -1) j = close + run - 1;
      else j += run - 1;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  if (j >= n) return undefined;
  const text = s.slice(open + 1, j);
  const after = j + 1;
  if (s[after] === '(') {
    let pd = 0;
    let k = after;
    for (; k < n; k++) {
      const c = s[k];
      if (c === '\\') {
        k++;
        continue;
      }
      if (c === '(') pd++;
      else if (c === ')') {
        pd--;
        if (pd === 0) break;
      } else if (c === '\n' && s[k + 1] === '\n') return undefined;
    }
    if (k >= n) return undefined;
    return { text, end: k + 1 };
  }
  if (s[after] === '[') {
    const close = s.indexOf(']', after + 1);
    if (close !== -1 && !s.slice(after + 1, close).includes('[')) return { text, end: close + 1 };
  }
  return undefined;
}
