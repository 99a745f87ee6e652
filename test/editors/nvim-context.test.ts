/**
 * Neovim (headless) calls the custom request `promptLint/context` (issue 16, "In the editor"):
 * another editor than VS Code gets what each agent loads, with its unsaved buffer counted.
 * Skipped, saying why, when `nvim` is not installed; a failure under CI=true.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeWith, neovim } from '../helpers/outside-tools.js';
import { makeWorkspace, REPO, SERVER_BIN } from '../lsp/helpers/client.js';

const NEOVIM = neovim();

describeWith([NEOVIM], 'Neovim calls promptLint/context', () => {
  it('lists CLAUDE.md and its imported AGENTS.md for Claude Code, AGENTS.md for Codex, and an import typed but not saved', () => {
    const root = makeWorkspace({
      'CLAUDE.md': '# Project\n\nSee @AGENTS.md for the shared rules.\n\n- Use pnpm for every install.\n',
      'AGENTS.md': '# Shared rules\n\n- Use npm for installs.\n',
      'docs/style.md': '# Style\n\n- Prefer named exports.\n',
    });
    fs.mkdirSync(path.join(root, '.git'));
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(REPO, 'test/editors/nvim-context.lua')], {
      cwd: root,
      env: { ...process.env, SERVER: SERVER_BIN, FILE: path.join(root, 'CLAUDE.md'), ROOT: root },
      encoding: 'utf8',
      timeout: 90_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output, output).toContain('PASS');
    expect(run.status, output).toBe(0);
    const files = (label: string, agent: string) =>
      output
        .split('\n')
        .filter((l) => l.startsWith(`${label}   ${agent} `))
        .map((l) => l.split(' ').slice(4, 6).join(' '));
    expect(files('saved', 'claude-code')).toEqual(['CLAUDE.md ancestor', 'AGENTS.md import']);
    expect(files('saved', 'codex')).toEqual(['AGENTS.md ancestor']);
    expect(files('unsaved', 'claude-code')).toEqual(['CLAUDE.md ancestor', 'AGENTS.md import', 'docs/style.md import']);
    expect(fs.readFileSync(path.join(root, 'CLAUDE.md'), 'utf8')).not.toContain('style');
  }, 120_000);
});
