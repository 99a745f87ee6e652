/**
 * `--fix` writes only the files it was given, and applies all of their fixes (in-file and across
 * the files of a task), so that a second run finds nothing fixable in them (issue 11).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fix?: unknown }[];
  fixableErrorCount: number;
  fixableWarningCount: number;
}
const json = (stdout: string) => JSON.parse(stdout) as JsonResult[];

/** CLAUDE.md outside any task; a task of two files whose later file repeats the earlier one and itself. */
const TREE = {
  'CLAUDE.md': [
    '# Project',
    '',
    '- Run the unit tests before you push a branch.',
    '- Keep commit messages short and in the imperative.',
    '- Run the unit tests before you push a branch.',
    '',
  ].join('\n'),
  'support/persona.md': [
    '# Persona',
    '',
    'You are the support assistant of a bicycle repair shop.',
    "Never share a customer's address with another customer.",
    '',
  ].join('\n'),
  'support/policy.md': [
    '# Policy',
    '',
    'Refunds are possible within thirty days of a repair.',
    "Never share a customer's address with another customer.",
    'Answer every question about prices with the price list.',
    'Answer every question about prices with the price list.',
    '',
  ].join('\n'),
  '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 'support', files: ['support/persona.md', 'support/policy.md'] }] }),
};
const POLICY_FIXED = '# Policy\n\nRefunds are possible within thirty days of a repair.\nAnswer every question about prices with the price list.\n';

function changedFiles(cwd: string): string[] {
  return Object.entries(TREE)
    .filter(([rel, text]) => fs.readFileSync(path.join(cwd, rel), 'utf8') !== text)
    .map(([rel]) => rel);
}

const fixable = (results: JsonResult[], suffix: string) => {
  const r = results.find((x) => x.filePath.endsWith(suffix));
  return r ? r.fixableErrorCount + r.fixableWarningCount : 0;
};

describe.each([['serial', 'off'], ['parallel', '2']])('--fix names the files it may write (%s)', (_, concurrency) => {
  const run = (args: string[], cwd: string) => cli(['--concurrency', concurrency, ...args], { cwd });
  // stderr holds only --fix's summary of what changed (issue 13.11), nothing else.
  const FIX_SUMMARY_ONLY = /^prompt-lint: fixed [^\n]+\n(  [^\n]+\n)+$/;

  it('the tree has what the tests below fix: a fixable repeat in CLAUDE.md, in policy.md and across the task', () => {
    const cwd = tempTree(TREE);
    const results = json(run(['--format', 'json', 'CLAUDE.md', 'support/persona.md', 'support/policy.md'], cwd).stdout);
    expect(fixable(results, 'CLAUDE.md')).toBe(1);
    expect(fixable(results, 'policy.md')).toBe(2);
    expect(fixable(results, 'persona.md')).toBe(0);
  });

  it('--fix CLAUDE.md writes CLAUDE.md only, not the files of a task CLAUDE.md is not part of', () => {
    const cwd = tempTree(TREE);
    const fixed = run(['--fix', '--format', 'json', 'CLAUDE.md'], cwd);
    expect(fixed.stderr).toMatch(FIX_SUMMARY_ONLY);
    expect(changedFiles(cwd)).toEqual(['CLAUDE.md']);
    expect(json(fixed.stdout).map((r) => path.basename(r.filePath))).toEqual(['CLAUDE.md']);
    expect(fixable(json(fixed.stdout), 'CLAUDE.md')).toBe(0);
  });

  it('--fix naming one file of a task writes that file only, with all its fixes; a second run finds nothing fixable there', () => {
    const cwd = tempTree(TREE);
    const fixed = run(['--fix', '--format', 'json', 'support/policy.md'], cwd);
    expect(fixed.stderr).toMatch(FIX_SUMMARY_ONLY);
    expect(changedFiles(cwd)).toEqual(['support/policy.md']);
    expect(fs.readFileSync(path.join(cwd, 'support/policy.md'), 'utf8')).toBe(POLICY_FIXED);
    expect(fixable(json(fixed.stdout), 'policy.md')).toBe(0);
    const again = run(['--format', 'json', 'support/policy.md'], cwd);
    expect(fixable(json(again.stdout), 'policy.md')).toBe(0);
  });

  it('--fix naming the earlier file of a task does not write the later one, whose copy is the repeat', () => {
    const cwd = tempTree(TREE);
    const fixed = run(['--fix', '--format', 'json', 'support/persona.md'], cwd);
    expect(fixed.stderr).toBe('');
    expect(changedFiles(cwd)).toEqual([]);
  });

  it('--fix naming every file writes each with all its fixes', () => {
    const cwd = tempTree(TREE);
    const fixed = run(['--fix', '--format', 'json', 'CLAUDE.md', 'support/persona.md', 'support/policy.md'], cwd);
    expect(fixed.stderr).toMatch(FIX_SUMMARY_ONLY);
    expect(changedFiles(cwd)).toEqual(['CLAUDE.md', 'support/policy.md']);
    expect(fs.readFileSync(path.join(cwd, 'support/policy.md'), 'utf8')).toBe(POLICY_FIXED);
    expect(json(fixed.stdout).flatMap((r) => r.messages)).toEqual([]);
  });
});
