/** The engine with synthetic rules: directives, fix passes, distrust of rules. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import type { Rule } from '../../server/src/engine/types.js';
import { allRules } from '../../rules/index.js';
import { tempTree } from '../helpers/cli.js';

/** Reports every "TODO" in instruction text; the fix deletes it with the space after it. */
const noTodo: Rule = {
  meta: {
    id: 'token-budget', // a registered id, so directives naming it are valid
    description: 'test rule',
    tags: [],
    defaultSeverity: 'warning',
    fixable: true,
    hasSuggestions: false,
    schema: {},
    defaultOptions: {},
    messages: { todo: 'Unexpected `TODO`' },
  },
  check(doc, ctx) {
    const text = doc.file.text;
    for (let i = text.indexOf('TODO'); i >= 0; i = text.indexOf('TODO', i + 1)) {
      const end = text[i + 4] === ' ' ? i + 5 : i + 4;
      ctx.report({ messageId: 'todo', range: { start: i, end: i + 4 }, fix: [{ range: { start: i, end }, text: '' }] });
    }
  },
};

function engineWith(rules: Rule[], files: Record<string, string> = {}) {
  const cwd = tempTree({ '.promptlintrc.json': JSON.stringify({ root: true }), ...files });
  return { cwd, engine: new Engine({ cwd, rules }) };
}

function lint(rules: Rule[], name: string, text: string) {
  const { engine, cwd } = engineWith(rules);
  const loaded = engine.loadText(path.join(cwd, name), text);
  return engine.lintLoaded(loaded, false);
}

describe('directives', () => {
  it('disable-next-line, disable-line, disable/enable regions in Markdown', () => {
    const text = [
      'TODO one', // 1: reported
      '<!-- prompt-lint-disable-next-line token-budget -->',
      'TODO two', // 3: suppressed
      'TODO three <!-- prompt-lint-disable-line -->', // 4: suppressed
      '<!-- prompt-lint-disable token-budget -->',
      'TODO four', // 6: suppressed
      '<!-- prompt-lint-enable token-budget -->',
      'TODO five', // 8: reported
      '',
    ].join('\n');
    const report = lint([noTodo], 'CLAUDE.md', text);
    expect(report.findings.map((f) => f.start.line + 1)).toEqual([1, 8]);
  });

  it('disable-file, and directives naming another rule do not suppress', () => {
    expect(lint([noTodo], 'a.md', '<!-- prompt-lint-disable-file -->\nTODO\n').findings).toEqual([]);
    expect(lint([noTodo], 'a.md', '<!-- prompt-lint-disable-file parse-error -->\nTODO\n').findings).toHaveLength(1);
  });

  it('YAML comments work as directives', () => {
    const text = 'system: |\n  TODO one\n# prompt-lint-disable-next-line token-budget\nuser: TODO two\n';
    const report = lint([noTodo], 'bot.prompt.yml', text);
    expect(report.findings.map((f) => f.start.line + 1)).toEqual([2]);
  });

  it('a directive naming an unknown rule is reported by invalid-directive', () => {
    const invalid = allRules.find((r) => r.meta.id === 'invalid-directive')!;
    const text = 'Intro.\n<!-- prompt-lint-disable-next-line no-such-rule -->\nText.\n';
    const report = lint([invalid], 'CLAUDE.md', text);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.message).toContain('no-such-rule');
    expect(text.slice(report.findings[0]!.range.start, report.findings[0]!.range.end)).toBe('no-such-rule');
  });
});

describe('fixes', () => {
  it('applies fixes in passes until stable; a second run changes nothing', () => {
    const { engine, cwd } = engineWith([noTodo]);
    const file = path.join(cwd, 'CLAUDE.md');
    const once = engine.fixText(file, 'TODO TODO keep this\nand TODO this\n');
    expect(once.output).toBe('keep this\nand this\n');
    expect(once.report.findings).toEqual([]);
    expect(engine.fixText(file, once.output).output).toBe(once.output);
  });
});

describe('the engine distrusts rules', () => {
  const crashing: Rule = { ...noTodo, meta: { ...noTodo.meta, id: 'parse-error' }, check() { throw new Error('boom'); } };
  const badRange: Rule = {
    ...noTodo,
    meta: { ...noTodo.meta, id: 'invalid-directive' },
    check(doc, ctx) { ctx.report({ messageId: 'todo', range: { start: 0, end: doc.file.text.length + 5 } }); },
  };
  const unfixable: Rule = {
    ...noTodo,
    meta: { ...noTodo.meta, fixable: false },
  };

  it('a rule that throws is reported as a rule error and the others still run', () => {
    const report = lint([crashing, noTodo], 'CLAUDE.md', 'TODO\n');
    expect(report.ruleErrors.join()).toMatch(/parse-error failed: boom/);
    expect(report.findings).toHaveLength(1);
  });

  it('an out-of-range report and an undeclared fix are rule errors', () => {
    expect(lint([badRange], 'CLAUDE.md', 'x\n').ruleErrors.join()).toMatch(/invalid range/);
    expect(lint([unfixable], 'CLAUDE.md', 'TODO\n').ruleErrors.join()).toMatch(/not marked fixable/);
  });
});

describe('--fix on disk', () => {
  it('writes atomically, keeps the BOM, and leaves no temp files', async () => {
    const { engine, cwd } = engineWith([noTodo], { 'CLAUDE.md': '\uFEFFTODO keep\r\n' });
    const [report] = await engine.lintFiles([path.join(cwd, 'CLAUDE.md')], { fix: 'write' });
    expect(report!.findings).toEqual([]);
    expect(fs.readFileSync(path.join(cwd, 'CLAUDE.md'), 'utf8')).toBe('\uFEFFkeep\r\n');
    expect(fs.readdirSync(cwd).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
