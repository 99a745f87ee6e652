/** `prompt-lint tokens`: tokens, bytes, share and cost per file and per section. */
import path from 'node:path';
import { findFiles } from '../config/files.js';
import { Engine, UsageError } from '../engine/engine.js';
import { modelFor } from '../engine/linter.js';
import { summarizeTokens, type FileTokens } from '../engine/token-summary.js';
import { formatCost, formatNumber } from '../tokens/index.js';
import { escapeControl } from './formatters/escape.js';
import { TOKENS_HELP } from './help.js';
import type { CliIO } from './main.js';
import { checkModelFlag, parseCommandLine, wantsHelp } from './options.js';

interface Row {
  readonly label: string;
  readonly tokens: string;
  readonly bytes: string;
  readonly share: string;
  readonly perCall: string;
  readonly perDay: string;
}

export async function runTokensCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(TOKENS_HELP);
    return 0;
  }
  const { values, positionals } = parseCommandLine(
    argv,
    {
      model: { type: 'string' },
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      'calls-per-day': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'tokens',
  );
  checkModelFlag(values.model);
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`unknown --format "${format}" for tokens (expected table or json)`);
  const engine = new Engine({ cwd: io.cwd, model: values.model, configFile: values.config ? path.resolve(io.cwd, values.config) : undefined });
  const callsFlag = values['calls-per-day'];
  if (callsFlag !== undefined && !/^\d+$/.test(callsFlag)) throw new UsageError(`--calls-per-day expects a whole number, got "${callsFlag}"`);

  const rootConfig = engine.configForDirectory(io.cwd);
  const found = await findFiles([...positionals], { cwd: io.cwd, include: [...rootConfig.include], exclude: [...rootConfig.exclude], baseDir: rootConfig.baseDir });
  if (found.missing.length) throw new UsageError(found.missing.map((m) => `no files matching "${m}" were found`).join('\n'));

  const results: Result[] = [];
  for (const file of found.files) {
    const loaded = engine.loadFile(file);
    if (!loaded.ok) {
      results.push({ path: file, skipped: loaded.reason });
      continue;
    }
    const model = modelFor(loaded.config.model, loaded.config.prices);
    const calls = callsFlag ? Number(callsFlag) : loaded.config.callsPerDay;
    const tokens = summarizeTokens(loaded.doc, model, calls);
    results.push({ path: file, tokens, perCall: perCallOf(tokens) });
  }

  if (format === 'json') {
    io.stdout.write(
      JSON.stringify(
        results.map((r) => ({ filePath: r.path, ...(r.skipped ? { skipped: r.skipped } : {}), ...(r.tokens ? { tokens: r.tokens } : {}), ...(r.perCall?.alternatives ? { perCall: r.perCall } : {}) })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  io.stdout.write(renderTable(results, io.cwd));
  return 0;
}

interface PerCall {
  readonly tokens: number;
  readonly costPerCall: number;
  readonly costPerDay?: number;
  /** Set when the file's prompts are alternatives (one is sent per call): their number. */
  readonly alternatives?: number;
}

interface Result {
  readonly path: string;
  readonly tokens?: FileTokens;
  readonly perCall?: PerCall;
  readonly skipped?: string;
}

/** What one call sends (a promptfoo config's prompts are alternatives: see FileTokens.perCall). */
function perCallOf(t: FileTokens): PerCall {
  if (!t.perCall) return { tokens: t.tokens, costPerCall: t.costPerCall, ...(t.costPerDay !== undefined ? { costPerDay: t.costPerDay } : {}) };
  return { tokens: t.perCall.tokens, costPerCall: t.costPerCall, ...(t.costPerDay !== undefined ? { costPerDay: t.costPerDay } : {}), alternatives: t.perCall.alternatives };
}

function renderTable(results: readonly Result[], cwd: string): string {
  const rows: Row[] = [];
  const notes = new Set<string>();
  let totalTokens = 0;
  let totalBytes = 0;
  let totalCost = 0;
  let totalPerDay = 0;
  let anyPerDay = false;
  let anyEstimate = false;
  for (const r of results) {
    // a file name or heading is shown as text: a newline in it would start a row of its own
    const rel = escapeControl(path.relative(cwd, r.path) || r.path);
    if (!r.tokens) {
      rows.push({ label: `${rel} (${r.skipped})`, tokens: '', bytes: '', share: '', perCall: '', perDay: '' });
      continue;
    }
    const t = r.tokens;
    const call = r.perCall ?? { tokens: t.tokens, costPerCall: t.costPerCall, costPerDay: t.costPerDay };
    const mark = t.exact ? '' : '~';
    if (!t.exact) {
      anyEstimate = true;
      notes.add(`~ ${t.model}: estimate, no public tokenizer (method in docs/tokens.md)`);
    }
    if (call.alternatives) notes.add('† promptfoo prompts are alternatives: a call sends one, so cost per call is the largest one\'s');
    totalTokens += t.tokens;
    totalBytes += t.bytes;
    totalCost += call.costPerCall;
    if (call.costPerDay !== undefined) {
      anyPerDay = true;
      totalPerDay += call.costPerDay;
    }
    rows.push({
      label: rel,
      tokens: mark + fmt(t.tokens),
      bytes: fmt(t.bytes),
      share: '',
      perCall: (call.alternatives ? `† max of ${call.alternatives}: ` : '') + formatCost(call.costPerCall),
      perDay: call.costPerDay !== undefined ? formatCost(call.costPerDay) : '',
    });
    for (const prompt of t.prompts) {
      const indentBase = t.prompts.length > 1 ? 2 : 0;
      if (t.prompts.length > 1) {
        rows.push({ label: `  [${escapeControl(prompt.label)}]`, tokens: mark + fmt(prompt.tokens), bytes: fmt(prompt.bytes), share: pct(t.tokens ? prompt.tokens / t.tokens : 0), perCall: '', perDay: '' });
      }
      for (const s of prompt.sections) {
        if (s.depth === 0) continue;
        rows.push({
          label: `${' '.repeat(indentBase + 2 * s.depth)}${'#'.repeat(s.depth)} ${escapeControl(s.title)} (line ${s.line})`,
          tokens: mark + fmt(s.tokens),
          bytes: fmt(s.bytes),
          share: pct(s.share),
          perCall: '',
          perDay: '',
        });
      }
    }
  }
  const models = [...new Set(results.flatMap((r) => (r.tokens ? [r.tokens.model] : [])))];
  rows.push({
    label: `Total (${results.length} file${results.length === 1 ? '' : 's'}, ${models.join(', ')})`,
    // A total with any estimated row is an estimate too.
    tokens: (anyEstimate ? '~' : '') + fmt(totalTokens),
    bytes: fmt(totalBytes),
    share: '',
    perCall: formatCost(totalCost),
    perDay: anyPerDay ? formatCost(totalPerDay) : '',
  });
  const header: Row = { label: 'File / section', tokens: 'Tokens', bytes: 'Bytes', share: 'Share', perCall: 'Cost/call', perDay: anyPerDay ? 'Cost/day' : '' };
  const all = [header, ...rows];
  const w = (k: keyof Row) => Math.max(...all.map((r) => r[k].length));
  const widths = { label: w('label'), tokens: w('tokens'), bytes: w('bytes'), share: w('share'), perCall: w('perCall'), perDay: w('perDay') };
  const line = (r: Row) =>
    [r.label.padEnd(widths.label), r.tokens.padStart(widths.tokens), r.bytes.padStart(widths.bytes), r.share.padStart(widths.share), r.perCall.padStart(widths.perCall), r.perDay.padStart(widths.perDay)]
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), ...[...notes]].join('\n') + '\n';
}

const fmt = formatNumber;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
