/**
 * Sentence splitting for instruction units.
 *
 * A sentence ends at `.`, `!` or `?` (runs like `...` or `?!` included, then any closing quotes,
 * brackets or emphasis markers) when followed by whitespace and then a capital letter, an opening
 * quote/bracket/emphasis/backtick, or the end of the text. It does not end after common
 * abbreviations (e.g., i.e., etc., Mr., vs., …), inside inline code
 * spans, or where the punctuation is not followed by whitespace (3.5, README.md, example.com/a.b).
 * CJK full stops (。！？) end a sentence without needing whitespace. A colon at the end of a line
 * followed by a capitalised line also ends a sentence ("Rules:\nNever do X.").
 */
import type { Range } from '../model/types.js';

const ABBREVIATIONS = new Set([
  'e.g.', 'i.e.', 'etc.', 'vs.', 'v.', 'cf.', 'viz.', 'al.', 'approx.', 'ca.', 'esp.', 'incl.', 'excl.',
  'mr.', 'mrs.', 'ms.', 'dr.', 'prof.', 'sr.', 'jr.', 'st.', 'mt.', 'rev.', 'gen.', 'col.', 'capt.', 'lt.', 'sgt.',
  'inc.', 'ltd.', 'co.', 'corp.', 'llc.', 'dept.', 'univ.', 'assn.',
  'no.', 'nos.', 'vol.', 'vols.', 'fig.', 'figs.', 'eq.', 'ch.', 'sec.', 'pp.', 'p.', 'para.', 'ref.', 'refs.', 'ed.', 'eds.',
  'jan.', 'feb.', 'mar.', 'apr.', 'jun.', 'jul.', 'aug.', 'sep.', 'sept.', 'oct.', 'nov.', 'dec.',
  'a.m.', 'p.m.', 'u.s.', 'u.k.', 'e.u.', 'u.s.a.', 'ph.d.', 'b.sc.', 'm.sc.', 'min.', 'max.', 'avg.', 'est.',
  'resp.', 'w.r.t.', 'n.b.', 'p.s.', 'aka.', 'a.k.a.',
]);

const CLOSERS = new Set(['"', "'", '\u201D', '\u2019', ')', ']', '}', '*', '_', '\u00BB']);
const OPENERS = new Set(['"', "'", '\u201C', '\u2018', '(', '[', '*', '_', '`', '\u00AB', '\u00BF', '\u00A1', '<']);
const CJK_TERMINATORS = new Set(['\u3002', '\uFF01', '\uFF1F']); // 。！？
const CJK_CLOSERS = new Set(['\u300D', '\u300F', '\uFF09', '\u3011', '\u3015', '\u201D', '\u2019', '"', "'", ')']);

const UPPER = /\p{Lu}|\p{Lt}|\p{Lo}/u;

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00A0' || c === '\u3000';
}

/**
 * Inline code spans (backtick runs closed by the next run of the same length), as ranges into
 * `s`. Backslash-escaped backticks do not open a span. Linear: runs are indexed by length once.
 */
export function findCodeSpans(s: string): Range[] {
  const spans: Range[] = [];
  if (!s.includes('`')) return spans;
  // all backtick runs, in order, grouped by length
  const runs: Array<{ at: number; len: number; escaped: boolean }> = [];
  const byLen = new Map<number, number[]>(); // run length -> indexes into runs
  const n = s.length;
  for (let i = s.indexOf('`'); i !== -1 && i < n; ) {
    let len = 1;
    while (i + len < n && s[i + len] === '`') len++;
    const escaped = i > 0 && s[i - 1] === '\\' && !isEscaped(s, i - 1);
    runs.push({ at: i, len, escaped });
    const list = byLen.get(len);
    if (list) list.push(runs.length - 1);
    else byLen.set(len, [runs.length - 1]);
    i = s.indexOf('`', i + len);
  }
  const cursor = new Map<number, number>(); // run length -> next candidate position in byLen list
  let pos = 0; // nothing before this offset can open a span
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r];
    if (run.at < pos) continue;
    // an escaped run loses its first backtick as an opener
    const len = run.escaped ? run.len - 1 : run.len;
    const at = run.escaped ? run.at + 1 : run.at;
    if (len === 0) continue;
    const list = byLen.get(len);
    if (!list) continue;
    let k = cursor.get(len) ?? 0;
    while (k < list.length && runs[list[k]].at <= at) k++;
    cursor.set(len, k);
    if (k >= list.length) continue;
    const close = runs[list[k]];
    spans.push({ start: at, end: close.at + close.len });
    pos = close.at + close.len;
  }
  return spans;
}

/** True when the character at `i` is itself preceded by an odd number of backslashes. */
function isEscaped(s: string, i: number): boolean {
  let k = i - 1;
  let count = 0;
  while (k >= 0 && s[k] === '\\') {
    count++;
    k--;
  }
  return count % 2 === 1;
}

/** The word (non-space run) that ends at `end` (exclusive), lowercased. */
function wordBefore(s: string, end: number, floor: number): string {
  let k = end - 1;
  while (k >= floor && !isWs(s[k]) && s[k] !== '(' && s[k] !== '[' && s[k] !== '"' && s[k] !== '*' && s[k] !== '_') k--;
  return s.slice(k + 1, end);
}

/**
 * Splits `s` into sentence ranges (trimmed, non-empty). `codeSpans` may be given when already
 * known (ranges into `s`); boundaries inside them are ignored.
 */
export function splitSentences(s: string, codeSpans: readonly Range[] = findCodeSpans(s)): Range[] {
  const out: Range[] = [];
  const n = s.length;
  let sentStart = 0;
  let spanIdx = 0;
  const push = (start: number, end: number): void => {
    let a = start;
    let b = end;
    while (a < b && isWs(s[a])) a++;
    while (b > a && isWs(s[b - 1])) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  const CANDIDATE = /[.!?:\u3002\uFF01\uFF1F]/g;
  for (let i = 0; i < n; i++) {
    // jump to the next character that can end a sentence
    CANDIDATE.lastIndex = i;
    const hit = CANDIDATE.exec(s);
    if (!hit) break;
    i = hit.index;
    // skip inline code
    while (spanIdx < codeSpans.length && codeSpans[spanIdx].end <= i) spanIdx++;
    if (spanIdx < codeSpans.length && codeSpans[spanIdx].start <= i) {
      i = codeSpans[spanIdx].end - 1;
      continue;
    }
    const c = s[i];
    if (CJK_TERMINATORS.has(c)) {
      let j = i + 1;
      while (j < n && (CJK_TERMINATORS.has(s[j]) || CJK_CLOSERS.has(s[j]))) j++;
      push(sentStart, j);
      sentStart = j;
      i = j - 1;
      continue;
    }
    if (c === ':' ) {
      // colon at end of line, next line capitalised
      let j = i + 1;
      while (j < n && (s[j] === ' ' || s[j] === '\t' || s[j] === '*' || s[j] === '_')) j++;
      if (j < n && s[j] === '\n') {
        let k = j + 1;
        while (k < n && isWs(s[k])) k++;
        if (k < n && startsSentence(s, k)) {
          push(sentStart, j);
          sentStart = k;
          i = k - 1;
        }
      }
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    if (i > 0 && s[i - 1] === '\\') continue;
    let j = i + 1;
    while (j < n && (s[j] === '.' || s[j] === '!' || s[j] === '?')) j++;
    while (j < n && CLOSERS.has(s[j])) j++;
    if (j < n && !isWs(s[j])) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < n && isWs(s[k])) k++;
    if (k < n && !startsSentence(s, k)) {
      i = j - 1;
      continue;
    }
    if (c === '.' && (i + 1 === n || s[i + 1] !== '.') && (i === 0 || s[i - 1] !== '.')) {
      // a single period: abbreviations and leading list-like numbers do not end a sentence
      const w = wordBefore(s, i + 1, sentStart);
      if (ABBREVIATIONS.has(w.toLowerCase()) || (/^\d{1,3}\.$/.test(w) && isAtSentenceStart(s, i + 1 - w.length, sentStart))) {
        i = j - 1;
        continue;
      }
    }
    push(sentStart, j);
    sentStart = k;
    i = k - 1;
  }
  push(sentStart, n);
  return out;
}

/** Whether a new sentence may start at `k`: a capital letter, possibly after opening marks. */
function startsSentence(s: string, k: number): boolean {
  let p = k;
  const n = s.length;
  let opened = false;
  while (p < n && OPENERS.has(s[p]) && p - k < 4) {
    if (s[p] === '"' || s[p] === "'" || s[p] === '\u201C' || s[p] === '\u2018' || s[p] === '`' || s[p] === '\u00AB') opened = true;
    p++;
  }
  if (p >= n) return opened;
  const ch = s[p];
  if (ch === '{' && (s[p + 1] === '{' || s[p + 1] === '%')) return true; // a template expression
  if (opened && (s[p - 1] === '`' || s[p - 1] === '"' || s[p - 1] === '\u201C')) return true;
  if (UPPER.test(ch)) return true;
  // digits after a markdown-ish list number inside a paragraph ("1. First 2. Second") are not sentences
  return false;
}

function isAtSentenceStart(s: string, pos: number, sentStart: number): boolean {
  let k = pos - 1;
  while (k >= sentStart && isWs(s[k])) k--;
  return k < sentStart;
}
