/**
 * The first lint of a just-opened document does not wait for its `workspace/configuration` reply
 * when the client sent its resolved settings in `initializationOptions` (as the VS Code extension
 * does, issue 13.16): diagnostics arrive while the reply is held back, and the document's own
 * settings still win once they arrive. Over stdio, with a real client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigurationParams } from 'vscode-languageserver-protocol';
import { TestClient, makeWorkspace } from './helpers/client.js';

const CLAUDE = '# Project\n\n- Always cite your sources.\n- Keep answers short.\n- Always cite your sources.\n';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

type Stats = { runs: number; provisionalRuns: number; provisionalRedone: number };

/** A workspace/configuration handler whose replies wait until `release(settings)`. */
function heldConfiguration() {
  const asked: string[] = [];
  let replied = false;
  let release!: (settings: Record<string, unknown>) => void;
  const settings = new Promise<Record<string, unknown>>((resolve) => (release = resolve));
  const handler = async (p: ConfigurationParams) => {
    asked.push(...p.items.map((i) => `${i.section}@${i.scopeUri}`));
    const s = await settings;
    replied = true;
    return p.items.map(() => s);
  };
  return { handler, asked, release, replied: () => replied };
}

async function start(initializationOptions: unknown, held: ReturnType<typeof heldConfiguration>): Promise<TestClient> {
  const root = makeWorkspace({ 'CLAUDE.md': CLAUDE });
  const client = await TestClient.start({ root, initializationOptions, configuration: held.handler });
  clients.push(client);
  return client;
}

const duplicates = (d: { code?: string | number }[]) => d.filter((x) => x.code === 'duplicate-instruction').length;

describe('first lint on the settings sent at initialize', () => {
  it('publishes before the workspace/configuration reply; the same reply does not lint again', async () => {
    const held = heldConfiguration();
    const client = await start({ trusted: true, promptLint: { enable: true, debounceMs: 0 } }, held);
    const uri = await client.open('CLAUDE.md');
    const first = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10_000);
    expect(held.replied(), 'diagnostics arrived with the configuration reply still held').toBe(false);
    expect(duplicates(first.diagnostics)).toBe(1);
    expect(held.asked, 'the server did ask for the document’s own settings').toContain(`promptLint@${uri}`);

    held.release({ enable: true, debounceMs: 0 });
    // the reply is handled before this request (messages are handled in order)
    const stats = await client.request<Stats>('promptLint/stats', {});
    expect(stats.provisionalRuns).toBe(1);
    expect(stats.provisionalRedone, 'the same settings: no second lint').toBe(0);
    expect(client.history.filter((p) => p.uri === uri)).toHaveLength(1);
  });

  it('a different per-document setting wins once it arrives', async () => {
    const held = heldConfiguration();
    const client = await start({ trusted: true, promptLint: { enable: true, debounceMs: 0 } }, held);
    const uri = await client.open('CLAUDE.md');
    await client.waitForDiagnostics(uri, (p) => duplicates(p.diagnostics) === 1, 10_000);
    expect(held.replied()).toBe(false);

    // this document's own settings (a folder setting, say) disable prompt-lint: its diagnostics go
    held.release({ enable: false });
    const after = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 10_000);
    expect(after.diagnostics).toEqual([]);
    const stats = await client.request<Stats>('promptLint/stats', {});
    expect(stats.provisionalRuns).toBe(1);
    expect(stats.provisionalRedone).toBe(1);
    // later lints wait for the document's own settings: an edit stays unlinted (disabled)
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# Edited\n' }]);
    const edited = await client.current(uri);
    expect(edited).toEqual([]);
  });

  it('the client’s first didChangeConfiguration, repeating those settings, does not lint again; a later one does', async () => {
    const root = makeWorkspace({ 'CLAUDE.md': CLAUDE });
    const promptLint = { enable: true, debounceMs: 0 };
    const client = await TestClient.start({ root, initializationOptions: { trusted: true, promptLint }, settings: promptLint });
    clients.push(client);
    const uri = await client.open('CLAUDE.md');
    // VS Code's client sends its section right after the document (SyncConfigurationFeature)
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { promptLint } });
    await client.waitForDiagnostics(uri, (p) => duplicates(p.diagnostics) === 1, 10_000);
    // an edit, linted after everything before it (the lints run one at a time, in order)
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# Edited\n' }]);
    await client.current(uri, (d) => duplicates(d) === 1);
    let stats = await client.request<Stats & { staleRuns: number }>('promptLint/stats', {});
    expect({ runs: stats.runs, staleRuns: stats.staleRuns }, 'the open and the edit, nothing thrown away').toEqual({ runs: 2, staleRuns: 0 });

    // a real change later: everything is linted again, on the document's own settings
    client.settings = { enable: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { promptLint: { enable: false } } });
    await client.current(uri, (d) => d.length === 0);
    stats = await client.request<Stats & { staleRuns: number }>('promptLint/stats', {});
    expect(stats.runs).toBe(3);
  });

  it('without settings in initializationOptions the first lint waits for the reply', async () => {
    const held = heldConfiguration();
    const client = await start({ trusted: true }, held);
    const uri = await client.open('CLAUDE.md');
    const diagnostics = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 10_000);
    // once the server has asked (polled: the request comes when the lint starts)
    for (let i = 0; i < 200 && !held.asked.length; i++) await new Promise((r) => setTimeout(r, 25));
    expect(held.asked).toContain(`promptLint@${uri}`);
    expect(client.history.filter((p) => p.uri === uri), 'nothing published before the reply').toHaveLength(0);
    held.release({ enable: true, debounceMs: 0 });
    expect(duplicates((await diagnostics).diagnostics)).toBe(1);
    const stats = await client.request<Stats>('promptLint/stats', {});
    expect(stats.provisionalRuns).toBe(0);
  });
});
