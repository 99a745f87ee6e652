/**
 * Walks fixtures/rules/<id>/{valid,invalid}/: each fixture is linted with its rule alone and the
 * findings compared with `<name>.expected.txt` (`line:col-line:col: message [rule-id]`); where a
 * `<name>.fixed.<ext>` exists, fixes are applied until stable and compared with it, then re-linted
 * to prove that no fixable finding is left and that fixing again changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BudgetConfig, ResolvedConfig } from '../../server/src/config/types.js';
import { applyEdits, selectCompatibleFixes } from '../../server/src/engine/edits.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import type { Finding } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { allRules } from '../../rules/index.js';
import { testConfig } from '../helpers/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/rules');

interface FixtureConfig {
  options?: Record<string, unknown>;
  budgets?: BudgetConfig[];
  model?: string;
  callsPerDay?: number;
}

const isFixture = (name: string) => !/\.(expected\.txt|config\.json)$/.test(name) && !/\.fixed\.[^.]+$/.test(name);

function configFor(ruleId: string, file: string): ResolvedConfig {
  const configPath = file.replace(/(\.[^./]+)$/, '') + '.config.json';
  const fc: FixtureConfig = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
  return testConfig({
    rules: { [ruleId]: ['error', fc.options ?? {}] },
    budgets: (fc.budgets ?? []).map((value) => ({ value, baseDir: path.dirname(file), source: configPath })),
    ...(fc.model ? { model: fc.model } : {}),
    ...(fc.callsPerDay ? { callsPerDay: fc.callsPerDay } : {}),
  });
}

function lint(ruleId: string, file: string, text: string): Finding[] {
  const rule = allRules.find((r) => r.meta.id === ruleId)!;
  const doc = parseDocument(createSourceFile(file, text));
  const outcome = lintDocument(doc, configFor(ruleId, file), [rule]);
  expect(outcome.ruleErrors).toEqual([]);
  return outcome.findings;
}

const show = (f: Finding) =>
  `${f.start.line + 1}:${f.start.character + 1}-${f.end.line + 1}:${f.end.character + 1}: ${f.message} [${f.ruleId}]`;

const ruleDirs = fs.existsSync(ROOT) ? fs.readdirSync(ROOT).sort() : [];

describe('rule fixtures', () => {
  it('every fixture folder names a registered rule', () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    expect(ruleDirs.filter((d) => !ids.has(d))).toEqual([]);
  });

  for (const ruleId of ruleDirs) {
    for (const kind of ['valid', 'invalid'] as const) {
      const dir = path.join(ROOT, ruleId, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).filter(isFixture).sort()) {
        const file = path.join(dir, name);
        it(`${ruleId}/${kind}/${name}`, () => {
          const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
          const findings = lint(ruleId, file, text);
          const expectedPath = file.replace(/(\.[^./]+)$/, '') + '.expected.txt';
          if (kind === 'valid') {
            expect(findings.map(show)).toEqual([]);
            return;
          }
          expect(fs.existsSync(expectedPath), `${expectedPath} exists`).toBe(true);
          const expected = fs.readFileSync(expectedPath, 'utf8').split('\n').filter((l) => l.trim());
          expect(expected.length).toBeGreaterThan(0);
          expect(findings.map(show)).toEqual(expected);

          const ext = path.extname(name);
          const fixedPath = file.slice(0, -ext.length) + '.fixed' + ext;
          const fixable = findings.filter((f) => f.fix?.length);
          if (!fs.existsSync(fixedPath)) {
            expect(fixable.map(show), 'findings with fixes need a .fixed file').toEqual([]);
            return;
          }
          let current = text;
          for (let pass = 0; pass < 10; pass++) {
            const fixes = lint(ruleId, file, current).filter((f) => f.fix?.length).map((f) => f.fix!);
            if (!fixes.length) break;
            current = applyEdits(current, selectCompatibleFixes(fixes)).text;
          }
          expect(current).toBe(fs.readFileSync(fixedPath, 'utf8'));
          expect(lint(ruleId, file, current).filter((f) => f.fix?.length).map(show)).toEqual([]);
        });
      }
    }
  }
});
