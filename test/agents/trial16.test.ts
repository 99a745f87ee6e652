/**
 * Defects found by the trial of issue 16 (notes/trial16.md), each on a real temporary repository
 * through the engine and the real resolvers (no hand-written contexts).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../server/src/engine/engine.js';
import { tempRepos, lintRepo } from './helpers.js';
import { countContext, resolveContext, type AgentId } from '../../server/src/agents/index.js';
import { modelFor } from '../../server/src/engine/linter.js';
import fs from 'node:fs';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { cli } from '../helpers/cli.js';

const enc = new Tiktoken(o200k);
const count = (t: string) => enc.encode(t, [], []).length;

const repo = tempRepos();

const lint = lintRepo;

const where = (root: string, reports: FileReport[], rule: string) =>
  reports.flatMap((r) =>
    r.findings
      .filter((f) => f.ruleId === rule)
      .map((f) => `${path.relative(root, f.path)}:${f.start.line + 1} ~ ${(f.related ?? []).map((x) => `${path.relative(root, x.path)}:${x.start.line + 1}`).join(',')}`),
  );

describe('#1 a repeat in an effective context lands on the file the agent loads later', () => {
  it('Cursor loads AGENTS.md before its rules: the repeat is in base.mdc', async () => {
    const root = repo({
      'AGENTS.md': '- Run the tests before every commit.\n',
      '.cursor/rules/base.mdc': '---\nalwaysApply: true\n---\n- Run the tests before every commit.\n',
    });
    const found = where(root, await lint(root, ['AGENTS.md', '.cursor/rules/base.mdc']), 'duplicate-instruction');
    expect(found).toEqual(['.cursor/rules/base.mdc:4 ~ AGENTS.md:1']);
  });

  it('Claude Code loads .claude/rules after the root CLAUDE.md: the repeat is in the rule file', async () => {
    const root = repo({
      'CLAUDE.md': '# Project\n\n- Never commit secrets to the repository.\n',
      '.claude/rules/general.md': '# General\n- Never commit secrets to the repository.\n',
    });
    const found = where(root, await lint(root, ['CLAUDE.md', '.claude/rules/general.md']), 'duplicate-instruction');
    expect(found).toEqual(['.claude/rules/general.md:2 ~ CLAUDE.md:3']);
  });
});

describe('#2 agent-file-limit honours Copilot excludeAgent: code-review', () => {
  const body = Array.from({ length: 150 }, (_, i) => `- Review note number ${i + 1} for the code.\n`).join('');
  /** 1-based line and column of the 4,001st character (the first one code review does not read). */
  const cut = (text: string) => {
    const before = text.slice(0, 4000).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };

  it('quoted, unquoted or in a list: no code-review finding; a file that does not exclude it still gets one', async () => {
    const files: Record<string, string> = {
      '.github/instructions/quoted.instructions.md': `---\napplyTo: "**"\nexcludeAgent: "code-review"\n---\n${body}`,
      '.github/instructions/bare.instructions.md': `---\napplyTo: "**"\nexcludeAgent: code-review\n---\n${body}`,
      '.github/instructions/list.instructions.md': `---\napplyTo: "**"\nexcludeAgent:\n  - code-review\n---\n${body}`,
      '.github/instructions/kept.instructions.md': `---\napplyTo: "**"\nexcludeAgent: "coding-agent"\n---\n${body}`,
      'src/a.ts': '',
    };
    const root = repo(files);
    const reports = await lint(root, Object.keys(files).filter((f) => f.endsWith('.md')));
    const found = reports.flatMap((r) =>
      r.findings.filter((f) => f.ruleId === 'agent-file-limit').map((f) => `${path.relative(root, f.path)}:${f.start.line + 1}:${f.start.character + 1}`),
    );
    expect(found).toEqual([`.github/instructions/kept.instructions.md:${cut(files['.github/instructions/kept.instructions.md']!)}`]);
  });
});

describe('#3 token-budget on an effective context and `context` count the same text', () => {
  it('a Cursor rule\'s frontmatter (its settings) is counted by neither; AGENTS.md counts whole', async () => {
    const agents = '# Agents\n\n- Use npm to install dependencies.\n- Give thorough, detailed explanations.\n- Run the linter before every commit.\n';
    const body = '\n- Keep every function under forty lines.\n';
    const root = repo({ 'AGENTS.md': agents, '.cursor/rules/base.mdc': `---\nalwaysApply: true\n---\n${body}` });
    const expected = count(agents) + count(body);
    const r = cli(['context', '--agent', 'cursor', '--format', 'json'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const report = (JSON.parse(r.stdout) as { agents: { model: string; entries: { file: string; tokens: number }[]; total: { tokens: number } }[] }).agents[0]!;
    expect(report.model).toBe('gpt-4o'); // o200k_base: the hand count's encoding
    expect(report.entries.map((e) => `${e.file} ${e.tokens}`)).toEqual([`AGENTS.md ${count(agents)}`, `.cursor/rules/base.mdc ${count(body)}`]);
    expect(report.total.tokens).toBe(expected);
    fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ root: true, agents: { cursor: { maxTokens: expected - 1 } } }));
    const budget = (await lint(root, ['AGENTS.md', '.cursor/rules/base.mdc'])).flatMap((x) => x.findings).filter((f) => f.ruleId === 'token-budget');
    expect(budget.map((f) => f.message.match(/^Effective context `cursor @ \.` is (\d+) tokens/)?.[1])).toEqual([String(expected)]);
    // the running count crosses the limit on the rule's only instruction line (line 5), not in its frontmatter
    expect(budget.map((f) => `${path.relative(root, f.path)}:${f.start.line + 1}`)).toEqual(['.cursor/rules/base.mdc:5']);
  });
});

describe('#4 maxCostPerDay in an agent budget needs callsPerDay', () => {
  it('without callsPerDay anywhere: exit 2, file:line:col of the key, no stack trace; with it (here or at the top): accepted', () => {
    const root = repo({ 'AGENTS.md': '- Use npm.\n' });
    const write = (config: unknown) => fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify(config));
    write({ agents: { codex: { maxCostPerDay: 0.0000001 } } });
    const r = cli([], { cwd: root });
    expect(r.status).toBe(2);
    // {"agents":{"codex":{"maxCostPerDay": the key's opening quote is the 21st character of line 1
    expect(r.stderr).toMatch(/^prompt-lint: \.promptlintrc\.json:1:21: agents\.codex\.maxCostPerDay: needs "callsPerDay"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    write({ agents: { codex: { maxCostPerDay: 1, callsPerDay: 10 } } });
    expect(cli([], { cwd: root }).status).toBe(0);
    write({ callsPerDay: 10, agents: { codex: { maxCostPerDay: 1 } } });
    expect(cli([], { cwd: root }).status).toBe(0);
  });
});

describe('#5 JSON output: an edit in another file never sits in ESLint\'s fix/suggestions of this file', () => {
  it('an ESLint-JSON consumer applying every suggestion to its message\'s file deletes only that file\'s line; the other file\'s edit carries its path', () => {
    const claude = '# S2\n\n- Never use tabs for indentation.\n- Import @../shared.md\n';
    const shared = '- Always use tabs for indentation.\n';
    const root = repo({ 's2/CLAUDE.md': claude, 'shared.md': shared });
    const r = cli(['--format', 'json'], { cwd: root });
    const results = JSON.parse(r.stdout) as {
      filePath: string;
      messages: {
        ruleId: string;
        fix?: { range: [number, number]; text: string };
        suggestions?: { fix: { range: [number, number]; text: string } }[];
        crossFileSuggestions?: { edits: { filePath: string; range: [number, number]; text: string }[] }[];
      }[];
    }[];
    const conflict = results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath, m }))).find((x) => x.m.ruleId === 'conflicting-format-rule');
    expect(conflict, r.stdout).toBeDefined();
    expect(path.relative(root, conflict!.file)).toBe('shared.md');
    // what an ESLint consumer does: apply each suggestion's fix to the message's file
    const textOf = (file: string) => fs.readFileSync(file, 'utf8');
    const applied = [conflict!.m.fix, ...(conflict!.m.suggestions ?? []).map((s) => s.fix)]
      .filter((f) => f !== undefined)
      .map((f) => textOf(conflict!.file).slice(f!.range[0], f!.range[1]));
    expect(applied).toEqual([shared]); // "keep the other rule": delete this file's line, nothing else
    // the other suggestion ("keep this rule") deletes the line of s2/CLAUDE.md, and says so
    const other = (conflict!.m.crossFileSuggestions ?? []).flatMap((s) => s.edits);
    expect(other.map((e) => [path.relative(root, e.filePath), textOf(e.filePath).slice(e.range[0], e.range[1])])).toEqual([['s2/CLAUDE.md', '- Never use tabs for indentation.\n']]);
  });
});

describe('#6 `context` honours the config: its agents and the agent-file-limit options', () => {
  type Ctx = { agents: { agent: string; entries: { file: string; bytes: number; part?: { kind: string; bytes: number } }[]; problems: { kind: string; file: string; line: number; column: number }[] }[]; note?: string };
  const context = (root: string, ...args: string[]) => {
    const r = cli(['context', '--format', 'json', ...args], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Ctx;
  };
  const files = { 'CLAUDE.md': '- Use pnpm.\n', 'AGENTS.md': '- Use npm to install things.\n', 'GEMINI.md': '- Be brief.\n' };

  it('a list shows only those agents; false shows none and says so; --agent still names one', () => {
    const root = repo(files);
    expect(context(root).agents.map((a) => a.agent)).toEqual(['claude-code', 'codex', 'gemini-cli']);
    fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ agents: ['codex'] }));
    expect(context(root).agents.map((a) => a.agent)).toEqual(['codex']);
    fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ agents: { codex: false } }));
    expect(context(root).agents.map((a) => a.agent)).not.toContain('codex');
    fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ agents: false }));
    expect(context(root).agents).toEqual([]);
    const tree = cli(['context'], { cwd: root });
    expect(tree.stdout).toMatch(/agents: false/);
    expect(context(root, '--agent', 'claude').agents.map((a) => a.agent)).toEqual(['claude-code']);
  });

  it('codexMaxBytes: context truncates where the lint reports the cut (line 1, column 11 for 10 bytes)', async () => {
    const root = repo({ ...files, '.promptlintrc.json': JSON.stringify({ rules: { 'agent-file-limit': ['warn', { codexMaxBytes: 10 }] } }) });
    const codex = context(root, '--agent', 'codex').agents[0]!;
    expect(codex.entries.map((e) => [e.file, e.part?.kind, e.part?.bytes, e.bytes])).toEqual([['AGENTS.md', 'truncated', 10, 10]]);
    expect(codex.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}`)).toEqual(['AGENTS.md:1:11 over-limit']);
    const found = (await lint(root, ['AGENTS.md'])).flatMap((x) => x.findings).filter((f) => f.ruleId === 'agent-file-limit');
    expect(found.map((f) => `${f.start.line + 1}:${f.start.character + 1}`)).toEqual(['1:11']);
  });
});

describe('#9 an import outside the project: each agent\'s own behaviour', () => {
  it('Gemini CLI refuses the path; Claude Code asks for approval', () => {
    const root = repo({ 'GEMINI.md': '# G\n@../../etc/passwd.md\n', 'CLAUDE.md': '# C\n@../../etc/passwd.md\n' });
    const message = (agent: 'gemini-cli' | 'claude-code') => resolveContext(root, root, { agents: [agent] })[0]!.problems.find((p) => p.kind === 'outside-root')!.message;
    expect(message('gemini-cli')).toMatch(/Gemini CLI refuses it/);
    expect(message('gemini-cli')).not.toMatch(/asks|approval/);
    expect(message('claude-code')).toMatch(/Claude Code asks for a one-time approval/);
  });
});

describe('#11 the walk does not enter another repository', () => {
  it('a folder that is no repository, holding two repositories: their files are not listed', () => {
    const parent = repo({ 'AGENTS.md': '- Top.\n', 'one/AGENTS.md': '- One.\n', 'one/.git/HEAD': 'ref: refs/heads/main\n', 'two/sub/CLAUDE.md': '- Two.\n', 'two/.git': 'gitdir: ../x\n', 'plain/CLAUDE.md': '- Plain.\n' }, { git: false });
    const files = (agent: AgentId) => resolveContext(parent, parent, { agents: [agent] })[0]!.entries.map((e) => path.relative(parent, e.path).split(path.sep).join('/'));
    expect(files('claude-code')).toEqual(['plain/CLAUDE.md']);
    expect(files('codex')).toEqual(['AGENTS.md']);
  });
});

describe('#10 Windsurf rules without a trigger or with an unknown one', () => {
  it('the reason says the always_on reading is a choice (unconfirmed / undocumented)', () => {
    const root = repo({ '.windsurf/rules/none.md': '- A.\n', '.windsurf/rules/odd.md': '---\ntrigger: sometimes\n---\n- B.\n', '.windsurf/rules/on.md': '---\ntrigger: always_on\n---\n- C.\n' });
    const why = Object.fromEntries(resolveContext(root, root, { agents: ['windsurf'] })[0]!.entries.map((e) => [path.basename(e.path), e.detail]));
    expect(why).toEqual({ 'none.md': 'no trigger (read as always_on, unconfirmed)', 'odd.md': 'unknown trigger `sometimes` (read as always_on, undocumented)', 'on.md': 'trigger: always_on' });
  });
});

describe('#14 a binary instruction file', () => {
  it('is not counted in a context (the lint skips it as not a text file)', () => {
    const root = repo({ 'AGENTS.md': '\u0000\u0001binary\u0000data\n', 'CLAUDE.md': '- Use pnpm.\n' });
    const ctx = resolveContext(root, root, { agents: ['codex'] })[0]!;
    const report = countContext(ctx, modelFor('gpt-4o', {}));
    expect(report.total.tokens).toBe(0);
  });
});

describe('#14 a symlink to the importing file', () => {
  it('is one cycle, reported once with real paths, and no repeat between a file and itself', async () => {
    const root = repo({ 'CLAUDE.md': '# Rules\n\n- Never commit secrets to the repository.\n\nLoop @loop.md\n' });
    fs.symlinkSync('CLAUDE.md', path.join(root, 'loop.md'));
    const ctx = resolveContext(root, root, { agents: ['claude-code'] })[0]!;
    expect(ctx.problems.map((p) => `${path.relative(root, p.at.file)}:${p.at.line}:${p.at.column} ${p.kind} ${p.message.split(': ').pop()}`)).toEqual(['CLAUDE.md:5:6 import-cycle CLAUDE.md → CLAUDE.md']);
    expect(ctx.entries.map((e) => path.relative(root, e.path))).toEqual(['CLAUDE.md']);
    const found = (await lint(root, ['CLAUDE.md'])).flatMap((r) => r.findings).map((f) => `${f.ruleId} ${path.relative(root, f.path)}:${f.start.line + 1}`);
    expect(found.filter((f) => f.startsWith('duplicate-instruction'))).toEqual([]);
  });
});

describe('#13 config error wording', () => {
  it('an unknown key in an agent budget is named; a value of the wrong type lists the types in words', () => {
    const root = repo({ 'AGENTS.md': '- Use npm.\n' });
    const run = (config: unknown) => {
      fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify(config));
      const r = cli([], { cwd: root });
      expect(r.status).toBe(2);
      return r.stderr;
    };
    // {"agents":{"codex":{"bogus": the key's quote is character 21
    expect(run({ agents: { codex: { bogus: 1 } } })).toMatch(/^prompt-lint: \.promptlintrc\.json:1:21: agents\.codex\.bogus: unknown key "bogus"; expected one of "maxTokens"/);
    expect(run({ agents: 'yes' })).toMatch(/agents: expected a boolean, an array or an object, got "yes"/);
  });
});
