/**
 * `--fix` over a copy of the real corpus (../shared/corpus, when present; its text stays out of the
 * repository): with duplicate-instruction alone (the rule whose fix deletes units), a second `--fix`
 * changes nothing, and an oracle that shares none of the fixer's parsing or normalization
 * (test/helpers/deletion-oracle.ts) finds, for every deleted unit, its raw text still standing in
 * the fixed file. YAML files are compared as their decoded strings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ruleIds } from '../../rules/index.js';
import { cli } from '../helpers/cli.js';
import { corpusPresent as present, corpusRoot as CORPUS } from '../helpers/corpus.js';
import { deletionViolations, yamlDeletionViolations } from '../helpers/deletion-oracle.js';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

const yamlValues = (text: string) => parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' } as never).map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);

describe.skipIf(!present)('--fix over the corpus (duplicate-instruction)', () => {
  it('is idempotent and deletes only units whose raw text survives', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-fix-oracle-'));
    try {
      fs.cpSync(path.join(CORPUS, 'files'), path.join(root, 'files'), { recursive: true });
      const rules = Object.fromEntries([...ruleIds].map((id) => [id, id === 'duplicate-instruction' ? 'warn' : 'off']));
      fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ root: true, rules }));
      const files = filesUnder(path.join(root, 'files'));
      // shared/ is laid out read-only, and --fix refuses read-only files: make the copies writable
      const writable = (dir: string): void => {
        fs.chmodSync(dir, 0o755);
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) writable(p);
          else if (e.isFile()) fs.chmodSync(p, 0o644);
        }
      };
      writable(path.join(root, 'files'));
      const before = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));

      const first = cli(['--fix', '--format', 'json', 'files'], { cwd: root });
      expect(first.stderr).not.toMatch(/internal error/);
      expect([0, 1]).toContain(first.status);
      const after = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
      const second = cli(['--fix', '--format', 'json', 'files'], { cwd: root });
      expect([0, 1]).toContain(second.status);
      const again = files.filter((f) => fs.readFileSync(f, 'utf8') !== after.get(f));
      expect(again.map((f) => path.relative(root, f)), 'a second --fix changes nothing').toEqual([]);

      const problems: string[] = [];
      let changed = 0;
      for (const f of files) {
        const a = before.get(f)!;
        const b = after.get(f)!;
        if (a === b) continue;
        changed++;
        const rel = path.relative(root, f);
        if (/\.ya?ml$/i.test(f)) {
          let x: unknown[];
          let y: unknown[];
          try {
            x = yamlValues(a);
            y = yamlValues(b);
          } catch (error) {
            problems.push(`${rel}: ${(error as Error).message}`);
            continue;
          }
          problems.push(...yamlDeletionViolations(x, y).map((p) => `${rel}${p}`));
        } else {
          problems.push(...deletionViolations(a.replace(/^\uFEFF/, ''), b.replace(/^\uFEFF/, '')).map((p) => `${rel}: ${p}`));
        }
      }
      console.log(`--fix oracle: ${files.length} corpus files, ${changed} changed by --fix, ${problems.length} deletions without a surviving twin`);
      if (problems.length) console.log(problems.slice(0, 30).join("\n"));
      expect(problems.slice(0, 30)).toEqual([]);
      expect(changed).toBeGreaterThan(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 900_000);
});

if (!present) console.log(`--fix corpus oracle skipped: no corpus at ${CORPUS}`);
