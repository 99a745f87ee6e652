/**
 * What the CLI does with one file — lint, or fix and write — shared by the main thread and the
 * worker threads so that parallel runs give the same results.
 */
import type { Engine, FileReport } from '../engine/engine.js';
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
 * The lint half of a file in a pipelined run (no fixes): `count` receives what counting the file's
 * tokens needs as soon as it is parsed, so that another thread counts while this one runs the
 * rules; the report comes back without its token counts. `counting` is false when nothing was sent
 * (a skipped file).
 */
export function lintFileCountingElsewhere(
  engine: Engine,
  file: string,
  options: ProcessOptions,
  count: (job: TokenJob) => void,
): { report: FileReport; counting: boolean } {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) return { report: { path: file, findings: [], skipped: loaded.reason, ruleErrors: [] }, counting: false };
  count(engine.tokenJob(loaded));
  const report = engine.lintLoaded(loaded, false);
  if (options.keepSource) report.source = loaded.doc.file.text;
  return { report, counting: true };
}
