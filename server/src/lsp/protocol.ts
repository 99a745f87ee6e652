/**
 * What the language server and its clients share: settings, command ids and the custom
 * `promptLint/*` messages. Clients import this file as types only (plus the string constants),
 * so it depends on nothing but plain TypeScript and the engine's token figures
 * (engine/token-figures.ts, types that import nothing).
 *
 * Adding a setting (vscode-eslint's recipe): 1. declare it in the client's package.json
 * `contributes.configuration` with a description; 2. add it to `PromptLintSettings` and
 * `DEFAULT_SETTINGS` here; 3. read it in `settings.ts` (`normalizeSettings`); 4. use it in the server.
 */

import type { SectionTokens } from '../engine/token-figures.js';

/** The `promptLint` configuration section, read per document through `workspace/configuration`. */
export interface PromptLintSettings {
  /** Lint at all. */
  readonly enable: boolean;
  /** When diagnostics are computed: after each change (debounced) or when the file is saved. */
  readonly run: 'onType' | 'onSave';
  /** Quiet time after the last change before linting, in milliseconds (`run: onType`). */
  readonly debounceMs: number;
  /** Count and price with this model instead of the configured one (like `--model`); '' = config. */
  readonly model: string;
  /**
   * Which open documents are linted: `included` = those matching the config's `include` globs
   * (the well-known prompt files) and not its `exclude`; `all` = every document the client sends.
   */
  readonly validate: 'included' | 'all';
  /** Show a code lens with the token count above each section. */
  readonly codeLens: boolean;
  /**
   * Longest a lint of one document may take, in milliseconds (0 = no limit): past it the lint
   * worker is restarted and the document gets a diagnostic saying linting stopped.
   */
  readonly lintTimeoutMs: number;
  /**
   * The coding agent whose effective context the status bar shows (`claude-code`, `codex`,
   * `cursor`, `copilot`, `gemini-cli`, `windsurf`); '' = the first agent that reads the document,
   * else the first agent whose files the repository has.
   */
  readonly agent: string;
}

export const DEFAULT_SETTINGS: PromptLintSettings = Object.freeze({
  enable: true,
  run: 'onType',
  debounceMs: 150,
  model: '',
  validate: 'included',
  codeLens: true,
  lintTimeoutMs: 5000,
  agent: '',
});

/** The configuration section name. */
export const SETTINGS_SECTION = 'promptLint';

/** Code action kind of "Fix all prompt-lint problems" (for `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.promptLint';

/** Commands the server executes (`workspace/executeCommand`). */
export const Commands = Object.freeze({
  /** Arguments: `[uri: string]`. Applies every fix of the document through `workspace/applyEdit`. */
  fixAll: 'promptLint.fixAll',
  /** Arguments: `[url: string]`. Opens a rule's documentation through `window/showDocument`. */
  showDocumentation: 'promptLint.showDocumentation',
});

// ---------------------------------------------------------------------------------------------
// promptLint/status (server → client notification)

export const STATUS_NOTIFICATION = 'promptLint/status';

export type StatusState = 'ok' | 'warning' | 'error' | 'disabled';

/** Sent after each lint of a document: what a status bar item shows for the active file. */
export interface StatusParams {
  readonly uri: string;
  readonly version: number | null;
  /** `error`: errors found or the config is invalid; `warning`: warnings only; `disabled`: not linted. */
  readonly state: StatusState;
  readonly errors: number;
  readonly warnings: number;
  /** Findings set apart at the info level (labelled reminders); absent when none. They never make the state `warning`. */
  readonly infos?: number;
  /** Tokens of every prompt in the file, with `model`'s tokenizer. */
  readonly tokens?: number;
  readonly model?: string;
  /** False when the model has no public tokenizer and counts are estimates. */
  readonly exact?: boolean;
  /** Largest share used of any token/byte/cost budget matching the file, in percent (rounded). */
  readonly budgetPercent?: number;
  /** US dollars per call for the file's prompts. */
  readonly costPerCall?: number;
  readonly costPerDay?: number;
  /** Why the file is not linted, or what went wrong (config error, internal error). */
  readonly message?: string;
  /**
   * The figures above as the server writes them everywhere (hover, code lens, CLI): clients show
   * these strings rather than format the numbers themselves, so every front agrees.
   */
  readonly display?: StatusDisplay;
  /** The effective context of the chosen agent (`promptLint.agent`) for this file, when an agent's files are found. */
  readonly context?: StatusContext;
  /** Budgets of tasks this file belongs to that are exceeded (or near), from the token-budget rule. */
  readonly taskBudgets?: readonly TaskBudgetStatus[];
}

export interface StatusDisplay {
  /** "1,234 tokens" or "~1,234 tokens" (estimate). */
  readonly tokens: string;
  /** "$0.0031" */
  readonly costPerCall?: string;
  readonly costPerDay?: string;
}

export interface StatusContext {
  readonly agent: string;
  /** Display name: "Claude Code". */
  readonly name: string;
  readonly files: number;
  readonly tokens: number;
  /** "1,234 tokens" (formatted by the server). */
  readonly display: string;
  /** Share of the model's context window the context fills, in percent (rounded to 0.1). */
  readonly windowPercent: number;
  /** The same share formatted: "3.1%". */
  readonly windowShare: string;
  readonly model: string;
  /** Use of the agent's budget (`agents` config), when one is set: the status bar shows it instead of the window share. */
  readonly budget?: AgentBudgetUse;
}

export interface TaskBudgetStatus {
  readonly task: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** The token-budget finding's message (says where the running total crosses the limit). */
  readonly message: string;
  /** Where the crossing is: a file of the task and a 0-based line. */
  readonly uri: string;
  readonly line: number;
}

// ---------------------------------------------------------------------------------------------
// promptLint/tokenReport (client → server request)

export const TOKEN_REPORT_REQUEST = 'promptLint/tokenReport';

export interface TokenReportParams {
  readonly uri: string;
}

/**
 * A section's figures as the engine counts them (and the CLI's JSON shows them), `line` 1-based as
 * there: the heading's line, or for a prompt's root the line its figures go on (for a YAML block
 * scalar, the key's line).
 */
export interface TokenReportSection extends SectionTokens {
  readonly costPerCall: number;
}

export interface TokenReportPrompt {
  readonly id: string;
  readonly label: string;
  readonly tokens: number;
  readonly bytes: number;
  readonly sections: readonly TokenReportSection[];
}

/** Tokens per prompt and section of a document, as last linted (null when it is not linted). */
export interface TokenReport {
  readonly uri: string;
  readonly version: number | null;
  readonly model: string;
  readonly encoding: string;
  readonly exact: boolean;
  readonly tokens: number;
  readonly bytes: number;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly prompts: readonly TokenReportPrompt[];
  /** Markdown rendering of the same figures, ready to show. */
  readonly markdown: string;
}

// ---------------------------------------------------------------------------------------------
// promptLint/stats (client → server request; for tests and troubleshooting)

export const STATS_REQUEST = 'promptLint/stats';

export interface StatsParams {
  /** Run a full garbage collection first, so `heapUsed` measures live memory. */
  readonly gc?: boolean;
}

export interface StatsResult {
  readonly heapUsed: number;
  readonly rss: number;
  readonly openDocuments: number;
  /** Lint results kept (one per open document at most). */
  readonly results: number;
  /** Lint runs completed since start, and how many of them were dropped as stale. */
  readonly runs: number;
  readonly staleRuns: number;
  /** Token views computed (hover, code lens, symbols, token report between lints): parse and count, no rules. */
  readonly tokenViews: number;
  /**
   * First lints of just-opened documents run on the settings the client sent at start, before the
   * document's own settings arrived; and how many of them were redone because those differed.
   */
  readonly provisionalRuns: number;
  readonly provisionalRedone: number;
  /**
   * Lints run in the protocol thread before its lint worker took over, and whether the worker was
   * started (only a server that lints its first documents itself: the VS Code build, issue 13.16).
   */
  readonly inProcessLints?: number;
  readonly workerStarted?: boolean;
  /** Which thread lints now: the protocol thread until the worker has loaded and taken over. */
  readonly lintThread?: 'protocol' | 'worker';
}

// ---------------------------------------------------------------------------------------------
// promptLint/context (client → server request): what a coding agent loads for a document

export const CONTEXT_REQUEST = 'promptLint/context';

/** The agents the server resolves (server/src/agents/; a test keeps the two lists equal). */
export const KNOWN_AGENTS = Object.freeze(['claude-code', 'codex', 'cursor', 'copilot', 'gemini-cli', 'windsurf'] as const);

export interface ContextParams {
  /** The document (or a directory, as a file: URI) the agent works on. */
  readonly uri: string;
  /** One agent (`claude-code`, `codex`, `cursor`, `copilot`, `gemini-cli`, `windsurf`); default: every agent whose files the repository has. */
  readonly agent?: string;
}

/** One file of an effective context, counted with the context's model. */
export interface ContextFile {
  readonly uri: string;
  /** Path relative to the repository root. */
  readonly path: string;
  /** always | ancestor | import | glob | listed | on-demand | manual */
  readonly kind: string;
  /** Why it loads, in words: "ancestor directory", "imported from CLAUDE.md:3", "glob src/** matches". */
  readonly detail: string;
  /** 'always': part of the context's total; 'on-demand': loaded only when asked for, never counted. */
  readonly loading: 'always' | 'on-demand';
  /** Import depth (0: the agent finds the file itself). */
  readonly depth: number;
  /** Only part of the file is sent: a skill's name and description, or a truncated chain. */
  readonly part?: { readonly kind: string; readonly bytes: number };
  /** For imports: where the `@path` is written (0-based line and character, as LSP positions). */
  readonly from?: { readonly uri: string; readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } } };
  readonly tokens: number;
  readonly bytes: number;
  readonly costPerCall: number;
  /** Tokens this entry pulls in: its own and those of everything it imports, transitively. */
  readonly tokensWithImports: number;
  /** `tokens` and `tokensWithImports` formatted as every prompt-lint front writes them. */
  readonly display: { readonly tokens: string; readonly tokensWithImports: string };
}

export interface ContextProblemInfo {
  readonly kind: string;
  readonly message: string;
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly source?: string;
}

export interface AgentContext {
  readonly agent: string;
  readonly name: string;
  readonly model: string;
  /** False when the model has no public tokenizer (counts are estimates). */
  readonly exact: boolean;
  readonly contextWindow: number;
  /** In the order the agent sends them; on-demand files follow, apart. */
  readonly files: readonly ContextFile[];
  readonly total: { readonly files: number; readonly tokens: number; readonly bytes: number; readonly costPerCall: number; readonly contextShare: number };
  readonly onDemand: { readonly files: number; readonly tokens: number; readonly bytes: number };
  readonly problems: readonly ContextProblemInfo[];
  /** The same figures formatted as every prompt-lint front writes them. */
  readonly display: { readonly tokens: string; readonly costPerCall: string; readonly onDemandTokens: string; readonly contextShare: string };
  /** Use of the agent's budget from the `agents` config, when it sets one. */
  readonly budget?: AgentBudgetUse;
}

export interface AgentBudgetUse {
  /** Percent of the budget used (rounded to 0.1): the larger of tokens/maxTokens and cost per day/maxCostPerDay. */
  readonly percent: number;
  /** The limit that percent is of, formatted: "2,000 tokens", "$5.00/day". */
  readonly limit: string;
  /** Over the budget: error; from its `warnAt` (default 80%): warning. */
  readonly severity?: 'warning' | 'error';
}

/** The effective contexts of a document, computed with the editor's unsaved buffers. */
export interface ContextResult {
  readonly uri: string;
  /** The repository root (nearest `.git` above the document). */
  readonly root: string;
  readonly agents: readonly AgentContext[];
}

/**
 * The open prompt documents, given to the VS Code build's server when the extension forks it as its
 * bundle loads (issue 13.16, docs/lsp.md "Eighth pass"), in this environment variable as JSON: the
 * prestarted lint worker lints them while the extension host is still preparing the extension's
 * activation, and the first lint request of the same text, settings, folders and trust is answered
 * with that result. Anything else (another text, other settings) is linted as usual.
 */
export const PRELINT_ENV = 'PROMPT_LINT_PRELINT';

export interface PrelintPayload {
  /** The workspace folders' URIs, as `initialize` will send them. */
  readonly folders: readonly string[];
  /** As `initializationOptions.trusted`. */
  readonly trusted: boolean;
  /** As `initializationOptions.promptLint`. */
  readonly settings: Partial<PromptLintSettings>;
  readonly docs: readonly { readonly uri: string; readonly languageId: string; readonly version: number; readonly text: string }[];
}
