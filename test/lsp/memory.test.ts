/**
 * The server over thousands of edits: every version is linted and published, memory stays flat
 * (heap measured after a full GC in both the protocol thread and the lint worker), and only one
 * result per open document is kept.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient, makeWorkspace } from './helpers/client.js';

const PROMPT = Array.from({ length: 12 }, (_, i) => `## Step ${i + 1}\n\nCheck the order status and tell the customer about item ${i + 1}.\n`).join('\n');

describe('memory over thousands of edits', () => {
  let client: TestClient | undefined;
  afterAll(() => client?.stop());

  it('stays flat over 2,000 edits', async () => {
    client = await TestClient.start({ root: makeWorkspace({ 'prompts/steps.md': `# Steps\n\n${PROMPT}` }) });
    const uri = await client.open('prompts/steps.md');
    await client.current(uri);
    type Stats = { heapUsed: number; results: number; runs: number; staleRuns: number };
    const edit = async (i: number) => {
      // Alternate inserting and deleting a word at a moving place, waiting for each version's diagnostics.
      const line = 4 + (i % 40);
      const at = { line, character: 0 };
      if (i % 2 === 0) await client!.change(uri, [{ range: { start: at, end: at }, text: 'Now ' }]);
      else await client!.change(uri, [{ range: { start: { line: 4 + ((i - 1) % 40), character: 0 }, end: { line: 4 + ((i - 1) % 40), character: 4 } }, text: '' }]);
      // Every tenth version is awaited; the ones in between may be cancelled as stale.
      if (i % 10 === 9) await client!.current(uri);
    };
    for (let i = 0; i < 400; i++) await edit(i);
    const warm = await client.request<Stats>('promptLint/stats', { gc: true });
    for (let i = 400; i < 2400; i++) await edit(i);
    const after = await client.request<Stats>('promptLint/stats', { gc: true });
    const growthMb = (after.heapUsed - warm.heapUsed) / 1024 / 1024;
    expect(after.results).toBe(1);
    expect(after.runs).toBeGreaterThanOrEqual(200);
    expect(growthMb, `heap grew ${growthMb.toFixed(1)} MB over 2,000 edits (warm ${(warm.heapUsed / 1e6).toFixed(1)} MB)`).toBeLessThan(8);
    // The text the server holds is the editor's.
    expect(client.doc(uri).getText()).toBe(`# Steps\n\n${PROMPT}`);
  });
});
