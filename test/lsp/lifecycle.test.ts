/**
 * The language server's lifecycle and robustness (issue 12 item 15), through a real client over
 * stdio: no temp folder left after shutdown, no answers after `shutdown`, one `initialize`, odd
 * workspace URIs and `trusted` values, a broken Content-Length header, and an invalid config open
 * in the editor that keeps its error.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InitializeRequest, ShutdownRequest, ExitNotification } from 'vscode-languageserver-protocol';
import { SERVER_BIN, TestClient, makeWorkspace, writeFile } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function start(root: string, extra: Partial<Parameters<typeof TestClient.start>[0]> = {}): Promise<TestClient> {
  const client = await TestClient.start({ root, ...extra });
  clients.push(client);
  return client;
}

function exited(client: TestClient): Promise<number> {
  return new Promise((resolve) => {
    if (client.exitCode !== null) return resolve(client.exitCode);
    client.child.once('exit', (code) => resolve(code ?? -1));
  });
}

const INVALID = '{ "rules": { "no-such-rule": "error" } }\n';

describe('lifecycle', () => {
  it('leaves no temp folder after shutdown and exit, also once an invalid config was seen', async () => {
    const tmp = makeWorkspace({});
    const root = makeWorkspace({ '.promptlintrc.json': INVALID, 'CLAUDE.md': '# Rules\n\n- Be brief.\n' });
    for (const worker of ['1', '0']) {
      const client = await start(root, { env: { TMPDIR: tmp, PROMPT_LINT_LSP_WORKER: worker } });
      const uri = await client.open('CLAUDE.md');
      // Linted on built-in defaults because of the invalid config: that needs the defaults config file.
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'config-error'));
      await client.connection.sendRequest(ShutdownRequest.type);
      await client.connection.sendNotification(ExitNotification.type);
      expect(await exited(client)).toBe(0);
      expect(fs.readdirSync(tmp), `worker=${worker}`).toEqual([]);
    }
  });

  it('after shutdown, requests get an error (InvalidRequest), not answers; exit then ends the process with 0', async () => {
    const root = makeWorkspace({ 'CLAUDE.md': '# Rules\n\n- Be brief.\n' });
    const client = await start(root);
    const uri = await client.open('CLAUDE.md');
    await client.current(uri);
    await client.connection.sendRequest(ShutdownRequest.type);
    await expect(client.request('textDocument/documentSymbol', { textDocument: { uri } })).rejects.toMatchObject({ code: -32600 });
    await expect(client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32600 });
    await client.connection.sendNotification(ExitNotification.type);
    expect(await exited(client)).toBe(0);
  });

  it('a second initialize is refused', async () => {
    const root = makeWorkspace({});
    const client = await start(root);
    await expect(client.connection.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} })).rejects.toMatchObject({ code: -32600 });
    expect(await client.request('promptLint/stats', {})).toMatchObject({ openDocuments: 0 });
  });
});

describe('initialize parameters', () => {
  it('a malformed non-file workspace URI does not fail initialize; the file: folder still works', async () => {
    const root = makeWorkspace({ 'CLAUDE.md': '# Rules\n\n- Be brief.\n- Be brief.\n' });
    const client = await start(root);
    void client; // the helper's initialize has a good folder; now a second server with bad ones:
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { cwd: root });
    const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-languageserver-protocol/node');
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ debounceMs: 0 })));
    conn.listen();
    try {
      const result = await conn.sendRequest(InitializeRequest.type, {
        processId: null,
        rootUri: 'vscode-vfs://github/%E0%A4%A/repo',
        workspaceFolders: [
          { uri: 'vscode-vfs://github/%E0%A4%A/repo', name: 'bad' },
          { uri: 'file:///%zz', name: 'bad file' },
          { uri: 'file://' + root, name: 'good' },
        ],
        capabilities: {},
      });
      expect(result.capabilities.textDocumentSync).toBeDefined();
    } finally {
      conn.dispose();
      child.kill();
    }
  });

  for (const value of ['false', 0, null, 'no', {}]) {
    it(`trusted: ${JSON.stringify(value)} counts as untrusted (only true, or no value, is trusted)`, async () => {
      const outside = makeWorkspace({ 'base.json': JSON.stringify({ rules: { 'duplicate-instruction': 'off' } }) });
      const root = makeWorkspace({
        '.promptlintrc.json': JSON.stringify({ extends: path.join(outside, 'base.json') }),
        'CLAUDE.md': '# Rules\n\n- Always write tests for new code.\n- Always write tests for new code.\n',
      });
      const client = await start(root, { initializationOptions: { trusted: value } });
      const uri = await client.open('CLAUDE.md');
      // Untrusted: the extends outside the workspace is not loaded, so the duplicate is reported.
      await client.current(uri, (d) => d.some((x) => x.code === 'duplicate-instruction'));
    });
  }
});

describe('transport', () => {
  for (const header of ['Content-Length: abc', 'Content-Length: -5', 'Content-Type: x']) {
    it(`a bad header (${header}) ends the process with an error instead of leaving it alive and mute`, async () => {
      const root = makeWorkspace({});
      const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { cwd: root });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      child.stdin.write(`${header}\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`);
      const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const status = await code;
      clearTimeout(guard);
      expect(status, `still alive after 20 s; stderr: ${stderr}`).not.toBeNull();
      expect(status).not.toBe(0);
      expect(stderr).toMatch(/header|Content-Length/i);
    });
  }
});

describe('an invalid config open in the editor', () => {
  it('keeps its error while prompts are linted and edited, and after it is edited and saved still invalid', async () => {
    const root = makeWorkspace({ '.promptlintrc.json': INVALID, 'CLAUDE.md': '# Rules\n\n- Be brief.\n' });
    const client = await start(root);
    const configUri = await client.open('.promptlintrc.json', undefined, 'json');
    await client.waitForDiagnostics(configUri, (p) => p.diagnostics.length > 0);
    const uri = await client.open('CLAUDE.md');
    await client.current(uri, (d) => d.some((x) => x.code === 'config-error'));
    await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '- Be kind.\n' }]);
    await client.current(uri, (d) => d.some((x) => x.code === 'config-error'));
    // The config document itself is edited (still invalid): its error stays.
    await client.change(configUri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
    writeFile(root, '.promptlintrc.json', ' ' + INVALID);
    await client.save(configUri);
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '- Be calm.\n' }]);
    await client.current(uri, (d) => d.some((x) => x.code === 'config-error'));
    await new Promise((r) => setTimeout(r, 300)); // let any late publication land
    const last = client.diagnostics.get(configUri)!;
    expect(last.diagnostics.map((d) => d.message).join('\n')).toMatch(/no-such-rule/);
    // Never wiped in between: every publication on the config file carries the error.
    const onConfig = client.history.filter((h) => h.uri === configUri).map((h) => h.diagnostics.length);
    expect(onConfig.length).toBeGreaterThan(0);
    expect(onConfig.every((n) => n > 0), JSON.stringify(onConfig)).toBe(true);
  });
});

describe('devices and FIFOs named by the workspace', () => {
  it('a task member /dev/zero and an extends naming a FIFO: the server stays alive, answers and says what is wrong', async () => {
    const root = makeWorkspace({
      '.promptlintrc.json': JSON.stringify({ tasks: [{ name: 'agent', files: ['CLAUDE.md', '/dev/zero'] }] }),
      'CLAUDE.md': '# Rules\n\n- Be brief.\n',
      'sub/CLAUDE.md': '# Sub\n\n- Be kind.\n',
    });
    const mk = spawnSync('mkfifo', [path.join(root, 'sub/pipe.json')]);
    writeFile(root, 'sub/.promptlintrc.json', JSON.stringify({ extends: './pipe.json' }));
    for (const trust of [true, false]) {
      const client = await start(root, { initializationOptions: { trusted: trust } });
      const uri = await client.open('CLAUDE.md');
      const diagnostics = await client.current(uri);
      expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/\/dev\/zero.*not a regular file/);
      if (mk.status === 0) {
        const sub = await client.open('sub/CLAUDE.md');
        const subDiagnostics = await client.current(sub);
        expect(subDiagnostics.some((d) => d.code === 'config-error')).toBe(true);
      }
      expect(await client.request('promptLint/stats', {})).toMatchObject({ openDocuments: mk.status === 0 ? 2 : 1 });
      expect(client.exitCode).toBeNull();
    }
  });
});
