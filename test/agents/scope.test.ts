/**
 * Linting named files resolves only the effective contexts that can load them (agents/scope.ts),
 * and misses none: for every file of repositories with imports across folders, nested rule
 * folders, an AGENTS.md chain past Codex's budget and glob rules, the derived tasks that hold the
 * file (and so its findings) are the same as when every context of the repository is derived.
 */
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { derivedTaskKey, diskContexts, type ContextSource, type DerivedTask } from '../../server/src/engine/context-tasks.js';
import { contextScope, nodeContextFs, repoContexts } from '../../server/src/agents/index.js';
import { isInside } from '../../server/src/agents/paths.js';
import { tempRepos } from './helpers.js';

const repo = tempRepos();

const para = (i: number) => `## Section ${i}\n\n- Use the shared logger in module ${i}.\n- Keep functions under ${20 + (i % 7)} lines.\n- Use pnpm for package ${i % 3}.\n- Always answer in ${i % 2 ? 'three sentences' : 'thorough, detailed paragraphs'}.\n`;

/** A repository where a file loads in every way a context can load it. */
function edgeRepo(): Record<string, string> {
  return {
    'CLAUDE.md': `# Root\n\n@AGENTS.md\n${para(0)}`,
    'AGENTS.md': `# Agents\n${para(1)}Use npm.\n`,
    'GEMINI.md': `@./docs/gemini-style.md\n${para(2)}`,
    'docs/gemini-style.md': para(3),
    // imported from a deep CLAUDE.md through ../: loads in the contexts below packages/a/src, not below docs/
    'docs/shared/deep-import.md': `@chained.md\n${para(4)}`,
    'docs/shared/chained.md': para(5),
    'packages/a/src/CLAUDE.md': `@../../../docs/shared/deep-import.md\n${para(6)}`,
    'packages/a/src/ui/AGENTS.md': para(7),
    'packages/a/src/ui/widget.ts': 'export {};\n',
    // imported only by a Claude rule: loads in every context
    'docs/from-rule.md': para(8),
    '.claude/rules/always.md': `@../../docs/from-rule.md\n${para(9)}`,
    '.claude/rules/scoped.md': `---\npaths:\n  - "packages/b/**/*.ts"\n---\n${para(10)}`,
    // a folder's own Claude settings file is a chain file of that folder
    'packages/b/.claude/CLAUDE.md': para(11),
    'packages/b/lib/AGENTS.override.md': para(12),
    'packages/b/lib/AGENTS.md': para(13),
    'packages/b/lib/x.ts': 'export {};\n',
    // nested Cursor rules apply inside their folder
    'packages/c/.cursor/rules/c.mdc': `---\nalwaysApply: true\n---\n${para(14)}`,
    'packages/c/AGENTS.md': para(15),
    'packages/c/deep/GEMINI.md': `@../../../docs/shared/chained.md\n${para(16)}`,
    // an AGENTS.md chain past Codex's 32 KiB: the deepest file is not read (a problem there)
    'packages/d/AGENTS.md': `${'- Keep this line in the budget.\n'.repeat(1100)}`,
    'packages/d/e/AGENTS.md': para(17),
    'packages/d/e/f/AGENTS.md': para(18),
    'packages/d/e/f/empty/AGENTS.md': '\n',
    '.github/copilot-instructions.md': para(19),
    '.github/instructions/ui.instructions.md': `---\napplyTo: "packages/a/**"\n---\n${para(20)}`,
    '.windsurf/rules/w.md': `---\ntrigger: glob\nglobs: "packages/b/**"\n---\n${para(21)}`,
    '.cursorrules': para(22),
    'notes/unreferenced.md': para(23),
    'packages/e/README.md': para(24),
  };
}

/** Many instruction files over nested packages (the bench's shape, smaller). */
function generatedRepo(count: number): Record<string, string> {
  const files: Record<string, string> = { 'CLAUDE.md': `# Root\n\n@AGENTS.md\n${para(0)}`, 'AGENTS.md': para(1), 'GEMINI.md': para(2) };
  for (let i = 0; Object.keys(files).length < count; i++) {
    const dir = `packages/p${i % 6}/${['src', 'lib', 'src/api', 'src/ui'][Math.floor(i / 6) % 4]}`;
    const kind = i % 5;
    if (kind === 0) files[`${dir}/CLAUDE.md`] = `@notes-${i}.md\n${para(i)}`;
    if (kind === 0) files[`${dir}/notes-${i}.md`] = para(i + 1);
    if (kind === 1) files[`${dir}/AGENTS.md`] = para(i);
    if (kind === 2) files[`${dir}/GEMINI.md`] = para(i);
    if (kind === 3) files[`.github/instructions/i${i}.instructions.md`] = `---\napplyTo: "${dir}/**"\n---\n${para(i)}`;
    if (kind === 4) files[`${dir}/file${i}.ts`] = `export const x${i} = ${i};\n`;
  }
  return files;
}

/** Every context of the repository, whatever files are named (what the engine did before scoping). */
function everyContext(root: string): ContextSource {
  const disk = diskContexts(root);
  return { rootOf: (f) => disk.rootOf(f), contexts: (r, agents, limits) => repoContexts(r, { limits, ...(agents ? { agents } : {}) }) };
}

/** The derived tasks that hold `file` (as a member or a file a problem is in), as the run joins them. */
function holding(tasks: readonly DerivedTask[], file: string): string[] {
  return tasks
    .filter((t) => t.entries.some((e) => e.path === file) || t.unread?.includes(file))
    .map((t) => JSON.stringify({ key: derivedTaskKey(t), name: t.name, problems: t.problems, unread: t.unread ?? [], together: t.together ?? [] }));
}

function allFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile() && !d.parentPath.includes(`${path.sep}.git`))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

describe('named files resolve only the contexts that can load them', () => {
  for (const [name, files] of [['edge cases', edgeRepo()], ['generated', generatedRepo(90)]] as const) {
    it(`${name}: every file is held by the same derived tasks as when every context is derived`, () => {
      const root = repo(files);
      const scoped = new Engine({ cwd: root });
      const full = new Engine({ cwd: root, contexts: everyContext(root) });
      const everything = full.derivedTasks(allFiles(root));
      let held = 0;
      for (const file of allFiles(root)) {
        const expected = holding(everything, file);
        held += expected.length ? 1 : 0;
        expect(holding(scoped.derivedTasks([file]), file), path.relative(root, file)).toEqual(expected);
      }
      // the comparison means something: most instruction files are in some derived task
      expect(held).toBeGreaterThan(name === 'edge cases' ? 15 : 40);
    });
  }

  it('lints a named file with the same findings as when every context is derived', async () => {
    const root = repo(edgeRepo());
    for (const rel of ['AGENTS.md', 'packages/a/src/ui/AGENTS.md', 'docs/shared/chained.md', 'packages/d/e/f/AGENTS.md', 'packages/b/lib/AGENTS.override.md']) {
      const file = path.join(root, rel);
      const scoped = await new Engine({ cwd: root }).lintFiles([file]);
      const full = await new Engine({ cwd: root, contexts: everyContext(root) }).lintFiles([file]);
      expect(JSON.stringify(scoped), rel).toBe(JSON.stringify(full));
    }
  });

  it('resolves fewer contexts for a deep file, and all of them for a root file or a rule', () => {
    const root = repo(generatedRepo(90));
    const fsys = nodeContextFs();
    const every = repoContexts(root, { fs: fsys }).length;
    const deep = path.join(root, 'packages/p1/src/AGENTS.md');
    expect(fs.existsSync(deep)).toBe(true);
    const few = repoContexts(root, { fs: fsys, files: [deep] }).length;
    expect(few).toBeLessThan(every / 2);
    expect(repoContexts(root, { fs: fsys, files: [path.join(root, 'AGENTS.md')] }).length).toBe(every);
    expect(contextScope(root, [path.join(root, 'CLAUDE.md')], fsys)).toEqual({ all: true });
    expect(contextScope(root, [path.join(root, '.github/instructions/i3.instructions.md')], fsys)).toEqual({ all: true });
    // a file nothing loads or imports: no directory below the root
    expect(contextScope(root, [path.join(root, 'packages/p4/src/file4.ts')], fsys)).toEqual({ all: false, dirs: [] });
    // an imported file: where its importer loads
    expect(contextScope(root, [path.join(root, 'packages/p0/src/notes-0.md')], fsys)).toEqual({ all: false, dirs: [path.join(root, 'packages/p0/src')] });
  });
});

describe('isInside', () => {
  it('answers as path.relative does, for plain and other paths', () => {
    const reference = (dir: string, file: string) => {
      const rel = path.relative(dir, file);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    };
    const paths = ['/', '/a', '/a/', '/a/b', '/ab', '/a/b/c.md', '/a/..b', '/a/..b/c', '/a/./b', '/a/../a/b', '//a/b', '/a//b', '/a/.claude/CLAUDE.md', '/a/b/..', 'a/b', '/b/a'];
    let inside = 0;
    for (const dir of paths) {
      for (const file of paths) {
        expect(isInside(dir, file), `${dir} ⊇ ${file}`).toBe(reference(dir, file));
        inside += reference(dir, file) ? 1 : 0;
      }
    }
    expect(inside).toBeGreaterThan(40);
  });
});
