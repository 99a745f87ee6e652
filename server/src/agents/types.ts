/**
 * Effective context: which instruction files a coding agent loads when it works on a file or in a
 * directory, in the order it sends them, and why. One resolver per agent (see docs/agents/).
 * Plain data only: contexts cross worker threads and the language server's JSON-RPC.
 */
import type { ContextScope } from './scope.js';

export type AgentId = 'claude-code' | 'codex' | 'cursor' | 'copilot' | 'gemini-cli' | 'windsurf';

/** A place in a file, 1-based line and column (as the CLI prints them). */
export interface FilePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** Why a file loads. `detail` is the human reading: "ancestor directory", "imported from CLAUDE.md:3", "glob src/** matches". */
export type LoadKind =
  | 'always' // loads on every request (repo-wide file, alwaysApply, trigger: always_on)
  | 'ancestor' // a file of the directory chain (CLAUDE.md, AGENTS.md, GEMINI.md walks)
  | 'import' // pulled in by an @path import
  | 'glob' // a path rule whose globs match the target (Cursor globs, Copilot applyTo, .claude/rules paths, Windsurf glob)
  | 'listed' // only its name/description is sent (skills, agent-requested rules); the body loads on demand
  | 'on-demand' // loaded only when the model or the user asks (skill body, manual rule, subdirectory file on read)
  | 'manual';

export interface ContextEntry {
  /** Absolute path. */
  readonly path: string;
  readonly kind: LoadKind;
  readonly detail: string;
  /** Where the import or reference that pulled it in is written, for 'import'. */
  readonly from?: FilePosition;
  /** 'always': counted in the context's tokens; 'on-demand': shown apart, never counted in the total. */
  readonly loading: 'always' | 'on-demand';
  /** Only part of the file is sent (a skill's `name` + `description` when listed; a truncated AGENTS.md chain). */
  readonly part?: {
    readonly kind: 'frontmatter-fields' | 'truncated';
    readonly bytes: number;
    /** For 'frontmatter-fields': the fields sent (default `name`, `description`). */
    readonly fields?: readonly string[];
  };
  /** Import depth: 0 for files the agent finds itself. */
  readonly depth: number;
}

export type ProblemKind = 'missing-import' | 'import-cycle' | 'import-too-deep' | 'outside-root' | 'over-limit';

/** Something the agent will not do as the author expects: each is reported with file:line:col. */
export interface ContextProblem {
  readonly kind: ProblemKind;
  readonly agent: AgentId;
  readonly at: FilePosition;
  readonly message: string;
  /** The documented limit or behaviour behind it, with its source (URL and the date/version it describes). */
  readonly source?: string;
}

export interface EffectiveContext {
  readonly agent: AgentId;
  /** The repository (project) root the agent works in. */
  readonly root: string;
  /** The file or directory the agent works on (absolute). */
  readonly target: string;
  /** In the order the agent sends them. */
  readonly entries: readonly ContextEntry[];
  readonly problems: readonly ContextProblem[];
}

/** Reads the file system for resolvers; tests and the language server (unsaved buffers) pass their own. */
export interface ContextFs {
  readText(file: string): string | undefined;
  isFile(file: string): boolean;
  /** Directory entries (names), or [] when it is not a readable directory. */
  list(dir: string): readonly string[];
}

/** Settings of a resolver run: documented limits the user's agent sets differently (keys of LIMITS in limits.ts). */
export interface ResolveOptions {
  /** e.g. `{ codexProjectDocMaxBytes: 65536, claudeImportDepth: 5 }`. */
  readonly limits?: Readonly<Record<string, number>>;
  /**
   * `contexts()` only: resolve only the directory targets of this scope (scope.ts), the contexts
   * that can load a named file and those on the way to them; every directory when absent.
   */
  readonly scope?: ContextScope;
  /**
   * `contexts()` only: resolve at most this many targets (directories and glob samples, in walk
   * order) and hand each one left out to `skipped`, so that a huge folder stays bounded.
   */
  readonly maxTargets?: number;
  readonly skipped?: (target: string) => void;
}

export interface AgentResolver {
  readonly id: AgentId;
  readonly name: string;
  /** Does this repository hold files this agent reads? */
  detect(root: string, fs: ContextFs): boolean;
  /** The effective context for work on `target` (a file or directory under root). */
  resolve(root: string, target: string, fs: ContextFs, options?: ResolveOptions): EffectiveContext;
  /**
   * The distinct contexts of the repository: one per directory (or matched file set) where what
   * loads differs. The engine lints each as a task.
   */
  contexts(root: string, fs: ContextFs, options?: ResolveOptions): EffectiveContext[];
}
