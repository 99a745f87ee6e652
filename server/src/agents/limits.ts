/**
 * Documented limits of the agents, as data: each with its value, what it limits, the source and the
 * date or version it describes, and whether it is confirmed by a primary source. The resolvers emit
 * `over-limit` and `import-too-deep` problems from these; docs/agents/*.md cite the same sources.
 */
import type { AgentId } from './types.js';

export interface AgentLimit {
  readonly agent: AgentId;
  readonly id: string;
  readonly value: number;
  readonly unit: 'bytes' | 'characters' | 'imports';
  readonly what: string;
  readonly source: string;
  /** The date or version the source describes. */
  readonly asOf: string;
  /** False when no primary source confirms the value today (said in the problem and the docs). */
  readonly confirmed: boolean;
}

export const LIMITS = {
  codexProjectDocMaxBytes: {
    agent: 'codex',
    id: 'project_doc_max_bytes',
    value: 32 * 1024,
    unit: 'bytes',
    what: 'AGENTS.md chain (root to working directory), one budget shared by all files; the file that crosses it is truncated, later files are not read',
    source: 'https://developers.openai.com/codex/guides/agents-md ; openai/codex codex-rs/core/src/project_doc.rs (DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024)',
    asOf: '2026',
    confirmed: true,
  },
  claudeFileMaxBytes: {
    agent: 'claude-code',
    id: 'memory-file-max-bytes',
    value: 4 * 1024 * 1024,
    unit: 'bytes',
    what: 'a CLAUDE.md file larger than this is skipped ("loads a CLAUDE.md file of up to 4 MiB in full and skips a larger file")',
    source: 'https://code.claude.com/docs/en/memory',
    asOf: '2026',
    confirmed: true,
  },
  claudeImportDepth: {
    agent: 'claude-code',
    id: 'import-depth',
    value: 4,
    unit: 'imports',
    what: 'imports followed from a memory file (four hops in the 2026 docs; five in the 2025 docs)',
    source: 'https://code.claude.com/docs/en/memory ("maximum depth of four hops", 2026); https://docs.anthropic.com/en/docs/claude-code/memory ("max-depth of 5 hops", 2025)',
    asOf: '2026',
    confirmed: true,
  },
  geminiImportDepth: {
    agent: 'gemini-cli',
    id: 'import-depth',
    value: 5,
    unit: 'imports',
    what: 'imports followed from a GEMINI.md file (default, configurable)',
    source: 'google-gemini/gemini-cli docs/core/memport.md ("Maximum import depth (default) 5", CLAUDE.md compatibility mode)',
    asOf: '2026',
    confirmed: true,
  },
  windsurfRuleChars: {
    agent: 'windsurf',
    id: 'rule-file-characters',
    value: 12_000,
    unit: 'characters',
    what: 'characters per rule file (an earlier version: 6,000, truncated beyond)',
    source: 'https://docs.windsurf.com/windsurf/cascade/memories (2026 localized versions: 12,000 characters per rule file)',
    asOf: '2026',
    confirmed: true,
  },
  copilotCodeReviewChars: {
    agent: 'copilot',
    id: 'code-review-characters',
    value: 4_000,
    unit: 'characters',
    what: 'characters of each instruction file that Copilot code review reads (removed from the docs in github/docs PR #42361; whether it still applies is open in github/docs#42761)',
    source: 'github/docs content/copilot/how-tos/configure-custom-instructions/add-repository-instructions.md (before PR #42361); https://github.com/github/docs/issues/42761',
    asOf: '2026',
    confirmed: false,
  },
} as const satisfies Record<string, AgentLimit>;

export type LimitKey = keyof typeof LIMITS;

/**
 * The limit in force: the documented one, or the value a user configured for their agent (then
 * the source says so and keeps the default's source).
 */
export function limitOf(key: LimitKey, limits: Readonly<Record<string, number>> | undefined): AgentLimit {
  const base: AgentLimit = LIMITS[key];
  const value = limits?.[key];
  if (value === undefined || value === base.value) return base;
  return { ...base, value, source: `configured (documented default ${base.value}: ${base.source})`, confirmed: true };
}

/** `source (as of …)`, with "unconfirmed" when no primary source confirms it today. */
export function limitSource(limit: AgentLimit): string {
  return `${limit.source} (as of ${limit.asOf}${limit.confirmed ? '' : '; unconfirmed'})`;
}

/**
 * agent-file-limit's options as resolver limits: the one place a configured limit (Codex's
 * project_doc_max_bytes, …) becomes what the resolvers apply, for `context`, the derived tasks and
 * the budget gate alike. Only positive values: 0 means "not checked", not "reads nothing".
 */
export function limitsFromRuleOptions(options: Readonly<Record<string, unknown>> | undefined): Record<string, number> | undefined {
  if (!options) return undefined;
  const out: Record<string, number> = {};
  for (const [option, key] of Object.entries(RULE_OPTION_LIMITS)) {
    const v = options[option];
    if (typeof v === 'number' && v > 0) out[key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** agent-file-limit's option for each limit it shares with the resolvers. */
export const RULE_OPTION_LIMITS: Readonly<Record<string, LimitKey>> = {
  codexMaxBytes: 'codexProjectDocMaxBytes',
  windsurfMaxChars: 'windsurfRuleChars',
  copilotCodeReviewChars: 'copilotCodeReviewChars',
  claudeMaxBytes: 'claudeFileMaxBytes',
};
