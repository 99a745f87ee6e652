/**
 * The language server as the VS Code extension ships it (issue 13.16): client/esbuild.mjs builds
 * dist/server.js + dist/lsp.js (protocol side) and dist/lint-worker.js + dist/engine.js (engine: in
 * a worker started before `initialize`; with PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1, in the protocol
 * thread for the first lints, then in the lint worker started after the first publish), each loaded through
 * V8's code cache (client/src/load-bundle.ts). A real client over stdio and over IPC (as VS Code
 * starts it). The e2e run (test/e2e/vscode.test.ts) covers the packaged .vsix in code-server; this
 * covers the start-up paths one by one, without code-server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO, TestClient, makeWorkspace, type StartOptions } from '../lsp/helpers/client.js';

let pkg: string;
let server: string;
const clients: TestClient[] = [];

beforeAll(() => {
  // a package folder of its own: dist/ beside a copy of the extension's package.json (its version and root)
  pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-vscode-server-'));
  fs.copyFileSync(path.join(REPO, 'client', 'package.json'), path.join(pkg, 'package.json'));
  const build = spawnSync(process.execPath, [path.join(REPO, 'client', 'esbuild.mjs'), '--production', '--server-only', '--outdir', path.join(pkg, 'dist')], { encoding: 'utf8' });
  expect(build.status, `client/esbuild.mjs failed:\n${build.stdout}${build.stderr}`).toBe(0);
  server = path.join(pkg, 'dist', 'server.js');
}, 120_000);

afterAll(() => fs.rmSync(pkg, { recursive: true, force: true }));

afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop();
});

async function start(root: string, options: Partial<StartOptions> = {}): Promise<TestClient> {
  // no code cache is written unless a test asks (a cache beside the bundle would warm the next tests)
  const env = { PROMPT_LINT_CODE_CACHE: path.join(pkg, 'code-cache'), PROMPT_LINT_CODE_CACHE_DELAY_MS: '3600000', ...options.env };
  const client = await TestClient.start({ root, server, ...options, env });
  clients.push(client);
  return client;
}

/** The server's start-up line (lint-backend.ts), once the first lint was answered. */
async function startupLine(client: TestClient): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const line = client.logs.find((l) => l.startsWith('start-up ('));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no start-up line in the log:\n${client.logs.join('\n')}`);
}

/** Asks for stats until `accept` holds. */
async function statsWhen(client: TestClient, accept: (s: { lintThread?: string; inProcessLints?: number }) => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (accept(await client.request('promptLint/stats', {}))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('stats never matched');
}

const DUPLICATE = '# Rules\n\n- Always write tests for new code.\n- Always write tests for new code.\n';

describe('the VS Code extension’s bundled server', () => {
  it('keeps the engine out of the protocol bundle: the rules are in dist/engine.js only', () => {
    const lsp = fs.readFileSync(path.join(pkg, 'dist', 'lsp.js'), 'utf8');
    const engine = fs.readFileSync(path.join(pkg, 'dist', 'engine.js'), 'utf8');
    for (const id of ['duplicate-instruction', 'token-budget']) {
      expect(engine).toMatch(new RegExp(`id:\\s*"${id}"`));
      expect(lsp).not.toMatch(new RegExp(`id:\\s*"${id}"`));
    }
    // the protocol side reaches the engine only through the worker bundle's entry
    expect(lsp).toContain('"./lint-worker.js"');
    expect(lsp).not.toMatch(/import\(\s*"\.\/lint-(host|worker)\.js"\s*\)/);
  });

  for (const transport of ['stdio', 'ipc'] as const) {
    it(`with PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1, lints its first document in the protocol thread over ${transport}, then in its worker; both get the workspace's trust: trusted loads an extends outside the workspace, untrusted does not`, async () => {
      const outside = makeWorkspace({ 'base.json': JSON.stringify({ rules: { 'duplicate-instruction': 'off' } }) });
      const root = makeWorkspace({ '.promptlintrc.json': JSON.stringify({ extends: path.join(outside, 'base.json') }), 'CLAUDE.md': DUPLICATE });
      const trusted = await start(root, { transport, initializationOptions: { trusted: true }, env: { PROMPT_LINT_FIRST_LINTS_IN_PROCESS: '1' } });
      const uri = await trusted.open('CLAUDE.md');
      const diagnostics = await trusted.current(uri);
      expect(diagnostics.map((d) => d.code)).not.toContain('duplicate-instruction');
      expect(trusted.logs.join('\n')).toMatch(/linting in a worker thread/);
      // one thread until the first diagnostics: the protocol thread loaded the engine and answered the first lint
      expect(await startupLine(trusted)).toMatch(/^start-up \(ms since the server process started\): (listening \d+, )?initialize \d+, .*engine loaded \d+.*first lint answered \d+; CPU time \d+ ms; /);
      expect(await startupLine(trusted)).not.toContain('lint worker loaded');
      // the worker takes over once it has loaded, with the same trust
      await statsWhen(trusted, (s) => s.lintThread === 'worker' && s.inProcessLints === 1);
      await trusted.change(uri, [{ text: `${DUPLICATE}- Always write tests for new code.\n` }]);
      expect((await trusted.current(uri)).map((d) => d.code)).not.toContain('duplicate-instruction');

      const untrusted = await start(root, { transport, initializationOptions: { trusted: false }, env: { PROMPT_LINT_FIRST_LINTS_IN_PROCESS: '1' } });
      const uri2 = await untrusted.open('CLAUDE.md');
      await untrusted.current(uri2, (d) => d.some((x) => x.code === 'duplicate-instruction'));
      await statsWhen(untrusted, (s) => s.lintThread === 'worker');
      await untrusted.change(uri2, [{ text: `${DUPLICATE}- Always write tests for new code.\n` }]);
      expect((await untrusted.current(uri2, (d) => d.filter((x) => x.code === 'duplicate-instruction').length === 2)).length).toBeGreaterThanOrEqual(2);
    });
  }

  it('by default, lints in its prestarted worker from the first document on, with the workspace\'s trust', async () => {
    const outside = makeWorkspace({ 'base.json': JSON.stringify({ rules: { 'duplicate-instruction': 'off' } }) });
    const root = makeWorkspace({ '.promptlintrc.json': JSON.stringify({ extends: path.join(outside, 'base.json') }), 'CLAUDE.md': DUPLICATE });
    const env = {};
    const trusted = await start(root, { transport: 'ipc', initializationOptions: { trusted: true }, env });
    const uri = await trusted.open('CLAUDE.md');
    expect((await trusted.current(uri)).map((d) => d.code)).not.toContain('duplicate-instruction');
    // the worker was started before initialize: its engine was loaded before the first lint was answered
    expect(await startupLine(trusted)).toMatch(/^start-up \(ms since the server process started\): (listening \d+, )?initialize \d+, .*lint worker loaded \d+.*first lint answered \d+; CPU time \d+ ms; /);
    expect((await trusted.request<{ inProcessLints?: number }>('promptLint/stats', {})).inProcessLints).toBeUndefined();

    const untrusted = await start(root, { transport: 'ipc', initializationOptions: { trusted: false }, env });
    const uri2 = await untrusted.open('CLAUDE.md');
    await untrusted.current(uri2, (d) => d.some((x) => x.code === 'duplicate-instruction'));
  });

  it('skips its warm-up when a prompt file is open before the worker has loaded (the first lint loads the same); the start-up line gives each thread\'s CPU time', async () => {
    // not prestarted: the worker starts at `initialize`, and its engine loads long after the
    // client's didOpen, which follows the answer to `initialize` at once
    const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
    const client = await start(root, { env: { PROMPT_LINT_PRESTART: '0' } });
    const uri = await client.open('CLAUDE.md');
    const diagnostics = await client.current(uri, (d) => d.length > 0);
    expect(diagnostics.map((d) => d.code)).toContain('duplicate-instruction');
    const line = await startupLine(client);
    expect(line).toMatch(/lint worker loaded \d+, .*first lint answered \d+/);
    // the warm-up would have run first and held the lint back (every start did before)
    expect(line).not.toContain('warm-up done');
    if (process.platform === 'linux') expect(line).toMatch(/; thread CPU ms: protocol initialize \d+, .*worker loaded \d+, .*worker first lint answered \d+/);
  });

  describe('pre-lint: the open prompt files given at the fork (PROMPT_LINT_PRELINT, the extension started as its bundle loads)', () => {
    const payload = (root: string, text: string, trusted = true) =>
      JSON.stringify({ folders: [pathToFileURL(root).href], trusted, settings: {}, docs: [{ uri: pathToFileURL(path.join(root, 'CLAUDE.md')).href, languageId: 'markdown', version: 1, text }] });

    it('answers the first lint of the same text, settings, folders and trust with the pre-lint', async () => {
      const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
      const client = await start(root, { transport: 'ipc', initializationOptions: { trusted: true, promptLint: {} }, env: { PROMPT_LINT_PRELINT: payload(root, DUPLICATE) } });
      const uri = await client.open('CLAUDE.md');
      const diagnostics = await client.current(uri, (d) => d.length > 0);
      expect(diagnostics.map((d) => d.code)).toContain('duplicate-instruction');
      const line = await startupLine(client);
      expect(line).toContain('pre-lint: 1 document(s), 1 used');
      expect(line).toMatch(/pre-lint done \d+/);
      // the same findings as a server that was given nothing
      const plain = await start(root, { transport: 'ipc', initializationOptions: { trusted: true, promptLint: {} } });
      const uri2 = await plain.open('CLAUDE.md');
      const expected = await plain.current(uri2, (d) => d.length > 0);
      expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual(expected.map((d) => [d.code, d.range.start.line, d.message]));
      // later edits are linted as usual
      await client.change(uri, [{ text: '# Rules\n\n- Always write tests for new code.\n' }]);
      expect((await client.current(uri, (d) => !d.some((x) => x.code === 'duplicate-instruction'))).map((d) => d.code)).not.toContain('duplicate-instruction');
    });

    it('lints the text the client opens when it differs from the pre-lint\'s (an edit in between)', async () => {
      const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
      const client = await start(root, { transport: 'ipc', initializationOptions: { trusted: true, promptLint: {} }, env: { PROMPT_LINT_PRELINT: payload(root, '# Rules\n\n- Always write tests for new code.\n') } });
      const uri = await client.open('CLAUDE.md');
      expect((await client.current(uri, (d) => d.length > 0)).map((d) => d.code)).toContain('duplicate-instruction');
      expect(await startupLine(client)).toContain('pre-lint: 1 document(s), 0 used');
    });

    it('drops the pre-lint when `initialize` brings another trust (an untrusted window does not load an extends outside the workspace)', async () => {
      const outside = makeWorkspace({ 'base.json': JSON.stringify({ rules: { 'duplicate-instruction': 'off' } }) });
      const root = makeWorkspace({ '.promptlintrc.json': JSON.stringify({ extends: path.join(outside, 'base.json') }), 'CLAUDE.md': DUPLICATE });
      const client = await start(root, { transport: 'ipc', initializationOptions: { trusted: false, promptLint: {} }, env: { PROMPT_LINT_PRELINT: payload(root, DUPLICATE, true) } });
      const uri = await client.open('CLAUDE.md');
      expect((await client.current(uri, (d) => d.length > 0)).map((d) => d.code)).toContain('duplicate-instruction');
      expect(await startupLine(client)).toMatch(/pre-lint: 1 document\(s\), 0 used \(discarded: the workspace folders or trust differ/);
    });

    it('ignores a payload that is not JSON', async () => {
      const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
      const client = await start(root, { transport: 'ipc', initializationOptions: { trusted: true, promptLint: {} }, env: { PROMPT_LINT_PRELINT: '{not json' } });
      const uri = await client.open('CLAUDE.md');
      expect((await client.current(uri, (d) => d.length > 0)).map((d) => d.code)).toContain('duplicate-instruction');
      expect(await startupLine(client)).not.toContain('pre-lint');
    });
  });

  it('at a first start (no token cache yet) its protocol thread indexes the token table for the prestarted worker; the token cache is written after the first lint and read at the next start; the findings are the same every way', async () => {
    const tokenCache = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-token-cache-'));
    const cacheFile = path.join(tokenCache, 'o200k_base.v1.ranks');
    const root = makeWorkspace({ 'CLAUDE.md': `${DUPLICATE}\nPlease make sure to keep every answer short.\n` });
    const run = async (env: Record<string, string>) => {
      const client = await start(root, { env: { PROMPT_LINT_CACHE_DIR: tokenCache, ...env } });
      const uri = await client.open('CLAUDE.md');
      const diagnostics = await client.current(uri, (d) => d.length > 0);
      const line = await startupLine(client);
      // the token cache is written once the first lint was answered (deferred, not before it)
      for (let i = 0; i < 200 && !fs.existsSync(cacheFile); i++) await new Promise((r) => setTimeout(r, 50));
      await client.stop();
      return { findings: diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]), line };
    };
    const shared = await run({});
    // the protocol thread indexes it once it listens, long before the worker has loaded its engine;
    // on a starved machine the worker may get there first and index it itself (share.ts), never twice
    expect(shared.line).toMatch(/token table indexed by (the protocol thread|the lint worker: not begun by the protocol thread)(?:[,;]|$)/);
    // the worker had the table before its first lint was answered
    const marks = Object.fromEntries([...shared.line.matchAll(/(token table ready|first lint answered) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(marks['token table ready']).toBeLessThanOrEqual(marks['first lint answered']!);
    expect(fs.existsSync(cacheFile)).toBe(true);

    const cached = await run({});
    expect(cached.line).toContain('token table from the token cache');
    expect(cached.findings).toEqual(shared.findings);

    fs.rmSync(cacheFile);
    const own = await run({ PROMPT_LINT_SHARE_TOKEN_TABLE: '0' });
    expect(own.line).toMatch(/token table indexed by the lint worker(?:[,;]|$)/);
    expect(own.findings).toEqual(shared.findings);
    // a message that counts tokens (what its fix saves) is among them
    expect(own.findings.some((f) => /\d+ tokens?/.test(String(f[3])))).toBe(true);
    fs.rmSync(tokenCache, { recursive: true, force: true });
  });

  it('lints in process (PROMPT_LINT_LSP_WORKER=0): the protocol thread loads the engine bundle itself', async () => {
    const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
    const client = await start(root, { env: { PROMPT_LINT_LSP_WORKER: '0' } });
    const uri = await client.open('CLAUDE.md');
    await client.current(uri, (d) => d.some((x) => x.code === 'duplicate-instruction'));
    expect(client.logs.join('\n')).toMatch(/linting in process/);
  });

  it('writes V8 code caches once its first lint was answered and loads both bundles from them at the next start; a broken cache is rejected and replaced', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-code-cache-'));
    // written when the first lint was answered (the fallback timer is an hour away here)
    const env = { PROMPT_LINT_CODE_CACHE: cacheDir };
    const root = makeWorkspace({ 'CLAUDE.md': DUPLICATE });
    const caches = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache')).sort();
    const waitForCaches = async () => {
      for (let i = 0; i < 200 && caches().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      return caches();
    };
    const run = async () => {
      const client = await start(root, { env });
      const uri = await client.open('CLAUDE.md');
      const codes = (await client.current(uri, (d) => d.length > 0)).map((d) => d.code);
      const line = await startupLine(client);
      return { client, codes, line };
    };

    const first = await run();
    expect(first.line).toContain('lsp.js compiled (no code cache yet)');
    expect(first.line).toContain('engine.js compiled (no code cache yet)');
    const written = await waitForCaches();
    expect(written).toEqual([expect.stringMatching(/^engine\.[0-9a-f]+-[0-9a-f]+\..*\.v8cache$/), expect.stringMatching(/^lsp\.[0-9a-f]+-[0-9a-f]+\..*\.v8cache$/)]);
    await first.client.stop();

    const second = await run();
    expect(second.line).toContain('lsp.js from the code cache');
    expect(second.line).toContain('engine.js from the code cache');
    expect(second.codes).toEqual(first.codes);
    await second.client.stop();

    for (const f of written) fs.writeFileSync(path.join(cacheDir, f), Buffer.alloc(4096, 7));
    const third = await run();
    expect(third.line).toContain('lsp.js compiled (code cache rejected)');
    expect(third.line).toContain('engine.js compiled (code cache rejected)');
    expect(third.codes).toEqual(first.codes);
    // rewritten: the files are caches again, not the 4 KB of garbage
    for (let i = 0; i < 200 && caches().some((f) => fs.statSync(path.join(cacheDir, f)).size === 4096); i++) await new Promise((r) => setTimeout(r, 50));
    for (const f of caches()) expect(fs.statSync(path.join(cacheDir, f)).size).toBeGreaterThan(4096);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });
});
