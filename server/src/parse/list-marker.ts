/**
 * A list item's marker as prompt-lint reads it, written once: a bullet (`-`, `*`, `+`, `•`) or an
 * ordinal of up to nine digits with `.` or `)` (CommonMark's limit). The parser (units, plain text)
 * and the rules that look at the raw line (duplicate-instruction, parallel items and blocks, same
 * subject, candidates, sentence copies) build their patterns from this source, so that they agree
 * on what opens an item. The Markdown block scanner (markdown.ts) follows markdown-it instead,
 * which knows no `•`.
 */
export const LIST_MARKER_SOURCE = String.raw`(?:[-*+\u2022]|\d{1,9}[.)])`;

/** A line that opens a list item: optional indentation, a marker, a space or tab. */
export const ITEM_LINE = new RegExp(String.raw`^[ \t]*${LIST_MARKER_SOURCE}[ \t]`);

/** Text that holds nothing but indentation and at most one marker (what lies between a unit and the line's start). */
export const ONLY_MARKER = new RegExp(String.raw`^[ \t]*(?:${LIST_MARKER_SOURCE}[ \t]+)?$`);
