/**
 * The lint half of a file in a pipelined parallel run (parallel.ts): parsed and linted on one
 * thread while its partner counts the tokens. Every other run goes through engine/run.ts.
 */
import { comparedUnits, provideForms } from '../../../rules/lib/repeats.js';
import type { Engine, FileReport, LoadedDocument } from '../engine/engine.js';
import type { TokenJob } from '../engine/token-summary.js';
import type { RunOptions, RunUnit } from '../engine/run.js';

/**
 * The lint half of a file in a pipelined run (no fixes), in two steps. `parseForLint` parses the
 * file and says what the partner thread is to do with it: count its tokens (`job`), and make the
 * comparison forms of its compared units when a rule that reads them is on (`texts`, per prompt;
 * rules/lib/repeats.ts `formData`). A skipped file comes back as its report. `lintParsed` then runs
 * the rules with those forms and returns the report without its token counts.
 */
export interface ParsedForLint {
  readonly loaded: LoadedDocument & { readonly ok: true };
  readonly units: readonly number[][];
  /** `texts` is absent when no rule that reads comparison forms is on. */
  readonly request: { readonly job: TokenJob; readonly texts?: readonly string[][] };
}

export function parseForLint(engine: Engine, file: string): ParsedForLint | { readonly skipped: FileReport } {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) return { skipped: { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] } };
  const prompts = loaded.doc.prompts;
  const job = engine.tokenJob(loaded);
  if (!engine.usesComparisonForms(loaded.config)) return { loaded, units: [], request: { job } };
  const units = prompts.map(comparedUnits);
  const texts = units.map((indices, p) => indices.map((i) => prompts[p]!.units[i]!.text));
  return { loaded, units, request: { job, texts } };
}

export function lintParsed(engine: Engine, parsed: ParsedForLint, forms: readonly Int32Array[], options: RunOptions): FileReport {
  const prompts = parsed.loaded.doc.prompts;
  for (let p = 0; p < forms.length; p++) provideForms(prompts[p]!, parsed.units[p]!, forms[p]!);
  const report = engine.lintLoaded(parsed.loaded, false);
  if (options.keepSource) report.source = parsed.loaded.doc.file.text;
  return report;
}

/** A file alone is linted on a lint thread and counted by its partner; a unit with tasks is run whole. */
export const pipelined = (unit: RunUnit): boolean => unit.files.length === 1 && unit.tasks.length === 0;
