/**
 * Tasks derived from agents' effective contexts, wired through the one run path. The contexts here
 * come from a hand-written source (what a resolver would answer), so the engine's part is tested
 * alone: which files are compared, under which rules, and that each finding is reported once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentId, ContextEntry, ContextProblem, EffectiveContext } from '../../server/src/agents/types.js';
import { Engine } from '../../server/src/engine/engine.js';
import type { ContextSource } from '../../server/src/engine/context-tasks.js';
import type { FileReport } from '../../server/src/engine/engine.js';
import { cli, tempTree } from '../helpers/cli.js';
import { LintService } from '../../server/src/lsp/linting.js';
import { normalizeSettings } from '../../server/src/lsp/settings.js';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

const enc = new Tiktoken(o200k);
const count = (t: string) => enc.encode(t, [], []).length;

const CLAUDE = '# Project\n\n@AGENTS.md\n\n- Use pnpm to install dependencies.\n- Keep answers to at most three sentences.\n- Run the linter before every commit.\n';
const AGENTS = '# Agents\n\n- Use npm to install dependencies.\n- Give thorough, detailed explanations.\n- Run the linter before every commit.\n';
const CURSOR = '---\nalwaysApply: true\n---\n\n- Run the linter before every commit.\n';

function entry(root: string, rel: string, kind: ContextEntry['kind'] = 'ancestor', loading: ContextEntry['loading'] = 'always'): ContextEntry {
  return { path: path.join(root, rel), kind, detail: kind, loading, depth: kind === 'import' ? 1 : 0 };
}

function context(root: string, agent: AgentId, files: (string | ContextEntry)[], problems: ContextProblem[] = [], target = root): EffectiveContext {
  return { agent, root, target, entries: files.map((f) => (typeof f === 'string' ? entry(root, f) : f)), problems };
}

function source(root: string, contexts: EffectiveContext[]): ContextSource & { calls: number } {
  const s = {
    calls: 0,
    rootOf: (file: string) => (file.startsWith(root + path.sep) ? root : undefined),
    contexts: () => {
      s.calls++;
      return contexts;
    },
  };
  return s;
}

/** The example: CLAUDE.md imports AGENTS.md; a Cursor rule always applies. */
function example(config?: unknown) {
  const root = fs.realpathSync(
    tempTree({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, '.cursor/rules/base.mdc': CURSOR, ...(config ? { '.promptlintrc.json': JSON.stringify(config) } : {}) }),
  );
  const contexts = [
    context(root, 'claude-code', ['CLAUDE.md', entry(root, 'AGENTS.md', 'import')]),
    context(root, 'codex', ['AGENTS.md']),
    context(root, 'cursor', [entry(root, '.cursor/rules/base.mdc', 'always'), 'AGENTS.md']),
  ];
  return { root, contexts, files: ['CLAUDE.md', 'AGENTS.md', '.cursor/rules/base.mdc'].map((f) => path.join(root, f)) };
}

const rel = (root: string, reports: FileReport[]) =>
  reports.flatMap((r) =>
    r.findings.map((f) => ({
      file: path.relative(root, f.path),
      line: f.start.line + 1,
      rule: f.ruleId,
      related: (f.related ?? []).map((x) => `${path.relative(root, x.path)}:${x.start.line + 1}`),
      fix: !!f.fix,
      message: f.message,
    })),
  );

describe('effective contexts as tasks', () => {
  it('compares the files one agent loads, in the later file with the earlier as related, each pair once', async () => {
    const { root, contexts, files } = example();
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const found = rel(root, await engine.lintFiles(files));
    // "Run the linter before every commit." is in all three files: Claude Code reads CLAUDE.md and
    // AGENTS.md (its import), Cursor reads base.mdc and AGENTS.md. Codex reads AGENTS.md alone.
    const dups = found.filter((f) => f.rule === 'duplicate-instruction');
    expect(dups.map((d) => `${d.file}:${d.line} ~ ${d.related.join(',')}`).sort()).toEqual(['AGENTS.md:5 ~ .cursor/rules/base.mdc:5', 'AGENTS.md:5 ~ CLAUDE.md:7'].sort());
    // never a fix across an agent's context: the later copy may be what another agent reads alone
    expect(dups.every((d) => !d.fix)).toBe(true);
    // and the contradictions Claude Code reads in its two files, in AGENTS.md (the later path)
    const conflicts = found.filter((f) => f.rule.startsWith('conflicting-'));
    expect(conflicts.map((c) => `${c.file}:${c.line} ~ ${c.related.join(',')}`)).toContain('AGENTS.md:3 ~ CLAUDE.md:5');
    expect(conflicts.find((c) => c.line === 3)!.message).toMatch(/npm.*pnpm/);
    // none twice
    expect(new Set(found.map((f) => `${f.rule}:${f.file}:${f.line}:${f.related}`)).size).toBe(found.length);
  });
});

describe('drift between agents', () => {
  it('compares files that different agents read for one place, for contradictions only', async () => {
    const root = fs.realpathSync(tempTree({ 'CLAUDE.md': CLAUDE.replace('@AGENTS.md\n\n', ''), 'AGENTS.md': AGENTS }));
    const contexts = [context(root, 'claude-code', ['CLAUDE.md']), context(root, 'codex', ['AGENTS.md'])];
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const found = rel(root, await engine.lintFiles([path.join(root, 'CLAUDE.md'), path.join(root, 'AGENTS.md')]));
    // the shared line is no waste: each agent reads one of the files
    expect(found.filter((f) => f.rule === 'duplicate-instruction')).toEqual([]);
    const npm = found.find((f) => f.rule.startsWith('conflicting-') && /npm/.test(f.message))!;
    expect(npm, 'package manager drift between CLAUDE.md and AGENTS.md').toBeDefined();
    expect(`${npm.file}:${npm.line} ~ ${npm.related}`).toBe('AGENTS.md:3 ~ CLAUDE.md:3');
  });
});

describe('the agents setting', () => {
  it('false turns derived tasks off; a list keeps only those agents; an object turns one off', async () => {
    const run = async (agents: unknown) => {
      const { root, contexts, files } = example({ root: true, agents });
      const src = source(root, contexts);
      const found = rel(root, await new Engine({ cwd: root, contexts: src }).lintFiles(files));
      return { found: found.map((f) => `${f.rule} ${f.file}:${f.line}`).sort(), calls: src.calls };
    };
    const off = await run(false);
    expect(off.found).toEqual([]);
    expect(off.calls, 'no resolving at all when turned off').toBe(0);
    // Codex alone reads one file: nothing to compare
    expect((await run(['codex'])).found).toEqual([]);
    // Cursor alone: base.mdc and AGENTS.md repeat a line
    expect((await run(['cursor'])).found).toEqual(['duplicate-instruction AGENTS.md:5']);
    // every agent but Claude Code: Cursor's repeat; Claude Code's conflicts and repeat are gone
    const noClaude = await run({ 'claude-code': false });
    expect(noClaude.found).toEqual(['duplicate-instruction AGENTS.md:5']);
  });
});

describe('reported once', () => {
  it('a pair that several contexts share (nested directories, a configured task) gives one finding', async () => {
    const root = fs.realpathSync(
      tempTree({
        'CLAUDE.md': CLAUDE,
        'AGENTS.md': AGENTS,
        'src/CLAUDE.md': '# Source\n\n- Write tests for every new function.\n',
        '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 'by-hand', files: ['CLAUDE.md', 'AGENTS.md'] }] }),
      }),
    );
    const claude = [entry(root, 'CLAUDE.md'), entry(root, 'AGENTS.md', 'import')];
    const contexts = [
      context(root, 'claude-code', claude),
      context(root, 'claude-code', [...claude, entry(root, 'src/CLAUDE.md')], [], path.join(root, 'src')),
    ];
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const found = rel(root, await engine.lintFiles([path.join(root, 'CLAUDE.md'), path.join(root, 'AGENTS.md'), path.join(root, 'src/CLAUDE.md')]));
    expect(found.filter((f) => f.rule === 'duplicate-instruction').map((f) => `${f.file}:${f.line}`)).toEqual(['CLAUDE.md:7']);
    expect(found.filter((f) => /npm/.test(f.message)).length).toBe(1);
  });

  it('a file named alone (an editor) gets its context findings, the other file\'s come apart', async () => {
    const { root, contexts } = example();
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const reports = await engine.lintFiles([path.join(root, 'CLAUDE.md')]);
    expect(reports[0]!.path).toBe(path.join(root, 'CLAUDE.md'));
    // Claude Code loads CLAUDE.md, then AGENTS.md that it imports: the repeat and the conflict are AGENTS.md's
    const agents = reports.find((r) => r.path.endsWith('AGENTS.md'))!.findings;
    expect(agents.map((f) => `${f.ruleId}:${f.start.line + 1}`)).toContain('duplicate-instruction:5');
    expect(agents.some((f) => /pnpm/.test(f.message))).toBe(true);
  });
});

describe('per-agent budgets', () => {
  it('token-budget enforces maxTokens on what the agent loads, on the line where the running count crosses it, in whichever file', async () => {
    // Claude Code loads CLAUDE.md then AGENTS.md; the limit runs out on AGENTS.md's third line
    const agentLines = AGENTS.split('\n');
    const upTo = (n: number) => count(CLAUDE) + count(agentLines.slice(0, n).join('\n') + '\n');
    const limit = upTo(2) + 2;
    expect(upTo(3)).toBeGreaterThan(limit); // line 3 crosses
    const { root, contexts, files } = example({ root: true, agents: { 'claude-code': { maxTokens: limit, model: 'gpt-4o', callsPerDay: 500 } } });
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const budget = rel(root, await engine.lintFiles(files)).filter((f) => f.rule === 'token-budget');
    expect(budget.map((f) => `${f.file}:${f.line}`)).toEqual(['AGENTS.md:3']);
    expect(budget[0]!.message).toMatch(/^Effective context `claude-code @ \.` is \d+ tokens, \d+ tokens over its [\d,]+-token budget/);
    expect(budget[0]!.message).toContain(`${count(CLAUDE) + count(AGENTS) - limit} tokens over`);
  });

  it('maxCostPerDay with callsPerDay, and warnAt: a warning before the limit', async () => {
    const total = count(CLAUDE) + count(AGENTS);
    // gpt-4o input: $2.50 per 1M tokens; a daily limit just above today's cost, warning at 50%
    const perDay = (total * 2.5 * 1000) / 1e6;
    const { root, contexts, files } = example({ root: true, agents: { 'claude-code': { maxCostPerDay: perDay * 1.1, callsPerDay: 1000, model: 'gpt-4o', warnAt: 0.5 } } });
    const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
    const found = (await engine.lintFiles(files)).flatMap((r) => r.findings).filter((f) => f.ruleId === 'token-budget');
    expect(found.map((f) => [f.severity, f.messageId])).toEqual([['warning', 'nearBudget']]);
  });
});

describe('config errors', () => {
  it('a bad agents value is a config error with file:line:col', async () => {
    for (const [agents, message] of [
      [{ 'claude-cod': true }, /unknown key "claude-cod"; did you mean "claude-code"/],
      [{ codex: { maxTokens: -5 } }, /expected/],
      [['codex', 'vim'], /expected/],
      [{ codex: { model: 'gpt-99' } }, /unknown model|gpt-99/],
    ] as const) {
      const { root, contexts, files } = example({ root: true, agents });
      const engine = new Engine({ cwd: root, contexts: source(root, contexts) });
      const error = await engine.lintFiles(files).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error, JSON.stringify(agents)).toBeDefined();
      expect(String(error), JSON.stringify(agents)).toMatch(message);
      expect(String(error)).toMatch(/\.promptlintrc\.json:\d+:\d+/);
    }
    // the CLI: exit 2, the place, no stack trace
    const { root } = example({ root: true, agents: { codex: { maxTokens: 0 } } });
    const r = cli([], { cwd: root });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^prompt-lint: \.promptlintrc\.json:1:\d+: agents\.codex\.maxTokens: expected a number > 0, got 0\n$/);
  });
});

describe('every front, real resolvers, no config', () => {
  it("the issue's example: CLI serial and in threads, the engine and the language server report the repeated line and the pnpm/npm conflict alike", async () => {
    const { root, files } = example();
    const names = files.map((f) => path.relative(root, f));
    const row = (file: string, rule: string | null, line: number, message: string) => `${path.relative(root, file)}:${line} ${rule} ${message}`;
    const cliRows = (args: string[]) => {
      const r = cli(['--format', 'json', ...args, ...names], { cwd: root });
      expect(r.stderr).toBe('');
      const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
      return results.flatMap((x) => x.messages.map((m) => row(x.filePath, m.ruleId, m.line, m.message))).sort();
    };
    const serial = cliRows(['--concurrency', 'off']);
    expect(serial).toContain('AGENTS.md:5 duplicate-instruction Repeats the instruction at CLAUDE.md:7 word for word (11 tokens per call)');
    // Cursor loads AGENTS.md before its rules (docs/agents/cursor.md)
    expect(serial.some((r) => r.startsWith('.cursor/rules/base.mdc:5 duplicate-instruction Repeats the instruction at AGENTS.md:5')), serial.join('\n')).toBe(true);
    expect(serial.some((r) => r.startsWith('AGENTS.md:3 conflicting-') && /`npm`.*`pnpm` at CLAUDE\.md:5/.test(r)), serial.join('\n')).toBe(true);
    expect(cliRows(['--concurrency', '2'])).toEqual(serial);
    const engine = (await new Engine({ cwd: root }).lintFiles(files)).flatMap((r) => r.findings.map((f) => row(f.path, f.ruleId, f.start.line + 1, f.message))).sort();
    expect(engine).toEqual(serial);
    const service = new LintService({ rootFor: () => root });
    const settings = normalizeSettings({ validate: 'all' });
    const published = new Map<string, string[]>();
    for (const [k, file] of files.entries()) {
      const outcome = await service.lint({ doc: { uri: `file://${file}`, path: file, version: 1, text: fs.readFileSync(file, 'utf8') }, settings, generation: k });
      for (const [p, findings] of outcome.findings) published.set(p, findings.map((f) => row(f.path, f.ruleId, f.start.line + 1, f.message)));
    }
    expect([...published.values()].flat().sort()).toEqual(serial);
  });
});
