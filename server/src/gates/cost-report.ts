/**
 * The cost report's figures: per task and per file, tokens, cost per call and per day, and what
 * `--fix` would save. Shown as a table (cost-table.ts), JSON, or an HTML page (cost-html.ts).
 */
import path from 'node:path';
import { sumCounts, countFindings } from '../engine/counts.js';
import type { Engine, FileReport } from '../engine/engine.js';
import type { FileTokens } from '../engine/token-summary.js';
import type { PromptDocument } from '../model/types.js';
import { costPerCall } from '../tokens/index.js';
import { summarizeTokens } from '../engine/token-summary.js';

export interface SectionLeaf {
  /** Heading path, outermost first; empty for the text before the first heading. */
  readonly titles: readonly string[];
  /** Prompt label when the file holds several prompts (YAML). */
  readonly prompt?: string;
  readonly line: number;
  /** Tokens of the section's own text (subsections excluded): leaves sum to the file's tokens. */
  readonly tokens: number;
}

export interface FileCost {
  /** Relative to the report's cwd, "/" separators. */
  readonly path: string;
  readonly tokens: number;
  readonly bytes: number;
  readonly exact: boolean;
  readonly model: string;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly errors: number;
  readonly warnings: number;
  /** Findings set apart at the info level (labelled reminders): a cost, never a failure. */
  readonly infos: number;
  readonly fixable: number;
  /** Tokens per call `--fix` would remove. */
  readonly fixSavings: number;
  readonly sections: readonly SectionLeaf[];
  readonly skipped?: string;
}

export interface TaskCost {
  readonly name: string;
  readonly source: string;
  readonly files: readonly string[];
  readonly model: string;
  readonly tokens: number;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly maxTokens?: number;
  readonly maxCostPerDay?: number;
  readonly fixSavings: number;
  readonly fixSavingsPerDay?: number;
}

export interface CostReport {
  readonly generated: string;
  readonly files: FileCost[];
  readonly tasks: TaskCost[];
  readonly totals: {
    readonly tokens: number;
    readonly costPerCall: number;
    readonly costPerDay?: number;
    readonly fixSavings: number;
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
  };
  /** The largest section of all files: the biggest spender. */
  readonly biggest?: { readonly file: string; readonly section: string; readonly tokens: number; readonly share: number };
  /** The file with the most tokens. */
  readonly biggestFile?: { readonly file: string; readonly tokens: number; readonly share: number };
}

export interface CostReportOptions {
  readonly engine: Engine;
  readonly cwd: string;
  readonly files: readonly string[];
  /** Overrides the configured calls per day for files (tasks keep their own). */
  readonly callsPerDay?: number;
}

/** Leaves of a file's section tree: each section's own tokens, so that they sum to the file. */
export function sectionLeaves(tokens: FileTokens, fileName = ''): SectionLeaf[] {
  const leaves: SectionLeaf[] = [];
  for (const prompt of tokens.prompts) {
    const stack: { depth: number; titles: string[]; index: number }[] = [];
    const own = prompt.sections.map((s) => s.tokens);
    const titles: string[][] = [];
    prompt.sections.forEach((s, i) => {
      while (stack.length && stack[stack.length - 1]!.depth >= s.depth) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) own[parent.index] = own[parent.index]! - s.tokens;
      titles[i] = s.depth === 0 ? [] : [...(parent?.titles ?? []), s.title];
      stack.push({ depth: s.depth, titles: titles[i]!, index: i });
    });
    prompt.sections.forEach((s, i) => {
      const n = Math.max(0, own[i]!);
      if (n > 0) {
        // Text before the first heading: "(intro)", or the file's (prompt's) own name when it has no headings.
        const label = titles[i]!.length ? titles[i]! : [prompt.sections.length > 1 ? '(intro)' : tokens.prompts.length > 1 ? '' : fileName || '(text)'];
        leaves.push({ titles: label.filter(Boolean), ...(tokens.prompts.length > 1 ? { prompt: prompt.label } : {}), line: s.line, tokens: n });
      }
    });
    if (!prompt.sections.length && prompt.tokens > 0) {
      leaves.push({ titles: [], ...(tokens.prompts.length > 1 ? { prompt: prompt.label } : {}), line: 1, tokens: prompt.tokens });
    }
  }
  return leaves;
}

export function leafLabel(leaf: SectionLeaf): string {
  const title = leaf.titles.length ? leaf.titles[leaf.titles.length - 1]! : '';
  if (leaf.prompt) return title ? `[${leaf.prompt}] ${title}` : `[${leaf.prompt}]`;
  return title || '(text)';
}

const rel = (cwd: string, p: string) => (path.relative(cwd, p) || p).split(path.sep).join('/');

export async function buildCostReport(opts: CostReportOptions): Promise<CostReport> {
  const { engine, cwd } = opts;
  const reports = await engine.lintFiles(opts.files);
  const byPath = new Map<string, FileReport>(reports.map((r) => [r.path, r] as const));
  const files: FileCost[] = [];
  for (const r of reports) {
    const c = countFindings(r);
    const t = r.tokens;
    const calls = opts.callsPerDay ?? t?.callsPerDay;
    files.push({
      path: rel(cwd, r.path),
      tokens: t?.tokens ?? 0,
      bytes: t?.bytes ?? 0,
      exact: t?.exact ?? true,
      model: t?.model ?? '',
      costPerCall: t?.costPerCall ?? 0,
      ...(calls && t ? { callsPerDay: calls, costPerDay: t.costPerCall * calls } : {}),
      errors: c.errorCount,
      warnings: c.warningCount,
      infos: c.infoCount,
      fixable: c.fixableErrorCount + c.fixableWarningCount + c.fixableInfoCount,
      fixSavings: c.tokensSaved,
      sections: t ? sectionLeaves(t, path.basename(r.path)) : [],
      ...(r.skipped ? { skipped: r.skipped } : {}),
    });
  }
  files.sort((a, b) => b.tokens - a.tokens || a.path.localeCompare(b.path));

  const tasks: TaskCost[] = [];
  for (const { task, config } of engine.tasksFor(reports.map((r) => r.path))) {
    const members = await engine.resolveTaskFiles(task);
    const docs: PromptDocument[] = [];
    for (const m of members) {
      const loaded = engine.loadFile(m);
      if (loaded.ok) docs.push(loaded.doc);
    }
    const view = engine.taskView(task, config, docs);
    const tokens = docs.reduce((s, d) => s + summarizeTokens(d, view.model).tokens, 0);
    const perCall = costPerCall(tokens, view.model);
    const savings = members.reduce((s, m) => s + (byPath.has(m) ? countFindings(byPath.get(m)!).tokensSaved : 0), 0);
    tasks.push({
      name: task.value.name,
      source: rel(cwd, task.source),
      files: members.map((m) => rel(cwd, m)),
      model: view.model.id,
      tokens,
      costPerCall: perCall,
      ...(view.callsPerDay ? { callsPerDay: view.callsPerDay, costPerDay: perCall * view.callsPerDay } : {}),
      ...(task.value.maxTokens !== undefined ? { maxTokens: task.value.maxTokens } : {}),
      ...(task.value.maxCostPerDay !== undefined ? { maxCostPerDay: task.value.maxCostPerDay } : {}),
      fixSavings: savings,
      ...(view.callsPerDay && savings ? { fixSavingsPerDay: costPerCall(savings, view.model) * view.callsPerDay } : {}),
    });
  }
  tasks.sort((a, b) => (b.costPerDay ?? 0) - (a.costPerDay ?? 0) || b.tokens - a.tokens);

  const total = sumCounts(reports);
  const tokens = files.reduce((s, f) => s + f.tokens, 0);
  const anyDay = files.some((f) => f.costPerDay !== undefined);
  let biggest: CostReport['biggest'];
  for (const f of files) {
    for (const leaf of f.sections) {
      if (!biggest || leaf.tokens > biggest.tokens) biggest = { file: f.path, section: leafLabel(leaf), tokens: leaf.tokens, share: tokens ? leaf.tokens / tokens : 0 };
    }
  }
  return {
    generated: new Date().toISOString(),
    files,
    tasks,
    totals: {
      tokens,
      costPerCall: files.reduce((s, f) => s + f.costPerCall, 0),
      ...(anyDay ? { costPerDay: files.reduce((s, f) => s + (f.costPerDay ?? 0), 0) } : {}),
      fixSavings: total.tokensSaved,
      errors: total.errorCount,
      warnings: total.warningCount,
      infos: total.infoCount,
    },
    ...(biggest ? { biggest } : {}),
    ...(files[0] && files[0].tokens > 0 ? { biggestFile: { file: files[0].path, tokens: files[0].tokens, share: tokens ? files[0].tokens / tokens : 0 } } : {}),
  };
}
