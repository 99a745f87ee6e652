/**
 * What `--fix` may delete (issue 12, items 6, 7, 10, 11): only a unit whose text the model reads is
 * identical to a surviving one. Pairs that differ in a symbol that carries meaning are not
 * duplicates at all; pairs that differ only in case, punctuation, markup or filler get a suggestion,
 * never a fix. Fixes never take a suppressed unit with them, re-encode YAML scalars, and leave no
 * trailing space.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import rule from '../../rules/duplicate-instruction.js';
import { fixCode, lintCode } from '../helpers/rule-tester.js';

const lint = (code: string, filename?: string) => lintCode(rule, { code, filename });
const fix = (code: string, filename?: string) => fixCode(rule, { code, filename });

describe('duplicate-instruction: symbols that carry meaning keep two units apart', () => {
  const pairs: [string, string, string][] = [
    ['✅ / ❌', '- ✅ Use early returns to reduce nesting.', '- ❌ Use early returns to reduce nesting.'],
    ['< / >', '- Flag the order when the amount is < 100 dollars.', '- Flag the order when the amount is > 100 dollars.'],
    ['different link targets', '- Read the [style guide](docs/style.md) before writing any code.', '- Read the [style guide](docs/legacy.md) before writing any code.'],
    ['struck-through / live', '- ~~Store the secrets in the config file for now.~~', '- Store the secrets in the config file for now.'],
    ['👍 / 👎', '- 👍 Write one assertion per test case.', '- 👎 Write one assertion per test case.'],
    ['C# / C++', '- Write the service layer in C# with async methods.', '- Write the service layer in C++ with async methods.'],
    ['$5 / €5', '- Charge a flat fee of $5 per extra seat.', '- Charge a flat fee of €5 per extra seat.'],
  ];
  for (const [name, a, b] of pairs) {
    it(`${name}: not reported, not deleted`, () => {
      const code = `# Rules\n\n${a}\n${b}\n`;
      expect(lint(code)).toEqual([]);
      expect(fix(code)).toBe(code);
    });
    it(`${name}: in paragraphs too`, () => {
      const code = `${a.slice(2)}\n\n${b.slice(2)}\n`;
      expect(lint(code)).toEqual([]);
      expect(fix(code)).toBe(code);
    });
  }
});

describe('duplicate-instruction: only raw-identical text is deleted by the fix', () => {
  it('case, punctuation, markup and filler differences get a suggestion, never a fix', () => {
    const code = '- Run the full test suite before every commit.\n- **Please make sure to** RUN the full test suite before every commit!\n';
    const findings = lint(code);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fix).toBeUndefined();
    expect(findings[0]!.suggest).toHaveLength(1);
    expect(fix(code)).toBe(code);
  });

  it('emphasis alone makes another text: suggestion only', () => {
    const code = '- Never commit generated files to the repository.\n- **Never** commit generated files to the repository.\n';
    expect(lint(code)[0]!.fix).toBeUndefined();
    expect(fix(code)).toBe(code);
  });

  it('differences in whitespace, line breaks and the list marker are the same text: fixed', () => {
    const code = '- Keep each commit focused on one change.\n* Keep  each commit\n  focused on one change.\n';
    expect(fix(code)).toBe('- Keep each commit focused on one change.\n');
  });

  it('a checked and an unchecked task item are different texts', () => {
    const code = '- [x] Migrate the billing tables to the new schema.\n- [ ] Migrate the billing tables to the new schema.\n';
    expect(fix(code)).toBe(code);
  });
});

describe('duplicate-instruction: suppressions hold under merged fixes', () => {
  it('the line under disable-next-line is never deleted', () => {
    const code =
      '- Keep each commit focused on one change.\n<!-- prompt-lint-disable-next-line duplicate-instruction -->\n- Keep each commit focused on one change.\n- Keep each commit focused on one change.\n';
    expect(fix(code)).toBe('- Keep each commit focused on one change.\n<!-- prompt-lint-disable-next-line duplicate-instruction -->\n- Keep each commit focused on one change.\n');
  });

  it('a suppressed sentence survives its deleted neighbours', () => {
    const code =
      'Keep answers short and to the point.\n\n<!-- prompt-lint-disable-next-line duplicate-instruction -->\nKeep answers short and to the point.\nKeep answers short and to the point. Keep answers short and to the point.\n';
    expect(fix(code)).toBe('Keep answers short and to the point.\n\n<!-- prompt-lint-disable-next-line duplicate-instruction -->\nKeep answers short and to the point.\n');
  });
});

describe('duplicate-instruction: merged sentence deletions', () => {
  it('"X. X. X." becomes "X." with no trailing space', () => {
    const s = 'Keep answers short and to the point.';
    expect(fix(`${s} ${s} ${s}\n`)).toBe(`${s}\n`);
    expect(fix(`Intro line here.\n\n${s} ${s} ${s}\n\nLast line here.\n`)).toBe(`Intro line here.\n\n${s}\n\nLast line here.\n`);
  });
});

describe('duplicate-instruction: fixes in YAML re-encode the scalar', () => {
  const u = 'Mark a ticket urgent when a customer cannot log in.';
  const cases: { name: string; code: string; expected: string }[] = [
    { name: 'folded scalar', code: `system: >\n  ${u}\n  Reply with one label.\n  ${u}\n  Keep it short.\n`, expected: `${u} Reply with one label. Keep it short.\n` },
    { name: 'folded scalar, duplicate last', code: `system: >\n  ${u}\n  Keep it short.\n  ${u}\nother: 1\n`, expected: `${u} Keep it short.\n` },
    { name: 'literal scalar', code: `system: |\n  ${u}\n  Reply with one label.\n  ${u}\n`, expected: `${u}\nReply with one label.\n` },
    { name: 'double-quoted with a \\t escape', code: `system: "${u}\\t${u}\\tKeep it short."\n`, expected: `${u}\tKeep it short.` },
    { name: 'double-quoted, escape before the duplicate', code: `system: "Keep it short.\\t${u} ${u}"\n`, expected: `Keep it short.\t${u}` },
    { name: 'double-quoted with \\n escapes', code: `system: "${u}\\n${u}\\nKeep it short."\n`, expected: `${u}\nKeep it short.` },
    { name: 'single-quoted', code: `system: '${u} It''s urgent. ${u}'\n`, expected: `${u} It's urgent.` },
    { name: 'plain multi-line', code: `system: ${u}\n  Keep it short.\n  ${u}\n`, expected: `${u} Keep it short.` },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = parseYaml(c.code) as { system: string };
      expect(lint(c.code, '/virtual/p.prompt.yml').length, 'the duplicate is reported').toBeGreaterThan(0);
      const out = fix(c.code, '/virtual/p.prompt.yml');
      const after = parseYaml(out) as Record<string, unknown>;
      expect(after.system).toBe(c.expected);
      expect(after.system).not.toBe(before.system);
      // everything else is untouched
      expect({ ...after, system: undefined }).toEqual({ ...(before as Record<string, unknown>), system: undefined });
    });
  }
});
