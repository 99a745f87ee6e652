/**
 * repeated-format-rule: a formatting directive (output format, list style, length, tone, response
 * language, emoji, headings, capitalization, tables, code blocks) restated in other words in the
 * same scope. Reported on the restatement, with the earlier directive as related information; the
 * fix deletes the restatement when it says nothing else.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Rule, RuleContext } from '../server/src/engine/types.js';
import { describe, formatChecks, relation, type FormatDirective, type FormatEntry } from './lib/format-directives.js';
import { deletion, nearDuplicate, promptKeepsContent, related, tokensOf, whereIs, type Located } from './lib/pairs.js';

type Entry = FormatEntry;

const rule: Rule = {
  meta: {
    id: 'repeated-format-rule',
    description: 'A formatting rule is stated once: no restatements of the same format, length, tone or style in other words',
    tags: ['format', 'cost'],
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      repeated: 'Restates the {{topic}} rule `{{value}}` from {{where}} ({{tokens}} tokens)',
      remove: 'Remove this restatement',
    },
  },
  ...formatChecks(reportRepeats),
};
export default rule;

/**
 * Reports every unit of `target` holding a directive that repeats an earlier one (`comparable`
 * decides which earlier entries count: same prompt for a file, other files for a task).
 */
function reportRepeats(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (earlier: Entry, later: Entry) => boolean): void {
  const groups = new Map<string, Entry[]>();
  const order = new Map<Entry, number>();
  entries.forEach((e, i) => {
    order.set(e, i);
    const k = `${e.d.topic}\u0000${e.d.scope}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  });
  // per later unit: the directives it holds and, for each, the earliest earlier equivalent
  const perUnit = new Map<FormatDirective['unit'], { entries: Entry[]; matches: (Entry | undefined)[] }>();
  for (const e of entries) {
    if (e.doc !== target) continue;
    const slot = perUnit.get(e.d.unit) ?? { entries: [], matches: [] };
    perUnit.set(e.d.unit, slot);
    const group = groups.get(`${e.d.topic}\u0000${e.d.scope}`)!;
    let match: Entry | undefined;
    for (const earlier of group) {
      if (order.get(earlier)! >= order.get(e)!) break;
      if (earlier.d.unit === e.d.unit || !comparable(earlier, e)) continue;
      if (relation(earlier.d, e.d) === 'repeat') {
        match = earlier;
        break;
      }
    }
    slot.entries.push(e);
    slot.matches.push(match);
  }
  for (const [unit, slot] of perUnit) {
    const i = slot.matches.findIndex(Boolean);
    if (i < 0) continue;
    const first = slot.matches[i]!;
    const here: Located = { doc: target, unit };
    const there: Located = { doc: first.doc, unit: first.d.unit };
    if (nearDuplicate(unit, first.d.unit)) continue; // duplicate-instruction's finding
    const e = slot.entries[i]!;
    const pure = slot.matches.every(Boolean) && e.d.unitSentences === 1 && promptKeepsContent(e.d.prompt.units, unit);
    const tokens = tokensOf(ctx, here);
    ctx.report({
      messageId: 'repeated',
      data: { topic: e.d.topicLabel, value: describe(e.d), where: whereIs(there, target), tokens },
      path: target.file.path,
      range: unit.range,
      related: [related(there, `The ${e.d.topicLabel} rule is first stated here`)],
      // a suggestion only: --fix deletes nothing but text identical to what stays (docs/decisions/fix-safety.md)
      ...(pure ? { suggest: [{ messageId: 'remove', edits: [deletion(here, target)] }] } : {}),
    });
  }
}
