/**
 * Quick fixes across the files of a task (issue 12, item 8): two tasks that list the same two files
 * in opposite orders must not offer fixes that, applied one after the other, delete both copies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { makeWorkspace, TestClient } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

const RULE = 'Never share a customer address with another customer.';

describe('cross-file quick fixes (duplicate-instruction)', () => {
  it('two tasks in opposite orders: applying every offered fix keeps one copy', async () => {
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({
        tasks: [
          { name: 'forward', files: ['a.md', 'b.md'] },
          { name: 'backward', files: ['b.md', 'a.md'] },
        ],
      }),
      'a.md': `# Persona\n\nYou are the support assistant of a bicycle repair shop.\n${RULE}\n`,
      'b.md': `# Policy\n\nRefunds are possible within thirty days of a repair.\n${RULE}\n`,
    });
    const client = await TestClient.start({ root });
    clients.push(client);
    const uris = [await client.open('a.md'), await client.open('b.md')];
    // every fix offered once both documents are linted with their tasks, as a user would apply
    // them one after the other (the server may still be re-linting: ask again until it answers)
    const offered = async (): Promise<CodeAction[]> => {
      const fixes: CodeAction[] = [];
      for (const uri of uris) {
        for (const diagnostic of await client.current(uri)) {
          if (diagnostic.code !== 'duplicate-instruction') continue;
          const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
          fixes.push(...actions.filter((a) => a.isPreferred && a.edit));
        }
      }
      return fixes;
    };
    // Both tasks hold the pair; the run reports it once (engine/run.ts: one finding per rule, range and
    // related range, whichever tasks share it): wait for it before asking.
    const reported = async () => (await Promise.all(uris.map((u) => client.current(u)))).flat().filter((d) => d.code === 'duplicate-instruction').length;
    await expect.poll(reported, { timeout: 15000 }).toBeGreaterThanOrEqual(1);
    let fixes: CodeAction[] = [];
    await expect.poll(async () => (fixes = await offered()).length, { timeout: 15000 }).toBeGreaterThanOrEqual(1);
    for (const fix of fixes) client.applyWorkspaceEdit(fix.edit!);
    const copies = uris.filter((u) => client.doc(u).getText().includes(RULE));
    expect(copies).toHaveLength(1);
  });
});
