/** Configuration as written by users (RawConfig) and as the engine uses it (ResolvedConfig). */
/** 'info' sets a finding apart (a restatement its author labelled as a reminder): shown, never failing a run. */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type RuleSetting = SeveritySetting | [SeveritySetting] | [SeveritySetting, Record<string, unknown>];

export interface BudgetConfig {
  files: string | string[];
  maxTokens?: number;
  maxBytes?: number;
  maxCostPerCall?: number;
  /** Fraction of a limit at which a warning starts (default 0.8). */
  warnAt?: number;
  model?: string;
  callsPerDay?: number;
}

export interface TaskConfig {
  name: string;
  /** Ordered paths or globs, relative to the config file. */
  files: string[];
  model?: string;
  callsPerDay?: number;
  maxTokens?: number;
  maxCostPerDay?: number;
  warnAt?: number;
}

/** A coding agent whose effective contexts are derived as tasks (see docs/agents/). */
export type AgentName = 'claude-code' | 'codex' | 'cursor' | 'copilot' | 'gemini-cli' | 'windsurf';

/** A budget on what one agent loads (its effective context), enforced by token-budget. */
export interface AgentBudgetConfig {
  maxTokens?: number;
  maxCostPerDay?: number;
  callsPerDay?: number;
  model?: string;
  warnAt?: number;
}

/**
 * `false`: no derived tasks; `true` (the default): every agent whose files the repository has; a
 * list: only these agents; an object: the agents it names on (`true`, a budget) or off (`false`).
 */
export type AgentsConfig = boolean | AgentName[] | Partial<Record<AgentName, boolean | AgentBudgetConfig>>;

/** The `agents` setting after the cascade. */
export interface ResolvedAgents {
  /** False: the engine derives no tasks from effective contexts. */
  readonly derive: boolean;
  /** Only these agents (undefined: every agent the repository has files for). */
  readonly only?: readonly AgentName[];
  readonly off: readonly AgentName[];
  readonly budgets: Readonly<Partial<Record<AgentName, AgentBudgetConfig>>>;
}

export interface OverrideConfig {
  files: string | string[];
  excludedFiles?: string | string[];
  rules?: Record<string, RuleSetting>;
  model?: string;
}

export interface RawConfig {
  root?: boolean;
  extends?: string | string[];
  model?: string;
  rules?: Record<string, RuleSetting>;
  include?: string[];
  exclude?: string[];
  overrides?: OverrideConfig[];
  budgets?: BudgetConfig[];
  tasks?: TaskConfig[];
  /** Model id → US dollars per 1M input tokens. */
  prices?: Record<string, number>;
  /** Default calls per day for cost-per-day figures. */
  callsPerDay?: number;
  /** YAML keys whose string values are prompts. */
  promptKeys?: string[];
  /** Largest file linted, in bytes (default 2 MB). */
  maxFileSize?: number;
  /** Which agents' effective contexts are linted as tasks, and their budgets. */
  agents?: AgentsConfig;
  /** Detect several prompts in one Markdown or text file (default true); false reads each file as one prompt. */
  splitPrompts?: boolean;
}

/** Budgets and tasks keep the directory they were declared in, so their globs resolve from there. */
export interface Anchored<T> {
  readonly value: T;
  readonly baseDir: string;
  readonly source: string;
}

export interface ResolvedConfig {
  /** Config files that contributed, nearest last. Empty when running on defaults. */
  readonly sources: readonly string[];
  /** Directory that include/exclude globs are relative to (the root-most config's dir, or cwd). */
  readonly baseDir: string;
  readonly model: string;
  /** The model was named (by a config, an override or --model), not the default or an agent's default. */
  readonly modelNamed?: boolean;
  /** Rule id → [severity, options] after overrides for the file the config was resolved for. */
  readonly rules: Readonly<Record<string, readonly [SeveritySetting, Record<string, unknown>]>>;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly budgets: readonly Anchored<BudgetConfig>[];
  readonly tasks: readonly Anchored<TaskConfig>[];
  readonly prices: Readonly<Record<string, number>>;
  readonly callsPerDay?: number;
  readonly promptKeys: readonly string[];
  readonly maxFileSize: number;
  readonly agents: ResolvedAgents;
  /** False: no prompt boundaries are detected inside a file (parse/boundaries.ts); absent means detect. */
  readonly splitPrompts?: boolean;
}
