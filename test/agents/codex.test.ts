import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryText, nodeContextFs, repoContexts, resolveContext } from '../../server/src/agents/index.js';
import { summary, tempRepos } from './helpers.js';

const tempRepo = tempRepos();
const repo = (files: Record<string, string>, git = true): string => tempRepo(files, { git });

function codex(root: string, target = root) {
  const [ctx] = resolveContext(root, target, { agents: ['codex'] });
  return ctx;
}

describe('Codex (AGENTS.md) resolver', () => {
  it('root to working directory, one file per directory, the override first, nothing below', () => {
    const root = repo({
      'AGENTS.md': 'root\n',
      'svc/AGENTS.md': 'svc\n',
      'svc/AGENTS.override.md': 'override\n',
      'svc/api/handler.go': '',
      'svc/api/deeper/AGENTS.md': 'below the target\n',
      'empty/AGENTS.md': '  \n\n',
    });
    expect(summary(root, codex(root, path.join(root, 'svc/api/handler.go')))).toEqual(['AGENTS.md | ancestor | always', 'svc/AGENTS.override.md | ancestor | always']);
    expect(summary(root, codex(root, path.join(root, 'empty')))).toEqual(['AGENTS.md | ancestor | always']);
  });

  it('the 32 KiB budget is shared by the chain: the file that crosses it is truncated, later ones are not read', () => {
    const big = 'a'.repeat(20_000) + '\n';
    const root = repo({ 'AGENTS.md': big, 'a/AGENTS.md': 'b'.repeat(15_000) + '\n', 'a/b/AGENTS.md': 'c\n' });
    const ctx = codex(root, path.join(root, 'a/b'));
    expect(summary(root, ctx)).toEqual(['AGENTS.md | ancestor | always', 'a/AGENTS.md | ancestor | always']);
    // 32768 − 20001 = 12767 bytes of the second file are kept
    expect(ctx.entries[1].part).toEqual({ kind: 'truncated', bytes: 12_767 });
    expect(entryText(ctx.entries[1], nodeContextFs())).toBe('b'.repeat(12_767));
    expect(ctx.problems.map((p) => [p.kind, path.relative(root, p.at.file), p.at.line, p.at.column])).toEqual([
      ['over-limit', 'a/AGENTS.md', 1, 12_768],
      ['over-limit', 'a/b/AGENTS.md', 1, 1],
    ]);
    expect(ctx.problems[0].source).toContain('developers.openai.com/codex');
  });

  it('a configured project_doc_max_bytes replaces the default, and the problem says it is configured', () => {
    const root = repo({ 'AGENTS.md': 'x'.repeat(100) + '\n', 'a/AGENTS.md': 'y\n' });
    const [ctx] = resolveContext(root, path.join(root, 'a'), { agents: ['codex'], limits: { codexProjectDocMaxBytes: 50 } });
    expect(ctx.entries.map((e) => e.part)).toEqual([{ kind: 'truncated', bytes: 50 }]);
    expect(ctx.problems.map((p) => [p.kind, p.at.column])).toEqual([
      ['over-limit', 51],
      ['over-limit', 1],
    ]);
    expect(ctx.problems[0].source).toMatch(/^configured \(documented default 32768: /);
  });

  it('without a .git marker only the working directory is read', () => {
    const root = repo({ 'AGENTS.md': 'root\n', 'sub/AGENTS.md': 'sub\n' }, false);
    // the root passed is the working directory itself when nothing marks a project
    expect(summary(root, codex(root))).toEqual(['AGENTS.md | ancestor | always']);
  });

  it('repoContexts: one context per directory with its own AGENTS.md', () => {
    const root = repo({ 'AGENTS.md': 'r\n', 'a/AGENTS.md': 'a\n', 'a/x/file.ts': '', 'b/AGENTS.md': 'b\n' });
    expect(repoContexts(root, { agents: ['codex'] }).map((c) => path.relative(root, c.target))).toEqual(['', 'a', 'b']);
  });
});
