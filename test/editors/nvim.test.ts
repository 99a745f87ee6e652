/**
 * Neovim (Debian's `neovim`, headless) as a second real LSP client of the built server over stdio:
 * it gets diagnostics for a fixture and applies a code action. Skipped, saying why, when `nvim` is
 * not installed (`.ci/setup.d/20-neovim.sh` installs it for CI).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, SERVER_BIN, workspaceFromFixture } from '../lsp/helpers/client.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;
if (!hasNvim) {
  console.warn('test/editors: skipping the Neovim tests: `nvim` is not installed (apt-get install neovim, or run .ci/setup.d/20-neovim.sh)');
}

describe.skipIf(!hasNvim)(`Neovim ${hasNvim ? nvim.stdout.split('\n')[0] : ''} headless`, () => {
  it('shows prompt-lint diagnostics and applies a code action that clears them (a budget is disabled for the whole file)', () => {
    const root = workspaceFromFixture('budget');
    const file = path.join(root, 'prompts/support.md');
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(REPO, 'test/editors/nvim-lsp-e2e.lua')], {
      cwd: root,
      env: { ...process.env, SERVER: SERVER_BIN, FILE: file, ROOT: root, RULE: 'token-budget', SCOPE: 'file' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output, output).toContain('PASS');
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/diagnostic \d+:\d+-\d+:\d+ sev=1 source=prompt-lint code=token-budget/);
    expect(output).toContain('code action: Disable token-budget for the entire file (kind=quickfix)');
    expect(output).not.toContain('Disable token-budget for this line');
    expect(output).toMatch(/line 1 after edit: <!-- prompt-lint-disable-file token-budget -->/);
  });
});
