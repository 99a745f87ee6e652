/** Number and money formatting shared by the status bar and the token report. */

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** US dollars with enough digits to be non-zero for cheap calls: $0.0031, $1.24. */
export function formatUsd(n: number): string {
  if (n === 0) return '$0';
  if (n >= 1) return `$${n.toFixed(2)}`;
  const digits = Math.min(8, Math.max(2, 1 - Math.floor(Math.log10(n))));
  return `$${n.toFixed(digits)}`;
}
