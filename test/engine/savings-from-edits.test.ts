/**
 * Tokens saved are the engine's: a rule reports a finding with its edits, and the engine measures
 * what they save on the prompt as sent (decoded, for a YAML string), writes them for YAML strings,
 * fills the `{{saved}}` its message quotes and counts a fix shared by several findings once.
 *
 * The expected savings are counted here independently of prompt-lint's code: the fix each finding
 * reports is applied to the file, the prompt text is taken before and after (the Markdown file as
 * written; the YAML string decoded by the `yaml` package), and both are counted with gpt-tokenizer's
 * o200k_base (the encoding of the default model, gpt-4o).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { parse as parseYaml } from 'yaml';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { cli, tempTree } from '../helpers/cli.js';
import { TestClient, makeWorkspace } from '../lsp/helpers/client.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import type { Rule } from '../../server/src/engine/types.js';
import { testConfig } from '../helpers/config.js';

const count = (text: string) => encode(text).length;

const MARKDOWN = [
  '# Deploy',
  '',
  'Please make sure to run the full test suite before you push.',
  'Keep commits small and focused on one change.',
  '',
  '- Run the linter on every changed file before committing.',
  '- Write a short summary of the change in the pull request.',
  '- Run the linter on every changed file before committing.',
  '',
].join('\n');

// a double-quoted string with escapes (a tab, line breaks) and a literal block: the model reads
// them decoded, and that is what the savings are counted on
const YAML = [
  'prompts:',
  '  - system: "You review code.\\tIn order to help, please make sure to read the diff first.\\nNever invent line numbers in a review.\\nNever invent line numbers in a review.\\n"',
  '  - system: |',
  '      You summarize issues for a triage meeting.',
  '      In order to save time, keep each summary short.',
  '      Always cite the issue number in every summary.',
  '      Always cite the issue number in every summary.',
  '',
].join('\n');

interface JsonMessage {
  ruleId: string;
  message: string;
  line: number;
  fix?: { range: [number, number]; text: string };
  tokensSaved?: number;
}

const applied = (text: string, fix: { range: [number, number]; text: string }) => text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
const tokens = (n: number) => `${n} token${n === 1 ? '' : 's'}`;

/** The strings of `prompts[*].system` as a YAML parser decodes them. */
const systemPrompts = (yamlText: string) => (parseYaml(yamlText) as { prompts: { system: string }[] }).prompts.map((p) => p.system);

function lint(files: Record<string, string>, ...args: string[]): { dir: string; reports: { filePath: string; messages: JsonMessage[] }[] } {
  const dir = tempTree(files);
  const r = cli(['--format', 'json', ...args, ...Object.keys(files)], { cwd: dir });
  expect(r.stderr).toBe('');
  return { dir, reports: JSON.parse(r.stdout) };
}

describe('savings measured by the engine from the edits (CLI, gpt-tokenizer as the oracle)', () => {
  it('Markdown: each fix saves exactly what applying it removes from the prompt, and the message quotes it', () => {
    const { reports } = lint({ 'a.md': MARKDOWN });
    const messages = reports[0]!.messages;
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['filler-phrase', 3],
      ['duplicate-instruction', 8],
    ]);
    // what the fixes do, checked by hand: "Please make sure to run" → "Run"; the second linter line goes
    expect(applied(MARKDOWN, messages[0]!.fix!)).toContain('\nRun the full test suite before you push.\n');
    expect(applied(MARKDOWN, messages[1]!.fix!)).toBe(MARKDOWN.slice(0, MARKDOWN.lastIndexOf('- Run the linter')));
    for (const m of messages) {
      const expected = count(MARKDOWN) - count(applied(MARKDOWN, m.fix!));
      expect(expected).toBeGreaterThan(0);
      expect(m.tokensSaved, m.message).toBe(expected);
      expect(m.message).toContain(tokens(expected));
    }
  });

  it('YAML: savings are counted on the decoded strings, not on the escaped source', () => {
    const { reports } = lint({ 'p.yaml': YAML });
    const messages = reports[0]!.messages;
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['filler-phrase', 2],
      ['filler-phrase', 2],
      ['duplicate-instruction', 2],
      ['filler-phrase', 5],
      ['duplicate-instruction', 7],
    ]);
    const before = systemPrompts(YAML);
    expect(before[0]).toContain('code.\tIn order to help');
    for (const m of messages) {
      const after = systemPrompts(applied(YAML, m.fix!));
      const i = m.line <= 2 ? 0 : 1;
      // the fix changes only its own string
      expect(after[1 - i]).toBe(before[1 - i]);
      const expected = count(before[i]!) - count(after[i]!);
      expect(expected).toBeGreaterThan(0);
      expect(m.tokensSaved, m.message).toBe(expected);
      expect(m.message).toContain(tokens(expected));
    }
    // the duplicate in the quoted string is removed from the decoded text, escapes and all
    expect(systemPrompts(applied(YAML, messages[2]!.fix!))[0]).toBe('You review code.\tIn order to help, please make sure to read the diff first.\nNever invent line numbers in a review.\n');
  });

  it('the stylish summary adds up the fixes one pass applies, and --fix removes exactly that many tokens', () => {
    const files = { 'a.md': MARKDOWN, 'p.yaml': YAML };
    const { reports } = lint(files);
    const saved = (file: string) => reports.find((r) => r.filePath.endsWith(file))!.messages.reduce((s, m) => s + (m.tokensSaved ?? 0), 0);
    const dir = tempTree(files);
    const stylish = cli(Object.keys(files), { cwd: dir }).stdout;
    expect(stylish).toContain(`The fixes would save ${saved('a.md') + saved('p.yaml')} tokens per call:`);
    expect(stylish).toContain(`a.md: ${saved('a.md')} tokens`);
    expect(stylish).toContain(`p.yaml: ${saved('p.yaml')} tokens`);
    // the fixes do not overlap, so one pass applies them all and the prompt loses their sum
    const fixed = JSON.parse(cli(['--fix-dry-run', '--format', 'json', ...Object.keys(files)], { cwd: dir }).stdout) as { filePath: string; output: string }[];
    const out = (file: string) => fixed.find((r) => r.filePath.endsWith(file))!.output;
    expect(count(MARKDOWN) - count(out('a.md'))).toBe(saved('a.md'));
    const [b0, b1] = systemPrompts(YAML);
    const [a0, a1] = systemPrompts(out('p.yaml'));
    expect(count(b0!) + count(b1!) - count(a0!) - count(a1!)).toBe(saved('p.yaml'));
  });
});

describe('savings, YAML writing and {{saved}} are the engine\'s for any rule', () => {
  // A rule that only says what to change: it counts nothing and knows nothing of YAML.
  const dropWord: Rule = {
    meta: {
      id: 'drop-word',
      description: 'test rule',
      tags: [],
      defaultSeverity: 'warning',
      fixable: true,
      hasSuggestions: true,
      schema: { type: 'object' },
      defaultOptions: {},
      messages: { drop: '`{{word}}` costs {{saved}}', alt: 'Drop it' },
    },
    check(doc, ctx) {
      for (const prompt of doc.prompts) {
        const text = doc.file.text;
        for (let at = text.indexOf('truly', prompt.range.start); at !== -1 && at < prompt.range.end; at = text.indexOf('truly', at + 1)) {
          const edit = { range: { start: at, end: at + 6 }, text: '' };
          // the same fix twice: its saving counts once
          for (let k = 0; k < 2; k++) ctx.report({ messageId: 'drop', data: { word: 'truly' }, range: { start: at, end: at + 5 }, fix: [edit], suggest: [{ messageId: 'alt', edits: [edit] }] });
        }
      }
    },
  };

  it('fills tokensSaved and {{saved}} from the fix, once per shared fix, and writes it for a YAML literal block', () => {
    const source = 'system: |\n  Be truly brief.\n  Say truly nothing\n    twice.\n';
    const doc = parseDocument(createSourceFile('/t.yaml', source));
    const { findings, ruleErrors } = lintDocument(doc, testConfig(), [dropWord]);
    expect(ruleErrors).toEqual([]);
    expect(findings).toHaveLength(4);
    const decoded = (parseYaml(source) as { system: string }).system;
    expect(decoded).toBe('Be truly brief.\nSay truly nothing\n  twice.\n');
    const first = count(decoded) - count(decoded.replace('truly ', ''));
    expect(first).toBeGreaterThan(0);
    expect(findings.map((f) => f.tokensSaved)).toEqual([first, 0, count(decoded) - count('Be truly brief.\nSay nothing\n  twice.\n'), 0]);
    expect(findings[0]!.message).toBe(`\`truly\` costs ${tokens(first)}`);
    // each fix, applied to the file, removes its own "truly " from the decoded string
    const without = [decoded.replace('truly ', ''), 'Be truly brief.\nSay nothing\n  twice.\n'];
    findings.forEach((f, i) => {
      const edit = f.fix![0]!;
      expect((parseYaml(applied(source, { range: [edit.range.start, edit.range.end], text: edit.text })) as { system: string }).system).toBe(without[i >> 1]);
      expect(f.suggest![0]!.edits).toEqual(f.fix);
    });
  });
});

describe('the savings in the editor: diagnostics and the quick fix quote what the engine measured', () => {
  const clients: TestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
  });

  it('a real client over stdio', async () => {
    const client = await TestClient.start({ root: makeWorkspace({ 'prompts/a.md': MARKDOWN }) });
    clients.push(client);
    const uri = await client.open('prompts/a.md');
    // a generous wait: the machine may be loaded (this bounds a hang, it measures nothing)
    const diagnostics = await client.current(uri, (d) => d.length >= 2, 60_000);
    const byRule = (id: string) => diagnostics.find((d: Diagnostic) => d.code === id)!;
    const filler = count(MARKDOWN) - count(MARKDOWN.replace('Please make sure to run', 'Run'));
    const duplicate = count(MARKDOWN) - count(MARKDOWN.slice(0, MARKDOWN.lastIndexOf('- Run the linter')));
    expect(byRule('filler-phrase').message).toBe(`\`Please make sure to\` says nothing: removing it saves ${tokens(filler)} per call`);
    expect(byRule('duplicate-instruction').message).toBe(`Repeats the instruction at line 6 word for word (${tokens(duplicate)} per call)`);
    const d = byRule('duplicate-instruction');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    expect(actions.find((a) => a.isPreferred)?.title).toBe(`Fix: Repeats the instruction at line 6 word for word (${tokens(duplicate)} per call)`);
  }, 90_000);
});
