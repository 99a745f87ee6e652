/**
 * `prompt-lint context [PATH] [--agent A] [--format tree|json|markdown]`: per coding agent, the
 * instruction files that load for PATH, in the order the agent sends them, why, and what they
 * cost (tokens, bytes, cost per call, share of the model's context window). What loads on demand
 * is shown apart and never counted in the total. See docs/agents/ and the README.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AGENT_IDS, AGENT_NAMES, countContext, detectAgents, findRepoRoot, nodeContextFs, resolveContext, type AgentId, type AgentReport, type CountedEntry, limitsFromRuleOptions } from '../agents/index.js';
import { matchesGlobs } from '../config/globs.js';
import { agentEnabled } from '../engine/context-tasks.js';
import { Engine, UsageError } from '../engine/engine.js';
import { modelFor } from '../engine/linter.js';
import { formatCost, formatNumber } from '../tokens/index.js';
import { escapeControl } from './formatters/escape.js';
import { mdCell, mdPath } from './formatters/markdown.js';
import { CONTEXT_HELP } from './help.js';
import type { CliIO } from './main.js';
import { checkModelFlag, parseCommandLine, wantsHelp } from './options.js';

const FORMATS = ['tree', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** Short names users type for the agents. */
const ALIASES: Readonly<Record<string, AgentId>> = { claude: 'claude-code', gemini: 'gemini-cli', 'github-copilot': 'copilot', agents: 'codex', 'agents-md': 'codex' };

/** The file whose configuration (and default model: Claude for CLAUDE.md, Gemini for GEMINI.md) prices an agent's context. */
const MODEL_FILE: Readonly<Record<AgentId, string>> = {
  'claude-code': 'CLAUDE.md',
  codex: 'AGENTS.md',
  cursor: path.join('.cursor', 'rules', 'rule.mdc'),
  copilot: path.join('.github', 'copilot-instructions.md'),
  'gemini-cli': 'GEMINI.md',
  windsurf: path.join('.windsurf', 'rules', 'rule.md'),
};

function parseAgents(values: readonly string[] | undefined): AgentId[] | undefined {
  if (!values || values.length === 0) return undefined;
  const out: AgentId[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const name = raw.trim().toLowerCase();
    const id = (AGENT_IDS as readonly string[]).includes(name) ? (name as AgentId) : ALIASES[name];
    if (!id) throw new UsageError(`unknown --agent "${raw.trim()}" (expected one of: ${AGENT_IDS.join(', ')})`);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export async function runContextCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(CONTEXT_HELP);
    return 0;
  }
  const { values, positionals } = parseCommandLine(
    argv,
    {
      agent: { type: 'string', short: 'a', multiple: true },
      format: { type: 'string', short: 'f' },
      model: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'calls-per-day': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'context',
  );
  const format = (values.format ?? 'tree') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${values.format}" for context (expected ${FORMATS.join(', ')})`);
  const agents = parseAgents(values.agent);
  checkModelFlag(values.model);
  const callsFlag = values['calls-per-day'];
  if (callsFlag !== undefined && !/^\d+$/.test(callsFlag)) throw new UsageError(`--calls-per-day expects a whole number, got "${callsFlag}"`);
  if (positionals.length > 1) throw new UsageError(`context takes one path, got ${positionals.length} (prompt-lint context --help)`);

  const target = path.resolve(io.cwd, positionals[0] ?? '.');
  const st = fs.statSync(target, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`${positionals[0]}: no such file or directory`);
  if (!st.isFile() && !st.isDirectory()) throw new UsageError(`${positionals[0]}: not a regular file or a directory`);

  const root = findRepoRoot(target);
  const fsys = nodeContextFs();
  const engine = new Engine({ cwd: io.cwd, model: values.model, configFile: values.config ? path.resolve(io.cwd, values.config) : undefined });
  // the repository's config: its `agents` choose the agents shown (unless --agent names them), its
  // agent-file-limit options are the agents' own settings (Codex's project_doc_max_bytes, …)
  const rootConfig = engine.configFor(path.join(root, MODEL_FILE.codex));
  const configured = rootConfig.agents;
  if (!agents && !configured.derive) {
    if (format === 'json') io.stdout.write(JSON.stringify({ root, target, agents: [], note: 'agents: false in the configuration' }, null, 2) + '\n');
    else io.stdout.write(`The configuration turns agents off (agents: false): no effective context shown; name one with --agent.\n`);
    return 0;
  }
  const chosen = agents ?? detectAgents(root, fsys).filter((a) => agentEnabled(configured, a));
  const contexts = chosen.length > 0 ? resolveContext(root, target, { agents: chosen, fs: fsys, limits: limitsFromRuleOptions(rootConfig.rules['agent-file-limit']?.[1]) }) : [];
  const reports = contexts.map((ctx) => {
    const config = engine.configFor(path.join(root, MODEL_FILE[ctx.agent]));
    // the agent budget's model, when it names one, is the one its budget counts with (token-budget,
    // the editor); --model still names the model for everything
    const budget = config.agents?.budgets[ctx.agent];
    const model = modelFor((values.model ? undefined : budget?.model) ?? config.model, config.prices);
    const calls = callsFlag !== undefined ? Number(callsFlag) : (budget?.callsPerDay ?? config.callsPerDay);
    const counted = countContext(ctx, model, fsys, calls);
    // a file the config excludes is loaded by the agent (counted here) but is no member of the lint's context
    const excluded = (file: string) => matchesGlobs(file, rootConfig.exclude, rootConfig.baseDir);
    return { ...counted, entries: counted.entries.map((e) => (e.loading === 'always' && excluded(e.path) ? { ...e, excluded: true, detail: `${e.detail}; excluded by the config: not linted, not in agent budgets` } : e)) };
  });

  const shown = (p: string) => path.relative(io.cwd, p) || '.';
  if (format === 'json') {
    io.stdout.write(
      JSON.stringify({ root, target, agents: reports.map((r) => ({ ...r, entries: r.entries.map((e) => ({ ...e, file: shown(e.path) })), problems: r.problems.map((p) => ({ ...p, path: p.file, file: shown(p.file) })) })) }, null, 2) + '\n',
    );
    return 0;
  }
  if (reports.length === 0) {
    io.stdout.write(`No coding agent's instruction files found in ${escapeControl(root)} (looked for ${AGENT_IDS.map((a) => AGENT_NAMES[a]).join(', ')}); name one with --agent.\n`);
    return 0;
  }
  io.stdout.write(format === 'markdown' ? renderMarkdown(reports, shown) : renderTree(reports, shown));
  return 0;
}

const fmt = formatNumber;
const share = (x: number) => (x === 0 ? '0%' : x < 0.0001 ? '<0.01%' : `${(x * 100).toFixed(2)}%`);
const plural = (n: number, w: string) => `${fmt(n)} ${w}${n === 1 ? '' : 's'}`;

function entryLabel(e: CountedEntry, shown: (p: string) => string): string {
  const indent = '  '.repeat(e.depth);
  return `${indent}${e.depth > 0 ? '└ ' : ''}${escapeControl(shown(e.path))}`;
}

function renderTree(reports: readonly AgentReport[], shown: (p: string) => string): string {
  const out: string[] = [];
  for (const r of reports) {
    const mark = r.exact ? '' : '~';
    out.push(`${r.name} — ${escapeControl(shown(r.target))} (${r.model}${r.exact ? '' : ', ~ estimate'})`);
    const counted = r.entries.filter((e) => e.loading === 'always');
    const later = r.entries.filter((e) => e.loading === 'on-demand');
    const rows: string[][] = [['  File', 'Tokens', 'Bytes', 'Cost/call', 'Why']];
    for (const e of counted) rows.push([`  ${entryLabel(e, shown)}`, mark + fmt(e.tokens), fmt(e.bytes), formatCost(e.costPerCall), escapeControl(e.detail)]);
    if (counted.length === 0) rows.push(['  (nothing loads for this path)', '', '', '', '']);
    rows.push([`  Total: ${plural(r.total.files, 'file')}`, mark + fmt(r.total.tokens), fmt(r.total.bytes), formatCost(r.total.costPerCall), `${share(r.total.contextShare)} of the ${fmt(r.contextWindow)}-token context window${r.total.costPerDay !== undefined ? `, ${formatCost(r.total.costPerDay)}/day` : ''}`]);
    if (later.length > 0) {
      rows.push([`  On demand (not in the total): ${plural(later.length, 'file')}`, mark + fmt(r.onDemand.tokens), fmt(r.onDemand.bytes), '', '']);
      for (const e of later) rows.push([`    ${entryLabel(e, shown)}`, mark + fmt(e.tokens), fmt(e.bytes), '', escapeControl(e.detail)]);
    }
    out.push(...table(rows));
    if (r.problems.length > 0) {
      out.push('  Problems:');
      for (const p of r.problems) out.push(`    ${escapeControl(shown(p.file))}:${p.line}:${p.column}  ${p.kind}  ${escapeControl(p.message)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
}

function renderMarkdown(reports: readonly AgentReport[], shown: (p: string) => string): string {
  const out: string[] = [];
  for (const r of reports) {
    const mark = r.exact ? '' : '~';
    out.push(`### ${mdCell(r.name)}: ${mdPath(shown(r.target))}`, '');
    out.push(`${plural(r.total.files, 'file')}, ${mark}${fmt(r.total.tokens)} tokens, ${fmt(r.total.bytes)} bytes, ${formatCost(r.total.costPerCall)} per call with ${mdCell(r.model)}: ${share(r.total.contextShare)} of its ${fmt(r.contextWindow)}-token context window.`, '');
    out.push('| # | File | Tokens | Bytes | Cost/call | Why |', '|---|---|--:|--:|--:|---|');
    const counted = r.entries.filter((e) => e.loading === 'always');
    counted.forEach((e, i) => out.push(`| ${i + 1} | ${'↳ '.repeat(e.depth)}${mdPath(shown(e.path))} | ${mark}${fmt(e.tokens)} | ${fmt(e.bytes)} | ${formatCost(e.costPerCall)} | ${mdCell(e.detail)} |`));
    out.push(`| | **Total** | **${mark}${fmt(r.total.tokens)}** | **${fmt(r.total.bytes)}** | **${formatCost(r.total.costPerCall)}** | |`, '');
    const later = r.entries.filter((e) => e.loading === 'on-demand');
    if (later.length > 0) {
      out.push(`On demand, not in the total (${plural(later.length, 'file')}, ${mark}${fmt(r.onDemand.tokens)} tokens):`, '');
      for (const e of later) out.push(`- ${mdPath(shown(e.path))}: ${mark}${fmt(e.tokens)} tokens, ${mdCell(e.detail)}`);
      out.push('');
    }
    if (r.problems.length > 0) {
      out.push('Problems:', '');
      for (const p of r.problems) out.push(`- ${mdPath(`${shown(p.file)}:${p.line}:${p.column}`)} ${mdCell(p.kind)}: ${mdCell(p.message)}`);
      out.push('');
    }
  }
  return out.join('\n');
}
