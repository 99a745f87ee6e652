/**
 * Where the other side of a conflict is, in the user's terms: "line 5" in the same file,
 * "AGENTS.md:5" in another file of the task.
 */
import { fileLabel } from './file-label.js';
import type { PromptDocument } from '../../server/src/model/types.js';
import type { Located } from './pairs.js';

export function whereAt(other: Located, from: PromptDocument): string {
  const line = other.doc.file.lines.positionAt(other.unit.range.start).line + 1;
  return other.doc === from ? `line ${line}` : `${fileLabel(other.doc.file.path, from.file.path)}:${line}`;
}
