/** agent-file-limit: the documented limits of Codex, Windsurf and Copilot code review, on the line where they fall. */
import { describe, expect, it } from 'vitest';
import { repo } from './context-rules-helpers.js';

/** `n` lines of exactly `width` characters each, newline included. */
const lines = (n: number, width: number) => Array.from({ length: n }, (_, i) => `- Rule ${String(i).padStart(3, '0')} ${'x'.repeat(width - 12)}\n`).join('');

describe('agent-file-limit', () => {
  it('Codex: one byte budget over the AGENTS.md chain, the finding where it runs out, in whichever file', async () => {
    // 2 files of 100 lines × 100 bytes (with newline): 20,000 bytes; a 15,000-byte limit falls in sub/AGENTS.md line 50
    const r = repo({ 'AGENTS.md': lines(100, 100), 'sub/AGENTS.md': lines(100, 100) });
    const contexts = [r.context('codex', ['AGENTS.md', 'sub/AGENTS.md'])];
    expect(await r.lint(contexts, ['agent-file-limit'], { rules: { 'agent-file-limit': ['warn', { codexMaxBytes: 15000 }] } })).toEqual([
      'sub/AGENTS.md:51:1 warning agent-file-limit Codex reads at most 15,000 bytes of AGENTS.md files (project_doc_max_bytes) and this chain has 20,000: it is cut off on this line, and the rest never reaches the model',
    ]);
    // the default, 32 KiB, holds them
    expect(await r.lint(contexts, ['agent-file-limit'], { rules: {} })).toEqual([]);
    // a limit that falls inside the first file names the later files too
    const early = await r.lint(contexts, ['agent-file-limit'], { rules: { 'agent-file-limit': ['warn', { codexMaxBytes: 250 }] } });
    expect(early).toEqual([expect.stringMatching(/^AGENTS\.md:3:51 .* and 1 later file never reaches the model$/)]);
  });

  it('Windsurf: 12,000 characters per rule file; Copilot code review: 4,000 characters of instruction files, a warning', async () => {
    const big = lines(130, 100); // 13,000 characters
    const r = repo({ '.windsurf/rules/style.md': big, '.github/copilot-instructions.md': big, 'AGENTS.md': big });
    // a one-file context is judged when the resolver found a problem in it (it reports the default limit as over-limit)
    const overLimit = [{ kind: 'over-limit' as const, at: { file: `${r.root}/.windsurf/rules/style.md`, line: 121, column: 1 }, message: 'over 12,000 characters' }];
    const found = await r.lint(
      [r.context('windsurf', ['.windsurf/rules/style.md'], overLimit), r.context('copilot', ['.github/copilot-instructions.md', 'AGENTS.md'])],
      ['agent-file-limit'],
      { rules: { 'agent-file-limit': 'error' } },
    );
    expect(found.sort()).toEqual([
      expect.stringMatching(/^\.github\/copilot-instructions\.md:41:1 warning agent-file-limit Copilot code review read only the first 4,000 characters .*unconfirmed.* 13,000/),
      expect.stringMatching(/^\.windsurf\/rules\/style\.md:121:1 error agent-file-limit Windsurf reads at most 12,000 characters of a rule file and this one has 13,000/),
    ]);
    // options turn a check off (0) or move it
    const off = await r.lint([r.context('copilot', ['.github/copilot-instructions.md'])], ['agent-file-limit'], { rules: { 'agent-file-limit': ['error', { copilotCodeReviewChars: 0 }] } });
    expect(off).toEqual([]);
  });

  it('a bad option value is a config error', async () => {
    const r = repo({ 'AGENTS.md': '# A\n' });
    await expect(r.lint([r.context('codex', ['AGENTS.md'])], ['agent-file-limit'], { rules: { 'agent-file-limit': ['warn', { codexMaxBytes: -1 }] } })).rejects.toThrow(
      /agent-file-limit.*codexMaxBytes.*>= 0/s,
    );
  });
});
