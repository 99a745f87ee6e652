/**
 * What the repeated-/conflicting- rules share once they have found a pair of units: where the
 * other one is ("line 12", "line 12 of persona.md"), what deleting a unit saves, the deletion edit
 * and the "keep this one / keep the other" suggestions, and the near-duplicate test that leaves
 * word-for-word restatements to duplicate-instruction.
 */
import { fileLabel } from './file-label.js';
import type { PromptDocument, Unit } from '../../server/src/model/types.js';
import type { RelatedLocation, RuleContext, Suggestion, TextEdit } from '../../server/src/engine/types.js';
import { compareTwoStrings } from './similarity.js';
import { memoized } from './memo.js';

/** A unit with the document it is in. */
export interface Located {
  readonly doc: PromptDocument;
  readonly unit: Unit;
}

/** "line 12" in the same file, "line 12 of persona.md" in another. */
export function whereIs(other: Located, from: PromptDocument): string {
  const line = other.doc.file.lines.positionAt(other.unit.range.start).line + 1;
  return other.doc === from ? `line ${line}` : `line ${line} of ${fileLabel(other.doc.file.path, from.file.path)}`;
}

/** Tokens that deleting the unit saves (its removal range, as the configured model counts them). */
export function tokensOf(ctx: RuleContext, at: Located): number {
  const { start, end } = at.unit.removalRange;
  return ctx.countTokens(at.doc.file.text.slice(start, end)).tokens;
}

/** An edit deleting the unit cleanly (its removal range). */
export function deletion(at: Located, reportingDoc: PromptDocument): TextEdit {
  return {
    ...(at.doc !== reportingDoc ? { path: at.doc.file.path } : {}),
    range: at.unit.removalRange,
    text: '',
  };
}

export function related(at: Located, message: string): RelatedLocation {
  return { path: at.doc.file.path, range: at.unit.range, message };
}

/** "Keep this one" (delete the other) and "keep the other" (delete this one). */
export function keepSuggestions(here: Located, other: Located): Suggestion[] {
  return [
    { messageId: 'keepThis', edits: [deletion(other, here.doc)] },
    { messageId: 'keepOther', data: { where: whereIs(other, here.doc) }, edits: [deletion(here, here.doc)] },
  ];
}

/** Dice similarity of normalized texts at or above which a pair is duplicate-instruction's business. */
export const NEAR_DUPLICATE = 0.9;

/** True when two units say the same thing nearly word for word (duplicate-instruction reports those). */
export function nearDuplicate(a: Unit, b: Unit): boolean {
  const ka = comparable(a);
  const kb = comparable(b);
  return ka === kb || compareTwoStrings(ka, kb) >= NEAR_DUPLICATE;
}

/**
 * Lower case, letters, digits and inline code only, whitespace folded; per unit, as the first
 * definition of a persona or format rule is compared with every restatement.
 */
const comparable = memoized((unit: Unit): string =>
  unit.text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}`\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim(),
);

/** Whether deleting the unit leaves its prompt with at least one other instruction (never empty a YAML prompt). */
export function promptKeepsContent(unitsOfPrompt: readonly Unit[], unit: Unit): boolean {
  return unitsOfPrompt.some((u) => u !== unit && u.isInstruction);
}
