// A generic head that names a subject in no known field ("a maintenance assistant", "a prompt
// management specialist") is a role, not the "helpful assistant" any role refines: a profession of
// a known field elsewhere in the prompt ("a marine biologist") is a second persona. Two such
// unknown subjects ("a shopping assistant" / "a fashion expert") are never set against each other,
// since nothing says their fields differ. The texts are written for this test.
import conflicting from '../../rules/conflicting-persona.js';
import repeated from '../../rules/repeated-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'two unknown subjects: a shopping assistant and a fashion expert',
      code: 'You are a shopping assistant for an online store.\n\n## Style advice\n\nYou are a fashion expert who knows the season.\n',
    },
    {
      name: 'two unknown subjects: a maintenance assistant and a customer support agent',
      code: 'You are a maintenance assistant for the docs site.\n\n## Replies\n\nYou are a customer support agent.\n',
    },
    {
      name: 'a helpful assistant is refined by any role',
      code: 'You are a helpful assistant.\n\n## Science\n\nYou are a marine biologist.\n',
    },
    {
      name: 'a manner is not a subject ("a friendly, patient assistant")',
      code: 'You are a friendly, patient assistant.\n\n## Taxes\n\nAct as a senior tax accountant.\n',
    },
    {
      name: 'a product identity ("a command-line tool") is not a subject role',
      code: 'You are Claude Code, a command-line tool.\n\nYou are a software engineer.\n',
    },
    {
      name: 'an AI identity with a subject still takes any role',
      code: 'You are an AI research assistant built by Acme.\n\n## Oceans\n\nYou are a marine biologist.\n',
    },
  ],
  invalid: [
    {
      name: 'a maintenance assistant and a marine biologist',
      code: 'You are a maintenance assistant for the docs site.\n\n## Steps\n\nCheck every link.\n\nYou are a marine biologist.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
    {
      name: 'a prompt management specialist and a tax accountant',
      code: 'You are a prompt management specialist.\n\n## Workflow\n\n- List the saved prompts.\n- Act as a senior tax accountant.\n',
      errors: [{ messageId: 'conflict', line: 6 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [],
  invalid: [
    {
      name: 'an assistant with a subject, defined twice',
      code: 'You are a maintenance assistant for the docs site.\n\n## Steps\n\nCheck every link.\n\nYou are a maintenance assistant.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
  ],
});
