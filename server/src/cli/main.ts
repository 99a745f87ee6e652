/**
 * The `prompt-lint` command: a thin front over the engine.
 * Exit codes: 0 clean (warnings within --max-warnings), 1 lint errors or too many warnings,
 * 2 usage, config or internal error. Results go to stdout, messages to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFiles } from '../config/files.js';
import { readRegularFile } from '../config/read-file.js';
import { Engine, UsageError, type EngineOptions, type FileReport } from '../engine/engine.js';
import { withoutBom } from '../model/source.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { assembleReports, planRun, runUnit, type RunOptions, type RunUnit, type UnitResult } from '../engine/run.js';
import { VERSION } from '../version.js';
import { parseRuleFlags } from './rule-flags.js';
import { colorEnabled } from './formatters/colors.js';
import { sumCounts } from '../engine/counts.js';
import { formatters } from './formatters/index.js';
import { processInWorkers, type WorkerFailure } from './parallel.js';
import { Progress } from './progress.js';
import { ResultCache } from './result-cache.js';
import { runTokensCommand } from './tokens-command.js';
import { runContextCommand } from './context-command.js';
import { runBudgetCommand } from './budget-command.js';
import { runReportCommand } from './report-command.js';
import { baselineStep, checkBaselineFlags } from '../gates/baseline.js';
import { HELP, noFilesMessage } from './help.js';
import { ignoreGlobs } from './ignore.js';
import { initConfig } from './init.js';
import { listRules, printConfig } from './print-config.js';
import { fixSummary } from './fix-summary.js';
import { checkModelFlag, parseCommandLine, wantsHelp } from './options.js';

export interface CliIO {
  readonly cwd: string;
  readonly stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  readonly stdin?: NodeJS.ReadableStream;
}

const LINT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  rule: { type: 'string', multiple: true },
  model: { type: 'string' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  concurrency: { type: 'string' },
  baseline: { type: 'string' },
  'baseline-write': { type: 'string' },
  'output-file': { type: 'string', short: 'o' },
  'ignore-pattern': { type: 'string', multiple: true },
  'no-ignore': { type: 'boolean' },
  'print-config': { type: 'string' },
  'list-rules': { type: 'boolean' },
  init: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    if (argv[0] === 'tokens') return await runTokensCommand(argv.slice(1), io);
    if (argv[0] === 'budget') return await runBudgetCommand(argv.slice(1), io);
    if (argv[0] === 'report') return await runReportCommand(argv.slice(1), io);
    if (argv[0] === 'context') return await runContextCommand(argv.slice(1), io);
    return await runLint(argv, io);
  } catch (error) {
    io.stderr.write(`prompt-lint: ${describeError(error)}\n`);
    return 2;
  }
}

function describeError(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  const e = error as Error & { code?: string };
  // ConfigError and parseArgs errors carry a message meant for users; anything else is a bug.
  if (e?.name === 'ConfigError' || e?.code?.startsWith?.('ERR_PARSE_ARGS')) return e.message;
  return `internal error: ${e?.stack ?? String(error)}`;
}

async function runLint(argv: readonly string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(HELP);
    return 0;
  }
  const { values, positionals } = parseCommandLine(argv, LINT_OPTIONS);
  checkModelFlag(values.model);
  checkBaselineFlags({ read: values.baseline, write: values['baseline-write'], cwd: io.cwd });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values['list-rules']) {
    io.stdout.write(listRules(new Engine({ cwd: io.cwd }).rules));
    return 0;
  }
  if (values.init) {
    const { file } = initConfig(new Engine({ cwd: io.cwd }), io.cwd);
    io.stderr.write(`prompt-lint: wrote ${path.relative(io.cwd, file)} (every rule at its default; docs/configuration.md)\n`);
    return 0;
  }
  const formatName = values.format ?? 'stylish';
  const formatter = formatters[formatName];
  if (!formatter) throw new UsageError(`unknown --format "${formatName}" (expected ${Object.keys(formatters).join(', ')})`);
  const maxWarnings = values['max-warnings'] === undefined ? -1 : parseCount(values['max-warnings'], '--max-warnings');
  const engineOptions: EngineOptions = {
    cwd: io.cwd,
    configFile: values.config ? path.resolve(io.cwd, values.config) : undefined,
    ruleOverrides: parseRuleFlags(values.rule ?? []),
    model: values.model,
    // PROMPT_LINT_TIMING=1 (as ESLint's TIMING): each rule's milliseconds on stderr; this thread's only (--concurrency off sees them all)
    timing: !!process.env.PROMPT_LINT_TIMING,
  };
  if (engineOptions.configFile && !fs.existsSync(engineOptions.configFile)) {
    throw new UsageError(`--config ${values.config}: file not found`);
  }
  if (values.fix && values['fix-dry-run']) {
    throw new UsageError('--fix and --fix-dry-run cannot be used together (--fix writes the files, --fix-dry-run only reports what it would write)');
  }
  const engine = new Engine(engineOptions);
  if (values['print-config'] !== undefined) {
    io.stdout.write(printConfig(engine, values['print-config'], io.cwd));
    return 0;
  }
  // As ESLint: fixed text from stdin has nowhere to be written; --fix-dry-run reports it (JSON `output`).
  if (values.fix && values.stdin) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run --format json to get the fixed text (its "output")');
  const fixMode: RunOptions['fix'] = values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined;
  const runOptions: RunOptions = { fix: fixMode, keepSource: formatName === 'json' };

  let reports: FileReport[];
  if (values.stdin) {
    reports = [await lintStdin(engine, io, values['stdin-filename'], fixMode)];
  } else {
    if (values['stdin-filename']) throw new UsageError('--stdin-filename needs --stdin');
    reports = await lintPaths(engine, engineOptions, positionals, runOptions, io, {
      cache: values.cache ? new ResultCache(path.resolve(io.cwd, values['cache-location'] ?? ResultCache.defaultLocation(io.cwd)), VERSION, values['cache-location']) : undefined,
      concurrency: values.concurrency,
      ignorePatterns: values['ignore-pattern'] ?? [],
      noIgnore: !!values['no-ignore'],
    });
  }

  const ruleErrors = reports.flatMap((r) => r.ruleErrors);
  reports = baselineStep(reports, { read: values.baseline, write: values['baseline-write'], cwd: io.cwd }, io.stderr);
  if (values.quiet) for (const r of reports) r.findings = r.findings.filter((f) => f.severity === 'error');
  const color = colorEnabled(io.stdout as NodeJS.WriteStream, values['no-color'] ? false : values.color);
  const output = formatter(reports, { cwd: io.cwd, color: values['output-file'] ? false : color, fixing: !!fixMode });
  if (values['output-file']) writeOutputFile(path.resolve(io.cwd, values['output-file']), values['output-file'], output);
  else io.stdout.write(output);
  if (fixMode) io.stderr.write(fixSummary(reports, io.cwd, fixMode === 'dry-run'));
  for (const message of ruleErrors) io.stderr.write(`prompt-lint: ${message}\n`);
  if (engine.ruleTimes) io.stderr.write(formatRuleTimes(engine.ruleTimes));
  if (ruleErrors.length) return 2;
  const totals = sumCounts(reports);
  if (totals.errorCount > 0) return 1;
  if (maxWarnings >= 0 && totals.warningCount > maxWarnings) {
    io.stderr.write(`prompt-lint found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

function formatRuleTimes(times: ReadonlyMap<string, number>): string {
  const rows = [...times].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  return `rule timing (ms):\n${rows.map(([id, ms]) => `  ${id.padEnd(26)} ${ms.toFixed(0).padStart(7)}  ${((ms / total) * 100).toFixed(1)}%`).join('\n')}\n`;
}

function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function lintStdin(engine: Engine, io: CliIO, filename: string | undefined, fix: RunOptions['fix']): Promise<FileReport> {
  const raw = await readAll(io.stdin ?? process.stdin);
  const name = engine.resolve(filename ?? 'stdin.md');
  // Like ESLint, stdin is never written back: a fix on stdin is a dry run that reports `output`.
  const unit: RunUnit = { files: [name], tasks: [] };
  const loaded = engine.loadText(name, raw);
  return runUnit(engine, unit, { fix: fix && 'dry-run', keepSource: true }, { loaded: () => loaded }).reports[0]!;
}

interface PathRunOptions {
  readonly cache?: ResultCache;
  readonly concurrency?: string;
  /** `--ignore-pattern`: more exclude globs, relative to the working directory. */
  readonly ignorePatterns?: readonly string[];
  /** `--no-ignore`: neither `.gitignore` nor the config's `exclude` (the built-in excludes stay). */
  readonly noIgnore?: boolean;
}

/** `-o FILE`: the formatter's output written whole (atomically), as ESLint's --output-file. */
function writeOutputFile(file: string, shown: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, text);
  } catch (error) {
    throw new UsageError(`--output-file ${shown}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function lintPaths(
  engine: Engine,
  engineOptions: EngineOptions,
  patterns: readonly string[],
  runOptions: RunOptions,
  io: CliIO,
  opts: PathRunOptions,
): Promise<FileReport[]> {
  const rootConfig = engine.configForDirectory(io.cwd);
  const found = await findFiles([...patterns], {
    cwd: io.cwd,
    include: [...rootConfig.include],
    exclude: ignoreGlobs(rootConfig, io.cwd, opts),
    baseDir: rootConfig.baseDir,
    respectGitignore: !opts.noIgnore,
  });
  if (found.missing.length) {
    throw new UsageError(found.missing.map((m) => `no files matching "${m}" were found`).join('\n'));
  }
  if (found.files.length === 0) io.stderr.write(noFilesMessage(io.cwd));
  const units = await planRun(engine, found.files);
  const results = new Array<UnitResult | undefined>(units.length);
  // A file alone (in no task) is cached; a task's findings depend on its other files.
  const cacheKeys = new Array<string | undefined>(units.length);
  const todo: number[] = [];
  const useCache = opts.cache && !runOptions.fix;
  units.forEach((unit, i) => {
    const file = unit.files[0]!;
    if (useCache && unit.files.length === 1 && unit.tasks.length === 0) {
      const config = engine.configFor(file);
      let content: Buffer;
      try {
        content = readRegularFile(file);
      } catch {
        todo.push(i); // not cached: linting it reports why it cannot be read, and skips it
        return;
      }
      cacheKeys[i] = opts.cache!.key(content, config);
      const hit = opts.cache!.get(file, cacheKeys[i]!);
      if (hit) {
        if (runOptions.keepSource) hit.source = withoutBom(content.toString('utf8'));
        results[i] = { reports: [hit], others: [], tasks: [] };
        return;
      }
    }
    todo.push(i);
  });

  const progress = new Progress(todo.length, io.stderr as NodeJS.WriteStream, !!io.stderr.isTTY);
  const threads = threadCount(opts.concurrency, todo.length);
  if (threads > 1) {
    const outcomes = await processInWorkers(todo.map((i) => units[i]!), threads, engineOptions, runOptions, () => progress.tick());
    outcomes.forEach((outcome, k) => {
      if ('reports' in outcome) results[todo[k]!] = outcome;
      else throw outcome.usage ? new UsageError(outcome.message) : Object.assign(new Error(outcome.message), { name: outcome.name } satisfies Partial<WorkerFailure>);
    });
  } else {
    for (const i of todo) {
      results[i] = runUnit(engine, units[i]!, runOptions);
      progress.tick();
    }
  }
  progress.finish();
  if (useCache) {
    for (const i of todo) if (cacheKeys[i] !== undefined) opts.cache!.set(units[i]!.files[0]!, cacheKeys[i]!, { ...results[i]!.reports[0]!, source: undefined });
    opts.cache!.save();
  }
  const unlisted = found.unreadable.map((u): FileReport => ({ path: u.path, findings: [], skipped: `skipped: ${u.reason}`, ruleErrors: [] }));
  return [...assembleReports(results as UnitResult[]), ...unlisted];
}

/** Parallel only where it pays: worker start-up costs more than a few small files take. */
function threadCount(flag: string | undefined, files: number): number {
  const cores = os.availableParallelism();
  if (flag === 'off') return 1;
  if (flag !== undefined && flag !== 'auto') {
    if (!/^\d+$/.test(flag) || Number(flag) < 1) throw new UsageError(`--concurrency expects a positive number, "auto" or "off", got "${flag}"`);
    return Math.min(Number(flag), Math.max(1, files));
  }
  if (files < 64 || cores < 2) return 1;
  return Math.min(cores, Math.ceil(files / 32));
}
