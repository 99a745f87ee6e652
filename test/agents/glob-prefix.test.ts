/**
 * globDirPrefix (agents/globs.ts): the literal folders a path must be in to match a path rule's
 * glob, used to pass files over before picomatch runs when sample targets are looked for. It must
 * never leave out a path that `globMatches` accepts.
 */
import { describe, expect, it } from 'vitest';
import { globDirPrefix, globMatches } from '../../server/src/agents/globs.js';

const within = (rel: string, prefix: string) => rel === prefix || rel.startsWith(`${prefix}/`);

const GLOBS = [
  'packages/api/**',
  './packages/api/**/*.ts',
  '/packages/api/*.md',
  'packages/api',
  'packages/api/',
  'src/**',
  'src/*/index.ts',
  'src/{a,b}/**',
  '{src,lib}/**',
  '**/src/**',
  '*.ts',
  'docs/**/*.md',
  'a//b/**',
  'a/./b/**',
  'a/../b/**',
  'src/[ab]/**',
  'src/@scope/**',
  '!packages/**',
  'src/+(a|b)/**',
  'src/\\(x\\)/**',
  'packages/p001/notes.md',
  '.github/**',
  'src/a b/**',
];
const PATHS = [
  'packages/api',
  'packages/api/x.ts',
  'packages/api/deep/y.ts',
  'packages/api/README.md',
  'packages/apis/x.ts',
  'packages/other/x.ts',
  'src/a/index.ts',
  'src/b/c.ts',
  'src/c/index.ts',
  'lib/x.ts',
  'x.ts',
  'docs/guide.md',
  'docs/a/b.md',
  'a/b/c',
  'a//b/c',
  'a/./b/c',
  'b/c',
  'src/@scope/x.ts',
  'src/(x)/y.ts',
  'packages/p001/notes.md',
  '.github/copilot-instructions.md',
  'src/a b/c.md',
];

describe('globDirPrefix', () => {
  it('names the literal folders of a glob, and nothing for a glob that can match anywhere', () => {
    expect(globDirPrefix('packages/api/**')).toBe('packages/api');
    expect(globDirPrefix('./packages/api/**/*.ts')).toBe('packages/api');
    expect(globDirPrefix('/packages/api/*.md')).toBe('packages/api');
    expect(globDirPrefix('src/*/index.ts')).toBe('src');
    expect(globDirPrefix('packages/p001/notes.md')).toBe('packages/p001');
    expect(globDirPrefix('*.ts')).toBeUndefined();
    expect(globDirPrefix('**/src/**')).toBeUndefined();
    expect(globDirPrefix('{src,lib}/**')).toBeUndefined();
    expect(globDirPrefix('!packages/**')).toBeUndefined();
    expect(globDirPrefix('src/\\(x\\)/**')).toBe('src');
  });

  it('never leaves out a path that the glob matches', () => {
    let matched = 0;
    for (const glob of GLOBS) {
      const prefix = globDirPrefix(glob);
      for (const rel of PATHS) {
        if (!globMatches(glob, rel)) continue;
        matched++;
        if (prefix !== undefined) expect(within(rel, prefix), `${glob} matches ${rel} outside ${prefix}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(20);
  });
});
