/**
 * The per-document time limit of the language server's lint worker, through a real client over
 * stdio: a document whose lint runs past `lintTimeoutMs` gets a diagnostic saying linting stopped,
 * the worker is replaced, and the other documents keep getting diagnostics. The slow lint is made
 * by the worker's test hook (PROMPT_LINT_TEST_SLOW_MARKER: a text containing the marker blocks the
 * worker thread), since no generated input is slow any more (bench/slow-input.mjs).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, TestClient } from './helpers/client.js';

const MARKER = 'PATHOLOGICAL-INPUT-7f3a';
const DUPLICATED = '# Rules\n\n- Always answer in English.\n- Keep answers short.\n- Always answer in English.\n';

const clients: TestClient[] = [];
afterAll(async () => {
  for (const c of clients) await c.stop();
});

describe('lint time limit', () => {
  it('stops a slow lint, says so on that document, and keeps serving the others', async () => {
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ root: true }),
      'prompts/slow.md': `# Slow\n\n- ${MARKER}\n`,
      'prompts/good.md': DUPLICATED,
    });
    const client = await TestClient.start({ root, settings: { lintTimeoutMs: 10_000, validate: 'all' }, env: { PROMPT_LINT_TEST_SLOW_MARKER: MARKER } });
    clients.push(client);

    const slow = await client.open('prompts/slow.md');
    const stopped = await client.current(slow, (d) => d.some((x) => x.code === 'lint-timeout'), 60_000);
    expect(stopped).toEqual([
      expect.objectContaining({ code: 'lint-timeout', severity: 2, message: expect.stringMatching(/stopped linting this file: linting took longer than 10 s \(the promptLint\.lintTimeoutMs setting\)/) }),
    ]);

    // another document is linted by the new worker
    const good = await client.open('prompts/good.md');
    const found = await client.current(good, (d) => d.length > 0, 60_000);
    expect(found).toContainEqual(expect.objectContaining({ code: 'duplicate-instruction', range: expect.objectContaining({ start: { line: 4, character: 0 } }) }));

    // and after an edit too; the slow document keeps its diagnostic (its text was not linted again)
    await client.change(good, [{ text: `${DUPLICATED}- Cite every source that you rely on.\n- Cite every source that you rely on.\n` }]);
    const after = await client.current(good, (d) => d.length >= 2, 60_000);
    expect(after).toContainEqual(expect.objectContaining({ code: 'duplicate-instruction', range: expect.objectContaining({ start: { line: 6, character: 0 } }) }));
    expect(client.diagnostics.get(slow)?.diagnostics.map((d) => d.code)).toEqual(['lint-timeout']);

    // the slow document, changed, is linted again
    await client.change(slow, [{ text: '# Slow\n\n- Always answer in English.\n- Always answer in English.\n' }]);
    const relinted = await client.current(slow, (d) => d.length > 0 && d.every((x) => x.code !== 'lint-timeout'), 60_000);
    expect(relinted).toContainEqual(expect.objectContaining({ code: 'duplicate-instruction' }));

    expect(client.exitCode).toBeNull();
    expect(client.logs.join('\n')).toMatch(/linting .*slow\.md stopped: it took longer than 10000 ms/);
  });
});

describe('fix-all time limit', () => {
  it('stops a slow fix-all like a slow lint: the request is answered without an edit and the server keeps serving', async () => {
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ root: true }),
      'prompts/slow.md': `# Slow\n\n- ${MARKER}\n- Always answer in English.\n- Always answer in English.\n`,
      'prompts/good.md': DUPLICATED,
    });
    const client = await TestClient.start({ root, settings: { lintTimeoutMs: 3_000, validate: 'all' }, env: { PROMPT_LINT_TEST_SLOW_MARKER: MARKER } });
    clients.push(client);

    const slow = await client.open('prompts/slow.md');
    await client.current(slow, (d) => d.some((x) => x.code === 'lint-timeout'), 60_000);
    // fix-all asked for explicitly (editor.codeActionsOnSave, the "Fix all" menu): runs --fix on the text, which blocks
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri: slow },
      range,
      context: { diagnostics: [], only: ['source.fixAll.promptLint'] },
    });
    expect(actions).toEqual([]);
    expect(client.doc(slow).getText()).toContain(MARKER);
    expect(client.logs.join('\n')).toMatch(/fix-all of .*slow\.md stopped: it took longer than 3000 ms/);

    // the server still answers other requests, and lints other documents
    const good = await client.open('prompts/good.md');
    const found = await client.current(good, (d) => d.length > 0, 60_000);
    expect(found).toContainEqual(expect.objectContaining({ code: 'duplicate-instruction' }));
    const stats = await client.request<{ openDocuments: number }>('promptLint/stats', {});
    expect(stats.openDocuments).toBe(2);
    const symbols = await client.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: good } });
    expect(symbols.map((s) => s.name)).toContain('Rules');
    expect(client.exitCode).toBeNull();
  }, 120_000);
});
