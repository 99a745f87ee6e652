/** Token counting contracts shared by the engine, rules and fronts. */

export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface ModelInfo {
  /** Model id as users write it, e.g. `gpt-4o`, `claude-sonnet-4`. */
  readonly id: string;
  readonly family: 'openai' | 'anthropic' | 'google' | 'meta' | 'other';
  /** Exact tokenizer when public; absent means counts are estimates. */
  readonly encoding?: EncodingName;
  /** How an estimate is made when there is no public tokenizer (documented in docs/tokens.md). */
  readonly estimate?: {
    /** Encoding whose count is scaled. */
    readonly base: EncodingName;
    /** Multiplier applied to the base count, rounded up. */
    readonly factor: number;
    readonly method: string;
  };
  readonly contextWindow: number;
  /** US dollars per 1M input tokens. */
  readonly inputPricePer1M: number;
}

export interface TokenCount {
  readonly tokens: number;
  /** True when counted with the model's own tokenizer. */
  readonly exact: boolean;
  readonly model: string;
  readonly encoding: EncodingName;
}
