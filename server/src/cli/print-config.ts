/**
 * `--print-config FILE` (the configuration that applies to a file, as ESLint prints it) and
 * `--list-rules` (every rule with its default severity): what a user checks before asking why a
 * rule did or did not fire.
 */
import path from 'node:path';
import type { Engine } from '../engine/engine.js';
import type { Rule } from '../engine/types.js';

export function printConfig(engine: Engine, file: string, cwd: string): string {
  const config = engine.configFor(path.resolve(cwd, file));
  const rel = (p: string) => path.relative(cwd, p) || '.';
  const { sources, baseDir, budgets, tasks, ...rest } = config;
  const shown = {
    file: rel(path.resolve(cwd, file)),
    sources: sources.map(rel),
    baseDir: rel(baseDir),
    ...rest,
    // Budgets and tasks that apply in this file's configuration, with the config that declared them.
    budgets: budgets.map((b) => ({ ...b.value, declaredIn: rel(b.source) })),
    tasks: tasks.map((t) => ({ ...t.value, declaredIn: rel(t.source) })),
  };
  return JSON.stringify(shown, null, 2) + '\n';
}

export function listRules(rules: readonly Rule[]): string {
  const rows = [['Rule', 'Default', 'Fixable', 'Description'], ...rules.map((r) => [r.meta.id, r.meta.defaultSeverity, r.meta.fixable ? 'yes' : '', r.meta.description])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\nDocs: docs/rules/<rule>.md; set severities with "rules" in .promptlintrc.* or --rule id=off|warn|error.\n';
}
