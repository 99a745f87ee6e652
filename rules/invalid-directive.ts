/** invalid-directive: a prompt-lint disable/enable comment names a rule that does not exist. */
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
    messages: { unknownRule: 'Unknown rule `{{id}}` in a prompt-lint directive' },
  },
  check(doc, ctx) {
    for (const directive of doc.directives) {
      directive.rules.forEach((id, i) => {
        if (ctx.knownRules.has(id)) return;
        ctx.report({ messageId: 'unknownRule', data: { id }, range: directive.ruleRanges[i] ?? directive.range });
      });
    }
  },
};
export default rule;
