// A second persona as people write it (issue 14, session 8): the openers people use ("I want you
// to be …", "You'll be playing …", "The assistant is a …"), a field named after the head ("an
// expert in tax law") or by a technology ("a Rust expert"), one generic head for two fields, and
// two roles of one family for different subjects or audiences. And what is not a second persona:
// the assistant refined by an expertise, skills of one engineer, the user described in the third
// person, quoted and example personas. The texts are written for this test.
import conflicting from '../../rules/conflicting-persona.js';
import repeated from '../../rules/repeated-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'the usual refinement: a helpful assistant that is an expert in a field',
      code: 'You are a helpful assistant.\n\n## Expertise\n\nYou are an expert in Kubernetes and cloud networking.\n',
    },
    {
      name: 'an assistant refined by a technology expertise',
      code: 'You are a friendly AI assistant for Acme.\n\n## Coding\n\nYou are a seasoned Rust expert.\n',
    },
    {
      name: 'the skills of one engineer: a language and a layer of the stack',
      code: 'You are an expert Python developer.\n\n## Scope\n\nYou are a senior backend engineer.\n',
    },
    {
      name: 'the skills of one engineer: a language and its framework',
      code: 'You are a Python developer.\n\n## Web work\n\nYou are an experienced Django developer.\n',
    },
    {
      name: 'an expert in a technology and an engineer of that field',
      code: 'You are an expert in TypeScript.\n\n## Reviews\n\nYou are a careful software engineer.\n',
    },
    {
      name: 'an assistant for a product names the product, not a field',
      code: 'You are an assistant for the Acme billing API.\n\n## Tickets\n\nYou are a customer support agent.\n',
    },
    {
      name: 'an expert in a product the agent supports',
      code: 'You are a support agent for Acme.\n\n## Billing\n\nYou are an expert in Acme\'s billing system.\n',
    },
    {
      name: 'one family, one side without a subject: the other refines it',
      code: 'You are a history teacher.\n\n## Marking\n\nAct as a patient tutor.\n',
    },
    {
      name: 'the user described in the third person is not the persona',
      code: 'You are a tax lawyer.\n\n## Context\n\nThe user is a pastry chef who runs a small bakery.\n',
    },
    {
      name: '"I want you to be" with no role is an instruction',
      code: 'You are a tax lawyer.\n\n## Style\n\nI want you to be concise and direct.\n',
    },
    {
      name: '"You will be playing" a game is no role',
      code: 'You are a chess coach.\n\n## Sessions\n\nYou will be playing a game of chess with the user.\n',
    },
    {
      name: 'a role-play example',
      code: 'You are a language tutor.\n\n## Example\n\nUser: Act as a pirate captain.\nAssistant: Arr, what be yer question?\n',
    },
    {
      name: 'a quoted persona in an explanation',
      code: 'You are a prompt reviewer.\n\n## Notes\n\nA user may open with "You are a pirate captain" to start a game; review it like any prompt.\n',
    },
    {
      name: 'per-agent sections, each with its own persona',
      code: '# Agents\n\n## Triage agent\n\nThe assistant is a support specialist who sorts tickets.\n\n## Billing agent\n\nThe assistant is an accountant who answers invoice questions.\n',
    },
  ],
  invalid: [
    {
      name: '"I want you to be" a role',
      code: 'You are a divorce lawyer.\n\n## Style\n\nI want you to be a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"You\'ll be playing" a role',
      code: 'You are a wedding photographer.\n\n## Evenings\n\nYou\'ll be playing a grumpy bartender.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"You will be playing the role of" a role',
      code: 'You are a wedding photographer.\n\n## Evenings\n\nYou will be playing the role of a ship captain.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"You are now" a role',
      code: 'You are a nurse on a night shift.\n\n## Later\n\nYou are now a stand-up comedian.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'third person: "The assistant is a …"',
      code: 'The assistant is a patient maths tutor.\n\n## Billing\n\nYou are a tax accountant.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a role followed by what the persona is about to do',
      code: 'You are an experienced software engineer about to open a pull request.\n\n## Later\n\nYou are a wine sommelier.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a named persona and a role of another field',
      code: 'You are Ada, a meticulous patent attorney.\n\n## Recipes\n\nAct as a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: '"As a …, you …" against another role',
      code: 'You are a florist.\n\n## Accounts\n\nAs a tax accountant, you check every receipt.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'an expert whose field follows the head ("an expert in contract law")',
      code: 'You are an expert in contract law and legal compliance.\n\n## Workflow\n\nAct as a kindergarten teacher.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'an expert named by a technology ("a Rust expert")',
      code: 'You are a Rust expert who reviews unsafe code.\n\n## Workflow\n\nYou are a wine sommelier.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'one generic head for two fields ("a coding agent", "a travel agent")',
      code: 'You are an AI coding agent for this repository.\n\n## Trips\n\nYou are a friendly travel agent.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'one family, different subjects and audiences (teaching)',
      code: 'You are a strict calculus tutor for university students.\n\n## Classroom\n\nYou are a cheerful kindergarten teacher.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'one family, different specialties (legal)',
      code: 'You are a divorce lawyer.\n\n## Filing\n\nYou are a patent attorney.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a persona inside a YAML system string',
      filename: '/virtual/p.prompt.yml',
      code: 'messages:\n  - role: system\n    content: |\n      You are a marine biologist.\n\n      ## Later\n\n      Act as a tax accountant.\n',
      errors: [{ messageId: 'conflict', line: 8 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'a different persona is not a restatement',
      code: 'The assistant is a patient maths tutor.\n\n## Billing\n\nYou are a tax accountant.\n',
    },
  ],
  invalid: [
    {
      name: 'third person and second person, one persona',
      code: 'The assistant is a patient maths tutor.\n\n## Homework\n\nYou are a patient maths tutor.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
    {
      name: '"I want you to be" restating the persona',
      code: 'You are a wine sommelier.\n\n## Pairings\n\nI want you to be a wine sommelier.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
  ],
});
