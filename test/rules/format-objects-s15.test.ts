// Session 15: what a format rule is about. The fresh-corpus review judged every format finding false
// (caps on different fields or files, one output template per command, comments of another kind, a
// ban whose dash opens the alternative). The texts are written for this test, not taken from any corpus.
import conflicting from '../../rules/conflicting-format-rule.js';
import repeated from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(conflicting, {
  valid: [
    {
      name: 'caps under sections titled with different files',
      code: '## Listing\n\n### Title (title.txt)\n\n- At most 30 characters\n\n### Summary (summary.txt)\n\n- At most 80 characters\n',
    },
    {
      name: 'caps on list items labelled with different fields',
      code: 'Check every field of the listing against its limit:\n\n- Headline (headline.txt): max 40 characters, no prices\n- Body (body.txt): max 2500 characters, no claims you cannot prove\n',
    },
    {
      name: 'a cap on one kind of file and a cap on another',
      code: '## Agent notes\n\n- **Keep under 400 lines** for maintainability\n\n## Rule files (`.rules/*.mdc`)\n\n- Keep under 40 lines\n',
    },
    {
      name: 'review comments are not code comments',
      code: '- Do not answer the comments yet.\n- Handle any comments the poller reports, then run it again.\n',
    },
    {
      name: 'a spaced dash ends the reach of "No"',
      code: '- No outside npm packages required - just Bun APIs.\n- NEVER add a new npm package without checking - prefer Bun APIs first.\n',
    },
  ],
  invalid: [
    {
      name: 'two caps for the same file still conflict',
      code: '### Title (title.txt)\n\n- At most 30 characters\n- Keep it under 60 characters\n',
      errors: [{ messageId: 'caps', line: 4 }],
    },
    {
      name: 'a rule that names the reply is about the reply under a file title too',
      code: 'Keep every answer under 100 words.\n\n### Notes (notes.md)\n\n- Every answer must be at least 500 words.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a label that only names the measure names no object',
      code: '- **Length**: at most 100 words\n\n## Details\n\n- **Length**: at least 400 words\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'comments in code are still code comments',
      code: '- Never add comments to the code.\n\n## Style\n\n- Add inline comments to explain each function.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
    {
      name: 'a ban goes on over a hyphenated value',
      code: '- Never use bullet-point lists.\n\n## Output\n\n- Use bullet points.\n',
      errors: [{ messageId: 'conflict', line: 5 }],
    },
  ],
});

runRuleTests(repeated, {
  valid: [
    {
      name: 'one output template per command',
      code: '## Commands\n\n### search\n\n```bash\nidx search q\n```\n\nOutput: JSON array to stdout. Every hit includes `path` and `score`, ordered by score.\n\n### stats\n\n```bash\nidx stats\n```\n\nNo arguments. Output: JSON to stdout.\n',
    },
  ],
  invalid: [
    {
      name: 'a label that says what to do names no object',
      code: '## Steps\n\n- **Coordinate with the owner**: Present a numbered, concise list of proposed doc additions and expected reading gains. Ask explicitly before editing pages or images.\n\n## Notes\n\n- Put proposed doc additions to the owner as a short numbered list.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'a rule that speaks of the answers is about the reply under a tool section too',
      code: '# Tools\n\n## search\n\nFinds pages.\n\nUse Markdown headings to organise long answers.\n\n## fetch\n\nStructure longer answers with Markdown headings.\n',
      errors: [{ messageId: 'repeated', line: 11 }],
    },
    {
      name: 'lowercase titles that are no catalogue stay one prompt',
      code: '## style\n\nOutput: JSON only.\n\n## notes\n\nOutput: JSON only, nothing else.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
  ],
});
