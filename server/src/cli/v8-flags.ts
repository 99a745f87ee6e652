/** V8 tuning for a short batch run of the CLI, set before the CLI's code is compiled (entry.ts, bin/prompt-lint.js). */
import v8 from 'node:v8';

/**
 * The same flags in every process of the CLI: the compiled-code cache (code-cache.ts) is valid only
 * under the flags it was made with, so bin/prompt-lint.js and scripts/code-cache.mjs set them before
 * compiling the bundle, and entry.ts (the unbundled path) sets them too. Setting them twice is harmless.
 */
export function tuneV8(): void {
  // A lint run is short and runs much of its code over a few thousand files only: with V8's default
  // tiering, hundreds of functions are compiled by the optimizing compiler (several times each, after
  // deoptimizations) for work that lasts milliseconds, on every worker thread. A budget 8× the
  // default optimizes only what stays hot. Measured on the corpus bench (docs/performance.md): cold
  // run 6.4 s -> 5.0 s with all rules, 4.4 s -> 3.6 s with none. Flags are process-wide, so the worker
  // threads started later get it too; the language server keeps V8's defaults (it runs for hours).
  v8.setFlagsFromString('--interrupt-budget=540672');
  // The optimizing compiler still takes about a quarter of such a run's CPU (2.5 of 9 s on the corpus
  // bench), most of it on callees inlined into the functions it compiles. A third of the default
  // inlining budget (920 bytes of bytecode per function) makes each compile cheaper by more than the
  // code loses: cold run 4.81 -> 4.57 s with all rules, 3.54 -> 3.39 s with none (docs/performance.md).
  v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
}
