/**
 * YAML string scalars decoded with a source map: per UTF-16 unit of the decoded value, the source
 * range it comes from (block literal/folded with chomping and indentation indicators, plain
 * multi-line, single- and double-quoted scalars with escapes and line folding).
 *
 * The decoders mirror yaml's own `resolveBlockScalar` / `resolveFlowScalar` while recording where
 * each decoded character comes from; the result is checked against yaml's value and a coarse map
 * is used if they ever disagree, so ranges stay inside the scalar in every case. Finding which
 * strings are prompts is yaml.ts's job.
 */
import { Scalar } from 'yaml';
import type { TextMap } from './units.js';

/** A decoded string and, per UTF-16 unit, the source range it comes from. */
export interface DecodedScalar {
  value: string;
  starts: number[];
  ends: number[];
  /** False when the decoder disagreed with yaml and a coarse map was used. */
  exact: boolean;
}

class Out {
  parts: string[] = [];
  starts: number[] = [];
  ends: number[] = [];
  /** Characters copied one to one from source offset `src`. */
  copy(str: string, src: number): void {
    if (!str) return;
    this.parts.push(str);
    for (let i = 0; i < str.length; i++) {
      this.starts.push(src + i);
      this.ends.push(src + i + 1);
    }
  }
  /** Characters that all stand for the source range [s, e). */
  mapped(str: string, s: number, e: number): void {
    if (!str) return;
    this.parts.push(str);
    for (let i = 0; i < str.length; i++) {
      this.starts.push(s);
      this.ends.push(e);
    }
  }
  get value(): string {
    return this.parts.join('');
  }
}

interface CstProp {
  type: string;
  source?: string;
}
interface CstBlockScalar {
  type: 'block-scalar';
  offset: number;
  indent: number;
  props: CstProp[];
  source: string;
}
interface CstFlowScalar {
  type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';
  offset: number;
  source: string;
}

function decodeBlockScalar(tok: CstBlockScalar): Out | undefined {
  const head = tok.props[0];
  if (!head || head.type !== 'block-scalar-header' || typeof head.source !== 'string') return undefined;
  const hs = head.source;
  const mode = hs[0];
  let indentInd = 0;
  let chomp = '';
  for (let i = 1; i < hs.length; i++) {
    const ch = hs[i];
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else {
      const n = Number(ch);
      if (!indentInd && n) indentInd = n;
    }
  }
  let headerLength = hs.length;
  for (let i = 1; i < tok.props.length; i++) {
    const p = tok.props[i];
    if (typeof p.source === 'string') headerLength += p.source.length;
  }
  const base = tok.offset + headerLength;
  const source = tok.source ?? '';
  // split like yaml's splitLines: [indent (spaces), content], with absolute line starts
  const split = source.split(/\n( *)/);
  const firstM = /^( *)/.exec(split[0]);
  const lines: Array<[string, string]> = [firstM && firstM[1] ? [firstM[1], split[0].slice(firstM[1].length)] : ['', split[0]]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);
  const lineStart: number[] = [];
  let p = base;
  for (const [ind, content] of lines) {
    lineStart.push(p);
    p += ind.length + content.length + 1;
  }
  const srcEnd = base + source.length;
  const brk = (i: number): [number, number] => {
    if (i < 0) return [base, base];
    const [ind, content] = lines[i];
    const nl = lineStart[i] + ind.length + content.length; // position of '\n' (or source end)
    if (nl >= srcEnd) return [srcEnd, srcEnd];
    const s = content.endsWith('\r') ? nl - 1 : nl;
    return [s, nl + 1];
  };

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i][1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  const out = new Out();
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) {
      const n = Math.max(1, lines.length - 1);
      for (let i = 0; i < n; i++) {
        const [s, e] = brk(Math.min(i, lines.length - 1));
        out.mapped('\n', s, e);
      }
    }
    return out;
  }
  let trimIndent = tok.indent + indentInd;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === '' || content === '\r') {
      if (indentInd === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indentInd === 0) trimIndent = indent.length;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  const folded = mode === '>';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) {
    out.copy(lines[i][0].slice(trimIndent), lineStart[i] + trimIndent);
    const [s, e] = brk(i);
    out.mapped('\n', s, e);
  }
  for (let i = contentStart; i < chompStart; ++i) {
    let [indent, content] = lines[i];
    let contentPos = lineStart[i] + indent.length;
    const crlf = content[content.length - 1] === '\r';
    if (crlf) content = content.slice(0, -1);
    if (content && indent.length < trimIndent) {
      indent = '';
      contentPos = lineStart[i] + lines[i][0].length;
    }
    const [ps, pe] = brk(i - 1);
    const indentRest = indent.slice(trimIndent);
    const indentPos = lineStart[i] + trimIndent;
    if (!folded) {
      out.mapped(sep, ps, pe);
      out.copy(indentRest, indentPos);
      out.copy(content, contentPos);
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      out.mapped(sep, ps, pe);
      out.copy(indentRest, indentPos);
      out.copy(content, contentPos);
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') out.mapped('\n', ps, pe);
      else sep = '\n';
    } else {
      out.mapped(sep, ps, pe);
      out.copy(content, contentPos);
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (chomp) {
    case '-':
      break;
    case '+': {
      for (let i = chompStart; i < lines.length; ++i) {
        const [s, e] = brk(i - 1);
        out.mapped('\n', s, e);
        out.copy(lines[i][0].slice(trimIndent), lineStart[i] + trimIndent);
      }
      const v = out.parts.length ? out.parts[out.parts.length - 1] : '';
      if (v[v.length - 1] !== '\n') {
        const [s, e] = brk(lines.length - 1);
        out.mapped('\n', s, e);
      }
      break;
    }
    default: {
      const [s, e] = brk(chompStart - 1);
      out.mapped('\n', s, e);
    }
  }
  return out;
}

/** yaml's unfoldLines, recording positions. `base` is the source offset of `src[0]`. */
function unfoldLines(src: string, base: number, out: Out): void {
  const line = /(.*?)\r?\n/sy;
  let match = line.exec(src);
  if (!match) {
    out.copy(src, base);
    return;
  }
  const firstRaw = match[1];
  out.copy(firstRaw.replace(/[ \t]+$/, ''), base);
  let brkS = base + firstRaw.length;
  let brkE = base + line.lastIndex;
  let sep = ' ';
  let pos = line.lastIndex;
  while ((match = line.exec(src))) {
    const raw = match[1];
    const lineStart = match.index;
    let a = 0;
    while (a < raw.length && (raw[a] === ' ' || raw[a] === '\t')) a++;
    let b = raw.length;
    while (b > a && (raw[b - 1] === ' ' || raw[b - 1] === '\t')) b--;
    const lm = raw.slice(a, b);
    if (lm === '') {
      if (sep === '\n') out.mapped(sep, brkS, brkE);
      else sep = '\n';
    } else {
      out.mapped(sep, brkS, brkE);
      out.copy(lm, base + lineStart + a);
      sep = ' ';
    }
    brkS = base + lineStart + raw.length;
    brkE = base + line.lastIndex;
    pos = line.lastIndex;
  }
  let a = pos;
  while (a < src.length && (src[a] === ' ' || src[a] === '\t')) a++;
  out.mapped(sep, brkS, brkE);
  out.copy(src.slice(a), base + a);
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

function decodeDoubleQuoted(source: string, base: number): Out {
  const out = new Out();
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      let fold = '';
      let off = i;
      let c = source[off + 1];
      while (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        if (c === '\r' && source[off + 2] !== '\n') break;
        if (c === '\n') fold += '\n';
        off += 1;
        c = source[off + 1];
      }
      if (!fold) fold = ' ';
      const s = i > 0 && source[i - 1] === '\r' ? base + i - 1 : base + i;
      out.mapped(fold, s, base + i + 1);
      i = off;
    } else if (ch === '\\') {
      const escStart = i;
      let next = source[++i];
      const cc = ESCAPES[next];
      if (cc) out.mapped(cc, base + escStart, base + i + 1);
      else if (next === '\n') {
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        const ok = hex.length === length && /^[0-9a-fA-F]+$/.test(hex);
        let str: string;
        try {
          str = String.fromCodePoint(ok ? parseInt(hex, 16) : NaN);
          out.mapped(str, base + escStart, base + i + 1 + length);
        } catch {
          out.copy(source.substr(i - 1, length + 2), base + i - 1);
        }
        i += length;
      } else {
        out.copy(source.substr(i - 1, 2), base + i - 1);
      }
    } else if (ch === ' ' || ch === '\t') {
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) out.copy(i > wsStart ? source.slice(wsStart, i + 1) : ch, base + wsStart);
    } else {
      out.copy(ch, base + i);
    }
  }
  return out;
}

function decodeFlowScalar(tok: CstFlowScalar): Out {
  const { source, offset } = tok;
  if (tok.type === 'scalar') {
    const out = new Out();
    unfoldLines(source, offset, out);
    return out;
  }
  if (tok.type === 'single-quoted-scalar') {
    const tmp = new Out();
    unfoldLines(source.slice(1, -1), offset + 1, tmp);
    const v = tmp.value;
    const out = new Out();
    for (let i = 0; i < v.length; i++) {
      if (v[i] === "'" && v[i + 1] === "'") {
        out.mapped("'", tmp.starts[i], tmp.ends[i + 1]);
        i++;
      } else {
        out.mapped(v[i], tmp.starts[i], tmp.ends[i]);
      }
    }
    return out;
  }
  return decodeDoubleQuoted(source, offset);
}

/** Decodes a string scalar with its source map; falls back to a clamped linear map if needed. */
export function decodeScalar(node: Scalar, text: string): DecodedScalar | undefined {
  if (typeof node.value !== 'string' || !node.range) return undefined;
  const value = node.value;
  const tok = node.srcToken as unknown as CstBlockScalar | CstFlowScalar | undefined;
  let out: Out | undefined;
  try {
    if (tok && tok.type === 'block-scalar') out = decodeBlockScalar(tok);
    else if (tok && (tok.type === 'scalar' || tok.type === 'single-quoted-scalar' || tok.type === 'double-quoted-scalar') && text.startsWith(tok.source, tok.offset)) out = decodeFlowScalar(tok);
  } catch {
    out = undefined;
  }
  if (out && out.value === value && out.starts.length === value.length) {
    return { value, starts: out.starts, ends: out.ends, exact: true };
  }
  // coarse fallback: clamp a linear map into the scalar's value range
  let cs = node.range[0];
  let ce = Math.max(cs, node.range[1]);
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    cs = Math.min(cs + 1, ce);
    ce = Math.max(cs, ce - 1);
  }
  const starts: number[] = new Array(value.length);
  const ends: number[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    starts[i] = Math.min(cs + i, ce);
    ends[i] = Math.min(cs + i + 1, ce);
  }
  return { value, starts, ends, exact: false };
}

/** The TextMap of a decoded scalar. */
export function scalarTextMap(dec: DecodedScalar, text: string, floor: number): TextMap {
  const n = dec.value.length;
  const { starts, ends } = dec;
  const first = n > 0 ? starts[0] : floor;
  const last = n > 0 ? ends[n - 1] : floor;
  const start = (i: number): number => (i <= 0 ? first : i >= n ? last : starts[i]);
  const end = (i: number): number => (i <= 0 ? first : i >= n ? last : ends[i - 1]);
  return {
    start,
    end,
    lineStart(i: number): number {
      const s = start(i);
      if (i > 0 && i < n && dec.value[i - 1] !== '\n') return s;
      let k = s;
      while (k > floor && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
      if (k === 0 || text[k - 1] === '\n' || text[k - 1] === '\r') return k;
      return s;
    },
  };
}
