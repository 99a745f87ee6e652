/** Number formatting shared by hover, code lens, symbols and the token report. */
import { formatInt } from '../tokens/index.js';

export { formatInt };

/** Tokens with `~` when the model's count is an estimate. */
export function formatTokens(n: number, exact: boolean): string {
  return `${exact ? '' : '~'}${formatInt(n)} tokens`;
}

export function formatShare(share: number): string {
  const pct = share * 100;
  return `${pct >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

/** US dollars with enough digits to show sub-cent costs per call. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 100) return `$${usd.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(Math.min(8, Math.ceil(-Math.log10(usd)) + 1))}`;
}
