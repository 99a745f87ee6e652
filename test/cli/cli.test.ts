/** The `prompt-lint` command spawned as a process: exit codes, output shapes, input handling. */
import fs from 'node:fs';
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempTree } from '../helpers/cli.js';

const reference = new Tiktoken(o200k);
const tiktokenCount = (text: string) => reference.encode(text, [], []).length;

const CLEAN = '# Helper\n\nYou are a helpful assistant for the billing team.\nAnswer questions about invoices.\n';
const BROKEN_YAML = 'system: |\n  You are a support agent.\n user: "{{question}}"\n';

interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  tokens?: { tokens: number; model: string; exact: boolean; bytes: number; prompts: { sections: { title: string; tokens: number }[] }[] };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonResult[];

describe('prompt-lint CLI', () => {
  it('prints the version and help, exit 0', () => {
    const cwd = tempTree({});
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(cli(['--version'], { cwd })).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
    const help = cli(['--help'], { cwd });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--max-warnings');
  });

  it('lints a clean file: exit 0, ESLint JSON shape with exact token counts', () => {
    const cwd = tempTree({ 'AGENTS.md': CLEAN });
    const r = cli(['--format', 'json', 'AGENTS.md'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [result] = json(r.stdout);
    expect(result).toMatchObject({ filePath: path.join(cwd, 'AGENTS.md'), messages: [], errorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 });
    expect(result!.tokens).toMatchObject({ model: 'gpt-4o', exact: true, tokens: tiktokenCount(CLEAN), bytes: Buffer.byteLength(CLEAN) });
  });

  it('with no paths, lints the well-known prompt files only', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, 'README.md': '# Readme\n', '.cursor/rules/a.mdc': CLEAN, 'docs/guide.md': CLEAN });
    const r = cli(['--format', 'json'], { cwd });
    expect(r.status).toBe(0);
    expect(json(r.stdout).map((x) => path.relative(cwd, x.filePath)).sort()).toEqual(['.cursor/rules/a.mdc', 'CLAUDE.md']);
  });

  it('reports an invalid YAML prompt at its position with exit 1', () => {
    const cwd = tempTree({ 'bot.prompt.yml': BROKEN_YAML });
    const r = cli(['--format', 'json', 'bot.prompt.yml'], { cwd });
    expect(r.status).toBe(1);
    const [result] = json(r.stdout);
    expect(result!.errorCount).toBeGreaterThan(0);
    const m = result!.messages.find((x) => x.ruleId === 'parse-error')!;
    expect(m.severity).toBe(2);
    expect(m.line).toBe(3);
  });

  it('compact and stylish formats name file, line and rule', () => {
    const cwd = tempTree({ 'bot.prompt.yml': BROKEN_YAML });
    const compact = cli(['--format', 'compact', 'bot.prompt.yml'], { cwd });
    expect(compact.stdout).toMatch(/^bot\.prompt\.yml:3:\d+: error .+ \[parse-error\]$/m);
    const stylish = cli(['bot.prompt.yml'], { cwd });
    expect(stylish.stdout).toContain('bot.prompt.yml');
    expect(stylish.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, 0 warnings\)/);
  });

  it('exit 2 for usage errors: unknown option, unknown format, missing path', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN });
    for (const args of [['--no-such-flag'], ['--format', 'xml', 'CLAUDE.md'], ['missing.md'], ['--max-warnings', 'many']]) {
      const r = cli(args, { cwd });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^prompt-lint: /);
      expect(r.stdout).toBe('');
    }
  });

  it('exit 2 for a bad config, naming file, line and column', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, '.promptlintrc.json': '{\n  "rules": {\n    "token-budget": "loud"\n  }\n}\n' });
    const r = cli(['CLAUDE.md'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.promptlintrc\.json:3:\d+/);
    expect(r.stderr).toContain('token-budget');
  });

  it('exit 2 for a config with invalid JSON syntax', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLEAN, '.promptlintrc.json': '{ "model": "gpt-4o", }\n' });
    const r = cli(['CLAUDE.md'], { cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.promptlintrc\.json:1:\d+/);
  });

  it('enforces a token budget from config, at the crossing line, and --max-warnings', () => {
    const body = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} explains one more detail of the billing workflow.`).join('\n') + '\n';
    const total = tiktokenCount(body);
    const limit = Math.floor(total / 2);
    const cwd = tempTree({
      'AGENTS.md': body,
      '.promptlintrc.json': JSON.stringify({ budgets: [{ files: 'AGENTS.md', maxTokens: limit }] }),
    });
    const r = cli(['--format', 'json', 'AGENTS.md'], { cwd });
    expect(r.status).toBe(1);
    const m = json(r.stdout)[0]!.messages.find((x) => x.ruleId === 'token-budget')!;
    expect(m.message).toContain(`${total.toLocaleString('en-US')} tokens`);
    expect(m.message).toContain(`${(total - limit).toLocaleString('en-US')} tokens over`);
    // The crossing line, computed independently: the first line whose prefix exceeds the limit.
    const lines = body.split('\n');
    let crossing = -1;
    for (let i = 0; i < lines.length && crossing < 0; i++) {
      if (tiktokenCount(lines.slice(0, i + 1).join('\n') + '\n') > limit) crossing = i + 1;
    }
    expect(Math.abs(m.line - crossing)).toBeLessThanOrEqual(1);

    const warnCwd = tempTree({
      'AGENTS.md': body,
      '.promptlintrc.json': JSON.stringify({ budgets: [{ files: 'AGENTS.md', maxTokens: Math.ceil(total * 1.1) }] }),
    });
    const warn = cli(['--format', 'json', 'AGENTS.md'], { cwd: warnCwd });
    expect(warn.status).toBe(0);
    expect(json(warn.stdout)[0]!.warningCount).toBe(1);
    expect(cli(['--max-warnings', '0', 'AGENTS.md'], { cwd: warnCwd }).status).toBe(1);
    expect(cli(['--quiet', '--format', 'json', 'AGENTS.md'], { cwd: warnCwd }).stdout).not.toContain('token-budget');
  });

  it('--rule overrides the config', () => {
    const cwd = tempTree({ 'bot.prompt.yml': BROKEN_YAML });
    expect(cli(['--rule', 'parse-error=off', 'bot.prompt.yml'], { cwd }).status).toBe(0);
    expect(cli(['--rule', 'parse-error=warn', 'bot.prompt.yml'], { cwd }).status).toBe(0);
    expect(cli(['--rule', 'no-such-rule=warn', 'bot.prompt.yml'], { cwd }).status).toBe(2);
  });

  it('lints stdin under --stdin-filename', () => {
    const cwd = tempTree({});
    const r = cli(['--stdin', '--stdin-filename', 'bot.prompt.yml', '--format', 'json'], { cwd, input: BROKEN_YAML });
    expect(r.status).toBe(1);
    expect(json(r.stdout)[0]!.filePath).toBe(path.join(cwd, 'bot.prompt.yml'));
  });

  it('skips binary and oversized files with a warning, and keeps going', () => {
    const cwd = tempTree({
      'prompts/bin.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]),
      'prompts/bad-utf8.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x41]),
      'prompts/big.md': 'word '.repeat(1000),
      'prompts/ok.md': CLEAN,
      '.promptlintrc.json': JSON.stringify({ maxFileSize: 2000 }),
    });
    const r = cli(['--format', 'json', 'prompts'], { cwd });
    expect(r.status).toBe(0);
    const byName = Object.fromEntries(json(r.stdout).map((x) => [path.basename(x.filePath), x]));
    expect(byName['bin.md']!.messages[0]!.message).toMatch(/not text|NUL|binary/i);
    expect(byName['bad-utf8.md']!.messages[0]!.message).toMatch(/UTF-8/i);
    expect(byName['big.md']!.messages[0]!.message).toMatch(/maxFileSize/);
    expect(byName['ok.md']!.messages).toEqual([]);
  });

  it('handles CRLF and BOM files with the same token count as tiktoken', () => {
    const crlf = CLEAN.replace(/\n/g, '\r\n');
    const cwd = tempTree({ 'AGENTS.md': '\uFEFF' + crlf });
    const r = cli(['--format', 'json', 'AGENTS.md'], { cwd });
    expect(r.status).toBe(0);
    expect(json(r.stdout)[0]!.tokens!.tokens).toBe(tiktokenCount(crlf));
  });

  it('`tokens` prints per-file and per-section counts', () => {
    const text = '# Role\n\nYou are a tax assistant.\n\n## Rules\n\nCite the law for every answer.\nNever guess a number.\n';
    const cwd = tempTree({ 'AGENTS.md': text });
    const r = cli(['tokens', '--format', 'json', 'AGENTS.md'], { cwd });
    expect(r.status).toBe(0);
    const [file] = JSON.parse(r.stdout) as { tokens: NonNullable<JsonResult['tokens']> }[];
    expect(file!.tokens.tokens).toBe(tiktokenCount(text));
    const sections = file!.tokens.prompts[0]!.sections;
    const rules = sections.find((s) => s.title === 'Rules')!;
    // Attribution is by token start, so a section's count is within one token of counting it alone.
    expect(Math.abs(rules.tokens - tiktokenCount(text.slice(text.indexOf('## Rules'))))).toBeLessThanOrEqual(1);
    const table = cli(['tokens', 'AGENTS.md'], { cwd });
    expect(table.stdout).toMatch(/Rules/);
    expect(table.stdout).toMatch(/Total \(1 file, gpt-4o\)/);
    const estimate = cli(['tokens', '--model', 'claude-sonnet-4', 'AGENTS.md'], { cwd });
    expect(estimate.status).toBe(0);
    expect(estimate.stdout).toMatch(/~\d/);
    expect(estimate.stdout).toMatch(/estimate/);
  });

  it('runs in parallel with the same output as serially, in the same order', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) {
      files[`prompts/p${String(i).padStart(3, '0')}.md`] =
        i % 7 === 0 ? '---\nbad: [\n---\n# x\n' : i % 5 === 0 ? `# Prompt ${i}\r\n\r\n## Rules\r\n\r\n- Run the unit tests before every commit.\r\n- Run the unit tests before every commit.\r\n` : `# Prompt ${i}\n\nYou help with topic ${i}.\n`;
    }
    const cwd = tempTree(files);
    // skipped files (binary) come back without token counts
    fs.writeFileSync(path.join(cwd, 'prompts/p999.md'), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02]));
    const serial = cli(['--format', 'json', '--concurrency', 'off', 'prompts'], { cwd });
    expect(serial.status).toBe(1);
    expect(json(serial.stdout).filter((r) => r.tokens).length).toBe(80);
    // two threads lint and count tokens as a pair; a third does whole files
    for (const threads of ['2', '3']) {
      const parallel = cli(['--format', 'json', '--concurrency', threads, 'prompts'], { cwd });
      expect(parallel.status).toBe(serial.status);
      expect(parallel.stdout).toBe(serial.stdout);
    }
    // without the rules that read comparison forms, the lint thread asks its partner for the format analyses only
    const noForms = ['--rule', 'duplicate-instruction=off', '--rule', 'filler-phrase=off'];
    const serialNoForms = cli(['--format', 'json', '--concurrency', 'off', ...noForms, 'prompts'], { cwd });
    expect(serialNoForms.stdout).not.toBe(serial.stdout);
    expect(cli(['--format', 'json', '--concurrency', '2', ...noForms, 'prompts'], { cwd }).stdout).toBe(serialNoForms.stdout);
    // fixes keep whole files on one thread
    const fixedSerial = cli(['--format', 'json', '--fix-dry-run', '--concurrency', 'off', 'prompts'], { cwd });
    expect(fixedSerial.stdout).toContain('"output"');
    expect(cli(['--format', 'json', '--fix-dry-run', '--concurrency', '2', 'prompts'], { cwd }).stdout).toBe(fixedSerial.stdout);
  });

  it('--cache gives the same results and notices changed files', () => {
    const cwd = tempTree({ 'a.prompt.yml': BROKEN_YAML, 'CLAUDE.md': CLEAN });
    const first = cli(['--format', 'json', '--cache', 'a.prompt.yml', 'CLAUDE.md'], { cwd });
    expect(fs.existsSync(path.join(cwd, 'node_modules/.cache/prompt-lint/results.json'))).toBe(true);
    const second = cli(['--format', 'json', '--cache', 'a.prompt.yml', 'CLAUDE.md'], { cwd });
    expect(second.stdout).toBe(first.stdout);
    // Prove the second run read the cache: a marker planted in the cached message shows up.
    const cacheFile = path.join(cwd, 'node_modules/.cache/prompt-lint/results.json');
    const yamlResult = (stdout: string) => json(stdout).find((r) => r.filePath.endsWith('a.prompt.yml'))!;
    const message = yamlResult(first.stdout).messages[0]!.message;
    fs.writeFileSync(cacheFile, fs.readFileSync(cacheFile, 'utf8').replace(JSON.stringify(message).slice(1, -1), 'FROM-CACHE'));
    expect(yamlResult(cli(['--format', 'json', '--cache', 'a.prompt.yml', 'CLAUDE.md'], { cwd }).stdout).messages[0]!.message).toBe('FROM-CACHE');
    fs.writeFileSync(path.join(cwd, 'a.prompt.yml'), 'system: fixed\n');
    const third = cli(['--format', 'json', '--cache', 'a.prompt.yml', 'CLAUDE.md'], { cwd });
    expect(third.status).toBe(0);
    expect(yamlResult(third.stdout).messages).toEqual([]);
  });

  /** A task of two files that repeat one instruction: the later file's copy is the duplicate. */
  function supportTask(): { cwd: string; persona: string; policy: string } {
    const persona = '# Persona\n\nYou are the support assistant of a bicycle repair shop.\nNever share a customer\'s address with another customer.\n';
    const policy = '# Policy\n\nRefunds are possible within thirty days of a repair.\nNever share a customer\'s address with another customer.\n';
    const cwd = tempTree({
      'support/persona.md': persona,
      'support/policy.md': policy,
      '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 'support', files: ['support/persona.md', 'support/policy.md'] }] }),
    });
    return { cwd, persona, policy };
  }

  it('--fix removes a repetition across the files of a task, in the later file only; again changes nothing', () => {
    const { cwd, persona, policy } = supportTask();
    const before = cli(['--format', 'json', 'support'], { cwd });
    const found = json(before.stdout).find((r) => r.filePath.endsWith('policy.md'))!.messages.map((m) => m.ruleId);
    expect(found).toContain('duplicate-instruction');
    const fixed = cli(['--fix', '--format', 'json', 'support'], { cwd });
    // What changed goes to stderr (stdout stays JSON): the later file only, with its tokens.
    expect(fixed.stderr).toMatch(/^prompt-lint: fixed repetitions across the files of a task in 1 file; (\d+) tokens? saved per call:\n  support\/policy\.md: a repetition across the files of a task, (\d+) → (\d+) tokens \(\d+ tokens? saved\)\n$/);
    expect(fs.readFileSync(path.join(cwd, 'support/persona.md'), 'utf8')).toBe(persona);
    expect(fs.readFileSync(path.join(cwd, 'support/policy.md'), 'utf8')).toBe('# Policy\n\nRefunds are possible within thirty days of a repair.\n');
    expect(json(fixed.stdout).flatMap((r) => r.messages)).toEqual([]);
    cli(['--fix', 'support'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'support/policy.md'), 'utf8')).toBe('# Policy\n\nRefunds are possible within thirty days of a repair.\n');
  });

  it('--fix-dry-run reports the task as it would be after the fixes, and writes nothing', () => {
    const { cwd, persona, policy } = supportTask();
    const dry = cli(['--fix-dry-run', '--format', 'json', 'support'], { cwd });
    expect(dry.stderr).toMatch(/^prompt-lint: would fix repetitions across the files of a task in 1 file; \d+ tokens? would be saved per call \(no file written\):\n  support\/policy\.md: /);
    const reports = json(dry.stdout);
    const policyReport = reports.find((r) => r.filePath.endsWith('policy.md'))!;
    expect(policyReport.output).toBe('# Policy\n\nRefunds are possible within thirty days of a repair.\n');
    // the repetition the fix removes is not reported again from the file on disk
    expect(reports.flatMap((r) => r.messages)).toEqual([]);
    expect(fs.readFileSync(path.join(cwd, 'support/policy.md'), 'utf8')).toBe(policy);
  });
});
