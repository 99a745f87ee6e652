import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE } from '../../server/src/config/defaults.js';
import { DEFAULT_PROMPT_KEYS } from '../../server/src/parse/yaml.js';
import { ConfigLoader, isConfigFileName, parseRuleFlag } from '../../server/src/config/load.js';
import { configError, json, RULES, tree } from './helpers.js';

const opts = { rules: RULES };

describe('defaults with no config', () => {
  it('puts every rule at its defaultSeverity with its defaultOptions', () => {
    const root = tree({ 'AGENTS.md': '# x\n' });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'AGENTS.md'), opts);
    expect(config.sources).toEqual([]);
    expect(config.baseDir).toBe(root);
    expect(config.model).toBe('gpt-4o');
    expect(config.rules).toEqual({
      'duplicate-instruction': ['warning', { threshold: 0.9 }],
      'token-budget': ['error', { maxTokens: 4000, countCode: true }],
      'conflicting-instructions': ['error', {}],
      'vague-quantifier': ['off', { words: ['some'] }],
    });
    expect(config.include).toEqual(DEFAULT_INCLUDE);
    expect(config.exclude).toEqual(DEFAULT_EXCLUDE);
    expect(config.maxFileSize).toBe(DEFAULT_MAX_FILE_SIZE);
    expect(config.promptKeys).toEqual(DEFAULT_PROMPT_KEYS);
    expect(config.budgets).toEqual([]);
    expect(config.tasks).toEqual([]);
    expect(config.prices).toEqual({});
    expect(config.callsPerDay).toBeUndefined();
  });
});

describe('cascade', () => {
  it('merges farther configs under nearer ones; nearest wins', () => {
    const root = tree({
      '.promptlintrc.json': json({
        model: 'gpt-4o-mini',
        callsPerDay: 10,
        rules: { 'token-budget': ['warn', { maxTokens: 100 }], 'duplicate-instruction': 'off' },
        prices: { a: 1, b: 2 },
      }),
      'pkg/.promptlintrc.yaml': 'model: claude-sonnet-4\nrules:\n  duplicate-instruction: error\nprices:\n  b: 3\n',
      'pkg/deep/CLAUDE.md': '',
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'pkg/deep/CLAUDE.md'), opts);
    expect(config.sources).toEqual([path.join(root, '.promptlintrc.json'), path.join(root, 'pkg/.promptlintrc.yaml')]);
    expect(config.baseDir).toBe(root);
    expect(config.model).toBe('claude-sonnet-4');
    expect(config.callsPerDay).toBe(10);
    expect(config.rules['duplicate-instruction']).toEqual(['error', { threshold: 0.9 }]);
    expect(config.rules['token-budget']).toEqual(['warning', { maxTokens: 100, countCode: true }]);
    expect(config.prices).toEqual({ a: 1, b: 3 });
  });

  it('keeps inherited options for a bare severity and replaces them for [severity, options]', () => {
    const root = tree({
      '.promptlintrc.json': json({ rules: { 'token-budget': ['warn', { maxTokens: 100, countCode: false }] } }),
      'a/.promptlintrc.json': json({ rules: { 'token-budget': 2 } }),
      'b/.promptlintrc.json': json({ rules: { 'token-budget': ['error', { maxTokens: 50 }] } }),
      'c/.promptlintrc.json': json({ rules: { 'token-budget': ['off'] } }),
    });
    const loader = new ConfigLoader({ cwd: root });
    expect(loader.forFile(path.join(root, 'a/x.md'), opts).rules['token-budget']).toEqual(['error', { maxTokens: 100, countCode: false }]);
    expect(loader.forFile(path.join(root, 'b/x.md'), opts).rules['token-budget']).toEqual(['error', { maxTokens: 50, countCode: true }]);
    expect(loader.forFile(path.join(root, 'c/x.md'), opts).rules['token-budget']).toEqual(['off', { maxTokens: 100, countCode: false }]);
  });

  it('stops at a config with root: true', () => {
    const root = tree({
      '.promptlintrc.json': json({ model: 'gpt-4.1', prices: { outer: 1 } }),
      'proj/.promptlintrc.json': json({ root: true, prices: { inner: 2 } }),
      'proj/sub/.promptlintrc.yml': 'callsPerDay: 5\n',
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'proj/sub/AGENTS.md'), opts);
    expect(config.sources).toEqual([path.join(root, 'proj/.promptlintrc.json'), path.join(root, 'proj/sub/.promptlintrc.yml')]);
    expect(config.baseDir).toBe(path.join(root, 'proj'));
    expect(config.model).toBe('gpt-4o');
    expect(config.prices).toEqual({ inner: 2 });
    expect(config.callsPerDay).toBe(5);
  });

  it('uses one config per directory, .promptlintrc.json first', () => {
    const root = tree({
      '.promptlintrc.json': json({ root: true, model: 'gpt-4.1-mini' }),
      '.promptlintrc.yaml': 'model: from-yaml\n',
      'package.json': json({ name: 'x', promptlint: { model: 'gpt-4.1-nano' } }),
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), opts);
    expect(config.model).toBe('gpt-4.1-mini');
    expect(config.sources).toEqual([path.join(root, '.promptlintrc.json')]);
  });
});

describe('package.json', () => {
  it('reads the promptlint key and ignores package.json files without it', () => {
    const root = tree({
      'package.json': json({ name: 'root', promptlint: { root: true, model: 'claude-opus-4', rules: { 'vague-quantifier': 'warn' } } }),
      'packages/a/package.json': json({ name: 'a', version: '1.0.0' }),
      'packages/b/package.json': '{ this is not json',
    });
    const loader = new ConfigLoader({ cwd: root });
    for (const dir of ['packages/a', 'packages/b']) {
      const config = loader.forFile(path.join(root, dir, 'CLAUDE.md'), opts);
      expect(config.sources).toEqual([path.join(root, 'package.json')]);
      expect(config.model).toBe('claude-opus-4');
      expect(config.rules['vague-quantifier']).toEqual(['warning', { words: ['some'] }]);
    }
  });

  it('reports errors under the promptlint key with its position', () => {
    const text = '{\n  "name": "x",\n  "promptlint": {\n    "modle": "gpt-4o"\n  }\n}\n';
    const root = tree({ 'package.json': text });
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'a.md'), opts));
    expect(err.file).toBe(path.join(root, 'package.json'));
    expect([err.line, err.column]).toEqual([4, 5]);
    expect(err.keyPath).toBe('promptlint.modle');
    expect(err.detail).toBe('unknown key "modle"; did you mean "model"?');
  });
});

describe('extends', () => {
  it('merges relative extends underneath, in order, recursively', () => {
    const root = tree({
      'shared/base.json': json({ model: 'o1', callsPerDay: 1, rules: { 'token-budget': ['warn', { maxTokens: 10 }] } }),
      'shared/strict.yaml': 'extends: ./base.json\ncallsPerDay: 2\nrules:\n  duplicate-instruction: error\n',
      'proj/.promptlintrc.json': json({ root: true, extends: ['../shared/strict.yaml'], model: 'o3' }),
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'proj/CLAUDE.md'), opts);
    expect(config.sources).toEqual([
      path.join(root, 'shared/base.json'),
      path.join(root, 'shared/strict.yaml'),
      path.join(root, 'proj/.promptlintrc.json'),
    ]);
    expect(config.model).toBe('o3');
    expect(config.callsPerDay).toBe(2);
    expect(config.rules['token-budget']).toEqual(['warning', { maxTokens: 10, countCode: true }]);
    expect(config.rules['duplicate-instruction'][0]).toBe('error');
  });

  it('resolves package names with Node resolution from the config directory', () => {
    const root = tree({
      'node_modules/promptlint-config-acme/package.json': json({ name: 'promptlint-config-acme', main: 'config.json' }),
      'node_modules/promptlint-config-acme/config.json': json({ model: 'o4-mini' }),
      'node_modules/@acme/promptlint-config/package.json': json({ name: '@acme/promptlint-config', promptlint: { callsPerDay: 42 } }),
      'app/.promptlintrc.yaml': 'root: true\nextends:\n  - promptlint-config-acme\n  - "@acme/promptlint-config"\n',
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'app/CLAUDE.md'), opts);
    expect(config.model).toBe('o4-mini');
    expect(config.callsPerDay).toBe(42);
    expect(config.sources).toEqual([
      path.join(root, 'node_modules/promptlint-config-acme/config.json'),
      path.join(root, 'node_modules/@acme/promptlint-config/package.json'),
      path.join(root, 'app/.promptlintrc.yaml'),
    ]);
  });

  it('allowPackageExtends: false (untrusted workspace) skips package extends, keeps path extends, and lists what it skipped', () => {
    const yaml = 'root: true\nextends:\n  - promptlint-config-acme\n  - ./local.json\n  - "@acme/promptlint-config"\nmodel: gpt-4-turbo\n';
    const root = tree({
      'node_modules/promptlint-config-acme/package.json': json({ name: 'promptlint-config-acme', main: 'config.json' }),
      'node_modules/promptlint-config-acme/config.json': json({ callsPerDay: 7 }),
      'node_modules/@acme/promptlint-config/package.json': json({ name: '@acme/promptlint-config', promptlint: { callsPerDay: 42 } }),
      'app/local.json': json({ rules: { 'token-budget': 'warn' } }),
      'app/.promptlintrc.yaml': yaml,
    });
    const trusted = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'app/CLAUDE.md'), opts);
    expect(trusted.callsPerDay).toBe(42);

    const loader = new ConfigLoader({ cwd: root, allowPackageExtends: false });
    const config = loader.forFile(path.join(root, 'app/CLAUDE.md'), opts);
    expect(config.sources).toEqual([path.join(root, 'app/local.json'), path.join(root, 'app/.promptlintrc.yaml')]);
    expect(config.callsPerDay).toBeUndefined();
    expect(config.model).toBe('gpt-4-turbo');
    expect(config.rules['token-budget'][0]).toBe('warning');
    expect(loader.skippedExtends.map((e) => [e.file, e.keyPath, e.line, e.column])).toEqual([
      [path.join(root, 'app/.promptlintrc.yaml'), 'extends[0]', 3, 5],
      [path.join(root, 'app/.promptlintrc.yaml'), 'extends[2]', 5, 5],
    ]);
    expect(loader.skippedExtends[0]!.detail).toMatch(/package "promptlint-config-acme" not loaded: .*untrusted workspace/);
    // Nothing is resolved, so a package that does not exist is no error either.
    const missing = tree({ '.promptlintrc.json': json({ root: true, extends: 'no-such-package' }) });
    const quiet = new ConfigLoader({ cwd: missing, allowPackageExtends: false });
    expect(quiet.forFile(path.join(missing, 'x.md'), opts).sources).toEqual([path.join(missing, '.promptlintrc.json')]);
    expect(quiet.skippedExtends.map((e) => e.keyPath)).toEqual(['extends']);
    quiet.clear();
    expect(quiet.skippedExtends).toEqual([]);
  });

  it('detects cycles and reports them at the extends value', () => {
    const aText = json({ root: true, extends: './b.json' });
    const root = tree({ 'a.json': aText, 'b.json': json({ extends: ['./c.yaml'] }), 'c.yaml': 'extends: ./a.json\n', '.promptlintrc.json': json({ root: true, extends: './a.json' }) });
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), opts));
    expect(err.file).toBe(path.join(root, 'c.yaml'));
    expect([err.line, err.column]).toEqual([1, 10]);
    expect(err.keyPath).toBe('extends');
    expect(err.detail).toMatch(/^circular extends: .*a\.json → .*b\.json → .*c\.yaml → .*a\.json$/);
  });

  it('reports a missing extends target at its position', () => {
    const text = json({ root: true, extends: ['./nope.json'] });
    const root = tree({ '.promptlintrc.json': text });
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), opts));
    expect(err.keyPath).toBe('extends[0]');
    expect([err.line, err.column]).toEqual([4, 5]);
    expect(err.detail).toContain('cannot find config file "./nope.json"');
  });

  it('anchors globs of extended configs at the extending config file directory', () => {
    const root = tree({
      'shared/base.json': json({ budgets: [{ files: '*.md', maxTokens: 5 }], overrides: [{ files: ['/CLAUDE.md'], model: 'gpt-5' }] }),
      'proj/.promptlintrc.json': json({ root: true, extends: '../shared/base.json' }),
    });
    const loader = new ConfigLoader({ cwd: root });
    const config = loader.forFile(path.join(root, 'proj/CLAUDE.md'), opts);
    expect(config.budgets).toEqual([{ value: { files: '*.md', maxTokens: 5 }, baseDir: path.join(root, 'proj'), source: path.join(root, 'shared/base.json') }]);
    expect(config.model).toBe('gpt-5');
  });
});

describe('overrides', () => {
  it('apply by glob relative to their config file, in order, with excludedFiles', () => {
    const root = tree({
      '.promptlintrc.json': json({
        root: true,
        rules: { 'token-budget': ['warn', { maxTokens: 100 }] },
        overrides: [
          { files: ['*.mdc'], excludedFiles: 'legacy/**', rules: { 'token-budget': 'error' }, model: 'gpt-5-mini' },
          { files: '.cursor/rules/**', rules: { 'token-budget': ['off', { maxTokens: 1 }] } },
        ],
      }),
      'sub/.promptlintrc.json': json({ overrides: [{ files: 'docs/**', rules: { 'vague-quantifier': 'error' } }] }),
    });
    const loader = new ConfigLoader({ cwd: root });
    const at = (p: string) => loader.forFile(path.join(root, p), opts);
    expect(at('deep/a/x.mdc').rules['token-budget']).toEqual(['error', { maxTokens: 100, countCode: true }]);
    expect(at('deep/a/x.mdc').model).toBe('gpt-5-mini');
    expect(at('legacy/x.mdc').rules['token-budget'][0]).toBe('warning');
    expect(at('legacy/x.mdc').model).toBe('gpt-4o');
    expect(at('.cursor/rules/x.mdc').rules['token-budget']).toEqual(['off', { maxTokens: 1, countCode: true }]);
    expect(at('x.md').rules['token-budget'][0]).toBe('warning');
    expect(at('sub/docs/p.md').rules['vague-quantifier'][0]).toBe('error');
    expect(at('docs/p.md').rules['vague-quantifier'][0]).toBe('off');
  });

  it('validates rule settings inside overrides', () => {
    const text = json({ overrides: [{ files: '*.md', rules: { 'token-budgte': 'warn' } }] });
    const root = tree({ '.promptlintrc.json': text });
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), opts));
    expect(err.keyPath).toBe('overrides[0].rules.token-budgte');
    expect(err.detail).toBe('unknown rule "token-budgte"; did you mean "token-budget"?');
    expect([err.line, err.column]).toEqual([6, 9]);
  });
});

describe('budgets, tasks, include, exclude', () => {
  it('appends budgets and tasks anchored at their config directory', () => {
    const root = tree({
      '.promptlintrc.json': json({ budgets: [{ files: 'CLAUDE.md', maxTokens: 1000 }], tasks: [{ name: 'outer', files: ['CLAUDE.md'] }] }),
      'pkg/.promptlintrc.yaml': 'budgets:\n  - files: ["*.mdc"]\n    maxBytes: 2048\n    warnAt: 0.5\ntasks:\n  - name: inner\n    files: [AGENTS.md, .claude/commands/x.md]\n    callsPerDay: 100\n',
    });
    const config = new ConfigLoader({ cwd: root }).forFile(path.join(root, 'pkg/AGENTS.md'), opts);
    expect(config.budgets).toEqual([
      { value: { files: 'CLAUDE.md', maxTokens: 1000 }, baseDir: root, source: path.join(root, '.promptlintrc.json') },
      { value: { files: ['*.mdc'], maxBytes: 2048, warnAt: 0.5 }, baseDir: path.join(root, 'pkg'), source: path.join(root, 'pkg/.promptlintrc.yaml') },
    ]);
    expect(config.tasks.map((t) => [t.value.name, t.baseDir])).toEqual([
      ['outer', root],
      ['inner', path.join(root, 'pkg')],
    ]);
    expect(config.tasks[1].value).toEqual({ name: 'inner', files: ['AGENTS.md', '.claude/commands/x.md'], callsPerDay: 100 });
  });

  it('rebases nested include/exclude to baseDir; include replaces, exclude adds', () => {
    const root = tree({
      '.promptlintrc.json': json({ exclude: ['drafts/'], maxFileSize: 1000, promptKeys: ['myPrompt'] }),
      'sub/.promptlintrc.json': json({ include: ['*.md'], exclude: ['old/**'] }),
    });
    const loader = new ConfigLoader({ cwd: root });
    const config = loader.forFile(path.join(root, 'sub/x.md'), opts);
    expect(config.include).toEqual(['sub/**/*.md']);
    expect(config.exclude).toEqual([...DEFAULT_EXCLUDE, 'drafts/', 'sub/old/**']);
    expect(config.maxFileSize).toBe(1000);
    expect(config.promptKeys).toEqual([...DEFAULT_PROMPT_KEYS, 'myPrompt']);
    expect(loader.forDirectory(root, opts).include).toEqual(DEFAULT_INCLUDE);
  });
});

describe('command line', () => {
  it('--rule settings win over config files and overrides', () => {
    const root = tree({
      '.promptlintrc.json': json({ rules: { 'token-budget': ['warn', { maxTokens: 7 }] }, overrides: [{ files: '*.md', rules: { 'token-budget': 'off' } }] }),
    });
    const loader = new ConfigLoader({ cwd: root });
    const config = loader.forFile(path.join(root, 'x.md'), {
      rules: RULES,
      cliRules: { 'token-budget': 'error', 'duplicate-instruction': ['off', { threshold: 0.5 }] },
    });
    expect(config.rules['token-budget']).toEqual(['error', { maxTokens: 7, countCode: true }]);
    expect(config.rules['duplicate-instruction']).toEqual(['off', { threshold: 0.5 }]);
  });

  it('accepts "warn" from --rule and rejects unknown ids and bad options', () => {
    const root = tree({});
    const loader = new ConfigLoader({ cwd: root });
    const file = path.join(root, 'x.md');
    const warn = { 'vague-quantifier': 'warn' } as unknown as Record<string, 'warning'>;
    expect(loader.forFile(file, { rules: RULES, cliRules: warn }).rules['vague-quantifier'][0]).toBe('warning');
    const unknown = configError(() => loader.forFile(file, { rules: RULES, cliRules: { 'dupe-instruction': 'error' } }));
    expect(unknown.message).toBe('--rule: dupe-instruction: unknown rule "dupe-instruction"; did you mean "duplicate-instruction"?');
    const bad = configError(() => loader.forFile(file, { rules: RULES, cliRules: { 'token-budget': ['error', { maxTokens: 0 }] } }));
    expect(bad.message).toBe('--rule: token-budget[1].maxTokens: expected a number >= 1, got 0');
  });

  it('parseRuleFlag reads id=severity and id=[severity, options]', () => {
    expect(parseRuleFlag('token-budget=warn')).toEqual(['token-budget', 'warning']);
    expect(parseRuleFlag('token-budget:2')).toEqual(['token-budget', 'error']);
    expect(parseRuleFlag('token-budget=["error",{"maxTokens":5}]')).toEqual(['token-budget', ['error', { maxTokens: 5 }]]);
    expect(() => parseRuleFlag('token-budget=loud')).toThrow('--rule: token-budget: expected "off" | "warn" | "error" (or 0 | 1 | 2), got "loud"');
    expect(() => parseRuleFlag('token-budget')).toThrow(/expected id=severity/);
  });

  it('--config replaces the cascade; its globs are relative to its directory', () => {
    const root = tree({
      '.promptlintrc.json': json({ root: true, model: 'gpt-5-nano', callsPerDay: 3 }),
      'configs/ci.yaml': 'model: gpt-3.5-turbo\nbudgets:\n  - files: "**/*.md"\n    maxTokens: 10\n',
    });
    const loader = new ConfigLoader({ cwd: root });
    const config = loader.forFile(path.join(root, 'x.md'), { rules: RULES, cliConfigPath: 'configs/ci.yaml' });
    expect(config.model).toBe('gpt-3.5-turbo');
    expect(config.callsPerDay).toBeUndefined();
    expect(config.sources).toEqual([path.join(root, 'configs/ci.yaml')]);
    expect(config.baseDir).toBe(path.join(root, 'configs'));
    expect(config.budgets[0].baseDir).toBe(path.join(root, 'configs'));
    // Without --config the cascade still applies.
    expect(loader.forFile(path.join(root, 'x.md'), opts).model).toBe('gpt-5-nano');
  });

  it('--config with a missing file is a ConfigError', () => {
    const root = tree({});
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'x.md'), { rules: RULES, cliConfigPath: 'nope.json' }));
    expect(err.file).toBe(path.join(root, 'nope.json'));
    expect(err.detail).toBe('cannot read config file (ENOENT)');
  });
});

describe('cache', () => {
  it('caches per directory until clear()', () => {
    const root = tree({ '.promptlintrc.json': json({ root: true, model: 'o3-mini' }) });
    const loader = new ConfigLoader({ cwd: root });
    const file = path.join(root, 'CLAUDE.md');
    expect(loader.forFile(file, opts).model).toBe('o3-mini');
    fs.writeFileSync(path.join(root, '.promptlintrc.json'), json({ root: true, model: 'o1-mini' }));
    expect(loader.forFile(file, opts).model).toBe('o3-mini');
    expect(loader.configFiles).toEqual([path.join(root, '.promptlintrc.json')]);
    loader.clear();
    expect(loader.forFile(file, opts).model).toBe('o1-mini');
    fs.rmSync(path.join(root, '.promptlintrc.json'));
    expect(loader.forFile(file, opts).model).toBe('o1-mini');
    loader.clear();
    expect(loader.forFile(file, opts).sources).toEqual([]);
  });

  it('isConfigFileName recognises config file names', () => {
    expect(isConfigFileName('/a/.promptlintrc.yml')).toBe(true);
    expect(isConfigFileName('/a/package.json')).toBe(true);
    expect(isConfigFileName('/a/CLAUDE.md')).toBe(false);
  });
});
