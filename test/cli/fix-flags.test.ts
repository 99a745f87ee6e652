/** `--fix` and `--fix-dry-run` are exclusive (issue 12, item 11): asked together, nothing is written. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

const DUPLICATED = '# Rules\n\n- Keep each commit focused on one change.\n- Keep each commit focused on one change.\n';

describe('--fix with --fix-dry-run', () => {
  it('is refused with exit 2 and a clear message, and writes nothing', () => {
    const cwd = tempTree({ 'CLAUDE.md': DUPLICATED });
    for (const args of [['--fix', '--fix-dry-run', 'CLAUDE.md'], ['--fix-dry-run', '--fix', 'CLAUDE.md'], ['--fix', '--fix-dry-run', '--stdin', '--stdin-filename', 'CLAUDE.md']]) {
      const r = cli(args, { cwd, input: DUPLICATED });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe('prompt-lint: --fix and --fix-dry-run cannot be used together (--fix writes the files, --fix-dry-run only reports what it would write)\n');
      expect(r.stdout).toBe('');
      expect(fs.readFileSync(path.join(cwd, 'CLAUDE.md'), 'utf8')).toBe(DUPLICATED);
    }
  });
});
