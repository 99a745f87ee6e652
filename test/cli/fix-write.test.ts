/**
 * `--fix` writes atomically and keeps what users rely on (issue 12 item 9): a symlink stays a
 * symlink, mode and owner are kept, read-only and hard-linked files are refused with a message,
 * and a file that changed since it was read is not overwritten.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, WriteRefusedError } from '../../server/src/engine/atomic-write.js';
import { BIN, cli, tempTree } from '../helpers/cli.js';

const DUPLICATED = '# Rules\n\n- Always write tests for new code.\n- Prefer small functions.\n- Always write tests for new code.\n';
const FIXED = '# Rules\n\n- Always write tests for new code.\n- Prefer small functions.\n';

const isRoot = process.getuid?.() === 0;
const setpriv = spawnSync('setpriv', ['--version']).status === 0;

describe('--fix through a symlink', () => {
  it('writes the target and leaves AGENTS.md -> CLAUDE.md a symlink', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED });
    fs.symlinkSync('CLAUDE.md', path.join(dir, 'AGENTS.md'));
    const r = cli(['--fix', 'AGENTS.md'], { cwd: dir });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(fs.lstatSync(path.join(dir, 'AGENTS.md')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(dir, 'AGENTS.md'))).toBe('CLAUDE.md');
    expect(fs.readFileSync(path.join(dir, 'CLAUDE.md'), 'utf8')).toBe(FIXED);
    expect(fs.readdirSync(dir).sort()).toEqual(['AGENTS.md', 'CLAUDE.md']); // no temp file left
  });

  it('a chain of links and a link into another directory', () => {
    const dir = tempTree({ 'shared/rules.md': DUPLICATED });
    fs.symlinkSync('shared/rules.md', path.join(dir, 'CLAUDE.md'));
    fs.symlinkSync('CLAUDE.md', path.join(dir, 'AGENTS.md'));
    cli(['--fix', 'AGENTS.md'], { cwd: dir });
    expect(fs.lstatSync(path.join(dir, 'AGENTS.md')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(dir, 'CLAUDE.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'shared/rules.md'), 'utf8')).toBe(FIXED);
  });
});

describe('--fix keeps mode and owner', () => {
  it('keeps an unusual mode exactly (not reduced by the umask, not reset to 0644)', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED });
    const file = path.join(dir, 'CLAUDE.md');
    fs.chmodSync(file, 0o664);
    cli(['--fix', 'CLAUDE.md'], { cwd: dir, env: {} });
    expect(fs.readFileSync(file, 'utf8')).toBe(FIXED);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o664);
    fs.writeFileSync(file, DUPLICATED);
    fs.chmodSync(file, 0o600);
    cli(['--fix', 'CLAUDE.md'], { cwd: dir });
    expect(fs.statSync(file).mode & 0o7777).toBe(0o600);
  });

  it.skipIf(!isRoot)('keeps the owner when root fixes another user\'s file', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED });
    const file = path.join(dir, 'CLAUDE.md');
    fs.chownSync(file, 65534, 65534);
    cli(['--fix', 'CLAUDE.md'], { cwd: dir });
    expect(fs.readFileSync(file, 'utf8')).toBe(FIXED);
    const st = fs.statSync(file);
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
  });
});

describe('--fix refuses what it must not rewrite', () => {
  it('a read-only (0444) file: not written, a message says why, the other files are fixed', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED, 'AGENTS.md': DUPLICATED });
    const ro = path.join(dir, 'CLAUDE.md');
    fs.chmodSync(ro, 0o444);
    const r = cli(['--fix', 'CLAUDE.md', 'AGENTS.md'], { cwd: dir });
    expect(fs.readFileSync(ro, 'utf8')).toBe(DUPLICATED);
    expect(fs.statSync(ro).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(path.join(dir, 'AGENTS.md'), 'utf8')).toBe(FIXED);
    expect(r.stdout).toMatch(/CLAUDE\.md[\s\S]*fixes not written: read-only file \(mode 0444\)/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(0); // a warning, like a skipped binary file
  });

  it.skipIf(!setpriv || !isRoot)('a read-only file owned by an unprivileged user in a directory it can write: not rewritten by that user', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED });
    fs.chmodSync(dir, 0o777);
    const ro = path.join(dir, 'CLAUDE.md');
    fs.chownSync(ro, 65534, 65534);
    fs.chmodSync(ro, 0o444);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, '--fix', 'CLAUDE.md'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toContain('fixes not written: read-only file');
    expect(fs.readFileSync(ro, 'utf8')).toBe(DUPLICATED);
    expect(fs.statSync(ro).mode & 0o777).toBe(0o444);
  });

  it('a hard-linked file: not written (a replacement would split the links), both names unchanged', () => {
    const dir = tempTree({ 'CLAUDE.md': DUPLICATED });
    fs.linkSync(path.join(dir, 'CLAUDE.md'), path.join(dir, 'AGENTS.md'));
    const r = cli(['--fix', 'CLAUDE.md'], { cwd: dir });
    expect(r.stdout).toContain('fixes not written: has 2 hard links');
    expect(fs.statSync(path.join(dir, 'CLAUDE.md')).ino).toBe(fs.statSync(path.join(dir, 'AGENTS.md')).ino);
    expect(fs.readFileSync(path.join(dir, 'AGENTS.md'), 'utf8')).toBe(DUPLICATED);
  });
});

describe('writeFileAtomic', () => {
  it('does not overwrite a file that changed since it was read, and leaves no temp file', () => {
    const dir = tempTree({ 'a.md': 'one\n' });
    const file = path.join(dir, 'a.md');
    const before = fs.readFileSync(file);
    fs.appendFileSync(file, 'appended meanwhile\n');
    expect(() => writeFileAtomic(file, 'fixed\n', { expected: before })).toThrow(WriteRefusedError);
    expect(() => writeFileAtomic(file, 'fixed\n', { expected: before })).toThrow(/changed since it was read/);
    expect(fs.readFileSync(file, 'utf8')).toBe('one\nappended meanwhile\n');
    expect(fs.readdirSync(dir)).toEqual(['a.md']);
    writeFileAtomic(file, 'fixed\n', { expected: fs.readFileSync(file) });
    expect(fs.readFileSync(file, 'utf8')).toBe('fixed\n');
  });

  it('creates a new file, and writes a dangling symlink\'s target', () => {
    const dir = tempTree({});
    writeFileAtomic(path.join(dir, 'new.json'), '{}\n');
    expect(fs.readFileSync(path.join(dir, 'new.json'), 'utf8')).toBe('{}\n');
    fs.symlinkSync('target.json', path.join(dir, 'link.json'));
    writeFileAtomic(path.join(dir, 'link.json'), '[]\n');
    expect(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'target.json'), 'utf8')).toBe('[]\n');
  });

  it('refuses a FIFO or device instead of replacing it', () => {
    expect(() => writeFileAtomic('/dev/null', 'x')).toThrow(/not a regular file/);
  });
});
