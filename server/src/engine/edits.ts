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

/**
 * Which fixes one pass applies: each finding's edits go all together or not at all, and a fix that
 * overlaps one taken earlier waits for the next pass. Returns the indexes of the fixes taken.
 */
export function compatibleFixes(fixes: readonly (readonly TextEdit[])[]): number[] {
  const taken: TextEdit[] = [];
  const chosen: number[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    (a.path ?? '') === (b.path ?? '') &&
    ((a.range.start < b.range.end && b.range.start < a.range.end) ||
      // two insertions at one point, or an insertion inside a replaced range, also conflict
      a.range.start === b.range.start);
  fixes.forEach((fix, i) => {
    if (fix.some((edit) => taken.some((other) => overlaps(edit, other)))) return;
    taken.push(...fix);
    chosen.push(i);
  });
  return chosen;
}

/** The edits of the fixes one pass applies (see `compatibleFixes`). */
export function selectCompatibleFixes(fixes: readonly (readonly TextEdit[])[]): TextEdit[] {
  return compatibleFixes(fixes).flatMap((i) => fixes[i]!);
}
