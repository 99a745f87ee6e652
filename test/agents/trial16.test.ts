/**
 * Defects found by the trial of issue 16 (notes/trial16.md), each on a real temporary repository
 * through the engine and the real resolvers (no hand-written contexts).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import type { FileReport } from '../../server/src/engine/engine.js';
import { makeRepo, removeRepo } from './helpers.js';

const repos: string[] = [];
function repo(files: Record<string, string>): string {
  const r = makeRepo(files);
  repos.push(r);
  return r;
}
afterEach(() => {
  while (repos.length) removeRepo(repos.pop()!);
});

async function lint(root: string, files: string[]): Promise<FileReport[]> {
  return new Engine({ cwd: root }).lintFiles(files.map((f) => path.join(root, f)));
}

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
