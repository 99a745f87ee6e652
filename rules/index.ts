/**
 * The one registry of rules, sorted by id. Ids are a contract: never reuse one.
 * A retired id stays here as a comment.
 */
import type { Rule } from '../server/src/engine/types.js';
import agentFileLimit from './agent-file-limit.js';
import brokenImport from './broken-import.js';
import conflictingFormatRule from './conflicting-format-rule.js';
import conflictingInstruction from './conflicting-instruction.js';
import conflictingPersona from './conflicting-persona.js';
import duplicateInstruction from './duplicate-instruction.js';
import fillerPhrase from './filler-phrase.js';
import invalidDirective from './invalid-directive.js';
import parseError from './parse-error.js';
import repeatedFormatRule from './repeated-format-rule.js';
import repeatedPersona from './repeated-persona.js';
import tokenBudget from './token-budget.js';

export { SentenceMemos, withSentenceMemos } from './lib/sentence-cache.js';

export const DOCS_BASE = 'https://github.com/prompt-lint/prompt-lint/blob/main/docs/rules/';

export const allRules: readonly Rule[] = Object.freeze([
  agentFileLimit,
  brokenImport,
  conflictingFormatRule,
  conflictingInstruction,
  conflictingPersona,
  duplicateInstruction,
  fillerPhrase,
  invalidDirective,
  parseError,
  repeatedFormatRule,
  repeatedPersona,
  tokenBudget,
]);

export const ruleIds: ReadonlySet<string> = new Set(allRules.map((r) => r.meta.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.meta.id === id);
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
