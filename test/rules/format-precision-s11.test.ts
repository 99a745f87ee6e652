// Session 11: causes of false findings of the format rules, from the tuning-half review (written as
// new texts for this test, not taken from the corpus): comments posted on an issue are no code
// comments; a tool banned "for games" holds for games only; "Some use Jest, others Vitest" leaves the
// choice open; items labelled with their option are alternatives; the format of a named file is not
// the reply's; a closing "in that exact format" frames the template its lead-in introduced.
import conflicting from '../../rules/conflicting-format-rule.js';
import repeated from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(repeated, {
  valid: [
    {
      name: 'comments posted on an issue',
      code: "IMPORTANT: Don't post any comments or replies to the ticket.\n\n## Guidelines\n\n- DO NOT post any comments to the ticket\n",
    },
    {
      name: 'a lead-in and a closing line around one template',
      code: '## Output\n\n- Only output YAML with the following format:\n\n```yaml\nscore: 3\n```\n\n- Only output YAML, and in that exact format.\n',
    },
  ],
  invalid: [
    {
      name: 'code comments are still comments',
      code: '- Do not add comments to the code you write.\n\n## Style\n\n- Never add any comments in code.\n',
      errors: [{ messageId: 'repeated', line: 5 }],
    },
    {
      name: 'words that name the whole output narrow nothing ("the whole document", "whatever you output", "human-readable")',
      code: '## Steps\n\n1. Keep the whole document plain: no bold anywhere.\n\n## Output\n\n- Do not use bold formatting.\n- Whatever you output should be clean Markdown.\n- Format your output in clear, human-readable Markdown.\n',
      errors: [{ messageId: 'repeated', line: 7 }, { messageId: 'repeated', line: 9 }],
    },
    {
      name: 'the same format said twice without a template between',
      code: '## Output\n\n- Only output YAML.\n\n## Final\n\n- Only output YAML, nothing else.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
  ],
});

runRuleTests(conflicting, {
  valid: [
    {
      name: 'a tool banned for one kind of page',
      code: '## Styling (apps)\n\n- Use Bootstrap classes for all styling.\n\n## Games\n\n- Do not use Bootstrap for games; write plain CSS.\n',
    },
    { name: 'a choice left open', code: '## Testing\n\n- Some packages use Jest, others Vitest, check `package.json` devDependencies.\n\n## Daemon\n\n- Use `bun test` instead of `jest` or `vitest`.\n' },
    {
      name: 'items labelled with their option',
      code: '## Dry run\n\n- **Python (pytest):** `pytest --collect-only <dir>` — must list at least one test\n- **Python (unittest):** `python -m unittest discover <dir>` — must list at least one test\n',
    },
    {
      name: 'the format of a named file against the reply',
      code: '## Inputs\n\n**Plain text only — conversion happens elsewhere.**\n\n## Results\n\n**Sidecar JSON (strict schema):** Generate `out/results.json` by copying the template below **verbatim** and filling in only the values.\n',
    },
  ],
  invalid: [
    {
      name: 'a tool banned everywhere against its use',
      code: '## Styling\n\n- Use Bootstrap classes for all styling.\n\n## Constraints\n\n- Never use Bootstrap.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
    {
      name: 'two test runners chosen for one thing',
      code: '## Testing\n\n- Write unit tests with Jest.\n\n## Conventions\n\n- Write unit tests with Vitest.\n',
      errors: [{ messageId: 'conflict', line: 7 }],
    },
  ],
});
