/**
 * The one run path: the files a front names → units of work (a file alone, or the files that tasks
 * join) → each unit parsed once, fixed (only the files it may write), linted with its tasks → one
 * report per file, file and task findings together. The CLI (serial and in worker threads), the
 * language server and the gates all run files this way.
 */
import type { Anchored, ResolvedConfig, TaskConfig } from '../config/types.js';
import { fileText } from '../model/source.js';
import { readRegularFile } from '../config/read-file.js';
import { writeFileAtomic, WriteRefusedError } from './atomic-write.js';
import { applyEdits, selectCompatibleFixes } from './edits.js';
import { MAX_FIX_PASSES, type Engine, type FileReport, type LoadedDocument } from './engine.js';
import { compareFindings } from './linter.js';
import type { Finding, Rule, SeveritySetting, TextEdit } from './types.js';
import { fixFigures } from './fix-figures.js';
import { derivedTaskKey, memberText, readTogether, taskMembers, type DerivedTask } from './context-tasks.js';
import type { TaskView } from './types.js';
import type { PromptDocument } from '../model/types.js';
import { UsageError } from './usage-error.js';

export interface RunOptions {
  /** 'write' writes the fixed files (atomically), 'dry-run' only reports their text as `output`. */
  readonly fix?: 'write' | 'dry-run';
  /** Keep the linted text in the report (the JSON formatter needs it for multi-edit fixes). */
  readonly keepSource?: boolean;
  /** Count each named file's tokens (default true). */
  readonly tokens?: boolean;
  /** Lint with these rules only (default: the engine's); not for fixing. The budget gate runs token-budget alone. */
  readonly rules?: readonly Rule[];
  /** Severities forced over every config, options kept (the budget gate: token-budget as an error). */
  readonly severities?: Readonly<Record<string, SeveritySetting>>;
}

/** A task of a unit, its members resolved (absolute paths, in order). Plain data: it crosses threads. */
export interface UnitTask {
  /** `source\0name`: finds the task again in the declaring config. */
  readonly key: string;
  /** Its place among the run's tasks (reports of files outside the run come in this order). */
  readonly order: number;
  /** A file whose config declares the task: the config the task runs under. */
  readonly declaredBy: string;
  readonly members: readonly string[];
  /** A task derived from an agent's effective context (no config declares it; `declaredBy` is its first member). */
  readonly derived?: DerivedTask;
}

/** Files linted together: a named file alone, or the files the tasks of named files join. */
export interface RunUnit {
  /** Named files, in the order given: the files the run reports on and may write. */
  readonly files: readonly string[];
  readonly tasks: readonly UnitTask[];
}

export interface TaskOutcome {
  readonly key: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly findings: readonly Finding[];
  readonly ruleErrors: readonly string[];
}

export interface UnitResult {
  /** One report per named file, in order; task findings merged in. */
  readonly reports: FileReport[];
  /** Task findings in files the run did not name, each with its task's `order`. */
  readonly others: { readonly order: number; readonly report: FileReport }[];
  readonly tasks: readonly TaskOutcome[];
}

/** Where a unit's texts come from when not from disk: editor buffers, stdin, a git tree. */
export interface RunInput {
  /** A document already parsed for this path (reused as it is). */
  readonly loaded?: (file: string) => LoadedDocument | undefined;
}

export interface PlanOptions {
  /** Run the tasks of the named files (default true). */
  readonly tasks?: boolean;
  /** A task naming a missing file: given here instead of thrown (the task is left out). */
  readonly onTaskError?: (error: Error) => void;
  /** Derive tasks from agents' effective contexts (default true, when the engine has a context source). */
  readonly contexts?: boolean;
}

export const taskKey = (task: Anchored<TaskConfig>): string => `${task.source}\0${task.value.name}`;

/**
 * Splits named files into units: files that share a task (or a task member) go together, so that
 * each file is parsed once and fixed on one thread. Units come in the order of their first file.
 */
export async function planRun(engine: Engine, files: readonly string[], options: PlanOptions = {}): Promise<RunUnit[]> {
  const named = files.map((f) => engine.resolve(f));
  const tasks: UnitTask[] = [];
  if (options.tasks !== false) {
    const namedSet = new Set(named);
    for (const [order, { task, declaredBy }] of engine.tasksFor(named).entries()) {
      let members: string[];
      try {
        members = await engine.resolveTaskFiles(task);
      } catch (error) {
        if (!options.onTaskError) throw error;
        options.onTaskError(error as Error);
        continue;
      }
      if (members.some((m) => namedSet.has(m))) tasks.push({ key: taskKey(task), order, declaredBy, members });
    }
    if (options.contexts !== false) {
      let order = tasks.length ? tasks[tasks.length - 1]!.order + 1 : 0;
      for (const derived of engine.derivedTasks(named)) {
        const members = taskMembers(derived);
        // a member whose own config is broken (reported when that file is linted) costs this
        // context, not the lint of the named files: the user named none of it
        if (members.some((m) => !namedSet.has(m) && !configResolves(engine, m))) continue;
        const joined = joinedFiles({ members, derived });
        if (joined.some((m) => namedSet.has(m))) tasks.push({ key: derivedTaskKey(derived), order: order++, declaredBy: joined[0]!, members, derived });
      }
    }
  }
  if (tasks.length === 0) return named.map((file) => ({ files: [file], tasks: [] }));
  // union-find over paths: a task joins its members
  const parent = new Map<string, string>();
  const find = (p: string): string => {
    let root = p;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(p, root);
    return root;
  };
  for (const file of named) parent.set(file, find(file));
  for (const task of tasks) {
    const joined = joinedFiles(task);
    for (const member of joined.slice(1)) parent.set(find(member), find(joined[0]!));
  }
  const units = new Map<string, { files: string[]; tasks: UnitTask[] }>();
  for (const file of named) {
    const root = find(file);
    let unit = units.get(root);
    if (!unit) units.set(root, (unit = { files: [], tasks: [] }));
    if (!unit.files.includes(file)) unit.files.push(file);
  }
  for (const task of tasks) units.get(find(joinedFiles(task)[0]!))!.tasks.push(task);
  return [...units.values()];
}

/** A task's members, and the files its derived context reports in without reading them: one unit. */
function joinedFiles(task: Pick<UnitTask, 'members' | 'derived'>): readonly string[] {
  return task.derived?.unread?.length ? [...task.members, ...task.derived.unread] : task.members;
}

/**
 * Runs one unit: parses each of its files once, applies the fixes of the named files (their own and
 * those task rules report in them) in passes until nothing changes, then lints the named files and
 * the tasks. Only named files are written, and only in `fix: 'write'`.
 */
export function runUnit(engine: Engine, unit: RunUnit, options: RunOptions = {}, input: RunInput = {}): UnitResult {
  const loadedByPath = new Map<string, LoadedDocument>();
  const load = (file: string): LoadedDocument => {
    let loaded = loadedByPath.get(file);
    if (!loaded) loadedByPath.set(file, (loaded = input.loaded?.(file) ?? engine.loadFile(file)));
    return loaded;
  };
  const rules = options.rules ?? engine.rules;
  const forced = forcing(options.severities);
  const lintOne = (loaded: LoadedDocument & { ok: true }): FileReport => {
    if (!options.rules && !options.severities) return engine.lintLoaded(loaded, options.tokens !== false);
    const report = engine.withTokens({ path: loaded.doc.file.path, findings: [], ruleErrors: [] }, loaded, options.tokens !== false);
    const outcome = engine.lintDocument(loaded.doc, forced(loaded.config), rules);
    return { ...report, findings: outcome.findings, ruleErrors: outcome.ruleErrors };
  };
  const original = new Map<string, LoadedDocument>();
  // The bytes the fixes start from: a file that changes before its fix is written is left alone.
  const raw = new Map<string, Buffer | undefined>();
  for (const file of unit.files) {
    if (options.fix === 'write') raw.set(file, readIfRegular(file));
    original.set(file, load(file));
  }

  const fixed = new Map<string, FileReport>();
  if (options.fix) fixUnit(engine, unit, load, (file, loaded) => loadedByPath.set(file, loaded), fixed);

  const reports = new Map<string, FileReport>();
  for (const file of unit.files) {
    const loaded = load(file);
    const before = original.get(file)!;
    let report: FileReport;
    if (!loaded.ok) report = { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] };
    else {
      // a fix pass that changed nothing already linted the text: only its tokens are left to count
      const last = fixed.get(file);
      report = last ? engine.withTokens(last, loaded, options.tokens !== false) : lintOne(loaded);
      if (before.ok && loaded.doc.file.text !== before.doc.file.text) {
        const output = fileText(before.doc.file, loaded.doc.file.text);
        let written = true;
        if (options.fix === 'write') {
          try {
            writeFileAtomic(file, output, { expected: raw.get(file) ?? Buffer.alloc(0) });
          } catch (error) {
            if (!(error instanceof WriteRefusedError)) throw error;
            // Not written (read-only, hard-linked, changed meanwhile): report the file as it is.
            written = false;
            loadedByPath.set(file, before);
            report = { ...lintOne(before), skipped: `fixes not written: ${error.message.replace(/^.*?: /, '')}` };
          }
        }
        if (written) {
          report.output = output;
          report.fixed = fixFigures(engine, before, report);
        } else if (options.keepSource) report.source = before.doc.file.text;
      }
      if (options.keepSource && report.source === undefined) report.source = loaded.doc.file.text;
    }
    reports.set(file, report);
  }

  const others = new Map<string, { order: number; report: FileReport }>();
  const tasks: TaskOutcome[] = [];
  // Several tasks may hold the same pair of files (contexts of nested directories, a configured task
  // and an agent's context): a finding is reported once.
  const reported = new Set<string>();
  // the part of a member an agent sends (a listed skill, a truncated file) is the same in every
  // context that holds it: parsed once per unit, not once per context (hundreds in a large repository)
  const partViews: PartViews = new Map();
  for (const unitTask of unit.tasks) {
    const found = taskToRun(engine, unitTask, load, partViews);
    if (!found) continue;
    const outcome = engine.lintTask(found.view, forced(found.config), found.rules ? rules.filter((r) => found.rules!.includes(r.meta.id)) : rules);
    const findings = outcome.findings.flatMap((f) => {
      // drift reports only what no one agent reads together, whichever other tasks share the unit
      if (unitTask.derived?.kind === 'drift' && readTogether(unitTask.derived, f.path, (f.related ?? []).map((r) => r.path))) return [];
      const key = findingKey(f);
      // a pair is one finding whichever side a task puts it on: a configured task names the later
      // copy by path, an agent's context by the order it loads its files
      const pair = pairKey(f);
      if (reported.has(key) || (pair && reported.has(pair))) return [];
      reported.add(key);
      if (pair) reported.add(pair);
      // An agent's context is one reader among several of a file: a fix that suits it (delete the
      // later copy) may take a line from a file another agent reads alone. Shown, never applied blind.
      return [unitTask.derived && f.fix ? withoutFix(f) : f];
    });
    tasks.push({ key: unitTask.key, name: found.view.name, members: unitTask.members, findings, ruleErrors: outcome.ruleErrors });
    const docs = found.view.docs;
    for (const finding of findings) {
      let report = reports.get(finding.path) ?? others.get(finding.path)?.report;
      if (!report) {
        report = { path: finding.path, findings: [], ruleErrors: [] };
        others.set(finding.path, { order: unitTask.order, report });
      }
      report.findings.push(finding);
      report.findings.sort(compareFindings);
    }
    const first = docs[0] && (reports.get(docs[0].file.path) ?? others.get(docs[0].file.path)?.report);
    first?.ruleErrors.push(...outcome.ruleErrors);
  }
  return { reports: unit.files.map((f) => reports.get(f)!), others: [...others.values()], tasks };
}

/**
 * Fixes the named files of a unit: each file's own fixes to a fixed point, then the fixes that task
 * rules report in named files, again until nothing changes. A task fix with an edit in a file that
 * was not named is left alone: `--fix` writes only what it was given.
 */
function fixUnit(
  engine: Engine,
  unit: RunUnit,
  load: (file: string) => LoadedDocument,
  replace: (file: string, loaded: LoadedDocument) => void,
  lastLint: Map<string, FileReport>,
): void {
  const writable = new Set(unit.files);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    for (const file of unit.files) {
      const loaded = load(file);
      if (!loaded.ok) continue;
      const text = loaded.doc.file.text;
      const { output, report } = engine.fixText(file, text);
      lastLint.set(file, report);
      if (output !== text) replace(file, engine.loadText(file, output));
    }
    if (unit.tasks.length === 0) return;
    let taskChanged = false;
    for (const unitTask of unit.tasks) {
      if (unitTask.derived) continue; // their findings carry no fix (see runUnit)
      const found = findTask(engine, unitTask);
      if (!found) continue;
      const docs = unitTask.members.map(load).flatMap((l) => (l.ok ? [l.doc] : []));
      const findings = engine.lintTask(engine.taskView(found.task, found.config, docs), found.config).findings;
      const fixes = findings.flatMap((f) => (f.fix?.length && f.fix.every((e) => writable.has(e.path!)) ? [f.fix] : []));
      const byPath = new Map<string, TextEdit[]>();
      for (const edit of selectCompatibleFixes(fixes)) byPath.set(edit.path!, [...(byPath.get(edit.path!) ?? []), edit]);
      for (const [file, edits] of byPath) {
        const loaded = load(file);
        if (!loaded.ok) continue;
        const next = applyEdits(loaded.doc.file.text, edits).text;
        if (next === loaded.doc.file.text) continue;
        replace(file, engine.loadText(file, next));
        lastLint.delete(file);
        taskChanged = true;
      }
    }
    if (!taskChanged) return;
  }
}

/** path and part → what an agent sends of a member (undefined: the file as it is), for the document it was made from. */
type PartViews = Map<string, { readonly of: PromptDocument; readonly view: LoadedDocument | undefined }>;

/** The view, config and rules of a unit's task, configured or derived; undefined when it is gone. */
function taskToRun(
  engine: Engine,
  unitTask: UnitTask,
  load: (file: string) => LoadedDocument,
  partViews: PartViews = new Map(),
): { view: TaskView; config: ResolvedConfig; rules?: readonly string[] } | undefined {
  if (unitTask.derived) {
    // a file a resolver listed may be gone or unreadable by now: the context is judged without it
    const loadAll = (files: readonly string[]) =>
      files.flatMap((m) => {
        try {
          const loaded = load(m);
          return loaded.ok ? [loaded.doc] : [];
        } catch (error) {
          if (error instanceof UsageError) return [];
          throw error;
        }
      });
    // a member the agent sends in part (a listed skill, a truncated file) is seen as that part
    // only (memberText); the files as they are go along for rules about their size (TaskView.whole)
    const derived = unitTask.derived;
    const whole = loadAll(unitTask.members);
    const docs = whole.map((doc) => {
      // what is sent of a file depends on its text and the entry's part only: worked out once per unit
      const part = derived.entries.find((e) => e.path === doc.file.path)?.part;
      const key = `${doc.file.path}\0${JSON.stringify(part ?? null)}`;
      let known = partViews.get(key);
      if (!known || known.of !== doc) {
        const text = memberText(derived, doc.file.path, doc.file.text);
        partViews.set(key, (known = { of: doc, view: text === undefined ? undefined : engine.loadText(doc.file.path, text) }));
      }
      return known.view?.ok ? known.view.doc : doc;
    });
    const unread = loadAll(unitTask.derived.unread ?? []);
    const first = docs[0] ?? unread[0];
    if (!first) return undefined;
    const config = engine.configFor(first.file.path);
    const view = engine.contextView(unitTask.derived, config, docs);
    const partial = docs.some((d, i) => d !== whole[i]);
    return { view: { ...view, ...(unread.length ? { unread } : {}), ...(partial ? { whole } : {}) }, config, ...(unitTask.derived.rules ? { rules: unitTask.derived.rules } : {}) };
  }
  const found = findTask(engine, unitTask);
  if (!found) return undefined;
  const docs = unitTask.members.map(load).flatMap((l) => (l.ok ? [l.doc] : []));
  return { view: engine.taskView(found.task, found.config, docs), config: found.config };
}

/** Rule, place and the places it relates to: the same finding whichever task reported it. */
export function findingKey(f: Finding): string {
  const related = (f.related ?? []).map((r) => `${r.path}:${r.range.start}-${r.range.end}`).join('|');
  return `${f.ruleId}\0${f.path}\0${f.range.start}-${f.range.end}\0${related}`;
}

/** Rule and the two places of a cross-file finding that relates one other place, in either order. */
function pairKey(f: Finding): string | undefined {
  if (f.related?.length !== 1) return undefined;
  const [a, b] = [`${f.path}:${f.range.start}-${f.range.end}`, `${f.related[0]!.path}:${f.related[0]!.range.start}-${f.related[0]!.range.end}`].sort();
  return `pair\0${f.ruleId}\0${a}\0${b}`;
}

function withoutFix(f: Finding): Finding {
  const { fix: _fix, tokensSaved: _saved, ...rest } = f;
  return rest;
}

function findTask(engine: Engine, unitTask: UnitTask): { task: Anchored<TaskConfig>; config: ResolvedConfig } | undefined {
  const config = engine.configFor(unitTask.declaredBy);
  const task = config.tasks.find((t) => taskKey(t) === unitTask.key);
  return task && { task, config };
}

/** Configs with some rules' severities forced (options kept), each worked out once. */
function forcing(severities: RunOptions['severities']): (config: ResolvedConfig) => ResolvedConfig {
  if (!severities) return (config) => config;
  const done = new Map<ResolvedConfig, ResolvedConfig>();
  return (config) => {
    let out = done.get(config);
    if (!out) {
      const rules = { ...config.rules };
      for (const [id, severity] of Object.entries(severities)) rules[id] = [severity, config.rules[id]?.[1] ?? {}] as const;
      done.set(config, (out = { ...config, rules }));
    }
    return out;
  };
}

/** The reports of a run in order: named files as given, then files only tasks reported on. */
export function assembleReports(results: readonly UnitResult[]): FileReport[] {
  const out = results.flatMap((r) => r.reports);
  const seen = new Map(out.map((r) => [r.path, r] as const));
  const others = results.flatMap((r) => r.others).sort((a, b) => a.order - b.order);
  for (const { report } of others) {
    const existing = seen.get(report.path);
    if (existing) {
      existing.findings.push(...report.findings);
      existing.findings.sort(compareFindings);
      existing.ruleErrors.push(...report.ruleErrors);
      continue;
    }
    seen.set(report.path, report);
    out.push(report);
  }
  return out;
}

/** Plans and runs named files on this thread. */
export async function runFiles(engine: Engine, files: readonly string[], options: RunOptions = {}): Promise<FileReport[]> {
  const units = await planRun(engine, files);
  return assembleReports(units.map((unit) => runUnit(engine, unit, options)));
}

function readIfRegular(file: string): Buffer | undefined {
  try {
    return readRegularFile(file);
  } catch {
    return undefined; // loading it reports why
  }
}

function configResolves(engine: Engine, file: string): boolean {
  try {
    engine.configFor(file);
    return true;
  } catch {
    return false;
  }
}
