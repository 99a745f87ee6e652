/**
 * YAML frontmatter: a leading `---` line, YAML, and a closing `---` (or `...`) line, LF or CRLF.
 */
import { isMap, isScalar, parseDocument, type Document, type YAMLError } from 'yaml';
import type { Frontmatter, FrontmatterField, ParseProblem, Range } from '../model/types.js';
import { findYamlDirectives, type DirectiveScan } from './directives.js';

export interface FrontmatterSplit {
  /** From the opening `---` to the end of the closing line (line break excluded). */
  range: Range;
  /** The YAML between the delimiter lines. */
  content: Range;
  /** Where the body starts: after the closing line's break. */
  bodyStart: number;
}

export type FrontmatterFind = { kind: 'none' } | { kind: 'unclosed'; open: Range } | ({ kind: 'ok' } & FrontmatterSplit);

const OPEN = /^---[ \t]*(?:\r\n|\n|\r)/;

/** Finds the frontmatter at the very start of `text`. */
export function findFrontmatter(text: string): FrontmatterFind {
  const m = OPEN.exec(text);
  if (!m) {
    if (/^---[ \t]*$/.test(text)) return { kind: 'unclosed', open: { start: 0, end: text.length } };
    return { kind: 'none' };
  }
  const contentStart = m[0].length;
  let pos = contentStart;
  const n = text.length;
  while (pos <= n) {
    let e = pos;
    while (e < n && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
    const line = text.slice(pos, e);
    let next = e;
    if (next < n) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    if (/^(?:---|\.\.\.)[ \t]*$/.test(line)) {
      return { kind: 'ok', range: { start: 0, end: e }, content: { start: contentStart, end: pos }, bodyStart: next };
    }
    if (next === pos || e >= n) break;
    pos = next;
  }
  return { kind: 'unclosed', open: { start: 0, end: 3 } };
}

/** yaml's message without the " at line X, column Y:" suffix and the code excerpt. */
export function yamlMessage(err: YAMLError): string {
  const first = err.message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').trim() || err.code;
}

/** Converts yaml errors/warnings of a text parsed from `base` into ParseProblems. */
export function yamlProblems(errors: readonly YAMLError[], severity: 'error' | 'warning', base: number, limit: number): ParseProblem[] {
  return errors.map((e) => {
    const a = Math.min(base + Math.max(0, e.pos?.[0] ?? 0), limit);
    let b = Math.min(Math.max(a, base + (e.pos?.[1] ?? 0)), limit);
    if (b === a && a < limit) b = a + 1;
    return { message: yamlMessage(e), range: { start: a, end: b }, severity };
  });
}

export interface FrontmatterResult {
  frontmatter: Frontmatter;
  problems: ParseProblem[];
}

interface StrictParse {
  doc?: Document.Parsed;
  data: unknown;
  problems: ParseProblem[];
  /** Offsets (in the parsed text) of yaml's syntax errors. */
  errorOffsets: number[];
  failed: boolean;
}

function strictParse(src: string, base: number, end: number): StrictParse {
  const problems: ParseProblem[] = [];
  let data: unknown = undefined;
  let doc: Document.Parsed | undefined;
  const errorOffsets: number[] = [];
  try {
    doc = parseDocument(src, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' });
    problems.push(...yamlProblems(doc.errors, 'error', base, end), ...yamlProblems(doc.warnings, 'warning', base, end));
    for (const e of doc.errors) errorOffsets.push(e.pos?.[0] ?? 0);
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push({ message: `Frontmatter could not be converted: ${(err as Error).message}`, range: { start: base, end }, severity: 'error' });
    }
  } catch (err) {
    problems.push({ message: `Frontmatter could not be parsed: ${(err as Error).message}`, range: { start: base, end }, severity: 'error' });
  }
  return { doc, data, problems, errorOffsets, failed: problems.some((p) => p.severity === 'error') };
}

/** A top-level `key: value` line whose value is plain text on that one line. */
const TOP_LEVEL_LINE = /^([A-Za-z_][\w.-]*)[ \t]*:[ \t]+([^\s"'|>#].*?)[ \t]*$/;

/**
 * Agents read frontmatter leniently: Cursor's unquoted `globs` (a value starting with `**` reads
 * as a YAML alias) or a description with `: ` inside work in the tools but are not valid YAML.
 * When strict parsing fails, top-level one-line values that carry an error (or start with `*`,
 * `&`, `!`, `@`, `%` or a backtick) are read as raw text and each gets a warning instead of an
 * error, except `globs`, which Cursor itself writes unquoted.
 */
function lenientParse(src: string, base: number, end: number, strict: StrictParse): { parse: StrictParse; raw: Map<string, { value: string; range: Range }> } | undefined {
  const lineRe = /[^\r\n]*(?:\r\n|\n|\r|$)/g;
  const lines: Array<{ start: number; text: string; end: number }> = [];
  for (let m = lineRe.exec(src); m && m[0].length > 0; m = lineRe.exec(src)) {
    lines.push({ start: m.index, text: m[0].replace(/[\r\n]+$/, ''), end: m.index + m[0].length });
    if (lineRe.lastIndex >= src.length) break;
  }
  // one-line top-level values that may be read as raw text
  const candidates = new Map<number, { key: string; start: number; end: number; value: string }>();
  for (let i = 0; i < lines.length; i++) {
    const L = lines[i];
    const m = TOP_LEVEL_LINE.exec(L.text);
    if (!m) continue;
    const next = lines[i + 1];
    if (next && /^[ \t]+\S/.test(next.text)) continue; // a multi-line value: leave it to YAML
    const start = L.start + L.text.indexOf(m[2], m[1].length + 1);
    candidates.set(i, { key: m[1], start, end: start + m[2].length, value: m[2] });
  }
  const lineOf = (offset: number): number => lines.findIndex((L) => offset >= L.start && offset < L.end);
  const chosen = new Set<number>();
  for (const [i, c] of candidates) if (/^[*&!@%`]/.test(c.value)) chosen.add(i);
  let errors = strict.errorOffsets;
  for (let round = 0; round < 8; round++) {
    const firstBad = errors.length > 0 ? lineOf(Math.min(...errors)) : -1;
    if (firstBad !== -1 && !chosen.has(firstBad)) {
      if (!candidates.has(firstBad)) return undefined;
      chosen.add(firstBad);
    } else if (round > 0) {
      return undefined;
    }
    if (chosen.size === 0) return undefined;
    let patched = src;
    for (const i of chosen) {
      const c = candidates.get(i)!;
      patched = patched.slice(0, c.start) + ' '.repeat(c.end - c.start) + patched.slice(c.end);
    }
    const parse = strictParse(patched, base, end);
    if (parse.failed || !parse.doc) {
      errors = parse.errorOffsets;
      continue;
    }
    const raw = new Map<string, { value: string; range: Range }>();
    for (const i of chosen) {
      const c = candidates.get(i)!;
      raw.set(c.key, { value: c.value, range: { start: base + c.start, end: base + c.end } });
    }
    if (parse.data !== null && typeof parse.data === 'object' && !Array.isArray(parse.data)) {
      for (const [k, v] of raw) (parse.data as Record<string, unknown>)[k] = v.value;
    } else if (parse.data === null || parse.data === undefined) {
      parse.data = Object.fromEntries([...raw].map(([k, v]) => [k, v.value]));
    }
    for (const [k, v] of raw) {
      if (k === 'globs') continue; // Cursor's own convention, not a mistake
      parse.problems.push({
        message: `Frontmatter value of '${k}' is not valid YAML; it is read as plain text (quote it to make it valid)`,
        range: v.range,
        severity: 'warning',
      });
    }
    return { parse, raw };
  }
  return undefined;
}

/** Parses the YAML of a frontmatter block found by `findFrontmatter`. */
export function parseFrontmatter(text: string, split: FrontmatterSplit, directives: DirectiveScan): FrontmatterResult {
  const { start, end } = split.content;
  const src = text.slice(start, end);
  let parse = strictParse(src, start, end);
  let raw = new Map<string, { value: string; range: Range }>();
  if (parse.failed) {
    const lenient = lenientParse(src, start, end, parse);
    if (lenient) ({ parse, raw } = lenient);
  }
  const { doc, data, problems } = parse;
  const fields: FrontmatterField[] = [];
  if (doc && isMap(doc.contents)) {
    const obj = data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    for (const pair of doc.contents.items) {
      const key = pair.key;
      if (!isScalar(key) || !key.range) continue;
      const keyText = key.value === null || key.value === undefined ? '' : String(key.value);
      const keyRange = { start: start + key.range[0], end: start + key.range[1] };
      const rawValue = raw.get(keyText);
      const v = pair.value as { range?: [number, number, number] } | null;
      const valueRange = rawValue
        ? rawValue.range
        : v && v.range
          ? { start: start + v.range[0], end: start + Math.max(v.range[0], v.range[1]) }
          : { start: keyRange.end, end: keyRange.end };
      fields.push({ key: keyText, value: obj[keyText], keyRange, valueRange });
    }
  }
  findYamlDirectives(text, start, end, directives);
  return { frontmatter: { range: split.range, data, fields }, problems };
}
