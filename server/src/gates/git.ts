/** Reading a repository's trees and blobs with plain git commands: no checkout, no index changes. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../config/read-file.js';
import { UsageError } from '../engine/engine.js';

export class GitError extends Error {}

export function git(args: readonly string[], cwd: string, input?: string | Buffer): Buffer {
  const r = spawnSync('git', [...args], { cwd, input, maxBuffer: 1 << 30, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('git is not installed (the budget gate reads history with git)');
    throw r.error;
  }
  if (r.status !== 0) throw new GitError(`git ${args.join(' ')}: ${r.stderr.toString('utf8').trim() || `exit ${r.status}`}`);
  return r.stdout;
}

export function repoRoot(cwd: string): string {
  try {
    return path.resolve(git(['rev-parse', '--show-toplevel'], cwd).toString('utf8').trim());
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(`${cwd} is not inside a git repository (the budget gate compares git revisions)`);
    throw error;
  }
}

/** The commit a ref names, or a usage error that says what was wrong. */
export function resolveCommit(ref: string, flag: string, root: string): string {
  if (!ref || ref.startsWith('-')) throw new UsageError(`${flag} expects a git ref, got "${ref}"`);
  try {
    return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError) {
      throw new UsageError(`${flag} ${ref}: not a commit in this repository (a branch, tag or commit id; in CI, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
    }
    throw error;
  }
}

/** One version of the repository's files: a commit, or the working tree. */
export interface TreeSnapshot {
  /** What the user named: the ref, or "working tree". */
  readonly label: string;
  /** Commit id, absent for the working tree. */
  readonly commit?: string;
  /** Repository-relative "/" paths of regular files. */
  readonly files: readonly string[];
  /** Contents of some of `files` (missing ones are absent from the map). */
  read(paths: readonly string[]): Map<string, Buffer>;
}

/**
 * A repository path from a tree, or a usage error when it could name something outside the tree.
 * git itself refuses to check out such entries, but `mktree` writes them and fetch does not check
 * them by default, so a hostile commit can hold `a/../../package.json`.
 */
export function checkedTreePath(p: string, where = 'the tree'): string {
  const segments = p.split('/');
  const bad =
    p.startsWith('/') ||
    p.includes('\0') ||
    /^[A-Za-z]:/.test(p) || // a drive letter on Windows
    segments.some((s) => s === '' || s === '.' || s === '..' || /(^|\\)\.{1,2}(\\|$)/.test(s) || s.startsWith('\\'));
  if (bad) throw new UsageError(`${where} has an unsafe path ${JSON.stringify(p)} (an entry that leaves the repository; git fsck reports it); refusing to read it`);
  return p;
}

/** `root/rel`, or an error when the result would lie outside `root` (belt and braces after checkedTreePath). */
export function resolveInside(root: string, rel: string): string {
  const base = path.resolve(root);
  const abs = path.resolve(base, rel);
  const back = path.relative(base, abs);
  if (path.isAbsolute(rel) || back === '' || back === '..' || back.startsWith('..' + path.sep) || path.isAbsolute(back)) {
    throw new UsageError(`refusing to write ${JSON.stringify(rel)}: it resolves outside ${base}`);
  }
  return abs;
}

export function commitSnapshot(root: string, ref: string, commit: string): TreeSnapshot {
  const out = git(['ls-tree', '-r', '-z', '--full-tree', commit], root).toString('utf8');
  const files: string[] = [];
  for (const entry of out.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type] = entry.slice(0, tab).split(' ');
    // Regular files only: no symlinks (120000), no submodules (type commit).
    if (type === 'blob' && mode !== '120000') files.push(checkedTreePath(entry.slice(tab + 1), `commit ${commit.slice(0, 7)} (${ref})`));
  }
  return {
    label: ref,
    commit,
    files,
    read(paths) {
      const wanted = paths.filter((p) => !/[\n\r]/.test(p));
      const result = new Map<string, Buffer>();
      if (!wanted.length) return result;
      const buf = git(['cat-file', '--batch'], root, wanted.map((p) => `${commit}:${p}`).join('\n') + '\n');
      let pos = 0;
      for (const p of wanted) {
        const nl = buf.indexOf(0x0a, pos);
        const header = buf.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) continue; // "<name> missing"
        const size = Number(m[2]);
        if (m[1] === 'blob') result.set(p, buf.subarray(pos, pos + size));
        pos += size + 1;
      }
      return result;
    },
  };
}

export function worktreeSnapshot(root: string): TreeSnapshot {
  const out = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root).toString('utf8');
  const files = [...new Set(out.split('\0').filter(Boolean))].filter((p) => {
    try {
      const st = fs.lstatSync(path.join(root, p));
      return st.isFile();
    } catch {
      return false; // deleted in the working tree
    }
  });
  return {
    label: 'working tree',
    files,
    read(paths) {
      const result = new Map<string, Buffer>();
      for (const p of paths) {
        try {
          result.set(p, readRegularFile(path.join(root, p)));
        } catch {
          // gone meanwhile
        }
      }
      return result;
    },
  };
}

/** head path → base path for the files git sees as renamed between the two versions. */
export function renamesBetween(root: string, baseCommit: string, headCommit: string | undefined): Map<string, string> {
  const args = ['diff', '-z', '--name-status', '-M', '--no-ext-diff', baseCommit];
  if (headCommit) args.push(headCommit);
  const parts = git(args, root).toString('utf8').split('\0');
  const renames = new Map<string, string>();
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (!status) continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = parts[i++]!;
      const to = parts[i++]!;
      if (status.startsWith('R')) renames.set(to, from);
    } else {
      i++;
    }
  }
  return renames;
}
