/**
 * The pull-request budget gate: tokens (and cost per call and per day) per file and per task at a
 * base revision and at head (a revision or the working tree), read straight from git, and the
 * difference. The config at head decides which files count (include globs, budgets, tasks) on both
 * sides, so the two sides are measured alike. Renamed files are followed (`git diff -M`).
 *
 * It fails when a budget or task limit is exceeded at head (the token-budget rule's errors), or
 * when a file or task grows past `maxGrowthPercent` / `maxGrowthTokens`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { ruleById } from '../../../rules/index.js';
import { CONFIG_FILENAMES } from '../config/defaults.js';
import { ConfigLoader } from '../config/load.js';
import { FileSelection } from '../config/files.js';
import { matchesGlobs, relativePosix } from '../config/globs.js';
import type { Anchored, ResolvedConfig, TaskConfig } from '../config/types.js';
import { Engine } from '../engine/engine.js';
import { modelFor } from '../engine/linter.js';
import { runUnit, taskKey } from '../engine/run.js';
import { summarizeTokens } from '../engine/token-summary.js';
import type { Rule } from '../engine/types.js';
import { decodeBuffer } from '../model/source.js';
import type { PromptDocument } from '../model/types.js';
import { isWalkable } from '../parse/detect.js';
import { costPerCall, formatNumber } from '../tokens/index.js';
import type { ModelInfo } from '../tokens/types.js';
import { commitSnapshot, renamesBetween, repoRoot, resolveCommit, resolveInside, worktreeSnapshot, type TreeSnapshot } from './git.js';
import { entryText, repoContexts } from '../agents/index.js';
import type { AgentId, ContextFs } from '../agents/types.js';
import { derivedTaskKey, taskMembers as contextMembers, type ContextSource, type DerivedTask } from '../engine/context-tasks.js';
import type { UnitTask } from '../engine/run.js';
import { taskFiles } from '../engine/task-files.js';
import { countForModel } from '../tokens/index.js';
import { treeContextFs } from './tree-context-fs.js';

export interface BudgetDiffOptions {
  readonly cwd: string;
  readonly base: string;
  /** A git ref; the working tree when absent. */
  readonly head?: string;
  readonly configFile?: string;
  readonly model?: string;
  /** Fail when a file or task grows by more than this percentage. */
  readonly maxGrowthPercent?: number;
  /** Fail when a file or task grows by more than this many tokens. */
  readonly maxGrowthTokens?: number;
  /** Only these files: paths, directories or globs relative to cwd. */
  readonly paths?: readonly string[];
}

export interface Figures {
  readonly tokens: number;
  readonly bytes: number;
  readonly costPerCall: number;
  readonly costPerDay?: number;
  readonly callsPerDay?: number;
  readonly model: string;
  readonly exact: boolean;
}

export type FileStatus = 'added' | 'deleted' | 'renamed' | 'modified' | 'unchanged';

export interface Violation {
  readonly kind: 'budget' | 'task-limit' | 'growth' | 'missing';
  /** Repository-relative file the violation is about (the config file for tasks). */
  readonly file?: string;
  readonly line?: number;
  readonly task?: string;
  readonly message: string;
}

export interface FileDiff {
  /** Path at head (base path for deleted files), repository-relative. */
  readonly path: string;
  /** Path at base when renamed. */
  readonly from?: string;
  readonly status: FileStatus;
  readonly base?: Figures;
  readonly head?: Figures;
  /** Why a side could not be measured (binary, too large). */
  readonly skipped?: string;
  readonly delta: number;
  /** Undefined when the file is new (no base to grow from). */
  readonly deltaPercent?: number;
  readonly costPerDayDelta?: number;
  readonly violations: Violation[];
}

/** A group of files sent together (a task, an agent's context) at base and head. */
interface GroupDiff {
  readonly name: string;
  /** Repository-relative files, in order. */
  readonly files: { readonly head: string[]; readonly base: string[] };
  readonly base?: Figures;
  readonly head?: Figures;
  readonly delta: number;
  readonly deltaPercent?: number;
  readonly costPerDayDelta?: number;
  readonly maxTokens?: number;
  readonly maxCostPerDay?: number;
  readonly violations: Violation[];
}

export interface TaskDiff extends GroupDiff {
  /** Config file declaring the task, repository-relative. */
  readonly source: string;
  readonly head: Figures;
}

/** What one agent loads for one place of the repository (its effective context), at base and head; `name` is `agent @ place`, as findings name it. */
export interface ContextDiff extends GroupDiff {
  readonly agent: AgentId;
}

export interface BudgetDiff {
  readonly base: { readonly ref: string; readonly commit: string };
  readonly head: { readonly ref: string; readonly commit?: string };
  readonly thresholds: { readonly maxGrowthPercent?: number; readonly maxGrowthTokens?: number };
  readonly files: FileDiff[];
  readonly tasks: TaskDiff[];
  /** Agents' effective contexts (the `agents` setting at head decides which). */
  readonly contexts: ContextDiff[];
  readonly totals: { readonly base: number; readonly head: number; readonly delta: number; readonly deltaPercent?: number; readonly costPerCallBase: number; readonly costPerCallHead: number };
  readonly violations: Violation[];
  readonly passed: boolean;
}

interface Measured {
  readonly doc: PromptDocument;
  readonly config: ResolvedConfig;
  readonly figures: Figures;
}

/** One side (base or head) of the comparison, measured with the head's configuration. */
class SideReader {
  private readonly cache = new Map<string, Measured | { skipped: string } | undefined>();
  readonly set: ReadonlySet<string>;

  constructor(
    readonly tree: TreeSnapshot,
    private readonly engine: Engine,
    /** Directory that stands for the repository root in the engine's paths. */
    private readonly root: string,
  ) {
    this.set = new Set(tree.files);
  }

  preload(paths: readonly string[]): void {
    const todo = paths.filter((p) => !this.cache.has(p) && this.set.has(p));
    const contents = this.tree.read(todo);
    for (const p of todo) {
      const buf = contents.get(p);
      if (!buf) {
        this.cache.set(p, undefined);
        continue;
      }
      const decoded = decodeBuffer(buf);
      if ('error' in decoded) {
        this.cache.set(p, { skipped: `skipped: ${decoded.error}` });
        continue;
      }
      const loaded = this.engine.loadText(path.join(this.root, p), decoded.text);
      if (!loaded.ok) {
        this.cache.set(p, { skipped: loaded.reason });
        continue;
      }
      const { doc, config } = loaded;
      const t = summarizeTokens(doc, modelFor(config.model, config.prices), config.callsPerDay);
      this.cache.set(p, {
        doc,
        config,
        figures: { tokens: t.tokens, bytes: t.bytes, costPerCall: t.costPerCall, costPerDay: t.costPerDay, callsPerDay: t.callsPerDay, model: t.model, exact: t.exact },
      });
    }
  }

  get(p: string): Measured | { skipped: string } | undefined {
    if (!this.cache.has(p)) this.preload([p]);
    return this.cache.get(p);
  }

  measured(p: string): Measured | undefined {
    const m = this.get(p);
    return m && 'doc' in m ? m : undefined;
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
const fmt = formatNumber;

function growth(base: number | undefined, head: number): { delta: number; deltaPercent?: number } {
  const delta = head - (base ?? 0);
  return { delta, ...(base ? { deltaPercent: round((delta / base) * 100) } : base === 0 && head === 0 ? { deltaPercent: 0 } : {}) };
}

function growthViolations(
  subject: string,
  g: { delta: number; deltaPercent?: number },
  base: number | undefined,
  opts: BudgetDiffOptions,
  where: Pick<Violation, 'file' | 'task'>,
): Violation[] {
  const out: Violation[] = [];
  if (g.delta <= 0) return out;
  const from = base === undefined ? 'new' : `${fmt(base)} → ${fmt(base + g.delta)} tokens`;
  if (opts.maxGrowthPercent !== undefined && g.deltaPercent !== undefined && g.deltaPercent > opts.maxGrowthPercent) {
    out.push({ kind: 'growth', ...where, message: `${subject} grew ${g.deltaPercent}% (+${fmt(g.delta)} tokens, ${from}), over --max-growth ${opts.maxGrowthPercent}%` });
  }
  if (opts.maxGrowthTokens !== undefined && g.delta > opts.maxGrowthTokens) {
    out.push({ kind: 'growth', ...where, message: `${subject} grew by ${fmt(g.delta)} tokens (${from}), over --max-growth-tokens ${fmt(opts.maxGrowthTokens)}` });
  }
  return out;
}

export function computeBudgetDiff(opts: BudgetDiffOptions): BudgetDiff {
  const root = repoRoot(opts.cwd);
  const baseCommit = resolveCommit(opts.base, '--base', root);
  const headCommit = opts.head !== undefined ? resolveCommit(opts.head, '--head', root) : undefined;
  const baseTree = commitSnapshot(root, opts.base, baseCommit);
  const headTree = headCommit ? commitSnapshot(root, opts.head!, headCommit) : worktreeSnapshot(root);

  // The head's config files: the working tree itself, or a scratch copy of the head commit's
  // config files (nothing else is written; prompts are read from git into memory).
  let scratch: string | undefined;
  let headRoot = root;
  if (headCommit) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-budget-'));
    headRoot = fs.realpathSync(scratch);
    const configs = headTree.files.filter((p) => CONFIG_FILENAMES.includes(path.posix.basename(p)));
    for (const [p, buf] of headTree.read(configs)) {
      const abs = resolveInside(headRoot, p);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, buf);
    }
  }
  try {
    return compare(opts, root, headRoot, baseTree, headTree, baseCommit, headCommit);
  } finally {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function compare(
  opts: BudgetDiffOptions,
  root: string,
  headRoot: string,
  baseTree: TreeSnapshot,
  headTree: TreeSnapshot,
  baseCommit: string,
  headCommit: string | undefined,
): BudgetDiff {
  const cwdRel = relativePosix(root, fs.realpathSync(opts.cwd)) ?? '';
  const engineCwd = path.join(headRoot, cwdRel);
  // The loader's cwd is the baseDir when no config file applies: the (scratch) head tree, not process.cwd().
  const engine = new Engine({ cwd: engineCwd, loader: new ConfigLoader({ cwd: engineCwd }), configFile: opts.configFile ? path.resolve(opts.cwd, opts.configFile) : undefined, model: opts.model });
  const rootConfig = engine.configForDirectory(engineCwd);
  const selection = new FileSelection(engineCwd, rootConfig.baseDir, rootConfig.include, rootConfig.exclude);
  const pathFilter = pathsMatcher(opts.paths, cwdRel);

  /**
   * The head config's idea of a prompt file, as a run without patterns selects it (config/files.ts),
   * or one under a budget: readable, not excluded, within cwd.
   */
  const selected = (p: string): boolean => {
    if (cwdRel && !(p === cwdRel || p.startsWith(cwdRel + '/'))) return false;
    const abs = path.join(headRoot, p);
    if (!isWalkable(abs) || selection.isExcludedAlong(abs) || relativePosix(rootConfig.baseDir, abs) === undefined) return false;
    if (selection.isIncluded(abs)) return true;
    return engine.configFor(abs).budgets.some((b) => matchesGlobs(abs, b.value.files, b.baseDir));
  };

  const headSide = new SideReader(headTree, engine, headRoot);
  const baseSide = new SideReader(baseTree, engine, headRoot);
  const renames = renamesBetween(root, baseCommit, headCommit);
  const renamedFrom = new Set(renames.values());

  // Tasks declared by the head config (the root config and the configs of selected files).
  const headSelected = headTree.files.filter(selected);
  const taskEntries = engine.tasksFor([path.join(engineCwd, '.prompt-lint-probe'), ...headSelected.map((p) => path.join(headRoot, p))]);
  const rel = (abs: string) => relativePosix(headRoot, abs) ?? abs;
  /** A task's members in one side's tree (engine/task-files.ts); at base, a member renamed since counts by its old name. */
  const taskMembers = (task: Anchored<TaskConfig>, side: SideReader, followRenames: boolean): { files: string[]; missing: string[] } => {
    const abs = (p: string) => path.join(headRoot, p);
    const found = taskFiles(task, {
      glob: (entry, baseDir) => {
        const m = picomatch(path.posix.normalize(path.posix.join(relativePosix(headRoot, baseDir) ?? '', entry)), { dot: true });
        const hits = side.tree.files.filter((f) => m(f));
        if (followRenames) for (const [to, from] of renames) if (m(to) && side.set.has(from)) hits.push(from);
        return [...new Set(hits)].map(abs);
      },
      find: (file) => {
        const target = rel(file);
        if (side.set.has(target)) return { file };
        const from = followRenames ? renames.get(target) : undefined;
        return from !== undefined && side.set.has(from) ? { file: abs(from) } : { missing: true };
      },
    });
    return { files: found.files.map(rel), missing: found.missing.map((m) => rel(m.path)) };
  };
  const tasks = taskEntries.map(({ task, config, declaredBy }) => ({
    task,
    config,
    declaredBy,
    head: taskMembers(task, headSide, false),
    base: taskMembers(task, baseSide, true),
  }));

  // Files: selected on either side, task members, renames followed.
  const headPaths = new Set(headSelected);
  for (const t of tasks) for (const f of t.head.files) headPaths.add(f);
  const basePaths = new Set(baseTree.files.filter(selected));
  for (const h of headPaths) if (renames.has(h)) basePaths.add(renames.get(h)!);
  for (const t of tasks) for (const f of t.base.files) basePaths.add(f);

  const pairs: { head?: string; base?: string }[] = [];
  const pairedBase = new Set<string>();
  for (const h of [...headPaths].sort()) {
    const from = renames.get(h);
    const b = from !== undefined && baseSide.set.has(from) ? from : baseSide.set.has(h) ? h : undefined;
    if (b !== undefined) pairedBase.add(b);
    pairs.push({ head: h, base: b });
  }
  for (const b of [...basePaths].sort()) {
    if (pairedBase.has(b) || !baseSide.set.has(b)) continue;
    // Still there under the same name but counted only at base (a task member then): compare it;
    // otherwise it was deleted (or renamed out of the prompt files).
    pairs.push(headSide.set.has(b) && !renamedFrom.has(b) ? { head: b, base: b } : { base: b });
  }
  const kept = pairs.filter((p) => pathFilter(p.head) || pathFilter(p.base));
  headSide.preload(kept.flatMap((p) => (p.head ? [p.head] : [])));
  baseSide.preload(kept.flatMap((p) => (p.base ? [p.base] : [])));

  // The head side's budget findings: one run (engine/run.ts) over the head files and the tasks, with
  // the token-budget rule alone, as an error: the gate enforces budgets even where the lint only warns.
  const budget = ruleById('token-budget');
  const headFiles = kept.flatMap((p) => (p.head !== undefined && headSide.measured(p.head) ? [path.join(headRoot, p.head)] : []));
  const runTasks = [...new Map(tasks.map((t) => [taskKey(t.task), t] as const)).values()]
    .filter((t) => !opts.paths?.length || t.head.files.concat(t.base.files).some((f) => kept.some((p) => p.head === f || p.base === f)))
    .map((t, order) => ({ key: taskKey(t.task), order, declaredBy: t.declaredBy, members: t.head.files.filter((f) => headSide.measured(f)).map((f) => path.join(headRoot, f)) }))
    .filter((t) => t.members.length);
  // Effective contexts, resolved over each side's tree with the head's agents setting; the head's
  // join the budget run as the engine's derived tasks (token-budget over each agent's budget).
  const sideContexts = (tree: TreeSnapshot) => {
    const fsys = treeContextFs(tree, headRoot);
    const source: ContextSource = { rootOf: () => headRoot, contexts: (r, agents, limits) => repoContexts(r, { fs: fsys, limits, ...(agents ? { agents } : {}) }) };
    return { fsys, tasks: engine.derivedTasks([path.join(headRoot, '.prompt-lint-probe')], source, { everyContext: true }).filter((t) => t.kind === 'context' && t.entries.length > 0) };
  };
  const headContexts = sideContexts(headTree);
  const baseContexts = sideContexts(baseTree);
  const keptContext = (t: DerivedTask) => !opts.paths?.length || t.entries.some((e) => pathFilter(rel(e.path)));
  let order = runTasks.length;
  const contextTasks: UnitTask[] = headContexts.tasks
    .filter(keptContext)
    .flatMap((t) => {
      const members = contextMembers(t).filter((m) => headSide.measured(rel(m)));
      return members.length ? [{ key: derivedTaskKey(t), order: order++, declaredBy: members[0]!, members, derived: { ...t, rules: [budget?.meta.id ?? 'token-budget'] } }] : [];
    });
  const budgetRun = budget
    ? runUnit(engine, { files: headFiles, tasks: [...runTasks, ...contextTasks] }, { tokens: false, rules: [budget], severities: { [budget.meta.id]: 'error' } }, {
        loaded: (abs) => {
          const m = headSide.measured(relativePosix(headRoot, abs)!);
          return m ? { ok: true, doc: m.doc, config: m.config } : { ok: false, config: engine.configFor(abs), reason: 'not read' };
        },
      })
    : undefined;
  const fromTasks = new Set(budgetRun?.tasks.flatMap((t) => t.findings));
  const budgetFindings = new Map(budgetRun?.reports.map((r) => [r.path, r.findings.filter((f) => !fromTasks.has(f))] as const));
  const files: FileDiff[] = [];
  for (const p of kept) {
    const h = p.head !== undefined ? headSide.get(p.head) : undefined;
    const b = p.base !== undefined ? baseSide.get(p.base) : undefined;
    const headFig = h && 'figures' in h ? h.figures : undefined;
    const baseFig = b && 'figures' in b ? b.figures : undefined;
    const skipped = (h && 'skipped' in h ? h.skipped : undefined) ?? (b && 'skipped' in b ? b.skipped : undefined);
    const status: FileStatus =
      p.head === undefined ? 'deleted' : p.base === undefined ? 'added' : p.base !== p.head ? 'renamed' : headFig?.tokens === baseFig?.tokens && headFig?.bytes === baseFig?.bytes ? 'unchanged' : 'modified';
    const shown = p.head ?? p.base!;
    const g = headFig ? growth(baseFig?.tokens, headFig.tokens) : { delta: -(baseFig?.tokens ?? 0), deltaPercent: baseFig?.tokens ? -100 : undefined };
    const violations: Violation[] = [];
    if (headFig) violations.push(...growthViolations(shown, g, baseFig?.tokens, opts, { file: shown }));
    if (p.head !== undefined) {
      for (const f of budgetFindings.get(path.join(headRoot, p.head)) ?? []) {
        if (f.severity === 'error') violations.push({ kind: 'budget', file: shown, line: f.start.line + 1, message: `${shown}:${f.start.line + 1}: ${f.message}` });
      }
    }
    const dayDelta = headFig?.costPerDay !== undefined || baseFig?.costPerDay !== undefined ? (headFig?.costPerDay ?? 0) - (baseFig?.costPerDay ?? 0) : undefined;
    files.push({
      path: shown,
      ...(status === 'renamed' ? { from: p.base } : {}),
      status,
      ...(baseFig ? { base: baseFig } : {}),
      ...(headFig ? { head: headFig } : {}),
      ...(skipped ? { skipped } : {}),
      ...g,
      ...(dayDelta !== undefined ? { costPerDayDelta: dayDelta } : {}),
      violations,
    });
  }

  const taskDiffs: TaskDiff[] = [];
  const seen = new Set<string>();
  for (const t of tasks) {
    if (seen.has(taskKey(t.task))) continue;
    seen.add(taskKey(t.task));
    if (!t.head.files.concat(t.base.files).some((f) => kept.some((p) => p.head === f || p.base === f)) && opts.paths?.length) continue;
    const source = rel(t.task.source);
    const docsOf = (side: SideReader, members: string[]) => members.map((m) => side.measured(m)?.doc).filter((d): d is PromptDocument => !!d);
    const headDocs = docsOf(headSide, t.head.files);
    const baseDocs = docsOf(baseSide, t.base.files);
    const view = engine.taskView(t.task, t.config, headDocs);
    const figures = (docs: PromptDocument[]): Figures => {
      const tokens = docs.reduce((sum, d) => sum + summarizeTokens(d, view.model).tokens, 0);
      const bytes = docs.reduce((sum, d) => sum + Buffer.byteLength(d.file.text), 0);
      return figuresOf(tokens, bytes, view);
    };
    const headFig = figures(headDocs);
    const baseFig = t.base.files.length ? figures(baseDocs) : undefined;
    const g = growth(baseFig?.tokens, headFig.tokens);
    const subject = `Task \`${t.task.value.name}\``;
    const violations: Violation[] = [
      ...t.head.missing.map((m) => ({ kind: 'missing' as const, file: source, task: t.task.value.name, message: `${subject} names a file that does not exist at head: ${m}` })),
      ...growthViolations(subject, g, baseFig?.tokens, opts, { file: source, task: t.task.value.name }),
    ];
    for (const f of budgetRun?.tasks.find((o) => o.key === taskKey(t.task))?.findings ?? []) {
      if (f.severity === 'error') violations.push({ kind: 'task-limit', file: rel(f.path), line: f.start.line + 1, task: t.task.value.name, message: f.message });
    }
    taskDiffs.push({
      name: t.task.value.name,
      source,
      files: { head: t.head.files, base: t.base.files },
      ...(baseFig ? { base: baseFig } : {}),
      head: headFig,
      ...g,
      ...(headFig.costPerDay !== undefined ? { costPerDayDelta: headFig.costPerDay - (baseFig?.costPerDay ?? 0) } : {}),
      ...(t.task.value.maxTokens !== undefined ? { maxTokens: t.task.value.maxTokens } : {}),
      ...(t.task.value.maxCostPerDay !== undefined ? { maxCostPerDay: t.task.value.maxCostPerDay } : {}),
      violations,
    });
  }

  const contextDiffs = diffContexts(engine, headContexts, baseContexts, keptContext, rel, budgetRun?.tasks ?? [], opts);

  const totalBase = files.reduce((s, f) => s + (f.base?.tokens ?? 0), 0);
  const totalHead = files.reduce((s, f) => s + (f.head?.tokens ?? 0), 0);
  const violations = [...files.flatMap((f) => f.violations), ...taskDiffs.flatMap((t) => t.violations), ...contextDiffs.flatMap((c) => c.violations)];
  return {
    base: { ref: opts.base, commit: baseCommit },
    head: headCommit ? { ref: opts.head!, commit: headCommit } : { ref: 'working tree' },
    thresholds: {
      ...(opts.maxGrowthPercent !== undefined ? { maxGrowthPercent: opts.maxGrowthPercent } : {}),
      ...(opts.maxGrowthTokens !== undefined ? { maxGrowthTokens: opts.maxGrowthTokens } : {}),
    },
    files,
    tasks: taskDiffs,
    contexts: contextDiffs,
    totals: {
      base: totalBase,
      head: totalHead,
      ...growth(totalBase, totalHead),
      costPerCallBase: files.reduce((s, f) => s + (f.base?.costPerCall ?? 0), 0),
      costPerCallHead: files.reduce((s, f) => s + (f.head?.costPerCall ?? 0), 0),
    },
    violations,
    passed: violations.length === 0,
  };
}

interface SideContexts {
  readonly fsys: ContextFs;
  readonly tasks: readonly DerivedTask[];
}

/**
 * Each agent context at head beside the one of the same name (agent @ place) at base: tokens of
 * what the agent sends (a listed skill: its name and description; a truncated file: the part read),
 * growth against the thresholds, and the agent budget's findings from the run.
 */
function diffContexts(
  engine: Engine,
  head: SideContexts,
  base: SideContexts,
  kept: (t: DerivedTask) => boolean,
  rel: (abs: string) => string,
  outcomes: readonly { readonly key: string; readonly findings: readonly { severity: string; path: string; start: { line: number }; message: string }[] }[],
  opts: BudgetDiffOptions,
): ContextDiff[] {
  const byName = (side: SideContexts) => new Map(side.tasks.filter(kept).map((t) => [t.name, t] as const));
  const heads = byName(head);
  const bases = byName(base);
  const names = [...new Set([...heads.keys(), ...bases.keys()])].sort();
  const out: ContextDiff[] = [];
  for (const name of names) {
    const h = heads.get(name);
    const b = bases.get(name);
    const any = (h ?? b)!;
    const agent = any.agents[0]!;
    const config = engine.configFor(any.entries[0]!.path);
    const view = engine.contextView(any, config, []);
    const figures = (t: DerivedTask | undefined, side: SideContexts): Figures | undefined => {
      if (!t) return undefined;
      let tokens = 0;
      let bytes = 0;
      for (const entry of t.entries) {
        const text = entryText(entry, side.fsys) ?? '';
        tokens += countForModel(text, view.model).tokens;
        bytes += Buffer.byteLength(text);
      }
      return figuresOf(tokens, bytes, view);
    };
    const headFig = figures(h, head);
    const baseFig = figures(b, base);
    const g = headFig ? growth(baseFig?.tokens, headFig.tokens) : { delta: -(baseFig?.tokens ?? 0), ...(baseFig?.tokens ? { deltaPercent: -100 } : {}) };
    const subject = `Context \`${name}\``;
    // a context of one file on both sides grows exactly as that file does, which has its own row
    const several = (h?.entries.length ?? 0) > 1 || (b?.entries.length ?? 0) > 1;
    const violations: Violation[] = headFig && several ? growthViolations(subject, g, baseFig?.tokens, opts, { task: name }) : [];
    if (h) {
      for (const f of outcomes.find((o) => o.key === derivedTaskKey(h))?.findings ?? []) {
        if (f.severity === 'error') violations.push({ kind: 'task-limit', file: rel(f.path), line: f.start.line + 1, task: name, message: f.message });
      }
    }
    const dayDelta = headFig?.costPerDay !== undefined || baseFig?.costPerDay !== undefined ? (headFig?.costPerDay ?? 0) - (baseFig?.costPerDay ?? 0) : undefined;
    out.push({
      agent,
      name,
      files: { head: h ? h.entries.map((e) => rel(e.path)) : [], base: b ? b.entries.map((e) => rel(e.path)) : [] },
      ...(baseFig ? { base: baseFig } : {}),
      ...(headFig ? { head: headFig } : {}),
      ...g,
      ...(dayDelta !== undefined ? { costPerDayDelta: dayDelta } : {}),
      ...(view.maxTokens !== undefined ? { maxTokens: view.maxTokens } : {}),
      ...(view.maxCostPerDay !== undefined ? { maxCostPerDay: view.maxCostPerDay } : {}),
      violations,
    });
  }
  return out;
}

/** Positional paths: a file, a directory or a glob, relative to cwd; none means everything. */
function pathsMatcher(paths: readonly string[] | undefined, cwdRel: string): (p: string | undefined) => boolean {
  if (!paths?.length) return (p) => p !== undefined;
  const tests = paths.map((raw) => {
    const target = path.posix.normalize(path.posix.join(cwdRel, raw.replace(/\\/g, '/'))).replace(/\/$/, '');
    if (/[*?[\]{}]/.test(raw)) {
      const m = picomatch(target, { dot: true });
      return (p: string) => m(p);
    }
    return (p: string) => target === '.' || p === target || p.startsWith(target + '/');
  });
  return (p) => p !== undefined && tests.some((t) => t(p));
}

/** A task's or context's figures from its tokens and bytes, priced with its model and calls per day. */
function figuresOf(tokens: number, bytes: number, view: { readonly model: ModelInfo; readonly callsPerDay?: number }): Figures {
  const perCall = costPerCall(tokens, view.model);
  return {
    tokens,
    bytes,
    costPerCall: perCall,
    ...(view.callsPerDay ? { callsPerDay: view.callsPerDay, costPerDay: perCall * view.callsPerDay } : {}),
    model: view.model.id,
    exact: !!view.model.encoding,
  };
}
