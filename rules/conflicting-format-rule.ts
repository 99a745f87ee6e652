/**
 * conflicting-format-rule: two formatting directives in the same scope that cannot both be
 * followed ("Respond in JSON." / "Answer in plain prose.", "under 100 words" / "at least 500
 * words", "Never use emojis." / "Use emojis."). Reported on the later one, with the other as
 * related information and "keep this one" / "keep the other" suggestions.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Rule, RuleContext } from '../server/src/engine/types.js';
import { banConflict, describe, exceptionConflict, formatChecks, relation, tighterCap, type FormatDirective, type FormatEntry } from './lib/format-directives.js';
import { whereAt } from './lib/conflict-messages.js';
import { topicDef } from './lib/format/lexicon.js';
import { keepSuggestions, related, type Located } from './lib/pairs.js';

type Entry = FormatEntry;

/** Conflicts compare on what narrows a rule, not on its remarks (see `FormatDirective.conflictScope`). */
const CONFLICT_SCOPE = (d: FormatDirective) => d.conflictScope;

const rule: Rule = {
  meta: {
    id: 'conflicting-format-rule',
    description: 'Formatting rules agree: no two incompatible formats, lengths, tones or styles for the same scope',
    tags: ['format', 'contradiction'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      conflict: '{{topic}}: `{{value}}` here, `{{other}}` at {{where}}',
      caps: '{{topic}}: `{{value}}` here, `{{other}}` at {{where}}; only the tighter cap, `{{tighter}}`, can hold',
      exact: '{{topic}}: `{{value}}` here, `{{other}}` at {{where}}; the cap allows more than the exact count, `{{tighter}}`',
      inSentence: '{{topic}}: `{{value}}` and `{{other}}` in one sentence; an answer cannot be both',
      keepThis: 'Keep this rule (delete the other one)',
      keepOther: 'Keep the rule at {{where}} (delete this one)',
    },
  },
  ...formatChecks(reportConflicts, { sectionEvidence: true, loose: true }),
};
export default rule;

function reportConflicts(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (earlier: Entry, later: Entry) => boolean): void {
  const groups = new Map<string, Entry[]>();
  /** The scope a group of plain scope keys compares on (reply-named rules join it through `replyScope`). */
  const groupScope = new Map<Entry[], string>();
  const join = (scope: string, e: Entry) => {
    const k = `${e.d.topic}\u0000${scope}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else {
      const fresh = [e];
      groups.set(k, fresh);
      groupScope.set(fresh, scope);
    }
  };
  for (const e of entries) {
    join(e.d.conflictScope, e);
    if (e.d.replyScope !== undefined && e.d.replyScope !== e.d.conflictScope) join(e.d.replyScope, e);
    if (e.d.generalScope !== undefined) {
      // a rule with only the request exception also meets the unconditional rules of its scope
      const gk = `${e.d.topic}\u0000${e.d.generalScope}`;
      const gg = groups.get(gk);
      if (gg) gg.push(e);
      else groups.set(gk, [e]);
    }
    if (e.d.ban || e.d.banScope !== undefined) {
      // an unqualified ban meets the rules using its value for one object of its structural scope
      // under its value, and a ban under each value it covers ("no lists" covers bullets)
      const covered = e.d.ban ? (topicDef(e.d.topic).coversNegative?.[e.d.value] ?? []) : [];
      for (const value of [e.d.value, ...covered]) {
        const bk = `\u0003${e.d.topic}\u0000${value}\u0000${e.d.banScope ?? e.d.conflictScope.slice(0, -1)}`;
        const bg = groups.get(bk);
        if (bg) bg.push(e);
        else groups.set(bk, [e]);
      }
    }
    if (e.d.condition && e.d.bounds) {
      // a conditioned length limit also meets the other conditioned limits of its section
      const ck = `\u0002${e.d.topic}\u0000${e.d.condition.scope}`;
      const cg = groups.get(ck);
      if (cg) cg.push(e);
      else groups.set(ck, [e]);
    }
  }
  const reported = new Set<FormatDirective['unit']>();
  const reports: Parameters<RuleContext['report']>[0][] = [];
  for (const e of entries) {
    // "Be very brief but exhaustive.": one sentence against itself (within a document only)
    if (!e.d.against || e.doc !== target || reported.has(e.d.unit) || !comparable(e, e)) continue;
    reported.add(e.d.unit);
    reports.push({ messageId: 'inSentence', data: { topic: e.d.topicLabel, value: e.d.against.short, other: e.d.against.long }, path: target.file.path, range: e.d.unit.range });
  }
  for (const group of groups.values()) {
    const shared = groupScope.get(group);
    const scopeOf = shared === undefined ? CONFLICT_SCOPE : (d: FormatDirective) => (d.replyScope === shared ? shared : d.conflictScope);
    for (let j = 0; j < group.length; j++) {
      const e = group[j]!;
      if (e.doc !== target || reported.has(e.d.unit)) continue;
      for (let i = 0; i < j; i++) {
        const earlier = group[i]!;
        if (earlier.d.unit === e.d.unit || !comparable(earlier, e)) continue;
        if (relation(earlier.d, e.d, true, scopeOf) !== 'conflict' && !exceptionConflict(earlier.d, e.d) && !banConflict(earlier.d, e.d)) continue;
        // a unit that states both sides itself ("JSON, not YAML") is not in conflict with a restatement
        if (sameUnitHolds(group, e, earlier, scopeOf)) continue;
        const here: Located = { doc: target, unit: e.d.unit };
        const there: Located = { doc: earlier.doc, unit: earlier.d.unit };
        reported.add(e.d.unit);
        const tighter = tighterCap(earlier.d, e.d);
        reports.push({
          messageId: tighter ? (tighter.bounds!.min === tighter.bounds!.max ? 'exact' : 'caps') : 'conflict',
          data: { topic: e.d.topicLabel, value: describe(e.d), other: describe(earlier.d), where: whereAt(there, target), ...(tighter ? { tighter: describe(tighter) } : {}) },
          path: target.file.path,
          range: e.d.unit.range,
          related: [related(there, `Conflicting ${e.d.topicLabel} rule: \`${describe(earlier.d)}\``)],
          suggest: keepSuggestions(here, there),
        });
        break;
      }
    }
  }
  reports.sort((a, b) => a.range.start - b.range.start);
  for (const r of reports) ctx.report(r);
}

/** True when one unit also states the other's directive (it qualifies rather than contradicts). */
function sameUnitHolds(group: readonly Entry[], later: Entry, earlier: Entry, scopeOf: (d: FormatDirective) => string = CONFLICT_SCOPE): boolean {
  // and the other way round: "Be concise, but thorough." is not contradicted by "Be concise."
  // (compared on the scope the group compares on)
  return group.some(
    (x) =>
      (x.d.unit === later.d.unit && x !== later && relation(x.d, earlier.d, false, scopeOf) === 'repeat') ||
      (x.d.unit === earlier.d.unit && x !== earlier && relation(x.d, later.d, false, scopeOf) === 'repeat'),
  );
}
