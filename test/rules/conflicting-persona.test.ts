import rule from '../../rules/conflicting-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    'You are Claude Code, a command-line tool.\n\nYou are Claude.\n',
    { name: 'a persona modelled on a named person', code: 'You are ChefBot, modelled on Julia Child.\n\nYou are Julia Child, and you cook with butter.\n' },
    { name: 'a shout in capitals names no one', code: 'You are Nova, a travel planner.\n\nYOU WILL BE PAID WELL FOR FOLLOWING THESE RULES.\n' },
    { name: 'compatible roles', code: 'You are a software engineer.\n\nYou are an expert Python developer.\n' },
    { name: 'name and role', code: 'You are Max.\n\nYou are a pastry chef.\n' },
    { name: 'quoted persona', code: 'You are Claude.\n\n> You are Max.\n' },
    { name: 'a list of roles is not a series of adjectives', code: 'You are a doctor, a lawyer and a chef.\n\nYou are a medical doctor.\n' },
    { name: 'metaphor heads are not families', code: 'You are the best engineer in the world.\nYou are a true artist in the world of programming.\n' },
    { name: 'the user speaking', code: 'You are Nova, a reading assistant.\n\nI am Dana, and I need three novels for a long flight.\nI\'m a pastry chef by trade.\n' },
    { name: 'a chat message role is not a persona', code: 'You are a pastry chef.\n\nRole: user\n' },
    { name: 'a quoted phrase that is more than a name', code: 'You are Nova.\n\nYou are "Reading buddy" for the kids.\n' },
    { name: 'a helpful assistant refined by an expertise', code: 'You are a helpful assistant.\n\nYou are an expert in Kubernetes.\n' },
    { name: 'an AI identity refined by a role', code: 'You are Droid, an AI software engineering agent.\n\nYou are a meticulous code reviewer.\n' },
    { name: 'a figure of speech is not a role', code: 'You are an elite technical content editor.\n\nYou are the final quality gate before content reaches learners.\n' },
    { name: 'two roles in one paragraph elaborate', code: 'You are the Migration Auditor. You are a surgical scanner.\n' },
    // session 15 (conf): the fresh corpus's persona false findings, in our words
    { name: 's15: quoted sample personas in a reference list are not the prompt\'s persona', code: '## Patterns\n\n"You are a data analyst. Answer with numbers."\n\n"You are a travel agent. Suggest three trips."\n' },
    { name: 's15: one quoted sample against the prompt\'s persona', code: 'You are a prompt engineer.\n\nA good opening line:\n\n"You are a patient piano teacher who explains scales slowly."\n' },
    { name: 's15: a role set against another ("X, not Y") is the one role', code: 'You are a **build runner** for the release team.\n\n- YOU ARE A RUNNER, not a planner or reviewer\n' },
  ],
  invalid: [
    {
      name: 'two roles without names',
      code: 'You are a teacher.\n\nYou are a sales agent.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'a sales agent', other: 'a teacher' }, suggestions: 2 }],
    },
    {
      name: 'a named persona with a role against another role',
      code: 'You are Sam, a friendly support agent.\n\nYou are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'a pastry chef', other: 'Sam' } }],
    },
    {
      name: 'always act as',
      code: 'Always act as a senior security auditor.\n\nYou are a kindergarten teacher.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'two names',
      code: 'You are Claude, an AI assistant made by Anthropic.\n\nYour name is Max.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'Max', other: 'Claude', where: 'line 1' }, suggestions: 2 }],
    },
    {
      name: 'two role families',
      code: 'You are a senior lawyer.\n\nYou are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'a series of adjectives before the role',
      code: 'I want you to act as a calm, patient and well-read tax lawyer who knows the rules.\n\nYou are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 3 }],
    },
    {
      name: 'adjectives joined by "and", a participle after the article',
      code: 'You are a calm and careful tax lawyer.\n\nYou are an experienced pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'an experienced pastry chef', other: 'a calm and careful tax lawyer' } }],
    },
    {
      name: 'the model speaking of itself, and a quoted name',
      code: 'I am Nova, an AI assistant for Lumen Books.\n\nYou are "Quill", the shop\'s helper.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'Quill', other: 'Nova' } }],
    },
    {
      name: 'a name given after the role',
      code: 'You are Nova, a reading assistant.\n\nYou are a support agent named Quill.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'Quill', other: 'Nova' } }],
    },
    {
      name: 'a Role: label',
      code: 'Role: Senior Tax Lawyer\n\nYou are a pastry chef who bakes for weddings.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { other: 'a Senior Tax Lawyer' } }],
    },
    {
      name: 'a bold label before the label or before "You are"',
      code: '**Role**: Senior Tax Lawyer\n\n**Persona:** You are a pastry chef.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { persona: 'a pastry chef', other: 'a Senior Tax Lawyer' } }],
    },
  ],
});
