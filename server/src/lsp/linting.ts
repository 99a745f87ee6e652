/**
 * The engine behind the editor: the CLI's run path (engine/run.ts: a document and its tasks, other
 * open documents read from their editors), kept per open document, plus what an
 * editor needs on top: tasks re-linted when any of their open files changes, config errors kept
 * per config file, built-in defaults when a document's config is invalid.
 *
 * It runs in a worker thread (lint-worker.ts) so that a long lint never blocks the protocol; what
 * it answers is plain data (findings, token counts, a DocView), cloned across the boundary.
 *
 * Token views (`tokenView`: hover, code lens, symbols, the token report) parse and count the
 * current text without running rules, so that they never stand in for the debounced lint.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { matchesGlobs } from '../config/globs.js';
import { ConfigLoader, isConfigFileName } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { budgetUsage } from '../engine/budget-usage.js';
import { Engine, type EngineOptions, type LoadedDocument } from '../engine/engine.js';
import type { IncrementalCaches } from '../engine/incremental.js';
import { compareFindings, modelFor } from '../engine/linter.js';
import { findingKey, planRun, runUnit, type TaskOutcome } from '../engine/run.js';
import { summarizeTokens, type FileTokens } from '../engine/token-summary.js';
import type { Finding, Rule } from '../engine/types.js';
import type { PromptDocument } from '../model/types.js';
import { fileKind } from '../parse/detect.js';
import { viewOf, type DocView } from './doc-view.js';
import { contextRoot, effectiveContexts, type ContextQuery } from './effective-context.js';
import type { ContextResult, PromptLintSettings } from './protocol.js';

/** An open document as the server holds it. */
export interface OpenDocument {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  readonly text: string;
}

export interface LintRequest {
  readonly doc: OpenDocument;
  readonly settings: PromptLintSettings;
  /** Config generation on the server's side (bumped with each config change). */
  readonly generation: number;
}

export type ResultStatus = 'linted' | 'skipped' | 'disabled' | 'ignored';

/** A ConfigError as plain data. */
export interface PlainConfigError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly keyPath: string;
  readonly detail: string;
  readonly message: string;
  /** A warning about the file (an `extends` skipped in an untrusted workspace), not an error that makes it unusable. */
  readonly warning?: true;
}

/** The outcome of linting one version of one open document (plain data). */
export interface DocumentResult {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  readonly generation: number;
  readonly status: ResultStatus;
  /** Why the document was not linted, when it was not. */
  readonly message?: string;
  readonly view?: DocView;
  readonly tokens?: FileTokens;
  /** Largest fraction of a matching budget used (1 = at the limit). */
  readonly budget?: number;
  /** The document's config is invalid: this error, and the document was linted on defaults. */
  readonly configError?: PlainConfigError;
  /** Problems resolving a task (a missing file): shown on the document. */
  readonly taskErrors: readonly string[];
  /** Token-budget findings of the tasks the document belongs to (wherever they land). */
  readonly taskBudgets?: readonly { readonly task: string; readonly finding: Finding }[];
  /**
   * Rules whose findings are about the whole file, not a line (tagged `budget`): disabling them
   * for a line would only move the finding, so the editor offers "for this file" only.
   */
  readonly wholeFileRules?: readonly string[];
}

/** Everything reported on some files: [path, findings] pairs (own and task findings, sorted). */
export type PathFindings = readonly (readonly [string, readonly Finding[]])[];

export interface LintOutcome {
  readonly result: DocumentResult;
  /** The linted document's findings and those of every other file a task changed. */
  readonly findings: PathFindings;
  /** Rule failures not logged before (each rule is reported once per session). */
  readonly newRuleErrors: readonly string[];
  readonly configErrors: readonly PlainConfigError[];
}

interface KeptResult {
  readonly result: DocumentResult;
  readonly doc?: PromptDocument;
  readonly engine?: Engine;
  readonly own: readonly Finding[];
}

interface TaskState {
  readonly members: readonly string[];
  /** Task findings by file. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

const MAX_LOGGED = 1000;

const WARM_UP_TEXT = '# Warm-up\n\nYou are a helpful assistant. Please make sure to answer briefly.\n\n- Always cite your sources.\n- Never guess a number.\n- Always cite your sources.\n';

export interface LintServiceOptions {
  /** The workspace folder a file belongs to: the base of include globs when no config applies. */
  readonly rootFor: (filePath: string) => string;
  /** Rules to run instead of the registry (tests). */
  readonly rules?: readonly Rule[];
  /**
   * The workspace is trusted (default). Untrusted (the client's `trusted: false`, VS Code's
   * Restricted Mode): nothing the workspace names is loaded, so `extends` naming a package are not
   * resolved (a warning on the config file says so); config files given by path are still read.
   */
  readonly trusted?: boolean;
  /** Caches every engine of the service keeps across edits (engine/incremental.ts); none by default. */
  readonly incremental?: IncrementalCaches;
}

/** Rules with this tag report on the whole file (see `DocumentResult.wholeFileRules`). */
export const WHOLE_FILE_TAG = 'budget';

export class LintService {
  /** One config loader per workspace root. */
  private readonly loaders = new Map<string, ConfigLoader>();
  private readonly engines = new Map<string, Engine>();
  private readonly defaultEngines = new Map<string, Engine>();
  private defaultsConfigFile: string | undefined;
  /** Open documents as last sent (task members are linted from their editor text). */
  private readonly open = new Map<string, OpenDocument>();
  private readonly results = new Map<string, KeptResult>();
  private readonly tasks = new Map<string, TaskState>();
  /** Invalid config files seen since the last config change. */
  private readonly configErrors = new Map<string, ConfigError>();
  private readonly loggedRuleErrors = new Set<string>();

  constructor(private readonly options: LintServiceOptions) {}

  /** The engine for a file and a `promptLint.model` setting ('' = as configured). */
  engineFor(model: string, filePath: string): Engine {
    const root = this.options.rootFor(filePath);
    const key = `${root}\0${model}`;
    let engine = this.engines.get(key);
    if (!engine) {
      let loader = this.loaders.get(root);
      if (!loader) this.loaders.set(root, (loader = new ConfigLoader({ cwd: root, allowPackageExtends: this.options.trusted ?? true })));
      engine = new Engine({ cwd: root, loader, ...(model ? { model } : {}), ...this.engineExtras() });
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** What every engine of the service shares: the test rules, the caches. */
  private engineExtras(): Pick<EngineOptions, 'rules' | 'incremental'> {
    const { rules, incremental } = this.options;
    return { ...(rules ? { rules } : {}), ...(incremental ? { incremental } : {}) };
  }

  /** An engine on built-in defaults only: an empty `--config` file with `root: true`. */
  private defaultsEngine(model: string, filePath: string): Engine {
    const root = this.options.rootFor(filePath);
    const key = `${root}\0${model}`;
    let engine = this.defaultEngines.get(key);
    if (!engine) {
      if (!this.defaultsConfigFile || !fs.existsSync(this.defaultsConfigFile)) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-lsp-'));
        this.defaultsConfigFile = path.join(dir, '.promptlintrc.json');
        fs.writeFileSync(this.defaultsConfigFile, '{ "root": true }\n');
        const file = this.defaultsConfigFile;
        process.once('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
      }
      engine = new Engine({
        cwd: root,
        configFile: this.defaultsConfigFile,
        ...(model ? { model } : {}),
        ...this.engineExtras(),
      });
      this.defaultEngines.set(key, engine);
    }
    return engine;
  }

  /** Removes what the service wrote to disk (the defaults config's temp folder). */
  dispose(): void {
    if (!this.defaultsConfigFile) return;
    fs.rmSync(path.dirname(this.defaultsConfigFile), { recursive: true, force: true });
    this.defaultsConfigFile = undefined;
    this.defaultEngines.clear();
  }

  get resultCount(): number {
    return this.results.size;
  }

  /** A config file changed, appeared or went away: forget every cached config, re-read `dirs`. */
  configChanged(dirs: readonly string[]): PlainConfigError[] {
    for (const loader of this.loaders.values()) loader.clear();
    this.configErrors.clear();
    for (const dir of new Set(dirs)) this.probeConfig(dir);
    return this.plainConfigErrors();
  }

  /** Reads the config cascade of a directory, recording the error if it is invalid. */
  probeConfig(dir: string): PlainConfigError[] {
    const probe = path.join(dir, '.prompt-lint-probe.md');
    try {
      this.engineFor('', probe).configFor(probe);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.configErrors.set(error.file, error);
    }
    return this.plainConfigErrors();
  }

  private plainConfigErrors(): PlainConfigError[] {
    const out = [...this.configErrors.values()].map(plain);
    for (const loader of this.loaders.values()) for (const skipped of loader.skippedExtends) out.push({ ...plain(skipped), warning: true });
    return out;
  }

  /** Lints one document version and every task it belongs to. */
  async lint(request: LintRequest): Promise<LintOutcome> {
    const { doc: input, settings, generation } = request;
    this.open.set(input.path, input);
    const affected = new Set<string>();
    const newRuleErrors: string[] = [];
    const finish = (kept: KeptResult): LintOutcome => {
      this.results.set(input.uri, kept);
      affected.add(input.path);
      return {
        result: kept.result,
        findings: [...affected].map((p) => [p, this.findingsFor(p)] as const),
        newRuleErrors,
        configErrors: this.plainConfigErrors(),
      };
    };
    const prepared = await this.prepare(request);
    if (prepared.result) {
      this.leaveTasks(input.path, affected);
      return finish({ result: prepared.result, own: [], ...(prepared.engine ? { engine: prepared.engine } : {}) });
    }
    const { engine, loaded, configError } = prepared;
    const taskErrors: string[] = [];
    // a document on defaults (its config is invalid) runs without the config's tasks
    const [unit] = await planRun(engine, [input.path], { tasks: !configError, onTaskError: (error) => taskErrors.push(error.message) });
    const run = runUnit(engine, unit!, {}, { loaded: (file) => (file === input.path ? loaded : this.memberDocument(engine, file)) });
    const report = run.reports[0]!;
    const fromTasks = new Set(run.tasks.flatMap((t) => t.findings));
    this.collectRuleErrors(report.ruleErrors, newRuleErrors);
    const budget = loaded.config.budgets.length ? budgetUsage(loaded.doc, loaded.config) : undefined;
    if (!configError) this.keepTasks(input.path, run.tasks, affected, newRuleErrors);
    return finish({
      result: {
        ...baseResult(request),
        status: 'linted',
        view: viewOf(loaded.doc),
        ...(report.tokens ? { tokens: report.tokens } : {}),
        ...(budget !== undefined ? { budget } : {}),
        ...(configError ? { configError: plain(configError) } : {}),
        taskErrors,
        taskBudgets: run.tasks.flatMap((t) => t.findings.filter((f) => f.ruleId === 'token-budget').map((finding) => ({ task: t.name, finding }))),
        wholeFileRules: wholeFileRules(engine),
      },
      doc: loaded.doc,
      engine,
      own: fromTasks.size ? report.findings.filter((f) => !fromTasks.has(f)) : report.findings,
    });
  }

  /**
   * The structure and token counts of one document version, for hover, code lens, symbols and the
   * token report: parsed and counted, no rule run, nothing kept or published. `status` and
   * `message` say whether the document would be linted, as `lint` would.
   */
  async tokenView(request: LintRequest): Promise<DocumentResult> {
    const prepared = await this.prepare(request);
    if (prepared.result) return prepared.result;
    const { engine, loaded, configError } = prepared;
    const { doc, config } = loaded;
    const budget = config.budgets.length ? budgetUsage(doc, config) : undefined;
    return {
      ...baseResult(request),
      status: 'linted',
      view: viewOf(doc),
      tokens: summarizeTokens(doc, modelFor(config.model, config.prices), config.callsPerDay),
      ...(budget !== undefined ? { budget } : {}),
      ...(configError ? { configError: plain(configError) } : {}),
      wholeFileRules: wholeFileRules(engine),
    };
  }

  /**
   * What `lint` and `tokenView` share: the engine and config for the document (built-in defaults
   * when its config is invalid), whether it is a prompt file at all, and its parse. Either the
   * parsed document, or the result of a document that is not linted.
   */
  private async prepare(
    request: LintRequest,
  ): Promise<
    | { readonly result: DocumentResult; readonly engine?: Engine }
    | { readonly result?: undefined; readonly engine: Engine; readonly loaded: Extract<LoadedDocument, { ok: true }>; readonly configError?: ConfigError }
  > {
    const { doc: input, settings } = request;
    const notLinted = (status: ResultStatus, message: string) => ({ ...baseResult(request), status, message });
    if (!settings.enable) return { result: notLinted('disabled', 'prompt-lint is disabled (promptLint.enable)') };
    if (isConfigFileName(input.path)) return { result: notLinted('ignored', 'a prompt-lint config file') };

    let engine = this.engineFor(settings.model, input.path);
    let config: ResolvedConfig;
    let configError: ConfigError | undefined;
    try {
      config = engine.configFor(input.path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      configError = error;
      this.configErrors.set(error.file, error);
      engine = this.defaultsEngine(settings.model, input.path);
      config = engine.configFor(input.path);
    }

    if (!configError && !isIncluded(input.path, config) && !(await this.namedByTask(engine, input.path))) {
      if (settings.validate === 'included') {
        return { result: notLinted('ignored', 'not a prompt file: it matches no `include` glob of the config (setting promptLint.validate: "all" lints every file)') };
      }
      if (fileKind(input.path) === undefined) return { result: notLinted('ignored', 'prompt-lint does not read this kind of file') };
    }

    const loaded = engine.loadText(input.path, input.text);
    if (!loaded.ok) return { result: notLinted('skipped', loaded.reason), engine };
    return { engine, loaded, ...(configError ? { configError } : {}) };
  }

  /**
   * Keeps the findings of each task the document's run went through (engine/run.ts), per task, so
   * that each task's findings are replaced on their own when any of its open files changes.
   */
  private keepTasks(filePath: string, tasks: readonly TaskOutcome[], affected: Set<string>, newRuleErrors: string[]): void {
    const mine = new Set<string>();
    for (const outcome of tasks) {
      mine.add(outcome.key);
      this.collectRuleErrors(outcome.ruleErrors, newRuleErrors);
      const findings = new Map<string, Finding[]>();
      for (const finding of outcome.findings) {
        let list = findings.get(finding.path);
        if (!list) findings.set(finding.path, (list = []));
        list.push(finding);
      }
      const previous = this.tasks.get(outcome.key);
      for (const p of previous?.members ?? []) affected.add(p);
      for (const p of previous?.findings.keys() ?? []) affected.add(p);
      for (const p of outcome.members) affected.add(p);
      for (const p of findings.keys()) affected.add(p);
      this.tasks.set(outcome.key, { members: outcome.members, findings });
    }
    this.leaveTasks(filePath, affected, mine);
  }

  /** Whether a task of the file's config lists it (a task's files are prompt files, whatever their names). */
  private async namedByTask(engine: Engine, filePath: string): Promise<boolean> {
    for (const { task } of engine.tasksFor([filePath])) {
      try {
        if ((await engine.resolveTaskFiles(task)).includes(filePath)) return true;
      } catch {
        // a task naming a missing file is reported when one of its files is linted
      }
    }
    return false;
  }

  /** A task member's document: from the editor when open (reusing the last parse), else from disk. */
  private memberDocument(engine: Engine, member: string): LoadedDocument {
    const editor = this.open.get(member);
    if (editor) {
      const last = this.results.get(editor.uri);
      if (last?.doc && last.result.version === editor.version) return { ok: true, doc: last.doc, config: engine.configFor(member) };
      return engine.loadText(member, editor.text);
    }
    try {
      return engine.loadFile(member);
    } catch (error) {
      return { ok: false, config: engine.configFor(member), reason: (error as Error).message };
    }
  }

  /**
   * Drops tasks that list `filePath` but are not in `keep` and have no other open member
   * (their findings in closed files go away with them).
   */
  private leaveTasks(filePath: string, affected: Set<string>, keep?: ReadonlySet<string>): void {
    for (const [key, state] of this.tasks) {
      if (keep?.has(key) || !state.members.includes(filePath)) continue;
      if (state.members.some((m) => m !== filePath && this.open.has(m))) continue;
      for (const p of state.members) affected.add(p);
      for (const p of state.findings.keys()) affected.add(p);
      this.tasks.delete(key);
    }
  }

  /** A document closed: its result goes, and tasks left without open members go too. */
  close(uri: string, filePath: string): PathFindings {
    this.results.delete(uri);
    if (this.open.get(filePath)?.uri === uri) this.open.delete(filePath);
    const affected = new Set<string>([filePath]);
    this.leaveTasks(filePath, affected);
    return [...affected].map((p) => [p, this.findingsFor(p)] as const);
  }

  /** Everything reported on a file: its own findings (when open and linted) and its task findings. */
  private findingsFor(filePath: string): Finding[] {
    const uri = this.open.get(filePath)?.uri;
    const own = uri ? this.results.get(uri)?.own ?? [] : [];
    const fromTasks: Finding[] = [];
    // tasks that share a pair (an agent's contexts in nested directories) each keep it: shown once
    const seen = new Set<string>();
    for (const state of this.tasks.values()) {
      for (const f of state.findings.get(filePath) ?? []) {
        const key = findingKey(f);
        if (!seen.has(key) && (seen.add(key), true)) fromTasks.push(f);
      }
    }
    if (fromTasks.length === 0) return [...own];
    return [...own, ...fromTasks].sort(compareFindings);
  }

  /**
   * Loads what the first lint of a file in `dir` needs (the config cascade, the rules and their
   * lexicons, the model's token table) by linting a small text that is not kept: the server
   * calls it at start-up, while the editor is still opening its first document.
   */
  warmUp(dir: string): void {
    const probe = path.join(dir, '.prompt-lint-warm-up.md');
    try {
      const engine = this.engineFor('', probe);
      const loaded = engine.loadText(probe, WARM_UP_TEXT);
      if (loaded.ok) engine.lintLoaded(loaded);
    } catch {
      // an invalid config is reported when a document is linted
    }
  }

  /** What each coding agent loads for a document (`promptLint/context`), over the editor's buffers. */
  context(query: ContextQuery, model: string): ContextResult {
    const root = contextRoot(query.path, this.options.rootFor(query.path));
    return effectiveContexts(query, root, (file) => this.engineFor(model, file));
  }

  /** The CLI's `--fix` on an editor text, with the engine that linted the document. */
  fixText(uri: string, filePath: string, text: string, model: string): string {
    const engine = this.results.get(uri)?.engine ?? this.engineFor(model, filePath);
    return engine.fixText(filePath, text).output;
  }

  private collectRuleErrors(errors: readonly string[], into: string[]): void {
    for (const message of errors) {
      const rule = /rule (\S+) failed/.exec(message)?.[1];
      const key = rule ? `rule:${rule}` : message;
      if (this.loggedRuleErrors.has(key)) continue;
      if (this.loggedRuleErrors.size >= MAX_LOGGED) this.loggedRuleErrors.clear();
      this.loggedRuleErrors.add(key);
      into.push(message);
    }
  }
}

/**
 * Whether the config makes the file a prompt file: its include globs (or a budget's files) select
 * it and its exclude globs do not.
 */
export function isIncluded(filePath: string, config: ResolvedConfig): boolean {
  if (matchesGlobs(filePath, config.exclude, config.baseDir)) return false;
  return matchesGlobs(filePath, config.include, config.baseDir) || config.budgets.some((b) => matchesGlobs(filePath, b.value.files, b.baseDir));
}

function baseResult(request: LintRequest): Pick<DocumentResult, 'uri' | 'path' | 'version' | 'generation' | 'taskErrors'> {
  const { doc, generation } = request;
  return { uri: doc.uri, path: doc.path, version: doc.version, generation, taskErrors: [] };
}

function wholeFileRules(engine: Engine): string[] {
  return engine.rules.filter((r) => r.meta.tags.includes(WHOLE_FILE_TAG)).map((r) => r.meta.id);
}

function plain(error: ConfigError): PlainConfigError {
  return { file: error.file, line: error.line, column: error.column, keyPath: error.keyPath, detail: error.detail, message: error.message };
}
