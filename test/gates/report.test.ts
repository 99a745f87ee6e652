/** `prompt-lint report`: figures per task and file, fix savings, and the HTML treemap rendered in headless Chromium. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import type { Rule } from '../../server/src/engine/types.js';
import { fitLabel } from '../../server/src/gates/cost-html.js';
import { buildCostReport, type CostReport } from '../../server/src/gates/cost-report.js';
import { squarify } from '../../server/src/gates/treemap.js';
import { tempTree } from '../helpers/cli.js';
import { CHROMIUM_PATH as CHROMIUM, chromium as chromiumTool, itWith } from '../helpers/outside-tools.js';
import { ARTIFACTS, runCli } from './helpers.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const lines = (topic: string, n: number) => Array.from({ length: n }, (_, i) => `- For ${topic} question ${i + 1}, check the account history and the current policy first.`).join('\n') + '\n';

const TREE = {
  '.promptlintrc.json': JSON.stringify({
    root: true,
    model: 'gpt-4o',
    callsPerDay: 2000,
    tasks: [{ name: 'support-bot', files: ['prompts/persona.md', 'prompts/refunds.md'], callsPerDay: 50000, maxTokens: 6000, maxCostPerDay: 500 }],
  }),
  'CLAUDE.md': `# Repo guide\n\nYou work on the billing service.\n\n## Build\n\n${lines('build', 3)}\n## Style\n\n${lines('style', 2)}`,
  'prompts/persona.md': '# Persona\n\nYou are Ada, the support agent for Acme billing. Be calm and precise.\n',
  'prompts/refunds.md': `# Refunds\n\nShort intro.\n\n## Refund policy\n\n${lines('refund', 14)}\n## Escalation\n\n${lines('escalation', 3)}`,
};

describe('squarify', () => {
  const rect = { x: 0, y: 0, w: 600, h: 400 };
  const values = [60, 60, 40, 30, 20, 20, 10, 6, 3, 1];

  it('areas are proportional to the values, inside the bounds, without overlaps, nearly square', () => {
    const out = squarify(values, (v) => v, rect);
    expect(out).toHaveLength(values.length);
    const total = values.reduce((a, b) => a + b, 0);
    for (const { item, rect: r } of out) {
      expect(r.w * r.h).toBeCloseTo((item / total) * rect.w * rect.h, 6);
      expect(r.x).toBeGreaterThanOrEqual(-1e-9);
      expect(r.y).toBeGreaterThanOrEqual(-1e-9);
      expect(r.x + r.w).toBeLessThanOrEqual(rect.w + 1e-9);
      expect(r.y + r.h).toBeLessThanOrEqual(rect.h + 1e-9);
    }
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!.rect;
        const b = out[j]!.rect;
        const overlap = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
        expect(overlap).toBeLessThan(1e-6);
      }
    }
    // The big ones are close to square (a slice-and-dice layout would give 10:1 strips).
    const ratio = (r: { w: number; h: number }) => Math.max(r.w / r.h, r.h / r.w);
    expect(Math.max(...out.slice(0, 4).map((o) => ratio(o.rect)))).toBeLessThan(2.5);
  });

  it('drops zero and negative values; an empty list gives nothing', () => {
    expect(squarify([0, -1, 5], (v) => v, rect).map((o) => o.item)).toEqual([5]);
    expect(squarify([], (v: number) => v, rect)).toEqual([]);
    expect(squarify([5], (v) => v, rect)[0]!.rect).toEqual(rect);
  });

  it('labels fit their box or are left out', () => {
    expect(fitLabel('Refund policy', 300, 100)).toEqual({ text: 'Refund policy', size: 15 });
    expect(fitLabel('Refund policy', 60, 30)!.text).toMatch(/…$/);
    expect(fitLabel('Refund policy', 20, 8)).toBeUndefined();
  });
});

describe('prompt-lint report', () => {
  it('per task and per file: tokens, cost per call and per day; the biggest spender named', async () => {
    const cwd = tempTree(TREE);
    const r = await runCli(['report', '--format', 'json'], cwd);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CostReport;
    expect(report.files.map((f) => f.path)).toEqual(['prompts/refunds.md', 'CLAUDE.md', 'prompts/persona.md']);
    const refunds = report.files[0]!;
    expect(refunds.sections.reduce((s, x) => s + x.tokens, 0)).toBe(refunds.tokens);
    expect(refunds.callsPerDay).toBe(2000);
    expect(refunds.costPerDay).toBeCloseTo(refunds.costPerCall * 2000, 12);
    expect(report.biggest).toMatchObject({ file: 'prompts/refunds.md', section: 'Refund policy' });
    const task = report.tasks[0]!;
    expect(task).toMatchObject({ name: 'support-bot', files: ['prompts/persona.md', 'prompts/refunds.md'], callsPerDay: 50000, maxTokens: 6000, maxCostPerDay: 500 });
    expect(task.tokens).toBe(report.files.find((f) => f.path === 'prompts/persona.md')!.tokens + refunds.tokens);
    expect(task.costPerDay).toBeCloseTo(task.costPerCall * 50000, 9);

    const table = await runCli(['report'], cwd);
    expect(table.stdout).toMatch(/^Task\s+Files\s+Tokens\s+Cost\/call\s+Calls\/day\s+Cost\/day\s+Limit\s+Fix saves$/m);
    expect(table.stdout).toMatch(/^support-bot\s+2\s+[\d,]+\s+\$[\d.]+\s+50,000\s+\$[\d.,]+\s+6,000 tok, \$500\.00\/day/m);
    expect(table.stdout).toContain('Biggest spender: prompts/refunds.md › Refund policy');
  });

  it('what --fix would save: the tokens of fixable findings, per file and per task', async () => {
    const cwd = tempTree(TREE);
    const fixable: Rule = {
      meta: { id: 'no-check', description: 'test', tags: [], defaultSeverity: 'warning', fixable: true, hasSuggestions: false, schema: {}, defaultOptions: {}, messages: { m: 'm' } },
      check(doc, ctx) {
        for (let i = doc.file.text.indexOf('check '); i !== -1; i = doc.file.text.indexOf('check ', i + 1)) {
          ctx.report({ messageId: 'm', range: { start: i, end: i + 6 }, fix: [{ range: { start: i, end: i + 6 }, text: '' }], tokensSaved: 1 });
        }
        // A finding without a fix saves nothing.
        ctx.report({ messageId: 'm', range: { start: 0, end: 1 }, tokensSaved: 100 });
      },
    };
    const engine = new Engine({ cwd, rules: [fixable] });
    const files = Object.keys(TREE).filter((f) => f.endsWith('.md')).map((f) => path.join(cwd, f));
    const report = await buildCostReport({ engine, cwd, files });
    const occurrences = (f: string) => TREE[f as keyof typeof TREE].split('check ').length - 1;
    expect(report.files.find((f) => f.path === 'prompts/refunds.md')!.fixSavings).toBe(occurrences('prompts/refunds.md'));
    expect(report.totals.fixSavings).toBe(occurrences('prompts/refunds.md') + occurrences('CLAUDE.md'));
    const task = report.tasks[0]!;
    expect(task.fixSavings).toBe(occurrences('prompts/refunds.md'));
    expect(task.fixSavingsPerDay).toBeGreaterThan(0);
  });

  itWith([chromiumTool()], 'the HTML page is self-contained and, in headless Chromium, shows a treemap with the biggest section labelled', async () => {
    const cwd = tempTree(TREE);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const htmlFile = path.join(ARTIFACTS, 'gates-report.html');
    const r = await runCli(['report', '--html', htmlFile], cwd);
    expect(r.status).toBe(0);
    const html = fs.readFileSync(htmlFile, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${htmlFile}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'gates-report.png'), fullPage: true });
      expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
      expect(errors).toEqual([]);

      const biggest = await page.evaluate(() => {
        const leaves = [...document.querySelectorAll('#treemap .leaf')] as SVGGElement[];
        const top = leaves.reduce((a, b) => (Number(b.dataset.tokens) > Number(a.dataset.tokens) ? b : a));
        const box = top.querySelector('rect')!.getBoundingClientRect();
        const label = top.querySelector('text.leaf-label') as SVGTextElement | null;
        const lb = label?.getBoundingClientRect();
        const svg = document.getElementById('treemap')!.getBoundingClientRect();
        return {
          file: top.dataset.file,
          section: top.dataset.section,
          marked: top.classList.contains('biggest'),
          label: label?.textContent ?? null,
          fontSize: label ? parseFloat(getComputedStyle(label).fontSize) : 0,
          inside: !!lb && lb.left >= box.left && lb.right <= box.right && lb.top >= box.top && lb.bottom <= box.bottom,
          share: (box.width * box.height) / (svg.width * svg.height),
          callout: document.getElementById('biggest')?.textContent ?? '',
          leaves: leaves.length,
        };
      });
      expect(biggest).toMatchObject({ file: 'prompts/refunds.md', section: 'Refund policy', marked: true, label: 'Refund policy', inside: true });
      expect(biggest.fontSize).toBeGreaterThanOrEqual(12);
      expect(biggest.share).toBeGreaterThan(0.25);
      expect(biggest.callout).toContain('Biggest spender: prompts/refunds.md › Refund policy');
      expect(biggest.leaves).toBeGreaterThanOrEqual(6);
      // Hovering a section shows its details.
      await page.hover('#treemap .leaf.biggest rect');
      expect(await page.textContent('#detail')).toMatch(/prompts\/refunds\.md › Refunds › Refund policy \(line \d+\): [\d,]+ tokens/);
    } finally {
      await browser.close();
    }
    expect(fs.statSync(path.join(ARTIFACTS, 'gates-report.png')).size).toBeGreaterThan(10_000);
  });
});

describe('report: findings at the info level', () => {
  it('counts a labelled reminder as an info (JSON and the HTML summary), not as a warning', async () => {
    // line 9 restates line 3's format rule after "REMINDER:": an info, with the rule at its default (warn)
    const cwd = tempTree({ 'AGENTS.md': '# Digest bot\n\nReply in plain text only.\n\n## Digest\n\nSummarize the thread in five points.\n\nREMINDER: Do not call tools. Respond with plain text only.\n' });
    const json = await runCli(['report', '--format', 'json'], cwd);
    const report = JSON.parse(json.stdout) as CostReport;
    expect(report.files[0]).toMatchObject({ path: 'AGENTS.md', errors: 0, warnings: 0, infos: 1 });
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0, infos: 1 });
    const htmlFile = path.join(cwd, 'report.html');
    await runCli(['report', '--html', htmlFile], cwd);
    expect(fs.readFileSync(htmlFile, 'utf8')).toContain('0 errors, 0 warnings, 1 info');
  });
});
