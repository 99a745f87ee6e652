/**
 * The gaps left in issue 16 after its trial (notes/s6/fix16.md, trial16.md), each on a real
 * temporary repository through the engine and the real resolvers. Expected positions and counts
 * are worked out by hand or with js-tiktoken, never taken from the tool's output.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import type { FileReport } from '../../server/src/engine/engine.js';
import { resolveContext } from '../../server/src/agents/index.js';
import { summary, tempRepos, findingsAt, lintRepo } from './helpers.js';
import { cli } from '../helpers/cli.js';

const enc = new Tiktoken(o200k);
const count = (t: string) => enc.encode(t, [], []).length;
const repo = tempRepos();

const lint = lintRepo;

const at = findingsAt;

/** `n` lines of exactly 100 bytes (newline included). */
const lines100 = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `- ${tag} rule ${String(i).padStart(4, '0')} ${'x'.repeat(86 - tag.length)}\n`).join('');

/** 1-based line:col of the character at UTF-16 offset `offset` (ASCII text: bytes = characters). */
const position = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
};

describe('gap 1: what `context` shows as lost is reported by a rule', () => {
  it('Codex: the AGENTS.md dropped after the 32 KiB budget gets a finding at 1:1, the truncated one where it is cut', async () => {
    // 20,000 + 20,000 bytes: the budget (32,768) runs out in a/AGENTS.md after 12,768 of its bytes; a/b/AGENTS.md is not read
    const root = repo({ 'AGENTS.md': lines100(200, 'root'), 'a/AGENTS.md': lines100(200, 'a'), 'a/b/AGENTS.md': '# Deep\n\n- Use the deep conventions here.\n' });
    const cut = position(lines100(200, 'a'), 32768 - 20000); // line 128, column 69
    expect(cut).toBe('128:69');
    const all = await lint(root, ['AGENTS.md', 'a/AGENTS.md', 'a/b/AGENTS.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    expect(at(root, all, 'agent-file-limit')).toEqual([`a/AGENTS.md:${cut}`, 'a/b/AGENTS.md:1:1']);
    const dropped = all.flatMap((r) => r.findings).find((f) => f.path.endsWith(path.join('b', 'AGENTS.md')))!;
    expect(dropped.message).toMatch(/Codex does not read this file/);
    // the dropped file alone (as the editor lints it): its finding is there too (and the cut, in the context's other file)
    expect(at(root, await lint(root, ['a/b/AGENTS.md']), 'agent-file-limit')).toEqual([`a/AGENTS.md:${cut}`, 'a/b/AGENTS.md:1:1']);
  });

  it('Cursor: a `.md` rule file is a rule (current docs: ".md and .mdc"), read by its frontmatter; none is reported as ignored', async () => {
    const root = repo({
      'AGENTS.md': '- Run the tests before every commit.\n',
      '.cursor/rules/always.md': '---\nalwaysApply: true\n---\n- Run the tests before every commit.\n',
      '.cursor/rules/plain.md': '- Prefer small pull requests.\n',
    });
    const [cursor] = resolveContext(root, root, { agents: ['cursor'] });
    expect(summary(root, cursor!)).toEqual(['AGENTS.md | always | always', '.cursor/rules/always.md | always | always', '.cursor/rules/plain.md | manual | on-demand']);
    expect(cursor!.problems).toEqual([]);
    // the rule file is in Cursor's effective context: the repeat is found in it (loaded after AGENTS.md)
    const all = await lint(root, ['AGENTS.md', '.cursor/rules/always.md', '.cursor/rules/plain.md']);
    expect(at(root, all, 'duplicate-instruction')).toEqual(['.cursor/rules/always.md:4:1']);
  });
});

describe('gap 2: one source of the Codex limit for `context`, the rule and the derived tasks', () => {
  it('codexMaxBytes truncates the derived context too: its budget counts the bytes Codex reads, and a dropped file is no member', async () => {
    const agents = '- Use npm.\n- Keep commits small and focused.\n- Write tests first.\n';
    const sub = '- Use npm.\n';
    const root = repo({
      'AGENTS.md': agents,
      'sub/AGENTS.md': sub,
      '.promptlintrc.json': JSON.stringify({ root: true, agents: { codex: { maxTokens: 1 } }, rules: { 'agent-file-limit': ['warn', { codexMaxBytes: 30 }] } }),
    });
    const all = await lint(root, ['AGENTS.md', 'sub/AGENTS.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    const budget = all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'token-budget');
    // Codex reads the first 30 bytes of AGENTS.md and nothing of sub/AGENTS.md
    const sent = count(agents.slice(0, 30));
    expect(budget.map((f) => f.message.match(/^Effective context `codex @ [^`]+` is (\d+) tokens/)?.[1])).toEqual([String(sent)]);
    // sub/AGENTS.md repeats "- Use npm." but Codex never reads it: no duplicate
    expect(at(root, all, 'duplicate-instruction')).toEqual([]);
    expect(at(root, all, 'agent-file-limit')).toEqual([`AGENTS.md:${position(agents, 30)}`, 'sub/AGENTS.md:1:1']);
  });
});

describe('gap 3: the derived task holds what the agent sends', () => {
  it('a listed skill counts its name and description in the agent budget; its body is not compared', async () => {
    const claude = '# Project\n\n- Use pnpm to install dependencies.\n';
    const skill = '---\nname: deploy\ndescription: Deploy the app to staging.\n---\n\n- Use pnpm to install dependencies.\n- Run the deploy script.\n';
    const root = repo({
      'CLAUDE.md': claude,
      '.claude/skills/deploy/SKILL.md': skill,
      '.promptlintrc.json': JSON.stringify({ root: true, agents: { 'claude-code': { maxTokens: 1, model: 'gpt-4o' } } }),
    });
    const all = await lint(root, ['CLAUDE.md', '.claude/skills/deploy/SKILL.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    const listing = 'name: deploy\ndescription: Deploy the app to staging.';
    const budget = all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'token-budget' && /claude-code @ \./.test(f.message));
    expect(budget.map((f) => f.message.match(/ is (\d+) tokens/)?.[1])).toEqual([String(count(claude) + count(listing))]);
    // the body repeats CLAUDE.md's line, but Claude Code loads the body only when the skill is invoked
    expect(at(root, all, 'duplicate-instruction')).toEqual([]);
  });

  it('a file excluded by the config is no member: not compared, no finding in it', async () => {
    const files = { 'CLAUDE.md': '# Project\n\n@docs/vendor.md\n\n- Use pnpm to install dependencies.\n', 'docs/vendor.md': '# Vendor\n\n- Use pnpm to install dependencies.\n' };
    const plain = repo(files);
    // without the exclude, the import's repeat is found (the test can fail)
    expect(at(plain, await lint(plain, ['CLAUDE.md']), 'duplicate-instruction')).toEqual(['docs/vendor.md:3:1']); // loaded after CLAUDE.md
    const root = repo({ ...files, '.promptlintrc.json': JSON.stringify({ root: true, exclude: ['docs/'] }) });
    const all = await lint(root, ['CLAUDE.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    expect(all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'duplicate-instruction')).toEqual([]);
    // `context` still shows and counts it (the agent loads it), and says the lint leaves it out
    const r = cli(['context', '--agent', 'claude-code', '--format', 'json'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const entries = (JSON.parse(r.stdout) as { agents: { entries: { file: string; excluded?: boolean; detail: string }[]; total: { files: number } }[] }).agents[0]!;
    expect(entries.total.files).toBe(2);
    expect(entries.entries.map((e) => [e.file, e.excluded ?? false])).toEqual([['CLAUDE.md', false], ['docs/vendor.md', true]]);
    expect(entries.entries[1]!.detail).toMatch(/excluded by the config: not linted/);
  });
});

describe('gap 4: Gemini CLI sends an import where its `@path` is written', () => {
  it('the running count goes through the imported file at the import line: the budget is crossed in the import, not after the importing file', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const gemini = `# Project\n\n- Be brief.\n@./docs/style.md\n- ${words}\n`;
    const style = Array.from({ length: 10 }, (_, i) => `- Style rule number ${i + 1}: keep names short and clear.\n`).join('');
    const head = '# Project\n\n- Be brief.\n@./docs/style.md\n'; // lines 1-4 of GEMINI.md: sent before the import
    const styleLines = style.split(/(?<=\n)/);
    // the limit falls inside style.md's 6th line when the import is sent at line 4 (about 10 of its tokens in)
    const limit = count(head) + count(styleLines.slice(0, 5).join('')) + Math.floor(count(styleLines[5]!) / 2);
    // sent in file order (GEMINI.md whole, then the import), the count would cross in GEMINI.md's long line 5
    expect(count(gemini)).toBeGreaterThan(limit);
    const root = repo({
      'GEMINI.md': gemini,
      'docs/style.md': style,
      '.promptlintrc.json': JSON.stringify({ root: true, agents: { 'gemini-cli': { maxTokens: limit, model: 'gpt-4o' } } }),
    });
    const all = await lint(root, ['GEMINI.md', 'docs/style.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    const budget = all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'token-budget');
    expect(budget.map((f) => `${path.relative(root, f.path)}:${f.start.line + 1}`)).toEqual(['docs/style.md:6']);
  });
});

describe('gap 5 (the one count behind the status bar): an agent budget\'s model', () => {
  it('`context` counts with the model of the agent\'s budget, as token-budget and the editor do; --model still wins', () => {
    const claude = '# Project\n\n- Use pnpm to install dependencies.\n';
    const root = repo({ 'CLAUDE.md': claude, '.promptlintrc.json': JSON.stringify({ root: true, agents: { 'claude-code': { maxTokens: 1000, model: 'gpt-4o' } } }) });
    type Out = { agents: { model: string; total: { tokens: number } }[] };
    const r = cli(['context', '--agent', 'claude-code', '--format', 'json'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const report = (JSON.parse(r.stdout) as Out).agents[0]!;
    expect([report.model, report.total.tokens]).toEqual(['gpt-4o', count(claude)]);
    const named = cli(['context', '--agent', 'claude-code', '--format', 'json', '--model', 'gpt-4.1'], { cwd: root });
    expect((JSON.parse(named.stdout) as Out).agents[0]!.model).toBe('gpt-4.1');
  });
});

void fs;
