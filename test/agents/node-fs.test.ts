/**
 * nodeContextFs (agents/fs.ts) answers `isFile` from its folder listings where it can (a regular file,
 * a folder, a name the listing does not hold) and stats the rest: the answers must be the stat's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeContextFs } from '../../server/src/agents/fs.js';
import { tempTree } from '../helpers/cli.js';

const dir = tempTree({ 'CLAUDE.md': '# a\n', 'sub/AGENTS.md': '# b\n', 'sub/deeper/notes.md': '# c\n' });
fs.symlinkSync(path.join(dir, 'CLAUDE.md'), path.join(dir, 'link.md'));
fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'linked-dir'));
fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stat = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
const ASKED = ['CLAUDE.md', 'AGENTS.md', 'GEMINI.md', 'sub', 'sub/AGENTS.md', 'sub/CLAUDE.md', 'sub/deeper', 'sub/deeper/notes.md', 'sub/deeper/AGENTS.md', 'link.md', 'linked-dir', 'linked-dir/AGENTS.md', 'dangling.md', 'nowhere/CLAUDE.md', ''];

describe('nodeContextFs.isFile', () => {
  it('gives what a stat gives, before and after the folders are listed', () => {
    const before = nodeContextFs();
    for (const rel of ASKED) expect(before.isFile(path.join(dir, rel)), rel).toBe(stat(path.join(dir, rel)));
    const after = nodeContextFs();
    for (const d of ['', 'sub', 'sub/deeper', 'linked-dir', 'nowhere']) after.list(path.join(dir, d));
    for (const rel of ASKED) expect(after.isFile(path.join(dir, rel)), rel).toBe(stat(path.join(dir, rel)));
    expect(after.isFile(path.join(dir, 'CLAUDE.md'))).toBe(true);
    expect(after.isFile(path.join(dir, 'link.md'))).toBe(true);
    expect(after.isFile(path.join(dir, 'GEMINI.md'))).toBe(false);
  });
});
