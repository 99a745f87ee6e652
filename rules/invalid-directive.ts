/** invalid-directive: a prompt-lint disable/enable comment names a rule that does not exist. */
import { closeMatches } from '../server/src/config/validate.js';
import type { Rule } from '../server/src/engine/types.js';

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
    messages: { unknownRule: 'Unknown rule `{{id}}` in a prompt-lint directive{{hint}}' },
  },
  check(doc, ctx) {
    for (const directive of doc.directives) {
      directive.rules.forEach((id, i) => {
        if (ctx.knownRules.has(id)) return;
        const close = closeMatches(id, [...ctx.knownRules]);
        const hint = close.length ? `; did you mean ${close.map((c) => `\`${c}\``).join(', ')}?` : '';
        ctx.report({ messageId: 'unknownRule', data: { id, hint }, range: directive.ruleRanges[i] ?? directive.range });
      });
    }
  },
};
export default rule;
