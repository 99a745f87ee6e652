/**
 * Seeded adversarial prompt files for the robustness suite: corpus-like fixtures written for this
 * suite (no corpus text), then odd encodings and line endings, deep nesting, alias bombs, long
 * lines and random mutations. The same seed gives the same files.
 */
import { rng } from '../helpers/random.js';

export interface GeneratedFile {
  /** File name (its extension picks the parser). */
  readonly name: string;
  readonly content: Buffer;
  /** What made it, for messages. */
  readonly kind: string;
}

const BASES: readonly { ext: string; text: string }[] = [
  {
    ext: '.md',
    text: `# Code review assistant

You are a careful reviewer for a TypeScript service.

## Rules

- Always explain why a change is needed.
- Prefer small, focused pull requests.
- Never approve code without tests.
- Always explain why a change is needed.
- Keep comments short and specific.

## Output format

1. A one-line summary.
2. A list of findings, most severe first.
3. Suggested fixes as \`diff\` blocks.

\`\`\`ts
// Example only: do not copy this code.
export function add(a: number, b: number) { return a + b; }
\`\`\`

> Note: be polite, but be direct.
`,
  },
  {
    ext: '.mdc',
    text: `---
description: Frontend conventions
globs: src/**/*.tsx
alwaysApply: false
---

# React conventions

- Use function components and hooks.
- Basically, try to keep components under 200 lines.
- Use function components and hooks.
- Name event handlers \`handleX\`.

<!-- prompt-lint-disable-next-line duplicate-instruction -->
- Name event handlers \`handleX\`.

| Case | Do |
| --- | --- |
| list | use a stable key |
| form | use controlled inputs |
`,
  },
  {
    ext: '.yaml',
    text: `name: support-bot
model: gpt-4o
prompts:
  system: |
    You are a support agent for a bike shop.
    Always greet the customer by name.
    Never promise delivery dates.
    Always greet the customer by name.
  followup: >
    Ask one question at a time.
    Keep answers under 100 words.
  examples:
    - "Where is my order?"
    - 'Can I return a helmet?'
`,
  },
  {
    ext: '.prompt.md',
    text: `---
mode: agent
tools: [search, edit]
---
You write release notes.

{% if audience == "developers" %}
- Include API changes first.
- Link every pull request.
{% else %}
- Include API changes first.
- Use plain language, no jargon.
{% endif %}

Respond in English. Respond in English.
`,
  },
  {
    ext: '.txt',
    text: `SYSTEM: You are a translator.
Translate the user's text into French.
Keep the original formatting.
Translate the user's text into French.
Do not add explanations.
`,
  },
];

const SPICE = ['`', '``', '<!--', '-->', '{%', '%}', '{{', '}}', '|', '*', '_', '#', '- ', '> ', '\t', '\\', '"', "'", ':', '[x](y)', '@user', '✅', '❌', '😀', '\u202e', '\u200b', '\u0000', '\u001b[31m', 'ä', '中文', '\uFEFF', '&amp;', '<b>', '~~', '---', '```'];

export function generateFiles(seed: number, count: number): GeneratedFile[] {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const out: GeneratedFile[] = [];

  const makers: readonly ((i: number) => GeneratedFile)[] = [
    // Random line-level and character-level mutations of a base fixture.
    (i) => {
      const base = pick(BASES);
      let lines = base.text.split('\n');
      const edits = 1 + int(8);
      for (let e = 0; e < edits; e++) {
        const at = int(lines.length);
        switch (int(6)) {
          case 0:
            lines.splice(at, 0, lines[int(lines.length)] ?? ''); // duplicate a line elsewhere
            break;
          case 1:
            lines.splice(at, 1);
            break;
          case 2: {
            const line = lines[at] ?? '';
            const pos = int(line.length + 1);
            lines[at] = line.slice(0, pos) + pick(SPICE) + line.slice(pos);
            break;
          }
          case 3:
            lines = [...lines.slice(at), ...lines.slice(0, at)];
            break;
          case 4:
            lines[at] = ' '.repeat(int(12)) + (lines[at] ?? '');
            break;
          default:
            lines.splice(at, 0, `${pick(['- ', '* ', '1. ', '## ', '', '> '])}${pick(['Always', 'Never', 'Please', 'You must'])} ${pick(['reply briefly', 'cite sources', 'use tables', 'ask first'])}.`);
        }
      }
      return { name: `mut-${i}${base.ext}`, content: Buffer.from(lines.join('\n')), kind: 'mutation' };
    },
    // Line endings: CRLF, CR only, mixed.
    (i) => {
      const base = pick(BASES);
      const style = pick(['crlf', 'cr', 'mixed']);
      const text = base.text.replace(/\n/g, () => (style === 'crlf' ? '\r\n' : style === 'cr' ? '\r' : pick(['\n', '\r\n', '\r'])));
      return { name: `eol-${style}-${i}${base.ext}`, content: Buffer.from(text), kind: `line endings ${style}` };
    },
    // Encodings: BOMs, UTF-16, invalid UTF-8, Latin-1, NUL bytes.
    (i) => {
      const base = pick(BASES);
      const kind = pick(['utf8-bom', 'utf16le-bom', 'utf16be-bom', 'invalid-utf8', 'latin1', 'nul']);
      let content: Buffer;
      if (kind === 'utf8-bom') content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(base.text)]);
      else if (kind === 'utf16le-bom') content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base.text, 'utf16le')]);
      else if (kind === 'utf16be-bom') content = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(base.text, 'utf16le').swap16()]);
      else if (kind === 'invalid-utf8') {
        content = Buffer.from(base.text);
        for (let k = 0; k < 5; k++) content[int(content.length)] = pick([0xc3, 0xff, 0x80, 0xe2]);
      } else if (kind === 'latin1') content = Buffer.from(base.text.replace(/e/g, 'é'), 'latin1');
      else {
        content = Buffer.from(base.text);
        content[int(content.length)] = 0;
      }
      return { name: `enc-${kind}-${i}${base.ext}`, content, kind: `encoding ${kind}` };
    },
    // Deep nesting: lists, block quotes, YAML mappings and sequences, Jinja blocks.
    (i) => {
      const depth = 200 + int(1800);
      const kind = pick(['list', 'quote', 'yaml-map', 'yaml-seq', 'jinja', 'headings']);
      let text: string;
      if (kind === 'list') text = Array.from({ length: depth }, (_, d) => `${'  '.repeat(d)}- level ${d % 7} item.`).join('\n');
      else if (kind === 'quote') text = `${'> '.repeat(depth)}Always be kind.\n${'> '.repeat(depth)}Always be kind.\n`;
      else if (kind === 'yaml-map') text = Array.from({ length: Math.min(depth, 500) }, (_, d) => `${'  '.repeat(d)}k${d}:`).join('\n') + ' deep value\n';
      else if (kind === 'yaml-seq') text = `system: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`;
      else if (kind === 'jinja') text = `${'{% if a %}\n'.repeat(depth)}Keep it short.\n${'{% endif %}\n'.repeat(depth)}`;
      else text = Array.from({ length: depth }, (_, d) => `${'#'.repeat(1 + (d % 6))} Section ${d}\n\nBe clear.\n`).join('\n');
      const ext = kind.startsWith('yaml') ? '.yaml' : kind === 'jinja' ? '.j2' : '.md';
      return { name: `deep-${kind}-${i}${ext}`, content: Buffer.from(text), kind: `deep ${kind} (${depth})` };
    },
    // Alias bombs and anchors in YAML prompt files.
    (i) => {
      const levels = 6 + int(4);
      const lines = ['a0: &a0 ["Keep it short.", "Keep it short."]'];
      for (let l = 1; l < levels; l++) lines.push(`a${l}: &a${l} [${Array.from({ length: 9 }, () => `*a${l - 1}`).join(', ')}]`);
      lines.push(`system: *a${levels - 1}`, 'prompt: |', '  Always answer politely.', '  Always answer politely.');
      return { name: `alias-${i}.yaml`, content: Buffer.from(lines.join('\n') + '\n'), kind: `alias bomb (${levels} levels)` };
    },
    // Long lines of plain words, and many short duplicate lines.
    (i) => {
      const kind = pick(['long-line', 'many-duplicates', 'long-word']);
      const words = ['always', 'reply', 'in', 'English', 'and', 'keep', 'answers', 'short', 'never', 'guess'];
      let text: string;
      if (kind === 'long-line') text = `# Long\n\n${Array.from({ length: 20_000 + int(40_000) }, () => pick(words)).join(' ')}.\n`;
      else if (kind === 'many-duplicates') text = `# Dups\n\n${Array.from({ length: 500 + int(1500) }, () => `- ${pick(words)} ${pick(words)} ${pick(words)}.`).join('\n')}\n`;
      else text = `# Word\n\n${'x'.repeat(100_000 + int(200_000))}\n`;
      return { name: `${kind}-${i}.md`, content: Buffer.from(text), kind };
    },
  ];

  for (let i = 0; i < count; i++) {
    // Mutations are the bulk; every other maker shows up regularly.
    const maker = i % 3 === 0 ? makers[0]! : makers[1 + int(makers.length - 1)]!;
    out.push(maker(i));
  }
  return out;
}
