/**
 * `budget --head <ref>` copies the head commit's config files into a scratch folder. A tree can
 * hold `..` entries (git mktree accepts them; fetch does not check by default), so a hostile
 * commit must not make that copy write outside the scratch folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { checkedTreePath, resolveInside } from '../../server/src/gates/git.js';
import { GIT_ENV, commit, git, initRepo, tempDir } from './helpers.js';

function gitIn(repo: string, args: string[], input: string): string {
  const r = spawnSync('git', args, { cwd: repo, input, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A commit whose tree holds `a/../../../<name>` (nested `..` trees made with git mktree). */
function hostileCommit(repo: string, name: string, content: string, parent: string): string {
  const blob = gitIn(repo, ['hash-object', '-w', '--stdin'], content);
  let tree = gitIn(repo, ['mktree'], `100644 blob ${blob}\t${name}\n`);
  for (let i = 0; i < 3; i++) tree = gitIn(repo, ['mktree'], `040000 tree ${tree}\t..\n`);
  tree = gitIn(repo, ['mktree'], `040000 tree ${tree}\ta\n`);
  return git(repo, 'commit-tree', tree, '-p', parent, '-m', 'hostile');
}

describe('budget --head with a hostile tree', () => {
  it('git really accepts a `..` entry (so the guard is needed)', () => {
    const repo = initRepo();
    const base = commit(repo, 'base', { 'CLAUDE.md': 'One.\n' });
    const head = hostileCommit(repo, 'package.json', '{}', base);
    expect(git(repo, 'ls-tree', '-r', '--name-only', '--full-tree', head)).toBe('a/../../../package.json');
  });

  for (const name of ['package.json', '.promptlintrc.json']) {
    it(`refuses a commit with "a/../../../${name}" (exit 2, a clear message) and writes nothing outside the scratch folder`, () => {
      const outer = tempDir('prompt-lint-outer-');
      const tmp = path.join(outer, 'tmp');
      fs.mkdirSync(tmp);
      const repo = initRepo();
      const base = commit(repo, 'base', { 'CLAUDE.md': 'One.\n' });
      const head = hostileCommit(repo, name, '{"scripts":{"preinstall":"echo pwned"}}', base);
      // The scratch folder is <outer>/tmp/prompt-lint-budget-XXXX, so a/../../../<name> lands in <outer>.
      const r = cli(['budget', '--base', base, '--head', head], { cwd: repo, env: { TMPDIR: tmp } });
      expect(fs.existsSync(path.join(outer, name))).toBe(false);
      expect(fs.readdirSync(outer)).toEqual(['tmp']);
      expect(fs.readdirSync(tmp)).toEqual([]); // the scratch folder is removed too
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('a/../../../' + name);
      expect(r.stderr).toMatch(/unsafe path/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('a normal --head commit still works (the guard does not reject ordinary paths)', () => {
    const repo = initRepo();
    const base = commit(repo, 'base', { 'CLAUDE.md': 'One.\n', 'sub/.promptlintrc.json': '{}' });
    const head = commit(repo, 'head', { 'CLAUDE.md': 'One. Two.\n' });
    const r = cli(['budget', '--base', base, '--head', head, '-f', 'json'], { cwd: repo });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('tree path guard', () => {
  it('accepts ordinary repository paths', () => {
    for (const p of ['a.md', 'a/b/.promptlintrc.json', '..foo/bar', 'a/..b', '.github/x.md', 'a/...']) expect(checkedTreePath(p)).toBe(p);
  });
  it('rejects `..`, `.`, empty segments, absolute paths, NUL and (on every platform) backslash segments that Windows would split', () => {
    for (const p of ['..', '../a', 'a/../b', 'a/..', './a', 'a/./b', 'a//b', '/etc/passwd', 'a\0b', 'a\\..\\b', 'C:/x', 'c:x']) {
      expect(() => checkedTreePath(p), p).toThrow(/unsafe path/);
    }
  });
  it('resolveInside returns a path under the root or throws', () => {
    const root = tempDir();
    expect(resolveInside(root, 'a/b.json')).toBe(path.join(root, 'a', 'b.json'));
    expect(() => resolveInside(root, '../x')).toThrow(/outside/);
    expect(() => resolveInside(root, 'a/../../x')).toThrow(/outside/);
    expect(() => resolveInside(root, '/etc/x')).toThrow(/outside/);
  });
});
