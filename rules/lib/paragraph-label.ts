/**
 * A label line that opens the paragraph a unit is in ("Java:" above "Indent code with four
 * spaces.", "Python:" above "Indent code with two spaces."): it scopes the lines under it as a
 * heading would. scope.ts reads headings and list lead-ins; this reads the labels of plain lines.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import { memoizedWith } from './memo.js';

/** Per prompt, for every unit: the index of its paragraph's first unit, its paragraph's number of units, and its paragraph label. */
interface Paragraphs {
  readonly start: Int32Array;
  readonly size: Int32Array;
  readonly label: readonly string[];
}

/**
 * One pass over a prompt's units (issue 12: walking back from each unit was quadratic in a long
 * paragraph, 0.9 s of a 1 MiB one). Unit i continues the paragraph of unit i-1 when both have the
 * same context and no blank line lies between them; a walk back from i then meets the same units
 * as a walk back from i-1, so both answers follow from unit i-1's.
 */
const paragraphsOf = memoizedWith((prompt: Prompt, doc: PromptDocument): Paragraphs => {
  const text = doc.file.text;
  const units = prompt.units;
  const start = new Int32Array(units.length);
  const label: string[] = new Array<string>(units.length);
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const prev = i > 0 ? units[i - 1]! : undefined;
    // a blank line between them ends the paragraph
    if (!prev || prev.context !== unit.context || /\n[ \t]*\r?\n/.test(text.slice(prev.range.end, unit.range.start))) {
      start[i] = i;
      label[i] = '';
    } else {
      start[i] = start[i - 1]!;
      // its own words, whatever scope.ts makes of a title: "Java:" and "Python:" differ
      label[i] = /:$/.test(prev.text) && prev.text.split(/\s+/).length <= 4 ? prev.text.slice(0, -1).trim().toLowerCase() : label[i - 1]!;
    }
  }
  // each paragraph's size, from its last unit back to its first
  const size = new Int32Array(units.length);
  for (let i = units.length - 1; i >= 0; i--) size[i] = i + 1 < units.length && start[i + 1] === start[i] ? size[i + 1]! : i - start[i]! + 1;
  return { start, size, label };
});

function paragraphs(doc: PromptDocument, prompt: Prompt): Paragraphs {
  return paragraphsOf(prompt, doc);
}

/** The scope a paragraph label gives `unit` ('' when none, or when the label names no scope). */
export function paragraphLabel(doc: PromptDocument, prompt: Prompt, unit: Unit): string {
  return paragraphs(doc, prompt).label[unit.index]!;
}

/** The index of the first unit of the paragraph `unit` is in (units on following lines, no blank line between). */
export function paragraphStart(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  return paragraphs(doc, prompt).start[unit.index]!;
}

/** The number of units of the paragraph `unit` is in (1 for a unit on its own). */
export function paragraphSize(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  return paragraphs(doc, prompt).size[unit.index]!;
}
