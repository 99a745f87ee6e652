/**
 * Source files: BOM stripping, line-ending detection, line/column conversion and byte decoding.
 *
 * Offsets and columns are UTF-16 code units (JavaScript string indices), as LSP expects by
 * default. A line break is `\r\n`, a lone `\n` or a lone `\r`; `\r\n` counts as one break.
 */
import type { LineIndex, Position, Prompt, SourceFile } from './types.js';

const BOM = '\uFEFF';

/** Offsets at which each line starts; line 0 starts at 0. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // LF only: jump from break to break
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      starts.push(i + 1);
    } else if (c === 13 /* \r */) {
      if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

class TextLineIndex implements LineIndex {
  readonly lineStarts: readonly number[];
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    this.lineStarts = computeLineStarts(text);
  }

  /** Index of the line containing `offset` (clamped to the text). */
  lineAt(offset: number): number {
    return indexAtOrBefore(this.lineStarts, offset);
  }

  positionAt(offset: number): Position {
    const o = clampOffset(offset, this.text.length);
    const line = this.lineAt(o);
    return { line, character: o - this.lineStarts[line] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (!Number.isFinite(position.line) || position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const lineStart = starts[position.line];
    const lineEnd = this.contentEnd(position.line);
    const ch = Number.isFinite(position.character) ? Math.max(0, Math.floor(position.character)) : 0;
    return Math.min(lineStart + ch, lineEnd);
  }

  /** End of a line's content, before its line break. */
  private contentEnd(line: number): number {
    const starts = this.lineStarts;
    if (line + 1 >= starts.length) return this.text.length;
    let end = starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

function clampOffset(offset: number, length: number): number {
  if (!Number.isFinite(offset) || offset < 0) return 0;
  return Math.min(Math.floor(offset), length);
}

/** `\r\n` when CRLF breaks outnumber lone LF breaks, else `\n`. */
export function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * The offset search, in one place: the index of the last of the ascending `starts` at or before
 * `offset` (0 when none is), i.e. the line or segment that holds the offset.
 */
export function indexAtOrBefore(starts: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Smallest offset into `prompt.text` whose source offset is at or after `sourceOffset` (toSource is monotonic). */
export function textOffsetOf(prompt: Prompt, sourceOffset: number): number {
  let lo = 0;
  let hi = prompt.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prompt.toSource(mid) < sourceOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The BOM, in one place: the model's texts never hold it (`createSourceFile` takes it off and records
 * `hasBom`), offsets and positions are counted without it, and `fileText` puts it back for writing.
 */
export function bomLength(text: string): 0 | 1 {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** A text without its leading BOM, as the model holds it. */
export function withoutBom(text: string): string {
  return bomLength(text) ? text.slice(1) : text;
}

/** A (fixed) text of a file as the file is to hold it: with the BOM the file had. */
export function fileText(file: SourceFile, text: string = file.text): string {
  return file.hasBom ? BOM + text : text;
}

/** Builds a SourceFile: strips a leading BOM, detects the dominant line ending, indexes lines. */
export function createSourceFile(path: string, text: string): SourceFile {
  const hasBom = bomLength(text) === 1;
  const body = withoutBom(text);
  return {
    path,
    text: body,
    hasBom,
    eol: detectEol(body),
    lines: new TextLineIndex(body),
  };
}

/**
 * Decodes file bytes as UTF-8 text, or explains why the file is not text. A UTF-8 BOM is kept in
 * the returned text (so `createSourceFile` records it and fixes can write it back).
 */
export function decodeBuffer(buf: Uint8Array): { text: string } | { error: string } {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return { error: 'file is UTF-16 encoded (byte order mark FF FE / FE FF); only UTF-8 text is read' };
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    return { error: `not a text file (NUL byte at offset ${nul})` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
    return { text };
  } catch {
    return { error: `not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(buf)})` };
  }
}

/** Offset of the first byte that breaks UTF-8 well-formedness (for the error message). */
function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i];
    let len: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + len > n) return i;
    let cp = b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return n;
}
