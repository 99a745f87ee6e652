/**
 * What the CLI does with one file — lint, or fix and write — shared by the main thread and the
 * worker threads so that parallel runs give the same results.
 */
import { comparedUnits, provideForms } from '../../../rules/lib/repeats.js';
import type { Engine, FileReport, LoadedDocument } from '../engine/engine.js';
import type { TokenJob } from '../engine/token-summary.js';
import { writeFileAtomic } from './atomic-write.js';

export interface ProcessOptions {
  /** 'write' applies fixes to disk, 'dry-run' only reports the fixed text. */
  readonly fix?: 'write' | 'dry-run';
  /** Keep the linted text in the report (the JSON formatter needs it for multi-edit fixes). */
  readonly keepSource?: boolean;
}

export function processFile(engine: Engine, file: string, options: ProcessOptions): FileReport {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) return { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] };
  const text = loaded.doc.file.text;
  if (!options.fix) {
    const report = engine.lintLoaded(loaded);
    if (options.keepSource) report.source = text;
    return report;
  }
  const { output } = engine.fixText(file, text);
  const report = engine.lintLoaded(output === text ? loaded : engine.loadText(file, output));
  if (output !== text) {
    const bom = loaded.doc.file.hasBom ? '\uFEFF' : '';
    if (options.fix === 'write') writeFileAtomic(file, bom + output);
    report.output = bom + output;
  }
  if (options.keepSource) report.source = output;
  return report;
}

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

export function lintParsed(engine: Engine, parsed: ParsedForLint, forms: readonly Int32Array[], options: ProcessOptions): FileReport {
  const prompts = parsed.loaded.doc.prompts;
  for (let p = 0; p < forms.length; p++) provideForms(prompts[p]!, parsed.units[p]!, forms[p]!);
  const report = engine.lintLoaded(parsed.loaded, false);
  if (options.keepSource) report.source = parsed.loaded.doc.file.text;
  return report;
}
