/**
 * Baselines (bulk suppressions, like ESLint's): `--baseline-write FILE` records today's findings,
 * `--baseline FILE` reports only findings that are not in it. So a team with hundreds of old prompts
 * can turn the gate on today and pay the debt down later.
 *
 * A finding is recorded by file (relative to the baseline file, "/" separators), rule, and a content
 * fingerprint (rule + message id + the finding's whitespace-folded source text, hashed), with an
 * occurrence count. Moving lines around keeps the fingerprint; editing the offending text, or adding
 * one more copy of it, makes a new finding.
 *
 * token-budget findings are recorded apart (`budgets`): by subject and limit, with the measured
 * size. One is suppressed only while the size has not grown past the recorded one, so a baseline
 * never hides an overrun that grew (a 322-token file recorded over its 250-token budget is
 * reported again at 323 tokens, wherever the crossing line is).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, type FileReport } from '../engine/engine.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { readRegularText } from '../config/read-file.js';
import { fingerprint, relativeSlash, reportText } from './findings.js';
import { budgetMeasure } from '../../../rules/token-budget.js';
import type { Finding } from '../engine/types.js';

export const BASELINE_VERSION = 1;

/** file → rule id → fingerprint → occurrences. */
export type BaselineEntries = Record<string, Record<string, Record<string, number>>>;

/** file → budget key (subject, limit) → largest size recorded (tokens or bytes). */
export type BudgetEntries = Record<string, Record<string, number>>;

export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  readonly generator: 'prompt-lint';
  readonly files: BaselineEntries;
  /** Absent in baselines written before budgets were measured: their budget findings are all reported. */
  readonly budgets?: BudgetEntries;
}

const BUDGET_RULE = 'token-budget';

/** A budget finding's key and size, or undefined for any other finding. */
function budgetOf(f: Finding): { key: string; measure: number } | undefined {
  return f.ruleId === BUDGET_RULE ? budgetMeasure(f.message) : undefined;
}

export function buildBaseline(reports: readonly FileReport[], baselineDir: string): Baseline {
  const files: BaselineEntries = {};
  const budgets: BudgetEntries = {};
  for (const r of reports) {
    const source = reportText(r);
    for (const f of r.findings) {
      const file = relativeSlash(baselineDir, f.path);
      const budget = budgetOf(f);
      if (budget) {
        const entries = (budgets[file] ??= {});
        entries[budget.key] = Math.max(entries[budget.key] ?? 0, budget.measure);
        continue;
      }
      const rules = (files[file] ??= {});
      const prints = (rules[f.ruleId] ??= {});
      const key = fingerprint(f, f.path === r.path ? source : reportText({ path: f.path, findings: [], ruleErrors: [] }));
      prints[key] = (prints[key] ?? 0) + 1;
    }
  }
  return { version: BASELINE_VERSION, generator: 'prompt-lint', files: sortDeep(files), ...(Object.keys(budgets).length ? { budgets: sortDeep(budgets) } : {}) };
}

function sortDeep<T>(value: T): T {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Record<string, unknown>)[k])])) as T;
}

export function countEntries(baseline: Baseline): { findings: number; files: number } {
  let findings = 0;
  for (const rules of Object.values(baseline.files)) for (const prints of Object.values(rules)) for (const n of Object.values(prints)) findings += n;
  for (const entries of Object.values(baseline.budgets ?? {})) findings += Object.keys(entries).length;
  return { findings, files: new Set([...Object.keys(baseline.files), ...Object.keys(baseline.budgets ?? {})]).size };
}

export function writeBaseline(file: string, baseline: Baseline, shown = file): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (error) {
    throw new UsageError(`--baseline-write ${shown}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A baseline is a regular file: a directory or a device (/dev/zero) is refused before any read or write. */
function checkBaselineTarget(flag: string, file: string, shown: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) throw new UsageError(`${flag} ${shown}: ${stat.isDirectory() ? 'is a directory' : 'is not a regular file'}; name a file`);
}

/** Before linting: a `--baseline`/`--baseline-write` naming a directory or a device fails at once. */
export function checkBaselineFlags(flags: BaselineFlags): void {
  if (flags.write) checkBaselineTarget('--baseline-write', path.resolve(flags.cwd, flags.write), flags.write);
  if (flags.read) checkBaselineTarget('--baseline', path.resolve(flags.cwd, flags.read), flags.read);
}

export function readBaseline(file: string, shown = file): Baseline {
  checkBaselineTarget('--baseline', file, shown);
  let text: string;
  try {
    text = readRegularText(file);
  } catch (error) {
    throw new UsageError(`--baseline ${shown}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--baseline ${shown}: not valid JSON: ${(error as Error).message}`);
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== 'object' || b.version !== BASELINE_VERSION || !b.files || typeof b.files !== 'object') {
    throw new UsageError(`--baseline ${shown}: not a prompt-lint baseline (version ${BASELINE_VERSION}); write one with --baseline-write`);
  }
  for (const [file, rules] of Object.entries(b.files)) {
    for (const [rule, prints] of Object.entries(rules ?? {})) {
      for (const [key, n] of Object.entries(prints ?? {})) {
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--baseline ${shown}: bad count for ${file} ${rule} ${key}`);
      }
    }
  }
  if (b.budgets !== undefined) {
    if (!b.budgets || typeof b.budgets !== 'object') throw new UsageError(`--baseline ${shown}: "budgets" is not an object`);
    for (const [file, entries] of Object.entries(b.budgets)) {
      for (const [key, n] of Object.entries(entries ?? {})) {
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new UsageError(`--baseline ${shown}: bad size for ${file} ${key.split('\0')[0]}`);
      }
    }
  }
  return b as Baseline;
}

export interface BaselineOutcome {
  readonly reports: FileReport[];
  /** Findings the baseline suppressed. */
  readonly suppressed: number;
  /** Baseline occurrences no current finding matched (fixed, or changed and now reported). */
  readonly unused: number;
}

/** Drops findings the baseline accounts for; each recorded occurrence suppresses one finding. */
export function applyBaseline(reports: readonly FileReport[], baseline: Baseline, baselineDir: string): BaselineOutcome {
  const left = new Map<string, number>();
  const key = (file: string, rule: string, print: string) => `${file}\0${rule}\0${print}`;
  for (const [file, rules] of Object.entries(baseline.files)) {
    for (const [rule, prints] of Object.entries(rules)) for (const [print, n] of Object.entries(prints)) left.set(key(file, rule, print), n);
  }
  const budgetsLeft = new Map<string, number>();
  for (const [file, entries] of Object.entries(baseline.budgets ?? {})) for (const [k, n] of Object.entries(entries)) budgetsLeft.set(`${file}\0${k}`, n);
  const budgetsUsed = new Set<string>();
  let suppressed = 0;
  const out = reports.map((r) => {
    const source = reportText(r);
    const findings = r.findings.filter((f) => {
      if (f.ruleId === BUDGET_RULE) {
        // Never suppressed by the fingerprint (the crossing line stays the same as a file grows).
        const budget = budgetOf(f);
        const k = budget && `${relativeSlash(baselineDir, f.path)}\0${budget.key}`;
        const recorded = k === undefined ? undefined : budgetsLeft.get(k);
        if (recorded === undefined || budget!.measure > recorded) return true;
        budgetsUsed.add(k!);
        suppressed++;
        return false;
      }
      const k = key(relativeSlash(baselineDir, f.path), f.ruleId, fingerprint(f, f.path === r.path ? source : reportText({ path: f.path, findings: [], ruleErrors: [] })));
      const n = left.get(k) ?? 0;
      if (n <= 0) return true;
      left.set(k, n - 1);
      suppressed++;
      return false;
    });
    return findings.length === r.findings.length ? r : { ...r, findings: keepSharedSavings(r.findings, findings) };
  });
  let unused = budgetsLeft.size - budgetsUsed.size;
  for (const n of left.values()) unused += n;
  return { reports: out, suppressed, unused };
}

/**
 * Findings that share one fix (a pasted block deleted at once) carry its saving on the first only,
 * so that sums count it once. When the baseline drops that first finding, the saving moves to the
 * first one kept with the same fix; otherwise a fix still offered would report saving nothing.
 */
function keepSharedSavings(all: readonly Finding[], kept: Finding[]): Finding[] {
  const keptSet = new Set(kept);
  const moved = new Map<string, number>();
  for (const f of all) if (!keptSet.has(f) && f.fix?.length && f.tokensSaved) moved.set(JSON.stringify(f.fix), f.tokensSaved);
  if (!moved.size) return kept;
  return kept.map((f) => {
    const key = f.fix?.length ? JSON.stringify(f.fix) : undefined;
    const saved = key === undefined || f.tokensSaved ? undefined : moved.get(key);
    if (saved === undefined) return f;
    moved.delete(key!);
    return { ...f, tokensSaved: saved };
  });
}

export interface BaselineFlags {
  readonly read?: string;
  readonly write?: string;
  readonly cwd: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The CLI step between linting and formatting: `--baseline-write FILE` records the findings (and
 * then, like ESLint's --suppress-all, reports none of them); `--baseline FILE` filters.
 */
export function baselineStep(reports: FileReport[], flags: BaselineFlags, stderr: { write(s: string): unknown }): FileReport[] {
  if (!flags.read && !flags.write) return reports;
  if (flags.read && flags.write && path.resolve(flags.cwd, flags.read) !== path.resolve(flags.cwd, flags.write)) {
    throw new UsageError('--baseline and --baseline-write name different files; use one of them');
  }
  const shown = (flags.write ?? flags.read)!;
  const file = path.resolve(flags.cwd, shown);
  const dir = path.dirname(file);
  let baseline: Baseline;
  if (flags.write) {
    checkBaselineTarget('--baseline-write', file, shown);
    baseline = buildBaseline(reports, dir);
    writeBaseline(file, baseline, shown);
    const n = countEntries(baseline);
    stderr.write(`prompt-lint: wrote ${plural(n.findings, 'finding')} in ${plural(n.files, 'file')} to baseline ${shown}\n`);
  } else {
    baseline = readBaseline(file, shown);
  }
  const outcome = applyBaseline(reports, baseline, dir);
  if (flags.read && !flags.write) {
    const prune = outcome.unused ? `; ${outcome.unused} baseline ${outcome.unused === 1 ? 'entry' : 'entries'} no longer ${outcome.unused === 1 ? 'matches' : 'match'} (rerun with --baseline-write to prune)` : '';
    stderr.write(`prompt-lint: ${plural(outcome.suppressed, 'finding')} suppressed by baseline ${shown}${prune}\n`);
  }
  return outcome.reports;
}
