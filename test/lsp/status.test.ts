/**
 * The status notification (issue 13.15): the figures come formatted by the server, in the one
 * money and token format every front uses (checked against the code lens of the same document,
 * another front), and a task member's status carries its task's budget overrun even when the
 * crossing line is in another file. The VS Code client shows those strings and formats nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { StatusParams } from '../../server/src/lsp/protocol.js';
import { makeWorkspace, REPO, TestClient } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

function statusOf(client: TestClient, uri: string): Promise<StatusParams> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = [...client.notifications].reverse().find((n) => n.method === 'promptLint/status' && (n.params as StatusParams).uri === uri);
      if (found) resolve(found.params as StatusParams);
      else if (Date.now() - started > 30_000) reject(new Error(`no status for ${uri}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

describe('promptLint/status', () => {
  it('carries the server’s formatting of tokens and cost, the same as the code lens', async () => {
    // 20,000 calls a day at a few hundred tokens: a cost per day above $1, where formats used to differ ($1234.50 vs $1,234.50)
    const body = Array.from({ length: 40 }, (_, i) => `- Step ${i + 1}: check the invoice number, the amount and the customer's address before replying.`).join('\n');
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ root: true, callsPerDay: 200000, model: 'gpt-4o' }),
      'CLAUDE.md': `# Billing\n\n${body}\n`,
    });
    const client = await TestClient.start({ root });
    clients.push(client);
    const uri = await client.open('CLAUDE.md');
    await client.current(uri);
    const status = await statusOf(client, uri);
    expect(status.display).toBeDefined();
    const lens = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }))[0]!.command!.title;
    // the prompt's lens: "<n> tokens (gpt-4o) · <$> per call · <$> per day"
    expect(lens).toContain(`${status.display!.tokens} (gpt-4o)`);
    expect(lens).toContain(`${status.display!.costPerCall} per call`);
    expect(lens).toContain(`${status.display!.costPerDay} per day`);
    expect(status.display!.costPerDay).toMatch(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
    expect(status.display!.tokens).toBe(`${status.tokens!.toLocaleString('en-US')} tokens`);
  });

  it('a labelled reminder is an Information diagnostic, counted as an info, not a warning', async () => {
    // line 9 (0-based 8) restates line 3's format rule after "REMINDER:"; the rule is set to error
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ root: true, rules: { 'repeated-format-rule': 'error' } }),
      'AGENTS.md': '# Digest bot\n\nReply in plain text only.\n\n## Digest\n\nSummarize the thread in five points.\n\nREMINDER: Do not call tools. Respond with plain text only.\n',
    });
    const client = await TestClient.start({ root });
    clients.push(client);
    const uri = await client.open('AGENTS.md');
    const diagnostics = await client.current(uri, (d) => d.length > 0);
    expect(diagnostics.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['repeated-format-rule', 3, 8]]);
    const status = await statusOf(client, uri);
    expect(status).toMatchObject({ state: 'ok', errors: 0, warnings: 0, infos: 1 });
  });

  it('tells a task member about its task’s budget overrun found in another file', async () => {
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 'support', files: ['a.md', 'b.md'], maxTokens: 40 }] }),
      'a.md': '# A\n\n- Answer the customer in their own language.\n',
      'b.md': '# B\n\n- Quote the order number in every reply to the customer.\n- Offer a refund only after checking the delivery status with the carrier.\n- Escalate disputes over 100 dollars to a human agent.\n',
    });
    const client = await TestClient.start({ root });
    clients.push(client);
    const a = await client.open('a.md');
    await client.current(a);
    const status = await statusOf(client, a);
    expect(status.taskBudgets).toEqual([
      expect.objectContaining({ task: 'support', severity: 'error', uri: client.uri('b.md'), message: expect.stringMatching(/support/) }),
    ]);
    // the crossing line is in b.md, not in a.md
    expect(status.taskBudgets![0]!.line).toBeGreaterThan(1);
  });
});

describe('the VS Code client formats no numbers itself', () => {
  it('has no money or count formatter of its own', () => {
    const dir = path.join(REPO, 'client/src');
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      expect(text, name).not.toMatch(/toFixed|toLocaleString|toPrecision|Intl\.NumberFormat/);
    }
  });
});
