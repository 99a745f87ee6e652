import { describe, expect, it } from 'vitest';
import { findExampleRegions, isExampleTagName } from '../../server/src/parse/units.js';
import { rng } from '../helpers/random.js';

/** The regex `isExampleTagName` replaced (quadratic on a long name): the oracle on short names. */
const OLD_EXAMPLE_TAG_NAME = /^(?:[a-z0-9]+[_-])*examples?(?:[_-][a-z0-9]+)*$/i;

const lineTable = (text: string) => {
  const starts: number[] = [];
  const ends: number[] = [];
  const nexts: number[] = [];
  let s = 0;
  for (const line of text.split('\n')) {
    starts.push(s);
    ends.push(s + line.length);
    s += line.length + 1;
    nexts.push(Math.min(s, text.length));
  }
  return { starts, ends, nexts, count: starts.length };
};

describe('example tags', () => {
  it('names: the same answers as the old regex', () => {
    const random = rng(5);
    const parts = ['example', 'examples', 'Example', 'good', 'bad', 'x1', '', 'exam', 'ples', '.', ':'];
    let yes = 0;
    for (let k = 0; k < 20000; k++) {
      let name = '';
      const n = 1 + Math.floor(random() * 4);
      for (let i = 0; i < n; i++) name += (i ? '_-'[Math.floor(random() * 2)] : '') + parts[Math.floor(random() * parts.length)];
      const expected = OLD_EXAMPLE_TAG_NAME.test(name);
      if (expected) yes++;
      expect(isExampleTagName(name), name).toBe(expected);
    }
    expect(yes).toBeGreaterThan(2000);
  });

  it('a long tag name is read (and is not an example tag) without a quadratic regex', () => {
    const name = `${'example_'.repeat(64 * 1024)}x.`;
    expect(isExampleTagName(name)).toBe(false);
    expect(isExampleTagName(`${'good_'.repeat(64 * 1024)}example`)).toBe(true);
  });

  it('closing tags close the nearest open tag of their name; unclosed tags run to the next heading', () => {
    const text = ['<example>', 'a', '</examples>', '<good_example>', 'b', '</example>', '# H', '<example>', 'c', '## H2', 'd'].join('\n');
    const lines = lineTable(text);
    const headings = [text.indexOf('# H'), text.indexOf('## H2')];
    const regions = findExampleRegions(text, lines, [], headings);
    // </examples> closes nothing; </example> closes <example> and the <good_example> inside it
    expect(regions.map((r) => text.slice(r.start, r.end))).toEqual([
      '<example>\na\n</examples>\n<good_example>\nb\n</example>',
      '<example>\nc\n',
    ]);
  });
});
