import { describe, expect, it } from 'vitest';
import rule from '../../rules/filler-phrase.js';
import data from '../../rules/data/filler-phrases.json' with { type: 'json' };
import { FILLER_ENTRIES, FillerMatcher, stripFiller } from '../../rules/lib/filler.js';
import { runRuleTests } from '../helpers/rule-tester.js';
import duplicateInstruction from '../../rules/duplicate-instruction.js';
import { applyEdits, selectCompatibleFixes } from '../../server/src/engine/edits.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';

runRuleTests(rule, {
  valid: [
    'Run the tests before you push.',
    { name: 'quoted phrase', code: 'Never start an answer with "As an AI language model, I cannot".\n' },
    { name: 'inline code', code: 'Use `make sure to` only in the checklist template.\n' },
    { name: 'code block', code: '```\nPlease make sure to run the tests.\n```\n' },
    { name: 'block quote', code: '> I want you to act as a travel agent.\n' },
    { name: 'transcript', code: '## Examples\n\nUser: I want you to act as a travel agent.\n' },
    { name: 'not at a clause start', code: 'Explain what I want you to do before you do it.\n' },
    { name: 'after an auxiliary', code: 'You do not have the ability to browse the web.\n' },
    { name: 'make sure that', code: 'Make sure that the tests pass before you push.\n' },
    { name: 'in order of', code: 'Sort the items in order of priority.\n' },
    // the author's priority marker, not filler: deleting it drops the emphasis they meant
    { name: 'it is critical that you', code: 'It is critical that you mark each task done as soon as it is finished.\n' },
    { name: 'the phrase governs a second clause', code: 'Make sure to run the setup tool first and that every missing file is created.\n' },
    { name: 'ignored phrase', code: 'Check the dashboard prior to the release.\n', options: { ignore: ['prior to'] } },
  ],
  invalid: [
    {
      name: 'removal at a sentence start capitalizes the next word',
      code: 'Please make sure to explain each step.\n',
      errors: [{ messageId: 'remove', data: { phrase: 'Please make sure to', tokens: '4 tokens' }, line: 1, column: 1, endLine: 1, endColumn: 20 }],
      output: 'Explain each step.\n',
    },
    {
      name: 'removal mid-sentence keeps the case',
      code: '- Always make sure to run the linter.\n',
      errors: [{ messageId: 'remove', line: 1, column: 10 }],
      output: '- Always run the linter.\n',
    },
    {
      name: 'replacement keeps the phrase capitalization',
      code: 'In order to deploy, run the script. Tag the release in order to build it. IN ORDER TO SAVE TIME, REUSE IMAGES.\n',
      errors: [
        { messageId: 'replace', data: { phrase: 'In order to', replacement: 'To', tokens: '2 tokens' } },
        { messageId: 'replace', data: { phrase: 'in order to', replacement: 'to' } },
        { messageId: 'replace', data: { phrase: 'IN ORDER TO', replacement: 'TO' } },
      ],
      output: 'To deploy, run the script. Tag the release to build it. TO SAVE TIME, REUSE IMAGES.\n',
    },
    {
      name: 'clause-start phrases after a comma',
      code: 'Hello, I want you to act as a tutor.\n',
      errors: [{ messageId: 'remove', line: 1, column: 8 }],
      output: 'Hello, act as a tutor.\n',
    },
    {
      name: 'a phrase across a line break',
      code: 'Use short paragraphs in order\nto keep answers readable.\n',
      errors: [{ messageId: 'replace', line: 1, column: 22, endLine: 2, endColumn: 3 }],
      output: 'Use short paragraphs to keep answers readable.\n',
    },
    {
      name: 'configured phrase',
      code: 'Kindly keep every answer short.\n',
      options: { phrases: { kindly: '' } },
      errors: [{ messageId: 'remove', data: { phrase: 'Kindly', tokens: '2 tokens' } }],
      output: 'Keep every answer short.\n',
    },
    {
      name: 'YAML prompt',
      filename: '/virtual/p.prompt.yml',
      code: 'system: |\n  I want you to act as a patient tutor.\n',
      errors: [{ messageId: 'remove', line: 2, column: 3 }],
      output: 'system: |\n  Act as a patient tutor.\n',
    },
    {
      name: 'a repetition of another unit is reported too (the engine settles overlapping fixes)',
      code: '- Run the tests before a review.\n- Please make sure to run the tests before a review.\n',
      errors: [{ messageId: 'remove', line: 2, column: 3 }],
      output: '- Run the tests before a review.\n- Run the tests before a review.\n',
    },
    {
      name: 'CRLF line endings',
      code: 'Please make sure to cite sources.\r\nUse short paragraphs in order to stay readable.\r\n',
      errors: [
        { messageId: 'remove', line: 1, column: 1 },
        { messageId: 'replace', line: 2, column: 22 },
      ],
      output: 'Cite sources.\r\nUse short paragraphs to stay readable.\r\n',
    },
  ],
});

describe('filler-phrase: the phrase list', () => {
  it('every entry has a replacement, a note and valid fields', () => {
    for (const [phrase, value] of Object.entries(data)) {
      if (phrase.startsWith('$')) continue;
      const entry = value as Record<string, unknown>;
      expect(typeof entry.replacement, phrase).toBe('string');
      expect(typeof entry.note === 'string' && entry.note.length > 10, phrase).toBe(true);
      expect(Object.keys(entry).every((k) => ['replacement', 'note', 'at', 'notAfter'].includes(k)), phrase).toBe(true);
      if (entry.at !== undefined) expect(['clause-start', 'mid']).toContain(entry.at);
    }
    expect(FILLER_ENTRIES.length).toBeGreaterThan(30);
  });

  it('finds every phrase, and the cheap pre-check never rejects a text that matches', () => {
    const matcher = new FillerMatcher();
    for (const e of FILLER_ENTRIES) {
      const tail = e.phrase.endsWith(',') ? ' keep going.' : ' keep going.';
      const text = `${e.phrase.charAt(0).toUpperCase()}${e.phrase.slice(1)}${tail}`;
      const mid = `Also, ${e.phrase}${tail}`;
      const found = [text, mid].some((t) => matcher.find(t).length > 0);
      expect(found, e.phrase).toBe(true);
      for (const t of [text, mid, text.toUpperCase(), text.replace(/ /g, '\n  ')]) {
        if (matcher.find(t).length) expect(matcher.mayMatch(t), t).toBe(true);
      }
    }
  });

  it('stripFiller applies the rewrites', () => {
    expect(stripFiller('Please make sure to run the tests.', [])).toBe('Run the tests.');
    expect(stripFiller('Say "in order to" here.', [{ start: 4, end: 17 }])).toBe('Say "in order to" here.');
  });
});

describe('filler-phrase beside duplicate-instruction: neither reads the other\'s settings', () => {
  const code = 'Run the full test suite first.\n\nPlease make sure to run the full test suite first.\n';
  const lint = (text: string, dup: 'off' | 'warning', minWords = 4) =>
    lintDocument(parseDocument(createSourceFile('/virtual/prompt.md', text)), testConfig({ rules: { 'duplicate-instruction': [dup, { minWords }], 'filler-phrase': ['warning', {}] } }), [duplicateInstruction, rule]).findings;

  it('with duplicate-instruction off, or with its minWords above the unit, the filler is still reported', () => {
    for (const findings of [lint(code, 'off'), lint(code, 'warning', 20)]) {
      expect(findings.map((f) => [f.ruleId, f.start.line])).toEqual([['filler-phrase', 2]]);
    }
  });

  it('with both on, both report, and fixing until stable leaves one copy', () => {
    expect(lint(code, 'warning').map((f) => f.ruleId).sort()).toEqual(['duplicate-instruction', 'filler-phrase']);
    let text = code;
    for (let pass = 0; pass < 5; pass++) {
      const fixes = lint(text, 'warning').filter((f) => f.fix?.length).map((f) => f.fix!);
      if (!fixes.length) break;
      text = applyEdits(text, selectCompatibleFixes(fixes)).text;
    }
    expect(text).toBe('Run the full test suite first.\n');
  });
});
