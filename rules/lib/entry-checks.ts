/**
 * The check/checkTask scaffolding of the rules that compare what they read from documents
 * (format directives, personas): in a file, entries are compared with the file's own by a
 * rule-given test; in a task, with those of the other files (the files are composed into one
 * context, so each file is reported against the rest).
 */
import type { Rule, RuleContext } from '../../server/src/engine/types.js';
import type { PromptDocument } from '../../server/src/model/types.js';

/** Something read from a document, with the document it stands in. */
export interface DocumentEntry {
  readonly doc: PromptDocument;
}

export type EntryReporter<E extends DocumentEntry> = (
  entries: readonly E[],
  target: PromptDocument,
  ctx: RuleContext,
  comparable: (earlier: E, later: E) => boolean,
) => void;

export function entryChecks<E extends DocumentEntry>(opts: {
  /** The entries of one document; `inTask` when they are compared across a task's files. */
  readonly entries: (doc: PromptDocument, inTask: boolean) => readonly E[];
  /** Which entries of one file are compared. */
  readonly inFile: (earlier: E, later: E) => boolean;
  readonly report: EntryReporter<E>;
}): Pick<Rule, 'check' | 'checkTask'> {
  return {
    check(doc, ctx) {
      opts.report(opts.entries(doc, false), doc, ctx, opts.inFile);
    },
    checkTask(task, ctx) {
      const entries = task.docs.flatMap((doc) => opts.entries(doc, true));
      for (const doc of task.docs) opts.report(entries, doc, ctx, (a, b) => a.doc !== b.doc);
    },
  };
}
