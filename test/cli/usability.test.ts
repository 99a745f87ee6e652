/**
 * What a new user trips over on the command line (issue 13, items 7–11) and the internal errors of
 * issue 12.5: every one is a clear message and exit 2, never a stack trace or a hang.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempTree } from '../helpers/cli.js';

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

describe('--fix says what it changed (13.11)', () => {
  const DUPES = '# Rules\n\nAlways answer in English.\nKeep every answer under five sentences.\nAlways answer in English.\nKeep every answer under five sentences.\n';

  it('--fix and --fix-dry-run print files, problems and tokens saved on stderr; the token figures are the real counts', async () => {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const o200k = (await import('js-tiktoken/ranks/o200k_base')).default;
    const count = (text: string) => new Tiktoken(o200k).encode(text, [], []).length;
    const cwd = tempTree({ 'AGENTS.md': DUPES, 'prompts/ok.md': CLEAN });
    const dry = cli(['--fix-dry-run', '--format', 'json'], { cwd });
    const output = (JSON.parse(dry.stdout) as { filePath: string; output?: string }[]).find((r) => r.filePath.endsWith('AGENTS.md'))!.output!;
    expect(output.length).toBeLessThan(DUPES.length);
    const [before, after] = [count(DUPES), count(output)];
    expect(dry.stderr).toBe(
      `prompt-lint: would fix 2 problems in 1 file; ${before - after} tokens would be saved per call (no file written):\n  AGENTS.md: 2 problems, ${before} → ${after} tokens (${before - after} tokens saved)\n`,
    );
    expect(fs.readFileSync(path.join(cwd, 'AGENTS.md'), 'utf8')).toBe(DUPES);

    const fixed = cli(['--fix'], { cwd });
    expect(fixed.stderr).toBe(`prompt-lint: fixed 2 problems in 1 file; ${before - after} tokens saved per call:\n  AGENTS.md: 2 problems, ${before} → ${after} tokens (${before - after} tokens saved)\n`);
    expect(fs.readFileSync(path.join(cwd, 'AGENTS.md'), 'utf8')).toBe(output);
    // Nothing left: --fix is silent (a pre-commit hook runs it on every commit), the dry run says so.
    expect(cli(['--fix'], { cwd }).stderr).toBe('');
    expect(cli(['--fix-dry-run'], { cwd }).stderr).toBe('prompt-lint: --fix-dry-run: nothing to fix\n');
  });

  it('--stdin --fix is refused (exit 2) as in ESLint; --stdin --fix-dry-run prints the fixed text in JSON', () => {
    const cwd = tempTree({});
    const refused = cli(['--stdin', '--fix'], { cwd, input: DUPES });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe('prompt-lint: --fix cannot write to standard input; use --fix-dry-run --format json to get the fixed text (its "output")\n');
    const dry = cli(['--stdin', '--fix-dry-run', '--format', 'json'], { cwd, input: DUPES });
    expect(dry.status).toBe(0);
    const [result] = JSON.parse(dry.stdout) as { output: string }[];
    expect(result!.output).toBe('# Rules\n\nAlways answer in English.\nKeep every answer under five sentences.\n');
    expect(dry.stderr).toMatch(/^prompt-lint: would fix 2 problems in 1 file/);
  });

  it('--fix with --fix-dry-run is refused before anything is written', () => {
    const cwd = tempTree({ 'CLAUDE.md': DUPES });
    expect(cli(['--fix', '--fix-dry-run'], { cwd })).toMatchObject({ status: 2, stderr: 'prompt-lint: --fix and --fix-dry-run cannot be used together (--fix writes the files, --fix-dry-run only reports what it would write)\n' });
    expect(fs.readFileSync(path.join(cwd, 'CLAUDE.md'), 'utf8')).toBe(DUPES);
  });
});

describe('what ESLint and markdownlint-cli2 users reach for (13.10)', () => {
  it('a run without paths that finds no prompt file says so (exit 0, like markdownlint-cli2); a path that matches nothing is exit 2', () => {
    const cwd = tempTree({ 'README.md': '# Not a prompt\n' });
    const r = cli([], { cwd });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^prompt-lint: 0 files linted: no file under .* has a well-known prompt file name/);
    expect(cli(['nope/'], { cwd }).status).toBe(2);
  });

  it('--list-rules lists every rule with its default; --help names the config files', () => {
    const cwd = tempTree({});
    const r = cli(['--list-rules'], { cwd });
    expect(r.status).toBe(0);
    const ids = fs.readdirSync(path.join(REPO, 'docs/rules')).map((f) => f.replace(/\.md$/, '')).sort();
    expect(r.stdout.split('\n').slice(1).map((l) => l.split(/\s+/)[0]).filter((id) => ids.includes(id!)).sort()).toEqual(ids);
    expect(r.stdout).toMatch(/^token-budget\s+error\s/m);
    expect(r.stdout).toMatch(/^duplicate-instruction\s+warning\s+yes\s/m);
    const help = cli(['--help'], { cwd }).stdout;
    for (const name of ['.promptlintrc.json', '.promptlintrc.yaml', '.promptlintrc.yml', 'package.json ("promptlint" key)']) expect(help).toContain(name);
  });

  it('--print-config FILE prints the configuration that applies to that file, overrides included', () => {
    const cwd = tempTree({
      '.promptlintrc.json': JSON.stringify({ root: true, model: 'gpt-4o-mini', overrides: [{ files: 'legacy/**', rules: { 'filler-phrase': 'off' }, model: 'gpt-4.1' }] }),
      'CLAUDE.md': CLEAN,
      'legacy/AGENTS.md': CLEAN,
    });
    const top = JSON.parse(cli(['--print-config', 'CLAUDE.md'], { cwd }).stdout) as { model: string; sources: string[]; rules: Record<string, [string, unknown]> };
    expect(top.model).toBe('gpt-4o-mini');
    expect(top.sources).toEqual(['.promptlintrc.json']);
    expect(top.rules['filler-phrase']![0]).toBe('warning');
    const legacy = JSON.parse(cli(['--print-config', 'legacy/AGENTS.md', '--rule', 'token-budget=warn'], { cwd }).stdout) as typeof top;
    expect(legacy.model).toBe('gpt-4.1');
    expect(legacy.rules['filler-phrase']![0]).toBe('off');
    expect(legacy.rules['token-budget']![0]).toBe('warning');
  });

  it('-o/--output-file writes the report to a file, stdout stays empty, the exit code is unchanged', () => {
    const cwd = tempTree({ 'CLAUDE.md': `${CLEAN}<!-- prompt-lint-disable nope -->\n` });
    const r = cli(['-f', 'json', '-o', 'reports/lint.json'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const [result] = JSON.parse(fs.readFileSync(path.join(cwd, 'reports/lint.json'), 'utf8')) as { messages: { ruleId: string }[] }[];
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['invalid-directive']);
  });

  it('--ignore-pattern skips matching files; --no-ignore lints what .gitignore and exclude hide', () => {
    const cwd = tempTree({
      '.promptlintrc.json': JSON.stringify({ root: true, exclude: ['archive/**'] }),
      'CLAUDE.md': CLEAN,
      'prompts/old/a.md': CLEAN,
      'prompts/gen/b.md': CLEAN,
      'archive/prompts/c.md': CLEAN,
      '.gitignore': 'prompts/gen/\n',
    });
    fs.mkdirSync(path.join(cwd, '.git'));
    const files = (args: string[]) => (JSON.parse(cli(['-f', 'json', ...args], { cwd }).stdout) as { filePath: string }[]).map((r) => path.relative(cwd, r.filePath)).sort();
    expect(files([])).toEqual(['CLAUDE.md', 'prompts/old/a.md']);
    expect(files(['--ignore-pattern', 'prompts/old/**'])).toEqual(['CLAUDE.md']);
    expect(files(['--no-ignore'])).toEqual(['CLAUDE.md', 'archive/prompts/c.md', 'prompts/gen/b.md', 'prompts/old/a.md']);
  });

  it('--init writes a starter config that validates, and never overwrites one', () => {
    const cwd = tempTree({ 'AGENTS.md': CLEAN });
    const r = cli(['--init'], { cwd });
    expect(r).toMatchObject({ status: 0, stderr: 'prompt-lint: wrote .promptlintrc.json (every rule at its default; docs/configuration.md)\n' });
    const config = JSON.parse(fs.readFileSync(path.join(cwd, '.promptlintrc.json'), 'utf8')) as { root: boolean; budgets: { files: string[] }[] };
    expect(config.root).toBe(true);
    expect(config.budgets[0]!.files).toEqual(['AGENTS.md']);
    expect(cli([], { cwd }).status).toBe(0);
    const again = cli(['--init'], { cwd });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('.promptlintrc.json already exists');
  });
});

describe('tokens: alternatives and estimates (13.15)', () => {
  it("a promptfoo config's prompts are alternatives: cost per call is the largest one's, not the sum", async () => {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const o200k = (await import('js-tiktoken/ranks/o200k_base')).default;
    const count = (text: string) => new Tiktoken(o200k).encode(text, [], []).length;
    const prompts = ['Answer briefly: {{question}}', 'You are a careful support agent. Answer the question below in two sentences and cite the help centre: {{question}}', 'Reply: {{question}}'];
    const cwd = tempTree({ 'promptfooconfig.yaml': `prompts:\n${prompts.map((p) => `  - '${p}'`).join('\n')}\nproviders:\n  - openai:gpt-4o\n` });
    const [result] = JSON.parse(cli(['tokens', '--format', 'json'], { cwd }).stdout) as { perCall: { tokens: number; costPerCall: number; alternatives: number } }[];
    const largest = Math.max(...prompts.map(count));
    expect(result!.perCall).toEqual({ tokens: largest, costPerCall: (largest * 2.5) / 1e6, alternatives: 3 });
    const table = cli(['tokens'], { cwd }).stdout;
    expect(table).toContain(`† max of 3: $${((largest * 2.5) / 1e6).toPrecision(2).replace(/0+$/, '')}`);
  });

  it('totals keep the estimate mark of their rows; CLAUDE.md counts as Claude (an estimate) where no model is named', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, 'AGENTS.md': CLEAN });
    const table = cli(['tokens', '--model', 'claude-sonnet-4'], { cwd }).stdout;
    expect(table).toMatch(/^Total \(2 files, claude-sonnet-4\)\s+~\d+/m);
    const mixed = cli(['tokens'], { cwd }).stdout;
    expect(mixed).toMatch(/^AGENTS\.md\s+\d+/m);
    expect(mixed).toMatch(/^CLAUDE\.md\s+~\d+/m);
    expect(mixed).toMatch(/^Total \(2 files, gpt-4o, claude-sonnet-4-5\)\s+~\d+/m);
    expect(cli(['tokens', 'AGENTS.md'], { cwd }).stdout).toMatch(/^Total \(1 file, gpt-4o\)\s+\d+/m);
  });
});
