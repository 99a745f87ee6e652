// repeated-format-rule across a prompt's sections (issue 14): a rule said again in other words is
// found whatever the titles, unless a condition or parallel sections keep the two apart; deliberate
// restatements are told apart: a labelled reminder is reported as one, below the configured
// severity and without a suggestion (`reminders: false` sets it apart); recaps and checklists are
// set apart unless `summaries` is on. The texts are written for this test.
import rule from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

const reminder = '# Digest bot\n\nReply in plain text only.\n\n## Digest\n\nSummarize the thread in five points.\n\nREMINDER: Do not call tools. Respond with plain text only.\n';

runRuleTests(rule, {
  valid: [
    {
      name: 'list lead-ins that open with a condition',
      code: 'For incident reports:\n\n- Use numbered lists.\n- Name the owner.\n\nFor chat replies:\n\n- Present steps as a numbered list.\n- Keep it friendly.\n',
    },
    {
      name: 'parallel sections, one per tool',
      code: '# Tools\n\n### `search` tool\n\nLooks up documents.\n\nRespond in JSON.\n\n### `fetch` tool\n\nDownloads one page.\n\nYour output must be JSON.\n',
    },
    {
      name: 'a sentence that leans on its paragraph ("this", "these")',
      code: 'If the user picks the pricing step, list every plan with its price. Always show this in a table.\n\nIf the user picks the staffing step, list every role with its owner. Present these as a table.\n',
    },
    { name: 'a labelled reminder is set apart with `reminders: false`', code: reminder, options: { reminders: false } },
    {
      name: 'a recap of "all of the above rules" is set apart',
      code: '# Analyst\n\n- Never use lists.\n- Cite every source.\n\n## Output\n\nWrite the report following all of the above rules. You must not use lists.\n',
    },
    {
      name: 'a checklist mirrors the steps on purpose',
      code: '## Steps\n\n1. Draft the page.\n2. Use proper Markdown formatting.\n\n## Checklist\n\n- [ ] Write the page in Markdown.\n- [ ] Check that links resolve.\n',
    },
    {
      name: 'a check-marked item mirrors a step',
      code: '## Steps\n\n1. Draft the page.\n2. Use proper Markdown formatting.\n\n## Review\n\n- ✅ Write every page in Markdown\n- ✅ Check that links resolve\n',
    },
  ],
  invalid: [
    {
      name: 'a topic title does not keep a restatement apart',
      code: '# Helper\n\n## Data sources\n\nDo not add any emoji to your messages.\n\n## API design\n\nEmojis are not allowed.\n',
      errors: [{ messageId: 'repeated', line: 9, data: { topic: 'emoji', where: 'line 5' } }],
    },
    {
      name: 'a short label lead-in does not keep a restatement apart',
      code: 'Verification steps:\n\n- Check the totals.\n- Keep every reply under 120 words.\n\n## Output\n\nReplies must not exceed 120 words.\n',
      errors: [{ messageId: 'repeated', line: 8 }],
    },
    {
      name: 'bold text, in other words',
      code: "Don't use bold text.\n\n## Style\n\nAvoid putting words in bold.\n",
      errors: [{ messageId: 'repeated', line: 5, data: { topic: 'emphasis' } }],
    },
    {
      name: '"information" does not narrow a rule',
      code: '# Guide\n\n## Answers\n\nAvoid tables.\n\n## Sources\n\nNever present information in tables.\n',
      errors: [{ messageId: 'repeated', line: 9, data: { topic: 'tables' } }],
    },
    {
      name: 'a labelled reminder is reported by default, below the configured severity, without a suggestion',
      code: reminder,
      errors: [{ messageId: 'reminder', line: 9, suggestions: 0, severity: 'warning', data: { topic: 'output format' } }],
    },
    {
      name: 'a labelled reminder with `reminders: true`',
      code: reminder,
      options: { reminders: true },
      errors: [{ messageId: 'reminder', line: 9, suggestions: 0, severity: 'warning' }],
    },
    {
      name: 'an unlabelled restatement keeps the configured severity and its suggestion',
      code: 'Never use emojis.\n\n## Replies\n\nDo not include any emoji in your replies.\n',
      errors: [{ messageId: 'repeated', line: 5, severity: 'error', suggestions: 1 }],
    },
    {
      name: '"Remember:" labels a reminder',
      code: 'Keep every answer under 150 words.\n\n## Closing\n\nRemember: responses must not exceed 150 words.\n',
      errors: [{ messageId: 'reminder', line: 5, severity: 'warning', suggestions: 0 }],
    },
    {
      name: '"Again," labels a reminder',
      code: '- Use numbered lists for steps.\n\n## Setup\n\nAgain, present steps as a numbered list.\n',
      errors: [{ messageId: 'reminder', line: 5, severity: 'warning' }],
    },
    {
      name: 'a recap of "all of the above rules" with `summaries: true`',
      code: '# Analyst\n\n- Never use lists.\n- Cite every source.\n\n## Output\n\nWrite the report following all of the above rules. You must not use lists.\n',
      options: { summaries: true },
      errors: [{ messageId: 'summary', line: 8, severity: 'warning', suggestions: 0 }],
    },
    {
      name: 'a checklist item with `summaries: true`',
      code: '## Steps\n\n1. Draft the page.\n2. Use proper Markdown formatting.\n\n## Checklist\n\n- [ ] Write the page in Markdown.\n- [ ] Check that links resolve.\n',
      options: { summaries: true },
      errors: [{ messageId: 'summary', line: 8, severity: 'warning' }],
    },
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a format named only as the place of a ban ("in the Markdown output")',
      code: '# Output\n\n- Only output Markdown.\n- Do not use bold or italics formatting in the Markdown output.\n',
    },
  ],
  invalid: [
    {
      name: 'the ban itself is still compared',
      code: '# Output\n\n- Do not use bold or italics formatting in the Markdown output.\n\n## Style\n\nNever put words in bold.\n',
      errors: [{ messageId: 'repeated', line: 7, data: { topic: 'emphasis' } }],
    },
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a step of one branch of a playbook ("- If …:" then its items)',
      code: '# Rules\n\n- Always use Markdown formatting.\n- Cite sources.\n\n## Modes\n\n- If the question is vague:\n- Ask one clarifying question.\n- If the question is precise:\n- Give the answer first.\n- Provide a full explanation using Markdown formatting.\n',
    },
  ],
  invalid: [
    {
      name: 'items of one branch are still compared with each other',
      code: '## Modes\n\n- If the question is precise:\n- Give the answer first.\n- Reply in Markdown.\n- Use Markdown formatting.\n',
      errors: [{ messageId: 'repeated', line: 6 }],
    },
  ],
});

runRuleTests(rule, {
  valid: [],
  invalid: [
    {
      name: 'a "Remember that …" sentence on another line labels no restatement',
      code: 'Remember that your output is shown in a terminal.\nOnly use emojis if the user asks for them. Avoid emojis in all replies unless asked.\n',
      errors: [{ messageId: 'repeated', line: 2 }],
    },
    {
      name: 'a phase ("- When implementing:") is not a branch of cases',
      code: '- Never use emojis.\n- When implementing:\n- Write the code first.\n- Avoid emojis in every reply.\n',
      errors: [{ messageId: 'repeated', line: 4 }],
    },
  ],
});
