/**
 * Path `extends` (issue 12 item 13): in an untrusted workspace only files inside the workspace are
 * read; everywhere, the content of a file that is not a config is never echoed in an error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoader } from '../../server/src/config/load.js';
import { cli } from '../helpers/cli.js';
import { configError, json, RULES, tree } from './helpers.js';

const opts = { rules: RULES };
const SECRET = 'PROMPT_LINT_TEST_SECRET=s3cr3t-value';

/** A file outside any workspace with secret-looking content in several shapes. */
function secrets(): string {
  return tree({
    'environ': `${SECRET}\0HOME=/root\0`,
    'passwd': `root:x:0:0:${SECRET}:/root:/bin/bash\n`,
    'creds.yaml': `token: ${SECRET}\nuser: me\n`,
    'list.json': json([SECRET]),
  });
}

describe('extends: never echo the content of a file that is not a config', () => {
  for (const name of ['environ', 'passwd', 'creds.yaml', 'list.json']) {
    it(`extends naming ${name}: a config error that shows none of its content`, () => {
      const outside = secrets();
      const root = tree({ '.promptlintrc.json': json({ extends: path.join(outside, name) }), 'CLAUDE.md': '# x\n' });
      const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), opts));
      expect(err.message).toContain('not a prompt-lint config file');
      expect(err.message).not.toContain('s3cr3t');
      expect(err.message).not.toContain('PROMPT_LINT_TEST_SECRET');
    });
  }

  it('the CLI, with extends naming /proc/self/environ and --config naming /etc/passwd-like files, prints no content (exit 2)', () => {
    const outside = secrets();
    const root = tree({ '.promptlintrc.json': json({ extends: '/proc/self/environ' }), 'CLAUDE.md': '# x\n' });
    let r = cli(['CLAUDE.md'], { cwd: root, env: { PROMPT_LINT_TEST_SECRET: 's3cr3t-value' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a prompt-lint config file');
    expect(r.stderr + r.stdout).not.toContain('s3cr3t');
    fs.rmSync(path.join(root, '.promptlintrc.json'));
    for (const name of ['passwd', 'creds.yaml']) {
      r = cli(['--config', path.join(outside, name), 'CLAUDE.md'], { cwd: root });
      expect(r.status, name).toBe(2);
      expect(r.stderr + r.stdout, name).not.toContain('s3cr3t');
    }
  });

  it('a real config with a mistake still gets the detailed message (its content is a config)', () => {
    const root = tree({ 'base.json': json({ rules: { 'duplicate-instruction': 'loud' } }), '.promptlintrc.json': json({ extends: './base.json' }), 'CLAUDE.md': '# x\n' });
    const err = configError(() => new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), opts));
    expect(err.message).toContain('loud');
  });
});

describe('extends in an untrusted workspace: only files inside the workspace', () => {
  it('a path outside the workspace is not read; a notice names it; the rest of the config applies', () => {
    const outside = tree({ 'base.json': json({ model: 'gpt-4o-mini' }) });
    const root = tree({
      '.promptlintrc.json': json({ extends: [path.join(outside, 'base.json'), '../' + path.basename(outside) + '/base.json', './local.json'] }),
      'local.json': json({ callsPerDay: 7 }),
      'CLAUDE.md': '# x\n',
    });
    const loader = new ConfigLoader({ cwd: root, allowPackageExtends: false });
    const config = loader.forFile(path.join(root, 'CLAUDE.md'), opts);
    expect(config.model).not.toBe('gpt-4o-mini');
    expect(config.callsPerDay).toBe(7);
    expect(loader.skippedExtends.map((e) => e.message).join('\n')).toMatch(/not loaded: extends outside the workspace/);
    expect(loader.skippedExtends).toHaveLength(2);
    // Trusted, the same config reads it.
    expect(new ConfigLoader({ cwd: root }).forFile(path.join(root, 'CLAUDE.md'), opts).model).toBe('gpt-4o-mini');
  });

  it('a symlink inside the workspace that points outside is not followed out', () => {
    const outside = tree({ 'base.json': json({ model: 'gpt-4o-mini' }) });
    const root = tree({ '.promptlintrc.json': json({ extends: './linked.json' }), 'CLAUDE.md': '# x\n' });
    fs.symlinkSync(path.join(outside, 'base.json'), path.join(root, 'linked.json'));
    const loader = new ConfigLoader({ cwd: root, allowPackageExtends: false });
    expect(loader.forFile(path.join(root, 'CLAUDE.md'), opts).model).not.toBe('gpt-4o-mini');
    expect(loader.skippedExtends).toHaveLength(1);
  });

  it('/proc/self/environ in an untrusted workspace is not even read', () => {
    const root = tree({ '.promptlintrc.json': json({ extends: '/proc/self/environ' }), 'CLAUDE.md': '# x\n' });
    const loader = new ConfigLoader({ cwd: root, allowPackageExtends: false });
    loader.forFile(path.join(root, 'CLAUDE.md'), opts);
    expect(loader.skippedExtends.map((e) => e.message).join('')).toContain('outside the workspace');
  });
});
