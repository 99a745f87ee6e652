import { describe, expect, it } from 'vitest';
import { FILLER_ENTRIES } from '../../rules/lib/filler.js';

// duplicate-instruction reads a unit without its filler phrases for a reminder label ("Make sure to
// remember to …") only when the unit holds a word of some label: taking out filler only removes
// text, so the words of a label found after it were in the unit already. That holds while no
// filler rewrite brings such a word in (the end-to-end case is the fixture reminder-after-filler).
const LABEL_WORDS = /remind|rememb|again|noted|mentioned|stated|said|repeat/i;

describe('reminder labels behind filler phrases', () => {
  it('no filler rewrite holds a word of a reminder label', () => {
    const rewrites = FILLER_ENTRIES.map((e) => e.replacement).filter(Boolean);
    expect(rewrites.length).toBeGreaterThan(0);
    expect(rewrites.filter((r) => LABEL_WORDS.test(r))).toEqual([]);
  });
});
