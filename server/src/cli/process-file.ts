/**
 * The lint half of a file in a pipelined parallel run (parallel.ts): parsed and linted on one
 * thread while its partner counts the tokens. Every other run goes through engine/run.ts.
 */
import type { Engine, FileReport, LoadedDocument } from '../engine/engine.js';
import type { RunOptions, RunUnit } from '../engine/run.js';
import type { TokenJob } from '../engine/token-summary.js';
import type { Prompt } from '../model/types.js';

/**
 * The lint half of a file in a pipelined run (no fixes), in two steps. `parseForLint` parses the
 * file and says what the partner thread is to do with it: count its tokens (`job`), and run the
 * precomputes of the rules that are on over the texts they select (`precompute`; engine/types.ts
 * `UnitPrecompute`). A skipped file comes back as its report. `lintParsed` then hands the results
 * to the rules, runs them and returns the report without its token counts.
 */
export interface ParsedForLint {
  readonly loaded: LoadedDocument & { readonly ok: true };
  /** Per precompute (`request.precompute.ids`), per prompt: the units it selected. */
  readonly units: readonly (readonly number[][])[];
  readonly request: { readonly job: TokenJob; readonly precompute: PrecomputeRequest };
}

/**
 * What the partner thread is to precompute: rules' `UnitPrecompute`s by id, over the texts of the
 * units they select. Each unit's text is sent once however many precomputes read it (the format
 * analyses and the comparison forms select mostly the same units).
 */
export interface PrecomputeRequest {
  readonly ids: readonly string[];
  /** Per prompt: the texts of the units any of them selected, in unit order. */
  readonly texts: readonly (readonly string[])[];
  /** Per precompute, per prompt: the positions in that prompt's `texts` it reads, or null for all of them. */
  readonly picks: readonly (readonly (readonly number[] | null)[])[];
}

export function parseForLint(engine: Engine, file: string): ParsedForLint | { readonly skipped: FileReport } {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) return { skipped: { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] } };
  const prompts = loaded.doc.prompts;
  const job = engine.tokenJob(loaded);
  const precomputes = engine.precomputes(loaded.config);
  const units = precomputes.map((p) => prompts.map((prompt) => p.select(prompt)));
  return { loaded, units, request: { job, precompute: precomputeRequest(precomputes.map((p) => p.id), units, prompts) } };
}

/** The request for `units` (per precompute, per prompt, ascending positions): the union of each prompt's units, sent once. */
export function precomputeRequest(ids: readonly string[], units: readonly (readonly number[][])[], prompts: readonly Prompt[]): PrecomputeRequest {
  if (ids.length === 1) return { ids, texts: prompts.map((prompt, k) => units[0]![k]!.map((i) => prompt.units[i]!.text)), picks: [prompts.map(() => null)] };
  const texts: string[][] = [];
  const picks: (number[] | null)[][] = ids.map(() => []);
  for (let k = 0; k < prompts.length; k++) {
    const prompt = prompts[k]!;
    // position of each unit in the union, -1 for a unit no precompute reads
    const at = new Int32Array(prompt.units.length).fill(-1);
    for (const list of units) for (const i of list[k]!) at[i] = 0;
    const union: string[] = [];
    for (let i = 0; i < at.length; i++) if (at[i] === 0) at[i] = union.push(prompt.units[i]!.text) - 1;
    texts.push(union);
    units.forEach((list, j) => picks[j]!.push(list[k]!.length === union.length ? null : list[k]!.map((i) => at[i]!)));
  }
  return { ids, texts, picks };
}

/** Runs a precompute request (on the partner thread): per precompute, per prompt, what `compute` made. */
export function runPrecomputes(engine: Engine, request: PrecomputeRequest): unknown[][] {
  return request.ids.map((id, j) => {
    const precompute = engine.precompute(id)!;
    return request.texts.map((texts, k) => {
      const pick = request.picks[j]![k];
      return precompute.compute(pick ? pick.map((p) => texts[p]!) : texts);
    });
  });
}

/** Lints a parsed file once its precomputes are back (per precompute, per prompt); no token counts. */
export function lintParsed(engine: Engine, parsed: ParsedForLint, results: readonly (readonly unknown[])[], options: RunOptions): FileReport {
  const prompts = parsed.loaded.doc.prompts;
  parsed.request.precompute.ids.forEach((id, j) => {
    const precompute = engine.precompute(id)!;
    for (let p = 0; p < prompts.length; p++) precompute.accept(prompts[p]!, parsed.units[j]![p]!, results[j]![p]!);
  });
  const report = engine.lintLoaded(parsed.loaded, false);
  if (options.keepSource) report.source = parsed.loaded.doc.file.text;
  return report;
}

/** A file alone is linted on a lint thread and counted by its partner; a unit with tasks is run whole. */
export const pipelined = (unit: RunUnit): boolean => unit.files.length === 1 && unit.tasks.length === 0;
