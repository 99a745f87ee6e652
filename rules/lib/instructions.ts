/**
 * The instruction model: every instruction of a document read into one shape, whichever reader
 * found it. The format reader (`format-directives.ts`: output format, language, length, tone,
 * emoji, headings, lists, and choices among tools and code styles: package manager, test runner,
 * formatter, indentation, quote style, semicolons), the action reader (`actions.ts`: "always X" /
 * "never X" / "avoid X" / "No X" / "X is forbidden"), the persona reader (`personas.ts`) and the
 * frontmatter allow-lists (`allowed-tools:`) each give
 *
 * - modality: must, should, may, avoid, must not (from `rules/data/instructions.json`),
 * - polarity (+1 do, -1 do not) and either the action (stems) or the slot and the choice that fills it,
 * - scope: the structural scope (sections, list lead-ins, label lines) and what narrows the rule:
 *   for a choice among tools or code styles only the narrowing words (scope words, paths, condition
 *   clauses: "for the Python services", "in `packages/web`"), for other directives the sentence's
 *   words without asides, reasons and universal qualifiers (the format reader's `conflictScope`);
 *   the condition as written ("if the user asks for details"), for messages and tests,
 * - the source: the unit and the sentence it came from.
 *
 * The conflict and repeat rules compare through the readers' relations (`relation`,
 * `personaRelation`, equal action keys); this module is the one place that says what an
 * instruction is, and the one the rules take modality from.
 */
import type { Prompt, PromptDocument, Range, Unit } from '../../server/src/model/types.js';
import data from '../data/instructions.json' with { type: 'json' };
import { actions, toolGrants } from './actions.js';
import { formatDirectives } from './format-directives.js';
import { personaLabel, personas } from './personas.js';
import { memoized } from './memo.js';

export type Modality = 'must' | 'should' | 'may' | 'avoid' | 'must-not';

export interface Instruction {
  readonly kind: 'choice' | 'action' | 'persona' | 'permission';
  readonly modality: Modality;
  readonly polarity: 1 | -1;
  /** The action, as stems ("use strict mode"), for `kind: 'action'`. */
  readonly action?: string;
  /** The slot a choice fills ("package manager", "output format", "persona", "tool permission"). */
  readonly slot?: string;
  /** The choice ("pnpm", "JSON", "at most 100 words", "Sam", "Bash"). */
  readonly choice?: string;
  /** What the rules compare for "same scope". */
  readonly scope: string;
  /** The condition as written, when the sentence has one ("if the user asks for details"). */
  readonly condition?: string;
  /** The words it came from. */
  readonly source: string;
  readonly range: Range;
  readonly prompt?: Prompt;
  readonly unit?: Unit;
}

const MODALITIES = (data.modalities as [Modality, string[]][]).map(
  ([modality, phrases]) => [modality, new RegExp(`(?:^|[^\\p{L}'’])(?:${phrases.map((p) => p.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}'’])`, 'iu')] as const,
);

/** How strongly a sentence binds: the first modality whose phrase it holds; a bare imperative is "must". */
export function modalityOf(sentence: string, polarity: 1 | -1 = 1): Modality {
  for (const [modality, re] of MODALITIES) {
    if (!re.test(sentence)) continue;
    // a negative reading of a positive sentence ("no" in "No more than …") is not a prohibition
    if ((modality === 'must-not' || modality === 'avoid') && polarity === 1) continue;
    return modality;
  }
  return polarity === -1 ? 'must-not' : 'must';
}

const CONDITION = new RegExp(`(?:^|[\\s,(])((?:${data.conditionMarkers.join('|')})\\s+[^,.;:]{2,80})`, 'i');
const CONDITION_WORDS = /^(?:if|unless|when|whenever|except|before|after|while|once|until)\b/i;

/**
 * The condition of a sentence as written: "if …", "unless …", "when …" anywhere; "for …",
 * "in …" only when they name a place in code or a kind of output ("in `packages/web`", "for
 * tool calls"), not a manner ("in detail", "in English").
 */
export function conditionOf(sentence: string): string | undefined {
  const m = CONDITION.exec(sentence);
  if (!m) return undefined;
  const c = m[1]!.trim();
  if (CONDITION_WORDS.test(c) || /`/.test(c) || /^for\s+(?:all\s+|every\s+|each\s+)?(?:tool|function|api|json|commit|code|the\s+user)/i.test(c)) return c;
  return undefined;
}

/** Every instruction of a document in source order (memoized). */
export const instructions = memoized((doc: PromptDocument): readonly Instruction[] => {
  const list: Instruction[] = [];
  const base = (sentence: string, polarity: 1 | -1) => ({ modality: modalityOf(sentence, polarity), polarity, condition: conditionOf(sentence), source: sentence });
  for (const d of formatDirectives(doc)) {
    list.push({ kind: 'choice', ...base(d.sentence, d.polarity), slot: d.topicLabel, choice: d.value, scope: d.conflictScope, range: d.unit.range, prompt: d.prompt, unit: d.unit });
  }
  for (const a of actions(doc)) {
    list.push({ kind: 'action', ...base(a.sentence, a.polarity), action: a.key, scope: a.scope, range: a.unit.range, prompt: a.prompt, unit: a.unit });
  }
  for (const p of personas(doc)) {
    list.push({ kind: 'persona', ...base(p.sentence, 1), slot: 'persona', choice: personaLabel(p), scope: p.scope, range: p.unit.range, prompt: p.prompt, unit: p.unit });
  }
  for (const g of toolGrants(doc)) {
    list.push({ kind: 'permission', modality: 'may', polarity: 1, slot: 'tool permission', choice: g.name, scope: '', source: `${g.field.key}: ${g.name}`, range: g.field.valueRange });
  }
  list.sort((x, y) => x.range.start - y.range.start);
  return list;
});

/** How an instruction's verdict reads in a message: "Requires", "Allows", "Discourages", "Forbids". */
export function verdictOf(modality: Modality): string {
  return modality === 'must' || modality === 'should' ? 'Requires' : modality === 'may' ? 'Allows' : modality === 'avoid' ? 'Discourages' : 'Forbids';
}
