/**
 * `promptLint/context` on the lint service's side: the effective contexts of a document (what
 * each coding agent loads when it works on it), resolved over the editor's unsaved buffers and
 * counted as `prompt-lint context` counts them (one counting path: agents/count.ts), then put in
 * LSP terms (URIs, 0-based ranges) with the tokens each import pulls in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AGENT_IDS, countContext, findRepoRoot, limitsFromRuleOptions, memoryContextFs, nodeContextFs, resolveContext, type AgentId, type AgentReport } from '../agents/index.js';
import type { AgentBudgetConfig } from '../config/types.js';
import type { Engine } from '../engine/engine.js';
import { modelFor } from '../engine/linter.js';
import { formatInt, formatShare, formatTokens, formatUsd } from './format.js';
import { pathToUri } from './paths.js';
import type { AgentContext, ContextFile, ContextResult } from './protocol.js';

export interface ContextQuery {
  readonly uri: string;
  readonly path: string;
  /** One agent, or every agent whose files the repository has. */
  readonly agent?: string;
  /** Texts of the documents open in the editor, by path (unsaved changes included). */
  readonly open: Readonly<Record<string, string>>;
}

export function isAgentId(id: string): id is AgentId {
  return (AGENT_IDS as readonly string[]).includes(id);
}

/**
 * The repository the file belongs to: the nearest directory with `.git`, else the workspace folder
 * (`fallback`), so that a folder that is not a git checkout still has its root-level files found.
 */
export function contextRoot(filePath: string, fallback: string): string {
  const root = findRepoRoot(filePath);
  if (fs.existsSync(path.join(root, '.git'))) return root;
  const rel = path.relative(fallback, filePath);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? fallback : root;
}

export function effectiveContexts(query: ContextQuery, root: string, engineFor: (filePath: string) => Engine): ContextResult {
  if (query.agent !== undefined && !isAgentId(query.agent)) throw new Error(`unknown agent "${query.agent}" (expected one of: ${AGENT_IDS.join(', ')})`);
  const fsys = memoryContextFs(query.open, nodeContextFs());
  // the repository's agent-file-limit options are the agents' limits, as for the lint and `context`
  const rootConfig = engineFor(query.path).configFor(path.join(root, 'AGENTS.md'));
  const limits = limitsFromRuleOptions(rootConfig.rules['agent-file-limit']?.[1]);
  const contexts = resolveContext(root, query.path, { fs: fsys, limits, ...(query.agent ? { agents: [query.agent as AgentId] } : {}) });
  const agents = contexts.map((ctx) => {
    // the agent's own file (CLAUDE.md, AGENTS.md, …) picks the model its config gives that agent;
    // an agent budget's model, when set, is the one its budget counts with (as token-budget does)
    const modelFile = ctx.entries.find((e) => e.loading === 'always')?.path ?? query.path;
    const config = engineFor(modelFile).configFor(modelFile);
    const budget = config.agents?.budgets[ctx.agent];
    const calls = budget?.callsPerDay ?? config.callsPerDay;
    const report = countContext(ctx, modelFor(budget?.model ?? config.model, config.prices), fsys, calls);
    return toAgentContext(report, root, budget && budgetUse(report, budget, calls));
  });
  return { uri: query.uri, root, agents };
}

/**
 * How much of the agent's budget (`agents` config) the context uses: the larger of its tokens
 * against `maxTokens` and its cost per day against `maxCostPerDay`, graded as token-budget grades
 * (over: error; from `warnAt`, default 80%: warning).
 */
export function budgetUse(report: AgentReport, budget: AgentBudgetConfig, callsPerDay: number | undefined): AgentContext['budget'] {
  const uses: { share: number; limit: string }[] = [];
  if (budget.maxTokens !== undefined && budget.maxTokens > 0) uses.push({ share: report.total.tokens / budget.maxTokens, limit: `${formatInt(budget.maxTokens)} tokens` });
  if (budget.maxCostPerDay !== undefined && budget.maxCostPerDay > 0 && callsPerDay) {
    uses.push({ share: (report.total.costPerCall * callsPerDay) / budget.maxCostPerDay, limit: `${formatUsd(budget.maxCostPerDay)}/day` });
  }
  const top = uses.sort((a, b) => b.share - a.share)[0];
  if (!top) return undefined;
  const severity = top.share > 1 ? 'error' : top.share >= (budget.warnAt ?? 0.8) ? 'warning' : undefined;
  return { percent: Math.round(top.share * 1000) / 10, limit: top.limit, ...(severity ? { severity } : {}) };
}

function toAgentContext(report: AgentReport, root: string, budget?: AgentContext['budget']): AgentContext {
  const files: ContextFile[] = report.entries.map((e) => ({
    uri: pathToUri(e.path),
    path: path.relative(root, e.path) || path.basename(e.path),
    kind: e.kind,
    detail: e.detail,
    loading: e.loading,
    depth: e.depth,
    ...(e.part ? { part: { kind: e.part.kind, bytes: e.part.bytes } } : {}),
    ...(e.from
      ? {
          from: {
            uri: pathToUri(e.from.file),
            range: {
              start: { line: e.from.line - 1, character: e.from.column - 1 },
              end: { line: (e.from.endLine ?? e.from.line) - 1, character: (e.from.endColumn ?? e.from.column) - 1 },
            },
          },
        }
      : {}),
    tokens: e.tokens,
    bytes: e.bytes,
    costPerCall: e.costPerCall,
    tokensWithImports: e.tokens,
    display: { tokens: formatTokens(e.tokens, report.exact), tokensWithImports: formatTokens(e.tokens, report.exact) },
  }));
  withImports(files, report.exact);
  return {
    agent: report.agent,
    name: report.name,
    model: report.model,
    exact: report.exact,
    contextWindow: report.contextWindow,
    files,
    total: {
      files: report.total.files,
      tokens: report.total.tokens,
      bytes: report.total.bytes,
      costPerCall: report.total.costPerCall,
      contextShare: report.total.contextShare,
    },
    onDemand: report.onDemand,
    problems: report.problems.map((p) => ({
      kind: p.kind,
      message: p.message,
      uri: pathToUri(p.file),
      range: { start: { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) }, end: { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) } },
      ...(p.source ? { source: p.source } : {}),
    })),
    display: {
      tokens: formatTokens(report.total.tokens, report.exact),
      costPerCall: formatUsd(report.total.costPerCall),
      onDemandTokens: formatTokens(report.onDemand.tokens, report.exact),
      contextShare: formatShare(report.total.contextShare),
    },
    ...(budget ? { budget } : {}),
  };
}

/** Sets each import's `tokensWithImports`: its tokens and those of every file it imports, transitively. */
function withImports(files: ContextFile[], exact: boolean): void {
  const children = new Map<string, ContextFile[]>();
  for (const f of files) {
    if (f.kind !== 'import' || !f.from) continue;
    const list = children.get(f.from.uri);
    if (list) list.push(f);
    else children.set(f.from.uri, [f]);
  }
  const total = (f: ContextFile, seen: Set<string>): number => {
    if (seen.has(f.uri)) return 0;
    seen.add(f.uri);
    return f.tokens + (children.get(f.uri) ?? []).reduce((sum, child) => sum + total(child, seen), 0);
  };
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (f.kind !== 'import') continue;
    const tokensWithImports = total(f, new Set());
    files[i] = { ...f, tokensWithImports, display: { ...f.display, tokensWithImports: formatTokens(tokensWithImports, exact) } };
  }
}
