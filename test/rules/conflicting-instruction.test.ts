import rule from '../../rules/conflicting-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    'Run `npm test` before committing.\nDo not run `npm run lint` before committing.\n',
    { name: 'condition differs', code: 'Never push to main without approval.\nAlways push to main.\n' },
    { name: 'scoped sections', code: '## When writing unit tests\n\nAlways mock the network.\n\n## When writing integration tests\n\nNever mock the network.\n' },
    { name: 'quoted and code', code: 'Always sign your commits.\n\n> Never sign your commits.\n\n```\nNever sign your commits.\n```\n' },
    { name: 'too generic', code: 'Do it.\nNever do it.\n' },
    { name: 'two YAML prompts', filename: '/virtual/p.prompt.yml', code: 'prompts:\n  - system: Always cite the source.\n  - system: Never cite the source.\n' },
  ],
  invalid: [
    {
      name: 'always / never',
      code: 'Always run the tests before committing.\nNever run the tests before committing.\n',
      errors: [{ messageId: 'conflict', line: 2, column: 1, suggestions: 2, data: { verdict: 'Forbids', action: 'run the tests before committing', where: 'line 1' } }],
    },
    {
      name: 'do / do not',
      code: 'Do not use semicolons.\n\nUse semicolons.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { verdict: 'Requires' } }],
    },
    {
      name: 'must / must not, CRLF',
      code: 'You must commit the lockfile.\r\nYou must not commit the lockfile.\r\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
  ],
});
