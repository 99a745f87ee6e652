/**
 * The constructors of the document model's objects. Every front end (Markdown body, `.prompty` role
 * block, YAML string, plain text) builds its documents, prompts and sections here, so that each kind
 * of object has one property order and one hidden class: the rules' hot loops over `doc.prompts`
 * and `prompt.units` then stay monomorphic instead of being deoptimized and recompiled each time an
 * object of another shape comes by (measured: each such recompile of a rule's extractor costs
 * ~30 ms of compiler time, per worker thread).
 */
import type { Directive, FileKind, Frontmatter, ParseProblem, Prompt, PromptDocument, Range, Section, SourceFile, Unit } from './types.js';

export function createDocument(
  file: SourceFile,
  kind: FileKind,
  frontmatter: Frontmatter | undefined,
  prompts: readonly Prompt[],
  directives: readonly Directive[],
  problems: readonly ParseProblem[],
  providers?: readonly string[],
): PromptDocument {
  return { file, kind, frontmatter, prompts: objectArray(prompts), directives, problems, providers };
}

export interface PromptFields {
  readonly id: string;
  readonly label: string;
  readonly role?: string | undefined;
  readonly range: Range;
  readonly text: string;
  readonly toSource: (textOffset: number) => number;
  readonly sections: readonly Section[];
  readonly units: readonly Unit[];
  readonly boundary?: string | undefined;
  readonly alternatives?: string | undefined;
}

export function createPrompt(f: PromptFields): Prompt {
  return {
    id: f.id,
    label: f.label,
    role: f.role,
    range: f.range,
    text: f.text,
    toSource: f.toSource,
    sections: objectArray(f.sections),
    units: objectArray(f.units),
    boundary: f.boundary,
    alternatives: f.alternatives,
  };
}

/**
 * `list`, or when empty a fresh empty array of the same elements kind as a non-empty one. An empty
 * literal or `[].map()` is an array of small integers to V8, a different hidden class from an array
 * of objects, and each new class that reaches a loop over `prompt.units` deoptimizes it.
 */
export function objectArray<T>(list: readonly T[]): readonly T[] {
  if (list.length) return list;
  const empty: T[] = [undefined as T];
  empty.pop();
  return empty;
}

/**
 * `n` empty slots, as one packed array of objects. `new Array(n)` is holey, and its hidden class
 * differs from a pushed array's: memo tables built either way by turns deoptimize their readers.
 */
export function slots<T>(n: number): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) out.push(undefined);
  return out;
}

/** A section, with `headingRange` always present (undefined for a preamble), for the same reason. */
export function createSection(index: number, title: string, depth: number, range: Range, headingRange: Range | undefined, parent: number): Section {
  return { index, title, depth, range, headingRange, parent };
}
