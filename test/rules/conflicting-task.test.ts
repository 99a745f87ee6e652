/**
 * The conflict rules across the files of a task: a finding lands on the file of the later
 * statement, names that file, and points at the other file as related information.
 */
import { describe, expect, it } from 'vitest';
import conflictingFormatRule from '../../rules/conflicting-format-rule.js';
import conflictingInstruction from '../../rules/conflicting-instruction.js';
import conflictingPersona from '../../rules/conflicting-persona.js';
import { lintTask, modelFor } from '../../server/src/engine/linter.js';
import type { Rule } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';

function runTask(rule: Rule, first: string, second: string) {
  const config = testConfig({ rules: { [rule.meta.id]: ['error', {}] } });
  const a = parseDocument(createSourceFile('/virtual/AGENTS.md', first));
  const b = parseDocument(createSourceFile('/virtual/CLAUDE.md', second));
  return lintTask({ name: 't', docs: [a, b], model: modelFor('gpt-4o', {}), warnAt: 0.8 }, config, [rule]);
}

describe('conflict rules across the files of a task', () => {
  it('conflicting-instruction reads a bare "always" in a file with no prohibition of its own', () => {
    const { findings, ruleErrors } = runTask(conflictingInstruction, '# Rules\n\nAlways use strict mode.\n', '# More rules\n\nNever use strict mode.\n');
    expect(ruleErrors).toEqual([]);
    expect(findings.map((f) => [f.path, f.start.line + 1])).toEqual([['/virtual/CLAUDE.md', 3]]);
    expect(findings[0]!.related?.map((r) => [r.path, r.start.line + 1])).toEqual([['/virtual/AGENTS.md', 3]]);
  });

  it('conflicting-instruction reads a waiver in one file against the requirement in another, and names the other file', () => {
    const { findings, ruleErrors } = runTask(conflictingInstruction, '# Rules\n\n- Screenshots are required for every UI change.\n', '# More rules\n\nIntro line.\n\nFor UI changes you do not need to add screenshots.\n');
    expect(ruleErrors).toEqual([]);
    expect(findings.map((f) => [f.path, f.start.line + 1])).toEqual([['/virtual/CLAUDE.md', 5]]);
    expect(findings[0]!.message).toContain('AGENTS.md:3');
    expect(findings[0]!.related?.map((r) => [r.path, r.start.line + 1])).toEqual([['/virtual/AGENTS.md', 3]]);
  });

  it('conflicting-instruction keeps a scoped waiver apart from a requirement in another file', () => {
    const { findings } = runTask(conflictingInstruction, '# Rules\n\nScreenshots are required.\n', '# More rules\n\nScreenshots are optional in `docs/`.\n');
    expect(findings).toEqual([]);
  });

  it('conflicting-format-rule reports on the later file, even past the end of the first one', () => {
    const { findings, ruleErrors } = runTask(conflictingFormatRule, 'Respond in English.\n', 'Some context first.\n\nMore context.\n\nAlways respond in French.\n');
    expect(ruleErrors).toEqual([]);
    expect(findings.map((f) => [f.path, f.start.line + 1])).toEqual([['/virtual/CLAUDE.md', 5]]);
    expect(findings[0]!.related?.map((r) => r.path)).toEqual(['/virtual/AGENTS.md']);
  });

  it('conflicting-persona reports on the later file', () => {
    const { findings, ruleErrors } = runTask(conflictingPersona, 'You are Nova, the assistant of a bank.\n', 'Some context.\n\nYour name is Max.\n');
    expect(ruleErrors).toEqual([]);
    expect(findings.map((f) => [f.path, f.start.line + 1])).toEqual([['/virtual/CLAUDE.md', 3]]);
    expect(findings[0]!.related?.map((r) => r.path)).toEqual(['/virtual/AGENTS.md']);
  });
});
