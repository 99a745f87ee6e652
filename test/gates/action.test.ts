/**
 * action.yml, run step by step as the Actions runner would run a composite action: inputs and
 * expressions substituted, `run` steps through `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files; `uses` steps (the SARIF upload) are only checked, not run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO } from '../helpers/cli.js';
import { commit, GIT_ENV, initRepo, tempDir } from './helpers.js';

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = YAML.parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

function runAction(workspace: string, inputs: Record<string, string>, event: { baseSha?: string } = {}) {
  const tmp = tempDir('prompt-lint-action-');
  const summary = path.join(tmp, 'summary.md');
  fs.writeFileSync(summary, '');
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) values[name] = inputs[name] ?? spec.default ?? '';
  const outputs: Record<string, Record<string, string>> = {};
  const expr = (s: string) =>
    s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, e: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(e))) return expr(values[m[1]!] ?? '');
      if (e === 'github.action_path') return REPO;
      if (e === 'github.event.pull_request.base.sha') return event.baseSha ?? '';
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return outputs[m[1]!]?.[m[2]!] ?? '';
      throw new Error(`expression not handled by the test runner: ${e}`);
    });
  let stdout = '';
  let failedAt: string | undefined;
  const skipped: Step[] = [];
  for (const step of action.runs.steps) {
    if (step.uses) {
      skipped.push(step);
      continue;
    }
    expect(step.shell).toBe('bash');
    const outFile = path.join(tmp, `output-${step.id ?? 'x'}`);
    fs.writeFileSync(outFile, '');
    const script = path.join(tmp, 'step.sh');
    fs.writeFileSync(script, step.run!);
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...GIT_ENV, NO_COLOR: '1', GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: REPO, GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summary };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(v);
    const cwd = path.resolve(workspace, expr(step['working-directory'] ?? '.'));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    stdout += r.stdout + r.stderr;
    if (step.id) {
      outputs[step.id] = Object.fromEntries(
        fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    if (r.status !== 0) {
      failedAt = step.name;
      break;
    }
  }
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expr(v.value)]));
  return { stdout, failedAt, summary: fs.readFileSync(summary, 'utf8'), outputs: actionOutputs, skipped, expr };
}

const para = (n: number) => Array.from({ length: n }, (_, i) => `- Rule ${i + 1}: answer from the billing policy and cite the section you used.`).join('\n') + '\n';

describe('action.yml (composite)', () => {
  it('declares the inputs and a composite run', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['base', 'config', 'max-growth', 'paths', 'sarif-file']));
    const upload = action.runs.steps.find((s) => s.uses)!;
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.if).toContain("inputs.sarif-file != ''");
  });

  it('on a pull request: annotations, SARIF file, job summary with lint and budget tables; fails on growth', () => {
    const ws = initRepo();
    const base = commit(ws, 'base', { 'CLAUDE.md': `# Guide\n\n${para(4)}`, 'prompts/a.prompt.md': 'Be brief.\n' });
    commit(ws, 'grow', { 'CLAUDE.md': `# Guide\n\n${para(8)}<!-- prompt-lint-disable no-such-rule -->\n` });
    const r = runAction(ws, { 'max-growth': '10', 'sarif-file': 'reports/prompt-lint.sarif' }, { baseSha: base });
    expect(r.failedAt).toBe('Result');
    expect(r.outputs).toEqual({ 'lint-exit-code': '1', 'budget-exit-code': '1' });
    expect(r.stdout).toMatch(/^::error file=CLAUDE\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=invalid-directive::/m);
    expect(r.stdout).toMatch(/^::error file=CLAUDE\.md,title=prompt-lint budget::CLAUDE\.md grew [\d.]+%/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'reports/prompt-lint.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(r.summary).toContain('### prompt-lint: ❌ 1 problem (1 error, 0 warnings)');
    expect(r.summary).toContain('### prompt-lint budget: ❌');
    expect(r.summary).toMatch(/\| ❌ modified \| `CLAUDE\.md` \|/);
    // The upload step would get the file at the path the lint wrote.
    const upload = r.skipped.find((s) => s.uses)!;
    expect(r.expr(upload.with!.sarif_file!)).toBe('./reports/prompt-lint.sarif');
  });

  it('on a push (no base): the gate is skipped and a clean lint passes', () => {
    const ws = initRepo();
    commit(ws, 'one', { 'CLAUDE.md': '# Guide\n\nBe brief.\n' });
    const r = runAction(ws, {});
    expect(r.failedAt).toBeUndefined();
    expect(r.outputs).toEqual({ 'lint-exit-code': '0', 'budget-exit-code': '0' });
    expect(r.stdout).toContain('prompt-lint budget: no base ref');
    expect(r.summary).toContain('### prompt-lint: ✅ no problems in 1 file');
  });

  it('a base that is not in the clone is fetched, and a bad one is a usage error (exit 2)', () => {
    const upstream = initRepo();
    const base = commit(upstream, 'base', { 'CLAUDE.md': '# Guide\n\nBe brief.\n' });
    commit(upstream, 'head', { 'CLAUDE.md': '# Guide\n\nBe brief and kind.\n' });
    const ws = path.join(tempDir(), 'clone');
    // A shallow clone, as actions/checkout makes by default: the base commit is missing.
    const clone = spawnSync('git', ['clone', '-q', '--depth=1', `file://${upstream}`, ws], { encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    expect(clone.status, clone.stderr).toBe(0);
    const ok = runAction(ws, {}, { baseSha: base });
    expect(ok.outputs['budget-exit-code']).toBe('0');
    expect(ok.summary).toContain('### prompt-lint budget: ✅ within budget');
    const bad = runAction(ws, { base: 'no-such-ref' });
    expect(bad.outputs['budget-exit-code']).toBe('2');
    expect(bad.stdout).toMatch(/--base no-such-ref: not a commit in this repository/);
    expect(bad.failedAt).toBe('Result');
  });
});
