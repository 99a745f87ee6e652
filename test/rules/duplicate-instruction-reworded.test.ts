// duplicate-instruction's `reworded` option: an instruction restated in other words in another
// section (rules/lib/near-copies.ts) is reported as a suggestion, never fixed; off by default.
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const PROMPT = [
  '# Training assistant',
  '',
  '## Setup',
  '',
  '- Pin the random seeds whenever a training run must be reproducible.',
  '- Log every metric to the experiment tracker after each epoch.',
  '',
  '## Storage',
  '',
  '- Store checkpoints in the shared bucket, never on the laptop disk.',
  '- Review the confusion matrix before you report accuracy.',
  '',
  '## Release',
  '',
  '- Fix your random seeds so that every training run can be reproduced exactly.',
  '',
].join('\n');

runRuleTests(rule, {
  valid: [
    { name: 'off by default', code: PROMPT },
    {
      name: 'a rule and its check item',
      code: PROMPT.replace('## Release', '## Checklist').replace('- Fix your random seeds', '- [ ] Fix your random seeds'),
      options: { reworded: true },
    },
    {
      name: 'a restatement set apart as a recap',
      code: PROMPT.replace('## Release', '## Quick reference'),
      options: { reworded: true },
    },
    {
      name: 'two descriptions in a feature list',
      code: '# Spec\n\n## Notebook\n\n- Welcome screen for first-time users of the notebook\n- Dark theme toggle\n\n## Editor\n\n- Keyboard shortcut sheet\n- Welcome screen for first-time users of the editor\n',
      options: { reworded: true },
    },
  ],
  invalid: [
    {
      name: 'a restatement in other words in another section',
      code: PROMPT,
      options: { reworded: true },
      errors: [{ messageId: 'reworded', line: 15 }],
    },
  ],
});
