/**
 * `promptLint/context` through a real client over stdio: what each coding agent loads for a
 * document, computed over the editor's unsaved buffers, with tokens, bytes and cost per file; the
 * code lens on each `@import` line; the effective context in the status notification. The
 * repository is a real temporary folder with a `.git` directory (the agents' repository root).
 * Expected files, order, reasons and bytes are written by hand from the agents' documented
 * behaviour (docs/agents/): Claude Code reads CLAUDE.md and what it `@`-imports; Codex reads AGENTS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { AGENT_IDS } from '../../server/src/agents/index.js';
import { KNOWN_AGENTS, type ContextResult, type StatusParams } from '../../server/src/lsp/protocol.js';
import { makeWorkspace, TestClient } from './helpers/client.js';

const CLAUDE = '# Project\n\nSee @AGENTS.md for the shared rules.\n\n- Use pnpm for every install.\n- Answer in at most three sentences.\n';
const AGENTS = '# Shared rules\n\n- Use npm for installs.\n- Give thorough, detailed explanations.\n';
const STYLE = '# Style\n\n- Prefer named exports.\n';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function start(): Promise<TestClient> {
  const root = makeWorkspace({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, 'docs/style.md': STYLE });
  fs.mkdirSync(path.join(root, '.git'));
  const client = await TestClient.start({ root });
  clients.push(client);
  return client;
}

describe('promptLint/context', () => {
  it('lists, per agent, the files that load for the document in order, why, with bytes, tokens and cost', async () => {
    const client = await start();
    const uri = await client.open('CLAUDE.md');
    const result = await client.request<ContextResult>('promptLint/context', { uri });
    expect(result.root).toBe(client.root);
    expect(result.agents.map((a) => a.agent)).toEqual(['claude-code', 'codex']);

    const claude = result.agents[0]!;
    expect(claude.name).toBe('Claude Code');
    expect(claude.files.map((f) => [f.path, f.kind, f.loading])).toEqual([
      ['CLAUDE.md', 'ancestor', 'always'],
      ['AGENTS.md', 'import', 'always'],
    ]);
    const [own, imported] = claude.files;
    expect(own!.bytes).toBe(Buffer.byteLength(CLAUDE));
    expect(imported!.bytes).toBe(Buffer.byteLength(AGENTS));
    expect(imported!.detail).toMatch(/CLAUDE\.md:3/);
    // the `@AGENTS.md` token: line 3, column 5 (0-based: 2, 4)
    expect(imported!.from).toEqual({ uri, range: { start: { line: 2, character: 4 }, end: expect.objectContaining({ line: 2 }) } });
    for (const f of claude.files) {
      expect(f.tokens).toBeGreaterThan(5);
      expect(f.tokens).toBeLessThan(f.bytes);
    }
    expect(claude.total.files).toBe(2);
    expect(claude.total.tokens).toBe(own!.tokens + imported!.tokens);
    expect(claude.total.bytes).toBe(Buffer.byteLength(CLAUDE) + Buffer.byteLength(AGENTS));
    expect(imported!.tokensWithImports).toBe(imported!.tokens);
    expect(claude.total.costPerCall).toBeGreaterThan(0);
    expect(claude.display.tokens).toMatch(new RegExp(`^~?${claude.total.tokens} tokens$`));

    const codex = result.agents[1]!;
    expect(codex.files.map((f) => [f.path, f.kind])).toEqual([['AGENTS.md', 'ancestor']]);
    expect(codex.files[0]!.bytes).toBe(Buffer.byteLength(AGENTS));

    // the same count as the token report of AGENTS.md opened on its own (another path: the prompt model's token summary)
    const agentsUri = await client.open('AGENTS.md');
    const report = await client.request<{ tokens: number; model: string }>('promptLint/tokenReport', { uri: agentsUri });
    expect(report.model).toBe(codex.model);
    expect(codex.files[0]!.tokens).toBe(report.tokens);

    // one agent
    const only = await client.request<ContextResult>('promptLint/context', { uri, agent: 'codex' });
    expect(only.agents.map((a) => a.agent)).toEqual(['codex']);
  });

  it('uses unsaved editor buffers: an import typed but not saved loads, with its own imports counted in', async () => {
    const client = await start();
    const uri = await client.open('CLAUDE.md');
    const agentsUri = await client.open('AGENTS.md');
    // not saved: CLAUDE.md now also imports docs/style.md; AGENTS.md imports it as well (one copy loads)
    await client.change(uri, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '- Style: @docs/style.md\n' }]);
    await client.change(agentsUri, [{ text: `${AGENTS}- More: @docs/style.md\n` }]);
    const result = await client.request<ContextResult>('promptLint/context', { uri, agent: 'claude-code' });
    const claude = result.agents[0]!;
    expect(claude.files.map((f) => f.path)).toEqual(['CLAUDE.md', 'AGENTS.md', 'docs/style.md']);
    const agentsEntry = claude.files[1]!;
    const styleEntry = claude.files[2]!;
    expect(agentsEntry.bytes).toBe(Buffer.byteLength(`${AGENTS}- More: @docs/style.md\n`));
    expect(styleEntry.bytes).toBe(Buffer.byteLength(STYLE));
    // docs/style.md is loaded through AGENTS.md (first reached there): AGENTS.md pulls in both
    expect(agentsEntry.tokensWithImports).toBe(agentsEntry.tokens + styleEntry.tokens);
    expect(fs.readFileSync(path.join(client.root, 'CLAUDE.md'), 'utf8')).toBe(CLAUDE);
  });

  it('reports a missing import as a problem with its position, and refuses an unknown agent', async () => {
    const client = await start();
    const uri = await client.open('CLAUDE.md', CLAUDE.replace('@AGENTS.md', '@MISSING.md'));
    const result = await client.request<ContextResult>('promptLint/context', { uri, agent: 'claude-code' });
    expect(result.agents[0]!.problems).toEqual([expect.objectContaining({ kind: 'missing-import', uri, range: expect.objectContaining({ start: { line: 2, character: 4 } }) })]);
    await expect(client.request('promptLint/context', { uri, agent: 'vim' })).rejects.toThrow(/unknown agent "vim"/);
    await expect(client.request('promptLint/context', {})).rejects.toThrow(/expected \{ uri/);
    expect(client.exitCode).toBeNull();
  });

  it('puts a code lens on each @import line with the tokens it pulls in, and the context in the status', async () => {
    const client = await start();
    const uri = await client.open('CLAUDE.md');
    await client.current(uri);
    const context = await client.request<ContextResult>('promptLint/context', { uri, agent: 'claude-code' });
    const imported = context.agents[0]!.files[1]!;
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const onImport = lenses.filter((l) => l.range.start.line === 2);
    expect(onImport.map((l) => l.command?.title)).toEqual([expect.stringMatching(new RegExp(`^@AGENTS\\.md: ~?${imported.tokensWithImports} tokens into Claude Code's context`))]);

    const status = await client.waitForNotification<StatusParams>('promptLint/status', (p) => p.uri === uri && !!p.context);
    expect(status.context).toEqual(expect.objectContaining({ agent: 'claude-code', name: 'Claude Code', files: 2, tokens: context.agents[0]!.total.tokens }));
  });
});

describe('the status context without promptLint.agent', () => {
  it('is the first agent that reads the file: Codex for AGENTS.md, Claude Code for CLAUDE.md; the setting overrides it', async () => {
    const client = await start();
    const statusWith = (uri: string, accept: (s: StatusParams) => boolean) =>
      new Promise<StatusParams>((resolve, reject) => {
        const t0 = Date.now();
        const poll = () => {
          const s = client.notifications.filter((n) => n.method === 'promptLint/status').map((n) => n.params as StatusParams).find((p) => p.uri === uri && p.context && accept(p));
          if (s) resolve(s);
          else if (Date.now() - t0 > 30_000) reject(new Error(`no matching status for ${uri}`));
          else setTimeout(poll, 50);
        };
        poll();
      });
    const agentsUri = await client.open('AGENTS.md');
    expect((await statusWith(agentsUri, () => true)).context).toEqual(expect.objectContaining({ agent: 'codex', name: 'Codex', files: 1 }));
    const claudeUri = await client.open('CLAUDE.md');
    expect((await statusWith(claudeUri, () => true)).context).toEqual(expect.objectContaining({ agent: 'claude-code', files: 2 }));
    client.settings = { ...client.settings, agent: 'claude-code' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    expect((await statusWith(agentsUri, (p) => p.context!.agent === 'claude-code')).context).toEqual(expect.objectContaining({ agent: 'claude-code', files: 2 }));
  });
});

describe('the server’s agent list', () => {
  it('is the resolvers’ list', () => {
    expect([...KNOWN_AGENTS]).toEqual([...AGENT_IDS]);
  });
});
