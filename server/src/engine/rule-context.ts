/** Builds the context a rule receives; collects and validates what it reports. */
import type { PromptDocument } from '../model/types.js';
import type { ModelInfo, TokenCount } from '../tokens/types.js';
import { attributeTokens, countForModel } from '../tokens/index.js';
import type { BudgetView, Report, Rule, RuleContext } from './types.js';
import { finishReport, type EditScope } from './report-edits.js';

export interface CollectedReport {
  readonly rule: Rule;
  /** As finished by the engine: edits written for the file, `{{saved}}` filled (engine/report-edits.ts). */
  readonly report: Report;
  /** Tokens the fix saves, measured by the engine from its edits. */
  readonly tokensSaved?: number;
}

export interface ContextInput {
  readonly rule: Rule;
  /** Frozen (rules must not change them; `ruleSetting` gives them frozen and shared). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly model: ModelInfo;
  readonly budgets: readonly BudgetView[];
  /** The documents a report may name or edit, by path. */
  readonly docs: ReadonlyMap<string, PromptDocument>;
  readonly defaultPath: string;
  readonly knownRules: ReadonlySet<string>;
  readonly sink: CollectedReport[];
  /** Whether a finding of `ruleId` starting at `offset` of `path` is suppressed by a directive. */
  readonly suppressed?: (path: string, offset: number, ruleId: string) => boolean;
}

export function createRuleContext(input: ContextInput): RuleContext {
  const { rule, model } = input;
  const scope: EditScope = { docs: input.docs, defaultPath: input.defaultPath, count: (text) => countForModel(text, model).tokens };
  const fixesSeen = new Set<string>();
  return Object.freeze({
    options: input.options,
    model,
    budgets: input.budgets,
    countTokens(text: string, other?: ModelInfo): TokenCount {
      return countForModel(text, other ?? model);
    },
    attributeTokens(text: string, cuts: readonly number[], other?: ModelInfo): number[] {
      const m = other ?? model;
      const encoding = m.encoding ?? m.estimate!.base;
      const counts = attributeTokens(text, encoding, cuts);
      const factor = m.encoding ? 1 : m.estimate!.factor;
      return factor === 1 ? counts : counts.map((c) => c * factor);
    },
    knownRules: input.knownRules,
    ...(input.suppressed
      ? { isSuppressed: (range: { start: number }, path?: string) => input.suppressed!(path ?? input.defaultPath, range.start, rule.meta.id) }
      : {}),
    report(report: Report) {
      validateReport(rule, report, input);
      const finished = finishReport(report, rule.meta.messages[report.messageId]!, scope, fixesSeen);
      if (finished) input.sink.push({ rule, ...finished });
    },
  });
}

/** The engine distrusts rules (markdownlint): a bad report is a rule bug, named as such. */
function validateReport(rule: Rule, report: Report, input: ContextInput): void {
  const id = rule.meta.id;
  if (!(report.messageId in rule.meta.messages)) throw new Error(`rule ${id} reported unknown messageId "${report.messageId}"`);
  const path = report.path ?? input.defaultPath;
  const length = lengthOf(input, path);
  if (length === undefined) throw new Error(`rule ${id} reported on a file outside its scope: ${path}`);
  checkRange(id, 'range', report.range, length);
  for (const edit of report.fix ?? []) {
    if (!rule.meta.fixable) throw new Error(`rule ${id} reported a fix but is not marked fixable`);
    checkRange(id, 'fix range', edit.range, lengthOf(input, edit.path ?? path) ?? -1);
  }
  for (const s of report.suggest ?? []) {
    if (!rule.meta.hasSuggestions) throw new Error(`rule ${id} reported a suggestion but hasSuggestions is false`);
    if (!(s.messageId in rule.meta.messages)) throw new Error(`rule ${id} suggestion has unknown messageId "${s.messageId}"`);
    for (const edit of s.edits) checkRange(id, 'suggestion range', edit.range, lengthOf(input, edit.path ?? path) ?? -1);
  }
  for (const edit of report.cost ?? []) checkRange(id, 'cost range', edit.range, lengthOf(input, edit.path ?? path) ?? -1);
}

function lengthOf(input: ContextInput, path: string): number | undefined {
  return input.docs.get(path)?.file.text.length;
}

function checkRange(id: string, what: string, range: { start: number; end: number }, length: number): void {
  const ok = Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 0 && range.start <= range.end && range.end <= length;
  if (!ok) throw new Error(`rule ${id} reported an invalid ${what} [${range.start}, ${range.end}) for a file of length ${length}`);
}

export type { PromptDocument };
