/**
 * Sibling sections written from one template (per agent, per tool, per command) whose titles share
 * no word or shape ("### Planner" / "### Coder" / "### Reviewer"): each opens with its own item's
 * description, and the same line stands at the same place in three or more of them, a field of the
 * template. Not a rule said twice. A line in only two of them, or at different places, is compared.
 */
import rule from '../../rules/duplicate-instruction.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const card = (title: string, description: string, lines: string[]) => `### ${title}\n\n${description}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\n`;
const TESTS = 'Must run the unit tests before handing off.';
const REPORT = 'Reports to the lead agent when the task is done.';

runRuleTests(rule, {
  valid: [
    {
      name: 'the same field line in three agent cards',
      code:
        '# Team\n\nYou coordinate three agents.\n\n## Agents\n\n' +
        card('Planner', 'Breaks the request into small tasks.', [TESTS, 'Writes the plan to `plan.md`.']) +
        card('Coder', 'Writes the code for each task.', [TESTS, 'Keeps each commit to one task.']) +
        card('Reviewer', 'Reviews each change before merge.', [TESTS, 'Comments on the diff, never on the person.']),
    },
    {
      name: 'the same closing line in three bold-named command paragraphs of one section',
      code:
        '# CLI helper\n\n## Commands\n\n**build** compiles the project into `dist/`.\nRun it from the repository root and never pass `--force` in CI.\n\n' +
        '**check** runs the linters and the type checker.\nRun it from the repository root and never pass `--force` in CI.\n\n' +
        '**ship** uploads the build to the registry.\nRun it from the repository root and never pass `--force` in CI.\n',
    },
  ],
  invalid: [
    {
      name: 'the same line after plain paragraphs that name no item',
      code:
        '# CLI helper\n\n## Commands\n\nThe project compiles into `dist/` on every push.\nRun the build from the repository root and never pass `--force` in CI.\n\n' +
        'Linters and the type checker run before review.\nRun the build from the repository root and never pass `--force` in CI.\n',
      errors: [{ messageId: 'exact', line: 9 }],
      output:
        '# CLI helper\n\n## Commands\n\nThe project compiles into `dist/` on every push.\nRun the build from the repository root and never pass `--force` in CI.\n\n' +
        'Linters and the type checker run before review.\n',
    },
    {
      name: 'the line in only two of the cards',
      code:
        '# Team\n\nYou coordinate three agents.\n\n## Agents\n\n' +
        card('Planner', 'Breaks the request into small tasks.', [REPORT, 'Writes the plan to `plan.md`.']) +
        card('Coder', 'Writes the code for each task.', [REPORT, 'Keeps each commit to one task.']) +
        card('Reviewer', 'Reviews each change before merge.', ['Approves only green builds.', 'Comments on the diff, never on the person.']),
      errors: [{ messageId: 'exact', line: 18 }],
      output:
        '# Team\n\nYou coordinate three agents.\n\n## Agents\n\n' +
        card('Planner', 'Breaks the request into small tasks.', [REPORT, 'Writes the plan to `plan.md`.']) +
        card('Coder', 'Writes the code for each task.', ['Keeps each commit to one task.']) +
        card('Reviewer', 'Reviews each change before merge.', ['Approves only green builds.', 'Comments on the diff, never on the person.']),
    },
    {
      name: 'the line at different places of three sections is a rule said again',
      code:
        '# Team\n\n## Agents\n\n' +
        card('Planner', 'Breaks the request into small tasks.', [TESTS, 'Writes the plan to `plan.md`.']) +
        card('Coder', 'Writes the code for each task.', ['Keeps each commit to one task.', TESTS]) +
        card('Reviewer', 'Reviews each change before merge.', ['Comments on the diff, never on the person.', 'Approves only green builds.', TESTS]),
      errors: [
        { messageId: 'exact', line: 17 },
        { messageId: 'exact', line: 25 },
      ],
      output:
        '# Team\n\n## Agents\n\n' +
        card('Planner', 'Breaks the request into small tasks.', [TESTS, 'Writes the plan to `plan.md`.']) +
        card('Coder', 'Writes the code for each task.', ['Keeps each commit to one task.']) +
        card('Reviewer', 'Reviews each change before merge.', ['Comments on the diff, never on the person.', 'Approves only green builds.']),
    },
  ],
});
