/**
 * The cost report: per task and per file, tokens, cost per call and per day, and what `--fix`
 * would save; as a table, JSON, or a self-contained HTML page (inline CSS, JS and SVG, nothing
 * fetched) with a squarified treemap of tokens by file and section.
 */
import path from 'node:path';
import { sumCounts, countFindings } from '../engine/counts.js';
import type { Engine, FileReport } from '../engine/engine.js';
import type { FileTokens } from '../engine/token-summary.js';
import type { PromptDocument } from '../model/types.js';
import { costPerCall, formatCost, formatNumber } from '../tokens/index.js';
import { summarizeTokens } from '../engine/token-summary.js';

export interface SectionLeaf {
  /** Heading path, outermost first; empty for the text before the first heading. */
  readonly titles: readonly string[];
  /** Prompt label when the file holds several prompts (YAML). */
  readonly prompt?: string;
  readonly line: number;
  /** Tokens of the section's own text (subsections excluded): leaves sum to the file's tokens. */
  readonly tokens: number;
}

export interface FileCost {
  /** Relative to the report's cwd, "/" separators. */
  readonly path: string;
  readonly tokens: number;
  readonly bytes: number;
  readonly exact: boolean;
  readonly model: string;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly errors: number;
  readonly warnings: number;
  readonly fixable: number;
  /** Tokens per call `--fix` would remove. */
  readonly fixSavings: number;
  readonly sections: readonly SectionLeaf[];
  readonly skipped?: string;
}

export interface TaskCost {
  readonly name: string;
  readonly source: string;
  readonly files: readonly string[];
  readonly model: string;
  readonly tokens: number;
  readonly costPerCall: number;
  readonly callsPerDay?: number;
  readonly costPerDay?: number;
  readonly maxTokens?: number;
  readonly maxCostPerDay?: number;
  readonly fixSavings: number;
  readonly fixSavingsPerDay?: number;
}

export interface CostReport {
  readonly generated: string;
  readonly files: FileCost[];
  readonly tasks: TaskCost[];
  readonly totals: {
    readonly tokens: number;
    readonly costPerCall: number;
    readonly costPerDay?: number;
    readonly fixSavings: number;
    readonly errors: number;
    readonly warnings: number;
  };
  /** The largest section of all files: the biggest spender. */
  readonly biggest?: { readonly file: string; readonly section: string; readonly tokens: number; readonly share: number };
  /** The file with the most tokens. */
  readonly biggestFile?: { readonly file: string; readonly tokens: number; readonly share: number };
}

export interface CostReportOptions {
  readonly engine: Engine;
  readonly cwd: string;
  readonly files: readonly string[];
  /** Overrides the configured calls per day for files (tasks keep their own). */
  readonly callsPerDay?: number;
}

/** Leaves of a file's section tree: each section's own tokens, so that they sum to the file. */
export function sectionLeaves(tokens: FileTokens, fileName = ''): SectionLeaf[] {
  const leaves: SectionLeaf[] = [];
  for (const prompt of tokens.prompts) {
    const stack: { depth: number; titles: string[]; index: number }[] = [];
    const own = prompt.sections.map((s) => s.tokens);
    const titles: string[][] = [];
    prompt.sections.forEach((s, i) => {
      while (stack.length && stack[stack.length - 1]!.depth >= s.depth) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) own[parent.index] = own[parent.index]! - s.tokens;
      titles[i] = s.depth === 0 ? [] : [...(parent?.titles ?? []), s.title];
      stack.push({ depth: s.depth, titles: titles[i]!, index: i });
    });
    prompt.sections.forEach((s, i) => {
      const n = Math.max(0, own[i]!);
      if (n > 0) {
        // Text before the first heading: "(intro)", or the file's (prompt's) own name when it has no headings.
        const label = titles[i]!.length ? titles[i]! : [prompt.sections.length > 1 ? '(intro)' : tokens.prompts.length > 1 ? '' : fileName || '(text)'];
        leaves.push({ titles: label.filter(Boolean), ...(tokens.prompts.length > 1 ? { prompt: prompt.label } : {}), line: s.line, tokens: n });
      }
    });
    if (!prompt.sections.length && prompt.tokens > 0) {
      leaves.push({ titles: [], ...(tokens.prompts.length > 1 ? { prompt: prompt.label } : {}), line: 1, tokens: prompt.tokens });
    }
  }
  return leaves;
}

export function leafLabel(leaf: SectionLeaf): string {
  const title = leaf.titles.length ? leaf.titles[leaf.titles.length - 1]! : '';
  if (leaf.prompt) return title ? `[${leaf.prompt}] ${title}` : `[${leaf.prompt}]`;
  return title || '(text)';
}

const rel = (cwd: string, p: string) => (path.relative(cwd, p) || p).split(path.sep).join('/');

export async function buildCostReport(opts: CostReportOptions): Promise<CostReport> {
  const { engine, cwd } = opts;
  const reports = await engine.lintFiles(opts.files);
  const byPath = new Map<string, FileReport>(reports.map((r) => [r.path, r] as const));
  const files: FileCost[] = [];
  for (const r of reports) {
    const c = countFindings(r);
    const t = r.tokens;
    const calls = opts.callsPerDay ?? t?.callsPerDay;
    files.push({
      path: rel(cwd, r.path),
      tokens: t?.tokens ?? 0,
      bytes: t?.bytes ?? 0,
      exact: t?.exact ?? true,
      model: t?.model ?? '',
      costPerCall: t?.costPerCall ?? 0,
      ...(calls && t ? { callsPerDay: calls, costPerDay: t.costPerCall * calls } : {}),
      errors: c.errorCount,
      warnings: c.warningCount,
      fixable: c.fixableErrorCount + c.fixableWarningCount,
      fixSavings: c.tokensSaved,
      sections: t ? sectionLeaves(t, path.basename(r.path)) : [],
      ...(r.skipped ? { skipped: r.skipped } : {}),
    });
  }
  files.sort((a, b) => b.tokens - a.tokens || a.path.localeCompare(b.path));

  const tasks: TaskCost[] = [];
  for (const { task, config } of engine.tasksFor(reports.map((r) => r.path))) {
    const members = await engine.resolveTaskFiles(task);
    const docs: PromptDocument[] = [];
    for (const m of members) {
      const loaded = engine.loadFile(m);
      if (loaded.ok) docs.push(loaded.doc);
    }
    const view = engine.taskView(task, config, docs);
    const tokens = docs.reduce((s, d) => s + summarizeTokens(d, view.model).tokens, 0);
    const perCall = costPerCall(tokens, view.model);
    const savings = members.reduce((s, m) => s + (byPath.has(m) ? countFindings(byPath.get(m)!).tokensSaved : 0), 0);
    tasks.push({
      name: task.value.name,
      source: rel(cwd, task.source),
      files: members.map((m) => rel(cwd, m)),
      model: view.model.id,
      tokens,
      costPerCall: perCall,
      ...(view.callsPerDay ? { callsPerDay: view.callsPerDay, costPerDay: perCall * view.callsPerDay } : {}),
      ...(task.value.maxTokens !== undefined ? { maxTokens: task.value.maxTokens } : {}),
      ...(task.value.maxCostPerDay !== undefined ? { maxCostPerDay: task.value.maxCostPerDay } : {}),
      fixSavings: savings,
      ...(view.callsPerDay && savings ? { fixSavingsPerDay: costPerCall(savings, view.model) * view.callsPerDay } : {}),
    });
  }
  tasks.sort((a, b) => (b.costPerDay ?? 0) - (a.costPerDay ?? 0) || b.tokens - a.tokens);

  const total = sumCounts(reports);
  const tokens = files.reduce((s, f) => s + f.tokens, 0);
  const anyDay = files.some((f) => f.costPerDay !== undefined);
  let biggest: CostReport['biggest'];
  for (const f of files) {
    for (const leaf of f.sections) {
      if (!biggest || leaf.tokens > biggest.tokens) biggest = { file: f.path, section: leafLabel(leaf), tokens: leaf.tokens, share: tokens ? leaf.tokens / tokens : 0 };
    }
  }
  return {
    generated: new Date().toISOString(),
    files,
    tasks,
    totals: {
      tokens,
      costPerCall: files.reduce((s, f) => s + f.costPerCall, 0),
      ...(anyDay ? { costPerDay: files.reduce((s, f) => s + (f.costPerDay ?? 0), 0) } : {}),
      fixSavings: total.tokensSaved,
      errors: total.errorCount,
      warnings: total.warningCount,
    },
    ...(biggest ? { biggest } : {}),
    ...(files[0] && files[0].tokens > 0 ? { biggestFile: { file: files[0].path, tokens: files[0].tokens, share: tokens ? files[0].tokens / tokens : 0 } } : {}),
  };
}

// ---------------------------------------------------------------- text

const fmt = formatNumber;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function textTable(rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}

export function renderCostTable(report: CostReport): string {
  const out: string[] = [];
  if (report.tasks.length) {
    const rows = [['Task', 'Files', 'Tokens', 'Cost/call', 'Calls/day', 'Cost/day', 'Limit', 'Fix saves']];
    for (const t of report.tasks) {
      rows.push([
        t.name,
        String(t.files.length),
        fmt(t.tokens),
        formatCost(t.costPerCall),
        t.callsPerDay ? fmt(t.callsPerDay) : '',
        t.costPerDay !== undefined ? formatCost(t.costPerDay) : '',
        [t.maxTokens !== undefined ? `${fmt(t.maxTokens)} tok` : '', t.maxCostPerDay !== undefined ? `${formatCost(t.maxCostPerDay)}/day` : ''].filter(Boolean).join(', '),
        t.fixSavings ? `${fmt(t.fixSavings)} tok${t.fixSavingsPerDay ? ` (${formatCost(t.fixSavingsPerDay)}/day)` : ''}` : '',
      ]);
    }
    out.push(...textTable(rows, new Set([1, 2, 3, 4, 5, 7])), '');
  }
  const anyDay = report.totals.costPerDay !== undefined;
  const rows = [['File', 'Tokens', 'Share', 'Cost/call', ...(anyDay ? ['Cost/day'] : []), 'Problems', 'Fix saves']];
  for (const f of report.files) {
    rows.push([
      f.path + (f.skipped ? ` (${f.skipped})` : ''),
      `${f.exact ? '' : '~'}${fmt(f.tokens)}`,
      report.totals.tokens ? pct(f.tokens / report.totals.tokens) : '',
      formatCost(f.costPerCall),
      ...(anyDay ? [f.costPerDay !== undefined ? formatCost(f.costPerDay) : ''] : []),
      f.errors + f.warnings ? String(f.errors + f.warnings) : '',
      f.fixSavings ? `${fmt(f.fixSavings)} tok` : '',
    ]);
  }
  const t = report.totals;
  rows.push([
    `Total (${report.files.length} file${report.files.length === 1 ? '' : 's'})`,
    fmt(t.tokens),
    '',
    formatCost(t.costPerCall),
    ...(anyDay ? [formatCost(t.costPerDay ?? 0)] : []),
    t.errors + t.warnings ? String(t.errors + t.warnings) : '',
    t.fixSavings ? `${fmt(t.fixSavings)} tok` : '',
  ]);
  out.push(...textTable(rows, new Set([1, 2, 3, 4, 5, 6].slice(0, rows[0]!.length - 1))), '');
  if (report.biggest) {
    out.push(`Biggest spender: ${report.biggest.file} › ${report.biggest.section} (${fmt(report.biggest.tokens)} tokens, ${pct(report.biggest.share)} of all files)`);
    if (report.biggestFile) out.push(`Biggest file: ${report.biggestFile.file} (${fmt(report.biggestFile.tokens)} tokens, ${pct(report.biggestFile.share)})`);
  }
  out.push(t.fixSavings ? `prompt-lint --fix would save ${fmt(t.fixSavings)} tokens per call.` : '--fix would save nothing: no fixable findings.');
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- treemap

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk 2000): rectangles with areas proportional to
 * the values, rows laid along the shorter side so that aspect ratios stay close to 1. Items with no
 * positive value get no rectangle. Output in descending value order.
 */
export function squarify<T>(items: readonly T[], value: (item: T) => number, rect: Rect): { item: T; rect: Rect }[] {
  const list = items.map((item) => ({ item, v: value(item) })).filter((e) => e.v > 0 && Number.isFinite(e.v)).sort((a, b) => b.v - a.v);
  const total = list.reduce((s, e) => s + e.v, 0);
  if (!total || rect.w <= 0 || rect.h <= 0) return [];
  const scale = (rect.w * rect.h) / total;
  const areas = list.map((e) => ({ item: e.item, a: e.v * scale }));
  const out: { item: T; rect: Rect }[] = [];
  let free = { ...rect };
  let row: typeof areas = [];

  const worst = (r: typeof areas, side: number) => {
    if (!r.length) return Infinity;
    const s = r.reduce((acc, e) => acc + e.a, 0);
    const max = Math.max(...r.map((e) => e.a));
    const min = Math.min(...r.map((e) => e.a));
    return Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
  };
  const place = (r: typeof areas) => {
    const s = r.reduce((acc, e) => acc + e.a, 0);
    if (free.w >= free.h) {
      // A column at the left edge, as wide as the row's area needs over the full height.
      const w = Math.min(free.w, s / free.h);
      let y = free.y;
      r.forEach((e, i) => {
        const h = i === r.length - 1 ? free.y + free.h - y : e.a / w;
        out.push({ item: e.item, rect: { x: free.x, y, w, h } });
        y += h;
      });
      free = { x: free.x + w, y: free.y, w: free.w - w, h: free.h };
    } else {
      const h = Math.min(free.h, s / free.w);
      let x = free.x;
      r.forEach((e, i) => {
        const w = i === r.length - 1 ? free.x + free.w - x : e.a / h;
        out.push({ item: e.item, rect: { x, y: free.y, w, h } });
        x += w;
      });
      free = { x: free.x, y: free.y + h, w: free.w, h: free.h - h };
    }
  };

  for (const e of areas) {
    const side = Math.min(free.w, free.h);
    if (!row.length || worst([...row, e], side) <= worst(row, side)) {
      row.push(e);
    } else {
      place(row);
      row = [e];
    }
  }
  if (row.length) place(row);
  return out;
}

// ---------------------------------------------------------------- HTML

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HUES = [212, 28, 145, 350, 265, 48, 185, 310, 95, 5];

/** A label that fits a box: font size from the box, text cut with an ellipsis; undefined when nothing readable fits. */
export function fitLabel(text: string, w: number, h: number, maxFont = 15): { text: string; size: number } | undefined {
  const size = Math.min(maxFont, Math.floor(h / 1.6), Math.floor(w / 4));
  if (size < 9) return undefined;
  const chars = Math.floor((w - 8) / (size * 0.58));
  if (chars < 3) return undefined;
  const all = [...text];
  return { text: all.length <= chars ? text : all.slice(0, chars - 1).join('') + '…', size };
}

interface Leaf {
  readonly file: FileCost;
  readonly fileIndex: number;
  readonly leaf: SectionLeaf;
}

export function renderTreemapSvg(report: CostReport, width = 1200, height = 640): string {
  const parts: string[] = [];
  const fileRects = squarify(report.files, (f) => f.tokens, { x: 0, y: 0, w: width, h: height });
  const biggest = report.biggest;
  fileRects.forEach(({ item: file, rect }, fileIndex) => {
    const hue = HUES[fileIndex % HUES.length]!;
    const header = rect.h > 60 && rect.w > 80 ? 20 : 0;
    parts.push(
      `<g class="file" data-file="${esc(file.path)}"><rect class="file-box" x="${n(rect.x)}" y="${n(rect.y)}" width="${n(rect.w)}" height="${n(rect.h)}" fill="hsl(${hue} 45% 30%)"><title>${esc(`${file.path}: ${fmt(file.tokens)} tokens, ${formatCost(file.costPerCall)} per call`)}</title></rect>`,
    );
    if (header) {
      const label = fitLabel(`${file.path} · ${fmt(file.tokens)} tokens`, rect.w, header + 2, 13);
      if (label) parts.push(`<text class="file-label" x="${n(rect.x + 5)}" y="${n(rect.y + 14)}" font-size="${label.size}">${esc(label.text)}</text>`);
    }
    const inner = { x: rect.x + 2, y: rect.y + header + 1, w: Math.max(0, rect.w - 4), h: Math.max(0, rect.h - header - 3) };
    const leaves = squarify<Leaf>(file.sections.map((leaf) => ({ file, fileIndex, leaf })), (l) => l.leaf.tokens, inner);
    leaves.forEach(({ item, rect: r }, k) => {
      const title = leafLabel(item.leaf);
      const isBiggest = !!biggest && biggest.file === file.path && biggest.section === title && biggest.tokens === item.leaf.tokens;
      const light = 62 - (k % 4) * 6;
      const full = item.leaf.titles.length ? item.leaf.titles.join(' › ') : title;
      parts.push(
        `<g class="leaf${isBiggest ? ' biggest' : ''}" data-file="${esc(file.path)}" data-section="${esc(title)}" data-tokens="${item.leaf.tokens}" data-line="${item.leaf.line}">` +
          `<rect x="${n(r.x + 1)}" y="${n(r.y + 1)}" width="${n(Math.max(0, r.w - 2))}" height="${n(Math.max(0, r.h - 2))}" rx="3" fill="hsl(${hue} 60% ${light}%)">` +
          `<title>${esc(`${file.path} › ${item.leaf.prompt && item.leaf.titles.length ? `[${item.leaf.prompt}] ` : ''}${full} (line ${item.leaf.line}): ${fmt(item.leaf.tokens)} tokens, ${pct(report.totals.tokens ? item.leaf.tokens / report.totals.tokens : 0)}`)}</title></rect>`,
      );
      const label = fitLabel(title, r.w - 2, Math.min(r.h - 2, r.h > 44 ? (r.h - 2) / 2 : r.h - 2), 16);
      if (label) {
        const cy = r.h > 44 ? r.y + r.h / 2 - 2 : r.y + r.h / 2 + label.size / 3;
        parts.push(`<text class="leaf-label" x="${n(r.x + r.w / 2)}" y="${n(cy)}" font-size="${label.size}" text-anchor="middle">${esc(label.text)}</text>`);
        const sub = fitLabel(`${fmt(item.leaf.tokens)} tokens · ${pct(report.totals.tokens ? item.leaf.tokens / report.totals.tokens : 0)}`, r.w - 2, (r.h - 2) / 2, Math.max(9, label.size - 3));
        if (r.h > 44 && sub) parts.push(`<text class="leaf-sub" x="${n(r.x + r.w / 2)}" y="${n(cy + label.size + 2)}" font-size="${sub.size}" text-anchor="middle">${esc(sub.text)}</text>`);
      }
      parts.push('</g>');
    });
    parts.push('</g>');
  });
  return `<svg id="treemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Treemap of tokens by file and section">${parts.join('')}</svg>`;
}

const n = (x: number) => String(Math.round(x * 10) / 10);

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2330;background:#f6f7f9}
header{padding:20px 28px 8px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 8px}.meta{color:#5b6475;font-size:12px}
main{padding:0 28px 40px;max-width:1260px}.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 16px;min-width:160px}.card b{display:block;font-size:22px}
.card span{color:#5b6475;font-size:12px}.spender{background:#fff4e5;border:1px solid #f3c98b;border-radius:8px;padding:10px 16px;margin:8px 0 14px;font-size:15px}
#treemap{display:block;width:100%;height:auto;background:#222;border-radius:8px}#treemap text{pointer-events:none;font-family:inherit}
.file-label{fill:#fff;font-weight:600}.leaf-label{fill:#101418;font-weight:600}.leaf-sub{fill:#1d2330}
.leaf rect{stroke:rgba(0,0,0,.25);stroke-width:1;cursor:pointer}.leaf:hover rect{stroke:#000;stroke-width:2}.leaf.biggest rect{stroke:#b00020;stroke-width:3}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8}th,td{padding:6px 10px;border-bottom:1px solid #eceef2;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.hl{background:#fff4e5}#detail{min-height:22px;color:#333;margin:6px 0}
.bar{height:8px;background:#4c7bd9;border-radius:4px}`;

const JS = `
(function(){var d=document.getElementById('detail');
document.querySelectorAll('#treemap .leaf').forEach(function(g){
g.addEventListener('mouseenter',function(){var t=g.querySelector('title');d.textContent=t?t.textContent:''});
g.addEventListener('click',function(){document.querySelectorAll('tr.hl').forEach(function(r){r.classList.remove('hl')});
var row=document.querySelector('tr[data-file="'+CSS.escape(g.getAttribute('data-file'))+'"]');if(row){row.classList.add('hl');row.scrollIntoView({block:'nearest'})}})});})();`;

export function renderCostHtml(report: CostReport): string {
  const t = report.totals;
  const cards = [
    ['Tokens per call (all files)', fmt(t.tokens)],
    ['Cost per call (all files)', formatCost(t.costPerCall)],
    ...(t.costPerDay !== undefined ? [['Cost per day (files)', formatCost(t.costPerDay)]] : []),
    ...(report.tasks.some((x) => x.costPerDay !== undefined) ? [['Cost per day (tasks)', formatCost(report.tasks.reduce((s, x) => s + (x.costPerDay ?? 0), 0))]] : []),
    ['--fix would save', `${fmt(t.fixSavings)} tokens`],
    ['Problems', `${t.errors} errors, ${t.warnings} warnings`],
  ];
  const b = report.biggest;
  const maxTask = Math.max(1, ...report.tasks.map((x) => x.tokens));
  const maxFile = Math.max(1, ...report.files.map((x) => x.tokens));
  const taskRows = report.tasks
    .map(
      (x) =>
        `<tr><td>${esc(x.name)}<div class="meta">${esc(x.files.join(', '))}</div></td><td class="num">${fmt(x.tokens)}<div class="bar" style="width:${((x.tokens / maxTask) * 100).toFixed(1)}%"></div></td>` +
        `<td class="num">${formatCost(x.costPerCall)}</td><td class="num">${x.callsPerDay ? fmt(x.callsPerDay) : ''}</td><td class="num">${x.costPerDay !== undefined ? formatCost(x.costPerDay) : ''}</td>` +
        `<td class="num">${[x.maxTokens !== undefined ? `${fmt(x.maxTokens)} tokens` : '', x.maxCostPerDay !== undefined ? `${formatCost(x.maxCostPerDay)}/day` : ''].filter(Boolean).join(', ')}</td>` +
        `<td class="num">${x.fixSavings ? `${fmt(x.fixSavings)} tokens${x.fixSavingsPerDay ? ` (${formatCost(x.fixSavingsPerDay)}/day)` : ''}` : ''}</td></tr>`,
    )
    .join('');
  const fileRows = report.files
    .map(
      (f) =>
        `<tr data-file="${esc(f.path)}"><td>${esc(f.path)}${f.skipped ? ` <span class="meta">(${esc(f.skipped)})</span>` : ''}</td><td class="num">${f.exact ? '' : '~'}${fmt(f.tokens)}<div class="bar" style="width:${((f.tokens / maxFile) * 100).toFixed(1)}%"></div></td>` +
        `<td class="num">${t.tokens ? pct(f.tokens / t.tokens) : ''}</td><td class="num">${formatCost(f.costPerCall)}</td><td class="num">${f.costPerDay !== undefined ? formatCost(f.costPerDay) : ''}</td>` +
        `<td class="num">${f.errors + f.warnings || ''}</td><td class="num">${f.fixSavings ? `${fmt(f.fixSavings)} tokens` : ''}</td></tr>`,
    )
    .join('');
  const models = [...new Set(report.files.map((f) => f.model).filter(Boolean))].join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>prompt-lint cost report</title><style>${CSS}</style></head>
<body><header><h1>Prompt cost report</h1><div class="meta">prompt-lint · ${esc(models)} · ${esc(report.generated)} · ${report.files.length} files, ${report.tasks.length} tasks</div></header>
<main>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><b>${esc(v!)}</b><span>${esc(k!)}</span></div>`).join('')}</div>
${b ? `<div class="spender" id="biggest">Biggest spender: <b>${esc(b.file)} › ${esc(b.section)}</b>, ${fmt(b.tokens)} tokens per call (${pct(b.share)} of all prompt tokens)${report.biggestFile ? `; biggest file: <b>${esc(report.biggestFile.file)}</b>, ${fmt(report.biggestFile.tokens)} tokens (${pct(report.biggestFile.share)})` : ''}.</div>` : ''}
<h2>Tokens by file and section</h2>
${renderTreemapSvg(report)}
<div id="detail" class="meta">Hover a section for details; click to find its file below.</div>
${report.tasks.length ? `<h2>Tasks</h2><table><thead><tr><th>Task</th><th class="num">Tokens</th><th class="num">Cost/call</th><th class="num">Calls/day</th><th class="num">Cost/day</th><th class="num">Limit</th><th class="num">--fix saves</th></tr></thead><tbody>${taskRows}</tbody></table>` : ''}
<h2>Files</h2><table><thead><tr><th>File</th><th class="num">Tokens</th><th class="num">Share</th><th class="num">Cost/call</th><th class="num">Cost/day</th><th class="num">Problems</th><th class="num">--fix saves</th></tr></thead><tbody>${fileRows}</tbody></table>
</main><script>${JS}</script></body></html>
`;
}
