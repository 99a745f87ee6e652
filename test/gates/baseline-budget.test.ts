/** A baseline never hides a budget overrun that grew (issue 13.12). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { runCli } from './helpers.js';

const line = (i: number) => `- Step ${i}: check the invoice number against the ledger before you answer.\n`;
const prompt = (lines: number) => `# Billing\n\n${Array.from({ length: lines }, (_, i) => line(i + 1)).join('')}`;
const config = (budget: Record<string, unknown>) => JSON.stringify({ root: true, model: 'gpt-4o', budgets: [{ files: 'CLAUDE.md', ...budget }] });

interface JsonResult {
  messages: { ruleId: string; message: string; line: number }[];
}
const budgetMessages = (stdout: string) => (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages).filter((m) => m.ruleId === 'token-budget');

describe('baseline and budgets', () => {
  it('an overrun recorded at one size is suppressed while it does not grow, reported as soon as it does', async () => {
    const cwd = tempTree({ '.promptlintrc.json': config({ maxTokens: 250 }), 'CLAUDE.md': prompt(20) });
    const before = budgetMessages((await runCli(['--format', 'json'], cwd)).stdout);
    expect(before).toHaveLength(1);
    const crossing = before[0]!.line;
    expect((await runCli(['--baseline-write', 'baseline.json'], cwd)).status).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(cwd, 'baseline.json'), 'utf8')) as { budgets: Record<string, Record<string, number>> };
    const recorded = Object.values(written.budgets['CLAUDE.md']!)[0]!;
    expect(before[0]!.message).toContain(`is ${recorded} tokens`);

    // Same file: suppressed.
    expect(await runCli(['--baseline', 'baseline.json'], cwd)).toMatchObject({ status: 0 });

    // The file grows at its end (322 → 922 tokens in the issue): the crossing line is the same line
    // with the same text, but the overrun grew, so it is reported and the run fails.
    fs.writeFileSync(path.join(cwd, 'CLAUDE.md'), prompt(60));
    const grown = await runCli(['--baseline', 'baseline.json', '--format', 'json'], cwd);
    expect(grown.status).toBe(1);
    const [finding] = budgetMessages(grown.stdout);
    expect(finding!.line).toBe(crossing);
    expect(Number(/is ([\d,]+) tokens/.exec(finding!.message)![1]!.replace(/,/g, ''))).toBeGreaterThan(recorded * 2);

    // Shrunk, still over: the debt is being paid down, still suppressed.
    fs.writeFileSync(path.join(cwd, 'CLAUDE.md'), prompt(18));
    const shrunk = await runCli(['--baseline', 'baseline.json', '--format', 'json'], cwd);
    expect(budgetMessages(shrunk.stdout)).toEqual([]);
    expect(shrunk.status).toBe(0);
  });

  it('a cost budget and a task are measured the same way; a baseline of the old format reports every budget finding', async () => {
    const cwd = tempTree({
      '.promptlintrc.json': JSON.stringify({ root: true, model: 'gpt-4o', tasks: [{ name: 'support', files: ['CLAUDE.md', 'AGENTS.md'], maxCostPerDay: 1, callsPerDay: 10000 }] }),
      'CLAUDE.md': prompt(10),
      'AGENTS.md': prompt(10),
    });
    expect(budgetMessages((await runCli(['--format', 'json'], cwd)).stdout)).toHaveLength(1);
    expect((await runCli(['--baseline-write', 'b.json'], cwd)).status).toBe(0);
    expect((await runCli(['--baseline', 'b.json'], cwd)).status).toBe(0);
    fs.appendFileSync(path.join(cwd, 'AGENTS.md'), line(99));
    expect((await runCli(['--baseline', 'b.json'], cwd)).status).toBe(1);

    // Written before budgets were measured: the fingerprint entry no longer suppresses the budget finding.
    fs.writeFileSync(path.join(cwd, 'AGENTS.md'), prompt(10));
    const b = JSON.parse(fs.readFileSync(path.join(cwd, 'b.json'), 'utf8')) as { budgets?: unknown; files: Record<string, unknown> };
    delete b.budgets;
    b.files['CLAUDE.md'] = { 'token-budget': { '0123456789abcdef': 1 } };
    fs.writeFileSync(path.join(cwd, 'b.json'), JSON.stringify(b));
    const old = await runCli(['--baseline', 'b.json'], cwd);
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('1 baseline entry no longer matches');
  });
});
