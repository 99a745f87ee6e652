/**
 * The cost report as a self-contained HTML page (inline CSS, JS and SVG, nothing fetched) with a
 * squarified treemap of tokens by file and section.
 */
import { formatCost, formatNumber } from '../tokens/index.js';
import { leafLabel, type CostReport, type FileCost, type SectionLeaf } from './cost-report.js';
import { squarify } from './treemap.js';

const fmt = formatNumber;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

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
    ['Problems', `${t.errors} errors, ${t.warnings} warnings${t.infos ? `, ${t.infos} info` : ''}`],
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
        `<td class="num">${f.errors + f.warnings + f.infos || ''}</td><td class="num">${f.fixSavings ? `${fmt(f.fixSavings)} tokens` : ''}</td></tr>`,
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
