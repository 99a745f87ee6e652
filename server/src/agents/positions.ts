/** Offsets to 1-based line/column (UTF-16 columns, as the CLI and the editor print them). */
import type { FilePosition } from './types.js';

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function positionAt(file: string, starts: readonly number[], offset: number, endOffset?: number): FilePosition {
  const at = (o: number): [number, number] => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, o - starts[lo] + 1];
  };
  const [line, column] = at(offset);
  if (endOffset === undefined) return { file, line, column };
  const [endLine, endColumn] = at(endOffset);
  return { file, line, column, endLine, endColumn };
}

/** The start of a file: where problems about the whole file point. */
export function fileStart(file: string): FilePosition {
  return { file, line: 1, column: 1 };
}

/** Offset of the first character past `bytes` UTF-8 bytes of `text` (never splitting a character). */
export function offsetOfByte(text: string, bytes: number): number {
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (used + size > bytes) return i;
    used += size;
    if (c >= 0x10000) i++;
  }
  return text.length;
}
