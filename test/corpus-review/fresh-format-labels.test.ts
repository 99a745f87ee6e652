/**
 * The format findings that the session-14 review of the fresh corpus (/work/fresh-corpus beside the
 * checkout, npm packages; tuning data from session 15 on) judged false must not come back, matched by
 * fingerprint as in labels.test.ts: caps on different fields or files, one output template per command,
 * review comments read as code comments, a ban whose dash opens the alternative. Skips when that corpus
 * is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';
import { fingerprint } from './fingerprint.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../../fresh-corpus');
const RULES = new Set(['repeated-format-rule', 'conflicting-format-rule']);
const verdicts = fs
  .readFileSync(path.join(HERE, 'fresh/verdicts-2026-12-07-s14.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { rule: string; file: string; line: number; fingerprint: string; verdict: string; reason: string })
  .filter((v) => RULES.has(v.rule) && v.verdict === 'false');

/** Findings that session 15's changes added on the fresh corpus, judged by their author (fresh/labels-format-s15.jsonl). */
const added = fs
  .readFileSync(path.join(HERE, 'fresh/labels-format-s15.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { rule: string; file: string; line: number; fingerprint: string; verdict: string; reason: string });

describe('fresh-corpus format findings added in session 15 and judged true', () => {
  if (!fs.existsSync(path.join(ROOT, 'MANIFEST.tsv'))) {
    it.skip(`no fresh corpus at ${ROOT}`, () => {});
    return;
  }
  for (const v of added.filter((x) => x.verdict === 'true')) {
    it(`${v.file}:${v.line}`, () => {
      const text = fs.readFileSync(path.join(ROOT, v.file), 'utf8').replace(/^\uFEFF/, '');
      const doc = parseDocument(createSourceFile(path.join(ROOT, v.file), text));
      const found = new Set(lintDocument(doc, testConfig(), allRules.filter((r) => r.meta.id === v.rule)).findings.map((f) => fingerprint(text, f)));
      expect(found.has(v.fingerprint), `true finding gone: ${v.rule} ${v.file}:${v.line} (${v.reason})`).toBe(true);
    });
  }
});

describe('fresh-corpus format findings judged false', () => {
  it('are listed', () => expect(verdicts.length).toBe(9));
  if (!fs.existsSync(path.join(ROOT, 'MANIFEST.tsv'))) {
    it.skip(`no fresh corpus at ${ROOT}`, () => {});
    return;
  }
  for (const file of [...new Set(verdicts.map((v) => v.file))]) {
    it(file, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^\uFEFF/, '');
      const doc = parseDocument(createSourceFile(path.join(ROOT, file), text));
      const found = new Set(lintDocument(doc, testConfig(), allRules.filter((r) => RULES.has(r.meta.id))).findings.map((f) => fingerprint(text, f)));
      for (const v of verdicts.filter((x) => x.file === file)) expect(found.has(v.fingerprint), `false finding back: ${v.rule} ${file}:${v.line} (${v.reason})`).toBe(false);
    });
  }
});
