// A long prompt that states its key instruction at its start and again at its end (after a long
// context) does so on purpose, and so does a prompt of a dozen instructions or more whose first and
// last lines are the same rule; the same copy in the middle of the prompt, at the end of a short
// prompt, or restating a line that is not among the opening ones, is a repeat.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const KEY = 'Finish the whole task in the current reply and never promise to deliver work later.';
/** `n` sections of distinct instructions (each names its own shelf number, so none repeats another). */
function body(n: number): string {
  const out: string[] = [];
  for (let k = 1; k <= n; k++) out.push(`## Shelf ${k}\n\nShelf ${k} holds the volumes catalogued under code ${k * 7}; list them by author and give the year of each edition.\n`);
  return out.join('\n');
}
const LONG = body(260);

describe('the long body used below', () => {
  it('is over 30,000 characters, the size of a long prompt', () => expect(LONG.length).toBeGreaterThan(30_000));
});

runRuleTests(rule, {
  valid: [
    { name: 'a long prompt repeating its key instruction at its very end', code: `# Library assistant\n\n${KEY}\n\n${LONG}\n## Instructions\n\n${KEY}\n` },
    {
      name: 'a prompt of a dozen instructions or more that opens and closes on its key instruction, whatever its length',
      code: `# Library assistant\n\n${KEY}\n\n${body(12)}\n## Instructions\n\n${KEY}\n`,
    },
  ],
  invalid: [
    {
      name: 'the same copy in the middle of a long prompt',
      code: `# Library assistant\n\n${KEY}\n\n${body(130)}\n## Notes\n\n${KEY}\n\n${body(130).replace(/Shelf (\d+)/g, 'Cabinet $1')}`,
      errors: [{ messageId: 'exact' }],
      // the deletion takes the copy and the blank line before it; the heading stays
      output: `# Library assistant\n\n${KEY}\n\n${body(130)}\n## Notes\n\n${body(130).replace(/Shelf (\d+)/g, 'Cabinet $1')}`,
    },
    {
      name: 'the closing copy of an instruction that is not among the opening lines (the third) is a repeat',
      code: `# Library assistant\n\nGreet the reader by name.\n\nAsk which branch the reader is visiting today.\n\n${KEY}\n\n${body(12)}\n## Instructions\n\n${KEY}\n`,
      errors: [{ messageId: 'exact' }],
      output: `# Library assistant\n\nGreet the reader by name.\n\nAsk which branch the reader is visiting today.\n\n${KEY}\n\n${body(12)}\n## Instructions\n`,
    },
    {
      name: 'the same copy at the end of a short prompt',
      code: `# Library assistant\n\n${KEY}\n\n${body(5)}\n## Instructions\n\n${KEY}\n`,
      errors: [{ messageId: 'exact' }],
      output: `# Library assistant\n\n${KEY}\n\n${body(5)}\n## Instructions\n`,
    },
  ],
});
