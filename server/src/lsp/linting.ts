/**
 * The engine behind the editor: the same calls the CLI makes (configFor, loadText, lintLoaded,
 * tasksFor, resolveTaskFiles, taskView, lintTask), kept per open document, plus what an editor
 * needs on top: tasks re-linted when any of their open files changes, config errors kept per
 * config file, and built-in defaults when a document's config is invalid.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/errors.js';
import { matchesGlobs } from '../config/globs.js';
import { ConfigLoader, isConfigFileName } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { budgetUsage } from '../engine/budget-usage.js';
import { Engine } from '../engine/engine.js';
import { compareFindings, lintTask } from '../engine/linter.js';
import type { FileTokens } from '../engine/token-summary.js';
import type { Finding } from '../engine/types.js';
import type { PromptDocument } from '../model/types.js';
import { fileKind } from '../parse/detect.js';
import type { PromptLintSettings } from './protocol.js';

/** An open document as the server holds it. */
export interface OpenDocument {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  readonly text: string;
}

export type ResultStatus = 'linted' | 'skipped' | 'disabled' | 'ignored';

/** The outcome of linting one version of one open document. */
export interface DocumentResult {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  /** Config generation the result was computed under (bumped when a config file changes). */
  readonly generation: number;
  readonly status: ResultStatus;
  /** Why the document was not linted, when it was not. */
  readonly message?: string;
  readonly doc?: PromptDocument;
  /** The engine that linted it (the defaults engine when the config is invalid). */
  readonly engine?: Engine;
  readonly config?: ResolvedConfig;
  /** Findings of the document's own rules (`check`); task findings are kept per task. */
  readonly own: readonly Finding[];
  readonly tokens?: FileTokens;
  /** Largest fraction of a matching budget used (1 = at the limit). */
  readonly budget?: number;
  /** The document's config is invalid: this error, and the document was linted on defaults. */
  readonly configError?: ConfigError;
  /** Problems resolving a task (a missing file): shown on the document. */
  readonly taskErrors: readonly string[];
}

interface TaskState {
  readonly members: readonly string[];
  /** Task findings by file. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

export interface LintOutcome {
  readonly result: DocumentResult;
  /** Other files whose diagnostics changed through a task (publish them again). */
  readonly affected: ReadonlySet<string>;
  /** Rule failures not logged before (each rule is reported once per session). */
  readonly newRuleErrors: readonly string[];
}

const MAX_LOGGED = 1000;

export class LintService {
  /** One config loader per workspace root (the root is the base of include globs without a config). */
  private readonly loaders = new Map<string, ConfigLoader>();
  private readonly engines = new Map<string, Engine>();
  private readonly defaultEngines = new Map<string, Engine>();
  private defaultsConfigFile: string | undefined;
  private readonly results = new Map<string, DocumentResult>();
  private readonly tasks = new Map<string, TaskState>();
  /** Invalid config files seen since the last config change. */
  readonly configErrors = new Map<string, ConfigError>();
  private readonly loggedRuleErrors = new Set<string>();
  generation = 0;

  constructor(private readonly rootFor: (filePath: string) => string) {}

  /** The engine for a file and a `promptLint.model` setting ('' = as configured). */
  engineFor(model: string, filePath?: string): Engine {
    const root = filePath ? this.rootFor(filePath) : this.rootFor(process.cwd());
    const key = `${root}\0${model}`;
    let engine = this.engines.get(key);
    if (!engine) {
      let loader = this.loaders.get(root);
      if (!loader) this.loaders.set(root, (loader = new ConfigLoader({ cwd: root })));
      engine = new Engine({ cwd: root, loader, ...(model ? { model } : {}) });
      this.engines.set(key, engine);
    }
    return engine;
  }

  /** An engine on built-in defaults only: an empty `--config` file with `root: true`. */
  private defaultsEngine(model: string, filePath: string): Engine {
    const root = this.rootFor(filePath);
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
      engine = new Engine({ cwd: root, configFile: this.defaultsConfigFile, ...(model ? { model } : {}) });
      this.defaultEngines.set(key, engine);
    }
    return engine;
  }

  result(uri: string): DocumentResult | undefined {
    return this.results.get(uri);
  }

  get resultCount(): number {
    return this.results.size;
  }

  /** A config file changed, appeared or went away: forget every cached config. */
  configChanged(): void {
    for (const loader of this.loaders.values()) loader.clear();
    this.configErrors.clear();
    this.generation++;
  }

  /** Reads the config cascade of a directory, recording the error if it is invalid. */
  probeConfig(dir: string): ConfigError | undefined {
    try {
      const probe = path.join(dir, '.prompt-lint-probe.md');
      this.engineFor('', probe).configFor(probe);
      return undefined;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.configErrors.set(error.file, error);
      return error;
    }
  }

  /**
   * Lints one document version and every task it belongs to. `open` finds other open documents
   * (task members are linted from their editor text, as the user sees them).
   */
  async lint(input: OpenDocument, settings: PromptLintSettings, open: (filePath: string) => OpenDocument | undefined): Promise<LintOutcome> {
    const base = { uri: input.uri, path: input.path, version: input.version, generation: this.generation, own: [], taskErrors: [] };
    const affected = new Set<string>();
    const newRuleErrors: string[] = [];
    const finish = (result: DocumentResult): LintOutcome => {
      // Tasks this document no longer belongs to forget it.
      this.results.set(input.uri, result);
      return { result, affected, newRuleErrors };
    };
    if (!settings.enable) {
      this.leaveTasks(input.path, open, affected);
      return finish({ ...base, status: 'disabled', message: 'prompt-lint is disabled (promptLint.enable)' });
    }
    if (isConfigFileName(input.path)) {
      return finish({ ...base, status: 'ignored', message: 'a prompt-lint config file' });
    }

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

    if (settings.validate === 'included' && !configError && !isIncluded(input.path, config)) {
      this.leaveTasks(input.path, open, affected);
      return finish({ ...base, status: 'ignored', message: 'not a prompt file: it matches no `include` glob of the config (promptLint.validate: "all" lints every file)' });
    }
    if (settings.validate === 'all' && fileKind(input.path) === undefined && !configError && !isIncluded(input.path, config)) {
      this.leaveTasks(input.path, open, affected);
      return finish({ ...base, status: 'ignored', message: 'prompt-lint does not read this kind of file' });
    }

    const loaded = engine.loadText(input.path, input.text);
    if (!loaded.ok) {
      this.leaveTasks(input.path, open, affected);
      return finish({ ...base, status: 'skipped', message: loaded.reason, engine, config, configError });
    }
    const report = engine.lintLoaded(loaded);
    this.collectRuleErrors(report.ruleErrors, newRuleErrors);
    const budget = config.budgets.length ? budgetUsage(loaded.doc, loaded.config) : undefined;
    const taskErrors = configError ? [] : await this.lintTasks(engine, input, loaded.doc, open, affected, newRuleErrors);
    return finish({
      ...base,
      status: 'linted',
      doc: loaded.doc,
      engine,
      config: loaded.config,
      own: report.findings,
      tokens: report.tokens,
      budget,
      configError,
      taskErrors,
    });
  }

  /**
   * Runs every task that includes this document, as the CLI's `lintTasksInto` does, but one task
   * at a time so that each task's findings can be kept and replaced on their own.
   */
  private async lintTasks(
    engine: Engine,
    input: OpenDocument,
    doc: PromptDocument,
    open: (filePath: string) => OpenDocument | undefined,
    affected: Set<string>,
    newRuleErrors: string[],
  ): Promise<string[]> {
    const errors: string[] = [];
    const mine = new Set<string>();
    for (const { task, config } of engine.tasksFor([input.path])) {
      const key = `${task.source}\0${task.value.name}`;
      let members: string[];
      try {
        members = await engine.resolveTaskFiles(task);
      } catch (error) {
        errors.push((error as Error).message);
        continue;
      }
      if (!members.includes(input.path)) continue;
      mine.add(key);
      const docs: PromptDocument[] = [];
      for (const member of members) {
        const memberDoc = member === input.path ? doc : this.memberDocument(engine, member, open);
        if (memberDoc) docs.push(memberDoc);
      }
      const outcome = lintTask(engine.taskView(task, config, docs), config, engine.rules);
      this.collectRuleErrors(outcome.ruleErrors, newRuleErrors);
      const findings = new Map<string, Finding[]>();
      for (const finding of outcome.findings) {
        let list = findings.get(finding.path);
        if (!list) findings.set(finding.path, (list = []));
        list.push(finding);
      }
      const previous = this.tasks.get(key);
      for (const p of previous?.members ?? []) affected.add(p);
      for (const p of previous?.findings.keys() ?? []) affected.add(p);
      for (const p of members) affected.add(p);
      for (const p of findings.keys()) affected.add(p);
      this.tasks.set(key, { members, findings });
    }
    this.leaveTasks(input.path, open, affected, mine);
    affected.delete(input.path);
    return errors;
  }

  /** A task member's document: from the editor when open (reusing the last parse), else from disk. */
  private memberDocument(engine: Engine, member: string, open: (filePath: string) => OpenDocument | undefined): PromptDocument | undefined {
    const editor = open(member);
    if (editor) {
      const last = this.results.get(editor.uri);
      if (last?.doc && last.version === editor.version && last.generation === this.generation) return last.doc;
      const loaded = engine.loadText(member, editor.text);
      return loaded.ok ? loaded.doc : undefined;
    }
    try {
      const loaded = engine.loadFile(member);
      return loaded.ok ? loaded.doc : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Drops tasks that list `filePath` but are not in `keep` and have no other open member
   * (their findings in closed files go away with them).
   */
  private leaveTasks(filePath: string, open: (filePath: string) => OpenDocument | undefined, affected: Set<string>, keep?: ReadonlySet<string>): void {
    for (const [key, state] of this.tasks) {
      if (keep?.has(key) || !state.members.includes(filePath)) continue;
      if (state.members.some((m) => m !== filePath && open(m))) continue;
      for (const p of state.members) affected.add(p);
      for (const p of state.findings.keys()) affected.add(p);
      this.tasks.delete(key);
    }
  }

  /** A document closed: its result goes, and tasks left without open members go too. */
  close(uri: string, filePath: string, open: (filePath: string) => OpenDocument | undefined): Set<string> {
    this.results.delete(uri);
    const affected = new Set<string>();
    this.leaveTasks(filePath, (p) => (p === filePath ? undefined : open(p)), affected);
    return affected;
  }

  /** Everything reported on a file: its own findings (when open and linted) and its task findings. */
  findingsFor(filePath: string, uri: string | undefined): Finding[] {
    const own = uri ? this.results.get(uri)?.own ?? [] : [];
    const fromTasks: Finding[] = [];
    for (const state of this.tasks.values()) fromTasks.push(...(state.findings.get(filePath) ?? []));
    if (fromTasks.length === 0) return [...own];
    return [...own, ...fromTasks].sort(compareFindings);
  }

  /** Files that have task findings (open or not). */
  taskFindingPaths(): Set<string> {
    const out = new Set<string>();
    for (const state of this.tasks.values()) for (const p of state.findings.keys()) out.add(p);
    return out;
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

/** Whether the config's include globs select the file and its exclude globs do not. */
export function isIncluded(filePath: string, config: ResolvedConfig): boolean {
  return matchesGlobs(filePath, config.include, config.baseDir) && !matchesGlobs(filePath, config.exclude, config.baseDir);
}
