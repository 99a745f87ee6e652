/**
 * token-budget: a prompt (per configured budget) or a task (the files one job sends on each call)
 * is over its size limit. The finding sits on the line where the running count crosses the limit.
 */
import type { Prompt, PromptDocument, Range } from '../server/src/model/types.js';
import type { BudgetView, Report, Rule, RuleContext, TaskView } from '../server/src/engine/types.js';
import type { ModelInfo } from '../server/src/tokens/types.js';
import { formatCost, formatInt } from '../server/src/tokens/index.js';

/** One line of a prompt with the amount it contributes to the measured quantity. */
interface Slice {
  readonly path: string;
  readonly range: Range;
  readonly amount: number;
}

interface Limit {
  readonly kind: 'tokens' | 'bytes' | 'cost' | 'costPerDay';
  /** Limit expressed in the slices' unit (tokens or bytes). */
  readonly limit: number;
  /** The limit as the user wrote it, for the message. */
  readonly label: string;
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
      overBudget:
        '{{subject}} is {{total}} {{unit}}, {{excess}} over its {{limit}} budget (+{{percent}}%); the budget runs out on this line{{costNote}}',
      nearBudget: '{{subject}} is {{total}} {{unit}}, {{percent}}% of its {{limit}} budget (warning at {{warnAt}}%); the warning threshold is crossed on this line',
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
    const slices: Slice[] = [];
    for (const doc of task.docs) for (const prompt of doc.prompts) slices.push(...tokenSlices(doc, prompt, ctx, task.model));
    for (const limit of taskLimits(task)) {
      checkLimit(slices, limit, task.warnAt, { subject: `Task \`${task.name}\``, model: task.model, callsPerDay: task.callsPerDay }, ctx);
    }
  },
};
export default rule;

function budgetLimits(budget: BudgetView): Limit[] {
  const limits: Limit[] = [];
  if (budget.maxTokens !== undefined) limits.push({ kind: 'tokens', limit: budget.maxTokens, label: `${formatInt(budget.maxTokens)}-token` });
  if (budget.maxBytes !== undefined) limits.push({ kind: 'bytes', limit: budget.maxBytes, label: `${formatInt(budget.maxBytes)}-byte` });
  if (budget.maxCostPerCall !== undefined) {
    limits.push({ kind: 'cost', limit: tokensForCost(budget.maxCostPerCall, budget.model), label: `${formatCost(budget.maxCostPerCall)}-per-call` });
  }
  return limits;
}

function taskLimits(task: TaskView): Limit[] {
  const limits: Limit[] = [];
  if (task.maxTokens !== undefined) limits.push({ kind: 'tokens', limit: task.maxTokens, label: `${formatInt(task.maxTokens)}-token` });
  if (task.maxCostPerDay !== undefined && task.callsPerDay) {
    limits.push({
      kind: 'costPerDay',
      limit: tokensForCost(task.maxCostPerDay / task.callsPerDay, task.model),
      label: `${formatCost(task.maxCostPerDay)}-per-day`,
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

function tokenSlices(doc: PromptDocument, prompt: Prompt, ctx: RuleContext, model: ModelInfo): Slice[] {
  const cuts = lineCuts(prompt.text);
  const counts = ctx.attributeTokens(prompt.text, cuts, model);
  return counts.map((amount, i) => ({ path: doc.file.path, range: lineRange(prompt, cuts, i), amount }));
}

function byteSlices(doc: PromptDocument, prompt: Prompt): Slice[] {
  const cuts = lineCuts(prompt.text);
  return cuts.map((start, i) => {
    const end = i + 1 < cuts.length ? cuts[i + 1]! : prompt.text.length;
    return { path: doc.file.path, range: lineRange(prompt, cuts, i), amount: Buffer.byteLength(prompt.text.slice(start, end)) };
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
  const unit = limit.kind === 'bytes' ? 'bytes' : who.model.encoding ? 'tokens' : `tokens (estimated for ${who.model.id})`;
  const shownTotal = limit.kind === 'bytes' ? formatInt(total) : (who.model.encoding ? '' : '~') + formatInt(Math.ceil(total));
  const report: Report = over
    ? {
        messageId: 'overBudget',
        severity: 'error',
        path: at.path,
        range: at.range,
        data: {
          subject: who.subject,
          total: shownTotal,
          unit,
          limit: limit.label,
          excess: limit.kind === 'bytes' ? `${formatInt(total - limit.limit)} bytes` : `${formatInt(Math.ceil(total - limit.limit))} tokens`,
          percent: (((total - limit.limit) / limit.limit) * 100).toFixed(1),
          costNote: excessCostNote(limit, total, who),
        },
      }
    : {
        messageId: 'nearBudget',
        severity: 'warning',
        path: at.path,
        range: at.range,
        data: {
          subject: who.subject,
          total: shownTotal,
          unit,
          limit: limit.label,
          percent: ((total / limit.limit) * 100).toFixed(0),
          warnAt: (warnAt * 100).toFixed(0),
        },
      };
  ctx.report(report);
}

function excessCostNote(limit: Limit, total: number, who: Subject): string {
  if (limit.kind === 'bytes' || !who.callsPerDay) return '';
  const excessUsd = ((total - limit.limit) / 1e6) * who.model.inputPricePer1M * who.callsPerDay;
  return `; the excess costs ${formatCost(excessUsd)} per day at ${formatInt(who.callsPerDay)} calls`;
}
