/** --baseline-write / --baseline: old findings suppressed by content fingerprint, new ones reported. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/cli.js';
import { runCli } from './helpers.js';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; line: number; message: string }[];
}

const ROOT = JSON.stringify({ root: true });
const bad = (id: string) => `<!-- prompt-lint-disable ${id} -->`;

describe('baseline', () => {
  it('records findings, then reports only new ones even after lines move', async () => {
    // root: true keeps the in-process run to this tree (the engine's loader defaults to process.cwd()).
    const cwd = tempTree({
      '.promptlintrc.json': ROOT,
      'CLAUDE.md': `# Rules\n\n${bad('bogus-a')}\nBe brief.\n${bad('bogus-b')}\n`,
      'team/AGENTS.md': `Intro.\n${bad('bogus-a')}\n`,
    });
    const before = (await runCli(['--format', 'json'], cwd));
    expect(before.status).toBe(1);

    const write = (await runCli(['--baseline-write', 'prompt-lint-baseline.json'], cwd));
    expect(write.stderr).toBe('prompt-lint: wrote 3 findings in 2 files to baseline prompt-lint-baseline.json\n');
    expect(write.status).toBe(0);
    expect(write.stdout).toBe('');
    const baseline = JSON.parse(fs.readFileSync(path.join(cwd, 'prompt-lint-baseline.json'), 'utf8')) as {
      version: number;
      files: Record<string, Record<string, Record<string, number>>>;
    };
    expect(baseline.version).toBe(1);
    expect(Object.keys(baseline.files)).toEqual(['CLAUDE.md', 'team/AGENTS.md']);
    expect(Object.values(baseline.files['CLAUDE.md']!['invalid-directive']!)).toEqual([1, 1]);
    // The same text in two files: same fingerprint, counted per file.
    expect(Object.keys(baseline.files['team/AGENTS.md']!['invalid-directive']!)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{16}$/)]),
    );

    // Lines moved: new text above, the two findings swapped.
    fs.writeFileSync(path.join(cwd, 'CLAUDE.md'), `# Rules\n\nNew intro line.\nAnother one.\n\n${bad('bogus-b')}\nBe brief.\n\n${bad('bogus-a')}\n`);
    const moved = (await runCli(['--baseline', 'prompt-lint-baseline.json', '--format', 'json'], cwd));
    expect(moved.stderr).toBe('prompt-lint: 3 findings suppressed by baseline prompt-lint-baseline.json\n');
    expect(moved.status).toBe(0);
    expect((JSON.parse(moved.stdout) as JsonResult[]).flatMap((r) => r.messages)).toEqual([]);

    // A new finding, and one more copy of an old one: both reported.
    fs.appendFileSync(path.join(cwd, 'CLAUDE.md'), `${bad('bogus-c')}\n${bad('bogus-a')}\n`);
    const fresh = (await runCli(['--baseline', 'prompt-lint-baseline.json', '--format', 'json'], cwd));
    expect(fresh.status).toBe(1);
    expect(fresh.stderr).toBe('prompt-lint: 3 findings suppressed by baseline prompt-lint-baseline.json\n');
    const messages = (JSON.parse(fresh.stdout) as JsonResult[]).flatMap((r) => r.messages);
    expect(messages.map((m) => m.line)).toEqual([10, 11]);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/bogus-c[\s\S]*bogus-a/);

    // A fixed finding leaves a stale entry, and the run says so.
    fs.writeFileSync(path.join(cwd, 'team/AGENTS.md'), 'Intro.\n');
    const pruned = (await runCli(['--baseline', 'prompt-lint-baseline.json'], cwd));
    expect(pruned.stderr).toContain('2 findings suppressed by baseline prompt-lint-baseline.json; 1 baseline entry no longer matches (rerun with --baseline-write to prune)');
  });

  it('paths are relative to the baseline file, so it works from any directory', async () => {
    const cwd = tempTree({ '.promptlintrc.json': ROOT, 'prompts/x.prompt.md': `Hi.\n${bad('nope')}\n`, 'ci/.keep': '' });
    expect((await runCli(['--baseline-write', 'ci/baseline.json', 'prompts'], cwd)).status).toBe(0);
    const b = JSON.parse(fs.readFileSync(path.join(cwd, 'ci/baseline.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(b.files)).toEqual(['../prompts/x.prompt.md']);
    const r = (await runCli(['--baseline', '../ci/baseline.json', 'x.prompt.md'], path.join(cwd, 'prompts')));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 finding suppressed');
  });

  it('a missing or foreign baseline file is a usage error (exit 2)', async () => {
    const cwd = tempTree({ '.promptlintrc.json': ROOT, 'CLAUDE.md': 'Hi.\n', 'other.json': '{"files": []}' });
    const missing = (await runCli(['--baseline', 'nope.json'], cwd));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--baseline nope\.json: cannot read: ENOENT/);
    const foreign = (await runCli(['--baseline', 'other.json'], cwd));
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/not a prompt-lint baseline/);
  });
  it('a fix shared by a suppressed finding and a new one keeps its saving on the new one', async () => {
    // (independent review, session 8) two pasted lines are deleted by one fix that both findings
    // carry; the saving sat on the first only, and when the baseline dropped it the fix still
    // offered on the second reported saving 0 tokens
    const rules = 'Always run the unit tests before you commit any change to the repository.\nNever push directly to the main branch without a review from a maintainer.\n';
    const head = `# Instructions\n\n${rules}Write clear commit messages that explain why the change was made.\n\n## Details\n\nSome other text about the project layout and the modules here.\n\n`;
    const cwd = tempTree({ '.promptlintrc.json': ROOT, 'a.md': head + rules.split('\n')[0] + '\n' });
    expect((await runCli(['--baseline-write', 'base.json', 'a.md'], cwd)).status).toBe(0);
    const text = head + rules;
    fs.writeFileSync(path.join(cwd, 'a.md'), text);
    const r = await runCli(['--format', 'json', '--baseline', 'base.json', 'a.md'], cwd);
    const messages = (JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; tokensSaved?: number; fix?: { range: [number, number]; text: string } }[] }[])[0]!.messages;
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['duplicate-instruction', 12]]);
    const fix = messages[0]!.fix!;
    // the one fix deletes both pasted lines (the suppressed copy too), as it did without a baseline
    const fixed = text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
    expect(fixed).toBe(head.replace(/\n\n$/, '\n'));
    const expected = encode(text).length - encode(fixed).length;
    expect(expected).toBeGreaterThan(20);
    expect(messages[0]!.tokensSaved).toBe(expected);
  });
});
