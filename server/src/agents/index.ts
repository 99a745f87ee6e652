/**
 * Effective context: which instruction files each coding agent loads for a file or a directory of
 * a repository, in order, and why. One resolver per agent; see docs/agents/ and types.ts.
 */
import path from 'node:path';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';
import { windsurf } from './windsurf.js';
import { nodeContextFs } from './fs.js';
import { findRepoRoot, MAX_DIRS, walkCut } from './paths.js';
import { AGENT_NAMES } from './common.js';
import { contextScope } from './scope.js';
import type { AgentId, AgentResolver, ContextFs, EffectiveContext, ResolveOptions } from './types.js';

export type * from './types.js';
export { AGENT_NAMES, contextKey, entryText } from './common.js';
export { countContext, type AgentReport, type CountedEntry } from './count.js';
export { memoryContextFs, nodeContextFs } from './fs.js';
export { scanImports } from './imports.js';
export { LIMITS, limitOf, limitSource, limitsFromRuleOptions, type AgentLimit, type LimitKey } from './limits.js';
export { findRepoRoot } from './paths.js';
export { contextScope, type ContextScope } from './scope.js';

/** Every resolver, in the order contexts are reported. */
export const RESOLVERS: readonly AgentResolver[] = [claudeCode, codex, cursor, copilot, geminiCli, windsurf];

export const AGENT_IDS: readonly AgentId[] = RESOLVERS.map((r) => r.id);

export function resolverFor(id: string): AgentResolver | undefined {
  return RESOLVERS.find((r) => r.id === id);
}

export interface ContextOptions {
  /** Only these agents (default: every agent whose files the repository has). */
  readonly agents?: readonly AgentId[];
  readonly fs?: ContextFs;
  /** Documented limits the user's agents set differently, by LIMITS key (`codexProjectDocMaxBytes`, …). */
  readonly limits?: ResolveOptions['limits'];
  /**
   * `repoContexts` only: the contexts that can load one of these files (absolute paths), and the
   * ones on the way to them, instead of every context of the repository (scope.ts). Every
   * context that loads one of them is among the result, as when every context is resolved.
   */
  readonly files?: readonly string[];
  /**
   * `repoContexts` only: resolve at most this many places per agent (default `MAX_CONTEXT_TARGETS`)
   * and tell `onNotice` what was left out and how to narrow the run, instead of growing without bound.
   */
  readonly maxTargets?: number;
  readonly onNotice?: (message: string) => void;
}

/**
 * Places (directories with an agent's files, one file per glob set) whose context one agent
 * resolves at most in one repository. A repository has a few dozen; a folder without `.git`
 * holding copies of many repositories (a home or temporary folder) has thousands, each context
 * holding hundreds of entries: past this, the rest is left out with a notice.
 */
export const MAX_CONTEXT_TARGETS = 1000;

function chosen(root: string, fsys: ContextFs, agents: readonly AgentId[] | undefined): AgentResolver[] {
  if (agents) return agents.map((a) => resolverFor(a)).filter((r): r is AgentResolver => r !== undefined);
  return RESOLVERS.filter((r) => r.detect(root, fsys));
}

/** The agents whose files the repository holds. */
export function detectAgents(root: string, fsys: ContextFs = nodeContextFs()): AgentId[] {
  return RESOLVERS.filter((r) => r.detect(path.resolve(root), fsys)).map((r) => r.id);
}

/** One effective context per agent (named, or detected) for work on `target` (a file or directory under root). */
export function resolveContext(root: string, target: string, options: ContextOptions = {}): EffectiveContext[] {
  const fsys = options.fs ?? nodeContextFs();
  const r = path.resolve(root);
  return chosen(r, fsys, options.agents).map((res) => res.resolve(r, path.resolve(target), fsys, { limits: options.limits }));
}

/** The distinct contexts of the repository, per agent (deduplicated by entry list): what the engine lints as tasks. */
export function repoContexts(root: string, options: ContextOptions = {}): EffectiveContext[] {
  const fsys = options.fs ?? nodeContextFs();
  const r = path.resolve(root);
  const scope = options.files ? contextScope(r, options.files.map((f) => path.resolve(f)), fsys) : undefined;
  const maxTargets = options.maxTargets ?? MAX_CONTEXT_TARGETS;
  const out = chosen(r, fsys, options.agents).flatMap((res) => {
    const skipped: string[] = [];
    const contexts = res.contexts(r, fsys, { limits: options.limits, ...(scope && !scope.all ? { scope } : {}), maxTargets, skipped: (t) => skipped.push(t) });
    if (skipped.length) options.onNotice?.(skippedNotice(r, fsys, res.id, maxTargets, skipped));
    return contexts;
  });
  if (walkCut(r, fsys)) options.onNotice?.(`effective contexts: ${r} has more than ${MAX_DIRS.toLocaleString('en-US')} folders; agent files below the first ${MAX_DIRS.toLocaleString('en-US')} were not looked for. ${NARROW}`);
  return out;
}

const NARROW = 'Run prompt-lint inside the repository (the folder holding .git), name fewer files, or set "agents" in .promptlintrc ("agents": false turns derived contexts off; docs/configuration.md).';

function skippedNotice(root: string, fsys: ContextFs, agent: AgentId, max: number, skipped: readonly string[]): string {
  const where = fsys.list(root).includes('.git') ? '' : ' (no .git above it: the folder is read as one repository)';
  const first = path.relative(root, skipped[0]!).split(path.sep).join('/') || '.';
  return `effective contexts: ${AGENT_NAMES[agent]} may load something different in ${(max + skipped.length).toLocaleString('en-US')} places of ${root}${where}; only the first ${max.toLocaleString('en-US')} were derived and linted as tasks, ${skipped.length.toLocaleString('en-US')} were left out (from ${first}). ${NARROW}`;
}

/** Convenience: the repository root of `target` and its contexts. */
export function contextFor(target: string, options: ContextOptions = {}): { root: string; contexts: EffectiveContext[] } {
  const root = findRepoRoot(target);
  return { root, contexts: resolveContext(root, target, options) };
}
