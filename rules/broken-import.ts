/**
 * broken-import: an `@` import or reference in an agent's instruction file that the agent cannot
 * follow: its target is missing, it closes a cycle, it lies deeper than the agent follows imports,
 * or outside the project. The agent resolvers find these (server/src/agents/); the engine hands
 * them to this rule with the effective context, and the rule only judges and places them.
 */
import type { ContextProblem, ProblemKind } from '../server/src/agents/types.js';
import type { Rule, Severity } from '../server/src/engine/types.js';
import type { PromptDocument, Range } from '../server/src/model/types.js';

/** The problems this rule reports, and how bad each is: the first two lose instructions. */
const KINDS: Partial<Record<ProblemKind, Severity>> = {
  'missing-import': 'error',
  'import-too-deep': 'error',
  'import-cycle': 'warning',
  'outside-root': 'warning',
};

const rule: Rule = {
  meta: {
    id: 'broken-import',
    description: 'Imports in agent instruction files resolve: no missing target, no cycle, no chain deeper than the agent follows',
    tags: ['agents', 'imports'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: false,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: { problem: '{{message}} ({{agent}})' },
  },
  checkTask(task, ctx) {
    if (task.context?.kind !== 'context') return;
    for (const problem of task.context.problems) {
      const severity = KINDS[problem.kind];
      if (!severity) continue;
      const doc = task.docs.find((d) => d.file.path === problem.at.file);
      if (!doc) continue; // in a file the agent does not send always (a skill body): not this context's
      ctx.report({ messageId: 'problem', data: { message: problem.message, agent: problem.agent }, path: doc.file.path, range: rangeOf(doc, problem), severity });
    }
  },
};
export default rule;

/** The problem's place: its end when the resolver gave one, else the word (the `@path`) at its start. */
function rangeOf(doc: PromptDocument, problem: ContextProblem): Range {
  const lines = doc.file.lines;
  const { line, column, endLine, endColumn } = problem.at;
  const start = lines.offsetAt({ line: line - 1, character: column - 1 });
  if (endLine !== undefined && endColumn !== undefined) {
    const end = lines.offsetAt({ line: endLine - 1, character: endColumn - 1 });
    if (end >= start) return { start, end };
  }
  const text = doc.file.text;
  let end = start;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return { start, end };
}
