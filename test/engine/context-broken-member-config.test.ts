/**
 * A derived (effective-context) task must not turn a broken config of a file the user did not name
 * into an error of the run: linting CLAUDE.md must not fail because sub/.promptlintrc.json is broken.
 * The broken config is still reported when its own files are linted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

describe('a broken config below a context member', () => {
  it('costs the context, not the lint of the named file', () => {
    const cwd = tempTree({
      '.promptlintrc.json': '{ "root": true }',
      'CLAUDE.md': '# Rules\n\n- Be brief.\n',
      'sub/CLAUDE.md': '# Sub\n\n- Be kind.\n',
      'sub/.promptlintrc.json': '{ "extends": "./missing.json" }',
    });
    fs.mkdirSync(path.join(cwd, '.git'));
    const root = cli(['CLAUDE.md'], { cwd });
    expect(root.stderr).toBe('');
    expect(root.status).toBe(0);
    const sub = cli(['sub/CLAUDE.md'], { cwd });
    expect(sub.status).toBe(2);
    expect(sub.stderr).toMatch(/sub\/\.promptlintrc\.json:1:\d+: extends: cannot find config file/);
  });
});
