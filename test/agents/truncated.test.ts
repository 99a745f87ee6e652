/**
 * A file an agent reads only in part (Codex cuts the AGENTS.md chain at project_doc_max_bytes):
 * what lies past the cut never reaches the model, so the derived task's rules neither compare nor
 * count it, as they do not for a file the agent does not read at all. The cut itself is still
 * reported where it falls, with the file's real size. Real temporary repositories, the real
 * resolvers and engine; positions and sizes worked out by hand.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../server/src/engine/engine.js';
import { tempRepos, findingsAt, lintRepo } from './helpers.js';

const repo = tempRepos();

const lint = lintRepo;

const at = findingsAt;

// 47 bytes, and a sub-directory file of 40 + 47 bytes whose second line repeats the root's line
const ROOT = '- Run the full test suite before every commit.\n';
const SUB = '- Keep pull requests small and focused.\n- Run the full test suite before every commit.\n';
const config = (codexMaxBytes: number) => JSON.stringify({ root: true, agents: ['codex'], rules: { 'agent-file-limit': ['warn', { codexMaxBytes }] } });

describe('a file Codex reads only in part', () => {
  it('reports a repeat that Codex reads (the budget holds both files)', async () => {
    expect(Buffer.byteLength(ROOT)).toBe(47);
    expect(Buffer.byteLength(SUB)).toBe(87);
    const root = repo({ 'AGENTS.md': ROOT, 'sub/AGENTS.md': SUB, '.promptlintrc.json': config(200) });
    const all = await lint(root, ['AGENTS.md', 'sub/AGENTS.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    expect(at(root, all, 'duplicate-instruction')).toEqual(['sub/AGENTS.md:2:1']);
    expect(at(root, all, 'agent-file-limit')).toEqual([]);
  });

  it('does not compare what lies past the cut: the repeat Codex never reads is not reported, the cut is', async () => {
    // a budget of 100 bytes: 47 for AGENTS.md, 53 for sub/AGENTS.md = its 40-byte first line and 13
    // bytes of the second ("- Run the ful"), so the repeat is cut at line 2, column 14
    const root = repo({ 'AGENTS.md': ROOT, 'sub/AGENTS.md': SUB, '.promptlintrc.json': config(100) });
    const all = await lint(root, ['AGENTS.md', 'sub/AGENTS.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    expect(at(root, all, 'duplicate-instruction')).toEqual([]);
    expect(at(root, all, 'agent-file-limit')).toEqual(['sub/AGENTS.md:2:14']);
    const cut = all.flatMap((r) => r.findings).find((f) => f.ruleId === 'agent-file-limit')!;
    // the chain's size is the files' real size (47 + 87), not what is left of them once cut
    expect(cut.message).toContain('at most 100 bytes of AGENTS.md files (project_doc_max_bytes) and this chain has 134');
  });

  it('measures the real size of a cut file whose unread part is not ASCII', async () => {
    // the second line is 5 + 3 × 13 (three-byte "…") + 1 = 45 bytes but 19 characters
    const sub = `- Keep pull requests small and focused.\n- Ok ${'…'.repeat(13)}\n`;
    expect(Buffer.byteLength(sub)).toBe(85);
    const root = repo({ 'AGENTS.md': ROOT, 'sub/AGENTS.md': sub, '.promptlintrc.json': config(100) });
    const all = await lint(root, ['AGENTS.md', 'sub/AGENTS.md']);
    expect(all.flatMap((r) => r.ruleErrors)).toEqual([]);
    // 53 bytes of sub/AGENTS.md: its first line (40), "- Ok " (5) and two "…" (6): column 8
    expect(at(root, all, 'agent-file-limit')).toEqual(['sub/AGENTS.md:2:8']);
    expect(all.flatMap((r) => r.findings).find((f) => f.ruleId === 'agent-file-limit')!.message).toContain('this chain has 132');
  });
});
