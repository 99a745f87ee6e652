import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoContexts, resolveContext } from '../../server/src/agents/index.js';
import { summary, tempRepos } from './helpers.js';

const repo = tempRepos();

function claude(root: string, target = root) {
  const [ctx] = resolveContext(root, target, { agents: ['claude-code'] });
  return ctx;
}

describe('Claude Code resolver', () => {
  it('the issue example: CLAUDE.md and the AGENTS.md it imports', () => {
    const root = repo({
      'CLAUDE.md': '# Project\n\n@AGENTS.md\n\nUse pnpm. Answer in at most three sentences.\n',
      'AGENTS.md': '# Agents\n\nUse npm. Give thorough, detailed explanations.\n',
      '.cursor/rules/style.mdc': '---\nalwaysApply: true\n---\nUse npm.\n',
    });
    const ctx = claude(root);
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', 'AGENTS.md | import | always']);
    expect(ctx.entries[1].detail).toBe('imported from CLAUDE.md:3');
    expect(ctx.entries[1].from).toMatchObject({ line: 3, column: 1 });
    expect(ctx.problems).toEqual([]);
  });

  it('walks the directory chain from the root to the target, local file after the shared ones', () => {
    const root = repo({
      'CLAUDE.md': 'root\n',
      'CLAUDE.local.md': 'mine\n',
      '.claude/CLAUDE.md': 'dot\n',
      'pkg/CLAUDE.md': 'pkg\n',
      'pkg/sub/x.ts': '',
      'other/CLAUDE.md': 'other\n',
    });
    expect(summary(root, claude(root, path.join(root, 'pkg/sub/x.ts')))).toEqual([
      'CLAUDE.md | ancestor | always',
      '.claude/CLAUDE.md | ancestor | always',
      'CLAUDE.local.md | ancestor | always',
      'pkg/CLAUDE.md | ancestor | always',
    ]);
    // from the root, subdirectory files load only when Claude reads there
    expect(summary(root, claude(root))).toEqual([
      'CLAUDE.md | ancestor | always',
      '.claude/CLAUDE.md | ancestor | always',
      'CLAUDE.local.md | ancestor | always',
      'other/CLAUDE.md | on-demand | on-demand',
      'pkg/CLAUDE.md | on-demand | on-demand',
    ]);
  });

  it('imports: relative to the importing file, recursive, cycles and missing targets with positions', () => {
    const root = repo({
      // '  see ' is 6 columns, '@docs/a.md' 10, ' and ' 5: the second @ is at column 22
      'CLAUDE.md': 'Intro\n  see @docs/a.md and @missing/file.md\n',
      'docs/a.md': '@b.md\n',
      'docs/b.md': 'x @a.md\n',
    });
    const ctx = claude(root);
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', 'docs/a.md | import | always', 'docs/b.md | import | always']);
    expect(ctx.entries[2].detail).toBe('imported from docs/a.md:1');
    const byKind = Object.fromEntries(ctx.problems.map((p) => [p.kind, p]));
    expect(byKind['missing-import'].at).toMatchObject({ file: path.join(root, 'CLAUDE.md'), line: 2, column: 22 });
    expect(byKind['import-cycle'].at).toMatchObject({ file: path.join(root, 'docs/b.md'), line: 1, column: 3 });
    expect(byKind['import-cycle'].message).toContain('docs/a.md → docs/b.md → docs/a.md');
  });

  it('imports in code spans, fenced blocks, indented code and comments are ignored; escaped spaces and mentions', () => {
    const root = repo({
      'CLAUDE.md': ['`@a.md`', '```', '@b.md', '```', '', '    @c.md', '', '<!-- @d.md -->', 'email me@e.md, ask @octocat', '@Design\\ Docs/x.md'].join('\n') + '\n',
      'a.md': 'a',
      'b.md': 'b',
      'c.md': 'c',
      'd.md': 'd',
      'e.md': 'e',
      'Design Docs/x.md': 'x',
    });
    const ctx = claude(root);
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', 'Design Docs/x.md | import | always']);
    expect(ctx.problems).toEqual([]);
  });

  it('npm packages, decorators and mentions are not reported as missing imports; a trailing period is', () => {
    const root = repo({
      'CLAUDE.md': 'Use @anthropic-ai/sdk and @trigger.dev/sdk, decorate with @app.route or @Override.\nRead @AGENTS.md.\nSee @README\n',
      'AGENTS.md': 'a\n',
    });
    const ctx = claude(root);
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always']);
    expect(ctx.problems.map((p) => [p.kind, p.at.line, p.at.column])).toEqual([
      ['missing-import', 2, 6],
      ['missing-import', 3, 5],
    ]);
    expect(ctx.problems[0].message).toBe("@AGENTS.md. imports nothing: AGENTS.md. does not exist (the trailing '.' is read as part of the path)");
  });

  it('stops at four hops and reports the import that goes deeper', () => {
    const root = repo({
      'CLAUDE.md': '@1.md\n',
      '1.md': '@2.md\n',
      '2.md': '@3.md\n',
      '3.md': '@4.md\n',
      '4.md': 'text\n@5.md\n',
      '5.md': 'five\n',
    });
    const ctx = claude(root);
    expect(summary(root, ctx).map((s) => s.split(' ')[0])).toEqual(['CLAUDE.md', '1.md', '2.md', '3.md', '4.md']);
    expect(ctx.entries.map((e) => e.depth)).toEqual([0, 1, 2, 3, 4]);
    expect(ctx.problems).toHaveLength(1);
    expect(ctx.problems[0]).toMatchObject({ kind: 'import-too-deep', at: { file: path.join(root, '4.md'), line: 2, column: 1 } });
  });

  it('a configured import depth replaces the documented four hops', () => {
    const root = repo({ 'CLAUDE.md': '@1.md\n', '1.md': '@2.md\n', '2.md': 'two\n' });
    const [ctx] = resolveContext(root, root, { agents: ['claude-code'], limits: { claudeImportDepth: 1 } });
    expect(summary(root, ctx).map((s) => s.split(' ')[0])).toEqual(['CLAUDE.md', '1.md']);
    expect(ctx.problems.map((p) => [p.kind, path.relative(root, p.at.file)])).toEqual([['import-too-deep', '1.md']]);
  });

  it('CRLF files and .claude/rules paths written as a string: positions and matches hold', () => {
    const root = repo({
      'CLAUDE.md': 'one\r\ntwo @gone.md\r\n',
      '.claude/rules/web.md': '---\r\npaths: "web/**"\r\n---\r\nweb\r\n',
      'web/a.html': '',
    });
    const ctx = claude(root, path.join(root, 'web/a.html'));
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', '.claude/rules/web.md | glob | always']);
    expect(ctx.problems[0].at).toMatchObject({ line: 2, column: 5 });
  });

  it('home and outside imports are shown as not resolved, never read', () => {
    const root = repo({ 'CLAUDE.md': '@~/.claude/mine.md\n@../outside.md\n' });
    const ctx = claude(root);
    expect(ctx.entries).toHaveLength(1);
    expect(ctx.problems.map((p) => [p.kind, p.at.line])).toEqual([
      ['outside-root', 1],
      ['outside-root', 2],
    ]);
  });

  it('.claude/rules: without paths always, with paths when the target matches, else on demand', () => {
    const root = repo({
      'CLAUDE.md': 'root\n',
      '.claude/rules/general.md': 'general\n',
      '.claude/rules/api.md': '---\npaths:\n  - "src/api/**/*.ts"\n---\napi rules\n',
      'src/api/x.ts': '',
      'src/ui/y.ts': '',
    });
    expect(summary(root, claude(root, path.join(root, 'src/api/x.ts')))).toEqual([
      'CLAUDE.md | ancestor | always',
      '.claude/rules/general.md | always | always',
      '.claude/rules/api.md | glob | always',
    ]);
    expect(summary(root, claude(root, path.join(root, 'src/ui/y.ts')))).toEqual([
      'CLAUDE.md | ancestor | always',
      '.claude/rules/general.md | always | always',
      '.claude/rules/api.md | on-demand | on-demand',
    ]);
  });

  it('skills: name and description listed, the body on demand', () => {
    const root = repo({
      'CLAUDE.md': 'root\n',
      '.claude/skills/deploy/SKILL.md': '---\nname: deploy\ndescription: Deploys the app\nallowed-tools: Bash\n---\nLong body\n',
    });
    const ctx = claude(root);
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', '.claude/skills/deploy/SKILL.md | listed | always', '.claude/skills/deploy/SKILL.md | on-demand | on-demand']);
    // "name: deploy\ndescription: Deploys the app" = 12 + 1 + 28 bytes
    expect(ctx.entries[1].part).toEqual({ kind: 'frontmatter-fields', bytes: 41, fields: ['name', 'description'] });
  });

  it('a FIFO named CLAUDE.md or imported is never opened (it would block forever)', () => {
    const root = repo({ 'CLAUDE.md': '@pipe.md\n' });
    try {
      execFileSync('mkfifo', [path.join(root, 'GEMINI.md'), path.join(root, 'pipe.md')]);
    } catch {
      if (process.env.CI === 'true') throw new Error('mkfifo is needed under CI');
      console.log('FIFO test skipped: mkfifo is not available');
      return;
    }
    const [claudeCtx, gemini] = resolveContext(root, root, { agents: ['claude-code', 'gemini-cli'] });
    expect(summary(root, claudeCtx)).toEqual(['CLAUDE.md | ancestor | always']);
    expect(gemini.entries).toEqual([]);
  });

  it('repoContexts: one context per distinct directory chain and per path rule', () => {
    const root = repo({
      'CLAUDE.md': 'root\n',
      'a/CLAUDE.md': 'a\n',
      'b/readme.txt': '',
      '.claude/rules/api.md': '---\npaths: ["b/*.txt"]\n---\napi\n',
    });
    const ctxs = repoContexts(root, { agents: ['claude-code'] });
    expect(ctxs.map((c) => path.relative(root, c.target))).toEqual(['', 'a', 'b/readme.txt']);
  });
});
