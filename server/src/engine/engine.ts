/**
 * The editor-agnostic engine: file → parse → document model → rules → findings, plus tasks
 * (several files composed into one context) and fixes. The CLI and the language server are thin
 * adapters over this class.
 */
import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { allRules, withSentenceMemos } from '../../../rules/index.js';
import { ConfigLoader } from '../config/load.js';
import { matchesGlobs } from '../config/globs.js';
import { fileKind, readErrorReason, readRegularFile } from '../config/read-file.js';
import { UsageError } from './usage-error.js';
import type { Anchored, ResolvedConfig, RuleSetting, TaskConfig } from '../config/types.js';
import { createSourceFile, decodeBuffer } from '../model/source.js';
import { parseDocument } from '../parse/index.js';
import { providerModel } from '../tokens/models.js';
import { applyEdits, selectCompatibleFixes } from './edits.js';
import { lintDocument, lintTask, modelFor, ruleSetting, type LintOutcome } from './linter.js';
import type { IncrementalCaches } from './incremental.js';
import { runFiles, type RunOptions } from './run.js';
import { isGlobEntry, taskFiles } from './task-files.js';
import { summarizeTokens, tokenJobOf, type FileTokens, type TokenJob } from './token-summary.js';
import type { PromptDocument } from '../model/types.js';
import type { Finding, Rule, TaskView, TextEdit, UnitPrecompute } from './types.js';
import { agentEnabled, deriveTasks, diskContexts, type ContextSource, type DerivedTask } from './context-tasks.js';
import { AGENT_IDS, limitsFromRuleOptions } from '../agents/index.js';

export interface EngineOptions {
  readonly cwd: string;
  /** `--config FILE`: use this file instead of the cascade. */
  readonly configFile?: string;
  /** `--rule id=severity` settings; they win over every config file. */
  readonly ruleOverrides?: Record<string, RuleSetting>;
  /** `--model M`: count and price every file with this model. */
  readonly model?: string;
  readonly rules?: readonly Rule[];
  readonly loader?: ConfigLoader;
  /** Add up the milliseconds of each rule's `check` in `Engine.ruleTimes` (ESLint's TIMING). */
  readonly timing?: boolean;
  /**
   * Where agents' effective contexts come from (derived tasks); `false`: none. Default: the agent
   * resolvers over the disk.
   */
  readonly contexts?: ContextSource | false;
  /**
   * Caches kept across runs over the same texts (an editor's; engine/incremental.ts), possibly
   * shared by several engines. None by default: a single run only pays for filling them.
   */
  readonly incremental?: IncrementalCaches;
  /** What a run leaves out to stay bounded (effective contexts of a huge folder); default: a line on stderr. */
  readonly onNotice?: (message: string) => void;
}

export type LoadedDocument =
  | { readonly ok: true; readonly doc: PromptDocument; readonly config: ResolvedConfig }
  | { readonly ok: false; readonly config: ResolvedConfig; readonly reason: string };

export interface FileReport {
  readonly path: string;
  findings: Finding[];
  readonly tokens?: FileTokens;
  /** Why the file was not linted (binary, too large). */
  readonly skipped?: string;
  readonly ruleErrors: string[];
  /** Text after fixes, when fixing and it changed. */
  output?: string;
  /** The linted text, kept only when a formatter needs it (JSON merges multi-edit fixes). */
  source?: string;
  /** What `--fix`/`--fix-dry-run` changed in this file (cli/fix-summary.ts). */
  fixed?: { readonly problems: number; readonly tokensBefore: number; readonly tokensAfter: number; readonly acrossTask?: boolean };
}

export { UsageError } from './usage-error.js';

export const MAX_FIX_PASSES = 10;

/** The stat of a path, undefined when it does not exist, null when it cannot be looked at (permissions). */
function statIfReadable(p: string): fs.Stats | undefined | null {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return null;
  }
}

function isPermissionError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM';
}

export class Engine {
  readonly rules: readonly Rule[];
  readonly loader: ConfigLoader;
  /** Milliseconds per rule id, with the `timing` option. */
  readonly ruleTimes?: Map<string, number>;

  /** A fixed source of effective contexts (tests, a git tree); else the disk, read afresh for each run. */
  readonly contextSource?: ContextSource;

  constructor(private readonly options: EngineOptions) {
    this.rules = options.rules ?? allRules;
    if (options.contexts) this.contextSource = options.contexts;
    this.loader = options.loader ?? new ConfigLoader({ cwd: options.cwd });
    if (options.timing) this.ruleTimes = new Map();
  }

  private readonly withModel = new WeakMap<ResolvedConfig, ResolvedConfig>();

  configFor(filePath: string): ResolvedConfig {
    const config = this.loader.forFile(path.resolve(this.options.cwd, filePath), {
      rules: this.rules.map((r) => r.meta),
      cliConfigPath: this.options.configFile,
      cliRules: this.options.ruleOverrides,
    });
    const model = this.options.model;
    if (!model) return config;
    const cached = this.withModel.get(config);
    if (cached) return cached;
    const overridden = { ...config, model, modelNamed: true };
    this.withModel.set(config, overridden);
    return overridden;
  }

  /** The config that decides which files a run in `dir` picks up (include/exclude, no overrides). */
  configForDirectory(dir: string): ResolvedConfig {
    return this.loader.forDirectory(path.resolve(this.options.cwd, dir), {
      rules: this.rules.map((r) => r.meta),
      cliConfigPath: this.options.configFile,
      cliRules: this.options.ruleOverrides,
    });
  }

  /** Reads and parses a file from disk; binary and oversized files are skipped with a reason. */
  loadFile(filePath: string): LoadedDocument {
    const abs = path.resolve(this.options.cwd, filePath);
    const config = this.configFor(abs);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      // A file that exists but cannot be read is reported and skipped, like a binary file; a missing one is a usage error.
      if (isPermissionError(error)) return { ok: false, config, reason: `skipped: cannot read: ${readErrorReason(error)}` };
      throw new UsageError(`${filePath}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    if (stat.isDirectory()) throw new UsageError(`${filePath}: is a directory`);
    // Regular files only: a device would grow memory without limit, a FIFO would block.
    if (!stat.isFile()) return { ok: false, config, reason: `skipped: ${fileKind(stat)}, not a regular file` };
    if (stat.size > config.maxFileSize) {
      return { ok: false, config, reason: `skipped: ${fmtBytes(stat.size)} is over the ${fmtBytes(config.maxFileSize)} limit (maxFileSize)` };
    }
    let buffer: Buffer;
    try {
      buffer = readRegularFile(abs);
    } catch (error) {
      return { ok: false, config, reason: `skipped: cannot read: ${readErrorReason(error)}` };
    }
    return this.loadBuffer(abs, buffer, config);
  }

  /** Parses text that is not (or not yet) on disk: editor buffers, stdin. */
  loadText(filePath: string, text: string): LoadedDocument {
    const abs = path.resolve(this.options.cwd, filePath);
    const config = this.configFor(abs);
    return this.parse(abs, text, config);
  }

  private loadBuffer(abs: string, buffer: Buffer, config: ResolvedConfig): LoadedDocument {
    const decoded = decodeBuffer(buffer);
    if ('error' in decoded) return { ok: false, config, reason: `skipped: ${decoded.error}` };
    return this.parse(abs, decoded.text, config);
  }

  private parse(abs: string, text: string, config: ResolvedConfig): LoadedDocument {
    if (text.length > config.maxFileSize) {
      return { ok: false, config, reason: `skipped: ${fmtBytes(text.length)} is over the ${fmtBytes(config.maxFileSize)} limit (maxFileSize)` };
    }
    const doc = parseDocument(createSourceFile(abs, text), {
      promptKeys: config.promptKeys,
      splitPrompts: config.splitPrompts,
      ...(this.options.incremental ? { blocks: this.options.incremental.blocks } : {}),
    });
    return { ok: true, doc, config: withProviderModel(doc, config) };
  }

  /** A path as this engine reads it: absolute, against its cwd. */
  resolve(filePath: string): string {
    return path.resolve(this.options.cwd, filePath);
  }

  /** A report linted without token counts, with them counted (a fix pass already linted the final text). */
  withTokens(report: FileReport, loaded: LoadedDocument, withTokens = true): FileReport {
    if (!loaded.ok || !withTokens) return report;
    const { doc, config } = loaded;
    return { ...report, tokens: summarizeTokens(doc, modelFor(config.model, config.prices), config.callsPerDay) };
  }

  /** Lints one loaded document (rules' `check` only) and counts its tokens. */
  lintLoaded(loaded: LoadedDocument, withTokens = true): FileReport {
    if (!loaded.ok) {
      return { path: 'unknown', findings: [], skipped: loaded.reason, ruleErrors: [] };
    }
    const { doc, config } = loaded;
    // tokens first: the rules' memos of a document (comparison forms, sentences, directives) then
    // live only until the report is made, and die young instead of being copied through the
    // scavenges of token counting and promoted to the old generation
    const tokens = withTokens ? summarizeTokens(doc, modelFor(config.model, config.prices), config.callsPerDay) : undefined;
    const outcome = this.lintDocument(doc, config);
    return { path: doc.file.path, findings: outcome.findings, tokens, ruleErrors: outcome.ruleErrors };
  }

  /** Runs the rules' `check` over a document (`rules`: these instead of the engine's), with this engine's caches and timing. */
  lintDocument(doc: PromptDocument, config: ResolvedConfig, rules: readonly Rule[] = this.rules): LintOutcome {
    return withSentenceMemos(this.options.incremental?.sentences, () => lintDocument(doc, config, rules, this.ruleTimes));
  }

  /** Runs the rules' `checkTask` over a task, with this engine's caches. */
  lintTask(view: TaskView, config: ResolvedConfig, rules: readonly Rule[] = this.rules): LintOutcome {
    return withSentenceMemos(this.options.incremental?.sentences, () => lintTask(view, config, rules));
  }

  /** The precomputes of the rules on under `config` (see `UnitPrecompute`), each once, in rule order. */
  precomputes(config: ResolvedConfig): UnitPrecompute[] {
    const out = new Set<UnitPrecompute>();
    for (const rule of this.rules) if (rule.precompute && ruleSetting(config, rule)[0] !== 'off') out.add(rule.precompute);
    return [...out];
  }

  /** A rule's precompute by its id (another thread names it). */
  precompute(id: string): UnitPrecompute | undefined {
    return this.rules.find((rule) => rule.precompute?.id === id)?.precompute;
  }

  /** What counting a loaded document's tokens needs, as plain data (a parallel run counts on another thread). */
  tokenJob(loaded: LoadedDocument & { readonly ok: true }): TokenJob {
    const { doc, config } = loaded;
    return tokenJobOf(doc, modelFor(config.model, config.prices), config.callsPerDay);
  }

  /** Lints files on disk, then the tasks that involve them; task findings join their files' reports (see run.ts). */
  lintFiles(files: readonly string[], options?: RunOptions): Promise<FileReport[]> {
    return runFiles(this, files, options);
  }

  /** Distinct tasks declared by the configs of these files (`declaredBy`: the first such file). */
  tasksFor(files: readonly string[]): { task: Anchored<TaskConfig>; config: ResolvedConfig; declaredBy: string }[] {
    const seen = new Map<string, { task: Anchored<TaskConfig>; config: ResolvedConfig; declaredBy: string }>();
    for (const file of files) {
      const config = this.configFor(file);
      for (const task of config.tasks) {
        const key = `${task.source}\0${task.value.name}`;
        if (!seen.has(key)) seen.set(key, { task, config, declaredBy: file });
      }
    }
    return [...seen.values()];
  }

  /**
   * Tasks derived from the effective contexts of the repositories these files belong to, as the
   * `agents` setting at each repository's root allows (docs/decisions/effective-context-tasks.md).
   * `everyContext`: one-file contexts too (the budget gate measures them all).
   */
  derivedTasks(files: readonly string[], source?: ContextSource, options: { readonly everyContext?: boolean } = {}): DerivedTask[] {
    if (this.options.contexts === false) return [];
    source ??= this.contextSource ?? diskContexts(this.options.cwd);
    // root → the named files in it: only the contexts that can load one of them are resolved
    // (agents/scope.ts); naming every file of a repository resolves them all
    const roots = new Map<string, string[]>();
    const byDir = new Map<string, string | undefined>();
    for (const file of files) {
      const dir = path.dirname(file);
      if (!byDir.has(dir)) byDir.set(dir, guarded(() => source.rootOf(file)));
      const root = byDir.get(dir);
      if (root === undefined) continue;
      const inRoot = roots.get(root);
      if (inRoot) inRoot.push(file);
      else roots.set(root, [file]);
    }
    const driftRules = this.rules.filter((r) => r.checkTask && r.meta.tags.includes('contradiction')).map((r) => r.meta.id);
    const out: DerivedTask[] = [];
    for (const [root, named] of roots) {
      const agents = this.configForDirectory(root).agents;
      if (agents && !agents.derive) continue;
      const only = agents?.only || agents?.off.length ? AGENT_IDS.filter((a) => agentEnabled(agents, a)) : undefined;
      const config = this.configForDirectory(root);
      // a resolver that fails (an unreadable directory) costs the derived tasks of its repository, not the run
      const limits = limitsFromRuleOptions(config.rules['agent-file-limit']?.[1]);
      const contexts = (guarded(() => source.contexts(root, only, limits, options.everyContext ? undefined : named, (m) => this.notice(m))) ?? []).filter((c) => agentEnabled(agents, c.agent));
      // a one-file context is a task when something may judge it beyond the resolvers' own findings:
      // an agent budget, or a task rule with options of its own (a limit other than the documented one)
      const tuned = this.rules.some((r) => r.checkTask && JSON.stringify(ruleSetting(config, r)[1]) !== JSON.stringify(r.meta.defaultOptions));
      // asked for every entry of every context (the same skills and rules in each): once per file
      const exclusions = new Map<string, boolean>();
      const excluded = (file: string) => {
        let out = exclusions.get(file);
        if (out === undefined) exclusions.set(file, (out = matchesGlobs(file, config.exclude, config.baseDir)));
        return out;
      };
      out.push(...deriveTasks(contexts, driftRules, (agent) => !!options.everyContext || tuned || agents?.budgets[agent] !== undefined, excluded));
    }
    return out;
  }

  private readonly notices = new Set<string>();

  /** Tells the user, once per engine, what a run left out to stay bounded (EngineOptions.onNotice; stderr by default). */
  private notice(message: string): void {
    if (this.notices.has(message)) return;
    this.notices.add(message);
    if (this.options.onNotice) this.options.onNotice(message);
    else process.stderr.write(`prompt-lint: ${message}\n`);
  }

  /** The view rules get of a derived task: its documents, the context, the agent's budget. */
  contextView(task: DerivedTask, config: ResolvedConfig, docs: readonly PromptDocument[]): TaskView {
    const budget = task.kind === 'context' ? config.agents?.budgets[task.agents[0]!] : undefined;
    const { name, rules: _rules, ...context } = task;
    return {
      name,
      docs,
      context,
      model: modelFor(budget?.model ?? config.model, config.prices),
      callsPerDay: budget?.callsPerDay ?? config.callsPerDay,
      maxTokens: budget?.maxTokens,
      maxCostPerDay: budget?.maxCostPerDay,
      warnAt: budget?.warnAt ?? 0.8,
    };
  }

  /**
   * A task's files on disk, in order (engine/task-files.ts); a plain entry that names no regular
   * file is a usage error.
   */
  async resolveTaskFiles(task: Anchored<TaskConfig>): Promise<string[]> {
    const globbed = new Map<string, string[]>();
    for (const entry of task.value.files) {
      if (!isGlobEntry(entry) || globbed.has(entry)) continue;
      const matches = await glob(entry, { cwd: task.baseDir, absolute: true, dot: true });
      globbed.set(entry, matches.map((m) => path.resolve(m)).filter((m) => statIfReadable(m)?.isFile() ?? true));
    }
    const { files, missing } = taskFiles(task, {
      glob: (entry) => globbed.get(entry)!,
      find: (abs) => {
        const st = statIfReadable(abs);
        // exists, but cannot be read (null): loadFile reports and skips it
        if (st === null || st?.isFile()) return { file: abs };
        return st ? { notAFile: fileKind(st) } : { missing: true };
      },
    });
    const first = missing[0];
    if (first?.notAFile) throw new UsageError(`${task.source}: task "${task.value.name}" names ${first.entry}, which is ${first.notAFile}, not a regular file`);
    if (first) throw new UsageError(`${task.source}: task "${task.value.name}" names a file that does not exist: ${first.entry}`);
    return files;
  }

  taskView(task: Anchored<TaskConfig>, config: ResolvedConfig, docs: readonly PromptDocument[]): TaskView {
    const t = task.value;
    return {
      name: t.name,
      docs,
      // The config's own model, not the one a member file defaults to (CLAUDE.md → Claude): a task's
      // count must not depend on the file through which its config was resolved.
      model: modelFor(t.model ?? this.configFor(task.source).model, config.prices),
      callsPerDay: t.callsPerDay ?? config.callsPerDay,
      maxTokens: t.maxTokens,
      maxCostPerDay: t.maxCostPerDay,
      warnAt: t.warnAt ?? 0.8,
    };
  }

  /**
   * Applies the findings' fixes in passes until the text stops changing (at most MAX_FIX_PASSES).
   * Returns the final text and the findings that remain.
   */
  fixText(filePath: string, text: string): { output: string; report: FileReport; passes: number } {
    let current = text;
    let passes = 0;
    for (;;) {
      const loaded = this.loadText(filePath, current);
      const report = loaded.ok ? this.lintLoaded(loaded, false) : { path: filePath, findings: [], skipped: loaded.reason, ruleErrors: [] };
      const fixes = report.findings.filter((f) => f.fix?.length).map((f) => f.fix!.filter((e) => samePath(e, loaded)));
      if (passes >= MAX_FIX_PASSES || fixes.length === 0) return { output: current, report, passes };
      const next = applyEdits(current, selectCompatibleFixes(fixes)).text;
      if (next === current) return { output: current, report, passes };
      current = next;
      passes++;
    }
  }
}

function guarded<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function samePath(edit: TextEdit, loaded: LoadedDocument): boolean {
  return !loaded.ok || !edit.path || edit.path === loaded.doc.file.path;
}

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

/**
 * A file that names its own models (a promptfoo config's `providers:`) is counted with the first
 * known one, unless a config or --model names a model for it.
 */
function withProviderModel(doc: PromptDocument, config: ResolvedConfig): ResolvedConfig {
  if (config.modelNamed || !doc.providers?.length) return config;
  const model = providerModel(doc.providers);
  return model ? { ...config, model } : config;
}
