/**
 * A label line that opens the paragraph a unit is in ("Java:" above "Indent code with four
 * spaces.", "Python:" above "Indent code with two spaces."): it scopes the lines under it as a
 * heading would. scope.ts reads headings and list lead-ins; this reads the labels of plain lines.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import { classifyTitle } from './scope.js';

const cache = new WeakMap<Prompt, Map<number, string>>();

/** The scope a paragraph label gives `unit` ('' when none, or when the label names no scope). */
export function paragraphLabel(doc: PromptDocument, prompt: Prompt, unit: Unit): string {
  let memo = cache.get(prompt);
  if (!memo) cache.set(prompt, (memo = new Map()));
  let label = memo.get(unit.index);
  if (label !== undefined) return label;
  label = '';
  const text = doc.file.text;
  for (let i = unit.index - 1, next = unit; i >= 0; i--) {
    const prev = prompt.units[i]!;
    // a blank line between them ends the paragraph
    if (prev.context !== unit.context || /\n[ \t]*\r?\n/.test(text.slice(prev.range.end, next.range.start))) break;
    if (/:$/.test(prev.text) && prev.text.split(/\s+/).length <= 4) {
      // with its colon: scope.ts reads a short label line ("Java:") as naming a scope
      const c = classifyTitle(prev.text);
      label = c === 'neutral' || c === 'hidden' || c === 'example' ? '' : c;
      break;
    }
    next = prev;
  }
  memo.set(unit.index, label);
  return label;
}

/** The index of the first unit of the paragraph `unit` is in (units on following lines, no blank line between). */
export function paragraphStart(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  const text = doc.file.text;
  let first = unit;
  for (let i = unit.index - 1; i >= 0; i--) {
    const prev = prompt.units[i]!;
    if (prev.context !== unit.context || /\n[ \t]*\r?\n/.test(text.slice(prev.range.end, first.range.start))) break;
    first = prev;
  }
  return first.index;
}
