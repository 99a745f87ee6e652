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
    { name: 'the exception itself', code: 'Keep every answer under 80 words unless the user asks for more detail.\n\nWrite at least 300 words when the user asks for a detailed explanation.\n' },
    { name: 'a limit without "every" yields to a case', code: 'Keep answers under 80 words unless the user asks for more.\n\nWrite at least 300 words whenever the user asks about a refund.\n' },
    { name: 'exception and case in different sections', code: '## Chat replies\n\nKeep every answer under 80 words unless the user asks for more.\n\n## Policy pages\n\nWrite at least 300 words whenever the user asks about a refund.\n' },
    { name: 'a rationale holds no directive', code: 'Respond in JSON.\nUse short sentences, because plain text is read aloud.\n' },
    { name: 'not overly formal', code: 'Use a formal tone.\nDo not be overly formal.\n' },
    { name: 'a request exception against a narrower rule', code: 'Avoid emojis unless the user asks for them.\nIn birthday greetings, use emojis.\n' },
    { name: 'a request exception against a rule with its own case', code: 'Avoid emojis unless the user asks for them.\nUse emojis when the user sends one first.\n' },
    { name: 'two request exceptions agree', code: 'Only use bullet points if the user requests them.\nAvoid bullet points unless asked.\n' },
    { name: 'a purpose that names an artifact still narrows', code: 'Use Markdown.\nUse JSON to make tool calls.\n' },
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
    {
      name: 'a rationale and the fields of the format do not narrow the key',
      code: 'Always answer in JSON with the fields "answer" and "next_step" so that the form can show it.\nAnswer in plain prose, never in JSON, because customers read it directly.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { topic: 'output format', value: 'prose', other: 'json', where: 'line 1' } }],
    },
    {
      name: 'a request exception against an unconditional rule',
      code: 'Never use emojis unless the customer asks for them.\nUse emojis to keep things friendly.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { topic: 'emoji', value: 'emoji', other: 'no emoji' } }],
    },
    {
      name: 'stress words and limit cues do not narrow the key',
      code: 'IMPORTANT: Never exceed 100 words.\nWrite at least 300 words.\n',
      errors: [{ messageId: 'conflict', line: 2 }],
    },
    {
      name: 'a limit for every answer against a case its exception does not name',
      code: 'Keep every answer under 80 words unless the user asks for more detail.\n\nGive explanations of at least 300 words whenever a user asks about a refund.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { value: 'at least 300 words', other: 'at most 80 words' } }],
    },
  ],
});
