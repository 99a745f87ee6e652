/**
 * What an effective context costs: tokens, bytes and cost per entry (of the text the entry sends:
 * the whole file, a truncated head, listed frontmatter fields) and in total. Only entries with
 * `loading: 'always'` make the total; the on-demand part is summed apart. Shared by the `context`
 * command and the editor.
 */
import { costPerCall, countForModel } from '../tokens/index.js';
import type { ModelInfo } from '../tokens/types.js';
import { AGENT_NAMES, entryText } from './common.js';
import { nodeContextFs } from './fs.js';
import type { AgentId, ContextEntry, EffectiveContext } from './types.js';

export interface CountedEntry {
  readonly path: string;
  readonly kind: ContextEntry['kind'];
  readonly detail: string;
  readonly loading: ContextEntry['loading'];
  readonly depth: number;
  readonly part?: ContextEntry['part'];
  readonly from?: ContextEntry['from'];
  readonly tokens: number;
  readonly bytes: number;
  readonly costPerCall: number;
  /** The lint leaves it out (the config's `exclude`): the agent loads it, prompt-lint does not judge it. */
  readonly excluded?: boolean;
}

export interface AgentReport {
  readonly agent: AgentId;
  readonly name: string;
  readonly target: string;
  readonly model: string;
  readonly exact: boolean;
  readonly contextWindow: number;
  readonly entries: readonly CountedEntry[];
  readonly total: { readonly files: number; readonly tokens: number; readonly bytes: number; readonly costPerCall: number; readonly costPerDay?: number; readonly contextShare: number };
  readonly onDemand: { readonly files: number; readonly tokens: number; readonly bytes: number };
  readonly problems: ReadonlyArray<{ readonly kind: string; readonly file: string; readonly line: number; readonly column: number; readonly message: string; readonly source?: string }>;
}

/** Tokens, bytes and cost of each entry and the totals: only `loading: 'always'` entries count. */
export function countContext(ctx: EffectiveContext, model: ModelInfo, fsys = nodeContextFs(), callsPerDay?: number): AgentReport {
  let exact = true;
  const entries: CountedEntry[] = ctx.entries.map((e) => {
    const text = entryText(e, fsys) ?? '';
    const count = countForModel(text, model);
    exact &&= count.exact;
    return {
      path: e.path,
      kind: e.kind,
      detail: e.detail,
      loading: e.loading,
      depth: e.depth,
      ...(e.part ? { part: e.part } : {}),
      ...(e.from ? { from: e.from } : {}),
      tokens: count.tokens,
      bytes: Buffer.byteLength(text, 'utf8'),
      costPerCall: costPerCall(count.tokens, model),
    };
  });
  const sum = (list: readonly CountedEntry[], k: 'tokens' | 'bytes') => list.reduce((a, e) => a + e[k], 0);
  const counted = entries.filter((e) => e.loading === 'always');
  const later = entries.filter((e) => e.loading === 'on-demand');
  const tokens = sum(counted, 'tokens');
  const cost = costPerCall(tokens, model);
  return {
    agent: ctx.agent,
    name: AGENT_NAMES[ctx.agent],
    target: ctx.target,
    model: model.id,
    exact: model.encoding !== undefined && exact,
    contextWindow: model.contextWindow,
    entries,
    total: { files: counted.length, tokens, bytes: sum(counted, 'bytes'), costPerCall: cost, ...(callsPerDay ? { costPerDay: cost * callsPerDay } : {}), contextShare: model.contextWindow ? tokens / model.contextWindow : 0 },
    onDemand: { files: later.length, tokens: sum(later, 'tokens'), bytes: sum(later, 'bytes') },
    problems: ctx.problems.map((p) => ({ kind: p.kind, file: p.at.file, line: p.at.line, column: p.at.column, message: p.message, ...(p.source ? { source: p.source } : {}) })),
  };
}

