import type { FileReport } from '../../engine/engine.js';

export interface FormatContext {
  readonly cwd: string;
  readonly color: boolean;
  /** Severity counts after --quiet filtering. */
  readonly fixing: boolean;
}

export type Formatter = (reports: readonly FileReport[], ctx: FormatContext) => string;
