/**
 * A sentence that points at its neighbours ("You can see an example of this below.", "Use the
 * format above.") says something only where it stands: two copies that point at different text are
 * two statements, even in one section. Two copies followed by the same text (a block pasted again)
 * are compared.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const POINTER = 'You can see an example of this kind of post below.';

runRuleTests(rule, {
  valid: [
    {
      name: 'one pointer sentence before two different samples',
      code: `# Blog writer\n\nHow-to posts walk the reader through one task. ${POINTER}\n\n> How to repot a fern in five steps.\n\nList posts gather tips under one theme. ${POINTER}\n\n> Twelve herbs that grow on a balcony.\n`,
    },
  ],
  invalid: [
    {
      name: 'the pointer and what it points at, pasted again',
      code: `# Blog writer\n\nHow-to posts walk the reader through one task. ${POINTER}\n\n> How to repot a fern in five steps.\n\nList posts gather tips under one theme. ${POINTER}\n\n> How to repot a fern in five steps.\n`,
      errors: [{ messageId: 'exact', line: 7 }],
      output: `# Blog writer\n\nHow-to posts walk the reader through one task. ${POINTER}\n\n> How to repot a fern in five steps.\n\nList posts gather tips under one theme.\n\n> How to repot a fern in five steps.\n`,
    },
  ],
});
