/**
 * `prompt-lint budget --base`: what each agent loads (its effective context), base against head, on
 * a real git repository. A pull request that adds an import to CLAUDE.md grows Claude Code's
 * context while CLAUDE.md itself barely changes; the gate shows it, applies the growth limits to
 * it, and enforces the agent's budget from the `agents` setting.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import type { BudgetDiff } from '../../server/src/gates/budget-diff.js';
import { commit, initRepo, runCli } from './helpers.js';

const enc = new Tiktoken(o200k);
const count = (text: string) => enc.encode(text, [], []).length;

const lines = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `- For ${topic} case ${i + 1}, follow the checklist in order and report back.`).join('\n') + '\n';
const CLAUDE_1 = `# Project\n\n${lines('build', 4)}`;
const CLAUDE_2 = `${CLAUDE_1}\n@docs/testing.md\n`;
const TESTING = `# Testing\n\n${lines('testing', 3)}`;
const AGENTS = `# Agents\n\n${lines('review', 3)}`;

async function budget(cwd: string, ...args: string[]): Promise<{ status: number; diff: BudgetDiff; table: string }> {
  const json = await runCli(['budget', '--base', 'HEAD~1', '--format', 'json', ...args], cwd);
  const table = await runCli(['budget', '--base', 'HEAD~1', ...args], cwd);
  expect(json.stderr.includes('    at '), json.stderr).toBe(false);
  return { status: json.status, diff: JSON.parse(json.stdout) as BudgetDiff, table: table.stdout };
}

describe('budget gate: effective contexts', () => {
  it('an import that grows what Claude Code loads is shown per agent context, base vs head, and checked against --max-growth', async () => {
    const dir = initRepo();
    commit(dir, 'base', { '.promptlintrc.json': JSON.stringify({ model: 'gpt-4o', callsPerDay: 100 }), 'CLAUDE.md': CLAUDE_1, 'AGENTS.md': AGENTS, 'docs/testing.md': TESTING });
    commit(dir, 'import testing', { 'CLAUDE.md': CLAUDE_2 });
    const { status, diff, table } = await budget(dir, '--max-growth', '30');
    const claude = diff.contexts.find((c) => c.name === 'claude-code @ .')!;
    expect(claude, JSON.stringify(diff.contexts.map((c) => c.name))).toBeDefined();
    expect(claude.files).toEqual({ base: ['CLAUDE.md'], head: ['CLAUDE.md', 'docs/testing.md'] });
    expect(claude.base!.tokens).toBe(count(CLAUDE_1));
    expect(claude.head!.tokens).toBe(count(CLAUDE_2) + count(TESTING));
    expect(claude.delta).toBe(count(CLAUDE_2) + count(TESTING) - count(CLAUDE_1));
    const percent = Math.round(((claude.delta / count(CLAUDE_1)) * 100) * 10) / 10;
    expect(claude.deltaPercent).toBe(percent);
    expect(percent).toBeGreaterThan(30);
    expect(claude.head!.costPerDay).toBeCloseTo(((count(CLAUDE_2) + count(TESTING)) * 2.5 * 100) / 1e6, 10);
    // the file itself grew less than the limit: only the context fails
    const file = diff.files.find((f) => f.path === 'CLAUDE.md')!;
    expect(file.deltaPercent!).toBeLessThan(30);
    expect(diff.violations.map((v) => v.message)).toEqual([expect.stringMatching(/^Context `claude-code @ \.` grew [\d.]+% .* over --max-growth 30%$/)]);
    expect(status).toBe(1);
    // Codex reads AGENTS.md alone, unchanged
    const codex = diff.contexts.find((c) => c.name === 'codex @ .')!;
    expect(codex.delta).toBe(0);
    expect(table).toMatch(/Agent context\s+Base\s+Head/);
    expect(table).toMatch(/claude-code @ \.\s+\d+\s+\d+\s+\+\d+/);
    expect(table).toContain('(1 unchanged agent context not listed)');
  });

  it("enforces an agent's budget on its effective context, on the line where the count crosses it; agents: false leaves contexts out", async () => {
    const dir = initRepo();
    const limit = count(CLAUDE_2) + 5;
    commit(dir, 'base', { '.promptlintrc.json': JSON.stringify({ model: 'gpt-4o', agents: { 'claude-code': { maxTokens: limit } } }), 'CLAUDE.md': CLAUDE_1, 'docs/testing.md': TESTING });
    commit(dir, 'import testing', { 'CLAUDE.md': CLAUDE_2 });
    const { status, diff } = await budget(dir);
    const claude = diff.contexts.find((c) => c.name === 'claude-code @ .')!;
    expect(claude.maxTokens).toBe(limit);
    expect(claude.violations.map((v) => [v.kind, v.file, v.line])).toEqual([['task-limit', 'docs/testing.md', 3]]);
    expect(status).toBe(1);

    commit(dir, 'no agents', { '.promptlintrc.json': JSON.stringify({ model: 'gpt-4o', agents: false }) });
    const off = await budget(dir);
    expect(off.diff.contexts).toEqual([]);
    expect(off.status).toBe(0);
  });
});
