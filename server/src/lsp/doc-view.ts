/**
 * What the editor side keeps of a linted document: the structure that code actions, hover, code
 * lens and symbols place things with (kind, frontmatter, directives, prompts and their sections),
 * as plain data that crosses the worker boundary. The text's line index is rebuilt from the
 * linted text on the server's side (`locate`), never sent.
 */
import { createSourceFile } from '../model/source.js';
import type { Directive, FileKind, PromptDocument, Range, Section, SourceFile } from '../model/types.js';

export interface PromptView {
  readonly id: string;
  readonly label: string;
  readonly range: Range;
  readonly sections: readonly Section[];
}

export interface DocView {
  readonly path: string;
  readonly kind: FileKind;
  readonly frontmatter?: { readonly range: Range };
  readonly directives: readonly Directive[];
  readonly prompts: readonly PromptView[];
}

/** A DocView with its source file (text without BOM, line index). */
export interface LocatedDoc extends DocView {
  readonly file: SourceFile;
}

export function viewOf(doc: PromptDocument): DocView {
  return {
    path: doc.file.path,
    kind: doc.kind,
    ...(doc.frontmatter ? { frontmatter: { range: { ...doc.frontmatter.range } } } : {}),
    directives: doc.directives.map((d) => ({ kind: d.kind, rules: [...d.rules], range: { ...d.range }, ruleRanges: d.ruleRanges.map((r) => ({ ...r })) })),
    prompts: doc.prompts.map((p) => ({
      id: p.id,
      label: p.label,
      range: { ...p.range },
      sections: p.sections.map((s) => ({
        index: s.index,
        title: s.title,
        depth: s.depth,
        range: { ...s.range },
        ...(s.headingRange ? { headingRange: { ...s.headingRange } } : {}),
        parent: s.parent,
      })),
    })),
  };
}

/** Attaches the linted text (as the editor had it) to a view. */
export function locate(view: DocView, text: string): LocatedDoc {
  return { ...view, file: createSourceFile(view.path, text) };
}
