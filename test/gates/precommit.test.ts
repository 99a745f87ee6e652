/**
 * The pre-commit hooks with the real `pre-commit` tool (Debian package), in a temp git repository
 * whose .pre-commit-config.yaml uses this repository as the hook source at its HEAD commit (the
 * code under test is what is committed: in CI, the submitted commit).
 *
 * pre-commit clones the repository and installs it as its node language does: `npm install`
 * (dev dependencies included, `prepare` compiles), `npm pack`, `npm install -g` of the tarball.
 * To keep that local and quick, npm runs with prefer-offline (packages come from the npm cache that
 * `npm ci` filled; the registry is asked only for what the cache lacks) and without optional
 * dependencies (the 100 MB SARIF validator binaries the hook never uses). pre-commit's own cache
 * is kept per commit under .cache/ (gitignored), so a re-run of the same commit skips the install;
 * PROMPT_LINT_FRESH_PRECOMMIT=1 forces a fresh one. CI starts from a fresh clone: a real install.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { REPO } from '../helpers/cli.js';
import { describeWith, preCommit } from '../helpers/outside-tools.js';
import { GIT_ENV, git, tempDir } from './helpers.js';

const INSTALL_TIMEOUT = 600_000;

const rev = git(REPO, 'rev-parse', 'HEAD');
const manifest = fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'));
const cacheKey = createHash('sha256').update(rev).update(manifest).digest('hex').slice(0, 16);
// Not under node_modules: tsc would not emit the JSON schema of a project inside a node_modules path.
const PRE_COMMIT_HOME = path.join(REPO, '.cache/pre-commit-gates', cacheKey);

const ENV: Record<string, string> = {
  ...GIT_ENV,
  PRE_COMMIT_HOME,
  PRE_COMMIT_COLOR: 'never',
  NO_COLOR: '1',
  npm_config_prefer_offline: 'true',
  npm_config_omit: 'optional',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...ENV }, timeout: INSTALL_TIMEOUT });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function project(hooks: string[], config?: Record<string, unknown>): string {
  const dir = tempDir('prompt-lint-precommit-');
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(
    path.join(dir, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${REPO}\n    rev: ${rev}\n    hooks:\n${hooks.map((h) => `      - id: ${h}\n`).join('')}`,
  );
  if (config) fs.writeFileSync(path.join(dir, '.promptlintrc.json'), JSON.stringify(config, null, 2));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'setup');
  const installed = run('pre-commit', ['install'], dir);
  expect(installed.status, installed.out).toBe(0);
  return dir;
}

function commit(dir: string, files: Record<string, string>, message: string) {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  git(dir, 'add', '-A');
  return run('git', ['commit', '-q', '-m', message], dir);
}

const commits = (dir: string) => Number(git(dir, 'rev-list', '--count', 'HEAD'));

/** A prompt with findings that the registered fixable rules fix (filler phrases, repeated instruction, persona, tone rule). */
const FIXABLE = allRules.filter((r) => r.meta.fixable).map((r) => r.meta.id);
const MESSY = [
  '# Support agent',
  '',
  'You are Ada, a calm billing support agent for Acme.',
  '',
  '- Please make sure to answer in English.',
  '- Keep answers under 120 words.',
  '- In order to stay accurate, quote the invoice number.',
  '- Keep answers under 120 words.',
  '',
  '## Tone',
  '',
  'You are Ada.',
  'Always respond in a friendly tone.',
  'Use a friendly tone in every answer.',
  '',
].join('\n');

/** The issue's example: a prompt with a conflicting persona (an error); an unknown directive where that rule is not registered. */
const PERSONA = allRules.some((r) => r.meta.id === 'conflicting-persona');
const BLOCKED = PERSONA
  ? { text: 'You are Claude, an AI assistant made by Anthropic.\n\nYour name is Max.\n', finding: /3:\d+\s+error\s+Defines the persona as `Max`, but line 1 defines it as `Claude`\s+conflicting-persona/ }
  : { text: '# Helper\n\nYou are a helpful assistant.\n<!-- prompt-lint-disable no-such-rule -->\n', finding: /4:\d+\s+error\s+Unknown rule `no-such-rule`.*invalid-directive/ };

const installHooks = () => {
  if (process.env.PROMPT_LINT_FRESH_PRECOMMIT) fs.rmSync(PRE_COMMIT_HOME, { recursive: true, force: true });
  // Environments of earlier commits are not reused: drop them (about 50 MB each).
  const parent = path.dirname(PRE_COMMIT_HOME);
  for (const old of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    if (old !== cacheKey) fs.rmSync(path.join(parent, old), { recursive: true, force: true });
  }
  fs.mkdirSync(PRE_COMMIT_HOME, { recursive: true });
  // Install once (both hooks share one environment); the tests below then commit for real.
  const dir = project(['prompt-lint', 'prompt-lint-fix']);
  const started = Date.now();
  const r = run('pre-commit', ['install-hooks'], dir);
  const log = path.join(PRE_COMMIT_HOME, 'pre-commit.log');
  expect(r.status, `${r.out}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`).toBe(0);
  console.log(`pre-commit install-hooks: ${((Date.now() - started) / 1000).toFixed(1)} s`);
};

describeWith([preCommit()], 'pre-commit hooks (real pre-commit, this repository as the hook source)', () => {
  beforeAll(installHooks, INSTALL_TIMEOUT);

  it('a commit adding a prompt with a conflicting persona is blocked and the finding shown; a clean commit passes', () => {
    const dir = project(['prompt-lint']);
    const before = commits(dir);
    const blocked = commit(dir, { 'CLAUDE.md': BLOCKED.text }, 'add prompt');
    expect(blocked.status).not.toBe(0);
    expect(blocked.out).toMatch(/prompt-lint\.+Failed/);
    expect(blocked.out).toContain('CLAUDE.md');
    expect(blocked.out).toMatch(BLOCKED.finding);
    expect(commits(dir)).toBe(before);

    const clean = commit(dir, { 'CLAUDE.md': '# Helper\n\nYou are a helpful assistant for the billing team.\n' }, 'add clean prompt');
    expect(clean.status, clean.out).toBe(0);
    expect(commits(dir)).toBe(before + 1);
    // Files that are not prompts are not passed to the hook at all.
    const other = commit(dir, { 'README.md': '<!-- prompt-lint-disable no-such-rule -->\n' }, 'readme');
    expect(other.status, other.out).toBe(0);
  });

  it('prompt-lint-fix fixes what it can, blocks that commit (files changed), and the retried commit passes', () => {
    expect(FIXABLE.length, 'no registered rule has fixes yet (rules/index.ts)').toBeGreaterThan(0);
    // Default severities: the fixes are warnings, yet the commit is held once because the hook changed files.
    const dir = project(['prompt-lint-fix']);
    const before = commits(dir);
    fs.writeFileSync(path.join(dir, 'AGENTS.md'), MESSY);
    const lintFirst = spawnSync(process.execPath, [path.join(REPO, 'bin/prompt-lint.js'), '--format', 'json', 'AGENTS.md'], { cwd: dir, encoding: 'utf8' });
    const counts = (JSON.parse(lintFirst.stdout) as { fixableErrorCount: number; fixableWarningCount: number }[])[0]!;
    const fixableHere = counts.fixableErrorCount + counts.fixableWarningCount;
    expect(fixableHere, `no fixable finding from ${FIXABLE.join(', ')} in the test prompt`).toBeGreaterThan(0);

    const first = commit(dir, { 'AGENTS.md': MESSY }, 'add agents file');
    expect(first.status).not.toBe(0);
    expect(first.out).toMatch(/prompt-lint \(fix\)\.+Failed/);
    expect(first.out).toContain('files were modified by this hook');
    expect(commits(dir)).toBe(before);
    const fixed = fs.readFileSync(path.join(dir, 'AGENTS.md'), 'utf8');
    expect(fixed).not.toBe(MESSY);
    expect(fixed.length).toBeLessThan(MESSY.length);

    git(dir, 'add', '-A');
    const retry = run('git', ['commit', '-q', '-m', 'add agents file'], dir);
    expect(retry.status, retry.out).toBe(0);
    expect(commits(dir)).toBe(before + 1);
    expect(git(dir, 'show', 'HEAD:AGENTS.md')).toBe(fixed.trim());
  });
  it('prompt-lint-fix on a commit of CLAUDE.md writes CLAUDE.md only: not the unstaged (committed, unchanged) files of a task it is not part of', () => {
    const persona = '# Persona\n\nYou are the support assistant of a bicycle repair shop.\nNever share a customer\'s address with another customer.\n';
    const policy = '# Policy\n\nRefunds are possible within thirty days of a repair.\nNever share a customer\'s address with another customer.\nAnswer every question about prices with the price list.\nAnswer every question about prices with the price list.\n';
    const dir = project(['prompt-lint-fix'], { root: true, tasks: [{ name: 'support', files: ['support/persona.md', 'support/policy.md'] }] });
    fs.mkdirSync(path.join(dir, 'support'));
    fs.writeFileSync(path.join(dir, 'support/persona.md'), persona);
    fs.writeFileSync(path.join(dir, 'support/policy.md'), policy);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'task files with repeats');
    // the task files are committed and clean: not staged, so not the hook's to touch
    fs.writeFileSync(path.join(dir, 'CLAUDE.md'), MESSY);
    git(dir, 'add', 'CLAUDE.md');
    const first = run('git', ['commit', '-q', '-m', 'add CLAUDE.md'], dir);
    expect(first.status).not.toBe(0);
    expect(first.out).toContain('files were modified by this hook');
    expect(fs.readFileSync(path.join(dir, 'CLAUDE.md'), 'utf8')).not.toBe(MESSY);
    expect(fs.readFileSync(path.join(dir, 'support/policy.md'), 'utf8')).toBe(policy);
    expect(fs.readFileSync(path.join(dir, 'support/persona.md'), 'utf8')).toBe(persona);
    expect(git(dir, 'status', '--porcelain', '--', 'support')).toBe('');
  });
});
