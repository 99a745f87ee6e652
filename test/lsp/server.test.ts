/**
 * The language server driven over stdio by a real LSP client (vscode-languageserver-protocol):
 * open, change, diagnostics, code actions applied, hover, code lens, symbols, config changes,
 * invalid configs, tasks across files, malformed requests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, CodeLens, Diagnostic, DocumentSymbol, Hover, MarkupContent, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { REPO, TestClient, makeWorkspace, workspaceFromFixture, writeFile } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

async function start(root: string, settings?: Record<string, unknown>, documentChanges?: boolean): Promise<TestClient> {
  const client = await TestClient.start({ root, settings, documentChanges });
  clients.push(client);
  return client;
}

function codeActions(client: TestClient, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

/** The single text edit of an action on `uri`, checking it names the document's version. */
function editOf(action: CodeAction, client: TestClient, uri: string) {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  expect(changes, `action "${action.title}" has versioned documentChanges`).toBeDefined();
  const change = changes!.find((c) => c.textDocument.uri === uri)!;
  expect(change.textDocument.version).toBe(client.doc(uri).version);
  return change.edits;
}

/** What the CLI reports for the same file and config: `prompt-lint --format json`. */
function cliMessages(root: string, rel: string): { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string; severity: number }[] {
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin/prompt-lint.js'), '--format', 'json', rel], { cwd: root, encoding: 'utf8' });
  expect(run.stdout, run.stderr).not.toBe('');
  return JSON.parse(run.stdout)[0].messages;
}

describe('language server over stdio', () => {
  it('speaks --node-ipc (VS Code) and lints in process with PROMPT_LINT_LSP_WORKER=0, with the same diagnostics', async () => {
    const root = workspaceFromFixture('budget');
    const viaStdio = await start(root);
    const viaIpc = await TestClient.start({ root, transport: 'ipc', env: { PROMPT_LINT_LSP_WORKER: '0' } });
    clients.push(viaIpc);
    const results = [];
    for (const client of [viaStdio, viaIpc]) {
      const uri = await client.open('prompts/support.md');
      results.push(await client.current(uri, (d) => d.length > 0));
    }
    expect(results[1]).toEqual(results[0]);
    await expect.poll(() => viaIpc.logs.join('\n')).toContain('linting in process');
  });

  it('declares incremental sync, quick fixes, source.fixAll.promptLint, hover, code lens and symbols', async () => {
    const client = await start(workspaceFromFixture('budget'));
    const caps = client.initializeResult.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: expect.arrayContaining(['quickfix', 'source.fixAll.promptLint']) });
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeLensProvider).toBeDefined();
    expect(caps.documentSymbolProvider).toBeTruthy();
    expect(client.initializeResult.serverInfo?.name).toBe('prompt-lint-language-server');
    // config files are watched through dynamic registration
    await expect.poll(() => JSON.stringify(client.registrations)).toContain('.promptlintrc.json');
  });

  it('publishes the CLI findings for a budget violation; a budget is disabled for the file only, and that makes it go away', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const uri = await client.open('prompts/support.md');
    const diagnostics = await client.current(uri, (d) => d.length > 0);
    const budget = diagnostics.filter((d) => d.code === 'token-budget');
    expect(budget).toHaveLength(1);
    expect(budget[0]).toMatchObject({
      source: 'prompt-lint',
      severity: 1,
      codeDescription: { href: expect.stringMatching(/docs\/rules\/token-budget\.md$/) },
      data: { ruleId: 'token-budget', version: 1 },
    });

    // Same findings as the CLI for the same file and config.
    const cli = cliMessages(root, 'prompts/support.md');
    expect(diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.message])).toEqual(
      cli.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.message]),
    );

    const actions = await codeActions(client, uri, budget);
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Disable token-budget for the entire file', 'Show documentation for token-budget']));
    // A budget is about the whole prompt: disabling it for a line would only move it down a line.
    expect(titles.filter((t) => /for this (line|prompt)/.test(t))).toEqual([]);
    const disable = actions.find((a) => a.title === 'Disable token-budget for the entire file')!;
    expect(disable.kind).toBe('quickfix');
    const edits = editOf(disable, client, uri);
    expect(edits[0]!.newText).toBe('<!-- prompt-lint-disable-file token-budget -->\n');
    await client.applyEdits(uri, edits);
    expect(await client.current(uri)).toEqual([]);

    // "Show documentation" asks the client to open the rule's page.
    const show = actions.find((a) => a.title === 'Show documentation for token-budget')!;
    await client.request('workspace/executeCommand', show.command);
    expect(client.shownDocuments).toEqual([expect.stringMatching(/token-budget\.md$/)]);
  });

  it('offers "Disable <rule> for this line" for rules about a line', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const uri = await client.open('prompts/short.md', '# Greeter\n\n<!-- prompt-lint-disable-next-line no-such-rule -->\nSay hello to the customer.\n');
    const diagnostics = (await client.current(uri, (d) => d.some((x) => x.code === 'invalid-directive'))).filter((d) => d.code === 'invalid-directive');
    const titles = (await codeActions(client, uri, diagnostics)).map((a) => a.title);
    expect(titles).toEqual(expect.arrayContaining(['Disable invalid-directive for this line', 'Disable invalid-directive for the entire file']));
  });

  it('disables a rule for the entire file after the frontmatter', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const text = `---\ndescription: repair desk\n---\n${fs.readFileSync(path.join(root, 'prompts/support.md'), 'utf8')}`;
    const uri = await client.open('prompts/support.md', text);
    const diagnostics = (await client.current(uri, (d) => d.length > 0)).filter((d) => d.code === 'token-budget');
    const action = (await codeActions(client, uri, diagnostics)).find((a) => a.title === 'Disable token-budget for the entire file')!;
    const edits = editOf(action, client, uri);
    expect(edits[0]).toMatchObject({ range: { start: { line: 3, character: 0 } }, newText: '<!-- prompt-lint-disable-file token-budget -->\n' });
    await client.applyEdits(uri, edits);
    expect((await client.current(uri)).filter((d) => d.code === 'token-budget')).toEqual([]);
    expect(client.doc(uri).getText().split('\n')[3]).toBe('<!-- prompt-lint-disable-file token-budget -->');
  });

  it('reports invalid YAML (parse-error) and re-lints on incremental changes', async () => {
    const client = await start(workspaceFromFixture('budget'));
    const uri = await client.open('prompts/broken.yaml');
    const diagnostics = await client.current(uri, (d) => d.length > 0);
    expect(diagnostics.map((d) => d.code)).toContain('parse-error');
    // Fix the YAML by replacing line 3 (`user: [unclosed`) with a valid line.
    await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 12 } }, text: 'user: hello' }]);
    expect(client.doc(uri).getText()).toBe('system: |\n  You help with bicycle repairs.\nuser: hello\n');
    expect((await client.current(uri)).filter((d) => d.code === 'parse-error')).toEqual([]);
  });

  it('debounces: a burst of edits is linted once, for the last version', async () => {
    const client = await start(workspaceFromFixture('budget'), { debounceMs: 300 });
    const uri = await client.open('prompts/short.md');
    await client.current(uri);
    const before = client.history.length;
    for (let i = 0; i < 10; i++) {
      await client.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: `Step ${i}. ` }]);
    }
    await client.current(uri);
    await new Promise((r) => setTimeout(r, 400));
    const after = client.history.slice(before).filter((p) => p.uri === uri);
    expect(after.map((p) => p.version)).toEqual([11]);
  });

  it('hover, code lens, symbols and the token report answer for the current text without linting or publishing (debounceMs, run: onSave); a save keeps the debounce', async () => {
    const heading =
      '\n## Opening hours\n\nWe are open from nine to five on weekdays and from ten to two on Saturdays, except on public holidays. ' +
      'Repairs booked before noon are usually ready the next morning; wheels and brakes often within the hour. ' +
      'Mention the address, the phone number and the prices of common repairs when a customer asks when to come by.\n';
    type Stats = { runs: number; tokenViews: number };
    for (const settings of [{ debounceMs: 3000 }, { run: 'onSave' }]) {
      const client = await start(workspaceFromFixture('budget'), settings);
      const uri = await client.open('prompts/short.md');
      expect(await client.current(uri)).toEqual([]);
      const before = await client.request<Stats>('promptLint/stats', {});
      const published = client.history.length;
      // An edit that adds a section and breaks the budget.
      const end = client.doc(uri).positionAt(client.doc(uri).getText().length);
      await client.change(uri, [{ range: { start: end, end }, text: heading }]);
      // An auto save (code-server saves 1 s after an edit) does not cut the debounce short either.
      if (settings.debounceMs) await client.save(uri);
      // What VS Code asks for a few hundred milliseconds after each edit.
      const [symbols, lenses] = await Promise.all([
        client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }),
        client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }),
      ]);
      expect(symbols[0]!.children!.map((s) => s.name), JSON.stringify(settings)).toEqual(['Opening hours']);
      expect(lenses.map((l) => l.range.start.line)).toContain(4);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } });
      expect((hover.contents as MarkupContent).value).toMatch(/## Opening hours\*\*: \d+ tokens/);
      const report = await client.request<{ version: number; markdown: string }>('promptLint/tokenReport', { uri });
      expect(report).toMatchObject({ version: 2, markdown: expect.stringContaining('Opening hours') });
      // Nothing linted, nothing published: the diagnostics wait for the debounce (or the save).
      await new Promise((r) => setTimeout(r, 600));
      expect(client.history.slice(published).filter((p) => p.uri === uri)).toEqual([]);
      expect(client.diagnostics.get(uri)?.version).toBe(1);
      const after = await client.request<Stats>('promptLint/stats', {});
      expect(after.runs).toBe(before.runs);
      expect(after.tokenViews).toBe(before.tokenViews + 1);
      if (settings.run === 'onSave') await client.save(uri);
      expect((await client.current(uri, (d) => d.length > 0, 10_000)).map((d) => d.code)).toContain('token-budget');
    }
  });

  it('run: onSave lints on save only', async () => {
    const client = await start(workspaceFromFixture('budget'), { run: 'onSave' });
    const uri = await client.open('prompts/short.md');
    expect(await client.current(uri)).toEqual([]);
    const long = ' Mention the opening hours, the prices of common repairs and the address.'.repeat(6);
    await client.change(uri, [{ range: { start: { line: 2, character: 26 }, end: { line: 2, character: 26 } }, text: long }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.diagnostics.get(uri)?.version).toBe(1);
    await client.save(uri);
    expect((await client.current(uri, (d) => d.length > 0)).map((d) => d.code)).toContain('token-budget');
  });

  it('hover on a heading shows the section tokens, share and cost; code lenses and symbols carry counts', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const uri = await client.open('prompts/support.md');
    await client.current(uri, (d) => d.length > 0);

    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 3 } });
    const value = (hover.contents as MarkupContent).value;
    expect(value).toMatch(/## Tone\*\*: \d+ tokens \(gpt-4o\)/);
    expect(value).toMatch(/\d+(\.\d)?% of the prompt/);
    expect(value).toMatch(/\$[\d.e-]+ per call/);
    expect(value).toMatch(/per day at 10,000 calls/);
    expect(hover.range?.start.line).toBe(4);
    expect(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 3 } })).toBeNull();

    // The section counts are the CLI's `tokens` figures.
    const run = spawnSync(process.execPath, [path.join(REPO, 'bin/prompt-lint.js'), '--format', 'json', 'prompts/support.md'], { cwd: root, encoding: 'utf8' });
    const sections = JSON.parse(run.stdout)[0].tokens.prompts[0].sections as { title: string; tokens: number; line: number }[];
    const tone = sections.find((s) => s.title === 'Tone')!;
    expect(value).toContain(`${tone.tokens} tokens`);

    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const byLine = new Map(lenses.map((l) => [l.range.start.line, l.command?.title ?? '']));
    const total = JSON.parse(run.stdout)[0].tokens.tokens as number;
    // The prompt's lens on its first line; the H1 covering the whole prompt adds nothing there.
    expect(byLine.get(0)).toMatch(new RegExp(`^${total} tokens \\(gpt-4o\\) · \\$[\\d.]+ per call · \\$[\\d.]+ per day$`));
    for (const s of sections.filter((s) => s.depth > 1)) expect(byLine.get(s.line - 1)).toMatch(new RegExp(`^${s.tokens} tokens · \\d+%$`));
    expect(lenses).toHaveLength(1 + sections.filter((s) => s.depth > 1).length);

    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['Support assistant']);
    expect(symbols[0]!.children!.map((s) => [s.name, s.detail])).toEqual([
      ['Tone', expect.stringMatching(/^\d+ tokens · \d+%$/)],
      ['Scope', expect.stringMatching(/^\d+ tokens · \d+%$/)],
    ]);

    const lastStatus = () => client.notifications.filter((n) => n.method === 'promptLint/status').at(-1)?.params as Record<string, number> | undefined;
    await expect.poll(lastStatus).toMatchObject({ uri, state: 'error', errors: 1, model: 'gpt-4o', tokens: JSON.parse(run.stdout)[0].tokens.tokens });
    expect(lastStatus()!.budgetPercent).toBeGreaterThan(100);

    const report = await client.request<{ tokens: number; markdown: string; prompts: { sections: { title: string; depth: number; line: number; tokens: number }[] }[] }>('promptLint/tokenReport', { uri });
    expect(report.tokens).toBe(JSON.parse(run.stdout)[0].tokens.tokens);
    expect(report.markdown).toContain('| ## Tone |');
    // One section type for the CLI and the editor: the report's headings carry the JSON's figures, lines 1-based as there.
    const reported = report.prompts[0]!.sections.filter((s) => s.depth > 1).map((s) => [s.title, s.line, s.tokens]);
    expect(reported).toEqual(sections.filter((s) => s.depth > 1).map((s) => [s.title, s.line, s.tokens]));
    expect(report.markdown).toContain(`| ## Tone | ${tone.line} |`);
    // The H1 covers the whole prompt from its first line: one row for both, not two identical ones.
    expect(report.markdown.match(/\(whole prompt\)/g)).toHaveLength(1);
    expect(report.markdown).not.toContain('| # Support assistant |');
  });

  it('YAML prompts: a symbol per prompt with its sections, lens and hover on the key line', async () => {
    const root = makeWorkspace({ 'prompts/agent.yaml': 'prompts:\n  - system: |\n      # Role\n      You help.\n      ## Rules\n      Be brief.\n' });
    const client = await start(root);
    const uri = await client.open('prompts/agent.yaml');
    await client.current(uri);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([['prompts[0].system', expect.stringMatching(/^\d+ tokens$/)]]);
    expect(symbols[0]!.children!.map((s) => s.name)).toEqual(['Role']);
    expect(symbols[0]!.children![0]!.children!.map((s) => s.name)).toEqual(['Rules']);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.map((l) => [l.range.start.line, l.command?.title])).toEqual([
      [1, expect.stringMatching(/^prompts\[0\]\.system: \d+ tokens \(gpt-4o\) · \$[\d.]+ per call$/)],
      [2, expect.stringMatching(/^\d+ tokens · 100%$/)],
      [4, expect.stringMatching(/^\d+ tokens · \d+%$/)],
    ]);
    const onKey = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } });
    expect((onKey.contents as MarkupContent).value).toMatch(/^\*\*prompt\*\* `prompts\[0\]\.system`: \d+ tokens/);
    const onHeading = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 8 } });
    expect((onHeading.contents as MarkupContent).value).toMatch(/^\*\*# Role\*\*: \d+ tokens/);
  });

  it('re-lints open documents when a config file changes', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const uri = await client.open('prompts/support.md');
    await client.current(uri, (d) => d.some((x) => x.code === 'token-budget'));
    writeFile(root, '.promptlintrc.json', JSON.stringify({ budgets: [{ files: 'prompts/**', maxTokens: 5000 }] }));
    await client.watchedFilesChanged([{ uri: client.uri('.promptlintrc.json'), type: 2 }]);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('an invalid config gets a diagnostic on the config file; the document is linted on defaults; fixing it clears both', async () => {
    const root = workspaceFromFixture('budget');
    const client = await start(root);
    const uri = await client.open('prompts/support.md');
    await client.current(uri, (d) => d.length > 0);
    const configUri = client.uri('.promptlintrc.json');
    writeFile(root, '.promptlintrc.json', '{\n  "model": "gpt-4o",\n  "budgets": [{ "files": "prompts/**", "maxTokens": "many" }]\n}\n');
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    const onConfig = await client.waitForDiagnostics(configUri, (p) => p.diagnostics.length > 0);
    expect(onConfig.diagnostics[0]).toMatchObject({ source: 'prompt-lint', code: 'config-error', severity: 1, range: { start: { line: 2 } } });
    expect(onConfig.diagnostics[0]!.message).toMatch(/maxTokens/);
    const onDoc = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'config-error'));
    expect(onDoc.diagnostics.find((d) => d.code === 'config-error')!.message).toMatch(/built-in defaults/);
    expect(onDoc.diagnostics.some((d) => d.code === 'token-budget')).toBe(false);

    // The server is alive and answers.
    expect(await client.request('promptLint/stats', {})).toMatchObject({ openDocuments: 1 });

    writeFile(root, '.promptlintrc.json', '{ "budgets": [{ "files": "prompts/**", "maxTokens": 60 }] }\n');
    await client.watchedFilesChanged([{ uri: configUri, type: 2 }]);
    await client.waitForDiagnostics(configUri, (p) => p.diagnostics.length === 0);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0]!.code === 'token-budget');
  });

  it('an invalid config is reported even before any prompt is open, when the config file is opened', async () => {
    const root = makeWorkspace({ '.promptlintrc.json': '{ "rules": { "no-such-rule": "error" } }\n', 'prompts/a.md': '# A\n\nHello.\n' });
    const client = await start(root);
    const configUri = await client.open('.promptlintrc.json', undefined, 'json');
    const p = await client.waitForDiagnostics(configUri, (d) => d.diagnostics.length > 0);
    expect(p.diagnostics[0]!.message).toMatch(/no-such-rule/);
  });

  it('lints a task across files when one of them is open; findings in a closed member are published to it', async () => {
    const root = workspaceFromFixture('task');
    const client = await start(root);
    const persona = await client.open('prompts/persona.md');
    const policyUri = client.uri('prompts/policy.md');
    const policy = await client.waitForDiagnostics(policyUri, (p) => p.diagnostics.length > 0);
    expect(policy.diagnostics[0]).toMatchObject({ code: 'token-budget' });
    expect(policy.diagnostics[0]!.message).toMatch(/Task `repair-desk`/);
    expect(await client.current(persona)).toEqual([]);

    // Open the policy and shorten it: the task fits, the finding goes.
    const opened = await client.open('prompts/policy.md');
    await client.current(opened, (d) => d.length > 0);
    await client.change(opened, [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: '' }]);
    expect(await client.current(opened)).toEqual([]);
    // Closing both: nothing stays published for the task.
    await client.close(persona);
    await client.close(opened);
    await client.waitForDiagnostics(policyUri, (p) => p.diagnostics.length === 0);
  });

  it('answers malformed requests with errors and stays alive', async () => {
    const client = await start(workspaceFromFixture('budget'));
    const uri = await client.open('prompts/short.md');
    await client.current(uri);
    await expect(client.request('textDocument/hover', {})).rejects.toMatchObject({ code: -32602 });
    await expect(client.request('textDocument/hover', { textDocument: { uri }, position: { line: -1, character: 'x' } })).rejects.toMatchObject({ code: -32602 });
    await expect(client.request('textDocument/codeAction', { textDocument: { uri } })).rejects.toBeDefined();
    await expect(client.request('promptLint/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    await expect(client.request('workspace/executeCommand', { command: 'promptLint.fixAll', arguments: [42] })).rejects.toMatchObject({ code: -32602 });
    // A message that is not JSON at all.
    const garbage = '{"jsonrpc": "2.0", "id": 99, "method": ';
    client.child.stdin.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(client.exitCode).toBeNull();
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['Greeter']);
  });

  it('in an untrusted workspace (initializationOptions.trusted: false) does not load extends naming a package, and says so on the config file', async () => {
    const files = {
      'node_modules/promptlint-config-strict/package.json': JSON.stringify({ name: 'promptlint-config-strict', main: 'config.json' }),
      'node_modules/promptlint-config-strict/config.json': JSON.stringify({ budgets: [{ files: '**/*.md', maxTokens: 5 }] }),
      'shared/base.json': JSON.stringify({ rules: { 'token-budget': 'warn' } }),
      '.promptlintrc.json': '{\n  "root": true,\n  "extends": ["promptlint-config-strict", "./shared/base.json"]\n}\n',
      'prompts/a.md': '# Greeter\n\nSay hello to the customer and ask how you can help with their bicycle today.\n',
    };
    const trustedClient = await start(makeWorkspace(files));
    const trustedUri = await trustedClient.open('prompts/a.md');
    // Trusted: the package's budget applies, at the severity of the relative extends.
    expect((await trustedClient.current(trustedUri, (d) => d.length > 0)).map((d) => [d.code, d.severity])).toEqual([['token-budget', 2]]);

    const root = makeWorkspace(files);
    const client = await TestClient.start({ root, initializationOptions: { trusted: false } });
    clients.push(client);
    const uri = await client.open('prompts/a.md');
    expect(await client.current(uri)).toEqual([]);
    const onConfig = await client.waitForDiagnostics(client.uri('.promptlintrc.json'), (p) => p.diagnostics.length > 0);
    expect(onConfig.diagnostics).toEqual([
      expect.objectContaining({ code: 'config-warning', severity: 2, range: expect.objectContaining({ start: { line: 2, character: 14 } }) }),
    ]);
    expect(onConfig.diagnostics[0]!.message).toMatch(/extends\[0\]: package "promptlint-config-strict" not loaded: .*untrusted workspace/);
    expect(client.logs.join('\n')).toMatch(/untrusted workspace/);
  });

  it('ignores files that are not prompt files by the config include globs, unless validate is "all"', async () => {
    const root = makeWorkspace({ 'notes/readme.md': '---\ntitle: [unclosed\n---\n# Notes\n\nPlain notes.\n' });
    const client = await start(root);
    const uri = await client.open('notes/readme.md');
    expect(await client.current(uri)).toEqual([]);
    await expect.poll(() => client.notifications.filter((n) => n.method === 'promptLint/status').at(-1)?.params).toMatchObject({
      uri,
      state: 'disabled',
      message: expect.stringContaining('include'),
    });
    client.settings = { debounceMs: 0, validate: 'all' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'parse-error'));
  });
});
