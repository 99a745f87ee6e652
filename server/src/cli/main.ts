/**
 * The `prompt-lint` command: a thin front over the engine.
 * Exit codes: 0 clean (warnings within --max-warnings), 1 lint errors or too many warnings,
 * 2 usage, config or internal error. Results go to stdout, messages to stderr.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFiles } from '../config/files.js';
import { Engine, UsageError, type EngineOptions, type FileReport } from '../engine/engine.js';
import type { PromptDocument } from '../model/types.js';
import { VERSION } from '../version.js';
import { parseRuleFlags } from './rule-flags.js';
import { colorEnabled } from './formatters/colors.js';
import { sumCounts } from './formatters/counts.js';
import { formatters } from './formatters/index.js';
import { processInWorkers, type WorkerFailure } from './parallel.js';
import { writeFileAtomic } from './atomic-write.js';
import { processFile, type ProcessOptions } from './process-file.js';
import { Progress } from './progress.js';
import { ResultCache } from './result-cache.js';
import { runTokensCommand } from './tokens-command.js';
import { runBudgetCommand } from './budget-command.js';
import { runReportCommand } from './report-command.js';
import { baselineStep } from '../gates/baseline.js';
import { HELP } from './help.js';

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
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    if (argv[0] === 'tokens') return await runTokensCommand(argv.slice(1), io);
    if (argv[0] === 'budget') return await runBudgetCommand(argv.slice(1), io);
    if (argv[0] === 'report') return await runReportCommand(argv.slice(1), io);
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
  const { values, positionals } = parseArgs({ args: [...argv], options: LINT_OPTIONS, allowPositionals: true, strict: true });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
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
  };
  if (engineOptions.configFile && !fs.existsSync(engineOptions.configFile)) {
    throw new UsageError(`--config ${values.config}: file not found`);
  }
  const engine = new Engine(engineOptions);
  const fixMode: ProcessOptions['fix'] = values.fix ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined;
  const processOptions: ProcessOptions = { fix: fixMode, keepSource: formatName === 'json' };

  let reports: FileReport[];
  if (values.stdin) {
    reports = [await lintStdin(engine, io, values['stdin-filename'], fixMode)];
  } else {
    if (values['stdin-filename']) throw new UsageError('--stdin-filename needs --stdin');
    reports = await lintPaths(engine, engineOptions, positionals, processOptions, io, {
      cache: values.cache ? new ResultCache(path.resolve(io.cwd, values['cache-location'] ?? ResultCache.defaultLocation(io.cwd)), VERSION) : undefined,
      concurrency: values.concurrency,
    });
  }

  const ruleErrors = reports.flatMap((r) => r.ruleErrors);
  reports = baselineStep(reports, { read: values.baseline, write: values['baseline-write'], cwd: io.cwd }, io.stderr);
  if (values.quiet) for (const r of reports) r.findings = r.findings.filter((f) => f.severity === 'error');
  const color = colorEnabled(io.stdout as NodeJS.WriteStream, values['no-color'] ? false : values.color);
  io.stdout.write(formatter(reports, { cwd: io.cwd, color, fixing: !!fixMode }));
  for (const message of ruleErrors) io.stderr.write(`prompt-lint: ${message}\n`);
  if (ruleErrors.length) return 2;
  const totals = sumCounts(reports);
  if (totals.errorCount > 0) return 1;
  if (maxWarnings >= 0 && totals.warningCount > maxWarnings) {
    io.stderr.write(`prompt-lint found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
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

async function lintStdin(engine: Engine, io: CliIO, filename: string | undefined, fix: ProcessOptions['fix']): Promise<FileReport> {
  const raw = await readAll(io.stdin ?? process.stdin);
  const name = path.resolve(io.cwd, filename ?? 'stdin.md');
  const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = raw.slice(bom.length);
  if (fix) {
    // Like ESLint, stdin is never written back: a fix on stdin is a dry run that reports `output`.
    const { output } = engine.fixText(name, text);
    const report = engine.lintLoaded(engine.loadText(name, output));
    report.source = output;
    if (output !== text) report.output = bom + output;
    return report;
  }
  const loaded = engine.loadText(name, text);
  const report = loaded.ok ? engine.lintLoaded(loaded) : { path: name, findings: [], skipped: loaded.reason, ruleErrors: [] };
  report.source = text;
  return report;
}

interface PathRunOptions {
  readonly cache?: ResultCache;
  readonly concurrency?: string;
}

async function lintPaths(
  engine: Engine,
  engineOptions: EngineOptions,
  patterns: readonly string[],
  processOptions: ProcessOptions,
  io: CliIO,
  opts: PathRunOptions,
): Promise<FileReport[]> {
  const rootConfig = engine.configForDirectory(io.cwd);
  const found = await findFiles([...patterns], { cwd: io.cwd, include: [...rootConfig.include], exclude: [...rootConfig.exclude], baseDir: rootConfig.baseDir });
  if (found.missing.length) {
    throw new UsageError(found.missing.map((m) => `no files matching "${m}" were found`).join('\n'));
  }
  const files = found.files;
  const reports = new Array<FileReport | undefined>(files.length);
  const keys = new Array<string | undefined>(files.length);
  const todo: number[] = [];
  const useCache = opts.cache && !processOptions.fix;
  files.forEach((file, i) => {
    if (useCache) {
      const config = engine.configFor(file);
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch (error) {
        throw new UsageError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      keys[i] = opts.cache!.key(content, config);
      const hit = opts.cache!.get(file, keys[i]!);
      if (hit) {
        if (processOptions.keepSource) hit.source = content.toString('utf8').replace(/^\uFEFF/, '');
        reports[i] = hit;
        return;
      }
    }
    todo.push(i);
  });

  const progress = new Progress(todo.length, io.stderr as NodeJS.WriteStream, !!io.stderr.isTTY);
  const threads = threadCount(opts.concurrency, todo.length);
  if (threads > 1) {
    const results = await processInWorkers(todo.map((i) => files[i]!), threads, engineOptions, processOptions, () => progress.tick());
    results.forEach((result, k) => {
      if ('findings' in result) reports[todo[k]!] = result;
      else throw result.usage ? new UsageError(result.message) : Object.assign(new Error(result.message), { name: result.name } satisfies Partial<WorkerFailure>);
    });
  } else {
    for (const i of todo) {
      reports[i] = processFile(engine, files[i]!, processOptions);
      progress.tick();
    }
  }
  progress.finish();
  if (useCache) {
    for (const i of todo) opts.cache!.set(files[i]!, keys[i]!, { ...reports[i]!, source: undefined });
    opts.cache!.save();
  }

  const byPath = new Map<string, FileReport>(reports.map((r, i) => [files[i]!, r!] as const));
  if (processOptions.fix) await applyTaskFixes(engine, byPath, processOptions);
  await engine.lintTasksInto(byPath, fixedDocuments(engine, byPath, processOptions));
  return [...byPath.values()];
}

/**
 * After each file's own fixes, the fixes task rules report across files (a repetition in a later
 * file of a task): written like the others, and the file re-linted so its report shows the result.
 */
async function applyTaskFixes(engine: Engine, byPath: Map<string, FileReport>, options: ProcessOptions): Promise<void> {
  // Dry runs have not written their per-file fixes: start from their output.
  const texts = new Map<string, string>();
  for (const [file, report] of byPath) if (report.output !== undefined) texts.set(file, report.output.replace(/^\uFEFF/, ''));
  const changed = await engine.fixTasks([...byPath.keys()], texts);
  for (const [file, text] of changed) {
    const bom = fs.readFileSync(file, 'utf8').startsWith('\uFEFF') ? '\uFEFF' : '';
    if (options.fix === 'write') writeFileAtomic(file, bom + text);
    const report = engine.lintLoaded(engine.loadText(file, text));
    report.output = bom + text;
    if (options.keepSource) report.source = text;
    byPath.set(file, report);
  }
}

/**
 * The documents a dry run would have written (their `output`), so that task rules see the files as
 * the fixes leave them, as after `--fix`; otherwise empty (the task rules read the files).
 */
function fixedDocuments(engine: Engine, byPath: ReadonlyMap<string, FileReport>, options: ProcessOptions): Map<string, PromptDocument> {
  const docs = new Map<string, PromptDocument>();
  if (options.fix !== 'dry-run') return docs;
  for (const [file, report] of byPath) {
    if (report.output === undefined) continue;
    const loaded = engine.loadText(file, report.output.replace(/^\uFEFF/, ''));
    if (loaded.ok) docs.set(file, loaded.doc);
  }
  return docs;
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
