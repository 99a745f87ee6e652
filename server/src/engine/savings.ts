/**
 * Tokens a fix saves, measured exactly on the prompt text the model receives. The engine measures
 * every fix's edits with it (engine/report-edits.ts); rules do not count savings themselves.
 *
 * Counting the removed text alone is not exact: BPE merges across its edges (" run the tests\n"
 * does not cost the same alone as in its line). Instead the edits are mapped into the prompt's
 * text and the rule counts a window around them before and after the change. The window is
 * bounded by *safe cut points* (a line start whose first character is neither whitespace nor '/',
 * see server/src/tokens/count.ts): no pre-token of o200k_base or cl100k_base crosses one, so the
 * whole text's count is the sum of the counts on either side, the text outside the window is
 * untouched, and `count(window) − count(window after the edits)` is exactly what the whole prompt
 * loses. Two fixes separated by a safe cut save the sum of their savings, so the savings that the
 * CLI adds up match what `--fix` removes.
 *
 * A single space between two ASCII letters ("run| the") is a safe cut too, and usually a much
 * closer one: in both encodings' pre-tokenizers the letter run before it ends there (no pattern
 * puts a letter and a following space in one pre-token) and the next pre-token starts there
 * (" the"). The window then holds a few words around the edit instead of whole lines, which
 * matters for long paragraphs and indented lists (whose lines never start a safe line cut).
 */
import type { TextEdit } from './types.js';
import { textOffsetOf } from '../model/source.js';
import type { Prompt } from '../model/types.js';

/** A line start at which the encodings can be cut: previous char '\n', this one not whitespace or '/'. */
function isSafeCut(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  if (text.charCodeAt(i - 1) !== 10) return false;
  const c = text[i]!;
  return c !== '/' && !/\s/.test(c);
}

const isAsciiLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** A single space between two ASCII letters: a pre-token boundary in both encodings. */
function isWordCut(text: string, i: number): boolean {
  return text.charCodeAt(i) === 32 && isAsciiLetter(text.charCodeAt(i - 1)) && isAsciiLetter(text.charCodeAt(i + 1));
}

/** How far a window looks for a word cut before falling back to line cuts. */
const WORD_CUT_REACH = 200;

/** Largest safe cut strictly before `pos` whose neighbours the edits leave alone (or 0). */
function cutBefore(text: string, pos: number): number {
  // the cut's next character must lie before `pos`, so that the edit leaves it in place
  for (let i = pos - 2; i > 0 && i >= pos - WORD_CUT_REACH; i--) if (isWordCut(text, i)) return i;
  // lastIndexOf reads a negative start as 0: stop at offset 0 instead of finding it again
  let i = pos >= 2 ? text.lastIndexOf('\n', pos - 2) : -1;
  while (i >= 0) {
    if (isSafeCut(text, i + 1) && i + 1 < pos) return i + 1;
    i = i > 0 ? text.lastIndexOf('\n', i - 1) : -1;
  }
  return 0;
}

/** Smallest safe cut after `pos` whose neighbours the edits leave alone (or the end). */
function cutAfter(text: string, pos: number): number {
  // the cut's previous character must lie at or after `pos`
  for (let i = pos + 1; i < text.length - 1 && i <= pos + WORD_CUT_REACH; i++) if (isWordCut(text, i)) return i;
  let i = text.indexOf('\n', pos);
  while (i !== -1) {
    if (isSafeCut(text, i + 1)) return i + 1;
    i = text.indexOf('\n', i + 1);
  }
  return text.length;
}

/**
 * Tokens the prompt loses when `edits` (source ranges inside `prompt`, non-overlapping) are applied
 * to its text, counted by `count` (the model's: exact under its encoding, a scaled estimate otherwise).
 * A YAML string is measured on its decoded text: the edits' source offsets are mapped into it.
 */
export function tokensSaved(prompt: Prompt, edits: readonly TextEdit[], count: (text: string) => number): number {
  if (!edits.length) return 0;
  const text = prompt.text;
  const mapped = [...edits]
    .map((e) => ({ start: textOffsetOf(prompt, e.range.start), end: textOffsetOf(prompt, e.range.end), text: e.text }))
    .sort((a, b) => a.start - b.start);
  const first = mapped[0]!.start;
  const last = Math.max(...mapped.map((e) => e.end));
  const from = cutBefore(text, first);
  const to = cutAfter(text, last);
  let after = '';
  let cursor = from;
  for (const e of mapped) {
    after += text.slice(cursor, e.start) + e.text;
    cursor = e.end;
  }
  after += text.slice(cursor, to);
  const before = text.slice(from, to);
  return count(before) - count(after);
}
