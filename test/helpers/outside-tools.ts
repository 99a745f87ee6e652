/**
 * Tests that need a tool from outside npm (Chromium, pre-commit, Neovim, the code-server harness,
 * the SARIF validator's native binary). One rule for all of them (GUIDE.md):
 *  - locally, a missing tool skips the tests that need it, and says why and how to install it,
 *    both in the test's title and on stderr;
 *  - under CI=true (`.ci/run`, which installs every tool first) a missing tool is a failure.
 * Use `describeWith` / `itWith` instead of vitest's `describe` / `it` in those files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { REPO } from './cli.js';

export interface OutsideTool {
  readonly name: string;
  /** Why it is unusable (undefined: usable). */
  readonly missing: string | undefined;
  /** How to install it. */
  readonly install: string;
}

/** True when running in CI: there every outside tool must be installed. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** A tool that is usable when `probe` returns undefined, else the reason it is not. */
export function outsideTool(name: string, install: string, probe: () => string | undefined): OutsideTool {
  let missing: string | undefined;
  try {
    missing = probe();
  } catch (error) {
    missing = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return { name, missing, install };
}

/** An executable found on PATH (or at an absolute path) that runs `args` with exit 0. */
export function runs(command: string, args: readonly string[] = ['--version']): string | undefined {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? `\`${command}\` not found` : `\`${command}\`: ${r.error.message}`;
  if (r.status !== 0) return `\`${command} ${args.join(' ')}\` exited ${r.status}: ${`${r.stderr}${r.stdout}`.trim().split('\n')[0] ?? ''}`;
  return undefined;
}

export const exists = (file: string, what = file): string | undefined => (fs.existsSync(file) ? undefined : `${what} not found`);

/** What is missing among `tools`, one line; empty when all are usable. */
export function missingText(tools: readonly OutsideTool[]): string {
  return tools
    .filter((t) => t.missing)
    .map((t) => `${t.name}: ${t.missing} (${t.install})`)
    .join('; ');
}

type Mode = { run: true } | { run: false; fail: boolean; reason: string };

/** Run, skip (locally) or fail (in CI) tests that need `tools`. */
export function toolMode(tools: readonly OutsideTool[], env: NodeJS.ProcessEnv = process.env): Mode {
  const reason = missingText(tools);
  if (!reason) return { run: true };
  return { run: false, fail: inCi(env), reason };
}

const warned = new Set<string>();
function warnSkip(title: string, reason: string) {
  const line = `skipped "${title}": needs ${reason}`;
  if (warned.has(line)) return;
  warned.add(line);
  console.warn(line);
}

function failure(title: string, reason: string): Error {
  return new Error(`CI=true and "${title}" needs an outside tool that is not installed: ${reason}. .ci/run installs every tool first (.ci/setup.d/); a test must never be skipped in CI.`);
}

/** `describe` for a block of tests that all need `tools`. */
export function describeWith(tools: readonly OutsideTool[], title: string, body: () => void): void {
  const mode = toolMode(tools);
  if (mode.run) return describe(title, body);
  if (mode.fail) {
    describe(title, () => {
      it(`needs ${tools.filter((t) => t.missing).map((t) => t.name).join(', ')}`, () => {
        throw failure(title, mode.reason);
      });
    });
    return;
  }
  warnSkip(title, mode.reason);
  describe.skip(`${title} [skipped: needs ${mode.reason}]`, body);
}

/** `it` for one test that needs `tools`. */
export function itWith(tools: readonly OutsideTool[], title: string, body: () => unknown, timeout?: number): void {
  const mode = toolMode(tools);
  if (mode.run) return void it(title, body, timeout);
  if (mode.fail) return void it(title, () => {
    throw failure(title, mode.reason);
  });
  warnSkip(title, mode.reason);
  it.skip(`${title} [skipped: needs ${mode.reason}]`, body, timeout);
}

// ------------------------------------------------------------------ the tools the suite uses

const DEBIAN_TOOLS = 'bash .ci/setup.d/10-debian-tools.sh';

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Debian's chromium, driven by playwright-core (the HTML report, the e2e UI test). */
export const chromium = (): OutsideTool => outsideTool('Chromium', DEBIAN_TOOLS, () => exists(CHROMIUM_PATH, `${CHROMIUM_PATH} (set CHROMIUM to another binary)`));

/** The real `pre-commit` (Debian's package). */
export const preCommit = (): OutsideTool => outsideTool('pre-commit', DEBIAN_TOOLS, () => runs('pre-commit'));

/** Neovim, for the headless LSP client test. */
export const neovim = (): OutsideTool => outsideTool('Neovim', 'bash .ci/setup.d/20-neovim.sh', () => runs('nvim'));

/** code-server and the client's dependencies, installed by e2e/setup.sh. */
export const codeServerHarness = (): OutsideTool =>
  outsideTool('the code-server harness', 'bash e2e/setup.sh', () =>
    exists(path.join(REPO, 'e2e', 'node_modules', '.bin', 'code-server'), 'e2e/node_modules/.bin/code-server'),
  );

export const MULTITOOL = path.join(REPO, 'node_modules', '.bin', 'sarif-multitool');

/** Microsoft's SARIF Multitool: an optional npm dependency with a native (.NET) binary per platform. */
export const sarifMultitool = (): OutsideTool =>
  outsideTool('the SARIF Multitool', 'npm ci with optional dependencies, on linux/darwin/win32 x64', () => exists(MULTITOOL, 'node_modules/.bin/sarif-multitool') ?? runs(MULTITOOL, ['--version']));
