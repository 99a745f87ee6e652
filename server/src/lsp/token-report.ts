/** The `promptLint/tokenReport` answer: tokens per prompt and section, with a Markdown rendering. */
import type { FileTokens } from '../engine/token-summary.js';
import type { LocatedDoc } from './doc-view.js';
import { formatInt, formatShare, formatTokens, formatUsd } from './format.js';
import { outline, promptName, repeatsItsPrompt } from './outline.js';
import type { TokenReport, TokenReportPrompt } from './protocol.js';

export function tokenReport(uri: string, version: number | null, doc: LocatedDoc, tokens: FileTokens): TokenReport {
  const entries = outline(doc, tokens);
  const prompts: TokenReportPrompt[] = tokens.prompts.map((p) => ({
    id: p.id,
    label: p.label,
    tokens: p.tokens,
    bytes: p.bytes,
    sections: entries
      // The prompt's row is "(whole prompt)"; an H1 covering all of it on the same line would repeat it.
      .filter((e) => e.promptTokens === p && !repeatsItsPrompt(e, entries))
      .map((e) => ({
        title: e.section.title,
        depth: e.section.depth,
        line: e.line + 1,
        tokens: e.tokens.tokens,
        bytes: e.tokens.bytes,
        share: e.tokens.share,
        costPerCall: e.costPerCall,
      })),
  }));
  const md: string[] = [
    `**${formatTokens(tokens.tokens, tokens.exact)}** (${tokens.model}, ${tokens.encoding}${tokens.exact ? '' : ', estimated'}) · ${formatInt(tokens.bytes)} bytes · ${formatUsd(tokens.costPerCall)} per call` +
      (tokens.costPerDay !== undefined ? ` · ${formatUsd(tokens.costPerDay)} per day at ${formatInt(tokens.callsPerDay ?? 0)} calls` : ''),
    '',
  ];
  for (const [i, p] of prompts.entries()) {
    const name = doc.prompts[i] ? promptName(doc, doc.prompts[i]!) : p.label;
    if (name) md.push(`### ${name}: ${formatTokens(p.tokens, tokens.exact)}`, '');
    md.push('| section | line | tokens | share | cost per call |', '| --- | ---: | ---: | ---: | ---: |');
    for (const s of p.sections) {
      const title = s.depth === 0 ? '(whole prompt)' : `${'#'.repeat(s.depth)} ${s.title.replace(/\|/g, '\\|')}`;
      md.push(`| ${title} | ${s.line} | ${formatInt(s.tokens)} | ${formatShare(s.share)} | ${formatUsd(s.costPerCall)} |`);
    }
    md.push('');
  }
  return {
    uri,
    version,
    model: tokens.model,
    encoding: tokens.encoding,
    exact: tokens.exact,
    tokens: tokens.tokens,
    bytes: tokens.bytes,
    costPerCall: tokens.costPerCall,
    ...(tokens.callsPerDay !== undefined ? { callsPerDay: tokens.callsPerDay } : {}),
    ...(tokens.costPerDay !== undefined ? { costPerDay: tokens.costPerDay } : {}),
    prompts,
    markdown: md.join('\n'),
  };
}
