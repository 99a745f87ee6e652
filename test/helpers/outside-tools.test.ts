/** The one rule for tests that need an outside tool: skipped with a reason locally, a failure under CI=true. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './cli.js';
import { inCi, missingText, outsideTool, runs, toolMode } from './outside-tools.js';

const absent = outsideTool('Frobnicator', 'apt-get install frobnicator', () => runs('prompt-lint-no-such-tool-xyz'));
const present = outsideTool('Node', 'it runs this test', () => runs(process.execPath));

describe('outside tools', () => {
  it('a tool is usable when its probe passes; otherwise the reason says what is missing and how to install it', () => {
    expect(present.missing).toBeUndefined();
    expect(absent.missing).toBe('`prompt-lint-no-such-tool-xyz` not found');
    expect(missingText([present, absent])).toBe('Frobnicator: `prompt-lint-no-such-tool-xyz` not found (apt-get install frobnicator)');
    expect(outsideTool('Thrower', 'x', () => { throw new Error('boom\nstack'); }).missing).toBe('boom');
  });

  it('locally a missing tool skips; under CI it fails; a present tool always runs', () => {
    expect(toolMode([present], {})).toEqual({ run: true });
    expect(toolMode([present], { CI: 'true' })).toEqual({ run: true });
    expect(toolMode([present, absent], {})).toMatchObject({ run: false, fail: false });
    expect(toolMode([present, absent], { CI: 'true' })).toMatchObject({ run: false, fail: true });
    expect(toolMode([absent], { CI: '1' })).toMatchObject({ fail: true });
    expect(toolMode([absent], { CI: 'false' })).toMatchObject({ fail: false });
    expect(inCi({})).toBe(false);
  });

  it('every test file that drives an outside tool goes through this helper (no hard-coded tool paths)', () => {
    const driving = /\/usr\/bin\/chromium|chromium\.launch|spawnSync\('nvim'|run\('pre-commit'|multitoolValidate\(|e2e', 'run\.sh'|'run\.sh'\)/;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.name.endsWith('.test.ts')) files.push(file);
      }
    };
    walk(path.join(REPO, 'test'));
    const offenders = files
      .filter((f) => driving.test(fs.readFileSync(f, 'utf8')))
      .filter((f) => {
        const text = fs.readFileSync(f, 'utf8');
        return !/from '\.\.\/helpers\/outside-tools\.js'/.test(text) || /'\/usr\/bin\/chromium'/.test(text);
      })
      .map((f) => path.relative(REPO, f));
    expect(files.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
