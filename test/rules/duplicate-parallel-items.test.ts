import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-instruction.js';
import { parallelLabels } from '../../rules/lib/parallel-items.js';
import { runRuleTests } from '../helpers/rule-tester.js';

describe('parallelLabels: two labels naming two items alike', () => {
  it.each([
    ['Billing module', 'Shipping module'],
    ['If the request is small:', 'If the request is large:'],
    ['`tools/seed.sh`', '`tools/reset.sh`'],
    ['Adding a new plugin', 'Updating an existing plugin'],
  ])('%s / %s', (x, y) => expect(parallelLabels(x, y)).toBe(true));
  it.each([
    ['Task states:', 'Batch updates:'],
    ['Billing module', 'Billing module'],
    ['Always cite sources', 'Never cite sources'],
    ['Section 2: Staffing', 'Section 3: Budget'],
    ['Prompt caching and the prefix rules', 'Streaming of long responses'],
  ])('not %s / %s', (x, y) => expect(parallelLabels(x, y)).toBe(false));
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a closing note under two bold-labelled module paragraphs',
      code: '**Auth service** signs users in and refreshes tokens. Its settings are read from `config.yml` at start.\n\n**Search service** indexes documents and answers queries. Its settings are read from `config.yml` at start.\n',
    },
    {
      name: 'a step shared by two sibling checklists',
      code: '# Registry\n\n### Adding a new theme\n\n- Choose a unique name.\n- Rebuild the preview gallery after every change.\n\n### Removing an old theme\n\n- Delete its folder.\n- Rebuild the preview gallery after every change.\n',
    },
  ],
  invalid: [
    {
      name: 'two consecutive sentences pasted under two labels are a block',
      code: '**Auth service** signs users in. Run the full test suite before you deploy. Tag the release after the deploy.\n\n**Search service** indexes documents. Run the full test suite before you deploy. Tag the release after the deploy.\n',
      errors: [{ messageId: 'exact', line: 3 }, { messageId: 'exact', line: 3 }],
      output: '**Auth service** signs users in. Run the full test suite before you deploy. Tag the release after the deploy.\n\n**Search service** indexes documents.\n',
    },
    {
      name: 'a rule restated in a general section after the items',
      code: '**Auth service** signs users in. Never print access tokens in the logs.\n\n**Search service** indexes documents.\n\n## Logging\n\nNever print access tokens in the logs.\n',
      errors: [{ messageId: 'exact', line: 7 }],
      output: '**Auth service** signs users in. Never print access tokens in the logs.\n\n**Search service** indexes documents.\n\n## Logging\n',
    },
  ],
});
