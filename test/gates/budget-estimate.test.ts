/** The budget gate marks every figure derived from an estimate with `~`, totals included (configuration.md). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commit, initRepo, runCli } from './helpers.js';

describe('budget: estimates carry ~ into totals and deltas', () => {
  it('a Claude-counted CLAUDE.md (an estimate) beside an exact AGENTS.md: the Total and its Δ have ~', async () => {
    const work = initRepo();
    commit(work, 'one', { 'CLAUDE.md': '- Use pnpm.\n', 'AGENTS.md': '- Use npm.\n' });
    fs.writeFileSync(path.join(work, 'CLAUDE.md'), '- Use pnpm.\n- Run the tests before every commit, and say which ones you ran.\n');
    const table = (await runCli(['budget', '--base', 'HEAD'], work)).stdout;
    const total = table.split('\n').find((r) => /Total \(2 files\)/.test(r));
    expect(total, table).toBeDefined();
    // Base, Head and Δ tokens of the total derive from CLAUDE.md's estimate
    expect(total!.match(/~\+?[\d,]+/g)?.length, total).toBe(2 + 1);
    const claude = table.split('\n').find((r) => /\bCLAUDE\.md\b/.test(r) && /modified/.test(r))!;
    expect(claude).toMatch(/~\+[\d,]+/);
    const md = (await runCli(['budget', '--base', 'HEAD', '--format', 'markdown'], work)).stdout;
    expect(md).toMatch(/\*\*~[\d,]+ tokens\*\* \(~\+/);
  });
});
