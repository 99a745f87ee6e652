/**
 * Sentence copies are found through an index by the hash of their comparison key
 * (rules/lib/sentence-copies.ts): most sentences get that hash from the comparison forms' fast
 * reader, without their key being built, and whole units from their comparison form. The index finds
 * every copy only if the fast reader's hash and word count are those of the key
 * (`readKey(normalize(stripFiller(text)).key)`), sentence by sentence: checked here on every sentence
 * of the fixtures and on hand-made ones, and by copies that only the normalization makes equal (one
 * side read on the fast path, the other on the slow one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-instruction.js';
import { readFast, readKey } from '../../rules/lib/comparison-forms.js';
import { stripFiller } from '../../rules/lib/filler.js';
import { normalize, protectedRanges, wordCount } from '../../rules/lib/normalize.js';
import { splitSentences } from '../../server/src/parse/sentences.js';
import { runRuleTests } from '../helpers/rule-tester.js';

describe('the fast reader gives the hash and word count of a sentence key', () => {
  const sentences: string[] = [
    'Don’t push to main. Always open a pull request first.',
    "Don't push to main. Use `git push --force` only on your own branch.",
    'Please make sure to run the tests. It cannot be skipped.',
    'Keep answers under 100 words (about 3 sentences). Costs are in $ and €.',
    'Use the “quoted” name — not the file name… Then stop.',
    'Call `fetch()` twice; retry once. Read `a  b` verbatim.',
  ];
  const root = path.resolve(__dirname, '../../fixtures');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const lines = [...sentences];
  for (const file of walk(root).filter((f) => /\.(md|mdc|txt)$/.test(f))) {
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) if (line.trim()) lines.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').trim());
  }

  it(`on every sentence of ${lines.length} lines`, () => {
    let fast = 0;
    let total = 0;
    for (const line of lines) {
      for (const s of splitSentences(line)) {
        const text = line.slice(s.start, s.end).replace(/\s+/g, ' ');
        total++;
        const read = readFast(text);
        if (!read) continue;
        fast++;
        const key = normalize(stripFiller(text, protectedRanges)).key;
        expect({ hash: read.hash, words: read.words }, text).toEqual({ hash: readKey(key).hash, words: wordCount(key) });
      }
    }
    // the check means something only if most sentences take the fast path
    expect(fast).toBeGreaterThan(total / 2);
  });
});

runRuleTests(rule, {
  valid: [],
  invalid: [
    {
      name: 'a sentence copy that differs only in its apostrophe and case (one side read slowly, the other fast)',
      code: '## Git\n\n- Don’t push to main. Open a pull request for every change instead.\n\n## Review\n\n- Ask a teammate to review.\n- don\'t push to main\n',
      errors: [{ messageId: 'sentence', line: 8 }],
    },
    {
      name: 'a sentence copy behind a filler phrase (its key folds the filler away)',
      code: '## Tests\n\n- Run the whole test suite before you commit. Fix every failing test first.\n\n## Commits\n\n- Write short commit messages.\n- Please make sure to run the whole test suite before you commit.\n',
      errors: [{ messageId: 'sentence', line: 8 }],
    },
  ],
});
