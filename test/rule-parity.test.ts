/**
 * Every registered rule has its file, docs page, fixtures, README row and schema, and they agree;
 * the docs' Incorrect examples trigger the rule and the Correct ones do not (ESLint's checkRuleFiles
 * and check-rule-examples, markdownlint's readme test).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { BudgetConfig } from '../server/src/config/types.js';
import { lintDocument } from '../server/src/engine/linter.js';
import { createSourceFile } from '../server/src/model/source.js';
import { parseDocument } from '../server/src/parse/index.js';
import { allRules, docsUrl } from '../rules/index.js';
import { testConfig } from './helpers/config.js';
import { REPO, tempTree } from './helpers/cli.js';
import { Engine } from '../server/src/engine/engine.js';

const SECTIONS = ['Why it costs', 'Incorrect', 'Correct', 'Options', 'How to fix', 'When not to use it'];
const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

interface Example {
  readonly kind: 'Incorrect' | 'Correct';
  readonly lang: string;
  readonly code: string;
  readonly config: { options?: Record<string, unknown>; budgets?: BudgetConfig[]; file?: string };
}

/** Fenced examples under the Incorrect/Correct headings; `<!-- example-config {...} -->` before a fence configures it. */
function examples(doc: string): Example[] {
  const out: Example[] = [];
  let kind: Example['kind'] | undefined;
  let config: Example['config'] = {};
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      kind = heading[1] === 'Incorrect' || heading[1] === 'Correct' ? heading[1] : undefined;
      config = {};
      continue;
    }
    const cfg = /^<!-- example-config (.+) -->$/.exec(line);
    if (cfg) config = JSON.parse(cfg[1]!);
    const fence = /^(`{3,})(\w*)\s*$/.exec(line);
    if (fence && kind) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== fence[1]; i++) body.push(lines[i]!);
      out.push({ kind, lang: fence[2] || 'markdown', code: body.join('\n') + '\n', config });
    }
  }
  return out;
}

const extFor = (lang: string) => (lang === 'yaml' ? 'prompt.yml' : lang === 'text' ? 'txt' : 'md');

describe('rule parity', () => {
  it('the registry is sorted by id and ids are unique kebab-case', () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  for (const rule of allRules) {
    const { id, description } = rule.meta;
    describe(id, () => {
      const docPath = path.join(REPO, 'docs/rules', `${id}.md`);

      it('has a rule file, a docs page with the fixed sections, and a README row', () => {
        expect(fs.existsSync(path.join(REPO, 'rules', `${id}.ts`))).toBe(true);
        const doc = fs.readFileSync(docPath, 'utf8');
        const lines = doc.split('\n');
        expect(lines[0]).toBe(`# ${id}`);
        expect(doc).toContain(description);
        const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
        expect(headings).toEqual(SECTIONS);
        expect(doc).toMatch(new RegExp(`Fixable: ${rule.meta.fixable ? 'yes' : 'no'}`));
        expect(readme).toContain(`| [${id}](docs/rules/${id}.md) | ${description} |`);
        expect(docsUrl(id)).toMatch(new RegExp(`^https://.+/docs/rules/${id}\\.md$`));
      });

      it('has a valid options schema that accepts its default options, and messages without typos', () => {
        const ajv = new Ajv({ strict: false });
        const validate = ajv.compile(rule.meta.schema);
        expect(validate(rule.meta.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
        expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
        for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z]*$/);
      });

      it('has fixture folders with valid and invalid cases (or is a meta rule)', () => {
        const dir = path.join(REPO, 'fixtures/rules', id);
        // parse-error and invalid-directive are covered by parser and engine tests; the rules over
        // agents' effective contexts by their tests on repositories in temp dirs (test/rules/<id>.test.ts)
        const meta = rule.meta.tags.includes('syntax') || rule.meta.tags.includes('directives') || !rule.check;
        if (meta) return; // parse-error and invalid-directive are covered by parser and engine tests
        expect(fs.readdirSync(path.join(dir, 'invalid')).length).toBeGreaterThan(0);
        expect(fs.readdirSync(path.join(dir, 'valid')).length).toBeGreaterThan(0);
      });

      it('its docs examples behave: Incorrect triggers the rule, Correct does not', async () => {
        const list = examples(fs.readFileSync(docPath, 'utf8'));
        expect(list.some((e) => e.kind === 'Incorrect')).toBe(true);
        if (!rule.check) {
          // a rule over agents' effective contexts: the example is the file `config.file` of a repository
          for (const example of list) {
            const file = example.config.file ?? 'CLAUDE.md';
            const cwd = tempTree({ [file]: example.code, '.promptlintrc.json': JSON.stringify({ root: true, rules: { [id]: ['error', example.config.options ?? {}] } }) });
            const reports = await new Engine({ cwd }).lintFiles([path.join(cwd, file)]);
            expect(reports.flatMap((r) => r.ruleErrors)).toEqual([]);
            const found = reports.flatMap((r) => r.findings).filter((f) => f.ruleId === id);
            if (example.kind === 'Incorrect') expect(found.length, example.code).toBeGreaterThan(0);
            else expect(found.map((f) => f.message), example.code).toEqual([]);
          }
          return;
        }
        for (const example of list) {
          const file = path.join('/virtual', `example.${extFor(example.lang)}`);
          const doc = parseDocument(createSourceFile(file, example.code));
          const config = testConfig({
            rules: { [id]: ['error', example.config.options ?? {}] },
            budgets: (example.config.budgets ?? []).map((value) => ({ value, baseDir: '/virtual', source: docPath })),
          });
          const outcome = lintDocument(doc, config, [rule]);
          expect(outcome.ruleErrors).toEqual([]);
          if (example.kind === 'Incorrect') expect(outcome.findings.length, example.code).toBeGreaterThan(0);
          else expect(outcome.findings.map((f) => f.message), example.code).toEqual([]);
        }
      });
    });
  }
});
