/** invalid-directive: a prompt-lint disable/enable comment names a rule that does not exist. */
import { closeMatches } from '../server/src/config/validate.js';
import type { Rule } from '../server/src/engine/types.js';

/** Findings per directive: the first MAX_REPORTED - 1 unknown ids, then one for the rest. */
const MAX_REPORTED = 10;

const rule: Rule = {
  meta: {
    id: 'invalid-directive',
    description: 'Inline prompt-lint comments name only existing rules',
    tags: ['directives'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: false,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      unknownRule: 'Unknown rule `{{id}}` in a prompt-lint directive{{hint}}',
      moreUnknown: '{{count}} more unknown rules in this prompt-lint directive',
    },
  },
  check(doc, ctx) {
    for (const directive of doc.directives) {
      // One finding per unknown id (a repeated id once), up to a few; the rest as one finding, so
      // that a directive listing thousands of ids cannot flood the report.
      const seen = new Set<string>();
      const unknown: number[] = [];
      directive.rules.forEach((id, i) => {
        if (ctx.knownRules.has(id) || seen.has(id)) return;
        seen.add(id);
        unknown.push(i);
      });
      const shown = unknown.length > MAX_REPORTED ? unknown.slice(0, MAX_REPORTED - 1) : unknown;
      for (const i of shown) {
        const id = directive.rules[i]!;
        const close = closeMatches(id, [...ctx.knownRules]);
        const hint = close.length ? `; did you mean ${close.map((c) => `\`${c}\``).join(', ')}?` : '';
        ctx.report({ messageId: 'unknownRule', data: { id, hint }, range: directive.ruleRanges[i] ?? directive.range });
      }
      const rest = unknown.slice(shown.length);
      if (rest.length) {
        const first = directive.ruleRanges[rest[0]!];
        const last = directive.ruleRanges[rest[rest.length - 1]!];
        const range = first && last ? { start: first.start, end: last.end } : directive.range;
        ctx.report({ messageId: 'moreUnknown', data: { count: String(rest.length) }, range });
      }
    }
  },
};
export default rule;
