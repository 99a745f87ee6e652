/** Cursor, Copilot, Gemini CLI and Windsurf resolvers on real temporary repositories. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAgents, entryText, memoryContextFs, nodeContextFs, repoContexts, resolveContext, type AgentId } from '../../server/src/agents/index.js';
import { summary, tempRepos } from './helpers.js';

const repo = tempRepos();

function ctxOf(agent: AgentId, root: string, target = root) {
  const [ctx] = resolveContext(root, path.join(root, path.relative(root, target)), { agents: [agent] });
  return ctx;
}

describe('Cursor', () => {
  const files = {
    'AGENTS.md': 'agents\n',
    '.cursorrules': 'legacy\n',
    '.cursor/rules/always.mdc': '---\nalwaysApply: true\n---\nalways\n',
    '.cursor/rules/ts.mdc': '---\nglobs: src/**/*.ts, *.tsx\nalwaysApply: false\n---\nts\n',
    '.cursor/rules/list.mdc': '---\nglobs:\n  - "docs/**"\n---\ndocs\n',
    '.cursor/rules/quoted.mdc': '---\nalwaysApply: "true"\ndescription: Quoted true\n---\nq\n',
    '.cursor/rules/asked.mdc': '---\nname: migrations\ndescription: Database migrations\n---\nmigrations\n',
    '.cursor/rules/manual.mdc': 'no frontmatter\n',
    '.cursor/rules/plain.md': 'a plain Markdown rule: manual\n',
    'src/a.ts': '',
    'web/b.tsx': '',
    'docs/x.md': '',
  };

  it('always, globs (string and list), agent requested, manual, .cursorrules, AGENTS.md', () => {
    const root = repo(files);
    expect(summary(root, ctxOf('cursor', root, path.join(root, 'src/a.ts')))).toEqual([
      'AGENTS.md | always | always',
      '.cursorrules | always | always',
      '.cursor/rules/always.mdc | always | always',
      '.cursor/rules/asked.mdc | listed | always',
      '.cursor/rules/quoted.mdc | listed | always',
      '.cursor/rules/ts.mdc | glob | always',
      '.cursor/rules/asked.mdc | on-demand | on-demand',
      '.cursor/rules/list.mdc | on-demand | on-demand',
      '.cursor/rules/manual.mdc | manual | on-demand',
      '.cursor/rules/plain.md | manual | on-demand',
      '.cursor/rules/quoted.mdc | on-demand | on-demand',
    ]);
    // a glob without a slash matches at any depth; the list form works too
    expect(summary(root, ctxOf('cursor', root, path.join(root, 'web/b.tsx')))).toContain('.cursor/rules/ts.mdc | glob | always');
    expect(summary(root, ctxOf('cursor', root, path.join(root, 'docs/x.md')))).toContain('.cursor/rules/list.mdc | glob | always');
  });

  it('the listed part of an agent-requested rule is its description line; a plain .md rule is a rule, not a problem', () => {
    const root = repo(files);
    const ctx = ctxOf('cursor', root);
    const asked = ctx.entries.find((e) => e.kind === 'listed' && e.path.endsWith('asked.mdc'))!;
    expect(entryText(asked, nodeContextFs())).toBe('description: Database migrations');
    // only the description is offered (a `name:` field is not)
    expect(asked.part).toEqual({ kind: 'frontmatter-fields', bytes: 'description: Database migrations'.length, fields: ['description'] });
    // "Cursor supports .md and .mdc extensions" (cursor.com/docs/context/rules, 2026)
    expect(ctx.problems).toEqual([]);
    expect(ctx.entries.find((e) => e.path.endsWith('quoted.mdc'))!.detail).toContain('string "true"');
  });

  it('nested .cursor/rules apply inside their folder, with globs relative to it', () => {
    const root = repo({ '.cursor/rules/a.mdc': '---\nalwaysApply: true\n---\na\n', 'pkg/.cursor/rules/p.mdc': '---\nglobs: lib/*.js\n---\np\n', 'pkg/lib/x.js': '', 'other/y.js': '' });
    expect(summary(root, ctxOf('cursor', root, path.join(root, 'pkg/lib/x.js')))).toEqual(['.cursor/rules/a.mdc | always | always', 'pkg/.cursor/rules/p.mdc | glob | always']);
    expect(summary(root, ctxOf('cursor', root, path.join(root, 'other/y.js')))).toEqual(['.cursor/rules/a.mdc | always | always']);
  });
});

describe('GitHub Copilot', () => {
  it('repo-wide always, applyTo matches or not, excludeAgent noted, nearest AGENTS.md only', () => {
    const root = repo({
      '.github/copilot-instructions.md': 'repo\n',
      '.github/instructions/py.instructions.md': '---\napplyTo: "src/*.py"\nexcludeAgent: "code-review"\n---\npy\n',
      '.github/instructions/all.instructions.md': '---\napplyTo: "**"\n---\nall\n',
      '.github/instructions/none.instructions.md': 'no applyTo\n',
      'AGENTS.md': 'root agents\n',
      'src/AGENTS.md': 'src agents\n',
      'src/m.py': '',
      'src/deep/n.py': '',
    });
    expect(summary(root, ctxOf('copilot', root, path.join(root, 'src/m.py')))).toEqual([
      '.github/copilot-instructions.md | always | always',
      '.github/instructions/all.instructions.md | glob | always',
      '.github/instructions/py.instructions.md | glob | always',
      'src/AGENTS.md | ancestor | always',
      '.github/instructions/none.instructions.md | manual | on-demand',
    ]);
    // src/*.py matches one level only
    expect(summary(root, ctxOf('copilot', root, path.join(root, 'src/deep/n.py')))).toContain('.github/instructions/py.instructions.md | on-demand | on-demand');
    const py = ctxOf('copilot', root, path.join(root, 'src/m.py')).entries.find((e) => e.path.endsWith('py.instructions.md'))!;
    expect(py.detail).toContain('excludeAgent: code-review');
  });

  it('a file over 4,000 characters gets the (unconfirmed) code review limit, unless it excludes code review', () => {
    const long = 'x'.repeat(4_100) + '\n';
    const root = repo({
      '.github/copilot-instructions.md': long,
      '.github/instructions/a.instructions.md': `---\napplyTo: "**"\nexcludeAgent: "code-review"\n---\n${long}`,
    });
    const ctx = ctxOf('copilot', root);
    expect(ctx.problems).toHaveLength(1);
    expect(ctx.problems[0]).toMatchObject({ kind: 'over-limit', at: { file: path.join(root, '.github/copilot-instructions.md'), line: 1, column: 4_001 } });
    expect(ctx.problems[0].source).toContain('unconfirmed');
  });
});

describe('Gemini CLI', () => {
  it('GEMINI.md chain with imports (./ and ../), depth 5, cycles, below-cwd files just in time', () => {
    const root = repo({
      'GEMINI.md': '@./docs/style.md\n',
      'docs/style.md': '@../shared/a.md\n',
      'shared/a.md': '@b.md\n',
      'shared/b.md': '@c.md\n',
      'shared/c.md': '@d.md\n',
      'shared/d.md': '@e.md\n@a.md\n',
      'shared/e.md': 'six deep\n',
      'pkg/GEMINI.md': 'pkg\n',
    });
    const ctx = ctxOf('gemini-cli', root);
    expect(summary(root, ctx)).toEqual([
      'GEMINI.md | ancestor | always',
      'docs/style.md | import | always',
      'shared/a.md | import | always',
      'shared/b.md | import | always',
      'shared/c.md | import | always',
      'shared/d.md | import | always',
      'pkg/GEMINI.md | on-demand | on-demand',
    ]);
    expect(ctx.problems.map((p) => [p.kind, path.relative(root, p.at.file), p.at.line])).toEqual([
      ['import-too-deep', 'shared/d.md', 1],
      ['import-cycle', 'shared/d.md', 2],
    ]);
    expect(summary(root, ctxOf('gemini-cli', root, path.join(root, 'pkg')))).toEqual([
      'GEMINI.md | ancestor | always',
      'docs/style.md | import | always',
      'shared/a.md | import | always',
      'shared/b.md | import | always',
      'shared/c.md | import | always',
      'shared/d.md | import | always',
      'pkg/GEMINI.md | ancestor | always',
    ]);
  });
});

describe('Gemini CLI and Claude Code read @ imports differently', () => {
  it('Gemini imports inside HTML comments and stops a path at a backslash-space; Claude Code does neither', () => {
    const root = repo({
      'GEMINI.md': '<!-- @hidden.md -->\n@Design\\ Docs/x.md\n',
      'CLAUDE.md': '<!-- @hidden.md -->\n@Design\\ Docs/x.md\n',
      'hidden.md': 'h\n',
      'Design Docs/x.md': 'x\n',
    });
    expect(summary(root, ctxOf('gemini-cli', root))).toEqual(['GEMINI.md | ancestor | always', 'hidden.md | import | always']);
    expect(summary(root, ctxOf('claude-code', root))).toEqual(['CLAUDE.md | ancestor | always', 'Design Docs/x.md | import | always']);
  });
});

describe('Windsurf', () => {
  it('triggers, AGENTS.md root and subdirectory, .windsurfrules, the 12,000-character limit', () => {
    const root = repo({
      '.windsurfrules': 'legacy\n',
      'AGENTS.md': 'root\n',
      'api/AGENTS.md': 'api\n',
      'api/h.go': '',
      '.windsurf/rules/on.md': '---\ntrigger: always_on\n---\non\n',
      '.windsurf/rules/go.md': '---\ntrigger: glob\nglobs: "**/*.go"\n---\ngo\n',
      '.windsurf/rules/ask.md': '---\ntrigger: model_decision\ndescription: When writing SQL\n---\nsql\n',
      '.windsurf/rules/hand.md': '---\ntrigger: manual\n---\nhand\n',
      '.windsurf/rules/big.md': 'y'.repeat(12_500),
    });
    const ctx = ctxOf('windsurf', root, path.join(root, 'api/h.go'));
    expect(summary(root, ctx)).toEqual([
      '.windsurfrules | always | always',
      'AGENTS.md | always | always',
      'api/AGENTS.md | glob | always',
      '.windsurf/rules/ask.md | listed | always',
      '.windsurf/rules/big.md | always | always',
      '.windsurf/rules/go.md | glob | always',
      '.windsurf/rules/on.md | always | always',
      '.windsurf/rules/ask.md | on-demand | on-demand',
      '.windsurf/rules/hand.md | manual | on-demand',
    ]);
    const big = ctx.entries.find((e) => e.path.endsWith('big.md'))!;
    expect(big.part).toEqual({ kind: 'truncated', bytes: 12_000 });
    expect(ctx.problems.map((p) => [p.kind, p.at.line, p.at.column])).toEqual([['over-limit', 1, 12_001]]);
    expect(summary(root, ctxOf('windsurf', root))).toContain('api/AGENTS.md | on-demand | on-demand');
  });
});

describe('detection and repository contexts', () => {
  it('detects each agent by its own files only', () => {
    const root = repo({ 'AGENTS.md': 'a\n', 'GEMINI.md': 'g\n', '.cursor/rules/r.mdc': '---\nalwaysApply: true\n---\n' });
    expect(detectAgents(root)).toEqual(['codex', 'cursor', 'gemini-cli']);
  });

  it('one context per distinct file set, a glob rule gets a context where it loads', () => {
    const root = repo({ '.cursor/rules/ts.mdc': '---\nglobs: "**/*.ts"\n---\nts\n', 'a/b.ts': '', 'c/d.txt': '' });
    const ctxs = repoContexts(root, { agents: ['cursor'] });
    expect(ctxs.map((c) => path.relative(root, c.target))).toEqual(['', 'a/b.ts']);
    expect(summary(root, ctxs[1])).toEqual(['.cursor/rules/ts.mdc | glob | always']);
  });
});

describe('frontmatter variants and unsaved buffers', () => {
  it('Copilot applyTo as a YAML list, Windsurf globs as a comma-separated string', () => {
    const root = repo({
      '.github/instructions/web.instructions.md': '---\napplyTo:\n  - "web/**"\n  - "**/*.css"\n---\nweb\n',
      '.windsurf/rules/style.md': '---\ntrigger: glob\nglobs: "*.css, docs/**"\n---\nstyle\n',
      'lib/a.css': '',
      'lib/b.js': '',
    });
    expect(summary(root, ctxOf('copilot', root, path.join(root, 'lib/a.css')))).toEqual(['.github/instructions/web.instructions.md | glob | always']);
    expect(summary(root, ctxOf('copilot', root, path.join(root, 'lib/b.js')))).toEqual(['.github/instructions/web.instructions.md | on-demand | on-demand']);
    expect(summary(root, ctxOf('windsurf', root, path.join(root, 'lib/a.css')))).toEqual(['.windsurf/rules/style.md | glob | always']);
    expect(summary(root, ctxOf('windsurf', root, path.join(root, 'lib/b.js')))).toEqual(['.windsurf/rules/style.md | on-demand | on-demand']);
  });

  it('an unsaved buffer (memoryContextFs over the disk) changes what loads', () => {
    const root = repo({ 'CLAUDE.md': 'saved\n', 'notes.md': 'notes\n' });
    const fsys = memoryContextFs({ [path.join(root, 'CLAUDE.md')]: 'edited\n@notes.md\n@new.md\n' }, nodeContextFs());
    const [ctx] = resolveContext(root, root, { agents: ['claude-code'], fs: fsys });
    expect(summary(root, ctx)).toEqual(['CLAUDE.md | ancestor | always', 'notes.md | import | always']);
    expect(ctx.problems.map((p) => [p.kind, p.at.line])).toEqual([['missing-import', 3]]);
  });
});
