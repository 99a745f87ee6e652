/**
 * Extension-host test runner (the @vscode/test-electron contract: `run(): Promise<void>`), loaded
 * by code-server through e2e/exttests.js. Runs every dist/test/*.test.js with mocha, prints the
 * spec report (forwarded to the harness's console) and writes a JSON summary to
 * $PROMPT_LINT_E2E_REPORT for test/e2e/vscode.test.ts.
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';
import * as vscode from 'vscode';

interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly ms?: number;
  readonly error?: string;
  /** Why a pending test did not run (set by the test, e.g. a known server issue). */
  readonly reason?: string;
}

export function run(): Promise<void> {
  // PROMPT_LINT_E2E_GREP (E2E_GREP=… bash e2e/run.sh): only the tests whose title matches.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec', ...(process.env.PROMPT_LINT_E2E_GREP ? { grep: process.env.PROMPT_LINT_E2E_GREP } : {}) });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  const results: TestResult[] = [];
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const report = process.env.PROMPT_LINT_E2E_REPORT;
      if (report) {
        const summary = {
          passed: results.filter((r) => r.state === 'passed').length,
          failed: results.filter((r) => r.state === 'failed').length,
          pending: results.filter((r) => r.state === 'pending').length,
          seconds: +((Date.now() - t0) / 1000).toFixed(1),
          tests: results,
          // Start-up milestones of this window's extension (issue 13.16), ms since activation.
          startup: (vscode.extensions.getExtension('prompt-lint.prompt-lint')?.exports as { timings?: () => unknown } | undefined)?.timings?.(),
        };
        fs.writeFileSync(report, JSON.stringify(summary, null, 2) + '\n');
      }
      if (failures) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.message ?? err) }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending', reason: (t as { reason?: string }).reason }));
  });
}
