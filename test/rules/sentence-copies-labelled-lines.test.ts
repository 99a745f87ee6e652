/**
 * Lines of one unit that each open with a bold label ("**Cache**: …" on one line, "**Tests**: …" on
 * the next) are segments of their own, whatever the sentence splitter joined (here the first line has
 * no end mark, so it joins the two): the sentence after the second label, pasted alone elsewhere, is a copy. rules/lib/sentence-copies.ts runs the label-line
 * pattern only on a unit with a line break and a bold mark (session 15; without both the unit is one
 * segment): this case needs the pattern's split.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-instruction.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';

const lines = (text: string) =>
  lintDocument(parseDocument(createSourceFile('/virtual/prompt.md', text)), testConfig(), [rule]).findings.map((f) => f.start.line);

describe('sentence copies: lines that open with a bold label', () => {
  it('a sentence after the second label line, pasted alone in another section, is a copy', () => {
    for (const mark of ['**', '__']) {
      const text =
        `## Policies\n\n${mark}Cache policy${mark}: Keep the build cache warm between every pair of runs\n` +
        `${mark}Test policy${mark}: Run the whole integration suite before you push any branch.\n\n` +
        '## Pushing\n\nRun the whole integration suite before you push any branch.\n';
      expect(lines(text), mark).toEqual([7]);
    }
  });
});
