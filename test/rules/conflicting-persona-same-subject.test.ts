/**
 * Two definitions of one persona in other words are not a conflict: roles of different heads that
 * share a subject word ("a schema validation specialist" / "a validation-only agent", "the
 * planning agent" / "a planner"), and traits rather than roles ("a visual thinker" / "the
 * customer's advocate"). Two roles with nothing in common still conflict.
 */
import rule from '../../rules/conflicting-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'one subject word under two heads',
      code: 'You are a schema validation specialist for data-contract workflows.\n\n## Limits\n\n- Be brief.\n\n## Closing\n\nYou are a VALIDATION-ONLY agent - report problems but DO NOT edit any files.\n',
    },
    {
      name: 'an agent noun and the activity it names (fails before the fix)',
      code: '# Orbit\n\nYou are **Orbit**, the planning agent for Acme.\n\n## Rules\n\n- NEVER write code yourself — you are a planner, not a coder\n',
    },
    {
      name: 'another agent noun and its activity (fails before the fix)',
      code: '# Orbit\n\nYou are **Orbit**, the routing agent for Acme.\n\n## Rules\n\n- NEVER answer tickets yourself — you are a router, not a responder\n',
    },
    { name: 'two traits of one persona (fails before the fix)', code: "You are a visual thinker.\n\n## Style\n\nYou are the customer's advocate.\n" },
    { name: 'a trait against a profession (fails before the fix)', code: 'You are a senior tax accountant.\n\n## Style\n\nYou are a pragmatist who prefers simple answers.\n' },
    {
      name: 'the same head with a qualifier added (fails before the fix)',
      code: 'You are a COOK plan checker.\n\n## Job\n\nYou are the plan checker — verifying plans WILL work before execution burns context.\n',
    },
  ],
  invalid: [
    {
      name: 'two roles with no word in common',
      code: 'You are a release verification specialist for mobile builds.\n\n## Other\n\nYou are a wedding photographer.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a name with a role against an unrelated role',
      code: '# Orbit\n\nYou are **Orbit**, the planning agent for Acme.\n\n## Rules\n\n- You are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
    {
      name: 'one head for two fields, neither inside the other',
      code: 'You are a coding agent.\n\n## Other\n\nYou are a travel agent.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
  ],
});
