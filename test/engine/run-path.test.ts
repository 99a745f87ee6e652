/**
 * One run path (engine/run.ts) behind every front: on one tree with a task, the CLI (serial and in
 * worker threads), the engine called directly, the language server's lint service and the budget
 * gate report the same findings and token counts; `--fix` naming one file of the task writes the
 * same file the same way through each of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import type { Finding } from '../../server/src/engine/types.js';
import { computeBudgetDiff } from '../../server/src/gates/budget-diff.js';
import { LintService } from '../../server/src/lsp/linting.js';
import { normalizeSettings } from '../../server/src/lsp/settings.js';
import { cli, tempTree } from '../helpers/cli.js';
import { git } from '../gates/helpers.js';

const FILES: Record<string, string> = {
  'CLAUDE.md': '# Project\n\n- Run the unit tests before you push a branch.\n- Keep commit messages short and in the imperative.\n- Run the unit tests before you push a branch.\n',
  'support/persona.md': "# Persona\n\nYou are the support assistant of a bicycle repair shop.\nNever share a customer's address with another customer.\n",
  'support/policy.md':
    "# Policy\n\nRefunds are possible within thirty days of a repair.\nNever share a customer's address with another customer.\nAnswer every question about prices with the price list.\nAnswer every question about prices with the price list.\n",
};
// A task limit the two files cross in the later one: a task finding in a file of its own.
const CONFIG = { root: true, tasks: [{ name: 'support', files: ['support/persona.md', 'support/policy.md'], maxTokens: 30 }] };
const NAMES = Object.keys(FILES);

const tree = () => fs.realpathSync(tempTree({ ...FILES, '.promptlintrc.json': JSON.stringify(CONFIG) }));

/** A finding as every front can show it: file, rule, 1-based line and column, message. */
type Row = string;
const rowOf = (cwd: string, file: string, ruleId: string | null, line: number, column: number, message: string): Row =>
  `${path.relative(cwd, file)}:${line}:${column} ${ruleId} ${message}`;
const rowsOfFindings = (cwd: string, findings: readonly Finding[]) =>
  findings.map((f) => rowOf(cwd, f.path, f.ruleId, f.start.line + 1, f.start.character + 1, f.message)).sort();

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string }[];
  tokens?: { tokens: number };
}
function cliRows(cwd: string, args: string[]): { rows: Row[]; tokens: Record<string, number> } {
  const r = cli(['--format', 'json', ...args, ...NAMES], { cwd });
  expect(r.stderr).toBe('');
  const results = JSON.parse(r.stdout) as JsonResult[];
  return {
    rows: results.flatMap((x) => x.messages.map((m) => rowOf(cwd, x.filePath, m.ruleId, m.line, m.column, m.message))).sort(),
    tokens: Object.fromEntries(results.filter((x) => x.tokens).map((x) => [path.relative(cwd, x.filePath), x.tokens!.tokens])),
  };
}

describe('the same run through every front', () => {
  it('CLI serial and parallel, the engine, the language server and the budget gate agree on findings and tokens', async () => {
    const cwd = tree();
    const serial = cliRows(cwd, ['--concurrency', 'off']);
    expect(serial.rows.some((r) => r.startsWith('support/policy.md') && r.includes('token-budget')), 'the task finding').toBe(true);
    expect(serial.rows.filter((r) => r.includes('duplicate-instruction'))).toHaveLength(3);
    expect(cliRows(cwd, ['--concurrency', '2'])).toEqual(serial);
    expect(cliRows(cwd, ['--concurrency', '3'])).toEqual(serial);

    const engineReports = await new Engine({ cwd }).lintFiles(NAMES);
    expect(rowsOfFindings(cwd, engineReports.flatMap((r) => r.findings))).toEqual(serial.rows);
    expect(Object.fromEntries(engineReports.map((r) => [path.relative(cwd, r.path), r.tokens!.tokens]))).toEqual(serial.tokens);

    // the language server: every file open, each linted; what it publishes per file at the end
    const service = new LintService({ rootFor: () => cwd });
    const settings = normalizeSettings({ validate: 'all' });
    const published = new Map<string, readonly Finding[]>();
    const tokens: Record<string, number> = {};
    for (const [k, name] of NAMES.entries()) {
      const file = path.join(cwd, name);
      const outcome = await service.lint({ doc: { uri: `file://${file}`, path: file, version: 1, text: FILES[name]! }, settings, generation: k });
      for (const [p, findings] of outcome.findings) published.set(p, findings);
      tokens[name] = outcome.result.tokens!.tokens;
    }
    expect(rowsOfFindings(cwd, [...published.values()].flat())).toEqual(serial.rows);
    expect(tokens).toEqual(serial.tokens);

    // the budget gate, from an empty base commit to the working tree
    git(cwd, 'init', '-q', '-b', 'main');
    git(cwd, 'commit', '-q', '--allow-empty', '-m', 'base');
    const diff = computeBudgetDiff({ cwd, base: 'HEAD' });
    expect(Object.fromEntries(diff.files.map((f) => [f.path, f.head!.tokens]))).toEqual(serial.tokens);
    const taskLimit = diff.violations.filter((v) => v.kind === 'task-limit').map((v) => `${v.file}:${v.line} ${v.message}`);
    const cliTaskLimit = serial.rows.filter((r) => r.includes('token-budget')).map((r) => r.replace(/:\d+ token-budget /, ' '));
    expect(taskLimit).toEqual(cliTaskLimit);
  });

  it('--fix naming one file of the task: the same file written the same way by the CLI (serial, parallel) and the engine', async () => {
    const results = [];
    for (const args of [['--concurrency', 'off'], ['--concurrency', '2']]) {
      const cwd = tree();
      cli(['--fix', ...args, 'support/policy.md'], { cwd });
      results.push(Object.fromEntries(NAMES.map((n) => [n, fs.readFileSync(path.join(cwd, n), 'utf8')])));
    }
    const cwd = tree();
    await new Engine({ cwd }).lintFiles(['support/policy.md'], { fix: 'write' });
    results.push(Object.fromEntries(NAMES.map((n) => [n, fs.readFileSync(path.join(cwd, n), 'utf8')])));
    expect(results[0]).toEqual({
      ...FILES,
      'support/policy.md': '# Policy\n\nRefunds are possible within thirty days of a repair.\nAnswer every question about prices with the price list.\n',
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
