/**
 * The server's lint service and disable comments, in process: a rule that throws is reported once
 * and skipped while the other rules still report; the disable edits the code actions insert do
 * suppress the finding in Markdown (body, frontmatter, block quotes), YAML and multi-line YAML strings.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { applyEdits } from '../../server/src/engine/edits.js';
import type { Rule } from '../../server/src/engine/types.js';
import { disableForFile, disableForLine } from '../../server/src/lsp/comment-syntax.js';
import { locate, viewOf } from '../../server/src/lsp/doc-view.js';
import { LintService } from '../../server/src/lsp/linting.js';
import { normalizeSettings } from '../../server/src/lsp/settings.js';
import { minimalEdit } from '../../server/src/lsp/code-actions.js';
import { makeWorkspace } from './helpers/client.js';

/** Reports every `FLAG` in the file. */
const flagRule: Rule = {
  meta: {
    id: 'flag-word',
    description: 'Test rule: reports FLAG',
    tags: [],
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: false,
    schema: { type: 'object', additionalProperties: false },
    defaultOptions: {},
    messages: { flag: 'Unexpected `FLAG`' },
  },
  check(doc, ctx) {
    const text = doc.file.text;
    for (let i = text.indexOf('FLAG'); i !== -1; i = text.indexOf('FLAG', i + 1)) ctx.report({ messageId: 'flag', range: { start: i, end: i + 4 } });
  },
};

const throwingRule: Rule = {
  meta: { ...flagRule.meta, id: 'always-throws', description: 'Test rule: throws', messages: { never: 'never' } },
  check() {
    throw new Error('boom');
  },
};

const settings = normalizeSettings({ validate: 'all' });

describe('LintService', () => {
  it('logs a throwing rule once, skips it, and keeps the other rules findings', async () => {
    const root = makeWorkspace({});
    const service = new LintService({ rootFor: () => root, rules: [throwingRule, flagRule] });
    const doc = { uri: 'file:///x', path: path.join(root, 'prompts/a.md'), version: 1, text: '# A\n\nSay FLAG once.\n' };
    const first = await service.lint({ doc, settings, generation: 0 });
    expect(first.newRuleErrors).toEqual([expect.stringContaining('rule always-throws failed: boom')]);
    expect(first.findings).toEqual([[doc.path, [expect.objectContaining({ ruleId: 'flag-word', start: { line: 2, character: 4 } })]]]);
    const second = await service.lint({ doc: { ...doc, version: 2, text: `${doc.text}FLAG\n` }, settings, generation: 0 });
    expect(second.newRuleErrors).toEqual([]);
    expect(second.findings[0]![1]).toHaveLength(2);
    expect(second.result.status).toBe('linted');
  });

  it('keeps one result per open document and forgets it on close', async () => {
    const root = makeWorkspace({});
    const service = new LintService({ rootFor: () => root, rules: [flagRule] });
    const p = path.join(root, 'prompts/a.md');
    for (let v = 1; v <= 50; v++) await service.lint({ doc: { uri: 'file:///a', path: p, version: v, text: `FLAG ${v}\n` }, settings, generation: 0 });
    expect(service.resultCount).toBe(1);
    expect(service.close('file:///a', p)).toEqual([[p, []]]);
    expect(service.resultCount).toBe(0);
  });

  it('token views parse and count without running rules, keeping nothing; lint results name the whole-file rules', async () => {
    const root = makeWorkspace({});
    const budgetRule: Rule = { meta: { ...flagRule.meta, id: 'some-budget', tags: ['budget', 'cost'] } };
    const service = new LintService({ rootFor: () => root, rules: [throwingRule, flagRule, budgetRule] });
    const doc = { uri: 'file:///v', path: path.join(root, 'prompts/v.md'), version: 3, text: '# Title\n\nSay FLAG.\n\n## Part\n\nMore text here.\n' };
    const view = await service.tokenView({ doc, settings, generation: 0 });
    expect(view).toMatchObject({ uri: doc.uri, version: 3, status: 'linted', taskErrors: [], wholeFileRules: ['some-budget'] });
    expect(view.view!.prompts[0]!.sections.map((s) => s.title)).toEqual(['', 'Title', 'Part']);
    expect(view.tokens!.prompts[0]!.sections.map((s) => s.title)).toEqual(['', 'Title', 'Part']);
    expect(view.tokens!.tokens).toBeGreaterThan(5);
    expect(service.resultCount).toBe(0);
    // the throwing rule never ran: its failure is new to the first lint
    const lint = await service.lint({ doc, settings, generation: 0 });
    expect(lint.newRuleErrors).toEqual([expect.stringContaining('always-throws')]);
    expect(lint.result.tokens).toEqual(view.tokens);
    expect(lint.result.view).toEqual(view.view);
    expect(lint.result.wholeFileRules).toEqual(['some-budget']);
    // not a prompt file: said so, as lint says it
    const ignored = await service.tokenView({ doc: { ...doc, path: path.join(root, 'notes.md') }, settings: normalizeSettings({}), generation: 0 });
    expect(ignored).toMatchObject({ status: 'ignored', message: expect.stringContaining('include') });
    expect(ignored.tokens).toBeUndefined();
  });
});

/** Lints `text` as `name` with the flag rule, applies the disable edit for the first finding, lints again. */
function disableRoundTrip(name: string, text: string, scope: 'line' | 'file') {
  const root = makeWorkspace({});
  const engine = new Engine({ cwd: root, rules: [flagRule] });
  const file = path.join(root, name);
  const loaded = engine.loadText(file, text);
  if (!loaded.ok) throw new Error(loaded.reason);
  const before = engine.lintLoaded(loaded, false).findings;
  expect(before.length).toBeGreaterThan(0);
  const doc = locate(viewOf(loaded.doc), text);
  const result = scope === 'line' ? disableForLine(doc, 'flag-word', before[0]!.range.start) : { edits: disableForFile(doc, 'flag-word'), scope: 'file' };
  const output = applyEdits(text, result.edits).text;
  const after = engine.lintLoaded(engine.loadText(file, output) as Extract<ReturnType<Engine['loadText']>, { ok: true }>, false).findings;
  return { before, after, output, scope: result.scope };
}

describe('disable comments', () => {
  it('Markdown: disable-next-line with the line indentation, suppressing only that line', () => {
    const r = disableRoundTrip('a.md', '# A\n\n- one FLAG\n  - two FLAG\n', 'line');
    expect(r.output).toBe('# A\n\n<!-- prompt-lint-disable-next-line flag-word -->\n- one FLAG\n  - two FLAG\n');
    expect(r.after.map((f) => f.start.line)).toEqual([4]);
  });

  it('Markdown: inside a block quote the comment keeps the quote marker', () => {
    const r = disableRoundTrip('a.md', '# A\n\n> quoted FLAG\n', 'line');
    expect(r.output).toBe('# A\n\n> <!-- prompt-lint-disable-next-line flag-word -->\n> quoted FLAG\n');
    expect(r.after).toEqual([]);
  });

  it('Markdown: adds the rule to an existing disable-next-line comment', () => {
    const r = disableRoundTrip('a.md', '# A\n\n<!-- prompt-lint-disable-next-line other-rule -->\nSay FLAG.\n', 'line');
    expect(r.output).toBe('# A\n\n<!-- prompt-lint-disable-next-line other-rule flag-word -->\nSay FLAG.\n');
    expect(r.after).toEqual([]);
  });

  it('Markdown with CRLF: the inserted line keeps the file line ending', () => {
    const r = disableRoundTrip('a.md', '# A\r\n\r\nSay FLAG.\r\n', 'line');
    expect(r.output).toBe('# A\r\n\r\n<!-- prompt-lint-disable-next-line flag-word -->\r\nSay FLAG.\r\n');
    expect(r.after).toEqual([]);
  });

  it('Markdown: disable-file goes after the frontmatter', () => {
    const r = disableRoundTrip('a.md', '---\ntitle: x\n---\n# A\n\nSay FLAG.\n', 'file');
    expect(r.output).toBe('---\ntitle: x\n---\n<!-- prompt-lint-disable-file flag-word -->\n# A\n\nSay FLAG.\n');
    expect(r.after).toEqual([]);
  });

  it('Markdown frontmatter: a YAML comment', () => {
    const r = disableRoundTrip('a.md', '---\ntitle: FLAG\n---\n# A\n', 'line');
    expect(r.output).toBe('---\n# prompt-lint-disable-next-line flag-word\ntitle: FLAG\n---\n# A\n');
    expect(r.after).toEqual([]);
  });

  it('YAML: a # comment above a single-line value, and disable-file at the top', () => {
    const text = 'name: support\nsystem: Say FLAG to everyone.\n';
    const line = disableRoundTrip('p.yaml', text, 'line');
    expect(line.output).toBe('name: support\n# prompt-lint-disable-next-line flag-word\nsystem: Say FLAG to everyone.\n');
    expect(line.after).toEqual([]);
    const file = disableRoundTrip('p.yaml', text, 'file');
    expect(file.output).toBe(`# prompt-lint-disable-file flag-word\n${text}`);
    expect(file.after).toEqual([]);
  });

  it('YAML: a block scalar gets a disable/enable pair around its key', () => {
    const text = 'prompts:\n  - system: |\n      You help.\n      Say FLAG politely.\n    user: hi FLAG\n';
    const r = disableRoundTrip('p.yaml', text, 'line');
    expect(r.scope).toBe('region');
    expect(r.output).toBe(
      'prompts:\n  # prompt-lint-disable flag-word\n  - system: |\n      You help.\n      Say FLAG politely.\n  # prompt-lint-enable flag-word\n    user: hi FLAG\n',
    );
    expect(r.after.map((f) => f.start.line)).toEqual([6]);
  });
});

describe('minimalEdit', () => {
  it('is the smallest single replacement, never splitting a CRLF or a surrogate pair', () => {
    expect(minimalEdit('abc', 'abc')).toBeUndefined();
    expect(minimalEdit('a\nb\nc\n', 'a\nc\n')).toEqual({ range: { start: 2, end: 4 }, text: '' });
    const crlf = minimalEdit('a\r\nb\r\n', 'a\nb\r\n')!;
    expect(applyEdits('a\r\nb\r\n', [crlf]).text).toBe('a\nb\r\n');
    expect(crlf.range.start).toBeLessThanOrEqual(1);
    const emoji = minimalEdit('x😀y', 'x😃y')!;
    expect(emoji.range).toEqual({ start: 1, end: 3 });
  });
});
