/**
 * A task's files: each entry of its `files` a path or a glob relative to the declaring config, in
 * the order given, a glob's matches sorted, no file twice. Where they are looked up is the
 * caller's: the disk (`Engine.resolveTaskFiles`) or the listing of a git tree (the budget gate,
 * which also follows renames). One reading of the entries for both.
 */
import path from 'node:path';
import type { Anchored, TaskConfig } from '../config/types.js';

/** What an entry names, as a lookup finds it (absolute paths). */
export type Found = { readonly file: string } | { readonly missing: true } | { readonly notAFile: string };

export interface FileLookup {
  /** The files matching `pattern`, a glob relative to `baseDir` (dot files included), in any order. */
  glob(pattern: string, baseDir: string): string[];
  /** What a plain entry naming `abs` finds. */
  find(abs: string): Found;
}

export interface TaskFiles {
  /** Absolute paths in task order. */
  readonly files: string[];
  /** Plain entries (absolute) that name nothing, and those that name something that is not a regular file. */
  readonly missing: { readonly path: string; readonly entry: string; readonly notAFile?: string }[];
}

export const isGlobEntry = (entry: string): boolean => /[*?[\]{}]/.test(entry);

export function taskFiles(task: Anchored<TaskConfig>, lookup: FileLookup): TaskFiles {
  const files: string[] = [];
  const missing: TaskFiles['missing'][number][] = [];
  for (const entry of task.value.files) {
    if (isGlobEntry(entry)) {
      files.push(...lookup.glob(entry, task.baseDir).sort());
      continue;
    }
    const abs = path.resolve(task.baseDir, entry);
    const found = lookup.find(abs);
    if ('file' in found) files.push(found.file);
    else missing.push({ path: abs, entry, ...('notAFile' in found ? { notAFile: found.notAFile } : {}) });
  }
  return { files: [...new Set(files)], missing };
}
