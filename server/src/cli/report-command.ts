/** `prompt-lint report [paths] [--html FILE]`: where the tokens and the money go, per task and per file. */
import fs from 'node:fs';
import path from 'node:path';
import { findFiles } from '../config/files.js';
import { Engine, UsageError } from '../engine/engine.js';
import { buildCostReport } from '../gates/cost-report.js';
import { renderCostHtml } from '../gates/cost-html.js';
import { renderCostTable } from '../gates/cost-table.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import type { CliIO } from './main.js';
import { checkModelFlag, parseCommandLine, wantsHelp } from './options.js';

export const REPORT_HELP = `Usage: prompt-lint report [paths...] [--html FILE] [--format table|json]

Per task and per file: tokens, cost per call and per day, and what --fix would save.
--html writes a self-contained page (no network) with a treemap of tokens by file and section.

Options:
      --html <file>          also write the HTML report to this file
  -f, --format <name>        table (default) or json, on stdout
  -c, --config <file>        use this config file instead of looking for .promptlintrc.*
      --model <id>           count and price with this model
      --calls-per-day <n>    price files at this many calls per day
  -h, --help                 print this help
`;

export async function runReportCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  const { values, positionals } = parseCommandLine(argv, {
    html: { type: 'string' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    model: { type: 'string' },
    'calls-per-day': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, 'report');
  checkModelFlag(values.model);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return 0;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown --format "${format}" for report (expected table or json)`);
  const calls = values['calls-per-day'];
  if (calls !== undefined && !/^\d+$/.test(calls)) throw new UsageError(`--calls-per-day expects a whole number, got "${calls}"`);
  const configFile = values.config ? path.resolve(io.cwd, values.config) : undefined;
  if (configFile && !fs.existsSync(configFile)) throw new UsageError(`--config ${values.config}: file not found`);
  const engine = new Engine({ cwd: io.cwd, model: values.model, configFile });
  const rootConfig = engine.configForDirectory(io.cwd);
  const found = await findFiles([...positionals], { cwd: io.cwd, include: [...rootConfig.include], exclude: [...rootConfig.exclude], baseDir: rootConfig.baseDir });
  if (found.missing.length) throw new UsageError(found.missing.map((m) => `no files matching "${m}" were found`).join('\n'));

  const report = await buildCostReport({ engine, cwd: io.cwd, files: found.files, callsPerDay: calls !== undefined ? Number(calls) : undefined });
  io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderCostTable(report));
  if (values.html) {
    const out = path.resolve(io.cwd, values.html);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    writeFileAtomic(out, renderCostHtml(report));
    io.stderr.write(`prompt-lint: wrote ${values.html}\n`);
  }
  return 0;
}
