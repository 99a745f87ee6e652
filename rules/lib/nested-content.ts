/**
 * True when the line after `end` is indented deeper than the line holding `unitStart`: nested
 * content (child list items) that deleting the unit would re-parent, so the deletion is not safe.
 */
export function hasNestedContent(text: string, unitStart: number, end: number): boolean {
  if (end === 0 || text[end - 1] !== '\n') return false;
  const lineStart = text.lastIndexOf('\n', unitStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, unitStart))![0].length;
  const next = /^([ \t]*)(\S?)/.exec(text.slice(end, end + 200))!;
  return next[2] !== '' && next[1]!.length > indent;
}
