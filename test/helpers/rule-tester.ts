/**
 * ESLint-style rule tests: `valid` cases must produce nothing, `invalid` cases exactly the listed
 * errors; fixes are applied and compared with `output`, then re-linted until stable.
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../server/src/config/types.js';
import { applyEdits, selectCompatibleFixes } from '../../server/src/engine/edits.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import type { Finding, Rule } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from './config.js';

export interface ValidCase {
  readonly name?: string;
  readonly code: string;
  readonly filename?: string;
  readonly options?: Record<string, unknown>;
  readonly config?: Partial<ResolvedConfig>;
}

export interface ExpectedError {
  readonly messageId: string;
  readonly data?: Record<string, string | number>;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity?: 'error' | 'warning' | 'info';
  readonly suggestions?: number;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedError[];
  /** Text after applying all fixes until stable; required exactly when the rule fixes. */
  readonly output?: string;
}

export function lintCode(rule: Rule, c: ValidCase): Finding[] {
  const filename = c.filename ?? '/virtual/prompt.md';
  const doc = parseDocument(createSourceFile(filename, c.code));
  deepFreeze(doc);
  const config = testConfig({ ...c.config, rules: { [rule.meta.id]: ['error', c.options ?? {}] } });
  const outcome = lintDocument(doc, config, [rule]);
  if (outcome.ruleErrors.length) throw new Error(outcome.ruleErrors.join('\n'));
  return outcome.findings;
}

export function fixCode(rule: Rule, c: ValidCase): string {
  let text = c.code;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = lintCode(rule, { ...c, code: text }).filter((f) => f.fix?.length).map((f) => f.fix!);
    if (!fixes.length) return text;
    const next = applyEdits(text, selectCompatibleFixes(fixes)).text;
    if (next === text) return text;
    text = next;
  }
  throw new Error('fixes did not converge in 10 passes');
}

export function runRuleTests(rule: Rule, cases: { valid: readonly (string | ValidCase)[]; invalid: readonly InvalidCase[] }): void {
  const seen = new Set<string>();
  const key = (c: ValidCase) => JSON.stringify([c.code, c.filename, c.options, c.config]);
  describe(rule.meta.id, () => {
    for (const raw of cases.valid) {
      const c = typeof raw === 'string' ? { code: raw } : raw;
      it(`valid: ${c.name ?? c.code.slice(0, 60)}`, () => {
        expect(seen.has(key(c)), 'duplicate test case').toBe(false);
        seen.add(key(c));
        expect(lintCode(rule, c).map((f) => f.message)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name ?? c.code.slice(0, 60)}`, () => {
        expect(seen.has(key(c)), 'duplicate test case').toBe(false);
        seen.add(key(c));
        expect(c.errors.length, 'an invalid case lists at least one error').toBeGreaterThan(0);
        const findings = lintCode(rule, c);
        expect(findings.map((f) => f.messageId), findings.map((f) => f.message).join('\n')).toEqual(c.errors.map((e) => e.messageId));
        c.errors.forEach((e, i) => {
          const f = findings[i]!;
          expect(rule.meta.messages[e.messageId], `messageId ${e.messageId} exists`).toBeDefined();
          expect(f.message).not.toMatch(/\{\{/);
          if (e.line !== undefined) expect(f.start.line + 1, 'line').toBe(e.line);
          if (e.column !== undefined) expect(f.start.character + 1, 'column').toBe(e.column);
          if (e.endLine !== undefined) expect(f.end.line + 1, 'endLine').toBe(e.endLine);
          if (e.endColumn !== undefined) expect(f.end.character + 1, 'endColumn').toBe(e.endColumn);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          if (e.suggestions !== undefined) expect(f.suggest?.length ?? 0).toBe(e.suggestions);
          if (e.data) {
            const template = rule.meta.messages[e.messageId]!;
            const expected = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in e.data! ? String(e.data![k]) : m));
            if (!/\{\{/.test(expected)) expect(f.message).toBe(expected);
          }
        });
        const fixes = findings.some((f) => f.fix?.length);
        if (c.output !== undefined) {
          expect(rule.meta.fixable, 'a case with output needs a fixable rule').toBe(true);
          expect(c.output, 'output differs from code').not.toBe(c.code);
          const fixed = fixCode(rule, c);
          expect(fixed).toBe(c.output);
          expect(fixCode(rule, { ...c, code: fixed }), 'fixing again changes nothing').toBe(fixed);
        } else {
          expect(fixes, 'a case whose findings carry fixes must state output').toBe(false);
        }
      });
    }
  });
}

function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value && typeof value === 'object' && !seen.has(value as object)) {
    seen.add(value as object);
    for (const v of Object.values(value as object)) deepFreeze(v, seen);
    Object.freeze(value);
  }
  return value;
}
