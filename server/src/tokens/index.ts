/**
 * Public entry of the tokens module: exact counts (o200k_base, cl100k_base), estimates for
 * models without a public tokenizer, the model table and cost helpers. See docs/tokens.md.
 */
import { countTokens } from './count.js';
import type { EncodingName, ModelInfo, TokenCount } from './types.js';

export type { EncodingName, ModelInfo, TokenCount } from './types.js';
export {
  attributeTokens,
  chunkBoundaries,
  clearTokenCache,
  countTokens,
  tokenCacheStats,
  tokenStartOffsets,
  type TokenCacheStats,
} from './count.js';
export { ENCODINGS, encoderLoadInfo, isEncoderLoaded, type EncoderLoadInfo } from './encodings.js';
export { DEFAULT_MODEL, PRICES_AS_OF, listModels, normalizeModelId, resolveModel, suggestModels } from './models.js';

/** The encoding whose count is used for `model`: its own, or the base of its estimate. */
export function encodingFor(model: ModelInfo): EncodingName {
  const enc = model.encoding ?? model.estimate?.base;
  if (!enc) throw new Error(`Model '${model.id}' has neither an encoding nor an estimate`);
  return enc;
}

/** Scales an exact base count by an estimate factor, rounding up (guarding against float noise). */
export function applyFactor(tokens: number, factor: number): number {
  if (factor === 1 || tokens === 0) return tokens;
  return Math.max(0, Math.ceil(tokens * factor - 1e-9));
}

/**
 * Token count of `text` for `model`: exact with the model's own encoding, else the base
 * encoding's exact count × the estimate factor, rounded up (exact: false).
 */
export function countForModel(text: string, model: ModelInfo): TokenCount {
  if (model.encoding) {
    return { tokens: countTokens(text, model.encoding), exact: true, model: model.id, encoding: model.encoding };
  }
  const encoding = encodingFor(model);
  const factor = model.estimate?.factor ?? 1;
  return { tokens: applyFactor(countTokens(text, encoding), factor), exact: false, model: model.id, encoding };
}

/** US dollars for sending `tokens` input tokens once. */
export function costPerCall(tokens: number, model: ModelInfo): number {
  return (tokens * model.inputPricePer1M) / 1_000_000;
}

/** US dollars per day for `callsPerDay` calls of `tokens` input tokens. */
export function costPerDay(tokens: number, model: ModelInfo, callsPerDay: number): number {
  return costPerCall(tokens, model) * callsPerDay;
}

/**
 * The one money format of every front (CLI tables, Markdown, messages, hovers, lenses, the HTML
 * report): cents from $1 up (`$1.53`, `$1,234.56`); below $1 two significant digits and at
 * least two decimals (`$0.25`, `$0.012`, `$0.000012`), so `$0.25` never sits beside `$0.2500`.
 */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd)) return `$${usd}`;
  const sign = usd < 0 ? '-' : '';
  const v = Math.abs(usd);
  if (v === 0) return '$0';
  let body: string;
  if (v < 1) {
    body = trimZeros(v.toPrecision(2));
    const decimals = body.includes('.') ? body.length - body.indexOf('.') - 1 : 0;
    if (decimals < 2) body = Number(body).toFixed(2);
  } else {
    body = v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return `${sign}$${body}`;
}

function trimZeros(s: string): string {
  // toPrecision may give exponent notation for tiny values; expand it.
  if (/e/i.test(s)) s = Number(s).toFixed(20);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

let enUs: Intl.NumberFormat | undefined;

/**
 * `n.toLocaleString('en-US')` without building a formatter per call (a few µs each, per finding).
 * Integers (token counts, bytes) are grouped here: creating ICU's formatter took 20–100 ms of the
 * language server's start (issue 13.16), and no other number needs it there.
 */
export function formatNumber(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) {
    const digits = String(n < 0 ? -n : n).replace(/\B(?=(?:\d{3})+$)/g, ',');
    return n < 0 ? `-${digits}` : digits;
  }
  return (enUs ??= new Intl.NumberFormat('en-US')).format(n);
}

/** A count rounded to an integer, with thousands separators. */
export function formatInt(n: number): string {
  return formatNumber(Math.round(n));
}

/** `12,345` for exact counts, `~12,345` for estimates. */
export function formatTokens(n: number, exact: boolean): string {
  const body = formatInt(n);
  return exact ? body : `~${body}`;
}
