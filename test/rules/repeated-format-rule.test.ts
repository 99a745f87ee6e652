import rule from '../../rules/repeated-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    { name: 'values in a "for example" parenthesis are examples', code: '# Style\n\n- Pick one indentation style (for example, 4 spaces or tabs) and keep it.\n\n# Review\n\n- Indent code with four spaces.\n' },
    { name: 'one named section is still a narrower scope', code: '# Style\n\nUse numbered lists for the output, never bullets.\n\n# Layout\n\n- Format the appendix section as a numbered list rather than bullet points.\n' },
    { name: 'a bound and a number without a length unit is not a cap', code: 'Max 3 retries per request.\n\nKeep every reply under 3 sentences.\n\nMax 3 retries per request when the network fails.\n' },
    { name: 'a per-item cap and a cap on the whole reply differ', code: 'Max 40 words per bullet.\n\nKeep the whole reply to 40 words at most.\n' },
    { name: 'two output parts with hyphenated names', code: '- In a section called Key-Risks, write at most 30 words.\n- In a section called Key-Benefits, write at most 30 words.\n' },
    { name: '"create" without a format value is not a format rule', code: '- Create a branch for each fix.\n- Create a branch for each fix before you push.\n' },
    { name: 'output parts whose quoted names share a first word', code: '- In a section called "STAGE 1: Warm-up", give a bulleted list of drills.\n- In a section called "STAGE 2: Main set", give a bulleted list of drills for the main set.\n' },
    'Always format lists as bullet points.\nKeep every answer under 100 words.\n',
    { name: 'scoped by the sentence', code: 'Use JSON for tool call arguments.\nUse JSON for log lines.\n' },
    { name: 'scoped by section titles', code: '## When writing commit messages\n\nUse bullet points.\n\n## When chatting\n\nUse bullet points.\n' },
    { name: 'condition with content', code: 'Use bullet points.\nUse bullet points unless the user asks for prose.\n' },
    { name: 'descriptions are not directives', code: 'The API returns JSON.\nRespond in JSON.\n' },
    { name: 'two YAML prompts', filename: '/virtual/p.prompt.yml', code: 'prompts:\n  - system: |\n      Be concise.\n  - system: |\n      Be concise.\n' },
    { name: 'under a Don\'ts heading', code: 'Never use emojis.\n\n## Don\'ts\n\n- Use emojis.\n- Never use emojis.\n' },
    { name: 'database tables', code: 'Do not use SELECT * on wide tables.\nNever drop tables in production.\n' },
    { name: 'a file name is not a format', code: 'Run the checker with rules.yaml on src/.\nRun the checker with rules.yaml on test/.\n' },
    { name: 'an exception with content is not the request exception', code: 'Avoid emojis unless the user asks for them.\nAvoid emojis unless the message is a birthday greeting.\n' },
    { name: 'neutral words still count inside a condition', code: 'Use tables.\nUse tables when appropriate.\n' },
  ],
  invalid: [
    {
      name: 'the letters of "i.e." are no words of the key',
      code: '# Style\n\nWrite the report in Markdown.\n\n# Output\n\nUse Markdown (i.e. the formatting language) for the report.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'a value in parentheses with "for each" is stated, not an example',
      code: '# Style\n\n- Use consistent indentation (4 spaces for each level).\n\n# Review\n\n- Indent code with four spaces.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: '"every section" quantifies over the whole output and does not narrow the rule',
      code: '# Style\n\nUse numbered lists for the output, never bullets.\n\n# Layout\n\n- Format each section as a numbered list rather than bullet points.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'a cap written without a verb ("Max 80 chars per line") restated with one',
      code: '# Output\n\nPlain text only. Max 80 chars per line.\n\n# Checks\n\n- Keep every line to 80 characters at most.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'a per-item cap on "each <adjective> <unit>" is measured per unit',
      code: '# Output\n\nUse at most 15 words per bullet.\n\n# Checks\n\n- Keep each single bullet to 15 words or fewer.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'an output part named in capitalised words joined by hyphens',
      code: '# Steps\n\n- Write a closing note that thanks the reader in at most 30 words in a section called Closing-Thank-You.\n\n# Output\n\n- Keep the Closing-Thank-You to 30 words or fewer.\n',
      errors: [{ messageId: 'repeated', line: 7 }],
    },
    {
      name: 'a count in words restates the same count in digits',
      code: 'Keep the title to exactly twelve words.\n\nWrite a 12-word title.\n',
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      name: 'emphasis shown as Markdown markers restates emphasis named in words',
      code: 'Never use bold or italics.\n\nDo not add Markdown emphasis (no **bold**, no _italics_) to the reply.\n',
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      name: 'an inflected emphasis word ("bolding") and graded formatting words',
      code: 'Avoid bolding and italics.\n\nNo bold, no italics, no fancy formatting.\n',
      errors: [{ messageId: 'repeated', line: 3 }],
    },
    {
      name: 'bullets in other words',
      code: 'Always format lists as bullet points.\n\nWhen you list several items, use bullet points.\n',
      errors: [{ messageId: 'repeated', line: 3, column: 1, endLine: 3, endColumn: 48, suggestions: 1 }],
    },
    {
      name: 'negated emoji rule restated in a list',
      code: '- No emojis.\n- Cite your sources.\n- Never use emojis.\n',
      errors: [{ messageId: 'repeated', line: 3, suggestions: 1 }],
    },
    {
      name: 'CRLF',
      code: 'Be concise.\r\nCite your sources.\r\nKeep responses concise.\r\n',
      errors: [{ messageId: 'repeated', line: 3, column: 1, suggestions: 1 }],
    },
    {
      name: '"only … if asked" restates "avoid … unless asked"',
      code: 'Only use emojis if the reader explicitly requests them.\nAvoid emojis unless asked.\n',
      errors: [{ messageId: 'repeated', line: 2, suggestions: 1 }],
    },
    {
      name: 'stress and grading words do not narrow the key',
      code: 'IMPORTANT: Output only JSON.\nOnly output the exact JSON object above.\n',
      errors: [{ messageId: 'repeated', line: 2, suggestions: 1 }],
    },
    {
      name: 'a unit that says more is reported without a fix',
      code: '- Always use markdown formatting.\n- Provide detailed explanations using markdown formatting.\n',
      errors: [{ messageId: 'repeated', line: 2 }],
    },
  ],
});
