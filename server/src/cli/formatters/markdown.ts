/** GitHub-flavoured Markdown, for pull-request comments and `$GITHUB_STEP_SUMMARY`. */
import path from 'node:path';
import { formatCost, formatNumber } from '../../tokens/index.js';
import { countFindings, sumCounts } from '../../engine/counts.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

/**
 * Text safe inside a table cell: no pipes, no line breaks, no raw HTML, no links or images (square
 * brackets escaped), no @-mentions (a word joiner after "@"), no other control characters.
 */
export function mdCell(s: string): string {
  return escapeControl(
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/([[\]])/g, '\\$1')
      .replace(/@(?=[\w-])/g, '@\u2060')
      .replace(/\r?\n/g, '<br>'),
  );
}

/**
 * A path in a cell: a code span (no links, mentions or emphasis inside one) fenced with more
 * backticks than the path holds in a row; control characters (a newline would end the table row)
 * written as escapes.
 */
export function mdPath(p: string): string {
  const text = escapeControl(p).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const fmt = formatNumber;

export const formatMarkdown: Formatter = (reports, ctx) => {
  const total = sumCounts(reports);
  const problems = total.errorCount + total.warningCount + total.infoCount;
  const out: string[] = [];
  const rel = (p: string) => (path.relative(ctx.cwd, p) || p).split(path.sep).join('/');
  if (problems === 0) {
    out.push(`### prompt-lint: ✅ no problems in ${plural(reports.length, 'file')}`, '');
  } else {
    const infos = total.infoCount ? `, ${total.infoCount} info` : '';
    out.push(`### prompt-lint: ${total.errorCount ? '❌' : total.warningCount ? '⚠️' : 'ℹ️'} ${plural(problems, 'problem')} (${plural(total.errorCount, 'error')}, ${plural(total.warningCount, 'warning')}${infos})`, '');
    out.push('| Severity | File | Line | Rule | Message |', '| --- | --- | --- | --- | --- |');
    for (const r of reports) {
      if (r.skipped) out.push(`| ⚠️ warning | ${mdPath(rel(r.path))} | | | ${mdCell(r.skipped)} |`);
      for (const f of r.findings) {
        const sev = f.severity === 'error' ? '❌ error' : f.severity === 'info' ? 'ℹ️ info' : '⚠️ warning';
        const fix = f.fix?.length ? ' _(fixable)_' : '';
        out.push(`| ${sev} | ${mdPath(rel(r.path))} | ${f.start.line + 1}:${f.start.character + 1} | [${f.ruleId}](${f.url}) | ${mdCell(f.message)}${fix} |`);
      }
    }
    out.push('');
    const fixable = total.fixableErrorCount + total.fixableWarningCount + total.fixableInfoCount;
    if (fixable && !ctx.fixing) {
      out.push(`${plural(fixable, 'problem')} can be fixed with \`prompt-lint --fix\`${total.tokensSaved ? `, saving ${fmt(total.tokensSaved)} tokens per call` : ''}.`, '');
    }
  }
  const withTokens = reports.filter((r) => r.tokens);
  if (withTokens.length) {
    const tokens = withTokens.reduce((s, r) => s + r.tokens!.tokens, 0);
    const cost = withTokens.reduce((s, r) => s + r.tokens!.costPerCall, 0);
    const anyDay = withTokens.some((r) => r.tokens!.costPerDay !== undefined);
    const models = [...new Set(withTokens.map((r) => r.tokens!.model))].join(', ');
    out.push('<details><summary>' + mdCell(`Tokens: ${fmt(tokens)} in ${plural(withTokens.length, 'file')} (${models}), ${formatCost(cost)} per call`) + '</summary>', '');
    out.push(`| File | Tokens | Cost/call |${anyDay ? ' Cost/day |' : ''} Fixes save |`, `| --- | ---: | ---: |${anyDay ? ' ---: |' : ''} ---: |`);
    for (const r of [...withTokens].sort((a, b) => b.tokens!.tokens - a.tokens!.tokens)) {
      const t = r.tokens!;
      const saved = countFindings(r).tokensSaved;
      out.push(
        `| ${mdPath(rel(r.path))} | ${t.exact ? '' : '~'}${fmt(t.tokens)} | ${formatCost(t.costPerCall)} |${anyDay ? ` ${t.costPerDay !== undefined ? formatCost(t.costPerDay) : ''} |` : ''} ${saved ? fmt(saved) : ''} |`,
      );
    }
    out.push('', '</details>', '');
  }
  return out.join('\n');
};
