/**
 * The VS Code extension's own bundle (dist/extension.js, client/esbuild.mjs): the module that forks
 * the language server at load (client/src/server-process.ts) runs before the extension host has
 * initialised vscode-languageclient and the rest of the bundle (issue 13.16, ninth pass). The e2e
 * run (test/e2e/vscode.test.ts, e2e/startup.js) shows the fork's time in code-server; this pins the
 * order, which an import added to server-process.ts or moved in extension.ts would undo.
 * Needs client/node_modules (vscode-languageclient): skipped, saying so, without it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../lsp/helpers/client.js';

const hasClientDeps = fs.existsSync(path.join(REPO, 'client', 'node_modules', 'vscode-languageclient'));
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-extension-bundle-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe.skipIf(!hasClientDeps)('the VS Code extension bundle', () => {
  it('forks the server at load before vscode-languageclient is initialised, and server-process.ts imports none of it', () => {
    fs.copyFileSync(path.join(REPO, 'client', 'package.json'), path.join(out, 'package.json'));
    // a development build: unminified, with esbuild's `// file` comments
    const build = spawnSync(process.execPath, [path.join(REPO, 'client', 'esbuild.mjs'), '--outdir', path.join(out, 'dist')], { encoding: 'utf8' });
    expect(build.status, `client/esbuild.mjs failed:\n${build.stdout}${build.stderr}`).toBe(0);
    const bundle = fs.readFileSync(path.join(out, 'dist', 'extension.js'), 'utf8');
    const forkCall = bundle.indexOf('\n  forkAtLoad();');
    expect(forkCall, 'the call of forkAtLoad() in the bundle').toBeGreaterThan(0);
    // the first statement that initialises vscode-languageclient (its CommonJS module, wrapped by esbuild)
    const client = /^var import_\w+ = __toESM\(require_main\d*\(\)\);$/m.exec(bundle);
    expect(client, 'vscode-languageclient initialised at the top level of the bundle').not.toBeNull();
    expect(forkCall).toBeLessThan(client!.index);
    // and nothing it imports initialises it first
    const source = fs.readFileSync(path.join(REPO, 'client', 'src', 'server-process.ts'), 'utf8');
    expect(source).not.toMatch(/from 'vscode-languageclient/);
  }, 120_000);
});

if (!hasClientDeps) console.log('skipped: client/node_modules is not installed (cd client && npm ci)');
