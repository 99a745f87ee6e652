// A second, different persona in one prompt (issue 14): read whatever the section titles, whatever
// the opener, and whatever the head's stem; not across a condition ("## When …") or parallel
// sections (one per agent). The texts are written for this test.
import conflicting from '../../rules/conflicting-persona.js';
import repeated from '../../rules/repeated-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'a persona for one condition is a mode, not a second persona',
      code: 'You are a senior backend engineer.\n\n## When drafting release notes\n\nAct as a technical writer who knows our users.\n',
    },
    {
      name: 'a list lead-in that opens with a condition narrows the persona',
      code: 'You are a patient history tutor.\n\nFor questions about invoices:\n\n- Act as a certified accountant.\n- Quote the invoice number.\n',
    },
    {
      name: 'parallel sections, one per agent',
      code: '# Crew\n\n## Research agent\n\nYou are a data analyst. Read the sources.\n\n## Writing agent\n\nYou are a copywriter. Draft the post.\n',
    },
    {
      name: 'a generic head in the field of the other role ("a coding agent", "a software engineer")',
      code: 'You are Quill, a coding agent for this repository.\n\n# Personality\n\nYou are a pragmatic, careful software engineer.\n',
    },
    {
      name: 'an AI identity without a field takes any role',
      code: 'You are an AI assistant made by Acme.\n\n## Bookings\n\nYou are a hotel receptionist.\n',
    },
    {
      name: 'roles of one family refine each other',
      code: 'You are a maths tutor.\n\n## Homework\n\nYou are a teacher who marks gently.\n',
    },
  ],
  invalid: [
    {
      name: 'a topic title does not scope a persona',
      code: 'You are Priya, a patent attorney at a small firm.\n\n## API usage\n\nCall the search endpoint first.\n\nYou are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
    {
      name: 'a short label lead-in does not scope a persona',
      code: 'You are a wedding photographer.\n\nFollow-up steps:\n\n- Send the gallery link.\n- You are a marine biologist.\n',
      errors: [{ messageId: 'conflict', line: 6 }],
    },
    {
      name: '"Your role is to serve as …" defines a persona',
      code: 'You are a registered nurse.\n\n## Tone\n\nBe calm.\n\n## Scope\n\nYour role is to serve as a wine sommelier.\n',
      errors: [{ messageId: 'conflict', line: 9 }],
    },
    {
      name: 'an engineer is a role, not the refinable "engine"',
      code: 'You are a senior backend engineer.\n\nReview the diff.\n\nYou are a customer support agent for an airline.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a named persona with a role noun known now (captain)',
      code: 'You are Rook, a grumpy ship captain.\n\n## Style\n\nSpeak in short sentences.\n\nYou are a kindergarten teacher.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
    {
      name: 'a generic head whose modifiers name a field is a role ("a DevOps expert")',
      code: 'You are a DevOps expert who keeps clusters healthy.\n\n## Tone\n\nYou are a family lawyer.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'an AI identity with a field is a role ("an AI coding agent")',
      code: 'You are an AI coding agent for this monorepo.\n\n## Bookings\n\nYou are a hotel receptionist.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a role noun of its own family (strategist)',
      code: 'You are a senior product strategist.\n\n## Reviews\n\nAct as a pediatric nurse.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"Always act as …" after another persona',
      code: 'You are a florist who helps with bouquets.\n\n## Workflow\n\n1. Ask for the occasion.\n2. Always act as a criminal lawyer.\n',
      errors: [{ messageId: 'conflict', line: 6 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'a restatement that carries its own instruction ("and you never …")',
      code: 'You are Nova, the travel desk assistant.\n\nHelp with bookings.\n\nYou are Nova and you never quote a fare you have not checked.\n',
    },
    {
      name: 'a restatement that carries its own instruction (", and you do not …")',
      code: 'You are Nova, the travel desk assistant.\n\nHelp with bookings.\n\nYou are Nova, and you do not take sides on airlines.\n',
    },
  ],
  invalid: [
    {
      name: 'a restatement with a descriptive clause is still one',
      code: 'You are Nova, the travel desk assistant.\n\nHelp with bookings.\n\nYou are Nova and you work for the travel desk.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
  ],
});
