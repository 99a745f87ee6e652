/**
 * From a fresh clone (issue 13.4, 13.5): `npm ci` alone, then `npm run package` gives the .vsix;
 * `npm pack` installed into an empty project stays within 15 MB and runs. Clones this repository's
 * HEAD (what is committed), so it checks what a new user gets.
 *
 * Slow (two `npm ci`, about 3 min on two cores): runs in CI (CI=true, `.ci/run`) or with
 * PROMPT_LINT_FRESH_CLONE=1, else is skipped and says so. npm runs offline (tests never touch the
 * network): the packages come from the npm cache that the checkout's own `npm ci` (and
 * e2e/setup.sh) filled; a package missing there fails the test instead of being fetched.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { inCi, itWith, outsideTool } from '../helpers/outside-tools.js';

const MAX_INSTALL_BYTES = 15 * 1024 * 1024;

const wanted = outsideTool('a fresh-clone run', 'set PROMPT_LINT_FRESH_CLONE=1; CI runs it', () =>
  inCi() || process.env.PROMPT_LINT_FRESH_CLONE ? undefined : 'slow (two npm ci, about 3 min), so it runs in CI only',
);

const ENV = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout}${r.stderr}`;
  expect(r.status, `${cmd} ${args.join(' ')} (in ${cwd}):\n${out.slice(-4000)}`).toBe(0);
  return out;
}

/** Bytes of the files under `dir`, and the packages in its node_modules folders (scoped ones too). */
function diskUsage(dir: string): { bytes: number; packages: number } {
  let bytes = 0;
  let packages = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isFile()) bytes += fs.statSync(f).size;
      if (!e.isDirectory()) continue;
      const inModules = path.basename(d) === 'node_modules' || (path.basename(d).startsWith('@') && path.basename(path.dirname(d)) === 'node_modules');
      if (inModules && !e.name.startsWith('@') && !e.name.startsWith('.')) packages++;
      walk(f);
    }
  };
  walk(dir);
  return { bytes, packages };
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
}, 600_000); // two node_modules trees

describe('a fresh clone', () => {
  itWith([wanted], '`npm ci` then `npm run package` gives the .vsix; the npm package installs within 15 MB and runs', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-fresh-'));
    temps.push(tmp);
    const clone = path.join(tmp, 'clone');
    sh('git', ['clone', '-q', '--no-hardlinks', REPO, clone], tmp);

    sh('npm', ['ci'], clone);
    sh('npm', ['run', 'package'], clone);
    const vsix = path.join(clone, 'client', 'dist', 'prompt-lint.vsix');
    expect(fs.existsSync(vsix), 'client/dist/prompt-lint.vsix').toBe(true);
    expect(fs.statSync(vsix).size).toBeGreaterThan(1_000_000);

    const packed = JSON.parse(sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], clone).replace(/^[^[]*/, '')) as { filename: string }[];
    const project = path.join(tmp, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "empty", "version": "1.0.0", "private": true }\n');
    sh('npm', ['install', path.join(tmp, packed[0]!.filename)], project);
    const usage = diskUsage(path.join(project, 'node_modules'));
    console.log(`npm install of the packed prompt-lint: ${(usage.bytes / 1024 / 1024).toFixed(1)} MB, ${usage.packages} packages`);
    expect(usage.bytes).toBeLessThanOrEqual(MAX_INSTALL_BYTES);
    expect(fs.existsSync(path.join(project, 'node_modules', 'gpt-tokenizer'))).toBe(false);

    fs.writeFileSync(path.join(project, 'CLAUDE.md'), '# Guide\n\nPlease make sure to run the tests.\n');
    const lint = spawnSync(path.join(project, 'node_modules', '.bin', 'prompt-lint'), ['CLAUDE.md'], { cwd: project, encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.stdout).toMatch(/filler-phrase/);
  }, 1_200_000);
});
