/**
 * One thread until the first diagnostics (issue 13.16, the VS Code build; here switched on with
 * PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1): the protocol thread lints the first small documents
 * itself, starts the lint worker after the first publish, and hands over once it has loaded; the
 * worker then has every open document. A document too large for the protocol thread goes to the
 * worker from the start, where its time limit still stops a slow lint. Over stdio, with a real client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient, makeWorkspace } from './helpers/client.js';

const CLAUDE = '# Project\n\n- Always cite your sources.\n- Keep answers short.\n- Always cite your sources.\n';
const MARKER = 'PATHOLOGICAL-INPUT-5c1e';
const ON = { PROMPT_LINT_FIRST_LINTS_IN_PROCESS: '1' };

type Stats = { runs: number; results: number; inProcessLints?: number; workerStarted?: boolean; lintThread?: 'protocol' | 'worker' };

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function start(files: Record<string, string>, settings: Record<string, unknown> = {}, env: Record<string, string> = ON): Promise<TestClient> {
  const client = await TestClient.start({ root: makeWorkspace(files), settings: { debounceMs: 0, ...settings }, env });
  clients.push(client);
  return client;
}

/** Asks for stats until `accept` holds. */
async function statsWhen(client: TestClient, accept: (s: Stats) => boolean, timeoutMs = 30_000): Promise<Stats> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stats = await client.request<Stats>('promptLint/stats', {});
    if (accept(stats)) return stats;
    if (Date.now() > until) throw new Error(`stats never matched: ${JSON.stringify(stats)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const duplicates = (d: { code?: string | number }[]) => d.filter((x) => x.code === 'duplicate-instruction').length;

/** A prompt larger than the protocol thread lints (IN_PROCESS_LINT_MAX_CHARS, 32 K UTF-16 units). */
function largePrompt(extra = ''): string {
  const lines = ['# Large', '', '- Always cite your sources.', '- Always cite your sources.', extra];
  for (let i = 0; lines.join('\n').length < 40_000; i++) lines.push(`- Step ${i}: describe the change ${i} in the release notes of version ${i}.`);
  return `${lines.join('\n')}\n`;
}

describe('first lints in the protocol thread', () => {
  it('lints the first document in the protocol thread, then the worker takes over with the open documents', async () => {
    const client = await start({ 'CLAUDE.md': CLAUDE });
    const uri = await client.open('CLAUDE.md');
    const first = await client.current(uri, (d) => d.length > 0);
    expect(duplicates(first)).toBe(1);

    // the worker starts after the first publish and takes over once loaded; it lints the open
    // document again, so that it holds its result (the hand-off), with the same findings
    const handedOver = await statsWhen(client, (s) => s.lintThread === 'worker' && s.results === 1);
    expect(handedOver.inProcessLints).toBe(1);
    expect(handedOver.workerStarted).toBe(true);
    expect(client.diagnostics.get(uri)?.diagnostics).toEqual(first);

    // an edit is linted by the worker: no more lints in the protocol thread
    await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '- Never guess a number in any of your answers.\n- Never guess a number in any of your answers.\n' }]);
    const edited = await client.current(uri, (d) => duplicates(d) >= 2);
    expect(edited.filter((d) => d.code === 'duplicate-instruction').map((d) => d.range.start.line)).toEqual([4, 6]);
    const after = await client.request<Stats>('promptLint/stats', {});
    expect(after.inProcessLints).toBe(1);
    expect(after.lintThread).toBe('worker');
  });

  it('sends a document too large for the protocol thread to the worker at once, without a hand-off lint', async () => {
    const client = await start({ 'AGENTS.md': largePrompt() });
    const uri = await client.open('AGENTS.md');
    const found = await client.current(uri, (d) => d.length > 0);
    expect(duplicates(found)).toBeGreaterThanOrEqual(1);
    const stats = await client.request<Stats>('promptLint/stats', {});
    expect(stats.inProcessLints).toBe(0);
    expect(stats.lintThread).toBe('worker');
    expect(stats.runs).toBe(1);
  });

  it('keeps the time limit for a large first document: a slow lint is stopped in the worker and the server keeps serving', async () => {
    const client = await start({ 'AGENTS.md': largePrompt(`- ${MARKER}`), 'CLAUDE.md': CLAUDE }, { lintTimeoutMs: 10_000 }, { ...ON, PROMPT_LINT_TEST_SLOW_MARKER: MARKER });
    const slow = await client.open('AGENTS.md');
    const stopped = await client.current(slow, (d) => d.some((x) => x.code === 'lint-timeout'), 60_000);
    expect(stopped.map((d) => d.code)).toEqual(['lint-timeout']);
    const good = await client.open('CLAUDE.md');
    const found = await client.current(good, (d) => d.length > 0, 60_000);
    expect(found.map((d) => d.code)).toEqual(['duplicate-instruction']);
    expect(client.exitCode).toBeNull();
  });

  it('is off unless asked for (the unbundled server, as Neovim starts it): the worker lints from the first document on', async () => {
    const client = await start({ 'CLAUDE.md': CLAUDE }, {}, {});
    const uri = await client.open('CLAUDE.md');
    expect(duplicates(await client.current(uri, (d) => d.length > 0))).toBe(1);
    const stats = await client.request<Stats>('promptLint/stats', {});
    expect(stats.inProcessLints).toBeUndefined();
  });
});
