/**
 * Walks fixtures/contexts/<rule-id>/{valid,invalid}/<case>/: each case is a small repository,
 * copied to a temp dir (outside this project's git repository) and linted with the real agent
 * resolvers and no configuration beyond the case's own. The rule's findings, as
 * `file:line:col severity`, must equal the case's expected.txt (positions worked out by hand).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { ruleIds } from '../../rules/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/contexts');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('rules over effective contexts: fixture repositories', () => {
  const ruleDirs = fs.readdirSync(ROOT).sort();
  it('every folder names a registered rule', () => {
    expect(ruleDirs.filter((d) => !ruleIds.has(d))).toEqual([]);
  });
  for (const id of ruleDirs) {
    for (const kind of ['valid', 'invalid'] as const) {
      const dir = path.join(ROOT, id, kind);
      it(`${id} has ${kind} cases`, () => expect(fs.readdirSync(dir).length).toBeGreaterThan(0));
      for (const name of fs.readdirSync(dir).sort()) {
        it(`${id}/${kind}/${name}`, async () => {
          const cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-ctx-')));
          fs.cpSync(path.join(dir, name), cwd, { recursive: true });
          const files = filesUnder(cwd).filter((f) => !/expected\.txt$|\.promptlintrc\.json$/.test(f));
          const reports = await new Engine({ cwd }).lintFiles(files);
          expect(reports.flatMap((r) => r.ruleErrors)).toEqual([]);
          const found = reports
            .flatMap((r) => r.findings)
            .filter((f) => f.ruleId === id)
            .map((f) => `${path.relative(cwd, f.path)}:${f.start.line + 1}:${f.start.character + 1} ${f.severity}`)
            .sort();
          const expectedPath = path.join(cwd, 'expected.txt');
          const expected = kind === 'valid' ? [] : fs.readFileSync(expectedPath, 'utf8').split('\n').filter(Boolean).sort();
          if (kind === 'invalid') expect(expected.length).toBeGreaterThan(0);
          expect(found).toEqual(expected);
          fs.rmSync(cwd, { recursive: true, force: true });
        });
      }
    }
  }
});
