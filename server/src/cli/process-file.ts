/**
 * The lint half of a file in a pipelined parallel run (parallel.ts): parsed and linted on one
 * thread while its partner counts the tokens. Every other run goes through engine/run.ts.
 */
import type { Engine, FileReport, LoadedDocument } from '../engine/engine.js';
import type { RunOptions, RunUnit } from '../engine/run.js';
import type { TokenJob } from '../engine/token-summary.js';

/**
 * The lint half of a file in a pipelined run (no fixes), in two steps. `parseForLint` parses the
 * file and says what the partner thread is to do with it: count its tokens (`job`), and run the
 * precomputes of the rules that are on over the texts they select (`precompute`; engine/types.ts
 * `UnitPrecompute`). A skipped file comes back as its report. `lintParsed` then hands the results
 * to the rules, runs them and returns the report without its token counts.
 */
export interface ParsedForLint {
  readonly loaded: LoadedDocument & { readonly ok: true };
  /** Per precompute (`request.precompute`), per prompt: the units whose texts were sent. */
  readonly units: readonly (readonly number[][])[];
  readonly request: { readonly job: TokenJob; readonly precompute: readonly PrecomputeRequest[] };
}

/** What the partner thread is to precompute: a rule's `UnitPrecompute` by id, over these texts per prompt. */
export interface PrecomputeRequest {
  readonly id: string;
  readonly texts: readonly string[][];
}

export function parseForLint(engine: Engine, file: string): ParsedForLint | { readonly skipped: FileReport } {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) return { skipped: { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] } };
  const prompts = loaded.doc.prompts;
  const job = engine.tokenJob(loaded);
  const precomputes = engine.precomputes(loaded.config);
  const units = precomputes.map((p) => prompts.map((prompt) => p.select(prompt)));
  const precompute = precomputes.map((p, j) => ({ id: p.id, texts: units[j]!.map((indices, k) => indices.map((i) => prompts[k]!.units[i]!.text)) }));
  return { loaded, units, request: { job, precompute } };
}

/** Lints a parsed file once its precomputes are back (per precompute, per prompt); no token counts. */
export function lintParsed(engine: Engine, parsed: ParsedForLint, results: readonly (readonly Int32Array[])[], options: RunOptions): FileReport {
  const prompts = parsed.loaded.doc.prompts;
  parsed.request.precompute.forEach(({ id }, j) => {
    const precompute = engine.precompute(id)!;
    for (let p = 0; p < prompts.length; p++) precompute.accept(prompts[p]!, parsed.units[j]![p]!, results[j]![p]!);
  });
  const report = engine.lintLoaded(parsed.loaded, false);
  if (options.keepSource) report.source = parsed.loaded.doc.file.text;
  return report;
}

/** A file alone is linted on a lint thread and counted by its partner; a unit with tasks is run whole. */
export const pipelined = (unit: RunUnit): boolean => unit.files.length === 1 && unit.tasks.length === 0;
