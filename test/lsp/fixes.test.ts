/**
 * Rule fixes through the protocol: a quick fix per finding, "Fix all" as source.fixAll.promptLint
 * and as the promptLint.fixAll command, related information across the files of a task.
 * Uses duplicate-instruction (fixable: an exact repetition is deleted).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { ruleIds } from '../../rules/index.js';
import { REPO, TestClient, workspaceFromFixture } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function start(): Promise<TestClient> {
  const client = await TestClient.start({ root: workspaceFromFixture('duplicates') });
  clients.push(client);
  return client;
}

describe.skipIf(!ruleIds.has('duplicate-instruction'))('fixes through the protocol (duplicate-instruction)', () => {
  it('offers the rule fix as a preferred quick fix, with related information; applying it clears the finding', async () => {
    const client = await start();
    const uri = await client.open('prompts/desk.md');
    const diagnostics = (await client.current(uri, (d) => d.length > 0)).filter((d) => d.code === 'duplicate-instruction');
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0]!;
    expect(d).toMatchObject({ range: { start: { line: 7, character: 0 } }, data: { fixable: true } });
    expect(d.relatedInformation).toEqual([{ location: { uri, range: expect.objectContaining({ start: { line: 2, character: 0 } }) }, message: expect.any(String) }]);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.isPreferred)!;
    expect(fix).toMatchObject({ kind: 'quickfix', title: expect.stringMatching(/^Fix: Repeats the instruction/) });
    const change = (fix.edit!.documentChanges as TextDocumentEdit[])[0]!;
    expect(change.textDocument).toEqual({ uri, version: 1 });
    await client.applyEdits(uri, change.edits);
    expect(await client.current(uri)).toEqual([]);
    expect(client.doc(uri).getText()).not.toContain('- Always confirm');
  });

  it('answers source.fixAll.promptLint (codeActionsOnSave) with one versioned edit equal to the CLI --fix', async () => {
    const client = await start();
    const uri = await client.open('prompts/desk.md');
    await client.current(uri, (d) => d.length > 0);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['Fix all prompt-lint problems', 'source.fixAll.promptLint']]);
    await client.applyEdits(uri, (actions[0]!.edit!.documentChanges as TextDocumentEdit[])[0]!.edits);
    expect(await client.current(uri)).toEqual([]);
    const cli = spawnSync(process.execPath, [path.join(REPO, 'bin/prompt-lint.js'), '--fix-dry-run', '--format', 'json', 'prompts/desk.md'], { cwd: client.root, encoding: 'utf8' });
    const output = JSON.parse(cli.stdout)[0].output as string;
    expect(output).toContain('# Repair desk');
    expect(client.doc(uri).getText()).toBe(output);
  });

  it('runs the promptLint.fixAll command through workspace/applyEdit', async () => {
    const client = await start();
    const uri = await client.open('prompts/desk.md');
    await client.current(uri, (d) => d.length > 0);
    const answer = await client.request('workspace/executeCommand', { command: 'promptLint.fixAll', arguments: [uri] });
    expect(answer).toEqual({ applied: true });
    await expect.poll(() => client.doc(uri).version).toBe(2);
    expect(await client.current(uri)).toEqual([]);
  });

  it('points related information at the other file of a task', async () => {
    const client = await start();
    const policy = await client.open('support/policy.md');
    const [d] = (await client.current(policy, (ds) => ds.length > 0)).filter((x) => x.code === 'duplicate-instruction');
    expect(d!.range.start.line).toBe(3);
    expect(d!.relatedInformation?.[0]?.location.uri).toBe(client.uri('support/persona.md'));
    expect(d!.relatedInformation?.[0]?.location.range.start.line).toBe(3);
  });
});
