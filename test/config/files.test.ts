import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../server/src/config/defaults.js';
import { findFiles, matchesGlobs, rebaseGlob } from '../../server/src/config/files.js';
import { tree } from './helpers.js';

const PROJECT = {
  'CLAUDE.md': '# c\n',
  'README.md': '# r\n',
  'LICENSE': 'MIT\n',
  'package.json': '{}\n',
  'src/index.ts': 'export {};\n',
  '.cursor/rules/x.mdc': 'x\n',
  '.cursorrules': 'x\n',
  'docs/foo.prompt.md': 'x\n',
  'docs/guide.md': 'x\n',
  '.github/copilot-instructions.md': 'x\n',
  '.claude/commands/review.md': 'x\n',
  'prompts/system.txt': 'x\n',
  'node_modules/pkg/CLAUDE.md': 'x\n',
  'dist/AGENTS.md': 'x\n',
};

function rel(root: string, files: readonly string[]): string[] {
  return files.map((f) => path.relative(root, f).split(path.sep).join('/'));
}

describe('findFiles without patterns', () => {
  it('finds the well-known prompt files under cwd, not README.md, not excluded dirs', async () => {
    const root = tree(PROJECT);
    const found = await findFiles([], { cwd: root, include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE });
    expect(rel(root, found.files)).toEqual([
      '.claude/commands/review.md',
      '.cursor/rules/x.mdc',
      '.cursorrules',
      '.github/copilot-instructions.md',
      'CLAUDE.md',
      'docs/foo.prompt.md',
      'prompts/system.txt',
    ]);
    expect(found.missing).toEqual([]);
    for (const f of found.files) expect(path.isAbsolute(f)).toBe(true);
  });

  it('uses the defaults when include/exclude are not given, and honours .gitignore', async () => {
    const root = tree({ ...PROJECT, '.gitignore': 'docs/\n', 'generated/AGENTS.md': 'x\n', 'generated/.gitignore': '*\n!.gitignore\n' });
    const found = await findFiles([], { cwd: root });
    expect(rel(root, found.files)).toEqual([
      '.claude/commands/review.md',
      '.cursor/rules/x.mdc',
      '.cursorrules',
      '.github/copilot-instructions.md',
      'CLAUDE.md',
      'prompts/system.txt',
    ]);
    const all = await findFiles([], { cwd: root, respectGitignore: false });
    expect(rel(root, all.files)).toContain('docs/foo.prompt.md');
    expect(rel(root, all.files)).toContain('generated/AGENTS.md');
  });

  it('matches include/exclude relative to baseDir while searching cwd only', async () => {
    const root = tree({ 'a/CLAUDE.md': 'x', 'a/skip/CLAUDE.md': 'x', 'b/CLAUDE.md': 'x' });
    const found = await findFiles([], { cwd: path.join(root, 'a'), baseDir: root, include: ['a/**/*.md'], exclude: ['a/skip/**'] });
    expect(rel(root, found.files)).toEqual(['a/CLAUDE.md']);
  });

  it('leaves out what an excluded directory above cwd holds, as a run from baseDir does (and as the budget gate counts)', async () => {
    const root = tree({ 'packages/a/CLAUDE.md': 'x', 'other/CLAUDE.md': 'x' });
    const options = { baseDir: root, include: DEFAULT_INCLUDE, exclude: ['packages'] };
    expect(rel(root, (await findFiles([], { cwd: root, ...options })).files)).toEqual(['other/CLAUDE.md']);
    expect((await findFiles([], { cwd: path.join(root, 'packages/a'), ...options })).files).toEqual([]);
    // a directory named from above: the same
    expect((await findFiles(['packages/a'], { cwd: root, ...options })).files).toEqual([]);
  });
});

describe('findFiles with patterns', () => {
  it('lints a named file whatever its name or ignore status', async () => {
    const root = tree({ ...PROJECT, '.gitignore': 'README.md\n' });
    const found = await findFiles(['README.md', 'node_modules/pkg/CLAUDE.md', 'src/index.ts'], { cwd: root });
    expect(rel(root, found.files)).toEqual(['README.md', 'node_modules/pkg/CLAUDE.md', 'src/index.ts']);
    expect(found.missing).toEqual([]);
  });

  it('walks a directory: readable files only, honouring exclude and nested .gitignore', async () => {
    const root = tree({
      'proj/.git/HEAD': 'ref: refs/heads/main\n',
      'proj/.gitignore': 'secret.md\n/drafts/\n',
      'proj/docs/.gitignore': 'tmp-*.md\n!keep-me.md\n',
      'proj/docs/a.md': 'x',
      'proj/docs/tmp-1.md': 'x',
      'proj/docs/secret.md': 'x',
      'proj/docs/keep-me.md': 'x',
      'proj/docs/data.json': '{}',
      'proj/docs/notes.txt': 'x',
      'proj/docs/build/out.md': 'x',
      'proj/docs/private/p.md': 'x',
      'proj/drafts/d.md': 'x',
      'proj/.cursorrules': 'x',
    });
    const cwd = path.join(root, 'proj');
    const found = await findFiles(['.'], { cwd, exclude: [...DEFAULT_EXCLUDE, 'docs/private/'] });
    expect(rel(cwd, found.files)).toEqual(['.cursorrules', 'docs/a.md', 'docs/keep-me.md', 'docs/notes.txt']);
    const sub = await findFiles(['docs'], { cwd, exclude: DEFAULT_EXCLUDE });
    expect(rel(cwd, sub.files)).toEqual(['docs/a.md', 'docs/keep-me.md', 'docs/notes.txt', 'docs/private/p.md']);
  });

  it('an ignored directory cannot re-include files (git semantics)', async () => {
    const root = tree({ '.gitignore': 'gen/\n', 'gen/.gitignore': '!x.md\n', 'gen/x.md': 'x', 'ok.md': 'x' });
    const found = await findFiles(['.'], { cwd: root });
    expect(rel(root, found.files)).toEqual(['ok.md']);
  });

  it('expands globs, filtered by file kind, exclude and .gitignore; "!" patterns remove matches', async () => {
    const root = tree({ ...PROJECT, '.gitignore': 'docs/guide.md\n', 'docs/sub/x.md': 'x', 'docs/data.json': '{}' });
    const found = await findFiles(['docs/**/*', '**/CLAUDE.md'], { cwd: root });
    expect(rel(root, found.files)).toEqual(['CLAUDE.md', 'docs/foo.prompt.md', 'docs/sub/x.md']);
    const negated = await findFiles(['docs/**/*.md', '!docs/sub/**'], { cwd: root });
    expect(rel(root, negated.files)).toEqual(['docs/foo.prompt.md']);
    const dot = await findFiles(['*rules'], { cwd: root });
    expect(rel(root, dot.files)).toEqual(['.cursorrules']);
  });

  it('reports missing paths, empty directories and globs without matches', async () => {
    const root = tree({ 'CLAUDE.md': 'x', 'empty': null, 'only-code/a.ts': '' });
    const found = await findFiles(['CLAUDE.md', 'nope.md', 'empty', 'only-code', 'prompts/**/*.md', 'CLAUDE.md'], { cwd: root });
    expect(rel(root, found.files)).toEqual(['CLAUDE.md']);
    expect(found.missing).toEqual(['nope.md', 'empty', 'only-code', 'prompts/**/*.md']);
  });

  it('deduplicates and sorts files from overlapping patterns', async () => {
    const root = tree({ 'b/CLAUDE.md': 'x', 'a/AGENTS.md': 'x' });
    const found = await findFiles(['b/CLAUDE.md', 'b', '**/*.md', path.join(root, 'a')], { cwd: root });
    expect(found.files).toEqual([path.join(root, 'a/AGENTS.md'), path.join(root, 'b/CLAUDE.md')]);
  });

  it('does not follow symlinked directories', async () => {
    const root = tree({ 'real/CLAUDE.md': 'x' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'), 'dir');
    fs.symlinkSync(path.join(root, 'real/CLAUDE.md'), path.join(root, 'AGENTS.md'), 'file');
    const found = await findFiles(['.'], { cwd: root });
    expect(rel(root, found.files)).toEqual(['AGENTS.md', 'real/CLAUDE.md']);
  });
});

describe('matchesGlobs', () => {
  const base = '/proj';
  it('matches dot files and dot directories', () => {
    expect(matchesGlobs('/proj/.cursorrules', '.cursorrules', base)).toBe(true);
    expect(matchesGlobs('/proj/.github/copilot-instructions.md', '.github/*.md', base)).toBe(true);
    expect(matchesGlobs('/proj/a/.cursor/rules/x.mdc', '**/*.mdc', base)).toBe(true);
  });

  it('matches globs without "/" at any depth; globs with "/" are anchored', () => {
    expect(matchesGlobs('/proj/a/b/CLAUDE.md', 'CLAUDE.md', base)).toBe(true);
    expect(matchesGlobs('/proj/a/b/CLAUDE.md', '/CLAUDE.md', base)).toBe(false);
    expect(matchesGlobs('/proj/CLAUDE.md', '/CLAUDE.md', base)).toBe(true);
    expect(matchesGlobs('/proj/a/docs/x.md', 'docs/*.md', base)).toBe(false);
    expect(matchesGlobs('/proj/docs/x.md', './docs/*.md', base)).toBe(true);
    expect(matchesGlobs('/proj/a/drafts/x.md', 'drafts/', base)).toBe(true);
  });

  it('never matches outside the base directory; "!" excludes', () => {
    expect(matchesGlobs('/other/CLAUDE.md', '**/*.md', base)).toBe(false);
    expect(matchesGlobs('/proj/a.md', ['*.md', '!a.md'], base)).toBe(false);
    expect(matchesGlobs('/proj/b.md', ['*.md', '!a.md'], base)).toBe(true);
    expect(matchesGlobs('/proj/b.md', [], base)).toBe(false);
  });

  it('rebaseGlob keeps the meaning of a nested glob', () => {
    expect(rebaseGlob('*.md', '/proj/sub', '/proj')).toBe('sub/**/*.md');
    expect(rebaseGlob('/CLAUDE.md', '/proj/sub', '/proj')).toBe('sub/CLAUDE.md');
    expect(rebaseGlob('!old/**', '/proj/sub', '/proj')).toBe('!sub/old/**');
    expect(rebaseGlob('x/**', '/proj', '/proj')).toBe('x/**');
    expect(matchesGlobs('/proj/sub/a/b.md', rebaseGlob('*.md', '/proj/sub', '/proj'), '/proj')).toBe(true);
    expect(matchesGlobs('/proj/b.md', rebaseGlob('*.md', '/proj/sub', '/proj'), '/proj')).toBe(false);
  });
});
