/**
 * The persona rules share one entry list (and so one relation index) per document, and
 * nearDuplicate keeps each unit's comparison text: the findings are those of each rule run alone
 * on a fresh document, in either order.
 */
import { describe, expect, it } from 'vitest';
import conflictingPersona from '../../rules/conflicting-persona.js';
import { nearDuplicate } from '../../rules/lib/pairs.js';
import repeatedPersona from '../../rules/repeated-persona.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import type { Rule } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';

const TEXT = [
  '# Role',
  '',
  'You are a senior data analyst.',
  '',
  'You are a pastry chef.',
  '',
  '## Later',
  '',
  'You are a data analyst.',
  '',
  'You are a tax lawyer. Answer briefly.',
  '',
  'You are a senior data analyst!',
  '',
  'You are a pastry chef for weddings.',
  '',
].join('\n');

const doc = () => parseDocument(createSourceFile('/virtual/personas.md', TEXT));
const config = (rules: readonly Rule[]) => testConfig({ rules: Object.fromEntries(rules.map((r) => [r.meta.id, ['error', {}]])) });
const run = (rules: readonly Rule[], d = doc()) => {
  const outcome = lintDocument(d, config(rules), rules);
  expect(outcome.ruleErrors).toEqual([]);
  return outcome.findings.map((f) => JSON.stringify(f));
};

describe('persona rules sharing one entry list', () => {
  it('report what each reports alone, in either order', () => {
    const alone = [...run([conflictingPersona]), ...run([repeatedPersona])].sort();
    expect(alone.some((f) => f.includes('"conflicting-persona"'))).toBe(true);
    expect(alone.some((f) => f.includes('"repeated-persona"'))).toBe(true);
    expect(run([conflictingPersona, repeatedPersona]).sort()).toEqual(alone);
    expect(run([repeatedPersona, conflictingPersona]).sort()).toEqual(alone);
    // a document linted twice (the language server keeps documents) gives the same findings
    const d = doc();
    expect(run([repeatedPersona, conflictingPersona], d)).toEqual(run([repeatedPersona, conflictingPersona], d));
  });

  it('nearDuplicate answers alike on cached and fresh units', () => {
    const a = doc().prompts[0]!.units;
    const b = doc().prompts[0]!.units;
    for (const x of a) {
      for (const y of a) expect(nearDuplicate(x, y)).toBe(nearDuplicate(b[x.index]!, b[y.index]!));
    }
    const first = a.find((u) => u.text === 'You are a senior data analyst.')!;
    const again = a.find((u) => u.text === 'You are a senior data analyst!')!;
    expect(nearDuplicate(first, again)).toBe(true);
    expect(nearDuplicate(first, a.find((u) => u.text === 'You are a pastry chef.')!)).toBe(false);
  });
});
