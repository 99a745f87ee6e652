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
