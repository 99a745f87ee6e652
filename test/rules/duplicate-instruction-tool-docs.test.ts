/**
 * A tool's documentation (a section titled by the tool's identifier, one of a family of such sibling
 * sections: "### apply_patch" / "### read_file") is self-contained: it is the tool's description, sent
 * with the tool's schema. A general rule restated in it is not a rule said twice in the prompt. Two
 * copies inside one tool's documentation, or a rule restated in an ordinary section, are compared.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const RULE = 'Always default to the patch tool for edits unless the user asks for a rewrite.';
const tools = (patchBody: string) =>
  `## Tools\n\n### apply_patch\n\nApplies a unified diff to one file.\n${patchBody}\n### read_file\n\nReads one file from the workspace.\n\n- Read whole files only when they are short.\n\n### list_dir\n\nLists a folder.\n\n- Skip hidden folders.\n`;

runRuleTests(rule, {
  valid: [
    { name: 'a general rule restated in a tool description', code: `# Editor\n\n## Rules\n\n- ${RULE}\n- Keep the user's code style.\n\n${tools(`\n- ${RULE}\n`)}` },
  ],
  invalid: [
    {
      name: 'the rule restated in an ordinary section',
      code: `# Editor\n\n## Rules\n\n- ${RULE}\n- Keep the user's code style.\n\n## Editing\n\n- ${RULE}\n\n${tools('')}`,
      errors: [{ messageId: 'exact', line: 10 }],
      output: `# Editor\n\n## Rules\n\n- ${RULE}\n- Keep the user's code style.\n\n## Editing\n\n\n${tools('')}`,
    },
    {
      name: 'two copies inside one tool description',
      code: `# Editor\n\n${tools(`\n- ${RULE}\n- Patches must apply cleanly.\n- ${RULE}\n`)}`,
      errors: [{ messageId: 'exact', line: 11 }],
      output: `# Editor\n\n${tools(`\n- ${RULE}\n- Patches must apply cleanly.\n`)}`,
    },
  ],
});
