/**
 * The check/checkTask scaffolding the two format rules share.
 */
import type { Rule, RuleContext } from '../../../server/src/engine/types.js';
import type { PromptDocument } from '../../../server/src/model/types.js';
import type { FormatDirective } from '../format-directives.js';
import { formatDirectives } from './extract.js';
import { formatAnalyses } from './precompute.js';
import { sameRuleSet } from '../sections.js';
import { entryChecks, type EntryReporter } from '../entry-checks.js';

/** A format directive with the document it stands in: what the format rules compare. */
export interface FormatEntry {
  readonly doc: PromptDocument;
  readonly d: FormatDirective;
}

export type FormatReporter = EntryReporter<FormatEntry>;

/**
 * The check/checkTask pair of the format rules: directives are compared within one prompt, and
 * across the files of a task.
 */
export function formatChecks(report: FormatReporter, opts: { sectionEvidence?: boolean; loose?: boolean } = {}): Pick<Rule, 'check' | 'checkTask' | 'precompute'> {
  // directives read loosely (a command in code, "managed with pnpm") take part in conflicts only;
  // those marked `noConflict` ("Be thorough" naming no output) in repeats only
  const directives = (doc: PromptDocument) => (opts.loose ? formatDirectives(doc).filter((d) => !d.noConflict) : formatDirectives(doc).filter((d) => !d.loose));
  // with `sectionEvidence` (the conflict rule): across sections only when they are one set of
  // rules (see sections.ts); a repeat is a repeat wherever it stands
  const sameSet = (a: FormatEntry, b: FormatEntry) => !opts.sectionEvidence || a.d.unit === b.d.unit || sameRuleSet(a.doc, a.d.prompt, a.d.unit, b.d.unit);
  const checks = entryChecks<FormatEntry>({
    entries: (doc) => directives(doc).map((d) => ({ doc, d })),
    inFile: (a, b) => a.d.prompt === b.d.prompt && sameSet(a, b),
    report,
  });
  return { ...checks, precompute: formatAnalyses };
}
