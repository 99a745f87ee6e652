/**
 * conflicting-instruction: a direct contradiction about the same action in the same scope
 * ("Always run the tests before committing." … "Never run the tests before committing.",
 * "Use semicolons." … "Do not use semicolons.", "Do not use the search tool." … "Use the search
 * tool to find files."). Reported on the later one, with the other as related information and
 * "keep this one" / "keep the other" suggestions.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext } from '../server/src/engine/types.js';
import { fileLabel } from './lib/file-label.js';
import { actions, prohibitedVerbs, revokedGrant, toolGrants, type Action, type ToolGrant } from './lib/actions.js';
import { whereAt } from './lib/conflict-messages.js';
import { modalityOf, verdictOf } from './lib/instructions.js';
import { deletion, keepSuggestions, related, type Located } from './lib/pairs.js';
import { sameRuleSet } from './lib/sections.js';
import { negativeActions } from './lib/actions-precompute.js';

/** A requirement for every case: a soft prohibition of the same thing cannot yield to it. */
const UNIVERSAL = /\b(?:every|everything|everywhere|all)\b/i;

interface Entry {
  readonly doc: PromptDocument;
  readonly a: Action;
}

const rule: Rule = {
  meta: {
    id: 'conflicting-instruction',
    description: 'Instructions agree: no "always X" against "never X" or "do X" against "do not X" in the same scope',
    tags: ['contradiction'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      conflict: '{{verdict}} `{{action}}`, but {{where}} says the opposite',
      keepThis: 'Keep this instruction (delete the other one)',
      keepOther: 'Keep the instruction at {{where}} (delete this one)',
      forbidsAllowed: 'Forbids the tool `{{tool}}`, which the `{{field}}` list at {{where}} allows',
      keepAllowList: 'Keep the allow-list at {{where}} (delete this prohibition)',
    },
  },

  check(doc, ctx) {
    report(actions(doc).map((a) => ({ doc, a })), doc, ctx, (x, y) => x.a.prompt === y.a.prompt && sameRuleSet(x.doc, x.a.prompt, x.a.unit, y.a.unit));
    reportRevoked(actions(doc), doc, doc, ctx);
  },

  checkTask(task, ctx) {
    // a bare "Always use strict mode." in one file is read against "Never use strict mode." in another
    const verbs = new Set(task.docs.flatMap((doc) => [...prohibitedVerbs(doc)]));
    const entries = task.docs.flatMap((doc) => actions(doc, verbs).map((a) => ({ doc, a })));
    for (const doc of task.docs) report(entries, doc, ctx, (x, y) => x.doc !== y.doc);
    for (const granting of task.docs) {
      for (const doc of task.docs) if (doc !== granting) reportRevoked(entries.filter((e) => e.doc === doc).map((e) => e.a), doc, granting, ctx);
    }
  },
  precompute: negativeActions,
};
export default rule;

function report(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (a: Entry, b: Entry) => boolean): void {
  // a positive is filed under its action and, when it has a purpose clause, under the action
  // without it: "Use the search tool to find files." against "Do not use the search tool."
  // a strong requirement with an occasion is filed under the action without it too, where it meets
  // only absolute prohibitions: "Always run Prettier before committing." against "Never run Prettier."
  const byKey = new Map<string, Entry[]>();
  const byOccasion = new Map<string, Set<Entry>>();
  const byInstrument = new Map<string, Set<Entry>>();
  const file = (key: string, e: Entry, occasion = false, instrument = false): void => {
    const k = `${e.a.scope}\u0000${key}`;
    const g = byKey.get(k);
    if (g) g.push(e);
    else byKey.set(k, [e]);
    if (occasion) byOccasion.set(k, (byOccasion.get(k) ?? new Set()).add(e));
    if (instrument) byInstrument.set(k, (byInstrument.get(k) ?? new Set()).add(e));
  };
  for (const e of entries) {
    file(e.a.key, e);
    if (e.a.core && e.a.core !== e.a.key) file(e.a.core, e);
    if (e.a.occasion && e.a.occasion !== e.a.key && e.a.occasion !== e.a.core) file(e.a.occasion, e, true);
    if (e.a.instrument && e.a.instrument !== e.a.key && e.a.instrument !== e.a.core && e.a.instrument !== e.a.occasion) file(e.a.instrument, e, true, true);
  }
  const meets = (groupKey: string, x: Entry, y: Entry): boolean => {
    const via = byOccasion.get(groupKey);
    const viaOccasion = !!via && (via.has(x) || via.has(y));
    if (!viaOccasion) return true;
    const negative = x.a.polarity === -1 ? x : y;
    const positive = negative === x ? y : x;
    if (/\b(?:unless|except|without)\b/i.test(negative.a.sentence)) return false;
    // an absolute prohibition admits no occasion; "avoid" yields to an occasion or a case, but not
    // to a requirement that does everything with the thing it avoids ("Model everything as classes")
    const modality = modalityOf(negative.a.sentence, -1);
    const instrument = !!byInstrument.get(groupKey)?.has(positive);
    return modality === 'must-not' || (instrument && modality === 'avoid' && UNIVERSAL.test(positive.a.sentence));
  };
  const reports: Report[] = [];
  const done = new Set<Action['unit']>();
  for (const [groupKey, group] of byKey) {
    for (let j = 1; j < group.length; j++) {
      const e = group[j]!;
      if (e.doc !== target || done.has(e.a.unit)) continue;
      const earlier = group.slice(0, j).find((x) => x.a.polarity !== e.a.polarity && x.a.unit !== e.a.unit && comparable(x, e) && meets(groupKey, x, e));
      if (!earlier) continue;
      // a unit that also states the same side ("Use X. Never skip X.") is not contradicting itself
      if (group.some((x) => x.a.unit === e.a.unit && x.a.polarity === earlier.a.polarity)) continue;
      done.add(e.a.unit);
      const here: Located = { doc: target, unit: e.a.unit };
      const there: Located = { doc: earlier.doc, unit: earlier.a.unit };
      reports.push({
        messageId: 'conflict',
        data: { verdict: verdictOf(modalityOf(e.a.sentence, e.a.polarity)), action: e.a.text, where: whereAt(there, target) },
        path: target.file.path,
        range: e.a.unit.range,
        related: [related(there, `The opposite instruction: \`${earlier.a.sentence.trim()}\``)],
        suggest: keepSuggestions(here, there),
      });
    }
  }
  reports.sort((a, b) => a.range.start - b.range.start);
  for (const r of reports) ctx.report(r);
}

/**
 * A prohibition of a tool that the frontmatter allow-list of `granting` lists ("allowed-tools:
 * Bash, Read" against "Never use the Bash tool."): reported on the prohibition.
 */
function reportRevoked(list: readonly Action[], target: PromptDocument, granting: PromptDocument, ctx: RuleContext): void {
  const grants: ToolGrant[] = toolGrants(granting);
  if (!grants.length) return;
  const done = new Set<Action['unit']>();
  for (const a of list) {
    const grant = revokedGrant(a, grants);
    if (!grant || done.has(a.unit)) continue;
    done.add(a.unit);
    const line = granting.file.lines.positionAt(grant.field.keyRange.start).line + 1;
    const where = granting === target ? `line ${line}` : `${fileLabel(granting.file.path, target.file.path)}:${line}`;
    ctx.report({
      messageId: 'forbidsAllowed',
      data: { tool: grant.name, field: grant.field.key, where },
      path: target.file.path,
      range: a.unit.range,
      related: [{ path: granting.file.path, range: grant.field.valueRange, message: `\`${grant.name}\` is allowed here` }],
      suggest: [{ messageId: 'keepAllowList', data: { where }, edits: [deletion({ doc: target, unit: a.unit }, target)] }],
    });
  }
}
