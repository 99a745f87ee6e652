/**
 * Config validation beyond the schema: every `model` names a known model (issue 12.5 / 13.7), a
 * misspelt budget key gets "did you mean" (13.9), "warning" is a severity everywhere (13.9), and
 * numbers beyond double range or nesting beyond any config are clear errors (12.5).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/src/config/errors.js';
import { ConfigLoader } from '../../server/src/config/load.js';
import { configError, json, posOf, RULES, tree } from './helpers.js';

function errorFor(name: string, text: string): ConfigError {
  const root = tree({ [name]: text });
  const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), { rules: RULES }));
  expect(err.file).toBe(path.join(root, name));
  return err;
}

describe('unknown models are config errors at the value, with suggestions', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['top level', { model: 'gpt-4-omni' }, 'model'],
    ['an override', { overrides: [{ files: '*.md', model: 'gpt-4-omni' }] }, 'overrides[0].model'],
    ['a budget', { budgets: [{ files: '*.md', maxTokens: 10, model: 'gpt-4-omni' }] }, 'budgets[0].model'],
    ['a task', { tasks: [{ name: 't', files: ['CLAUDE.md'], model: 'gpt-4-omni' }] }, 'tasks[0].model'],
  ];
  for (const [where, config, keyPath] of cases) {
    it(where, () => {
      const text = json({ root: true, ...config });
      const err = errorFor('.promptlintrc.json', text);
      expect(err.keyPath).toBe(keyPath);
      expect({ line: err.line, column: err.column }).toEqual(posOf(text, '"gpt-4-omni"'));
      expect(err.detail).toMatch(/^unknown model "gpt-4-omni"; did you mean "gpt-4o[^"]*"/);
    });
  }

  it('in YAML too, and dated variants and aliases stay accepted', () => {
    const err = errorFor('.promptlintrc.yml', 'root: true\nmodel: claude-sonet-4\n');
    expect([err.line, err.column]).toEqual([2, 8]);
    expect(err.detail).toContain('did you mean "claude-sonnet-4');
    for (const model of ['gpt-4o-2024-08-06', 'claude-sonnet-4-20250514', 'anthropic/claude-3.5-sonnet']) {
      const root = tree({ '.promptlintrc.json': json({ root: true, model }) });
      expect(new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), { rules: RULES }).model).toBe(model);
    }
  });
});

describe('typos and vocabulary', () => {
  it('a misspelt budget limit says "did you mean", not "needs at least one of"', () => {
    const text = json({ root: true, budgets: [{ files: '*.md', maxTokns: 100 }] });
    const err = errorFor('.promptlintrc.json', text);
    expect(err.keyPath).toBe('budgets[0].maxTokns');
    expect(err.detail).toBe('unknown key "maxTokns"; did you mean "maxTokens"?');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '"maxTokns"'));
  });

  it('"warning" and "warn" are both severities in config files', () => {
    const root = tree({ '.promptlintrc.json': json({ root: true, rules: { 'token-budget': 'warning', 'vague-quantifier': ['warn', { words: ['x'] }] } }) });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), { rules: RULES });
    expect(config.rules['token-budget'][0]).toBe('warning');
    expect(config.rules['vague-quantifier'][0]).toBe('warning');
  });

  it('1e400 is reported as a number too large, not as "got null"', () => {
    const err = errorFor('.promptlintrc.json', '{"root": true, "budgets": [{"files": "*.md", "maxTokens": 1e400}]}');
    expect(err.detail).toMatch(/expected an integer, got Infinity \(a number beyond the range of a double\)/);
    expect(err.detail).not.toContain('null');
  });

  it('JSON nested 50,000 deep is a config error at the point it gets too deep, not a stack overflow', () => {
    const text = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    const err = errorFor('.promptlintrc.json', text);
    expect(err.detail).toBe('invalid JSON: nested deeper than 256 levels');
    expect(err.line).toBe(1);
    expect(err.column).toBe(256 * 5 + 1);
  });
});

describe("an agent's own file defaults to that agent's model family (13.15)", () => {
  const modelOf = (files: Record<string, string>, file: string) => {
    const root = tree(files);
    return new ConfigLoader({ cwd: root }).forFile(path.join(root, file), { rules: RULES }).model;
  };

  it('Claude Code and Gemini CLI files get their family; files read by many agents keep gpt-4o', () => {
    for (const file of ['CLAUDE.md', 'sub/CLAUDE.local.md', '.claude/agents/reviewer.md', 'skills/pdf/SKILL.md']) expect(modelOf({}, file), file).toBe('claude-sonnet-4-5');
    expect(modelOf({}, 'GEMINI.md')).toBe('gemini-2.5-pro');
    for (const file of ['AGENTS.md', '.cursor/rules/a.mdc', '.github/copilot-instructions.md', 'prompts/x.md']) expect(modelOf({}, file), file).toBe('gpt-4o');
  });

  it('a model named by a config or an override wins', () => {
    expect(modelOf({ '.promptlintrc.json': json({ root: true, model: 'gpt-4.1' }) }, 'CLAUDE.md')).toBe('gpt-4.1');
    expect(modelOf({ '.promptlintrc.json': json({ root: true, overrides: [{ files: 'CLAUDE.md', model: 'o3' }] }) }, 'CLAUDE.md')).toBe('o3');
    expect(modelOf({ '.promptlintrc.json': json({ root: true, rules: {} }) }, 'CLAUDE.md')).toBe('claude-sonnet-4-5');
  });
});
