/**
 * Claude Code skips a CLAUDE.md file larger than 4 MiB whole (code.claude.com/docs/en/memory, 2026:
 * "Claude Code loads a CLAUDE.md file of up to 4 MiB in full and skips a larger file"):
 * agent-file-limit reports it at 1:1. Real temporary repositories, the real resolver and engine;
 * sizes worked out by hand.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../server/src/engine/engine.js';
import { tempRepos, lintRepo } from './helpers.js';
import { resolveContext } from '../../server/src/agents/index.js';
import agentFileLimit from '../../rules/agent-file-limit.js';

const repo = tempRepos();
const MiB = 1024 * 1024;

const lint = lintRepo;

const limitFindings = (root: string, reports: FileReport[]) =>
  reports.flatMap((r) => r.findings.filter((f) => f.ruleId === 'agent-file-limit').map((f) => ({ at: `${path.relative(root, f.path)}:${f.start.line + 1}:${f.start.character + 1}`, message: f.message })));

/** Exactly `bytes` bytes of Markdown: a heading, then lines of words. */
function markdownOf(bytes: number): string {
  const head = '# Notes\n\n';
  const line = 'Keep the release notes short and link every issue they mention.\n';
  const body = line.repeat(Math.floor((bytes - head.length) / line.length));
  return head + body + 'x'.repeat(bytes - head.length - body.length);
}

describe('Claude Code skips a CLAUDE.md over its size limit: agent-file-limit reports it', () => {
  it('at 1:1 of the skipped file, with its size and the limit (limit set by the option, which the resolver shares)', async () => {
    const claude = markdownOf(150);
    expect(Buffer.byteLength(claude)).toBe(150);
    const root = repo({
      'CLAUDE.md': claude,
      'sub/CLAUDE.md': '- Keep the release notes short and link every issue they mention.\n',
      '.promptlintrc.json': JSON.stringify({ root: true, agents: ['claude-code'], rules: { 'agent-file-limit': ['warn', { claudeMaxBytes: 100 }] } }),
    });
    const all = await lint(root, ['CLAUDE.md', 'sub/CLAUDE.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    expect(limitFindings(root, all)).toEqual([
      { at: 'CLAUDE.md:1:1', message: 'Claude Code does not load this file: it has 150 bytes and Claude Code skips a CLAUDE.md file larger than 100 bytes whole, so none of it reaches the model' },
    ]);
    // the skipped file is not compared: the line sub/CLAUDE.md shares with it is no repeat
    expect(all.flatMap((r) => r.findings).filter((f) => f.ruleId === 'duplicate-instruction')).toEqual([]);
  });

  it('at the documented 4 MiB by default: one byte over is skipped by the resolver, exactly 4 MiB loads; the rule measures with the same default', () => {
    // linting a 4 MiB file end to end takes minutes on a loaded machine: the rule is exercised above
    // with a small limit, the default is checked here where it applies (the resolver, and the option)
    expect(agentFileLimit.meta.defaultOptions.claudeMaxBytes).toBe(4 * MiB);
    const sub = '- Run the tests before every commit.\n';
    const over = repo({ 'CLAUDE.md': markdownOf(4 * MiB + 1), 'sub/CLAUDE.md': sub });
    const [skipped] = resolveContext(over, path.join(over, 'sub'), { agents: ['claude-code'] });
    expect(skipped!.entries.map((e) => path.relative(over, e.path))).toEqual([path.join('sub', 'CLAUDE.md')]);
    expect(skipped!.problems.map((p) => [p.kind, path.relative(over, p.at.file), p.at.line, p.at.column])).toEqual([['over-limit', 'CLAUDE.md', 1, 1]]);
    const at = repo({ 'CLAUDE.md': markdownOf(4 * MiB), 'sub/CLAUDE.md': sub });
    const [loaded] = resolveContext(at, path.join(at, 'sub'), { agents: ['claude-code'] });
    expect(loaded!.entries.map((e) => path.relative(at, e.path))).toEqual(['CLAUDE.md', path.join('sub', 'CLAUDE.md')]);
    expect(loaded!.problems).toEqual([]);
  });
});
