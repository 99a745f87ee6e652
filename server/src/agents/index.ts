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
import { findRepoRoot } from './paths.js';
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
}

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
  return chosen(r, fsys, options.agents).flatMap((res) => res.contexts(r, fsys, { limits: options.limits, ...(scope && !scope.all ? { scope } : {}) }));
}

/** Convenience: the repository root of `target` and its contexts. */
export function contextFor(target: string, options: ContextOptions = {}): { root: string; contexts: EffectiveContext[] } {
  const root = findRepoRoot(target);
  return { root, contexts: resolveContext(root, target, options) };
}
