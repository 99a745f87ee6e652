/**
 * token-budget: a prompt (per configured budget) or a task (the files one job sends on each call)
 * is over its size limit. The finding sits on the line where the running count crosses the limit.
 */
import type { Prompt, PromptDocument, Range } from '../server/src/model/types.js';
import type { BudgetView, Report, Rule, RuleContext, TaskView } from '../server/src/engine/types.js';
import type { ModelInfo } from '../server/src/tokens/types.js';
import { formatCost, formatInt } from '../server/src/tokens/index.js';
import { sendOrder, sentSpans } from '../server/src/agents/common.js';
import { memoized } from './lib/memo.js';

/** One line of a prompt with the amount it contributes to the measured quantity. */
interface Slice {
  readonly path: string;
  readonly range: Range;
  readonly amount: number;
  /** The part the line belongs to, for "largest parts": its file (tasks) or top-level section. */
  readonly part: string;
}

interface Limit {
  readonly kind: 'tokens' | 'bytes' | 'cost' | 'costPerDay';
  /** Limit expressed in the slices' unit (tokens or bytes). */
  readonly limit: number;
  /** The limit as the user wrote it, for the message. */
  readonly label: string;
  /** The limit as written, in its own unit: tokens, bytes or US dollars. */
  readonly written: number;
}

const rule: Rule = {
  meta: {
    id: 'token-budget',
    description: 'Prompts and tasks stay within their configured token, byte and cost budgets',
    tags: ['budget', 'cost'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: false,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      overBudget: '{{subject}} {{measure}}, {{excess}} over its {{limit}} budget (+{{percent}}%); {{crossing}}{{parts}}{{costNote}}',
      nearBudget: '{{subject}} {{measure}}, {{percent}}% of its {{limit}} budget (warning at {{warnAt}}%); {{crossing}}{{parts}}',
    },
  },

  check(doc, ctx) {
    for (const budget of ctx.budgets) {
      for (const prompt of doc.prompts) {
        const label = doc.prompts.length > 1 ? `Prompt \`${prompt.id}\`` : 'Prompt';
        // Token and cost limits share one attribution of the prompt's tokens to its lines.
        let tokens: Slice[] | undefined;
        for (const limit of budgetLimits(budget)) {
          const slices = limit.kind === 'bytes' ? byteSlices(doc, prompt) : (tokens ??= tokenSlices(doc, prompt, ctx, budget.model));
          checkLimit(slices, limit, budget.warnAt, { subject: label, model: budget.model, callsPerDay: budget.callsPerDay }, ctx);
        }
      }
    }
  },

  checkTask(task, ctx) {
    // without a limit there is nothing to attribute (most derived contexts have none)
    const limits = taskLimits(task);
    if (limits.length === 0) return;
    const byFile = new Map<string, Slice[]>();
    const names = shortNames(task.docs.map((d) => d.file.path));
    task.docs.forEach((doc, i) => {
      const slices: Slice[] = [];
      // an agent's context counts what the agent sends of each file, as `context` does (sentSpans)
      const entry = task.context?.entries.find((e) => e.path === doc.file.path && e.loading === 'always');
      if (entry) for (const span of sentSpans(entry, doc.file.text)) slices.push(...spanSlices(doc, span, ctx, task.model, names[i]!));
      else for (const prompt of doc.prompts) slices.push(...tokenSlices(doc, prompt, ctx, task.model, names[i]));
      byFile.set(doc.file.path, slices);
    });
    // the running count follows the order the agent sends the text in (Gemini CLI: an import where it is written)
    const docOf = new Map(task.docs.map((d) => [d.file.path, d] as const));
    const slices = sendOrder(task.context, task.docs.map((d) => d.file.path), (f) => byFile.get(f) ?? [], (s) => s.range.start, (at) =>
      docOf.get(at.file)?.file.lines.offsetAt({ line: at.line - 1, character: at.column - 1 }),
    );
    for (const limit of limits) {
      checkLimit(slices, limit, task.warnAt, { subject: taskSubject(task), model: task.model, callsPerDay: task.callsPerDay }, ctx);
    }
  },
};
export default rule;

/** A configured task, or what an agent loads (its effective context, named `agent @ place`). */
function taskSubject(task: TaskView): string {
  return task.context ? `Effective context \`${task.name}\`` : `Task \`${task.name}\``;
}

function budgetLimits(budget: BudgetView): Limit[] {
  const limits: Limit[] = [];
  if (budget.maxTokens !== undefined) limits.push({ kind: 'tokens', limit: budget.maxTokens, label: `${formatInt(budget.maxTokens)}-token`, written: budget.maxTokens });
  if (budget.maxBytes !== undefined) limits.push({ kind: 'bytes', limit: budget.maxBytes, label: `${formatInt(budget.maxBytes)}-byte`, written: budget.maxBytes });
  if (budget.maxCostPerCall !== undefined) {
    limits.push({ kind: 'cost', limit: tokensForCost(budget.maxCostPerCall, budget.model), label: `${formatCost(budget.maxCostPerCall)}-per-call`, written: budget.maxCostPerCall });
  }
  return limits;
}

function taskLimits(task: TaskView): Limit[] {
  const limits: Limit[] = [];
  if (task.maxTokens !== undefined) limits.push({ kind: 'tokens', limit: task.maxTokens, label: `${formatInt(task.maxTokens)}-token`, written: task.maxTokens });
  if (task.maxCostPerDay !== undefined && task.callsPerDay) {
    limits.push({
      kind: 'costPerDay',
      limit: tokensForCost(task.maxCostPerDay / task.callsPerDay, task.model),
      label: `${formatCost(task.maxCostPerDay)}-per-day`,
      written: task.maxCostPerDay,
    });
  }
  return limits;
}

function tokensForCost(usd: number, model: ModelInfo): number {
  return model.inputPricePer1M > 0 ? (usd / model.inputPricePer1M) * 1e6 : Number.POSITIVE_INFINITY;
}

/** Line starts of the prompt text: budgets are attributed per line. */
function lineCuts(text: string): number[] {
  const cuts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10 && i + 1 < text.length) cuts.push(i + 1);
  return cuts;
}

function lineRange(prompt: Prompt, cuts: readonly number[], i: number): Range {
  const start = cuts[i]!;
  let end = i + 1 < cuts.length ? cuts[i + 1]! : prompt.text.length;
  while (end > start && (prompt.text[end - 1] === '\n' || prompt.text[end - 1] === '\r')) end--;
  return { start: prompt.toSource(start), end: Math.max(prompt.toSource(start), prompt.toSource(end)) };
}

/** `file` names the part for a task's slices; a single prompt's parts are its top-level sections. */
function tokenSlices(doc: PromptDocument, prompt: Prompt, ctx: RuleContext, model: ModelInfo, file?: string): Slice[] {
  const cuts = lineCuts(prompt.text);
  const counts = ctx.attributeTokens(prompt.text, cuts, model);
  return counts.map((amount, i) => {
    const range = lineRange(prompt, cuts, i);
    return { path: doc.file.path, range, amount, part: file ?? sectionPart(doc, prompt, range.start) };
  });
}

/** Token slices of one span of a file's text, per line (an agent's context: what it sends of the file). */
function spanSlices(doc: PromptDocument, span: { start: number; end: number }, ctx: RuleContext, model: ModelInfo, file: string): Slice[] {
  const text = doc.file.text.slice(span.start, span.end);
  if (!text) return [];
  const cuts = lineCuts(text);
  // a file in many effective contexts is counted once per span and model, not once per context
  const byModel = spanCounts(doc);
  let bySpan = byModel.get(model);
  if (!bySpan) byModel.set(model, (bySpan = new Map()));
  const key = `${span.start}:${span.end}`;
  let counts = bySpan.get(key);
  if (!counts) bySpan.set(key, (counts = ctx.attributeTokens(text, cuts, model)));
  return counts.map((amount, i) => {
    const start = span.start + cuts[i]!;
    let end = span.start + (i + 1 < cuts.length ? cuts[i + 1]! : text.length);
    while (end > start && (doc.file.text[end - 1] === '\n' || doc.file.text[end - 1] === '\r')) end--;
    return { path: doc.file.path, range: { start, end }, amount, part: file };
  });
}

const spanCounts = memoized((_doc: PromptDocument) => new Map<ModelInfo, Map<string, number[]>>());

function byteSlices(doc: PromptDocument, prompt: Prompt): Slice[] {
  const cuts = lineCuts(prompt.text);
  return cuts.map((start, i) => {
    const end = i + 1 < cuts.length ? cuts[i + 1]! : prompt.text.length;
    const range = lineRange(prompt, cuts, i);
    return { path: doc.file.path, range, amount: Buffer.byteLength(prompt.text.slice(start, end)), part: sectionPart(doc, prompt, range.start) };
  });
}

/**
 * The section of a source offset at the first heading level with more than one section (under a
 * single `# Title` the parts are its `##` sections), as `"Title" (line N)`; '' outside them.
 */
function sectionPart(doc: PromptDocument, prompt: Prompt, offset: number): string {
  const level = partLevel(prompt);
  let best: Prompt['sections'][number] | undefined;
  for (const s of prompt.sections) {
    if (s.depth === 0 || s.depth > level || offset < s.range.start || offset >= s.range.end) continue;
    if (!best || s.depth > best.depth) best = s;
  }
  if (!best) return '';
  return `"${best.title}" (line ${doc.file.lines.positionAt(best.range.start).line + 1})`;
}

const partLevel = memoized((prompt: Prompt): number => {
  const counts = new Map<number, number>();
  for (const s of prompt.sections) if (s.depth > 0) counts.set(s.depth, (counts.get(s.depth) ?? 0) + 1);
  const depths = [...counts.keys()].sort((a, b) => a - b);
  return depths.find((d) => counts.get(d)! > 1) ?? depths[0] ?? 0;
});

/** Task member names: base names, with enough parent folders to tell apart files of the same name. */
function shortNames(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split(/[\\/]/));
  return parts.map((segs, i) => {
    for (let n = 1; n <= segs.length; n++) {
      const name = segs.slice(-n).join('/');
      if (parts.every((other, j) => j === i || other.slice(-n).join('/') !== name)) return name;
    }
    return paths[i]!;
  });
}

interface Subject {
  readonly subject: string;
  readonly model: ModelInfo;
  readonly callsPerDay?: number;
}

function checkLimit(slices: readonly Slice[], limit: Limit, warnAt: number, who: Subject, ctx: RuleContext): void {
  const total = slices.reduce((sum, s) => sum + s.amount, 0);
  const over = total > limit.limit;
  const threshold = over ? limit.limit : limit.limit * warnAt;
  if (!over && total <= threshold) return;
  let running = 0;
  const at = slices.find((s) => (running += s.amount) > threshold) ?? slices[slices.length - 1];
  if (!at) return;
  const exact = limit.kind === 'bytes' || !!who.model.encoding;
  const f = figures(limit, who, exact);
  const crossing = over
    ? `the running total passes ${f.amount(limit.limit)} on this line`
    : `the running total passes the warning threshold (${f.amount(threshold)}) on this line`;
  const common = { subject: who.subject, measure: f.measure(total), limit: limit.label, crossing, parts: largestParts(slices, total, f.unitOf) };
  const report: Report = over
    ? {
        messageId: 'overBudget',
        severity: 'error',
        path: at.path,
        range: at.range,
        data: {
          ...common,
          excess: f.amount(total - limit.limit),
          percent: (((total - limit.limit) / limit.limit) * 100).toFixed(1),
          costNote: excessCostNote(limit, total, who),
        },
      }
    : {
        messageId: 'nearBudget',
        severity: 'warning',
        path: at.path,
        range: at.range,
        data: { ...common, percent: ((total / limit.limit) * 100).toFixed(0), warnAt: (warnAt * 100).toFixed(0) },
      };
  ctx.report(report);
}

/**
 * Every figure of a message in the limit's own unit (tokens, bytes, dollars per call or per day),
 * so that a dollar budget is never said to be exceeded by "109 tokens".
 */
function figures(limit: Limit, who: Subject, exact: boolean) {
  const mark = exact ? '' : '~';
  const tokens = (n: number) => `${mark}${formatInt(Math.ceil(n))} tokens`;
  const estimated = exact ? '' : ` (estimated for ${who.model.id})`;
  const usd = (n: number) => (n / 1e6) * who.model.inputPricePer1M;
  switch (limit.kind) {
    case 'bytes':
      return { amount: (n: number) => `${formatInt(n)} bytes`, measure: (n: number) => `is ${formatInt(n)} bytes`, unitOf: (n: number) => `${formatInt(n)} bytes` };
    case 'tokens':
      return { amount: tokens, measure: (n: number) => `is ${tokens(n)}${estimated}`, unitOf: tokens };
    case 'cost':
      return {
        amount: (n: number) => `${formatCost(usd(n))} per call`,
        measure: (n: number) => `costs ${formatCost(usd(n))} per call (${tokens(n)}${estimated})`,
        unitOf: tokens,
      };
    case 'costPerDay': {
      const calls = who.callsPerDay ?? 0;
      return {
        amount: (n: number) => `${formatCost(usd(n) * calls)} per day`,
        measure: (n: number) => `costs ${formatCost(usd(n) * calls)} per day (${tokens(n)}${estimated} × ${formatInt(calls)} calls)`,
        unitOf: tokens,
      };
    }
  }
}

/** "; largest parts: CLAUDE.md 900 tokens (60%), skill.md 400 tokens (27%)", when there are parts to tell apart. */
function largestParts(slices: readonly Slice[], total: number, unitOf: (n: number) => string): string {
  const sums = new Map<string, number>();
  for (const s of slices) sums.set(s.part, (sums.get(s.part) ?? 0) + s.amount);
  if (sums.size < 2) return '';
  const top = [...sums]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([part, n]) => `${part || '(before the first heading)'} ${unitOf(n)} (${total > 0 ? Math.round((n / total) * 100) : 0}%)`);
  return `; largest parts: ${top.join(', ')}`;
}

function excessCostNote(limit: Limit, total: number, who: Subject): string {
  if (limit.kind === 'bytes' || limit.kind === 'costPerDay' || !who.callsPerDay) return '';
  const excessUsd = ((total - limit.limit) / 1e6) * who.model.inputPricePer1M * who.callsPerDay;
  return `; the excess costs ${formatCost(excessUsd)} per day at ${formatInt(who.callsPerDay)} calls`;
}

/**
 * The measured figure and a key of a token-budget finding, read back from its message (for
 * baselines, which must never hide an overrun that grew): the key is the message with its
 * measured figures taken out (subject, limit, message kind), `measure` the first figure.
 */
export function budgetMeasure(message: string): { key: string; measure: number } | undefined {
  const subject = /^(.*?) (?:is|costs) /s.exec(message);
  const limit = /(over|of) its (\S+) budget/.exec(message);
  if (!subject || !limit) return undefined;
  // The first count after the subject: the total ("is 322 tokens") or, for a cost, its tokens ("(99 tokens").
  const amount = /~?([\d,]+) (tokens|bytes)/.exec(message.slice(subject[0].length));
  if (!amount) return undefined;
  return { key: `${subject[1]}\0${limit[2]}\0${limit[1]}`, measure: Number(amount[1]!.replace(/,/g, '')) };
}
