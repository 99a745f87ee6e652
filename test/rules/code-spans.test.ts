import { describe, expect, it } from 'vitest';
import { codeSpans, comparisonKey, extractAnchors, protectedRanges } from '../../rules/lib/normalize.js';
import { rng } from '../helpers/random.js';

/** The regex `codeSpans` replaced (cubic on a run of backticks): the oracle on short texts. */
const OLD_CODE_SPAN = /(`+)([\s\S]*?[^`])\1(?!`)/g;

function oldSpans(text: string): { spans: string[]; maximalOpeners: boolean } {
  OLD_CODE_SPAN.lastIndex = 0;
  const spans: string[] = [];
  let maximalOpeners = true;
  for (let m = OLD_CODE_SPAN.exec(text); m; m = OLD_CODE_SPAN.exec(text)) {
    spans.push(`${m.index}-${m.index + m[0].length}`);
    if (text[m.index - 1] === '`' || text[m.index + m[1]!.length] === '`') maximalOpeners = false;
  }
  return { spans, maximalOpeners };
}

const spansOf = (text: string) => codeSpans(text).map((s) => text.slice(s.codeStart, s.codeEnd));

describe('codeSpans (CommonMark backtick strings)', () => {
  it('reads the spec examples', () => {
    expect(spansOf('`foo`')).toEqual(['foo']);
    expect(spansOf('`` foo ` bar ``')).toEqual([' foo ` bar ']);
    expect(spansOf('` `` `')).toEqual([' `` ']);
    expect(spansOf('Use `a` and ``b`c`` here')).toEqual(['a', 'b`c']);
    // a backtick string with no closer of the same length is literal text
    expect(spansOf('```foo``')).toEqual([]);
    expect(spansOf('`foo``bar``')).toEqual(['bar']);
    expect(spansOf('use ```react. Name it `App`.')).toEqual(['App']);
    expect(spansOf('no code')).toEqual([]);
    expect(spansOf('`'.repeat(50))).toEqual([]);
  });

  it('gives start, end and the code between the backtick strings', () => {
    const text = 'Run ``npm `x` test`` now';
    expect(codeSpans(text)).toEqual([{ start: 4, end: 20, codeStart: 6, codeEnd: 18 }]);
    expect(protectedRanges(text)).toEqual([{ start: 4, end: 20 }]);
  });

  it('agrees with the old regex wherever that regex opened spans on whole backtick strings', () => {
    const random = rng(12);
    let compared = 0;
    let differing = 0;
    for (let k = 0; k < 40000; k++) {
      const length = 1 + Math.floor(random() * 14);
      let text = '';
      for (let i = 0; i < length; i++) text += '``a \n\\'[Math.floor(random() * 6)];
      const old = oldSpans(text);
      const now = codeSpans(text).map((s) => `${s.start}-${s.end}`);
      if (old.maximalOpeners) {
        compared++;
        expect(now, JSON.stringify(text)).toEqual(old.spans);
      } else if (now.join() !== old.spans.join()) differing++;
    }
    expect(compared).toBeGreaterThan(20000);
    // the old regex also opened spans inside longer runs ("``a`" was code "`a"): those differ
    expect(differing).toBeGreaterThan(0);
  });

  it('keeps keys and anchors of ordinary text as before', () => {
    expect(comparisonKey('- Run `npm test` before committing.')).toBe('run npm test before committing');
    expect(extractAnchors('Run `npm test` first.')).toContainEqual({ kind: 'code', value: 'npm test' });
    // a long run of backticks is literal text, and the rest of the unit is still read
    expect(comparisonKey(`- a ${'`'.repeat(20000)} b \`c\``)).toBe('a b c');
  });
});
