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
    { name: 'package managers of two ecosystems', code: 'Use pnpm for JavaScript dependencies.\n\nUse uv for Python dependencies.\n' },
    { name: 'a package manager for one folder', code: 'Use npm for the root workspace.\n\nIn `packages/web`, use pnpm instead.\n' },
    { name: 'a unit test runner and an end-to-end one', code: 'Use Vitest for unit tests.\n\nUse Playwright for end-to-end tests.\n' },
    { name: 'yarn without a word of packages is not a package manager', code: 'Use wool yarn for the scarf.\n\nUse npm to install dependencies.\n' },
    { name: 'label lines scope the lines under them', code: 'Java:\nIndent code with four spaces.\n\nJavaScript:\nIndent code with two spaces.\n' },
    { name: 'a cap per item and a cap per answer', code: 'Keep each bullet under 15 words.\n\nKeep the answer under 200 words.\n' },
    { name: 'commentary inside a field of the JSON', code: 'Respond only with JSON.\n\nExplain the reasoning in the `notes` field of the JSON.\n' },
    { name: 'commentary without a JSON-only contract', code: 'Respond in JSON.\n\nAfter the JSON, add a one-sentence summary.\n' },
    { name: 'concise but thorough', code: 'Be concise, but thorough.\n\nBe concise.\n' },
    { name: 'restated prohibitions', code: 'Avoid emojis.\n\nNever use emojis.\n' },
    { name: 'minimal is not minimize', code: '- Keep formatting minimal (plain short paragraphs).\n- Minimal formatting: plain sentences or short paragraphs only.\n' },
    { name: 'what a tool is for', code: '- Use for JSON extraction\n- Use for XML extraction\n' },
    { name: 'a list lead-in', code: '- For short answers, avoid headings.\n\nUse headings in these ways:\n\n- one per topic\n' },
    { name: 'YAML frontmatter is a file part', code: '- YAML frontmatter format and required fields\n\nDo not include any other fields in YAML frontmatter.\n' },
  ],
  invalid: [
    {
      name: 'two package managers, one described',
      code: 'This repo uses pnpm as its package manager.\n\nInstall dependencies with npm.\n',
      errors: [{ messageId: 'conflict', line: 3, suggestions: 2, data: { topic: 'package manager', value: 'npm', other: 'pnpm', where: 'line 1' } }],
    },
    {
      name: 'a label and a prohibition of the same test runner',
      code: 'Test runner: Jest.\n\nNever use Jest; write tests for Vitest.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { topic: 'test runner', value: 'no jest', other: 'jest' } }],
    },
    {
      name: 'tabs and spaces, quotes, semicolons',
      code: '- Indent with tabs.\n- Use single quotes for strings.\n- Always use semicolons.\n- Indent with 2 spaces.\n- Use double quotes for strings.\n- Semicolons are forbidden.\n',
      errors: [
        { messageId: 'conflict', line: 4, data: { topic: 'indentation' } },
        { messageId: 'conflict', line: 5, data: { topic: 'quote style' } },
        { messageId: 'conflict', line: 6, data: { topic: 'semicolons', value: 'no semicolons' } },
      ],
    },
    {
      name: 'two caps on one measure name the tighter',
      code: 'Keep answers under 100 words.\n\nKeep answers under 200 words.\n',
      errors: [{ messageId: 'caps', line: 3, data: { value: 'at most 200 words', other: 'at most 100 words', tighter: 'at most 100 words' } }],
    },
    {
      name: 'JSON only against commentary after it',
      code: 'Respond only with a JSON object.\n\nAfter the JSON, add a short explanation of your reasoning.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { value: 'commentary', other: 'json' } }],
    },
    {
      name: 'JSON against conversational prose',
      code: 'Return JSON only.\n\nWrite your answer in plain, conversational prose.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { value: 'prose', other: 'json' } }],
    },
    {
      name: 'Spanish only against English',
      code: 'Reply only in Spanish.\n\nAll replies must be in English.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { value: 'English', other: 'Spanish' } }],
    },
    {
      name: 'concise against detail, a short cap against detail',
      code: 'Be concise.\n\nExplain every answer in detail.\n\n## Support\n\nKeep every reply under 50 words.\n\nGive exhaustive, detailed explanations.\n',
      errors: [{ messageId: 'conflict', line: 3 }, { messageId: 'conflict', line: 9 }],
    },
    {
      name: 'a list of tone adjectives',
      code: 'Use a formal, academic tone.\n\nKeep the tone casual and playful.\n',
      errors: [{ messageId: 'conflict', line: 3, data: { topic: 'tone', value: 'casual', other: 'formal' } }],
    },
    {
      name: 'Markdown headings against no Markdown, in one list',
      code: '- Use Markdown headings in every answer.\n- Do not use Markdown in answers.\n',
      errors: [{ messageId: 'conflict', line: 2, data: { value: 'no markdown', other: 'markdown' } }],
    },
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
