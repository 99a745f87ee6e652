import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/src/config/errors.js';
import { ConfigLoader } from '../../server/src/config/load.js';
import { configError, json, posOf, RULES, tree } from './helpers.js';

/** The ConfigError raised when linting a file next to a single config file. */
function errorFor(name: string, text: string): ConfigError {
  const root = tree({ [name]: text });
  const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), { rules: RULES }));
  expect(err.file).toBe(path.join(root, name));
  expect(err).toBeInstanceOf(Error);
  expect(err.name).toBe('ConfigError');
  return err;
}

describe('schema errors in JSON', () => {
  it('a bad severity: position of the value, keyPath and expected values', () => {
    const text = '{\n  "root": true,\n  "rules": {\n    "duplicate-instruction": "fatal"\n  }\n}\n';
    const err = errorFor('.promptlintrc.json', text);
    expect(err.line).toBe(4);
    expect(err.column).toBe(30);
    expect(err.keyPath).toBe('rules.duplicate-instruction');
    expect(err.message).toBe(
      `${err.file}:4:30: rules.duplicate-instruction: expected "off" | "warn" | "error" or [severity, options], got "fatal"`,
    );
  });

  it('an unknown top-level key: position of the key, with a suggestion', () => {
    const text = '{\n  "root": true,\n  "rulez": {}\n}\n';
    const err = errorFor('.promptlintrc.json', text);
    expect([err.line, err.column]).toEqual([3, 3]);
    expect(err.keyPath).toBe('rulez');
    expect(err.detail).toBe('unknown key "rulez"; did you mean "rules"?');
  });

  it('a wrong type deep inside budgets', () => {
    const text = json({ root: true, budgets: [{ files: 'CLAUDE.md', maxTokens: 10 }, { files: ['a.md', 3], maxTokens: 5 }] });
    const err = errorFor('.promptlintrc.json', text);
    expect(err.keyPath).toBe('budgets[1].files[1]');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '3'));
    expect(err.detail).toBe('expected a string, got 3');
  });

  it('a budget without any limit, and a task without files', () => {
    const budget = errorFor('.promptlintrc.json', json({ root: true, budgets: [{ files: '*.md', warnAt: 0.5 }] }));
    expect(budget.keyPath).toBe('budgets[0]');
    expect([budget.line, budget.column]).toEqual([4, 5]);
    expect(budget.detail).toBe('a budget needs at least one of maxTokens, maxBytes, maxCostPerCall');
    const task = errorFor('.promptlintrc.json', json({ root: true, tasks: [{ name: 't' }] }));
    expect(task.keyPath).toBe('tasks[0]');
    expect(task.detail).toBe('missing required key "files"');
  });

  it('a severity inside [severity, options]', () => {
    const text = json({ root: true, rules: { 'token-budget': ['fatal', { maxTokens: 5 }] } });
    const err = errorFor('.promptlintrc.json', text);
    expect(err.keyPath).toBe('rules.token-budget[0]');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '"fatal"'));
    expect(err.detail).toBe('expected "off" | "warn" | "error" (or 0 | 1 | 2), got "fatal"');
  });

  it('numbers out of range', () => {
    const err = errorFor('.promptlintrc.json', json({ root: true, budgets: [{ files: 'x', maxTokens: 10, warnAt: 1.5 }] }));
    expect(err.keyPath).toBe('budgets[0].warnAt');
    expect(err.detail).toBe('expected a number <= 1, got 1.5');
  });

  it('keys that need quoting in the key path', () => {
    const err = errorFor('.promptlintrc.json', json({ root: true, prices: { 'gpt-4.1': 'cheap' } }));
    expect(err.keyPath).toBe('prices["gpt-4.1"]');
    expect(err.detail).toBe('expected a number, got "cheap"');
  });
});

describe('schema errors in YAML', () => {
  it('positions of values and keys', () => {
    const text = 'root: true\nmodel: gpt-4o\noverrides:\n  - files: "*.mdc"\n    modle: x\n';
    const err = errorFor('.promptlintrc.yaml', text);
    expect(err.keyPath).toBe('overrides[0].modle');
    expect([err.line, err.column]).toEqual([5, 5]);
    expect(err.detail).toBe('unknown key "modle"; did you mean "model"?');
  });

  it('a bad severity in .promptlintrc.yml', () => {
    const text = 'root: true\nrules:\n  duplicate-instruction: warnung\n';
    const err = errorFor('.promptlintrc.yml', text);
    expect([err.line, err.column]).toEqual([3, 26]);
    expect(err.message).toBe(
      `${err.file}:3:26: rules.duplicate-instruction: expected "off" | "warn" | "error" or [severity, options], got "warnung"`,
    );
  });

  it('a wrong type of a top-level value', () => {
    const err = errorFor('.promptlintrc.yaml', 'root: true\ninclude: "**/*.md"\n');
    expect(err.keyPath).toBe('include');
    expect([err.line, err.column]).toEqual([2, 10]);
    expect(err.detail).toBe('expected an array, got "**/*.md"');
  });

  it('a config that is not a mapping', () => {
    const err = errorFor('.promptlintrc.yaml', '- a\n- b\n');
    expect(err.keyPath).toBe('');
    expect([err.line, err.column]).toEqual([1, 1]);
    expect(err.message).toBe(`${err.file}:1:1: expected an object, got ["a","b"]`);
  });

  it('an empty YAML file is an empty config', () => {
    const root = tree({ '.promptlintrc.yaml': '# nothing yet\n' });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), { rules: RULES });
    expect(config.sources).toEqual([path.join(root, '.promptlintrc.yaml')]);
  });
});

describe('syntax errors', () => {
  it('JSON: position of the unexpected token', () => {
    const text = '{\n  "root": true,\n  "model": "gpt-4o"\n  "rules": {}\n}\n';
    const err = errorFor('.promptlintrc.json', text);
    expect([err.line, err.column]).toEqual([4, 3]);
    expect(err.detail).toBe('invalid JSON: unexpected "\\"", expected "," or "}" after property value');
  });

  it('JSON: trailing comma and unterminated string', () => {
    const trailing = errorFor('.promptlintrc.json', '{\n  "root": true,\n}\n');
    expect([trailing.line, trailing.column]).toEqual([3, 1]);
    expect(trailing.detail).toBe('invalid JSON: trailing comma before "}"');
    const unterminated = errorFor('.promptlintrc.json', '{\n  "rules": {\n    "a": "off\n  }\n}\n');
    expect([unterminated.line, unterminated.column]).toEqual([3, 14]);
    expect(unterminated.keyPath).toBe('rules.a');
    expect(unterminated.detail).toBe('invalid JSON: unterminated string');
  });

  it('.promptlintrc.json allows comments; package.json does not', () => {
    const root = tree({ '.promptlintrc.json': '// shared settings\n{\n  /* the model */ "model": "gpt-4", "root": true // end\n}\n' });
    expect(new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), { rules: RULES }).model).toBe('gpt-4');
    const err = errorFor('package.json', '{\n  // no\n  "promptlint": {}\n}\n');
    expect([err.line, err.column]).toEqual([2, 3]);
    expect(err.detail).toBe('invalid JSON: comments are not allowed in this file');
  });

  it('YAML: position of the syntax error', () => {
    const text = 'root: true\nrules:\n  token-budget: [error, {maxTokens: 5}\nmodel: x\n';
    const err = errorFor('.promptlintrc.yaml', text);
    expect([err.line, err.column]).toEqual([4, 1]);
    expect(err.keyPath).toBe('');
    expect(err.detail).toMatch(/^invalid YAML: Flow sequence .* end with a \]$/);
    const dup = errorFor('.promptlintrc.yaml', 'root: true\nmodel: a\nmodel: b\n');
    expect([dup.line, dup.column]).toEqual([3, 1]);
    expect(dup.detail).toMatch(/^invalid YAML: .*unique/i);
  });

  it('a BOM does not shift columns', () => {
    const err = errorFor('.promptlintrc.json', '\uFEFF{"root": true, "modle": 1}');
    expect([err.line, err.column]).toEqual([1, 16]);
  });
});

describe('rule validation', () => {
  it('unknown rule ids are errors at the key, listing close ids', () => {
    const text = json({ root: true, rules: { 'duplicate-instructions': 'warn' } });
    const err = errorFor('.promptlintrc.json', text);
    expect(err.keyPath).toBe('rules.duplicate-instructions');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '"duplicate-instructions"'));
    expect(err.detail).toBe('unknown rule "duplicate-instructions"; did you mean "duplicate-instruction"?');
  });

  it('unknown rule ids with nothing close say so without suggestions', () => {
    const err = errorFor('.promptlintrc.yaml', 'root: true\nrules:\n  frobnicate: off\n');
    expect(err.detail).toBe('unknown rule "frobnicate"');
    expect([err.line, err.column]).toEqual([3, 3]);
  });

  it('options are validated against the rule schema (JSON)', () => {
    const text = json({ root: true, rules: { 'token-budget': ['error', { maxTokens: 'lots' }] } });
    const err = errorFor('.promptlintrc.json', text);
    expect(err.keyPath).toBe('rules.token-budget[1].maxTokens');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '"lots"'));
    expect(err.detail).toBe('expected an integer, got "lots"');
  });

  it('options are validated against the rule schema (YAML), unknown option keys', () => {
    const text = 'root: true\nrules:\n  token-budget:\n    - error\n    - maxTokens: 5\n      maxTokns: 6\n';
    const err = errorFor('.promptlintrc.yaml', text);
    expect(err.keyPath).toBe('rules.token-budget[1].maxTokns');
    expect([err.line, err.column]).toEqual([6, 7]);
    expect(err.detail).toBe('unknown key "maxTokns"; did you mean "maxTokens"?');
  });

  it('options below minimum in YAML flow style', () => {
    const text = 'root: true\nrules:\n  token-budget: [warn, {maxTokens: -5}]\n';
    const err = errorFor('.promptlintrc.yaml', text);
    expect(err.keyPath).toBe('rules.token-budget[1].maxTokens');
    expect({ line: err.line, column: err.column }).toEqual(posOf(text, '-5'));
    expect(err.detail).toBe('expected a number >= 1, got -5');
  });

  it('accepts 0/1/2 and off/warn/error', () => {
    const root = tree({
      '.promptlintrc.json': json({
        root: true,
        rules: { 'duplicate-instruction': 0, 'token-budget': [1], 'conflicting-instructions': 'off', 'vague-quantifier': 2 },
      }),
    });
    const rules = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), { rules: RULES }).rules;
    expect(Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, v[0]]))).toEqual({
      'duplicate-instruction': 'off',
      'token-budget': 'warning',
      'conflicting-instructions': 'off',
      'vague-quantifier': 'error',
    });
  });
});
