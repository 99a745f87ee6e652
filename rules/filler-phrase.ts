/**
 * filler-phrase: phrases that cost tokens and say nothing ("please make sure to", "I want you to",
 * "in order to" → "to"), from rules/data/filler-phrases.json, rewritten by the fix.
 *
 * Only instruction text is searched: never code spans, quoted strings, examples, transcripts, code
 * blocks, block quotes, or lines that read as code (comments, calls, declarations).
 *
 * A unit that repeats another is reported like any other: what duplicate-instruction makes of it
 * depends on that rule's settings, which are not this rule's to read. Where both rules fix one
 * unit, the engine settles it (overlapping fixes wait for the next pass, and the savings summary
 * counts only fixes one pass can apply together).
 */
import type { Range, Unit } from '../server/src/model/types.js';
import type { Rule } from '../server/src/engine/types.js';
import { FILLER_ENTRIES, FillerMatcher, type FillerEntry, type FillerMatch } from './lib/filler.js';
import { findQuotedRanges } from './lib/normalize.js';
import { comparisonForm, comparisonForms } from './lib/comparison-forms.js';
import { looksLikeCode } from './lib/candidates.js';

//------------------------------------------------------------------------------
// Helpers
//------------------------------------------------------------------------------

const matchers = new Map<string, FillerMatcher>();

/** The matcher for the built-in list minus `ignore`, plus `phrases` (memoized per option set). */
function matcherFor(ignore: readonly string[], phrases: Readonly<Record<string, string>>): FillerMatcher {
  const key = JSON.stringify([ignore, phrases]);
  let m = matchers.get(key);
  if (!m) {
    const ignored = new Set(ignore.map((p) => p.toLowerCase()));
    const entries: FillerEntry[] = FILLER_ENTRIES.filter((e) => !ignored.has(e.phrase.toLowerCase()));
    for (const [phrase, replacement] of Object.entries(phrases)) entries.push({ phrase, replacement, note: 'configured' });
    m = new FillerMatcher(entries);
    if (matchers.size > 20) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** The filler phrases of one unit that may hold some, appended to `found` (quoted text and code left alone). */
function unitFillers(unit: Unit, source: string, matcher: FillerMatcher, found: { unit: Unit; match: FillerMatch }[]): void {
  if (looksLikeCode(unit.text)) return;
  const text = source.slice(unit.range.start, unit.range.end);
  const exclude: Range[] = [];
  for (const r of unit.codeSpans) exclude.push({ start: r.start - unit.range.start, end: r.end - unit.range.start });
  for (const q of findQuotedRanges(text)) exclude.push(q);
  for (const match of matcher.find(text, exclude, unit.range.start)) found.push({ unit, match });
}

//------------------------------------------------------------------------------
// Rule Definition
//------------------------------------------------------------------------------

const rule: Rule = {
  meta: {
    id: 'filler-phrase',
    description: 'Instructions carry no filler phrases that cost tokens and say nothing',
    tags: ['cost', 'style'],
    defaultSeverity: 'warning',
    fixable: true,
    hasSuggestions: false,
    schema: {
      type: 'object',
      properties: {
        ignore: {
          type: 'array',
          items: { type: 'string' },
          uniqueItems: true,
          description: 'Built-in phrases not to report',
        },
        phrases: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Extra phrases: phrase → replacement ("" removes the phrase)',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { ignore: [], phrases: {} },
    messages: {
      remove: '`{{phrase}}` says nothing: removing it saves {{saved}} per call',
      replace: '`{{phrase}}` can be `{{replacement}}`: saves {{saved}} per call',
    },
  },

  precompute: comparisonForms,
  check(doc, ctx) {
    const phrases = ctx.options.phrases as Record<string, string>;
    const matcher = matcherFor(ctx.options.ignore as string[], phrases);
    const builtIn = Object.keys(phrases).length === 0;
    const source = doc.file.text;
    for (const prompt of doc.prompts) {
      const found: { unit: Unit; match: FillerMatch }[] = [];
      const units = prompt.units;
      for (let i = 0; i < units.length; i++) {
        const unit = units[i]!;
        if (!unit.isInstruction) continue;
        // duplicate-instruction reads these units anyway; its fast path proves a unit filler-free
        if (builtIn && (unit.context === 'paragraph' || unit.context === 'list-item') && comparisonForm(prompt, unit).fillerFree) continue;
        if (matcher.mayMatch(unit.text)) unitFillers(unit, source, matcher, found);
      }
      // the engine measures what each rewrite saves (a phrase that saves nothing is not reported)
      // and writes it for YAML strings (no fix where it cannot)
      for (const { match } of found) {
        ctx.report({
          messageId: match.replacement ? 'replace' : 'remove',
          data: match.replacement ? { phrase: match.written, replacement: match.replacement } : { phrase: match.written },
          range: match.range,
          fix: [{ range: match.edit.range, text: match.edit.text }],
          onlyIfSaving: true,
        });
      }
    }
  },
};
export default rule;
