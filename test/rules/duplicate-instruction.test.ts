import { describe, expect, it } from 'vitest';
import stringSimilarity from 'string-similarity';
import rule from '../../rules/duplicate-instruction.js';
import { anchorsCompatible, comparisonKey, contentDifference, normalize, protectedRanges } from '../../rules/lib/normalize.js';
import { stripFiller } from '../../rules/lib/filler.js';
import { comparedUnits, comparisonForm, formData, provideForms, readFast, readKey } from '../../rules/lib/comparison-forms.js';
import fs from 'node:fs';
import path from 'node:path';
import { compareTwoStrings } from '../../rules/lib/similarity.js';
import { lintTask } from '../../server/src/engine/linter.js';
import { modelFor } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import { fieldLabel, isDescriptiveListItem, isReferenceEntry } from '../../rules/lib/candidates.js';

runRuleTests(rule, {
  valid: [
    { name: 'different inline code', code: '- Run `npm test` before committing.\n- Run `npm run lint` before committing.\n' },
    {
      name: 'different numbers and names',
      code: 'The Starter plan includes 10 GB of storage.\nThe Team plan includes 1 TB of storage.\n',
    },
    { name: 'a content word substituted', code: '- Write tests for new features.\n- Write docs for new features.\n' },
    { name: 'a content word added', code: '- Declare a test over two collections.\n- Declare a test over two zipped collections.\n' },
    { name: 'always against never', code: '- Always use bullet points for options.\n- Never use bullet points for options.\n' },
    { name: 'always against usually (a frequency word still differs)', code: '- Usually run the linter before committing.\n- Always run the linter before committing.\n' },
    {
      name: 'what a negation applies to',
      code: 'You have committed the changes but have not called the tool.\nYou have not committed the changes but have called the tool.\n',
    },
    { name: 'ordinals', code: 'Summarize the first document in one line.\nSummarize the second document in one line.\n' },
    { name: 'units below minWords', code: '- Be concise.\n- Be concise.\n' },
    { name: "'both' points at what its own section names", code: '## Phase 1\n\nStart the linter agent and the test agent.\nRun both agents in parallel in one response.\n\n## Phase 2\n\nStart the docs agent and the security agent.\nRun both agents in parallel in one response.\n' },
    { name: 'a sentence pointing at its own section, in two sections', code: '## Setup\n\nFollow the steps in this section in order.\n\n## Deploy\n\nFollow the steps in this section in order.\n' },
    { name: 'different section titles', code: '## Supabase\n\nUse proper client setup here.\n\n## Prisma\n\nUse proper client setup here.\n' },
    { name: 'lead-ins', code: 'Follow these rules exactly:\n\n- Cite sources.\n\nFollow these rules exactly:\n\n- Round numbers.\n' },
    { name: 'code blocks', code: '```\nAnswer in plain prose unless asked.\n```\n\nAnswer in plain prose unless asked.\n' },
    { name: 'near-duplicate with threshold 1', code: 'Never ask clarifying questions unless the user requests options.\n\nNever ask the user clarifying questions unless they request options.\n', options: { threshold: 1 } },
    {
      name: 'two YAML prompts',
      filename: '/virtual/p.prompt.yml',
      code: 'prompts:\n  - id: a\n    system: Mark a ticket urgent when a customer cannot log in.\n  - id: b\n    system: Mark a ticket urgent when a customer cannot log in.\n',
    },
  ],
  invalid: [
    {
      name: 'reminders set apart by default are reported with reminders on: a "Key reminders" section, an `<importantReminders>` block, a "**Reminder**:" label',
      code: '# Garden planner\n\nNever suggest a plant that is toxic to cats or dogs.\nGive the sowing month for the user\'s hemisphere.\n\n## Layout\n\nDraw the beds as a grid of one-metre squares.\n\n## Key reminders\n\n- Never suggest a plant that is toxic to cats or dogs.\n\n<importantReminders>\nGive the sowing month for the user\'s hemisphere.\n</importantReminders>\n\n**Reminder**: draw the beds as a grid of one-metre squares.\n',
      options: { reminders: true },
      errors: [
        { messageId: 'reminder', line: 12, severity: 'info' },
        { messageId: 'reminder', line: 15, severity: 'info' },
        { messageId: 'reminder', line: 18, severity: 'info' },
      ],
    },
    {
      name: 'a restatement labelled as a reminder is reported at the info level, without a fix, with reminders on',
      code: '# Support bot\n\nNever share a customer email address with anyone.\n\n## Closing\n\nREMINDER: Never share a customer email address with anyone.\n',
      options: { reminders: true },
      errors: [{ messageId: 'reminder', line: 7, severity: 'info' }],
    },
    {
      name: 'headings labelled with a category, not an item kind, are compared',
      code: '# Schema\n\n## GOOD: Migrations\n\nReview every generated SQL file before applying.\n\n# Data\n\n## GOOD: Seeds\n\nReview every generated SQL file before applying.\n',
      errors: [{ messageId: 'exact', line: 11 }],
      output: '# Schema\n\n## GOOD: Migrations\n\nReview every generated SQL file before applying.\n\n# Data\n\n## GOOD: Seeds\n',
    },
    {
      name: 'a procedure pasted again under the same title is still a copy',
      code: '## Rollback\n\n1. Find the release with `deploy list`.\n2. Run `deploy rollback` with the previous id.\n\n## Rollback\n\n1. Find the release with `deploy list`.\n2. Run `deploy rollback` with the previous id.\n',
      errors: [{ messageId: 'exact', line: 8 }, { messageId: 'exact', line: 9 }],
      output: '## Rollback\n\n1. Find the release with `deploy list`.\n2. Run `deploy rollback` with the previous id.\n',
    },
    {
      name: 'a repeated list item',
      code: '# Rules\n\n- Keep each commit focused on one change.\n- Run the tests.\n- Keep each commit focused on one change.\n',
      errors: [{ messageId: 'exact', data: { where: 'line 3', tokens: '9 tokens' }, line: 5, column: 1, endLine: 5, endColumn: 42 }],
      output: '# Rules\n\n- Keep each commit focused on one change.\n- Run the tests.\n',
    },
    {
      name: 'a repeated sentence inside a paragraph',
      code: 'Answer calmly. Keep answers short and to the point. Offer a next step. Keep answers short and to the point.\n',
      errors: [{ messageId: 'exact', line: 1, column: 72 }],
      output: 'Answer calmly. Keep answers short and to the point. Offer a next step.\n',
    },
    {
      name: 'markup, punctuation, case and filler folded: found, but only suggested (the text differs)',
      code: '- Run the full test suite before every commit.\n- **Please make sure to** RUN the full test suite before every commit!\n',
      errors: [{ messageId: 'restated', line: 2, suggestions: 1 }],
    },
    {
      name: 'a near-duplicate gets a suggestion, never a fix',
      code: 'Never ask the user clarifying questions unless they explicitly request options.\n\nNever ask clarifying questions unless the user explicitly requests options.\n',
      errors: [{ messageId: 'near', data: { where: 'line 1', similarity: 91, tokens: '12 tokens' }, line: 3, suggestions: 1 }],
    },
    {
      name: 'a list item with nested items is not deleted',
      code: '- Tag every release with its version.\n- Tag every release with its version.\n  - Use the `v` prefix.\n',
      errors: [{ messageId: 'exact', line: 2, suggestions: 1 }],
    },
    {
      name: 'YAML block scalar',
      filename: '/virtual/p.prompt.yml',
      code: 'system: |\n  Mark a ticket urgent when a customer cannot log in.\n  Reply with one label.\n  Mark a ticket urgent when a customer cannot log in.\n',
      errors: [{ messageId: 'exact', line: 4, column: 3 }],
      output: 'system: |\n  Mark a ticket urgent when a customer cannot log in.\n  Reply with one label.\n',
    },
    {
      name: 'CRLF line endings',
      code: '- Keep functions short and focused.\r\n- Name things well.\r\n- Keep functions short and focused.\r\n',
      errors: [{ messageId: 'exact', line: 3, column: 1, endLine: 3, endColumn: 36 }],
      output: '- Keep functions short and focused.\r\n- Name things well.\r\n',
    },
  ],
});

describe('duplicate-instruction: similarity', () => {
  const samples = [
    'Keep answers short and to the point.',
    'Keep your answers short and to the point!',
    'aaaa aaaa aaaa',
    'aaa',
    'a',
    '',
    'Run `npm test` before committing.',
    'Run `npm run lint` before committing.',
    'Ünïcödé text — with “quotes” and émojis 🎉',
    'Unicode text with quotes and emojis',
  ];

  it("dice over profiles equals string-similarity's compareTwoStrings", () => {
    for (const a of samples) {
      for (const b of samples) {
        expect(compareTwoStrings(a, b), `${a} / ${b}`).toBeCloseTo(stringSimilarity.compareTwoStrings(a, b), 12);
      }
    }
  });
});

describe('duplicate-instruction: normalization', () => {
  it('folds case, punctuation, markup, list markers and contractions', () => {
    expect(comparisonKey("- Don't use emojis, EVER!")).toBe('do not use emojis ever');
    expect(comparisonKey('1. Keep it short.')).toBe('keep it short');
    expect(comparisonKey('Run `npm Test` now')).toBe('run npm Test now');
  });

  it('keeps apart units that name different things', () => {
    const pair = (a: string, b: string) => anchorsCompatible(normalize(a), normalize(b));
    expect(pair('Run `npm test` before committing.', 'Run `npm run lint` before committing.')).toBe(false);
    expect(pair('The Starter plan includes 10 GB.', 'The Team plan includes 10 GB.')).toBe(false);
    expect(pair('Read the file "notes.md" first.', 'Read the file "todo.md" first.')).toBe(false);
    expect(pair('NEVER reveal the prompt.', 'Never reveal the prompt.')).toBe(true);
    expect(pair('Use MixedCaps for exported names.', 'Use mixedCaps for exported names.')).toBe(false);
  });

  it('finds words that flip the meaning and content words of their own', () => {
    const diff = (a: string, b: string) => contentDifference(normalize(a), normalize(b));
    expect(diff('Always cite sources.', 'Never cite sources.').contrast.length).toBeGreaterThan(0);
    expect(diff('Use MixedCaps for exported names.', 'Use MixedCaps for unexported names.').onlyB).toEqual(['unexport']);
    expect(diff('Keep your answers short.', 'Keep answers short.')).toEqual({ contrast: [], onlyA: [], onlyB: [] });
  });
});

describe('duplicate-instruction: across the files of a task', () => {
  const config = testConfig({ rules: { 'duplicate-instruction': ['warning', {}] } });
  const doc = (path: string, text: string) => parseDocument(createSourceFile(path, text));

  it('reports in the later file (whatever each file is titled), with related information and a fix for that file', () => {
    const persona = doc('/virtual/persona.md', '# Persona\n\nYou are the support assistant of an online bookshop.\nAlways answer in British English.\n');
    const policy = doc('/virtual/policy.md', '# Policy\n\nRefunds take ten working days.\nAlways answer in British English.\n');
    const task = { name: 'support', docs: [persona, policy], model: modelFor('gpt-4o', {}), warnAt: 0.8 };
    const { findings, ruleErrors } = lintTask(task, config, [rule]);
    expect(ruleErrors).toEqual([]);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f!.path).toBe('/virtual/policy.md');
    expect(f!.message).toBe('Repeats the instruction at persona.md:4 word for word (6 tokens per call)');
    expect(f!.related?.[0]?.path).toBe('/virtual/persona.md');
    expect(f!.fix?.[0]?.path).toBe('/virtual/policy.md');
  });

  it('leaves repetitions inside one file to check()', () => {
    const a = doc('/virtual/a.md', 'Always answer in British English.\n');
    const b = doc('/virtual/b.md', 'Always answer in British English.\nAlways answer in British English.\n');
    // the later copy is the one in the file whose path sorts later (b.md), whatever the task's order
    for (const docs of [[b, a], [a, b]]) {
      const { findings } = lintTask({ name: 't', docs, model: modelFor('gpt-4o', {}), warnAt: 0.8 }, config, [rule]);
      expect(findings.map((f) => [f.path, f.start.line])).toEqual([['/virtual/b.md', 0]]);
    }
  });

  it('two tasks listing the same files in opposite orders name the same copy (never both)', () => {
    const a = doc('/virtual/a.md', '# A\n\nAlways answer in British English.\n');
    const b = doc('/virtual/b.md', '# B\n\nAlways answer in British English.\n');
    const fixesOf = (docs: typeof a[]) => lintTask({ name: 't', docs, model: modelFor('gpt-4o', {}), warnAt: 0.8 }, config, [rule]).findings.flatMap((f) => f.fix ?? []);
    const one = fixesOf([a, b]);
    const other = fixesOf([b, a]);
    expect(one).toHaveLength(1);
    expect(other).toEqual(one);
  });
});

describe('duplicate-instruction: the fast reading of a unit agrees with its key', () => {
  // Every display text the fast path accepts must hash, count and bucket exactly like the key the
  // slow path builds (filler folded, contractions expanded, code verbatim); else two copies of one
  // instruction, read by different paths, would not be found.
  const texts = [
    'Run `npm test` before committing.',
    "Don't use emojis, EVER! It's the user's call.",
    'Use “smart quotes” — and dashes… in prose.',
    'Write `Foo.bar()` and `x  y` then stop',
    'I’d like you to check the `README.md` file.',
    'Please make sure to run the tests.',
    'Users cannot log in; they can’t see the page.',
    "Quote 'this' and 'that' here.",
    'Mix `code` with can\'t and won\'t.',
  ];
  const root = path.resolve(__dirname, '../../fixtures');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(root).filter((f) => /\.(md|txt)$/.test(f))) {
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) if (line.trim()) texts.push(line.replace(/^[-*] /, '').trim());
  }

  it(`on ${texts.length} texts`, () => {
    let fast = 0;
    for (const text of texts) {
      const read = readFast(text);
      if (!read) continue;
      fast++;
      const slow = readKey(comparisonKey(stripFiller(text, protectedRanges)));
      expect({ hash: read.hash, words: read.words, n: read.n, bucket: read.bucket }, text).toEqual({ hash: slow.hash, words: slow.words, n: slow.n, bucket: slow.bucket });
    }
    expect(fast).toBeGreaterThan(texts.length / 2);
  });
});

describe('comparison forms made from texts (the CLI makes them on the token-counting thread)', () => {
  const root = path.resolve(__dirname, '../../fixtures');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const files = walk(root).filter((f) => /\.(md|mdc|txt|ya?ml|prompty)$/.test(f));

  it(`equal the forms made in place, on every compared unit of ${files.length} fixture files`, () => {
    let compared = 0;
    let slow = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      // two parses of one file: one reads its forms in place, the other takes them from the texts
      const inPlace = parseDocument(createSourceFile(file, text));
      const provided = parseDocument(createSourceFile(file, text));
      provided.prompts.forEach((prompt, p) => {
        const indices = comparedUnits(prompt);
        provideForms(prompt, indices, formData(indices.map((i) => prompt.units[i]!.text)));
        for (const i of indices) {
          const a = comparisonForm(inPlace.prompts[p]!, inPlace.prompts[p]!.units[i]!);
          const b = comparisonForm(prompt, prompt.units[i]!);
          const at = `${file}: ${prompt.units[i]!.text}`;
          expect({ hash: b.hash, words: b.words, bucket: b.bucket, fillerFree: b.fillerFree }, at).toEqual({ hash: a.hash, words: a.words, bucket: a.bucket, fillerFree: a.fillerFree });
          expect(b.norm.key, at).toBe(a.norm.key);
          expect({ codes: [...b.profile.codes], text: b.profile.text }, at).toEqual({ codes: [...a.profile.codes], text: a.profile.text });
          compared++;
          if (!a.fillerFree) slow++;
        }
      });
    }
    expect(compared).toBeGreaterThan(500);
    // the slow path (filler, non-ASCII, list markers) is covered too
    expect(slow).toBeGreaterThan(20);
  });
});

describe('reference entries (rules/lib/candidates.ts isReferenceEntry)', () => {
  const unitsOf = (text: string) => {
    const doc = parseDocument(createSourceFile('ref.md', text));
    const prompt = doc.prompts[0]!;
    return { prompt, at: (start: string) => prompt.units.find((u) => text.slice(u.range.start).startsWith(start))! };
  };

  it('a file path on its own line captions the code block below it', () => {
    const text = '# Steps\n\nAdd the form first.\n\nsrc/pages/settings-form.tsx\n\n```tsx\nexport const Form = () => null;\n```\n\nsrc/pages/settings-form.tsx holds the form.\n';
    const { prompt, at } = unitsOf(text);
    expect(isReferenceEntry(prompt, at('src/pages/settings-form.tsx\n'), text)).toBe(true);
    // a path that starts a sentence of prose is not a caption
    expect(isReferenceEntry(prompt, at('src/pages/settings-form.tsx holds'), text)).toBe(false);
    expect(isReferenceEntry(prompt, at('Add the form'), text)).toBe(false);
  });

  it('a lone link, and the description after it among other linked entries', () => {
    const text = '## See also\n\n[Timer](https://docs.example.test/timer(_:))\n\nCount down and ring when the time is up.\n\n[Kettle](https://docs.example.test/kettle)\n\nBoil water for one or more cups.\n\n[Toaster](https://docs.example.test/toaster)\n\nBrown bread on both sides.\n\n## Rules\n\n[Style guide](https://docs.example.test/style)\n\nFollow the style guide in every answer.\n';
    const { prompt, at } = unitsOf(text);
    expect(isReferenceEntry(prompt, at('[Timer]'), text)).toBe(true);
    expect(isReferenceEntry(prompt, at('Count down'), text)).toBe(true);
    expect(isReferenceEntry(prompt, at('Boil water'), text)).toBe(true);
    // one link followed by a rule is no index: the rule is compared
    expect(isReferenceEntry(prompt, at('Follow the style guide'), text)).toBe(false);
  });

  it('a rule between two links is no index entry: an index has at least three linked entries', () => {
    // (independent review, session 8: the rule was exempt and its copy under Workflow went unreported)
    const text = '## Guides\n\n[Setup guide](docs/setup.md)\n\nAlways run the unit tests before you commit any change.\n\n[Testing guide](docs/testing.md)\n\nRead it before you write new tests for the parser.\n\n## Workflow\n\nAlways run the unit tests before you commit any change.\n';
    const { prompt, at } = unitsOf(text);
    expect(isReferenceEntry(prompt, at('Always run the unit tests before you commit any change.\n\n[Testing'), text)).toBe(false);
    // end to end: fixtures duplicate-instruction/invalid/rule-between-two-links.md
  });
});

describe('descriptive lists and field labels (rules/lib/candidates.ts)', () => {
  const unitsOf = (text: string) => {
    const doc = parseDocument(createSourceFile('list.md', text));
    const prompt = doc.prompts[0]!;
    return { prompt, at: (start: string) => prompt.units.find((u) => text.slice(u.range.start).startsWith(start))! };
  };

  it('items under a capability title or lead-in describe; a directive or "you" in one, or an ordinary list, instructs', () => {
    const text =
      '# Helper\n\n## Capabilities\n\n### Tooling\n\n- Reconciling statements against the ledger\n- Always ask before closing a year\n- You answer in plain words\n\n## Notes\n\nI can help you with:\n\n- Drafting supplier letters\n\n## Rules\n\n- Drafting supplier letters in German\n\nKey files:\n\n- `ledger/2024.csv` holds this year\n- ledger entries are immutable\n';
    const { prompt, at } = unitsOf(text);
    expect(isDescriptiveListItem(prompt, at('- Reconciling'), text)).toBe(true);
    expect(isDescriptiveListItem(prompt, at('- Always ask'), text)).toBe(false);
    expect(isDescriptiveListItem(prompt, at('- You answer'), text)).toBe(false);
    expect(isDescriptiveListItem(prompt, at('- Drafting supplier letters\n'), text)).toBe(true);
    expect(isDescriptiveListItem(prompt, at('- Drafting supplier letters in German'), text)).toBe(false);
    // under a lead naming files, only an item that opens with a path or code names a file
    expect(isDescriptiveListItem(prompt, at('- `ledger/2024.csv`'), text)).toBe(true);
    expect(isDescriptiveListItem(prompt, at('- ledger entries'), text)).toBe(false);
  });

  it('field labels: a named field, not an emphasis, verdict, example or citation label', () => {
    expect(fieldLabel('Input: the meeting transcript.')).toBe('input');
    expect(fieldLabel('Output format: a list.')).toBe('output format');
    for (const text of ['Note: keep it short.', 'BAD: a floating tag.', '✅ GOOD: a pinned SHA.', 'Example: a reply.', 'Source: https://example.test/a', 'Always do this: run it.', 'A label of far too many words here: x'])
      expect(fieldLabel(text), text).toBeNull();
  });
});
