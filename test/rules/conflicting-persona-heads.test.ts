/**
 * Second personas whose role head is read from the noun phrase, not from the lexicon's families:
 * "an archivist" against "an evangelist" are two personas although neither head has a family; a
 * participle after the head ends the role ("a sports commentator narrating for radio").
 */
import rule from '../../rules/conflicting-persona.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'the same head with modifiers', code: 'You are a bridge inspector.\n\nThe weather is fine.\n\nYou are a senior bridge inspector for steel spans.\n' },
    { name: 'a helpful assistant takes the role', code: 'You are a helpful assistant.\n\nThe weather is fine.\n\nYou are a museum curator.\n' },
    { name: 'an AI identity takes the role', code: 'You are Orbit, an AI assistant.\n\nThe weather is fine.\n\nYou are a museum curator.\n' },
    { name: 'an expertise added to the role', code: 'You are a museum curator.\n\nThe weather is fine.\n\nYou are an expert in Flemish painting.\n' },
    { name: 'two roles in one paragraph elaborate', code: 'You are the archive keeper. You are a careful cataloguer of letters.\n' },
    { name: 'a scoped second role', code: 'You are a museum curator.\n\n## When the visitor is a child\n\nYou are a storyteller for young visitors.\n' },
  ],
  invalid: [
    {
      name: 'two heads known only by their ending',
      code: 'You are a seasoned database archivist who keeps every record tidy.\n\nThe weather is fine.\n\nYour role is that of a startup evangelist: you pitch bold ideas.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a head of a family against a head known only by its ending',
      code: 'You are a senior network architect.\n\nThe weather is fine.\n\nYou are a patient stamp collector.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a participle after the head ends the role',
      code: 'Act as a meticulous translator.\n\nThe weather is fine.\n\nYou are a sports commentator writing for a radio audience: keep it lively.\n',
      errors: [{ messageId: 'conflict', line: 5, data: { persona: 'a sports commentator' } }],
    },
    {
      name: 'a long role cut at its participle',
      code: "You are a senior network architect.\n\nThe weather is fine.\n\nYou are the studio's night supervisor guarding someone else's building, so stay alert.\n",
      errors: [{ messageId: 'conflict', line: 5 }],
    },
  ],
});

runRuleTests(rule, {
  valid: [
    { name: 'a condition before a dash scopes the role', code: 'You are a museum curator.\n\nThe weather is fine.\n\nWhen the visitor is a child - you are a puppet maker.\n' },
  ],
  invalid: [
    {
      name: 'a name after an opening phrase set off by a dash, against another name',
      code: "Let's begin a quiz - You are a quiz host named QUIZ·BOT running the evening round.\n\nThe weather is fine.\n\n- You are Penny, Acme's AI helper. Greet people as Penny.\n",
      errors: [{ messageId: 'conflict', line: 5 }],
    },
  ],
});

runRuleTests(rule, {
  valid: [
    { name: 'praise is not a role', code: 'You are Quill, an AI software engineering agent built by Acme.\n\nThe weather is fine.\n\nYou are a true sculptor in the world of programming.\n' },
    {
      name: 'a list item that opens with its own label holds its own persona',
      code: 'You are a seasoned travel writer who covers city breaks.\n\n* Budget. List three cheap places to eat.\n\n* Satire. You are a sharp stand-up comedian. Mock the tourist traps gently.\n',
    },
  ],
  invalid: [],
});
