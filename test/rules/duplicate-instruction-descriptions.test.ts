/**
 * A list that describes the agent (its traits or habits, each item opening with a verb in the third
 * person: "Writes a rollback note …", "Checks query plans …") is the prompt's description of itself,
 * not a list of rules: a step elsewhere that says the same thing as an instruction ("Write a rollback
 * note …") is not a rule said twice. Recognised by the list's own form, whatever its title; an item
 * holding a directive word ("always", "never", "must") is still an instruction.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const TRAITS = (title: string, extra = '') =>
  `## ${title}\n\n- Keeps every migration small and reversible\n- Writes a rollback note for each schema change\n- Checks the query plan before adding an index\n- Prefers proven tools over new ones${extra}\n\n`;
const APPROACH = '## Response approach\n\n1. **Read the schema** and the last three migrations\n2. **Write a rollback note** for each schema change\n3. **Check the query plan** before adding an index\n';

runRuleTests(rule, {
  valid: [
    { name: 'a trait of the agent restated as a step of its approach', code: `# Database agent\n\n${TRAITS('Behavioral traits')}${APPROACH}` },
    { name: 'the same, under a title that names no traits', code: `# Database agent\n\n${TRAITS('How it works')}${APPROACH}` },
  ],
  invalid: [
    {
      name: 'an imperative list restated in another section',
      code: '# Database agent\n\n## Migrations\n\n- Keep every migration small and reversible\n- Write a rollback note for each schema change\n- Check the query plan before adding an index\n\n## Deploys\n\n- Tag the release before deploying\n- Write a rollback note for each schema change\n',
      errors: [{ messageId: 'exact', line: 12 }],
      output: '# Database agent\n\n## Migrations\n\n- Keep every migration small and reversible\n- Write a rollback note for each schema change\n- Check the query plan before adding an index\n\n## Deploys\n\n- Tag the release before deploying\n',
    },
    {
      name: 'a trait that holds a directive word is still an instruction',
      code: `# Database agent\n\n${TRAITS('Behavioral traits', '\n- Never drops a column without a backup')}## Safety\n\n- Never drop a column without a backup\n`,
      errors: [{ messageId: 'near', line: 13 }],
    },
  ],
});
