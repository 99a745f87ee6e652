/**
 * Neovim (Debian's `neovim`, headless) as a second real LSP client of the built server over stdio:
 * it gets diagnostics for a fixture and applies a code action. Skipped, saying why, when `nvim` is
 * not installed, and a failure under CI=true (`.ci/setup.d/20-neovim.sh` installs it for CI).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeWith, neovim } from '../helpers/outside-tools.js';
import { REPO, SERVER_BIN, workspaceFromFixture } from '../lsp/helpers/client.js';

const NEOVIM = neovim();
const version = NEOVIM.missing ? '' : spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];

describeWith([NEOVIM], `Neovim${version ? ` ${version}` : ''} headless`, () => {
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
