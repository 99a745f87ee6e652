/**
 * Regular files only, and one bad file never aborts the run (issue 12 items 3 and 4): devices and
 * FIFOs named as task members, `.gitignore`, `--config` or `extends` get a clear message instead of
 * a hang or an out-of-memory abort; files that cannot be read are reported and skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempTree } from '../helpers/cli.js';

/** The CLI with a time limit, so that a hang fails the test instead of stalling the suite. */
function run(args: string[], cwd: string, user?: number) {
  const cmd = user === undefined ? [process.execPath, BIN, ...args] : ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', process.execPath, BIN, ...args];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '--max-old-space-size=512' } });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0 && process.getuid?.() === 0;
const strict = process.env.CI === 'true';
if (!hasMkfifo) console.warn(`read-safety: mkfifo not found; FIFO cases skipped${strict ? ' (fails under CI)' : ''}`);
if (!hasSetpriv) console.warn(`read-safety: needs root and setpriv to run the CLI as an unprivileged user; permission cases skipped${strict ? ' (fails under CI)' : ''}`);

function fifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo ${file} failed`);
}

const PROMPT = '# Rules\n\n- Prefer small functions.\n';
const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at |bad_alloc|internal error/);

describe('devices and FIFOs', () => {
  it('a task member naming /dev/zero: exit 2 with a clear message', () => {
    const dir = tempTree({ 'CLAUDE.md': PROMPT, '.promptlintrc.json': JSON.stringify({ tasks: [{ name: 'agent', files: ['CLAUDE.md', '/dev/zero'] }] }) });
    const r = run(['CLAUDE.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/task "agent" names \/dev\/zero, which is a character device, not a regular file/);
    noTrace(r.stderr);
  });

  it.skipIf(!hasMkfifo && !strict)('a task member that is a FIFO: exit 2 with a clear message, no hang', () => {
    const dir = tempTree({ 'CLAUDE.md': PROMPT, '.promptlintrc.json': JSON.stringify({ tasks: [{ name: 'agent', files: ['CLAUDE.md', 'pipe.md'] }] }) });
    fifo(path.join(dir, 'pipe.md'));
    const r = run(['CLAUDE.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('names pipe.md, which is a FIFO, not a regular file');
  });

  it.skipIf(!hasMkfifo && !strict)('a FIFO matched by a glob or a directory walk is not read', () => {
    const dir = tempTree({ 'prompts/a.md': PROMPT });
    fifo(path.join(dir, 'prompts/b.md'));
    for (const args of [['prompts'], ['prompts/*.md']]) {
      const r = run(args, dir);
      expect(r.signal, args.join(' ')).toBeNull();
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it.skipIf(!hasMkfifo && !strict)('a FIFO named on the command line is skipped with a message', () => {
    const dir = tempTree({ 'CLAUDE.md': PROMPT });
    fifo(path.join(dir, 'pipe.md'));
    const r = run(['pipe.md', 'CLAUDE.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(null);
    noTrace(r.stderr);
  });

  it('a .gitignore committed as a symlink to /dev/zero, or a FIFO, reads as empty', () => {
    const dir = tempTree({ 'CLAUDE.md': PROMPT, '.git/HEAD': 'ref: refs/heads/main\n', 'sub/CLAUDE.md': PROMPT });
    fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    if (hasMkfifo) fifo(path.join(dir, 'sub/.gitignore'));
    const r = run([], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    noTrace(r.stderr);
  });

  it('--config and extends naming /dev/zero or a FIFO: exit 2 with a clear message', () => {
    const dir = tempTree({ 'CLAUDE.md': PROMPT, 'ext.json': JSON.stringify({ extends: '/dev/zero' }) });
    let r = run(['--config', '/dev/zero', 'CLAUDE.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a regular file|character device/);
    noTrace(r.stderr);
    r = run(['--config', 'ext.json', 'CLAUDE.md'], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    noTrace(r.stderr);
    if (hasMkfifo) {
      fifo(path.join(dir, 'pipe.json'));
      r = run(['--config', 'pipe.json', 'CLAUDE.md'], dir);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('a FIFO, not a regular file');
      fs.writeFileSync(path.join(dir, '.promptlintrc.json'), JSON.stringify({ extends: './pipe.json' }));
      r = run(['CLAUDE.md'], dir);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      noTrace(r.stderr);
    }
  });
});

describe.skipIf(!hasSetpriv && !strict)('files that cannot be read (as an unprivileged user)', () => {
  const NOBODY = 65534;
  const DUP = '# Rules\n\n- Always write tests for new code.\n- Always write tests for new code.\n';

  function tree(files: Record<string, string>): string {
    const dir = tempTree(files);
    spawnSync('chmod', ['-R', 'a+rwX', dir]);
    return dir;
  }

  it('one unreadable file is reported and skipped; the others are linted (no exit 2)', () => {
    const dir = tree({ 'prompts/a.md': DUP, 'prompts/b.md': DUP });
    fs.chmodSync(path.join(dir, 'prompts/a.md'), 0o000);
    const r = run(['prompts', '-f', 'json'], dir, NOBODY);
    noTrace(r.stderr);
    expect(r.status).toBe(0);
    const reports = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
    const a = reports.find((x) => x.filePath.endsWith('a.md'))!;
    const b = reports.find((x) => x.filePath.endsWith('b.md'))!;
    expect(a.messages.map((m) => m.message)).toEqual(['skipped: cannot read: permission denied']);
    expect(b.messages.some((m) => m.ruleId === 'duplicate-instruction')).toBe(true);
  });

  it('a named file inside a directory without execute permission: "cannot read", not "no files matching"', () => {
    const dir = tree({ 'locked/CLAUDE.md': PROMPT, 'CLAUDE.md': PROMPT });
    fs.chmodSync(path.join(dir, 'locked'), 0o666);
    const r = run(['locked/CLAUDE.md', 'CLAUDE.md'], dir, NOBODY);
    noTrace(r.stderr);
    expect(r.stderr).not.toContain('no files matching');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cannot read: permission denied');
  });

  it('a directory that cannot be listed is reported, the rest of the walk goes on', () => {
    const dir = tree({ 'prompts/closed/x.md': PROMPT, 'prompts/open/y.md': DUP });
    fs.chmodSync(path.join(dir, 'prompts/closed'), 0o000);
    const r = run(['prompts'], dir, NOBODY);
    fs.chmodSync(path.join(dir, 'prompts/closed'), 0o777);
    noTrace(r.stderr);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cannot list directory: permission denied');
    expect(r.stdout).toContain('duplicate-instruction');
  });

  it('--cache does not abort on an unreadable file either', () => {
    const dir = tree({ 'prompts/a.md': DUP, 'prompts/b.md': DUP });
    fs.chmodSync(path.join(dir, 'prompts/a.md'), 0o000);
    const r = run(['prompts', '--cache', '--cache-location', path.join(dir, '.cache')], dir, NOBODY);
    noTrace(r.stderr);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cannot read: permission denied');
  });
});
