/**
 * How much of its budgets a document uses: the largest fraction over every budget matching the
 * file, every prompt and every limit (tokens, bytes, cost per call), measured as token-budget
 * measures it. For status bars; the findings themselves come from the token-budget rule.
 */
import type { ResolvedConfig } from '../config/types.js';
import type { PromptDocument } from '../model/types.js';
import { countForModel } from '../tokens/index.js';
import { budgetsFor, modelFor } from './linter.js';

/** Largest used fraction (1 = exactly at a limit), or undefined when no budget applies. */
export function budgetUsage(doc: PromptDocument, config: ResolvedConfig): number | undefined {
  const budgets = budgetsFor(doc.file.path, config, modelFor(config.model, config.prices));
  let max: number | undefined;
  const take = (fraction: number) => {
    if (Number.isFinite(fraction)) max = Math.max(max ?? 0, fraction);
  };
  for (const budget of budgets) {
    for (const prompt of doc.prompts) {
      if (budget.maxBytes !== undefined) take(Buffer.byteLength(prompt.text) / budget.maxBytes);
      if (budget.maxTokens === undefined && budget.maxCostPerCall === undefined) continue;
      const tokens = countForModel(prompt.text, budget.model).tokens;
      if (budget.maxTokens !== undefined) take(tokens / budget.maxTokens);
      if (budget.maxCostPerCall !== undefined && budget.model.inputPricePer1M > 0) {
        take(((tokens / 1e6) * budget.model.inputPricePer1M) / budget.maxCostPerCall);
      }
    }
    if (doc.prompts.length === 0) take(0);
  }
  return max;
}
