/**
 * The rule API: what a rule declares, what it receives and what it reports.
 * Rules are pure: they read the frozen document model and call `ctx.report`.
 */
import type { Position, Prompt, PromptDocument, Range } from '../model/types.js';
import type { ModelInfo, TokenCount } from '../tokens/types.js';
import type { AgentId, ContextEntry, ContextProblem } from '../agents/types.js';

import type { Severity, SeveritySetting } from '../config/types.js';

export type { Severity, SeveritySetting };

export interface TextEdit {
  /** File the edit applies to; the reporting document when omitted. */
  readonly path?: string;
  readonly range: Range;
  readonly text: string;
}

export interface RelatedLocation {
  readonly path: string;
  readonly range: Range;
  readonly message: string;
}

export interface Suggestion {
  readonly messageId: string;
  readonly data?: Record<string, string | number>;
  readonly edits: readonly TextEdit[];
}

export interface Report {
  readonly messageId: string;
  readonly data?: Record<string, string | number>;
  readonly range: Range;
  /** Another document of the same task; the checked document when omitted. */
  readonly path?: string;
  readonly related?: readonly RelatedLocation[];
  /**
   * Safe to apply blind (`--fix`). Edits of the text the model reads, at source offsets: in a YAML
   * string the engine writes them so that the string decodes to the edited text (and drops the fix
   * when it cannot), and it measures what they save on the prompt as sent (`Finding.tokensSaved`;
   * a fix that another finding of the rule already carries, edit for edit, saves 0 the second time).
   */
  readonly fix?: readonly TextEdit[];
  /** Choices for a human (editor only); written for YAML strings like the fix (a suggestion that cannot be is dropped). */
  readonly suggest?: readonly Suggestion[];
  /**
   * The edits whose saving a message quotes as `{{saved}}` (e.g. "12 tokens"), which the engine
   * fills: what removing the finding's own text saves, when its fix does more (a merged deletion)
   * or it has none. The fix's edits when omitted.
   */
  readonly cost?: readonly TextEdit[];
  /** Report the finding only when the `{{saved}}` edits save at least one token. */
  readonly onlyIfSaving?: boolean;
  /** Grade a finding below the configured severity (e.g. a budget warning before the error). */
  readonly severity?: Severity;
}

export interface RuleMeta {
  readonly id: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly defaultSeverity: SeveritySetting;
  readonly fixable: boolean;
  readonly hasSuggestions: boolean;
  /** JSON Schema of the options object, closed with additionalProperties: false. */
  readonly schema: Record<string, unknown>;
  readonly defaultOptions: Record<string, unknown>;
  /** messageId → template with {{placeholders}} (`{{saved}}` is the engine's: see `Report.cost`). */
  readonly messages: Readonly<Record<string, string>>;
}

/**
 * Work a rule can have done ahead from the texts of some units of each prompt alone, plain data in
 * and out: a parallel CLI run does it on the token-counting thread while the lint thread parses on
 * (cli/parallel.ts). Rules that share one (the same object) share the work; a rule that finds
 * nothing provided does the work itself (a serial run, the language server).
 *
 * `T` crosses threads by structured clone; a typed array's buffer is moved, not copied.
 */
export interface UnitPrecompute<T = unknown> {
  /** Names it across threads. */
  readonly id: string;
  /** The positions in `prompt.units` whose texts it reads. */
  select(prompt: Prompt): number[];
  /** From those texts alone (any thread). */
  compute(texts: readonly string[]): T;
  /** Hands what `compute` made to the rule's memo of the prompt (the units `select` gave, in order). */
  accept(prompt: Prompt, indices: readonly number[], data: T): void;
}

/**
 * What a task derived from agents' effective contexts stands for (none for a configured task):
 * one agent's context, or the files several agents read for one place of a repository (drift).
 */
export interface TaskContext {
  readonly kind: 'context' | 'drift';
  /** The agent (for 'context'), or the agents whose files are compared (for 'drift'). */
  readonly agents: readonly AgentId[];
  readonly root: string;
  readonly target: string;
  /** The entries that load always, in the agent's order (a drift task: each agent's in turn). */
  readonly entries: readonly ContextEntry[];
  /** What the resolver found wrong (missing imports, cycles, too deep), each at file:line:col. */
  readonly problems: readonly ContextProblem[];
}

/** The composed context of one task (configured, or derived from an agent): its documents in order. */
export interface TaskView {
  readonly name: string;
  readonly context?: TaskContext;
  readonly docs: readonly PromptDocument[];
  /**
   * An agent's context whose members the agent reads only in part (a listed skill, a truncated
   * AGENTS.md): `docs` hold what it sends, the rest blanked (offsets and lines kept), and these the
   * members as their files are, in the same order, for rules about the files themselves (their
   * size against the agent's limit). Absent when every member is read whole.
   */
  readonly whole?: readonly PromptDocument[];
  /**
   * An agent's context: files a resolver problem points at that the agent does not read at all (an
   * AGENTS.md past Codex's budget). Rules may report in them; they are not members (never compared
   * or counted).
   */
  readonly unread?: readonly PromptDocument[];
  readonly model: ModelInfo;
  readonly callsPerDay?: number;
  readonly maxTokens?: number;
  readonly maxCostPerDay?: number;
  readonly warnAt: number;
}

export interface BudgetView {
  readonly maxTokens?: number;
  readonly maxBytes?: number;
  readonly maxCostPerCall?: number;
  readonly warnAt: number;
  readonly model: ModelInfo;
  readonly callsPerDay?: number;
}

export interface RuleContext {
  readonly options: Readonly<Record<string, unknown>>;
  /** The model configured for this document. */
  readonly model: ModelInfo;
  /** Token count for a text under a model (default: the configured one); exact or labelled estimate. */
  countTokens(text: string, model?: ModelInfo): TokenCount;
  /**
   * Tokens of the exact whole-text encoding that start in each slice [cuts[i], cuts[i+1]) of `text`
   * (first slice from 0, last to the end): per-line or per-section attribution that sums to the total.
   */
  attributeTokens(text: string, cuts: readonly number[], model?: ModelInfo): number[];
  /**
   * True when a finding of this rule at `range` (of `path`, the checked document when omitted) will
   * be suppressed by a directive: a fix that merges deletions must leave such a unit alone.
   */
  isSuppressed?(range: Range, path?: string): boolean;
  /** Every registered rule id (for directive validation). */
  readonly knownRules: ReadonlySet<string>;
  /** Budgets whose `files` match the checked document (token-budget). */
  readonly budgets: readonly BudgetView[];
  report(report: Report): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** Called once per document. */
  check?(doc: PromptDocument, ctx: RuleContext): void;
  /** Called once per configured task, over its documents in order; reports may name any member's path. */
  checkTask?(task: TaskView, ctx: RuleContext): void;
  /** Work `check` reads that can be done ahead from unit texts (see UnitPrecompute). */
  readonly precompute?: UnitPrecompute<any>;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly messageId: string;
  readonly path: string;
  readonly range: Range;
  readonly start: Position;
  readonly end: Position;
  readonly related?: readonly (RelatedLocation & { start: Position; end: Position })[];
  readonly fix?: readonly TextEdit[];
  readonly suggest?: readonly (Suggestion & { message: string })[];
  readonly tokensSaved?: number;
  readonly url: string;
}
