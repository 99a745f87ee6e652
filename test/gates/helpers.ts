/** Shared by the gate tests: temp git repositories and the SARIF Multitool. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../helpers/cli.js';

export const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function sh(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, [...args], { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env }, maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export const git = (cwd: string, ...args: string[]) => sh('git', args, cwd).trim();

export function tempDir(prefix = 'prompt-lint-gates-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function initRepo(): string {
  const dir = tempDir('prompt-lint-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Writes (string) or deletes (null) files, then commits everything; returns the commit id. */
export function commit(dir: string, message: string, files: Record<string, string | null>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) fs.rmSync(abs, { force: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message, '--allow-empty');
  return git(dir, 'rev-parse', 'HEAD');
}

export const ARTIFACTS = path.join(REPO, 'artifacts');

// ------------------------------------------------------------------ SARIF Multitool

export const MULTITOOL = path.join(REPO, 'node_modules', '.bin', 'sarif-multitool');

export interface MultitoolResult {
  readonly ruleId: string;
  readonly level: string;
  readonly message: string;
}

/** Validates a SARIF file with Microsoft's SARIF Multitool; returns its findings (errors and warnings). */
export function multitoolValidate(sarifFile: string): MultitoolResult[] {
  const out = sarifFile.replace(/\.sarif$/, '') + '.validation.sarif';
  const r = spawnSync(MULTITOOL, ['validate', sarifFile, '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  if (r.error) throw r.error;
  if (!fs.existsSync(out)) throw new Error(`sarif-multitool wrote no log (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const log = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    runs: { results?: { ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }[]; invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[] }[];
  };
  const run = log.runs[0]!;
  const failed = run.invocations?.find((i) => !i.executionSuccessful);
  if (failed) throw new Error(`sarif-multitool failed: ${JSON.stringify(failed.toolExecutionNotifications)}`);
  // The validator's console lines carry the formatted messages; the log has ids and arguments.
  return (run.results ?? []).map((res) => ({
    ruleId: res.ruleId,
    level: res.level ?? 'warning',
    message: res.message.text ?? `${res.message.id} ${(res.message.arguments ?? []).join(' | ')}`,
  }));
}

/** The SARIF 2.1.0 JSON schema shipped with the Multitool. */
export function sarifSchema(): Record<string, unknown> {
  const candidates = [
    path.join(REPO, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json'),
    path.join(REPO, 'node_modules/@microsoft/sarif-multitool-darwin/sarif-2.1.0.json'),
    path.join(REPO, 'node_modules/@microsoft/sarif-multitool-win32/sarif-2.1.0.json'),
  ];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error('SARIF schema not found: is @microsoft/sarif-multitool installed (npm ci)?');
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
}

// ------------------------------------------------------------------ in-process CLI

/** Runs the CLI's `run` in this process (no node start-up per call): same code path as the bin. */
export async function runCli(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const { run } = await import('../../server/src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const status = await run(args, {
    cwd,
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { status, stdout, stderr };
}
