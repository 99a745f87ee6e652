/**
 * The figures of a file's token count, per prompt and section: what `prompt-lint tokens`, the JSON
 * output and the editor show (engine/token-summary.ts computes them). Plain types that import
 * nothing, so that the language server's protocol, which clients compile, can build on them.
 */

export interface SectionTokens {
  readonly title: string;
  readonly depth: number;
  /** 1-based line of the heading (or of the prompt start for the preamble). */
  readonly line: number;
  /** Tokens of the section including its subsections. */
  readonly tokens: number;
  readonly bytes: number;
  /** Share of the prompt's tokens, 0..1. */
  readonly share: number;
}

export interface PromptTokens {
  readonly id: string;
  readonly label: string;
  readonly tokens: number;
  readonly bytes: number;
  readonly sections: readonly SectionTokens[];
  /** Prompts with the same value are alternatives: a call sends one of them (see Prompt.alternatives). */
  readonly alternatives?: string;
}

export interface FileTokens {
  readonly model: string;
  readonly encoding: string;
  readonly exact: boolean;
  /** Every prompt of the file. */
  readonly tokens: number;
  readonly bytes: number;
  /**
   * What one call sends, when that is less than `tokens`: a file of alternative prompts sends the
   * largest of each group of alternatives (with all its other prompts). Cost per call and per day
   * are taken on this.
   */
  readonly perCall?: { readonly tokens: number; readonly alternatives: number };
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly prompts: readonly PromptTokens[];
}
