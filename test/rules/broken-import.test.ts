/** broken-import: the resolvers' problems become findings at file:line:col, once, with their severity. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from './context-rules-helpers.js';

describe('broken-import', () => {
  it('reports a missing target, a cycle and a too-deep chain where the import is written, each once', async () => {
    const r = repo({
      'CLAUDE.md': '# Project\n\nSee @docs/missing.md for setup.\n\n@a.md\n',
      'a.md': '# A\n\n@b.md\n',
      'b.md': '# B\n\n@a.md\n',
    });
    const at = (file: string, line: number, column: number) => ({ file: path.join(r.root, file), line, column });
    const problems = [
      { kind: 'missing-import' as const, at: at('CLAUDE.md', 3, 5), message: 'Import @docs/missing.md: no such file' },
      { kind: 'import-cycle' as const, at: at('b.md', 3, 1), message: 'Import @a.md closes a cycle (a.md → b.md → a.md)' },
    ];
    const contexts = [
      r.context('claude-code', ['CLAUDE.md', 'a.md', 'b.md'], problems),
      // the same problems from a second directory's context: still one finding each
      { ...r.context('claude-code', ['CLAUDE.md', 'a.md', 'b.md'], problems), target: path.join(r.root, 'src') },
      r.context('claude-code', ['CLAUDE.md', 'a.md'], [{ kind: 'import-too-deep', at: at('a.md', 3, 1), message: 'Import @b.md is 5 hops deep; Claude Code follows 4' }]),
    ];
    expect(await r.lint(contexts, ['broken-import'])).toEqual([
      'CLAUDE.md:3:5 error broken-import Import @docs/missing.md: no such file (claude-code)',
      'a.md:3:1 error broken-import Import @b.md is 5 hops deep; Claude Code follows 4 (claude-code)',
      'b.md:3:1 warning broken-import Import @a.md closes a cycle (a.md → b.md → a.md) (claude-code)',
    ]);
  });

  it('says nothing without problems, and can be turned off', async () => {
    const r = repo({ 'CLAUDE.md': '# Project\n\n@a.md\n', 'a.md': '# A\n' });
    expect(await r.lint([r.context('claude-code', ['CLAUDE.md', 'a.md'])], ['broken-import'])).toEqual([]);
    const missing = [{ kind: 'missing-import' as const, at: { file: path.join(r.root, 'CLAUDE.md'), line: 3, column: 1 }, message: 'missing' }];
    const contexts = [r.context('claude-code', ['CLAUDE.md'], missing)];
    expect(await r.lint(contexts, ['broken-import'])).toHaveLength(1);
    expect(await r.lint(contexts, ['broken-import'], { rules: { 'broken-import': 'off' } })).toEqual([]);
  });
});
