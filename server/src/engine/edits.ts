/** Applying text edits: sorted by range, overlapping ones skipped (ESLint's source-code-fixer). */
import type { TextEdit } from './types.js';

export interface AppliedEdits {
  readonly text: string;
  readonly applied: number;
  readonly skipped: number;
}

/** Applies non-overlapping edits; of two overlapping edits the earlier-starting one wins. */
export function applyEdits(text: string, edits: readonly TextEdit[]): AppliedEdits {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let cursor = 0;
  let applied = 0;
  let skipped = 0;
  for (const edit of sorted) {
    const { start, end } = edit.range;
    if (start < cursor || start > end || end > text.length) {
      skipped++;
      continue;
    }
    out += text.slice(cursor, start) + edit.text;
    cursor = end;
    applied++;
  }
  out += text.slice(cursor);
  return { text: out, applied, skipped };
}

/** Groups fixes so that each finding's edits are applied all together or not at all. */
export function selectCompatibleFixes(fixes: readonly (readonly TextEdit[])[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    a.range.start < b.range.end && b.range.start < a.range.end ||
    // two insertions at one point, or an insertion inside a replaced range, also conflict
    a.range.start === b.range.start;
  for (const fix of fixes) {
    if (fix.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    taken.push(...fix);
  }
  return taken;
}
