/**
 * The persona and contradiction findings of fixtures/bloated/support-assistant.md: its persona is
 * stated at line 3 ("You are Nova, the customer support assistant …"), again in the "Who you are"
 * section (line 17, "Your name is Nova …") and in the closing reminder (line 522, "Remember that
 * you are Nova …"); its "Answer length" section holds two true contradictions: an 80-word limit for
 * every answer against "at least 300 words" for policy questions, and JSON against plain prose.
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

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/bloated/support-assistant.md');
const IDS = ['repeated-persona', 'conflicting-persona', 'conflicting-format-rule', 'conflicting-instruction'];

describe('bloated fixture: personas and contradictions', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const doc = parseDocument(createSourceFile(FIXTURE, text));
  const rules = allRules.filter((r) => IDS.includes(r.meta.id));
  const config = testConfig({ rules: Object.fromEntries(IDS.map((id) => [id, ['error', {}]])) as never });
  const outcome = lintDocument(doc, config, rules);
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const found = outcome.findings.map((f) => ({
    ruleId: f.ruleId,
    line: lineOf(f.range.start),
    related: f.related?.map((r) => lineOf(r.range.start)),
  }));

  it('runs every rule without errors', () => {
    expect(rules.map((r) => r.meta.id).sort()).toEqual([...IDS].sort());
    expect(outcome.ruleErrors).toEqual([]);
  });

  it('reports the persona restatements and the true contradictions, nothing else', () => {
    expect(found).toEqual([
      { ruleId: 'repeated-persona', line: 17, related: [3] },
      { ruleId: 'conflicting-format-rule', line: 260, related: [256] },
      { ruleId: 'conflicting-format-rule', line: 262, related: [261] },
      { ruleId: 'repeated-persona', line: 522, related: [3] },
    ].sort((a, b) => a.line - b.line));
  });
});
