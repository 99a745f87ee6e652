/** parse-error: the file could not be read as its kind says (invalid YAML, broken frontmatter). */
import type { Rule } from '../server/src/engine/types.js';

const rule: Rule = {
  meta: {
    id: 'parse-error',
    description: 'Prompt files parse: valid YAML and frontmatter',
    tags: ['syntax'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: false,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: { problem: '{{message}}' },
  },
  check(doc, ctx) {
    for (const problem of doc.problems) {
      ctx.report({
        messageId: 'problem',
        data: { message: problem.message },
        range: problem.range,
        severity: problem.severity,
      });
    }
  },
};
export default rule;
