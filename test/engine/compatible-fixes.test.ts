/**
 * `compatibleFixes` against the all-pairs definition it replaced (issue 12, item 2): the same fixes
 * taken, in the same order, on random edits with overlaps, touching ranges, insertions and paths.
 */
import { describe, expect, it } from 'vitest';
import { compatibleFixes } from '../../server/src/engine/edits.js';
import type { TextEdit } from '../../server/src/engine/types.js';

/** The reference: every edit of a fix checked against every edit taken before. */
function allPairs(fixes: readonly (readonly TextEdit[])[]): number[] {
  const taken: TextEdit[] = [];
  const chosen: number[] = [];
  const overlaps = (a: TextEdit, b: TextEdit) =>
    (a.path ?? '') === (b.path ?? '') && ((a.range.start < b.range.end && b.range.start < a.range.end) || a.range.start === b.range.start);
  fixes.forEach((fix, i) => {
    if (fix.some((edit) => taken.some((other) => overlaps(edit, other)))) return;
    taken.push(...fix);
    chosen.push(i);
  });
  return chosen;
}

describe('compatibleFixes', () => {
  it('takes the same fixes as the all-pairs check, on 2,000 random sets', () => {
    let seed = 12;
    const random = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    for (let round = 0; round < 2000; round++) {
      const fixes: TextEdit[][] = [];
      const count = 1 + random(25);
      for (let f = 0; f < count; f++) {
        const edits: TextEdit[] = [];
        for (let e = 0, n = 1 + random(3); e < n; e++) {
          const start = random(60);
          const end = start + (random(3) === 0 ? 0 : random(8));
          edits.push({ ...(random(4) === 0 ? { path: 'other.md' } : {}), range: { start, end }, text: '' });
        }
        fixes.push(edits);
      }
      expect(compatibleFixes(fixes), JSON.stringify(fixes)).toEqual(allPairs(fixes));
    }
  });
});
