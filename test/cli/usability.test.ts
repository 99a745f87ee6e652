/**
 * What a new user trips over on the command line (issue 13, items 7–11) and the internal errors of
 * issue 12.5: every one is a clear message and exit 2, never a stack trace or a hang.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

const CLEAN = '# Helper\n\nYou are a helpful assistant for the billing team.\nAnswer questions about invoices.\n';
const noStack = (s: string) => expect(s).not.toMatch(/internal error|\n\s+at |Error:/);

describe('unknown models (13.7, 12.5)', () => {
  it('in the config: file:line:col, did you mean, exit 2', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, '.promptlintrc.json': '{\n  "root": true,\n  "model": "gpt-4-omni"\n}\n' });
    for (const args of [[], ['tokens'], ['report']]) {
      const r = cli(args, { cwd });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^prompt-lint: \.promptlintrc\.json:3:12: model: unknown model "gpt-4-omni"; did you mean "gpt-4o/);
      noStack(r.stderr);
    }
  });

  it('in a task or an override', () => {
    const task = tempTree({ 'CLAUDE.md': CLEAN, '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 't', files: ['CLAUDE.md'], model: 'claude-sonet-4' }] }) });
    const r = cli([], { cwd: task });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tasks\[0\]\.model: unknown model "claude-sonet-4"; did you mean "claude-sonnet-4/);
    const override = tempTree({ 'CLAUDE.md': CLEAN, '.promptlintrc.json': JSON.stringify({ root: true, overrides: [{ files: '*.md', model: 'gpt4o' }] }) });
    expect(cli([], { cwd: override }).stderr).toMatch(/overrides\[0\]\.model: unknown model "gpt4o"; did you mean "gpt-4o"/);
  });

  it('--model on every command: a usage error with suggestions', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN });
    for (const args of [['--model', 'gpt-4-omni'], ['tokens', '--model', 'gpt-4-omni'], ['report', '--model', 'gpt-4-omni'], ['budget', '--base', 'HEAD', '--model', 'gpt-4-omni']]) {
      const r = cli(args, { cwd });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^prompt-lint: --model: unknown model "gpt-4-omni"; did you mean "gpt-4o/);
      noStack(r.stderr);
    }
  });
});

describe('options (13.8)', () => {
  it('an unknown option: our message with a suggestion, no parser quote', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN });
    const r = cli(['--fxi'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("prompt-lint: unknown option '--fxi'; did you mean '--fix'? (prompt-lint --help lists the options)\n");
    const sub = cli(['tokens', '--modle', 'gpt-4o'], { cwd });
    expect(sub.status).toBe(2);
    expect(sub.stderr).toBe("prompt-lint: unknown option '--modle'; did you mean '--model'? (prompt-lint tokens --help lists the options)\n");
  });

  it('a missing value, a value for a switch', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN });
    expect(cli(['--format'], { cwd })).toMatchObject({ status: 2, stderr: "prompt-lint: option '--format' needs a value (prompt-lint --help)\n" });
    expect(cli(['--format', '--fix'], { cwd }).stderr).toMatch(/option '--format' needs a value, got the option '--fix'/);
    expect(cli(['--fix=yes'], { cwd })).toMatchObject({ status: 2, stderr: "prompt-lint: option '--fix' takes no value, got 'yes'\n" });
  });

  it('--help on every subcommand prints that command\'s help and exits 0, whatever else is on the line', () => {
    const cwd = tempTree({});
    for (const [args, first] of [
      [['--help'], 'Usage: prompt-lint [options]'],
      [['tokens', '--help'], 'Usage: prompt-lint tokens'],
      [['tokens', '-h'], 'Usage: prompt-lint tokens'],
      [['budget', '--help'], 'Usage: prompt-lint budget'],
      [['report', '--help'], 'Usage: prompt-lint report'],
      [['--bogus', '--help'], 'Usage: prompt-lint [options]'],
    ] as const) {
      const r = cli(args, { cwd });
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout.startsWith(first), args.join(' ')).toBe(true);
      expect(r.stderr).toBe('');
    }
  });
});

describe('internal errors become exit 2 with a message (12.5)', () => {
  it('a JSON config nested 50,000 deep', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, 'deep.json': '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) });
    const r = cli(['-c', 'deep.json'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('prompt-lint: deep.json:1:1281: invalid JSON: nested deeper than 256 levels\n');
  });

  it('--cache-location and --baseline-write naming a directory; --cache-location /dev/full', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, 'dir/.keep': '' });
    expect(cli(['--cache', '--cache-location', 'dir'], { cwd })).toMatchObject({ status: 2, stderr: 'prompt-lint: --cache-location dir: is a directory; name a file\n' });
    expect(cli(['--baseline-write', 'dir'], { cwd })).toMatchObject({ status: 2, stderr: 'prompt-lint: --baseline-write dir: is a directory; name a file\n' });
    expect(cli(['--baseline', 'dir'], { cwd })).toMatchObject({ status: 2, stderr: 'prompt-lint: --baseline dir: is a directory; name a file\n' });
    if (fs.existsSync('/dev/full')) {
      expect(cli(['--cache', '--cache-location', '/dev/full'], { cwd })).toMatchObject({ status: 2, stderr: 'prompt-lint: --cache-location /dev/full: is not a regular file; name a file\n' });
    }
  });

  it('a cache file that is valid JSON with wrong entries is a cache miss', () => {
    const cwd = tempTree({ 'CLAUDE.md': `${CLEAN}<!-- prompt-lint-disable nope -->\n` });
    const first = cli(['--cache', '--cache-location', 'c.json', '--format', 'json'], { cwd });
    expect(first.status).toBe(1);
    const cache = JSON.parse(fs.readFileSync(path.join(cwd, 'c.json'), 'utf8')) as { entries: Record<string, { key: string; report: Record<string, unknown> }> };
    const entry = Object.values(cache.entries)[0]!;
    for (const broken of [{ ...entry.report, findings: 5 }, { ...entry.report, findings: [{ ruleId: 1 }] }, 5, null]) {
      for (const e of Object.values(cache.entries)) e.report = broken as Record<string, unknown>;
      fs.writeFileSync(path.join(cwd, 'c.json'), JSON.stringify(cache));
      const r = cli(['--cache', '--cache-location', 'c.json', '--format', 'json'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(first.stdout));
    }
  });
});
