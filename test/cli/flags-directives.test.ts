/** `--rule __proto__=…` and directives listing thousands of unknown ids (issue 12 item 16). */
import { describe, expect, it } from 'vitest';
import { parseRuleFlags } from '../../server/src/cli/rule-flags.js';
import { cli, tempTree } from '../helpers/cli.js';

describe('--rule with prototype keys', () => {
  for (const flag of ['__proto__=error', '__proto__=["error",{}]', 'constructor=warn', 'hasOwnProperty=off']) {
    it(`--rule ${flag} is an unknown rule (exit 2), not accepted silently`, () => {
      const dir = tempTree({ 'CLAUDE.md': '# Rules\n\n- Be brief.\n' });
      const r = cli(['--rule', flag, 'CLAUDE.md'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`unknown rule "${flag.split('=')[0]}"`);
    });
  }

  it('parseRuleFlags keeps __proto__ as an own key and leaves Object.prototype alone', () => {
    const parsed = parseRuleFlags(['__proto__=error', 'a=warn']);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).error).toBeUndefined();
  });
});

describe('a directive with thousands of unknown ids', () => {
  it('20,000 unknown ids in one comment give 10 findings, the last counting the rest; a repeated id once', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `no-such-rule-${i}`);
    const text = `# Rules\n\n<!-- prompt-lint-disable-next-line ${ids.join(' ')} no-such-rule-0 -->\n- Be brief.\n`;
    const dir = tempTree({ 'CLAUDE.md': text });
    const r = cli(['-f', 'json', 'CLAUDE.md'], { cwd: dir });
    expect(r.status).toBe(1);
    const [report] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string; line: number; column: number; endColumn: number }[] }[];
    const found = report!.messages.filter((m) => m.ruleId === 'invalid-directive');
    expect(found).toHaveLength(10);
    expect(found.slice(0, 9).map((m) => m.message)).toEqual(ids.slice(0, 9).map((id) => `Unknown rule \`${id}\` in a prompt-lint directive`));
    expect(found[9]!.message).toBe('19991 more unknown rules in this prompt-lint directive');
    // The summary spans from the 10th id to the last unknown one.
    const line = text.split('\n')[2]!;
    expect(found[9]!.column).toBe(line.indexOf('no-such-rule-9 ') + 1);
  });

  it('a few unknown ids are each reported, a repeated one once', () => {
    const dir = tempTree({ 'CLAUDE.md': '# Rules\n\n<!-- prompt-lint-disable-next-line nope-a nope-b nope-a -->\n- Be brief.\n' });
    const r = cli(['-f', 'json', 'CLAUDE.md'], { cwd: dir });
    const [report] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
    expect(report!.messages.filter((m) => m.ruleId === 'invalid-directive').map((m) => m.message)).toEqual([
      'Unknown rule `nope-a` in a prompt-lint directive',
      'Unknown rule `nope-b` in a prompt-lint directive',
    ]);
  });
});
