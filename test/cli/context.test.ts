/**
 * `prompt-lint context` as a real process on real temporary repositories. Token counts are computed
 * here with js-tiktoken (o200k_base), never taken from the tool; costs from the list prices
 * (gpt-4o $2.50 per 1M input tokens, docs/tokens.md) and the context windows by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

const reference = new Tiktoken(o200k);
const count = (text: string) => reference.encode(text, [], []).length;

const dirs: string[] = [];
function repo(files: Record<string, string>): string {
  const dir = fs.realpathSync(tempTree(files));
  fs.mkdirSync(path.join(dir, '.git'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

interface Entry {
  file: string;
  kind: string;
  loading: string;
  tokens: number;
  bytes: number;
  costPerCall: number;
  detail: string;
}
interface Report {
  agent: string;
  model: string;
  exact: boolean;
  contextWindow: number;
  entries: Entry[];
  total: { files: number; tokens: number; bytes: number; costPerCall: number; contextShare: number; costPerDay?: number };
  onDemand: { files: number; tokens: number };
  problems: { kind: string; file: string; line: number; column: number; message: string }[];
}
const parse = (stdout: string) => JSON.parse(stdout) as { root: string; agents: Report[] };

// The example repository.
const CLAUDE = '# Project\n\n@AGENTS.md\n\nUse pnpm. Answer in at most three sentences.\n';
const AGENTS = '# Agents\n\nUse npm. Give thorough, detailed explanations.\n';
const RULE = '---\nalwaysApply: true\n---\nUse npm. Answer in at most three sentences.\n';

describe('prompt-lint context', () => {
  it('the issue example: Claude Code loads CLAUDE.md and the AGENTS.md it imports, counted and priced', () => {
    const root = repo({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, '.cursor/rules/style.mdc': RULE });
    const r = cli(['context', '--format', 'json', '--model', 'gpt-4o'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = parse(r.stdout);
    expect(out.agents.map((a) => a.agent)).toEqual(['claude-code', 'codex', 'cursor']);
    const claude = out.agents[0];
    expect(claude.entries.map((e) => [e.file, e.kind, e.detail])).toEqual([
      ['CLAUDE.md', 'ancestor', 'CLAUDE.md of the repository root'],
      ['AGENTS.md', 'import', 'imported from CLAUDE.md:3'],
    ]);
    const tokens = count(CLAUDE) + count(AGENTS);
    expect(claude.entries.map((e) => e.tokens)).toEqual([count(CLAUDE), count(AGENTS)]);
    expect(claude.total).toMatchObject({ files: 2, tokens, bytes: CLAUDE.length + AGENTS.length });
    expect(claude.total.costPerCall).toBeCloseTo((tokens * 2.5) / 1e6, 12);
    expect(claude.total.contextShare).toBeCloseTo(tokens / 128_000, 12);
    expect(claude).toMatchObject({ model: 'gpt-4o', exact: true, contextWindow: 128_000 });
    const cursor = out.agents[2];
    expect(cursor.entries.map((e) => e.file)).toEqual(['AGENTS.md', path.join('.cursor', 'rules', 'style.mdc')]);
    // the rule's frontmatter is Cursor's settings, not counted (docs/agents/README.md)
    expect(cursor.total.tokens).toBe(count(AGENTS) + count(RULE.slice(RULE.indexOf('---\n', 4) + 4)));
  });

  it("without --model Claude Code's context is priced as Claude (o200k × 1.2, rounded up per file)", () => {
    const root = repo({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS });
    const out = parse(cli(['context', '--agent', 'claude', '--format', 'json'], { cwd: root }).stdout);
    const claude = out.agents[0];
    const est = (t: string) => Math.ceil(count(t) * 1.2);
    expect(claude).toMatchObject({ agent: 'claude-code', model: 'claude-sonnet-4-5', exact: false, contextWindow: 200_000 });
    expect(claude.entries.map((e) => e.tokens)).toEqual([est(CLAUDE), est(AGENTS)]);
    expect(claude.total.costPerCall).toBeCloseTo(((est(CLAUDE) + est(AGENTS)) * 3) / 1e6, 12);
  });

  it('the tree: files in order with why, the on-demand part apart and not in the total, problems with file:line:col', () => {
    const skill = '---\nname: deploy\ndescription: Deploys the service\n---\nRun the deploy script, then check the logs.\n';
    const claude = 'Rules.\n\nSee @docs/missing.md for more.\n';
    const root = repo({ 'CLAUDE.md': claude, '.claude/skills/deploy/SKILL.md': skill });
    const r = cli(['context', '--agent', 'claude-code', '--model', 'gpt-4o'], { cwd: root });
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    const listed = 'name: deploy\ndescription: Deploys the service';
    const total = count(claude) + count(listed);
    expect(lines[0]).toBe('Claude Code — . (gpt-4o)');
    expect(lines[2]).toMatch(new RegExp(`^  CLAUDE\\.md +${count(claude)} +${claude.length} +\\$[0-9.]+ +CLAUDE\\.md of the repository root$`));
    expect(lines[3]).toMatch(new RegExp(`^  \\.claude/skills/deploy/SKILL\\.md +${count(listed)} +${listed.length} .*skill: name and description listed`));
    expect(lines[4]).toMatch(new RegExp(`^  Total: 2 files +${total} +${claude.length + listed.length} .*of the 128,000-token context window$`));
    expect(lines[5]).toMatch(new RegExp(`^  On demand \\(not in the total\\): 1 file +${count(skill)} +${skill.length}$`));
    expect(lines[6]).toMatch(/^ {4}\.claude\/skills\/deploy\/SKILL\.md .*skill body: loads when the skill is invoked$/);
    // "See " is 4 columns: the @ is at line 3, column 5
    expect(r.stdout).toContain('  Problems:\n    CLAUDE.md:3:5  missing-import  @docs/missing.md imports nothing: docs/missing.md does not exist\n');
  });

  it('a path below the root: the chain down to it; Codex truncates at the shared 32 KiB budget', () => {
    const big = 'word '.repeat(6_000) + '\n'; // 30,001 bytes
    const sub = 'Second file. '.repeat(300) + '\n'; // 3,901 bytes, 2,767 of them fit
    const root = repo({ 'AGENTS.md': big, 'pkg/AGENTS.md': sub, 'pkg/src/main.go': 'package main\n' });
    const r = cli(['context', 'pkg/src/main.go', '--agent', 'codex', '--format', 'json'], { cwd: root });
    expect(r.status).toBe(0);
    const codex = parse(r.stdout).agents[0];
    const kept = 32_768 - Buffer.byteLength(big);
    expect(kept).toBe(2_767);
    expect(codex.entries.map((e) => [e.file, e.bytes])).toEqual([
      ['AGENTS.md', 30_001],
      [path.join('pkg', 'AGENTS.md'), kept],
    ]);
    expect(codex.entries[1].tokens).toBe(count(sub.slice(0, kept)));
    expect(codex.total.tokens).toBe(count(big) + count(sub.slice(0, kept)));
    expect(codex.problems).toEqual([expect.objectContaining({ kind: 'over-limit', file: path.join('pkg', 'AGENTS.md'), path: path.join(root, 'pkg/AGENTS.md'), line: 1, column: kept + 1 })]);
  });

  it('--help prints the context help and exits 0, whatever else is on the line', () => {
    const root = repo({});
    for (const args of [['context', '--help'], ['context', '-h'], ['context', '--agent', 'vim', '--help']]) {
      const r = cli(args, { cwd: root });
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout.startsWith('Usage: prompt-lint context [path] [--agent A] [--format tree|json|markdown]')).toBe(true);
    }
    expect(cli(['--help'], { cwd: root }).stdout).toContain('prompt-lint context [path]');
  });

  it('usage errors exit 2 with a clear message and no stack', () => {
    const root = repo({ 'CLAUDE.md': 'x\n' });
    for (const [args, message] of [
      [['context', '--agent', 'vim'], 'unknown --agent "vim" (expected one of: claude-code, codex, cursor, copilot, gemini-cli, windsurf)'],
      [['context', '--format', 'table'], 'unknown --format "table" for context (expected tree, json, markdown)'],
      [['context', 'nope/where'], 'nope/where: no such file or directory'],
      [['context', '--calls-per-day', 'lots'], '--calls-per-day expects a whole number, got "lots"'],
    ] as const) {
      const r = cli([...args], { cwd: root });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`prompt-lint: ${message}\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('a repository without agent files says so (exit 0); a named agent with nothing to load says that', () => {
    const root = repo({ 'README.md': '# hi\n' });
    const none = cli(['context'], { cwd: root });
    expect(none).toMatchObject({ status: 0 });
    expect(none.stdout).toMatch(/^No coding agent's instruction files found in /);
    const named = cli(['context', '--agent', 'windsurf', '--model', 'gpt-4o'], { cwd: root });
    expect(named.stdout).toContain('(nothing loads for this path)');
    expect(named.stdout).toContain('Total: 0 files');
  });

  it('file names are escaped: control characters in the tree, pipes and mentions in Markdown', () => {
    const root = repo({ '.cursor/rules/evil\u001b[2J|@team.mdc': RULE });
    const tree = cli(['context', '--agent', 'cursor'], { cwd: root });
    expect(tree.stdout).not.toContain('\u001b');
    expect(tree.stdout).toContain('evil\\x1b[2J|@team.mdc');
    const md = cli(['context', '--agent', 'cursor', '--format', 'markdown'], { cwd: root });
    expect(md.stdout).not.toContain('\u001b');
    expect(md.stdout).toContain('`.cursor/rules/evil\\x1b[2J\\|@team.mdc`');
  });

  it('calls per day price the context per day', () => {
    const root = repo({ 'AGENTS.md': AGENTS });
    const codex = parse(cli(['context', '--format', 'json', '--model', 'gpt-4o', '--calls-per-day', '1000'], { cwd: root }).stdout).agents[0];
    expect(codex.total.costPerDay).toBeCloseTo((count(AGENTS) * 2.5 * 1000) / 1e6, 12);
  });
});
