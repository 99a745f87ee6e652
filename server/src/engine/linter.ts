/**
 * Runs rules over documents and tasks and turns their reports into findings:
 * severity from config, message from template, positions, docs URL, directive filtering.
 */
import type { ResolvedConfig } from '../config/types.js';
import { matchesGlobs } from '../config/files.js';
import type { PromptDocument } from '../model/types.js';
import { resolveModel } from '../tokens/index.js';
import type { ModelInfo } from '../tokens/types.js';
import { docsUrl, ruleIds } from '../../../rules/index.js';
import { Suppressions } from './directives.js';
import { formatMessage } from './messages.js';
import { createRuleContext, type CollectedReport } from './rule-context.js';
import type { BudgetView, Finding, Rule, Severity, SeveritySetting, TaskView } from './types.js';

export interface LintOutcome {
  readonly findings: Finding[];
  /** Rules that threw or reported nonsense: logged, never fatal to the run. */
  readonly ruleErrors: string[];
}

const modelCache = new Map<string, ModelInfo>();
export function modelFor(id: string, prices: Readonly<Record<string, number>>): ModelInfo {
  const key = `${id}\0${JSON.stringify(prices)}`;
  const cached = modelCache.get(key);
  if (cached) return cached;
  const model = resolveModel(id, { ...prices });
  modelCache.set(key, model);
  return model;
}

export function ruleSetting(config: ResolvedConfig, rule: Rule): readonly [SeveritySetting, Readonly<Record<string, unknown>>] {
  let byRule = settings.get(config);
  if (!byRule) settings.set(config, (byRule = new Map()));
  let setting = byRule.get(rule);
  if (!setting) {
    const configured = config.rules[rule.meta.id];
    const severity = configured?.[0] ?? rule.meta.defaultSeverity;
    setting = Object.freeze([severity, Object.freeze({ ...rule.meta.defaultOptions, ...(configured?.[1] ?? {}) })] as const);
    byRule.set(rule, setting);
  }
  return setting;
}

/** Each rule's setting under a resolved config, worked out once: files that share a config share them. */
const settings = new WeakMap<ResolvedConfig, Map<Rule, readonly [SeveritySetting, Readonly<Record<string, unknown>>]>>();

export function budgetsFor(path: string, config: ResolvedConfig, fallback: ModelInfo): BudgetView[] {
  return config.budgets
    .filter((b) => matchesGlobs(path, b.value.files, b.baseDir))
    .map((b) => ({
      maxTokens: b.value.maxTokens,
      maxBytes: b.value.maxBytes,
      maxCostPerCall: b.value.maxCostPerCall,
      warnAt: b.value.warnAt ?? 0.8,
      model: b.value.model ? modelFor(b.value.model, config.prices) : fallback,
      callsPerDay: b.value.callsPerDay ?? config.callsPerDay,
    }));
}

/** Runs every enabled rule's `check` over one document; `ruleTimes` adds up each rule's milliseconds. */
export function lintDocument(doc: PromptDocument, config: ResolvedConfig, rules: readonly Rule[], ruleTimes?: Map<string, number>): LintOutcome {
  const path = doc.file.path;
  const model = modelFor(config.model, config.prices);
  const budgets = budgetsFor(path, config, model);
  const sink: CollectedReport[] = [];
  const severities = new Map<string, Severity>();
  const ruleErrors: string[] = [];
  const docs = new Map([[path, doc]]);
  const suppressed = suppressionsOf(docs);
  for (const rule of rules) {
    if (!rule.check) continue;
    const [severity, options] = ruleSetting(config, rule);
    if (severity === 'off') continue;
    severities.set(rule.meta.id, severity);
    const ctx = createRuleContext({ rule, options, model, budgets, docs, defaultPath: path, knownRules: ruleIds, sink, suppressed });
    try {
      if (ruleTimes) {
        const start = performance.now();
        rule.check(doc, ctx);
        ruleTimes.set(rule.meta.id, (ruleTimes.get(rule.meta.id) ?? 0) + performance.now() - start);
      } else {
        rule.check(doc, ctx);
      }
    } catch (error) {
      ruleErrors.push(`${path}: rule ${rule.meta.id} failed: ${(error as Error).message}`);
    }
  }
  return { findings: toFindings(sink, docs, severities, ruleErrors, suppressed), ruleErrors };
}

/** Whether a finding of a rule at an offset of one of `docs` is suppressed by the document's directives. */
function suppressionsOf(docs: ReadonlyMap<string, PromptDocument>): (path: string, offset: number, ruleId: string) => boolean {
  const byPath = new Map<string, Suppressions>();
  return (path, offset, ruleId) => {
    const doc = docs.get(path);
    if (!doc) return false;
    let s = byPath.get(path);
    if (!s) byPath.set(path, (s = new Suppressions(doc.file, doc.directives)));
    return s.isSuppressed(ruleId, doc.file.lines.positionAt(offset).line);
  };
}

/** Runs every enabled rule's `checkTask` over one task (its documents in order). */
export function lintTask(task: TaskView, config: ResolvedConfig, rules: readonly Rule[]): LintOutcome {
  const sink: CollectedReport[] = [];
  const severities = new Map<string, Severity>();
  const ruleErrors: string[] = [];
  // findings may land in the members and in the files the agent does not read (TaskView.unread)
  const reportable = [...task.docs, ...(task.unread ?? [])];
  const docs = new Map(reportable.map((d) => [d.file.path, d] as const));
  const first = reportable[0];
  if (!first) return { findings: [], ruleErrors };
  const suppressed = suppressionsOf(docs);
  for (const rule of rules) {
    if (!rule.checkTask) continue;
    const [severity, options] = ruleSetting(config, rule);
    if (severity === 'off') continue;
    severities.set(rule.meta.id, severity);
    const ctx = createRuleContext({
      rule, options, model: task.model, budgets: [], docs, defaultPath: first.file.path, knownRules: ruleIds, sink, suppressed,
    });
    try {
      rule.checkTask(task, ctx);
    } catch (error) {
      ruleErrors.push(`task ${task.name}: rule ${rule.meta.id} failed: ${(error as Error).message}`);
    }
  }
  return { findings: toFindings(sink, docs, severities, ruleErrors, suppressed), ruleErrors };
}

function toFindings(
  sink: readonly CollectedReport[],
  docs: ReadonlyMap<string, PromptDocument>,
  severities: ReadonlyMap<string, Severity>,
  ruleErrors: string[],
  suppressed: (path: string, offset: number, ruleId: string) => boolean,
): Finding[] {
  const findings: Finding[] = [];
  for (const { rule, report, tokensSaved } of sink) {
    const id = rule.meta.id;
    const doc = docs.get(report.path ?? [...docs.keys()][0]!)!;
    const lines = doc.file.lines;
    const start = lines.positionAt(report.range.start);
    if (suppressed(doc.file.path, report.range.start, id)) continue;
    const configured = severities.get(id)!;
    // A rule may grade its own findings (budget: warning near the limit, error over it; a labelled
    // reminder: info), but only ever below the configured severity: a rule set to "warn" never produces errors.
    const severity = lowerSeverity(configured, report.severity);
    try {
      findings.push({
        ruleId: id,
        severity,
        messageId: report.messageId,
        message: formatMessage(rule.meta.messages[report.messageId]!, report.data, `rule ${id}`),
        path: doc.file.path,
        range: report.range,
        start,
        end: lines.positionAt(report.range.end),
        related: report.related?.map((r) => {
          const other = docs.get(r.path)?.file.lines ?? lines;
          return { ...r, start: other.positionAt(r.range.start), end: other.positionAt(r.range.end) };
        }),
        fix: report.fix?.map((e) => ({ ...e, path: e.path ?? doc.file.path })),
        suggest: report.suggest?.map((s) => ({
          ...s,
          message: formatMessage(rule.meta.messages[s.messageId]!, s.data, `rule ${id}`),
          edits: s.edits.map((e) => ({ ...e, path: e.path ?? doc.file.path })),
        })),
        tokensSaved,
        url: docsUrl(id),
      });
    } catch (error) {
      ruleErrors.push(`${doc.file.path}: ${(error as Error).message}`);
    }
  }
  return findings.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.path.localeCompare(b.path) ||
    a.start.line - b.start.line ||
    a.start.character - b.start.character ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The configured severity, lowered (never raised) to the one a report asks for. */
export function lowerSeverity(configured: Severity, asked: Severity | undefined): Severity {
  return asked !== undefined && RANK[asked] < RANK[configured] ? asked : configured;
}
