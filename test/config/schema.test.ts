import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE } from '../../server/src/config/defaults.js';
import { DEFAULT_PROMPT_KEYS } from '../../server/src/parse/yaml.js';
import { ConfigLoader } from '../../server/src/config/load.js';
import { RULES } from './helpers.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schema/promptlintrc.schema.json'), 'utf8'));

/** Every schema under `properties`, `definitions` and `additionalProperties`, with its location. */
function* describedSchemas(node: Record<string, unknown>, at: string): Generator<[string, Record<string, unknown>]> {
  for (const key of ['properties', 'definitions'] as const) {
    const map = node[key] as Record<string, Record<string, unknown>> | undefined;
    for (const [name, sub] of Object.entries(map ?? {})) {
      yield [`${at}/${key}/${name}`, sub];
      yield* describedSchemas(sub, `${at}/${key}/${name}`);
    }
  }
  const extra = node.additionalProperties;
  if (extra && typeof extra === 'object' && !('$ref' in extra)) {
    yield [`${at}/additionalProperties`, extra as Record<string, unknown>];
    yield* describedSchemas(extra as Record<string, unknown>, `${at}/additionalProperties`);
  }
}

describe('schema/promptlintrc.schema.json', () => {
  it('is closed and describes every key of RawConfig', () => {
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['$schema', 'root', 'extends', 'model', 'rules', 'include', 'exclude', 'overrides', 'budgets', 'tasks', 'prices', 'callsPerDay', 'promptKeys', 'maxFileSize', 'agents', 'splitPrompts'].sort(),
    );
    for (const def of ['override', 'budget', 'task', 'agentBudget']) expect(schema.definitions[def].additionalProperties, def).toBe(false);
  });

  it('has a description on every key and definition', () => {
    const missing = [...describedSchemas(schema, '#')].filter(([, s]) => typeof s.description !== 'string' || !s.description).map(([at]) => at);
    expect(missing).toEqual([]);
    expect(typeof schema.description).toBe('string');
  });
});

describe('fixtures/config', () => {
  const load = (dir: string, file: string) =>
    new ConfigLoader({ cwd: REPO }).forFile(path.join(REPO, 'fixtures/config', dir, 'CLAUDE.md'), {
      rules: RULES,
      cliConfigPath: path.join(REPO, 'fixtures/config', dir, file),
    });

  it('the JSON and YAML examples of every key resolve to the same configuration', () => {
    const fromJson = load('full-json', '.promptlintrc.json');
    const fromYaml = load('full-yaml', '.promptlintrc.yaml');
    const strip = (c: typeof fromJson) => JSON.parse(JSON.stringify({ ...c, sources: undefined, baseDir: undefined, budgets: c.budgets.map((b) => b.value), tasks: c.tasks.map((t) => t.value) }));
    expect(strip(fromYaml)).toEqual(strip(fromJson));
    expect(fromJson.model).toBe('claude-sonnet-4');
    expect(fromJson.rules['duplicate-instruction']).toEqual(['warning', { threshold: 0.8 }]);
    expect(fromJson.rules['token-budget']).toEqual(['error', { maxTokens: 8000, countCode: true }]);
    expect(fromJson.prices).toEqual({ 'claude-sonnet-4': 3, 'my-finetune': 1.5 });
    expect(fromJson.exclude).toEqual([...DEFAULT_EXCLUDE, 'prompts/archive/']);
    expect(fromJson.promptKeys).toEqual([...DEFAULT_PROMPT_KEYS, 'system_template']);
    expect(fromJson.budgets).toHaveLength(2);
    expect(fromJson.tasks[0].baseDir).toBe(path.join(REPO, 'fixtures/config/full-json'));
    expect(fromJson.sources.map((s) => path.basename(s))).toEqual(['shared.json', '.promptlintrc.json']);
  });

  it('overrides in the example apply to .mdc files', () => {
    const config = new ConfigLoader({ cwd: REPO }).forFile(path.join(REPO, 'fixtures/config/full-yaml/.cursor/rules/a.mdc'), {
      rules: RULES,
      cliConfigPath: path.join(REPO, 'fixtures/config/full-yaml/.promptlintrc.yaml'),
    });
    expect(config.model).toBe('gpt-4o');
    expect(config.rules['duplicate-instruction'][0]).toBe('off');
  });
});

describe('docs/configuration.md', () => {
  it('every JSON and YAML example is a valid configuration', async () => {
    const { parseConfigText } = await import('../../server/src/config/source.js');
    const { validateConfigShape, validateRules } = await import('../../server/src/config/validate.js');
    const text = fs.readFileSync(path.join(REPO, 'docs/configuration.md'), 'utf8');
    const blocks = [...text.matchAll(/^```(json|yaml)\n([\s\S]*?)^```$/gm)];
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    const metas = new Map(RULES.map((m) => [m.id, m] as const));
    for (const [, lang, body] of blocks) {
      const src = parseConfigText('/docs/example', body, lang === 'json' ? 'jsonc' : 'yaml');
      const value = src.value as Record<string, unknown>;
      const prefix = 'promptlint' in value ? ['promptlint'] : [];
      const raw = validateConfigShape(prefix.length ? value.promptlint : value, src, prefix);
      if (raw.rules) validateRules(raw.rules, metas, { src, path: [...prefix, 'rules'] });
      for (const [i, o] of (raw.overrides ?? []).entries()) if (o.rules) validateRules(o.rules, metas, { src, path: [...prefix, 'overrides', i, 'rules'] });
    }
  });
});
