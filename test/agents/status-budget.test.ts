/**
 * Issue 16 gap 5: with an agent budget in the `agents` config, the status notification (and so the
 * VS Code status bar) reports the use of that budget, not only the share of the model's window.
 * Through a real client over stdio, on a real temporary repository; token counts by js-tiktoken.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import type { StatusParams } from '../../server/src/lsp/protocol.js';
import { makeWorkspace, TestClient } from '../lsp/helpers/client.js';

const enc = new Tiktoken(o200k);
const count = (t: string) => enc.encode(t, [], []).length;
const CLAUDE = '# Project\n\nSee @AGENTS.md for the shared rules.\n\n- Use pnpm for every install.\n';
const AGENTS = '# Shared rules\n\n- Give thorough, detailed explanations.\n';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function statusOf(config: object): Promise<StatusParams> {
  const root = makeWorkspace({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, '.promptlintrc.json': JSON.stringify(config) });
  fs.mkdirSync(path.join(root, '.git'));
  const client = await TestClient.start({ root });
  clients.push(client);
  const uri = await client.open('CLAUDE.md');
  return client.waitForNotification<StatusParams>('promptLint/status', (p) => p.uri === uri && !!p.context);
}

describe('the status context with an agent budget', () => {
  it('says how much of the claude-code budget the context uses (tokens of CLAUDE.md and its import, against maxTokens)', async () => {
    const tokens = count(CLAUDE) + count(AGENTS); // the budget's model (gpt-4o) counts exactly
    const status = await statusOf({ root: true, agents: { 'claude-code': { maxTokens: 50, model: 'gpt-4o' } } });
    expect(status.context).toEqual(expect.objectContaining({ agent: 'claude-code', tokens }));
    const percent = Math.round((tokens / 50) * 1000) / 10;
    expect(status.context!.budget).toEqual({ percent, limit: '50 tokens', severity: percent > 100 ? 'error' : percent >= 80 ? 'warning' : undefined });
  });

  it('has no budget when the agents config sets none', async () => {
    const status = await statusOf({ root: true });
    expect(status.context!.budget).toBeUndefined();
  });
});
