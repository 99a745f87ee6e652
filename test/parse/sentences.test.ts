import { describe, expect, it } from 'vitest';
import { findCodeSpans, splitSentences } from '../../server/src/parse/sentences.js';
import { foldWhitespace, renderInline } from '../../server/src/parse/inline.js';

const split = (s: string): string[] => splitSentences(s).map((r) => s.slice(r.start, r.end));

describe('splitSentences', () => {
  it.each([
    ['One. Two! Three? Four', ['One.', 'Two!', 'Three?', 'Four']],
    ['Use e.g. this, i.e. that. Then stop.', ['Use e.g. this, i.e. that.', 'Then stop.']],
    ['Fruit, veg, etc. Also water.', ['Fruit, veg, etc. Also water.']],
    ['Ask Mr. Smith vs. Dr. Jones. Done.', ['Ask Mr. Smith vs. Dr. Jones.', 'Done.']],
    ['Version 3.5 works. Use it.', ['Version 3.5 works.', 'Use it.']],
    ['Read README.md first. Then example.com/a.b too.', ['Read README.md first.', 'Then example.com/a.b too.']],
    ['Run `a. B` now. Next.', ['Run `a. B` now.', 'Next.']],
    ['Lower case after. the period stays.', ['Lower case after. the period stays.']],
    ['He said "Stop." Then left.', ['He said "Stop."', 'Then left.']],
    ['Wait... Really?! Yes.', ['Wait...', 'Really?!', 'Yes.']],
    ['Line one.\nLine two.\n\nLine three', ['Line one.', 'Line two.', 'Line three']],
    ['Rules:\nNever lie.', ['Rules:', 'Never lie.']],
    ['Note: lowercase after colon stays.', ['Note: lowercase after colon stays.']],
    ['你好。我是助手！你呢？好', ['你好。', '我是助手！', '你呢？', '好']],
    ['「引用。」次の文。', ['「引用。」', '次の文。']],
    ['Do X. **Never** do Y.', ['Do X.', '**Never** do Y.']],
    ['Do X. `npm test` must pass.', ['Do X.', '`npm test` must pass.']],
    ['Greet {{name}}. {{greeting}} follows.', ['Greet {{name}}.', '{{greeting}} follows.']],
    ['1. First step is not a sentence end. Second.', ['1. First step is not a sentence end.', 'Second.']],
    ['Do X. Do Y.', ['Do X.', 'Do Y.']],
    ['', []],
    ['   ', []],
  ])('%j', (input, expected) => {
    expect(split(input)).toEqual(expected);
  });

  it('returns trimmed ranges that point into the input', () => {
    const s = '  First.   Second!  ';
    const r = splitSentences(s);
    expect(r).toEqual([
      { start: 2, end: 8 },
      { start: 11, end: 18 },
    ]);
  });
});

describe('findCodeSpans', () => {
  it('matches backtick runs of equal length', () => {
    const s = 'a `b` c ``d ` e`` f `unclosed';
    expect(findCodeSpans(s).map((r) => s.slice(r.start, r.end))).toEqual(['`b`', '``d ` e``']);
  });
  it('ignores escaped backticks', () => {
    const s = 'a \\`b` c';
    expect(findCodeSpans(s)).toEqual([]);
  });
});

describe('renderInline', () => {
  it.each([
    ['**Bold** and *italic* and __under__ and _em_', 'Bold and italic and under and em'],
    ['A [link](https://x.com/a_b) and ![img](p.png)', 'A link and img'],
    ['Ref [text][ref] stays text', 'Ref text stays text'],
    ['Keep `co*de*` and ``a ` b``', 'Keep `co*de*` and ``a ` b``'],
    ['snake_case_name stays, 2 * 3 stays', 'snake_case_name stays, 2 * 3 stays'],
    ['Escaped \\*star\\* and \\_under\\_', 'Escaped *star* and _under_'],
    ['~~gone~~ text', 'gone text'],
    ['<rule>Inner text.</rule>', 'Inner text.'],
    ['Visit <https://example.com>.', 'Visit https://example.com.'],
    ['  folded\n\twhitespace  ', 'folded whitespace'],
  ])('%j', (input, expected) => {
    expect(renderInline(input)).toBe(expected);
  });

  it('foldWhitespace keeps clean strings and folds others', () => {
    expect(foldWhitespace('a b c')).toBe('a b c');
    expect(foldWhitespace(' a  b\n\nc\u00A0d ')).toBe('a b c d');
    expect(foldWhitespace('')).toBe('');
  });
});
