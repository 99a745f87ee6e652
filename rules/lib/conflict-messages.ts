/**
 * Where the other side of a conflict is, in the user's terms: "line 5" in the same file,
 * "AGENTS.md:5" in another file of the task.
 */
import path from 'node:path';
import type { PromptDocument } from '../../server/src/model/types.js';
import type { Located } from './pairs.js';

export function whereAt(other: Located, from: PromptDocument): string {
  const line = other.doc.file.lines.positionAt(other.unit.range.start).line + 1;
  return other.doc === from ? `line ${line}` : `${path.basename(other.doc.file.path)}:${line}`;
}
