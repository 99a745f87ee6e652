/**
 * token-budget counts a file once per span it sends and per model, and shares that count between
 * the effective contexts that load the file (speed: 500 instruction files, issue 16). A shared
 * count must never cross a model or a span: here one AGENTS.md is sent whole by Cursor, cut at 30
 * bytes by Codex, and imported by CLAUDE.md, each context with its own model. Expected counts come
 * from js-tiktoken, not from the tool.
 */
import { describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { tempRepos, lintRepo } from './helpers.js';

const o200 = new Tiktoken(o200k);
const cl100 = new Tiktoken(cl100k);
const countO = (t: string) => o200.encode(t, [], []).length;
const countCl = (t: string) => cl100.encode(t, [], []).length;
const repo = tempRepos();

describe('token-budget shares per-file counts across effective contexts', () => {
  it('each context totals its own span and model of a file that several contexts load', async () => {
    // words whose counts differ between the two encodings
    const agents = '- Ensure idempotency of überlängliche Datenbankmigrationen.\n- Keep commits small.\n';
    const claude = '# Project\n\n@AGENTS.md\n';
    expect(countO(agents)).not.toBe(countCl(agents));
    expect(countO(agents.slice(0, 30))).not.toBe(countO(agents));
    const root = repo({
      'AGENTS.md': agents,
      'CLAUDE.md': claude,
      '.cursor/rules/a.mdc': '---\nalwaysApply: true\n---\n- Prefer small functions.\n',
      '.promptlintrc.json': JSON.stringify({
        root: true,
        agents: {
          'claude-code': { maxTokens: 1, model: 'gpt-4o' },
          cursor: { maxTokens: 1, model: 'gpt-4' },
          codex: { maxTokens: 1, model: 'gpt-4o' },
        },
        rules: { 'agent-file-limit': ['warn', { codexMaxBytes: 30 }] },
      }),
    });
    const all = await lintRepo(root, ['AGENTS.md', 'CLAUDE.md', '.cursor/rules/a.mdc']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    const totals = new Map(
      all
        .flatMap((r) => r.findings)
        .filter((f) => f.ruleId === 'token-budget')
        .map((f) => /^Effective context `([\w-]+) @ \.` is (\d+) tokens/.exec(f.message))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, Number(m[2])]),
    );
    expect(totals.get('codex')).toBe(countO(agents.slice(0, 30)));
    expect(totals.get('claude-code')).toBe(countO(claude) + countO(agents));
    expect(totals.get('cursor')).toBe(countCl(agents) + countCl('- Prefer small functions.\n'));
  });
});
