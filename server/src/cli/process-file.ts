/**
 * What the CLI does with one file — lint, or fix and write — shared by the main thread and the
 * worker threads so that parallel runs give the same results.
 */
import type { Engine, FileReport } from '../engine/engine.js';
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
