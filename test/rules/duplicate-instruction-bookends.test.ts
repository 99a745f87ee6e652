// A long prompt that states its key instruction at its start and again at its end (after a long
// context) does so on purpose; the same copy in the middle of the prompt, or at the end of a short
// prompt, is a repeat.
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
      name: 'the same copy at the end of a short prompt',
      code: `# Library assistant\n\n${KEY}\n\n${body(5)}\n## Instructions\n\n${KEY}\n`,
      errors: [{ messageId: 'exact' }],
      output: `# Library assistant\n\n${KEY}\n\n${body(5)}\n## Instructions\n`,
    },
  ],
});
