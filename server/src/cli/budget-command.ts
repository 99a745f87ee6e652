/**
 * `prompt-lint budget --base <ref> [--head <ref>]`: the pull-request budget gate.
 * Exit 0 within budgets and growth limits, 1 when one is passed, 2 on usage errors (bad ref).
 */
import { UsageError } from '../engine/engine.js';
import { computeBudgetDiff, type BudgetDiff, type ContextDiff, type FileDiff, type Figures, type TaskDiff, type Violation } from '../gates/budget-diff.js';
import { formatCost, formatNumber } from '../tokens/index.js';
import { escapeControl } from './formatters/escape.js';
import { workflowCommand } from './formatters/github.js';
import { mdCell, mdPath } from './formatters/markdown.js';
import type { CliIO } from './main.js';
import { checkModelFlag, parseCommandLine, wantsHelp } from './options.js';

export const BUDGET_HELP = `Usage: prompt-lint budget --base <git-ref> [--head <git-ref>] [options] [paths...]

Compares tokens and cost per prompt file and per task between two git revisions (head defaults to
the working tree), read straight from git. Fails (exit 1) when a budget or task limit is exceeded
at head, or when a file or task grows past the thresholds.

Options:
  --base <ref>               revision to compare against (required), e.g. origin/main
  --head <ref>               revision to check (default: the working tree)
  --max-growth <percent>     fail when a file or task grows by more than this percentage
  --max-growth-tokens <n>    fail when a file or task grows by more than n tokens
  -f, --format <name>        table (default), markdown, json, github
  -c, --config <file>        config file (default: the head's .promptlintrc.*)
      --model <id>           count and price with this model
  -h, --help                 print this help
`;

export async function runBudgetCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(BUDGET_HELP);
    return 0;
  }
  const { values, positionals } = parseCommandLine(argv, {
    base: { type: 'string' },
    head: { type: 'string' },
    'max-growth': { type: 'string' },
    'max-growth-tokens': { type: 'string' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    model: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, 'budget');
  checkModelFlag(values.model);
  if (values.help) {
    io.stdout.write(BUDGET_HELP);
    return 0;
  }
  const format = values.format ?? 'table';
  const render = renderers[format];
  if (!render) throw new UsageError(`unknown --format "${format}" for budget (expected ${Object.keys(renderers).join(', ')})`);
  if (!values.base) throw new UsageError('budget needs --base <git-ref> (the revision to compare against, e.g. origin/main)');
  const maxGrowth = values['max-growth'];
  if (maxGrowth !== undefined && !/^\d+(\.\d+)?%?$/.test(maxGrowth)) throw new UsageError(`--max-growth expects a percentage, got "${maxGrowth}"`);
  const maxTokens = values['max-growth-tokens'];
  if (maxTokens !== undefined && !/^\d+$/.test(maxTokens)) throw new UsageError(`--max-growth-tokens expects a whole number, got "${maxTokens}"`);

  const diff = computeBudgetDiff({
    cwd: io.cwd,
    base: values.base,
    head: values.head,
    configFile: values.config,
    model: values.model,
    maxGrowthPercent: maxGrowth !== undefined ? Number(maxGrowth.replace('%', '')) : undefined,
    maxGrowthTokens: maxTokens !== undefined ? Number(maxTokens) : undefined,
    paths: positionals,
  });
  io.stdout.write(render(diff));
  if (!diff.passed && format !== 'table') io.stderr.write(`prompt-lint budget: ${diff.violations.length} budget failure${diff.violations.length === 1 ? '' : 's'}\n`);
  return diff.passed ? 0 : 1;
}

const fmt = formatNumber;
const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : n < 0 ? `−${fmt(-n)}` : '0');
/** `~` when any of the figures a number derives from is an estimate (configuration.md: totals included). */
const est = (...figs: (Figures | undefined)[]) => (figs.some((f) => f && !f.exact) ? '~' : '');
/** A signed delta of two figures, `~` when either is an estimate. */
const delta = (n: number, base: Figures | undefined, head: Figures | undefined) => (n === 0 ? signed(n) : est(base, head) + signed(n));
/** Whether any file's figure is an estimate: then the files' totals are too. */
const filesEstimated = (d: BudgetDiff) => d.files.some((f) => est(f.base, f.head) !== '');
const pct = (p: number | undefined) => (p === undefined ? 'new' : p > 0 ? `+${p}%` : p < 0 ? `−${-p}%` : '0%');
const cost = (f: Figures | undefined) => (f ? formatCost(f.costPerCall) : '');
const perDay = (f: Figures | undefined) => (f?.costPerDay !== undefined ? formatCost(f.costPerDay) : '');
const tok = (f: Figures | undefined) => (f ? `${f.exact ? '' : '~'}${fmt(f.tokens)}` : '—');
const headLabel = (d: BudgetDiff) => (d.head.commit ? `${d.head.ref} (${d.head.commit.slice(0, 7)})` : 'working tree');
const fileLabel = (f: FileDiff) => escapeControl(f.from ? `${f.from} → ${f.path}` : f.path);
const changed = (f: FileDiff) => f.status !== 'unchanged' || f.violations.length > 0;

function table(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

function renderTable(d: BudgetDiff): string {
  const out: string[] = [`prompt-lint budget: ${d.base.ref} (${d.base.commit.slice(0, 7)}) → ${headLabel(d)}`, ''];
  const shown = d.files.filter(changed);
  if (d.tasks.length) {
    const rows = [['Task', 'Base', 'Head', 'Δ tokens', 'Δ %', 'Limit', 'Cost/call', 'Cost/day', 'Δ cost/day']];
    for (const t of d.tasks) {
      rows.push([
        `${t.violations.length ? '✖ ' : ''}${t.name}`,
        tok(t.base),
        tok(t.head),
        delta(t.delta, t.base, t.head),
        t.base ? pct(t.deltaPercent) : 'new',
        limitText(t),
        cost(t.head),
        perDay(t.head),
        t.costPerDayDelta !== undefined ? signedCost(t.costPerDayDelta) : '',
      ]);
    }
    out.push(...table(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])), '');
  }
  const contexts = d.contexts.filter(contextChanged);
  if (contexts.length) {
    const rows = [['Agent context', 'Base', 'Head', 'Δ tokens', 'Δ %', 'Limit', 'Cost/call', 'Cost/day', 'Δ cost/day']];
    for (const c of contexts) {
      rows.push([
        `${c.violations.length ? '✖ ' : ''}${escapeControl(c.name)}`,
        tok(c.base),
        tok(c.head),
        delta(c.delta, c.base, c.head),
        !c.head ? '−100%' : c.base ? pct(c.deltaPercent) : 'new',
        limitText(c),
        cost(c.head),
        perDay(c.head),
        c.costPerDayDelta !== undefined ? signedCost(c.costPerDayDelta) : '',
      ]);
    }
    out.push(...table(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8])));
    const same = d.contexts.length - contexts.length;
    if (same) out.push(`(${same} unchanged agent context${same === 1 ? '' : 's'} not listed)`);
    out.push('');
  }
  const rows = [['Status', 'File', 'Base', 'Head', 'Δ tokens', 'Δ %', 'Cost/call', 'Cost/day']];
  for (const f of shown) {
    rows.push([
      `${f.violations.length ? '✖ ' : ''}${f.status}`,
      fileLabel(f) + (f.skipped ? ` (${f.skipped})` : ''),
      tok(f.base),
      tok(f.head),
      delta(f.delta, f.base, f.head),
      f.status === 'deleted' ? '−100%' : f.base ? pct(f.deltaPercent) : 'new',
      cost(f.head),
      perDay(f.head),
    ]);
  }
  const t = d.totals;
  const m = filesEstimated(d) ? '~' : '';
  rows.push(['', `Total (${d.files.length} file${d.files.length === 1 ? '' : 's'})`, m + fmt(t.base), m + fmt(t.head), t.delta ? m + signed(t.delta) : signed(t.delta), t.base ? pct(t.deltaPercent) : '', formatCost(t.costPerCallHead), '']);
  out.push(...table(rows, new Set([2, 3, 4, 5, 6, 7])));
  const unchanged = d.files.length - shown.length;
  if (unchanged) out.push(`(${unchanged} unchanged file${unchanged === 1 ? '' : 's'} not listed)`);
  out.push('');
  if (d.passed) out.push('✔ within budgets and growth limits');
  else out.push(`✖ ${d.violations.length} budget failure${d.violations.length === 1 ? '' : 's'}:`, ...d.violations.map((v) => `  ${located(v)}`));
  return out.join('\n') + '\n';
}

/** An agent context that changed (or fails): the others are counted, not listed. */
function contextChanged(c: ContextDiff): boolean {
  return c.delta !== 0 || !c.base || !c.head || c.violations.length > 0 || c.files.head.join('\0') !== c.files.base.join('\0');
}

/** A task's or context's limits, each in its own unit: `1,000 tokens`, `$5.00/day`. */
function limitText(t: Pick<TaskDiff, 'maxTokens' | 'maxCostPerDay'>): string {
  return [t.maxTokens !== undefined ? `${fmt(t.maxTokens)} tokens` : '', t.maxCostPerDay !== undefined ? `${formatCost(t.maxCostPerDay)}/day` : ''].filter(Boolean).join(' · ');
}

/** A violation's message with `file:line:` in front when it has a place and does not say it yet. */
function located(v: Violation): string {
  if (!v.file || v.message.startsWith(`${v.file}:`)) return v.message;
  return `${v.file}${v.line ? `:${v.line}` : ''}: ${v.message}`;
}

function signedCost(x: number): string {
  if (Math.abs(x) < 1e-12) return '$0';
  return x > 0 ? `+${formatCost(x)}` : `−${formatCost(-x)}`;
}

function renderMarkdown(d: BudgetDiff): string {
  const out: string[] = [];
  const t = d.totals;
  out.push(`### prompt-lint budget: ${d.passed ? '✅ within budget' : `❌ ${d.violations.length} failure${d.violations.length === 1 ? '' : 's'}`}`, '');
  out.push(
    `Base \`${mdCell(d.base.ref)}\` (\`${d.base.commit.slice(0, 7)}\`) → head ${d.head.commit ? `\`${mdCell(d.head.ref)}\` (\`${d.head.commit.slice(0, 7)}\`)` : 'working tree'}: ` +
      `**${filesEstimated(d) ? '~' : ''}${fmt(t.head)} tokens** (${t.delta && filesEstimated(d) ? '~' : ''}${signed(t.delta)}${t.base ? `, ${pct(t.deltaPercent)}` : ''}), ${formatCost(t.costPerCallHead)} per call for all files.`,
    '',
  );
  const th = d.thresholds;
  if (th.maxGrowthPercent !== undefined || th.maxGrowthTokens !== undefined) {
    out.push(`Growth limits: ${[th.maxGrowthPercent !== undefined ? `${th.maxGrowthPercent}%` : '', th.maxGrowthTokens !== undefined ? `${fmt(th.maxGrowthTokens)} tokens` : ''].filter(Boolean).join(', ')} per file or task.`, '');
  }
  if (!d.passed) out.push(...d.violations.map((v) => `- ❌ ${v.file && !v.message.startsWith(`${v.file}:`) ? `${mdPath(v.file)}${v.line ? `:${v.line}` : ''}: ${mdCell(v.message)}` : mdCell(v.message)}`), '');
  if (d.tasks.length) {
    out.push('| Task | Base | Head | Δ tokens | Δ % | Limit | Cost/call | Cost/day | Δ cost/day |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const task of d.tasks) out.push(taskRow(task));
    out.push('');
  }
  const contexts = d.contexts.filter(contextChanged);
  if (contexts.length) {
    out.push('| Agent context | Base | Head | Δ tokens | Δ % | Limit | Cost/call | Cost/day | Δ cost/day |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of contexts) {
      out.push(
        `| ${c.violations.length ? '❌ ' : ''}${mdCell(c.name)} | ${tok(c.base)} | ${tok(c.head)} | ${delta(c.delta, c.base, c.head)} | ${!c.head ? '−100%' : c.base ? pct(c.deltaPercent) : 'new'} | ${limitText(c)} | ${cost(c.head)} | ${perDay(c.head)} | ${c.costPerDayDelta !== undefined ? signedCost(c.costPerDayDelta) : ''} |`,
      );
    }
    out.push('');
  }
  const shown = d.files.filter(changed);
  if (shown.length) {
    out.push('| | File | Base | Head | Δ tokens | Δ % | Cost/call | Cost/day |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const f of shown) {
      const label = f.from ? `${mdPath(f.from)} → ${mdPath(f.path)}` : mdPath(f.path);
      out.push(
        `| ${f.violations.length ? '❌' : ''} ${f.status} | ${label}${f.skipped ? ` (${mdCell(f.skipped)})` : ''} | ${tok(f.base)} | ${tok(f.head)} | ${delta(f.delta, f.base, f.head)} | ${f.status === 'deleted' ? '−100%' : f.base ? pct(f.deltaPercent) : 'new'} | ${cost(f.head)} | ${perDay(f.head)} |`,
      );
    }
    out.push('');
  } else {
    out.push('No prompt file changed.', '');
  }
  const unchanged = d.files.length - shown.length;
  if (unchanged) out.push(`<sub>${unchanged} unchanged prompt file${unchanged === 1 ? '' : 's'} not listed.</sub>`, '');
  return out.join('\n');
}

function taskRow(t: TaskDiff): string {
  return `| ${t.violations.length ? '❌ ' : ''}${mdCell(t.name)} | ${tok(t.base)} | ${tok(t.head)} | ${delta(t.delta, t.base, t.head)} | ${t.base ? pct(t.deltaPercent) : 'new'} | ${limitText(t)} | ${cost(t.head)} | ${perDay(t.head)} | ${t.costPerDayDelta !== undefined ? signedCost(t.costPerDayDelta) : ''} |`;
}

function renderGithub(d: BudgetDiff): string {
  const out = d.violations.map((v) =>
    workflowCommand('error', v.message, { ...(v.file ? { file: v.file } : {}), ...(v.line ? { line: v.line } : {}), title: v.task ? `prompt-lint budget: task ${v.task}` : 'prompt-lint budget' }),
  );
  const t = d.totals;
  out.push(
    workflowCommand(
      'notice',
      `${filesEstimated(d) ? "~" : ""}${fmt(t.head)} tokens in ${d.files.filter((f) => f.head).length} prompt files (${t.delta && filesEstimated(d) ? "~" : ""}${signed(t.delta)} vs ${d.base.ref}), ${formatCost(t.costPerCallHead)} per call; ${d.passed ? 'within budget' : `${d.violations.length} failure(s)`}`,
      { title: 'prompt-lint budget' },
    ),
  );
  return out.join('\n') + '\n';
}

const renderers: Record<string, (d: BudgetDiff) => string> = {
  table: renderTable,
  markdown: renderMarkdown,
  json: (d) => JSON.stringify(d, null, 2) + '\n',
  github: renderGithub,
};

