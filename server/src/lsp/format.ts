/** Number formatting shared by hover, code lens, symbols and the token report. */
import { formatCost, formatInt } from '../tokens/index.js';

export { formatInt };

/** Tokens with `~` when the model's count is an estimate. */
export function formatTokens(n: number, exact: boolean): string {
  return `${exact ? '' : '~'}${formatInt(n)} tokens`;
}

export function formatShare(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** US dollars: the one money format of every front (tokens/index.ts formatCost). */
export const formatUsd = formatCost;
