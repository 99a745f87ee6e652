// The benches and review scripts take options like the CLI: `--help` prints the script's header
// comment and exits 0; an unknown option prints one line naming it and exits 2, with no stack trace.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('bench and review script options', () => {
  it.each(['test/corpus-review/heldout-sample.mjs', 'bench/injections.mjs', 'bench/mutations.mjs'])('%s --help prints its usage and exits 0', (script) => {
    const r = run(script, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/node (test\/corpus-review|bench)\//);
    expect(r.stderr).toBe('');
  });

  it('an unknown option is one line with exit 2, no stack trace', () => {
    const r = run('test/corpus-review/heldout-sample.mjs', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--bogus'");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('node:internal');
  });
});
