/**
 * Word-for-word copies of one sentence of a longer unit (rules/lib/sentence-copies.ts), and copies
 * that a title's sample word used to hide (rules/lib/scope.ts `namesSamples`): a step titled "Read
 * the … template" or a section titled "Template validation rules" holds instructions, not samples.
 * Exempt stays what is positively per-item: a template's field repeated for each item, a case of its
 * own ("**If offline**: …"), a sentence pointing at what follows, and a title that names samples.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a field of a template repeated for each item, with a sentence of its own value',
      code:
        '## Reading\n\nThe crawler reads public pages only.\n\n- Keep requests under one per second.\n- url: (required) The page to read. Make sure the address is reachable from the sandbox.\n\n' +
        '## Tabs\n\nTabs stay open until the session ends.\n\n- Close tabs you no longer need.\n- url: (required) The tab to open. Make sure the address is reachable from the sandbox.\n',
    },
    {
      name: 'a sentence under a condition label, and the same sentence under another condition',
      code:
        '## Sync\n\n1. **If the cache is stale**: Rebuild the index from the primary store. Then restart the worker.\n\n' +
        '## Recovery\n\n- **If the disk is full**: Rebuild the index from the primary store. Then page the on-call engineer.\n',
    },
    {
      name: 'a sentence that points at what follows it',
      code:
        '## Scripts\n\n- Run the generator from the repository root. Call the command with the following arguments for the build.\n\n' +
        '## Release\n\n- Tag the commit before you publish. Call the command with the following arguments for the build.\n',
    },
    {
      name: 'a sentence of an example section repeated in the rules',
      code: '## Rules\n\n- Quote the ticket number in every reply.\n\n## Example output\n\n- Thanks for the report. Quote the ticket number in every reply.\n',
    },
    {
      name: 'a sentence of a code comment repeats a rule of the prompt',
      code: '## Rules\n\n- IMPORTANT: The query must be the user request as written. Never shorten the user request.\n\n## Functions\n\n// The query field. Never shorten the user request.\n',
    },
    {
      name: 'a sentence that two items of one list each end with',
      code: '## Scripts\n\n- `seed.sh` fills the local database. Start it from the repository root only.\n- `reset.sh` recreates the local database. Start it from the repository root only.\n',
    },
    {
      name: 'a sentence of a single-sentence unit only (the whole-unit path compares those)',
      code: '## A\n\nKeep every commit focused on one change.\n\n## B\n\nReview the diff before pushing.\n',
    },
  ],
  invalid: [
    {
      name: 'one sentence of a labelled list item pasted as its own item',
      code:
        '## Setup\n\n1. **Bypass prompts**: Always pass `CI=true` in the environment. Otherwise the installer waits for input.\n\n' +
        '## Before you start\n\n- Check out a clean branch.\n- Always pass `CI=true` in the environment.\n',
      errors: [{ messageId: 'sentence', line: 8 }],
    },
    {
      name: 'a short item pasted as the second sentence of a longer one',
      code: '## Logging\n\n- Never log access tokens or passwords.\n\n## Security\n\n- Rotate keys every quarter. Never log access tokens or passwords.\n',
      errors: [{ messageId: 'sentence', line: 7, column: 30 }],
    },
    {
      name: 'every sentence of a later item repeats earlier ones: the item is reported whole',
      code: '## Start\n\nUse the billing API directly. Do not call the legacy script.\n\n## Rules\n\n- Use the billing API directly. Do not call the legacy script.\n- Keep answers short.\n',
      errors: [{ messageId: 'sentence', line: 7, column: 1 }],
    },
    {
      name: 'bold-labelled lines that the sentence splitter joins into one paragraph',
      code:
        '## Guidelines\n\n**1** **Naming**: Prefer full words in names.\n**2** **Focus**: Do not modify unrelated code unless asked to refactor it.\n\n' +
        '## Classes\n\n- Do not modify unrelated code unless asked to refactor it.\n',
      errors: [{ messageId: 'sentence', line: 8 }],
    },
    {
      name: 'a sub-step of a step titled "Read the … template:" copied into the notes',
      code:
        '## Steps\n\n1. **Read the release template:**\n   - Check that the template file exists\n   - Read the template carefully to understand every section\n\n' +
        '## Notes\n\n- Read the template carefully to understand every section\n- Be brief.\n',
      output:
        '## Steps\n\n1. **Read the release template:**\n   - Check that the template file exists\n   - Read the template carefully to understand every section\n\n' +
        '## Notes\n\n- Be brief.\n',
      errors: [{ messageId: 'exact', line: 9 }],
    },
    {
      name: 'a rule copied into a section titled "Template validation rules"',
      code:
        '## Phases\n\n- No task should need a human decision to proceed\n- Tasks run in parallel unless marked\n\n' +
        '## Template validation rules\n\n- Headers match exactly\n- No task should need a human decision to proceed\n',
      output: '## Phases\n\n- No task should need a human decision to proceed\n- Tasks run in parallel unless marked\n\n## Template validation rules\n\n- Headers match exactly\n',
      errors: [{ messageId: 'exact', line: 9 }],
    },
  ],
});
