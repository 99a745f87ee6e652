/**
 * The extension in a real VS Code (code-server's extension host), against the bundled server:
 * manifest, activation and document selection, diagnostics, status bar, token report, code
 * actions, the three commands and each setting.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  EXTENSION_ID,
  api,
  codeActionTitles,
  codeOf,
  diagnosticsWith,
  noDiagnostic,
  ours,
  setSetting,
  setText,
  show,
  sleep,
  until,
  wsFile,
} from './helpers';
import { WORKSPACE_PROMPT_FILES } from '../src/selector';

const CLAUDE = 'CLAUDE.md';
const README = 'README.md';
const MDC = '.cursor/rules/style.mdc';
const YAML_PROMPT = 'prompts/support.prompt.yml';
const FIXABLE = 'prompts/fixable.prompt.md';
const BROKEN_YAML = 'name: Support triage\nmessages:\n  - role: system\n    content: "unclosed\n  bad: [\n';

interface PackageJson {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { default: unknown; description?: string; markdownDescription?: string }> };
    languages: { id: string; extensions?: string[]; filenames?: string[]; configuration?: string }[];
    jsonValidation: { fileMatch: string[]; url: string }[];
    yamlValidation: { fileMatch: string[]; url: string }[];
  };
  capabilities: { untrustedWorkspaces: { supported: string } };
}

/** Whether the bundled engine (dist/engine.js) registers a rule (rules land while the client is tested). */
function ruleInBundle(id: string): boolean {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  return new RegExp(`id:\\s*"${id}"`).test(fs.readFileSync(path.join(ext.extensionPath, 'dist', 'engine.js'), 'utf8'));
}

describe('prompt-lint extension', function () {
  this.timeout(60000);
  const pkg = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as PackageJson;

  describe('manifest and activation', () => {
    // first: no document is open yet in this window
    it('starts its server in a workspace with prompt files before any prompt file is opened (issue 13.16)', async () => {
      assert.deepStrictEqual(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath), []);
      const lint = await api();
      await until('the server to start with no prompt file open', () => lint.isRunning());
      assert.strictEqual(lint.timings().promptOpened, undefined);
      assert.ok(lint.timings().startRequested !== undefined);
    });

    it('activates in a workspace with any of the files that make it start its server', () => {
      const events = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[] }).activationEvents;
      for (const name of WORKSPACE_PROMPT_FILES.filter((n) => !n.startsWith('.promptlintrc'))) assert.ok(events.includes(`workspaceContains:${name}`), `workspaceContains:${name}`);
      assert.ok(events.includes('workspaceContains:**/.promptlintrc.{json,yaml,yml}'));
    });

    it('contributes and registers the three commands', async () => {
      await api();
      const contributed = pkg().contributes.commands.map((c) => c.command).sort();
      assert.deepStrictEqual(contributed, ['promptLint.fixAll', 'promptLint.refreshContext', 'promptLint.restartServer', 'promptLint.showTokenReport']);
      const registered = await vscode.commands.getCommands(true);
      for (const id of contributed) assert.ok(registered.includes(id), `${id} is registered`);
    });

    it('contributes every setting with a description and the documented defaults', () => {
      const props = pkg().contributes.configuration.properties;
      for (const [key, p] of Object.entries(props)) assert.ok(p.description || p.markdownDescription, `${key} has a description`);
      const config = vscode.workspace.getConfiguration('promptLint');
      assert.strictEqual(config.get('enable'), true);
      assert.strictEqual(config.get('model'), '');
      assert.strictEqual(config.get('run'), 'onType');
      assert.strictEqual(config.get('debounceMs'), 150);
      assert.strictEqual(config.inspect('trace.server')?.defaultValue, 'off');
    });

    it('supports untrusted workspaces in limited mode', () => {
      assert.strictEqual(pkg().capabilities.untrustedWorkspaces.supported, 'limited');
    });

    it('registers the config schema for .promptlintrc.json and .promptlintrc.yaml/.yml', async () => {
      const { jsonValidation, yamlValidation } = pkg().contributes;
      assert.deepStrictEqual(jsonValidation[0].fileMatch, ['.promptlintrc.json']);
      assert.deepStrictEqual(yamlValidation[0].fileMatch, ['.promptlintrc.yaml', '.promptlintrc.yml']);
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const schema = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, jsonValidation[0].url))).toString());
      assert.strictEqual(schema.title, 'prompt-lint configuration');
    });

    it('gives .mdc and .cursorrules its own `prompt-lint` language, and leaves .md files Markdown', async () => {
      await vscode.workspace.fs.writeFile(wsFile('.cursorrules'), Buffer.from('Always answer in English.\n'));
      assert.strictEqual((await vscode.workspace.openTextDocument(wsFile(MDC))).languageId, 'prompt-lint');
      assert.strictEqual((await vscode.workspace.openTextDocument(wsFile('.cursorrules'))).languageId, 'prompt-lint');
      assert.strictEqual((await vscode.workspace.openTextDocument(wsFile(CLAUDE))).languageId, 'markdown');
      assert.strictEqual((await vscode.workspace.openTextDocument(wsFile(README))).languageId, 'markdown');
    });
  });

  describe('diagnostics and token counts', () => {
    it('lints CLAUDE.md: a token-budget diagnostic with the rule id and its docs link', async () => {
      await show(CLAUDE);
      const [d] = await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
      assert.match(d.message, /budget/);
      assert.ok(typeof d.code === 'object' && /token-budget/.test(String(d.code.target)), 'code links to the rule docs');
    });

    it('shows tokens, model, budget and cost for the active prompt in the status bar', async () => {
      const lint = await api();
      await show(CLAUDE);
      const status = await until('a promptLint/status for CLAUDE.md', () => lint.status(wsFile(CLAUDE))?.tokens !== undefined && lint.status(wsFile(CLAUDE)));
      assert.ok(status.tokens! > 60, `tokens: ${status.tokens}`);
      assert.strictEqual(status.model, 'gpt-4o');
      assert.ok(status.budgetPercent! > 100, `budget: ${status.budgetPercent}%`);
      const bar = await until('the status bar item', () => lint.statusBar().visible && lint.statusBar());
      assert.match(bar.text, /\d[\d,]* tokens · gpt-4o · \d+% of budget · \$[\d.]+\/call/);
    });

    it('leaves an ordinary README.md alone: no diagnostics, no status bar item', async () => {
      const lint = await api();
      await show(README);
      await sleep(1500);
      assert.deepStrictEqual(ours(wsFile(README)), []);
      assert.strictEqual(lint.status(wsFile(README)), undefined);
      assert.strictEqual(lint.statusBar().visible, false);
    });

    it('lints a file of the contributed `prompt-lint` language (.cursor/rules/*.mdc)', async () => {
      const lint = await api();
      await show(MDC);
      const status = await until('a promptLint/status for the .mdc file', () => lint.status(wsFile(MDC))?.tokens !== undefined && lint.status(wsFile(MDC)));
      assert.ok(status.tokens! > 0);
    });
  });

  describe("other tools' prompt files (issue 13: no foreign validator runs on them)", () => {
    // Each has a filler phrase (ours, a warning) and front matter that VS Code's prompt-file checker
    // rejects when it sees the file as its `prompt` language ("Unknown metadata record 'globs'", …).
    const FILES: Record<string, string> = {
      '.cursor/rules/billing.mdc': '---\ndescription: Billing service rules\nglobs: src/billing/**/*.ts\nalwaysApply: false\n---\n\n# Billing\n\n- Please make sure to use integer cents for money.\n- Keep functions under 40 lines.\n- Name money fields `amountCents`.\n- Never round in the middle of a calculation.\n- Log refunds with the ticket id.\n',
      'prompts/triage.prompty': '---\nname: Triage\ndescription: Triage a support ticket\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nYou are a support triage assistant.\n\n- Please make sure to label the ticket.\n\nuser:\n{{ticket}}\n',
      '.cursorrules': '- Please make sure to answer in English.\n- Keep answers short.\n',
      '.github/prompts/review.prompt.md': '---\nmode: agent\ndescription: Review a pull request\n---\n\n# Review\n\n- Please make sure to check the tests first.\n- List the risky changes.\n',
    };

    it('a .mdc, a .prompty and a .cursorrules open with no diagnostics but ours; a *.prompt.md keeps VS Code\'s language and gets ours', async () => {
      await api();
      const languages: Record<string, string> = {};
      for (const [rel, text] of Object.entries(FILES)) {
        await vscode.workspace.fs.writeFile(wsFile(rel), Buffer.from(text));
        languages[rel] = (await show(rel)).document.languageId;
        await diagnosticsWith(wsFile(rel), 'filler-phrase');
      }
      // Other validators run on open and on change: give them time to report.
      await sleep(3000);
      // *.prompt.md is VS Code's own `prompt` language (Copilot prompt files): its checker is VS
      // Code's business there, and VS Code 1.100.3's reports "Unexpected token" on valid front
      // matter by itself in some runs. We only check that we leave its language alone.
      assert.strictEqual(languages['.github/prompts/review.prompt.md'], 'prompt');
      const foreign = Object.keys(FILES).filter((rel) => !rel.endsWith('.prompt.md')).flatMap((rel) =>
        vscode.languages
          .getDiagnostics(wsFile(rel))
          .filter((d) => d.source !== 'prompt-lint')
          .map((d) => `${rel}:${d.range.start.line + 1} [${languages[rel]}] ${d.source ?? '(no source)'}: ${d.message}`),
      );
      assert.deepStrictEqual(foreign, [], 'diagnostics not from prompt-lint');
      for (const rel of Object.keys(FILES)) if (!rel.endsWith('.prompt.md')) assert.strictEqual(languages[rel], 'prompt-lint', `${rel}: language`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  describe('outline', () => {
    const names = (symbols: vscode.DocumentSymbol[]): string[] => symbols.flatMap((s) => [s.name, ...names(s.children ?? [])]);
    it("a Markdown prompt has one outline (VS Code's), not a second tree of the same headings from prompt-lint", async () => {
      await show(CLAUDE);
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
      const symbols = await until('the outline of CLAUDE.md', async () => {
        const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', wsFile(CLAUDE));
        return found?.length ? found : undefined;
      });
      const all = names(symbols);
      assert.ok(all.length > 0);
      assert.deepStrictEqual(all.filter((n, i) => all.indexOf(n) !== i), [], `each heading once: ${all.join(', ')}`);
    });

    it('a file of the prompt-lint language keeps our outline (no other provider has one)', async () => {
      await show(MDC);
      const symbols = await until('the outline of the .mdc file', async () => {
        const found = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', wsFile(MDC));
        return found?.length ? found : undefined;
      });
      assert.ok(names(symbols).includes('Style'), names(symbols).join(', '));
    });
  });

  describe('commands', () => {
    it('promptLint.showTokenReport opens the per-section report of the active prompt', async () => {
      await show(CLAUDE);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('promptLint.showTokenReport');
      assert.ok(uri, 'returns the report URI');
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      for (const section of ['Code style', 'Testing', 'Boundaries']) assert.ok(text.includes(section), `report lists ${section}:\n${text}`);
    });

    it('offers "Disable token-budget for the entire file" (a budget is about the whole file, not a line) as a quick fix', async () => {
      const [d] = await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
      const titles = await codeActionTitles(wsFile(CLAUDE), d.range, /Disable token-budget for the entire file/);
      assert.ok(!titles.some((t) => /Disable token-budget for this (line|prompt)/.test(t)), `no disable for a line: ${JSON.stringify(titles)}`);
    });

    it('promptLint.fixAll applies nothing when no finding has a fix', async () => {
      const editor = await show(CLAUDE);
      const before = editor.document.getText();
      const changed = await vscode.commands.executeCommand<boolean>('promptLint.fixAll');
      assert.strictEqual(changed, false);
      assert.strictEqual(editor.document.getText(), before);
    });

    it('promptLint.fixAll applies every fix of the active prompt, through the server', async function () {
      if (!ruleInBundle('filler-phrase')) this.skip();
      await vscode.workspace.fs.writeFile(wsFile(FIXABLE), Buffer.from('# Triage\n\nPlease make sure to answer in English.\n\nRead the message in order to pick a label.\n'));
      const editor = await show(FIXABLE);
      const found = await until('two filler-phrase diagnostics', () => ours(editor.document.uri).filter((d) => codeOf(d) === 'filler-phrase').length === 2);
      assert.ok(found);
      const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
      const sourceActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, all, 'source.fixAll.promptLint');
      assert.deepStrictEqual(sourceActions.map((a) => a.title), ['Fix all prompt-lint problems']);
      const changed = await vscode.commands.executeCommand<boolean>('promptLint.fixAll');
      assert.strictEqual(changed, true);
      assert.strictEqual(editor.document.getText(), '# Triage\n\nAnswer in English.\n\nRead the message to pick a label.\n');
      await noDiagnostic(editor.document.uri, 'filler-phrase');
      await editor.document.save();
    });

    it('promptLint.restartServer restarts the server, which lints the open prompts again', async () => {
      const lint = await api();
      await vscode.commands.executeCommand('promptLint.restartServer');
      assert.ok(lint.isRunning());
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
    });
  });

  describe('settings', () => {
    afterEach(async () => {
      for (const key of ['enable', 'model', 'run', 'debounceMs']) await setSetting(key, undefined);
    });

    it('promptLint.model counts and prices with another model', async () => {
      const lint = await api();
      await show(CLAUDE);
      await setSetting('model', 'gpt-4');
      const status = await until('a status with model gpt-4', () => lint.status(wsFile(CLAUDE))?.model === 'gpt-4' && lint.status(wsFile(CLAUDE)));
      assert.ok(status.tokens! > 0);
      await setSetting('model', undefined);
      await until('the configured model again', () => lint.status(wsFile(CLAUDE))?.model === 'gpt-4o');
    });

    it('promptLint.enable: false silences a file; true brings its diagnostics back', async () => {
      const lint = await api();
      await show(CLAUDE);
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
      await setSetting('enable', false);
      await noDiagnostic(wsFile(CLAUDE), 'token-budget');
      await until('the status bar item hidden', () => !lint.statusBar().visible);
      assert.strictEqual(lint.status(wsFile(CLAUDE))?.state, 'disabled');
      await setSetting('enable', true);
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
    });

    it('promptLint.run: onType lints while typing, before any save', async () => {
      const editor = await show(YAML_PROMPT);
      const original = editor.document.getText();
      await noDiagnostic(editor.document.uri, 'parse-error');
      await setText(editor, BROKEN_YAML);
      await diagnosticsWith(editor.document.uri, 'parse-error');
      await setText(editor, original);
      await noDiagnostic(editor.document.uri, 'parse-error');
      await editor.document.save();
    });

    it('promptLint.run: onSave lints only when the file is saved', async () => {
      // code-server saves 1 s after an edit (files.autoSave: afterDelay), which would lint.
      const files = vscode.workspace.getConfiguration('files');
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
      await setSetting('run', 'onSave');
      const editor = await show(YAML_PROMPT);
      const original = editor.document.getText();
      try {
        await sleep(500);
        await setText(editor, BROKEN_YAML);
        // VS Code asks for symbols and code lenses meanwhile: they must not bring diagnostics.
        await sleep(1500);
        assert.deepStrictEqual(ours(editor.document.uri).map(codeOf), [], 'nothing before the save');
        await editor.document.save();
        await diagnosticsWith(editor.document.uri, 'parse-error');
      } finally {
        await setText(editor, original);
        await editor.document.save();
        await files.update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await noDiagnostic(editor.document.uri, 'parse-error');
    });

    it('promptLint.debounceMs delays linting after the last edit, auto save or not', async () => {
      await setSetting('debounceMs', 2500);
      const editor = await show(YAML_PROMPT);
      const original = editor.document.getText();
      try {
        await sleep(500);
        const t0 = Date.now();
        await setText(editor, BROKEN_YAML);
        // VS Code asks for symbols and code lenses meanwhile, and code-server saves after 1 s:
        // neither brings diagnostics before the debounce is over.
        await sleep(1500);
        assert.deepStrictEqual(ours(editor.document.uri).map(codeOf), [], 'nothing within the debounce time');
        await diagnosticsWith(editor.document.uri, 'parse-error');
        assert.ok(Date.now() - t0 >= 2000, `linted after ${Date.now() - t0} ms`);
      } finally {
        await setSetting('debounceMs', undefined);
        await setText(editor, original);
        await editor.document.save();
      }
      await noDiagnostic(editor.document.uri, 'parse-error');
    });
  });

  describe('configuration files', () => {
    it('re-lints open prompts when .promptlintrc.json changes', async () => {
      await show(CLAUDE);
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
      const configUri = wsFile('.promptlintrc.json');
      const original = Buffer.from(await vscode.workspace.fs.readFile(configUri)).toString();
      await vscode.workspace.fs.writeFile(configUri, Buffer.from(original.replace('"maxTokens": 60', '"maxTokens": 100000')));
      await noDiagnostic(wsFile(CLAUDE), 'token-budget');
      await vscode.workspace.fs.writeFile(configUri, Buffer.from(original));
      await diagnosticsWith(wsFile(CLAUDE), 'token-budget');
    });

    it('validates .promptlintrc.json against the schema (jsonValidation)', async () => {
      const uri = wsFile('sub/.promptlintrc.json');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "modell": "gpt-4o"\n}\n'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const problems = await until('a schema diagnostic', () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'prompt-lint' && /modell|not allowed/i.test(d.message));
        return found.length ? found : undefined;
      });
      assert.ok(problems.length > 0);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });
  });

  describe('what loads here (issue 16)', () => {
    it('shows, for service/CLAUDE.md, Claude Code loading both CLAUDE.md files and the AGENTS.md it imports, with the import line', async () => {
      const a = await api();
      await show('service/CLAUDE.md');
      await a.ready(true);
      const result = await until('the context view', async () => {
        const r = await a.contextView();
        return r?.agents.length ? r : undefined;
      });
      const claude = result.agents.find((x) => x.agent === 'claude-code');
      assert.ok(claude, `agents: ${result.agents.map((x) => x.agent).join(', ')}`);
      const always = claude.files.filter((f) => f.loading === 'always').map((f) => `${f.path} ${f.kind}`);
      assert.deepStrictEqual(always.filter((f) => !f.startsWith('AGENTS.md')), ['CLAUDE.md ancestor', 'service/CLAUDE.md ancestor']);
      const imported = claude.files.find((f) => f.path === 'AGENTS.md');
      assert.ok(imported && imported.kind === 'import', JSON.stringify(claude.files));
      assert.strictEqual(imported.from?.uri, wsFile('service/CLAUDE.md').toString());
      assert.strictEqual(imported.from?.range.start.line, 2);
      assert.ok(imported.tokens > 10);
      assert.strictEqual(claude.total.tokens, claude.files.filter((f) => f.loading === 'always').reduce((n, f) => n + f.tokens, 0));
    });

    it('shows the chosen agent’s context in the status bar, and a lens on the @import line', async () => {
      const a = await api();
      const editor = await show('service/CLAUDE.md');
      const text = await until('the status bar with the context', () => (/Claude Code: [\d,]+ tokens/.test(a.statusBar().text) ? a.statusBar().text : undefined), 30000);
      assert.match(text, /% of window\)/);
      const lenses = await until('an import lens', async () => {
        const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? [];
        const found = all.filter((l) => l.range.start.line === 2 && /^@AGENTS\.md: [\d,]+ tokens into Claude Code's context/.test(l.command?.title ?? ''));
        return found.length ? found : undefined;
      });
      assert.strictEqual(lenses.length, 1);
    });

    it('shows the use of the agent’s budget instead of the window share when the agents config sets one', async () => {
      const a = await api();
      await show('service/CLAUDE.md');
      const configUri = wsFile('.promptlintrc.json');
      const original = Buffer.from(await vscode.workspace.fs.readFile(configUri)).toString();
      await vscode.workspace.fs.writeFile(configUri, Buffer.from(JSON.stringify({ ...JSON.parse(original), agents: { 'claude-code': { maxTokens: 1000 } } }, null, 2)));
      try {
        const shown = /Claude Code: ~?([\d,]+) tokens \(([\d.]+)% of 1,000 tokens\)/;
        const text = await until('the status bar with the agent budget', () => (shown.test(a.statusBar().text) ? a.statusBar().text : undefined), 30000);
        const [, tokens, percent] = text.match(shown)!;
        assert.strictEqual(Number(percent), Math.round((Number(tokens!.replace(/,/g, '')) / 1000) * 1000) / 10);
      } finally {
        await vscode.workspace.fs.writeFile(configUri, Buffer.from(original));
      }
    });
  });
});
