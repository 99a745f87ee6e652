/**
 * The info level (issue 14, item 3): a restatement its author labelled as a reminder is reported,
 * set apart below warnings, in every CLI format; infos never count against --max-warnings and never
 * fail a run, even with the rule set to error. The fixture is written for this test: line 10 restates
 * line 3's format rule after "REMINDER:" (info), line 14 restates line 4's list rule unlabelled (warning).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

const BOTH = [
  '# Digest bot',
  '',
  'Reply in plain text only.',
  'Use numbered lists for steps.',
  '',
  '## Digest',
  '',
  'Summarize the thread in five points.',
  '',
  'REMINDER: Do not call tools. Respond with plain text only.',
  '',
  '## Setup',
  '',
  'Present steps as a numbered list.',
  '',
].join('\n');
/** The labelled reminder alone (line 9): one info, nothing else. */
const REMINDER_ONLY = '# Digest bot\n\nReply in plain text only.\n\n## Digest\n\nSummarize the thread in five points.\n\nREMINDER: Do not call tools. Respond with plain text only.\n';

const run = (args: string[], text = BOTH) => {
  const cwd = tempTree({ 'AGENTS.md': text });
  return { cwd, ...cli([...args, 'AGENTS.md'], { cwd }) };
};

describe('the info level in the CLI', () => {
  it('stylish labels the reminder "info" and counts it apart in the summary', () => {
    const r = run([]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}10:30 +info +Restates the output format rule .* in a labelled reminder.* repeated-format-rule$/m);
    expect(r.stdout).toMatch(/^ {2}14:1 +warning +Restates the list style rule .* repeated-format-rule$/m);
    expect(r.stdout).toContain('✖ 2 problems (0 errors, 1 warning, 1 info)');
  });

  it('compact names the severity "info"', () => {
    const r = run(['--format', 'compact']);
    expect(r.stdout).toMatch(/^AGENTS\.md:10:30: info .+ \[repeated-format-rule\]$/m);
    expect(r.stdout).toMatch(/^AGENTS\.md:14:1: warning .+ \[repeated-format-rule\]$/m);
  });

  it('json keeps ESLint severity 1, adds level "info" and infoCount; warningCount leaves infos out', () => {
    const r = run(['--format', 'json']);
    const [file] = JSON.parse(r.stdout) as { messages: { line: number; severity: number; level?: string; messageId: string }[]; warningCount: number; errorCount: number; infoCount: number }[];
    const at = (line: number) => file!.messages.find((m) => m.line === line)!;
    expect(at(10)).toMatchObject({ severity: 1, level: 'info', messageId: 'reminder' });
    expect(at(14)).toMatchObject({ severity: 1, messageId: 'repeated' });
    expect(at(14).level).toBeUndefined();
    expect(file).toMatchObject({ errorCount: 0, warningCount: 1, infoCount: 1 });
  });

  it('github annotates the reminder as a notice', () => {
    const r = run(['--format', 'github']);
    expect(r.stdout).toMatch(/^::notice file=AGENTS\.md,line=10,col=30,.*title=repeated-format-rule::Restates the output format rule/m);
    expect(r.stdout).toMatch(/^::warning file=AGENTS\.md,line=14,/m);
    expect(r.stdout).toContain('prompt-lint: 2 problems (0 errors, 1 warning, 1 info)');
  });

  it('markdown shows an info row and counts it apart', () => {
    const r = run(['--format', 'markdown']);
    expect(r.stdout).toContain('2 problems (0 errors, 1 warning, 1 info)');
    expect(r.stdout).toMatch(/^\| ℹ️ info \| `AGENTS\.md` \| 10:30 \| \[repeated-format-rule\]/m);
    expect(r.stdout).toMatch(/^\| ⚠️ warning \| `AGENTS\.md` \| 14:1 \|/m);
  });

  it('infos do not count against --max-warnings; the warning does', () => {
    expect(run(['--max-warnings', '0'], REMINDER_ONLY).status).toBe(0);
    expect(run(['--max-warnings', '1']).status).toBe(0);
    expect(run(['--max-warnings', '0']).status).toBe(1);
  });

  it('an info never fails a run, even with the rule set to error (which the unlabelled restatement does fail)', () => {
    const only = run(['--rule', 'repeated-format-rule=error', '--format', 'compact'], REMINDER_ONLY);
    expect(only.stdout).toMatch(/^AGENTS\.md:9:30: info /m);
    expect(only.status).toBe(0);
    const both = run(['--rule', 'repeated-format-rule=error', '--format', 'compact']);
    expect(both.stdout).toMatch(/^AGENTS\.md:14:1: error /m);
    expect(both.stdout).toMatch(/^AGENTS\.md:10:30: info /m);
    expect(both.status).toBe(1);
  });

  it('a rule set to off reports no reminder', () => {
    const r = run(['--rule', 'repeated-format-rule=off', '--format', 'compact'], REMINDER_ONLY);
    expect(r.stdout).not.toContain('repeated-format-rule');
  });

  it('--cache keeps an info finding and serves it from the cache', () => {
    const cwd = tempTree({ 'AGENTS.md': REMINDER_ONLY });
    const location = path.join(cwd, 'results.json');
    const args = ['--cache', '--cache-location', location, '--format', 'compact', 'AGENTS.md'];
    expect(cli(args, { cwd }).stdout).toMatch(/:9:30: info /);
    // mark the cached finding: a second run that prints the mark used the entry instead of linting again
    const data = fs.readFileSync(location, 'utf8');
    expect(data).toContain('"severity":"info"');
    fs.writeFileSync(location, data.replace('in a labelled reminder', 'in a labelled reminder (cached)'));
    const second = cli(args, { cwd });
    expect(second.stdout).toMatch(/:9:30: info .*in a labelled reminder \(cached\)/);
    expect(second.status).toBe(0);
  });
});
