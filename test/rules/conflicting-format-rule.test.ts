import rule from '../../rules/conflicting-format-rule.js';
import { runRuleTests } from '../helpers/rule-tester.js';

runRuleTests(rule, {
  valid: [
    'Use JSON for tool call arguments.\nUse Markdown for messages to the user.\n',
    { name: 'sections name the scope', code: '## When writing commit messages\n\nUse plain text.\n\n## When chatting\n\nUse Markdown.\n' },
    { name: 'anything other than JSON means JSON', code: 'Respond with a single JSON object.\nDo not respond with anything other than a JSON object.\n' },
    { name: 'conditions keep them apart', code: 'If the user writes in English, reply in English.\nIf the user writes in Chinese, reply in Chinese.\n' },
    { name: 'example dialogue', code: 'Respond in JSON.\n\nUser: Answer in plain text.\n' },
    { name: 'code block', code: 'Respond in JSON.\n\n```\nAnswer in plain text.\n```\n' },
    { name: 'two YAML prompts', filename: '/virtual/p.prompt.yml', code: 'prompts:\n  - system: Respond in JSON.\n  - system: Answer in plain text.\n' },
    { name: 'overlapping limits', code: 'Keep answers under 200 words.\nWrite at least 50 words.\n' },
    { name: 'not overly formal', code: 'Use a formal tone.\nDo not be overly formal.\n' },
  ],
  invalid: [
    {
      name: 'word limits',
      code: 'Keep every answer under 100 words.\n\nGive detailed explanations of at least 500 words.\n',
      errors: [{ messageId: 'conflict', line: 3, column: 1, suggestions: 2 }],
    },
    {
      name: 'JSON and plain text',
      code: '- Respond in JSON.\n- Answer in plain text.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { topic: 'output format', value: 'plain text', other: 'json', where: 'line 1' } }],
    },
    {
      name: 'emoji polarity',
      code: 'Never use emojis.\nUse emojis.\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
    {
      name: 'avoid lists against bullets',
      code: 'Avoid lists.\nUse bullet points.\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
    {
      name: 'language',
      code: 'Always respond in English.\nRespond in the same language as the user.\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
  ],
});
