/**
 * Known models: tokenizer (exact) or estimate method, context window and input list price.
 * Sources, dates and the estimate factors are documented in docs/tokens.md; config `prices`
 * overrides the prices.
 */
import type { EncodingName, ModelInfo } from './types.js';

export const DEFAULT_MODEL = 'gpt-4o';

/** Date the list prices and context windows below were compiled. */
export const PRICES_AS_OF = '2025-11';

type Estimate = NonNullable<ModelInfo['estimate']>;

/** Claude 3+/4 tokenizer is not public; see docs/tokens.md#anthropic. */
const ANTHROPIC: Estimate = {
  base: 'o200k_base',
  factor: 1.2,
  method: 'o200k_base count × 1.2 (Claude tokenizer not public; factor from third-party comparisons, see docs/tokens.md)',
};
/** Gemini shares the Gemma 3 tokenizer; factor measured on the corpus, see docs/tokens.md#google. */
const GOOGLE: Estimate = {
  base: 'o200k_base',
  factor: 1.08,
  method: 'o200k_base count × 1.08 (Gemini tokenizer not shipped; factor measured with the public Gemma 3 tokenizer, see docs/tokens.md)',
};
/** Llama 3.x: cl100k's vocabulary plus 28k tokens, so never more tokens than cl100k (measured). */
const LLAMA3: Estimate = {
  base: 'cl100k_base',
  factor: 1,
  method: 'cl100k_base count (Llama 3 vocabulary extends cl100k; measured ≤ cl100k on the corpus, see docs/tokens.md)',
};
/** Llama 4: ~200k-entry BPE vocabulary; not measured, assumed close to o200k. */
const LLAMA4: Estimate = {
  base: 'o200k_base',
  factor: 1,
  method: 'o200k_base count (Llama 4 tokenizer not shipped; assumed comparable to o200k, unmeasured, see docs/tokens.md)',
};

function openai(id: string, encoding: EncodingName, contextWindow: number, inputPricePer1M: number): ModelInfo {
  return { id, family: 'openai', encoding, contextWindow, inputPricePer1M };
}
function est(id: string, family: ModelInfo['family'], estimate: Estimate, contextWindow: number, inputPricePer1M: number): ModelInfo {
  return { id, family, estimate, contextWindow, inputPricePer1M };
}

const M = 1_048_576;

const TABLE: readonly ModelInfo[] = [
  // OpenAI — exact.
  openai('gpt-4o', 'o200k_base', 128_000, 2.5),
  openai('gpt-4o-mini', 'o200k_base', 128_000, 0.15),
  openai('gpt-4.1', 'o200k_base', 1_047_576, 2),
  openai('gpt-4.1-mini', 'o200k_base', 1_047_576, 0.4),
  openai('gpt-4.1-nano', 'o200k_base', 1_047_576, 0.1),
  openai('gpt-4.5-preview', 'o200k_base', 128_000, 75),
  openai('o1', 'o200k_base', 200_000, 15),
  openai('o1-mini', 'o200k_base', 128_000, 1.1),
  openai('o1-pro', 'o200k_base', 200_000, 150),
  openai('o3', 'o200k_base', 200_000, 2),
  openai('o3-pro', 'o200k_base', 200_000, 20),
  openai('o3-mini', 'o200k_base', 200_000, 1.1),
  openai('o4-mini', 'o200k_base', 200_000, 1.1),
  openai('gpt-5', 'o200k_base', 400_000, 1.25),
  openai('gpt-5-mini', 'o200k_base', 400_000, 0.25),
  openai('gpt-5-nano', 'o200k_base', 400_000, 0.05),
  openai('gpt-5.1', 'o200k_base', 400_000, 1.25),
  openai('gpt-4', 'cl100k_base', 8_192, 30),
  openai('gpt-4-32k', 'cl100k_base', 32_768, 60),
  openai('gpt-4-turbo', 'cl100k_base', 128_000, 10),
  openai('gpt-3.5-turbo', 'cl100k_base', 16_385, 0.5),
  // Anthropic — estimates.
  est('claude-opus-4-5', 'anthropic', ANTHROPIC, 200_000, 5),
  est('claude-opus-4-1', 'anthropic', ANTHROPIC, 200_000, 15),
  est('claude-opus-4', 'anthropic', ANTHROPIC, 200_000, 15),
  est('claude-sonnet-4-5', 'anthropic', ANTHROPIC, 200_000, 3),
  est('claude-sonnet-4', 'anthropic', ANTHROPIC, 200_000, 3),
  est('claude-haiku-4-5', 'anthropic', ANTHROPIC, 200_000, 1),
  est('claude-3-7-sonnet', 'anthropic', ANTHROPIC, 200_000, 3),
  est('claude-3-5-sonnet', 'anthropic', ANTHROPIC, 200_000, 3),
  est('claude-3-5-haiku', 'anthropic', ANTHROPIC, 200_000, 0.8),
  est('claude-3-opus', 'anthropic', ANTHROPIC, 200_000, 15),
  est('claude-3-haiku', 'anthropic', ANTHROPIC, 200_000, 0.25),
  // Google — estimates. Prices are the ≤200k-token (≤128k for 1.5) prompt tier.
  est('gemini-3-pro', 'google', GOOGLE, M, 2),
  est('gemini-2.5-pro', 'google', GOOGLE, M, 1.25),
  est('gemini-2.5-flash', 'google', GOOGLE, M, 0.3),
  est('gemini-2.5-flash-lite', 'google', GOOGLE, M, 0.1),
  est('gemini-2.0-flash', 'google', GOOGLE, M, 0.1),
  est('gemini-2.0-flash-lite', 'google', GOOGLE, M, 0.075),
  est('gemini-1.5-pro', 'google', GOOGLE, 2 * M, 1.25),
  est('gemini-1.5-flash', 'google', GOOGLE, M, 0.075),
  // Meta — estimates; Meta sells no API, prices are a typical hosted list price (docs/tokens.md).
  est('llama-3.1-8b', 'meta', LLAMA3, 131_072, 0.18),
  est('llama-3.1-70b', 'meta', LLAMA3, 131_072, 0.88),
  est('llama-3.1-405b', 'meta', LLAMA3, 131_072, 3.5),
  est('llama-3.3-70b', 'meta', LLAMA3, 131_072, 0.88),
  est('llama-4-scout', 'meta', LLAMA4, 10_000_000, 0.18),
  est('llama-4-maverick', 'meta', LLAMA4, 1_000_000, 0.27),
];

/** Extra names that are not "table id + version suffix". */
const EXPLICIT_ALIASES: Readonly<Record<string, string>> = {
  'claude-haiku-4': 'claude-haiku-4-5',
  'claude-opus-4.5': 'claude-opus-4-5',
  'claude-opus-4.1': 'claude-opus-4-1',
  'claude-sonnet-4.5': 'claude-sonnet-4-5',
  'claude-haiku-4.5': 'claude-haiku-4-5',
  'claude-3.7-sonnet': 'claude-3-7-sonnet',
  'claude-3.5-sonnet': 'claude-3-5-sonnet',
  'claude-3.5-haiku': 'claude-3-5-haiku',
  'gpt-4o-latest': 'gpt-4o',
  'chatgpt-4o-latest': 'gpt-4o',
  'gpt-5-chat': 'gpt-5',
};

const BY_ID = new Map<string, ModelInfo>(TABLE.map((m) => [m.id, m]));
/** Longest ids first, so `gpt-4o-mini-…` resolves to gpt-4o-mini rather than gpt-4o. */
const BY_LENGTH = [...TABLE].sort((a, b) => b.id.length - a.id.length);

/** Every model in the table (canonical ids). */
export function listModels(): readonly ModelInfo[] {
  return TABLE;
}

/**
 * Lower-cases and strips provider prefixes: `openai/`, `anthropic/`, `google/`, `models/`,
 * `meta-llama/`, Bedrock's `anthropic.` / `us.anthropic.` / `meta.`, a leading `meta-`;
 * `llama3.1` → `llama-3.1`; `:` → `-` (Ollama tags).
 */
export function normalizeModelId(id: string): string {
  let s = id.trim().toLowerCase();
  s = s.replace(/^(?:[a-z0-9_-]+\/)+/, ''); // provider/ or org/ path prefixes
  s = s.replace(/^(?:[a-z]{2}\.)?(?:anthropic|meta|google)\./, '');
  s = s.replace(/^meta-(?=llama)/, '');
  s = s.replace(/^llama(\d)/, 'llama-$1');
  s = s.replace(/:/g, '-');
  return s;
}

/** Version/variant tokens allowed after a known id for it to count as an alias. */
function isVersionToken(t: string): boolean {
  return (
    t === '0' ||
    /^\d{2,8}$/.test(t) || // 0613, 001, 20250514, 2024 (of 2024-08-06)
    /^v\d+$/.test(t) || // v1, v2
    /^\d+[bek]$/.test(t) || // 17b, 16e, 16k
    /^(?:latest|preview|exp|experimental|instruct|it|instant|versatile|turbo|hf|fp8|fp16|bf16)$/.test(t)
  );
}

function findModel(normalized: string): ModelInfo | undefined {
  const direct = BY_ID.get(normalized) ?? BY_ID.get(EXPLICIT_ALIASES[normalized] ?? '');
  if (direct) return direct;
  for (const m of BY_LENGTH) {
    if (!normalized.startsWith(m.id)) continue;
    const rest = normalized.slice(m.id.length);
    if (!/^[-@]/.test(rest)) continue; // must end at a separator: gpt-4 is no prefix of gpt-4o
    const tokens = rest.slice(1).split(/[-@.]/);
    if (tokens.every(isVersionToken)) return m;
  }
  for (const [alias, target] of Object.entries(EXPLICIT_ALIASES)) {
    if (normalized.startsWith(alias) && /^[-@]/.test(normalized.slice(alias.length))) {
      const tokens = normalized.slice(alias.length + 1).split(/[-@.]/);
      if (tokens.every(isVersionToken)) return BY_ID.get(target);
    }
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Known ids closest to `id` (edit distance, shared prefix), best first. */
export function suggestModels(id: string, max = 5): string[] {
  const n = normalizeModelId(id);
  const scored = TABLE.map((m) => {
    let common = 0;
    while (common < n.length && common < m.id.length && n[common] === m.id[common]) common++;
    return { id: m.id, d: editDistance(n, m.id) - Math.min(common, 6) * 0.5 };
  });
  scored.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  return scored.slice(0, max).map((s) => s.id);
}

/**
 * The model an agent's own instruction file is read by, for files whose config names no model:
 * Claude Code's files (CLAUDE.md, CLAUDE.local.md, .claude/**, SKILL.md) → Claude, GEMINI.md →
 * Gemini. Both are estimates (no offline tokenizer; counts carry "~"). AGENTS.md, Cursor, Copilot
 * and the other formats are read by several agents on several models: they keep the default.
 */
export const AGENT_MODELS: readonly { readonly test: RegExp; readonly model: string; readonly agent: string }[] = [
  { test: /(^|\/)(CLAUDE|CLAUDE\.local)\.md$|(^|\/)\.claude\/|(^|\/)SKILL\.md$/, model: 'claude-sonnet-4-5', agent: 'Claude Code' },
  { test: /(^|\/)GEMINI\.md$/, model: 'gemini-2.5-pro', agent: 'Gemini CLI' },
];

export function agentModelFor(file: string): string | undefined {
  const posix = file.split('\\').join('/');
  return AGENT_MODELS.find((a) => a.test.test(posix))?.model;
}

/**
 * The first known model among provider ids as promptfoo writes them (`openai:gpt-4o-mini`,
 * `openai:chat:gpt-4o`, `anthropic:messages:claude-3-5-sonnet-20241022`,
 * `bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0`): each id is tried whole, then after each
 * `provider:` prefix. Ids of no known model (`file://…`, `exec:…`, an unknown model) are passed over.
 */
export function providerModel(providers: readonly string[]): string | undefined {
  for (const provider of providers) {
    const parts = provider.split(':');
    for (let i = 0; i < parts.length; i++) {
      const candidate = parts.slice(i).join(':');
      if (candidate && isKnownModel(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Whether `id` names a known model (a table id, a dated or versioned variant, an alias). */
export function isKnownModel(id: string): boolean {
  const normalized = normalizeModelId(id);
  return !!normalized && findModel(normalized) !== undefined;
}

/** `unknown model "x"; did you mean "a", "b", "c"?`: one wording for config files and flags. */
export function unknownModelMessage(id: string): string {
  return `unknown model ${JSON.stringify(id)}; did you mean ${suggestModels(id, 3).map((m) => `"${m}"`).join(', ')}? (the known models: docs/tokens.md#model-table-modelsts)`;
}

/**
 * ModelInfo for a model id as users write it: table ids, dated/versioned variants
 * (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`, `gemini-2.0-flash-001`,
 * `anthropic.claude-3-5-sonnet-20240620-v1:0`, `meta-llama/Llama-3.1-8B-Instruct`) and a few
 * explicit aliases. The returned `id` is the table's canonical id.
 *
 * `prices` (USD per 1M input tokens, from config) overrides the list price; it is looked up by
 * the id as given, its normalized form, then the canonical id. Unknown ids throw an Error naming
 * the closest known ids.
 */
export function resolveModel(id: string, prices?: Readonly<Record<string, number>>): ModelInfo {
  const normalized = normalizeModelId(id);
  const model = normalized ? findModel(normalized) : undefined;
  if (!model) {
    const close = suggestModels(id);
    throw new Error(
      `Unknown model '${id}'. Did you mean: ${close.join(', ')}? ` +
        `Known models: ${TABLE.map((m) => m.id).join(', ')} (dated variants such as gpt-4o-2024-08-06 are accepted).`,
    );
  }
  if (prices) {
    for (const key of [id, normalized, model.id]) {
      if (!Object.prototype.hasOwnProperty.call(prices, key)) continue;
      const price = prices[key];
      if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
        throw new Error(`Invalid price for model '${key}': ${String(price)} (expected USD per 1M input tokens, a number ≥ 0)`);
      }
      return { ...model, inputPricePer1M: price };
    }
  }
  return model;
}
