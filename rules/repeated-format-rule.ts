/**
 * repeated-format-rule: a formatting directive (output format, list style, length, tone, response
 * language, emoji, headings, capitalization, tables, code blocks, emphasis) restated in other words
 * in the same prompt, whatever the sections' titles, unless a condition ("## When …", "For …:")
 * or parallel sections (one per tool, per endpoint) keep the two apart. Reported on the
 * restatement, with the earlier directive as related information; the fix deletes the restatement
 * when it says nothing else. Restatements their author marks as deliberate are told apart, as
 * duplicate-instruction tells them: one labelled a reminder ("REMINDER:", "Remember:", "Again, …",
 * "As noted above") is still reported, with its cost, as a reminder, below the configured severity
 * and with no suggestion (`reminders: false` sets it apart); a recap "following all of the above
 * rules" or a checklist item is set apart unless `summaries` is on.
 */
import type { Prompt, PromptDocument, Unit } from '../server/src/model/types.js';
import type { Rule, RuleContext } from '../server/src/engine/types.js';
import { describe, formatChecks, relation, type FormatDirective, type FormatEntry } from './lib/format-directives.js';
import { deletion, nearDuplicate, promptKeepsContent, related, tokensOf, whereIs, type Located } from './lib/pairs.js';
import { paragraphStart } from './lib/paragraph-label.js';
import { memoized } from './lib/memo.js';
import { differentParallels, type UnitScope } from './lib/scope.js';
import { sameSubject as sameUnitSubject } from './lib/same-subject.js';

type Entry = FormatEntry;

const rule: Rule = {
  meta: {
    id: 'repeated-format-rule',
    description: 'A formatting rule is stated once: no restatements of the same format, length, tone or style in other words',
    tags: ['format', 'cost'],
    defaultSeverity: 'warning',
    fixable: false,
    hasSuggestions: true,
    schema: {
      type: 'object',
      properties: {
        reminders: {
          type: 'boolean',
          description:
            'Report restatements labelled as reminders ("REMINDER:", "Remember:", "Again, …", "As noted above"), as warnings even where the rule is an error, with no suggestion; false sets them apart (not reported)',
        },
        summaries: {
          type: 'boolean',
          description: 'Report restatements in a recap ("following all of the above rules") or a checklist item, like reminders; false (the default) sets them apart',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { reminders: true, summaries: false },
    messages: {
      repeated: 'Restates the {{topic}} rule `{{value}}` from {{where}} ({{tokens}} tokens)',
      reminder: 'Restates the {{topic}} rule `{{value}}` from {{where}} in a labelled reminder ({{tokens}} tokens); set `reminders: false` if the repeat is deliberate',
      summary: 'Restates the {{topic}} rule `{{value}}` from {{where}} in a recap or checklist ({{tokens}} tokens)',
      remove: 'Remove this restatement',
    },
  },
  ...formatChecks(reportRepeats),
};
export default rule;

/**
 * Reports every unit of `target` holding a directive that repeats an earlier one (`comparable`
 * decides which earlier entries count: same prompt for a file, other files for a task).
 */
function reportRepeats(all: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (earlier: Entry, later: Entry) => boolean): void {
  const reminders = ctx.options.reminders !== false;
  const summaries = ctx.options.summaries === true;
  const asides = asideDirectives(all);
  const entries = asides.size ? all.filter((e) => !asides.has(e)) : all;
  const groups = new Map<string, Entry[]>();
  // by topic and structural scope only: a restatement keyed by fewer words than a longer unit's (see `withinUnitKey`)
  const wider = new Map<string, Entry[]>();
  const order = new Map<Entry, number>();
  entries.forEach((e, i) => {
    order.set(e, i);
    const k = `${e.d.topic}\u0000${repeatScope(e.d)}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
    const w = `${e.d.topic}\u0000${structuralScope(e.d)}`;
    const list = wider.get(w);
    if (list) list.push(e);
    else wider.set(w, [e]);
  });
  // per later unit: the directives it holds and, for each, the earliest earlier equivalent
  const perUnit = new Map<FormatDirective['unit'], { entries: Entry[]; matches: (Entry | undefined)[] }>();
  for (const e of entries) {
    if (e.doc !== target) continue;
    const slot = perUnit.get(e.d.unit) ?? { entries: [], matches: [] };
    perUnit.set(e.d.unit, slot);
    const group = groups.get(`${e.d.topic}\u0000${repeatScope(e.d)}`)!;
    let match: Entry | undefined;
    for (const earlier of group) {
      if (order.get(earlier)! >= order.get(e)!) break;
      if (earlier.d.unit === e.d.unit || !comparable(earlier, e) || !sameSubject(earlier, e)) continue;
      if (relation(earlier.d, e.d, false, repeatScope) === 'repeat') {
        match = earlier;
        break;
      }
    }
    if (!match) {
      for (const earlier of wider.get(`${e.d.topic}\u0000${structuralScope(e.d)}`) ?? []) {
        if (order.get(earlier)! >= order.get(e)!) break;
        if (earlier.d.unit === e.d.unit || !withinUnitKey(earlier.d, e.d) || !comparable(earlier, e) || !sameSubject(earlier, e)) continue;
        // matched by part of a key only where duplicate-instruction would compare the two units (templates, parallel items, labels)
        if (earlier.doc !== e.doc || !sameUnitSubject({ prompt: earlier.d.prompt, unit: earlier.d.unit, source: earlier.doc.file.text }, { prompt: e.d.prompt, unit: e.d.unit, source: e.doc.file.text })) continue;
        if (relation(earlier.d, e.d, false, structuralScope) === 'repeat') {
          match = earlier;
          break;
        }
      }
    }
    slot.entries.push(e);
    slot.matches.push(match);
  }
  for (const [unit, slot] of perUnit) {
    const i = slot.matches.findIndex(Boolean);
    if (i < 0) continue;
    const first = slot.matches[i]!;
    const here: Located = { doc: target, unit };
    const there: Located = { doc: first.doc, unit: first.d.unit };
    if (nearDuplicate(unit, first.d.unit)) continue; // duplicate-instruction's finding
    const e = slot.entries[i]!;
    // "Only output JSON with the following format:" … template … "ONLY output JSON, in that exact format.":
    // the closing line points back to the template the first one introduced; the two frame it (tuning review, session 11)
    if (POINTS_BACK.test(e.d.sentence) && LEADS_INTO_TEMPLATE.test(first.d.sentence)) continue;
    // the restatement's own label first: a reminder of a checklist item is a reminder
    const deliberate = setApart(target, e.d.prompt, unit) ?? setApart(first.doc, first.d.prompt, first.d.unit);
    if ((deliberate === 'reminder' && !reminders) || (deliberate === 'summary' && !summaries)) continue;
    const pure = slot.matches.every(Boolean) && e.d.unitSentences === 1 && promptKeepsContent(e.d.prompt.units, unit);
    const tokens = tokensOf(ctx, here);
    ctx.report({
      messageId: deliberate ?? 'repeated',
      data: { topic: e.d.topicLabel, value: describe(e.d), where: whereIs(there, target), tokens },
      path: target.file.path,
      range: unit.range,
      related: [related(there, `The ${e.d.topicLabel} rule is first stated here`)],
      // a suggestion only: --fix deletes nothing but text identical to what stays (docs/decisions/fix-safety.md)
      ...(pure && !deliberate ? { suggest: [{ messageId: 'remove', edits: [deletion(here, target)] }] } : {}),
      // a repeat its author marked: still a cost, but set apart below warnings (never fails a run)
      ...(deliberate ? { severity: 'info' as const } : {}),
    });
  }
}

/** What two directives must share to be one rule said twice (the structural part: conditions, labels). */
const repeatScope = (d: FormatDirective): string => d.repeatScope ?? d.scope;

/** The structural part of a directive's repeat scope (conditions, labels), without the words of its sentence or unit. */
const structuralScope = (d: FormatDirective): string => repeatScope(d).split('\u0001')[0]!;

/** The words that key a directive within its structural scope (its sentence's, or its unit's when the unit holds several sentences). */
const keyWords = (d: FormatDirective): string[] => (repeatScope(d).split('\u0001')[1] ?? '').split(' ').filter(Boolean);

/**
 * True when one of two directives sits in a unit of several sentences, keyed by all of their words
 * ("- Create a Description section … Do not use bullet points for it."), and the other, keyed by its own
 * sentence, names only words of that key ("Write the Description section as prose, not bullets"): the
 * same rule about the same thing, restated on its own. A directive keyed by no words (a rule for the
 * whole reply) or by a named part ("part:", "per:") is matched only by equal keys.
 */
/** Most sentences of a unit whose key a restatement's few words may fall within: a long unit's words cover anything. */
const WIDE_SENTENCES = 3;

function withinUnitKey(a: FormatDirective, b: FormatDirective): boolean {
  const [wide, narrow] = a.unitSentences > 1 && b.unitSentences === 1 ? [a, b] : b.unitSentences > 1 && a.unitSentences === 1 ? [b, a] : [undefined, undefined];
  if (!wide || !narrow) return false;
  // a short unit (a sentence and its qualifier), and a restatement that names what it is about in two words or more
  if (wide.unitSentences > WIDE_SENTENCES) return false;
  const words = keyWords(narrow);
  if (words.length < 2 || words.some((w) => w.includes(':'))) return false;
  const all = new Set(keyWords(wide));
  return words.every((w) => all.has(w));
}

/** A word that points at the sentence's surroundings: "Always do this in a table." names no object of its own. */
const DEICTIC = /\b(?:this|these|those|such|here|former|latter)\b/i;

/**
 * True unless the structure says two directives speak of different things: different members of
 * one family of parallel sections (one template per tool or endpoint), or a sentence that leans on
 * its surroundings ("Present this in a table"), which is compared only within its own paragraph.
 */
function sameSubject(a: Entry, b: Entry): boolean {
  if (a.d.parallel && b.d.parallel && differentParallels(asScope(a.d.parallel), asScope(b.d.parallel))) return false;
  if (branchOf(a.doc, a.d.prompt, a.d.unit) !== branchOf(b.doc, b.d.prompt, b.d.unit)) return false;
  if (leansOnSurroundings(a) || leansOnSurroundings(b)) {
    return a.doc === b.doc && a.d.prompt === b.d.prompt && paragraphStart(a.doc, a.d.prompt, a.d.unit) === paragraphStart(b.doc, b.d.prompt, b.d.unit);
  }
  return true;
}

/** A sentence with "this" that is keyed by the output part its unit names ("… a section called TAKEAWAY. This should be …") leans on nothing beyond. */
const leansOnSurroundings = (e: Entry): boolean => DEICTIC.test(e.d.sentence) && !repeatScope(e.d).includes('\u0001part:');

const asScope = (parallel: readonly string[]): UnitScope => ({ key: '', hidden: false, example: false, parallel });

/** A label that marks a restatement as deliberate (as duplicate-instruction reads it). */
/** A rule that refers back to a format shown above it ("in that exact format", "as shown above", "this structure"). */
const POINTS_BACK = /\b(?:that|this|the\s+above|the\s+same)\s+(?:exact\s+)?(?:format|structure|template|schema|shape|layout)\b|\bas\s+shown(?:\s+above)?\b|\b(?:format|structure|template|schema)\s+(?:shown\s+)?above\b/i;
/** A rule that introduces a template or an example of the output ("… with the following format:", "… as follows:"). */
const LEADS_INTO_TEMPLATE = /\b(?:(?:the|this)\s+following\s+(?:format|structure|schema|template|shape)|as\s+follows|like\s+this|(?:format|structure|template)\s+below)\b\W*$/i;

const REMINDER = /^\W*(?:reminder|remember|again|as (?:noted|mentioned|stated|said) (?:above|before|earlier)|to repeat|once again|i repeat)\b/i;
/** A recap of what came before: "Create a report following all of the above rules." */
const RECAP =
  /\b(?:(?:all|each|every)\s+(?:of\s+)?the\s+(?:above|preceding|previous|foregoing)|the\s+(?:rules|instructions|guidelines|requirements|constraints)\s+above|(?:above|preceding)\s+(?:rules|instructions|guidelines|requirements|constraints))\b/i;
/** A checklist item: "- [ ] …", "- ✅ …". */
const CHECK_ITEM = /^\s*(?:\[[ xX]\]|[\u2705\u2611\u2714\u2713\u2610])/u;
const CHECKLIST_TITLE = /\bcheck[\s-]?lists?\b/i;

/**
 * How the author marks the unit's restatement as deliberate: 'reminder' when its line opens with a
 * reminder label ("REMINDER: Do not call tools. Respond in plain text."); 'summary' when it recaps
 * "all of the above rules" or is a checklist item (a checklist mirrors the steps on purpose);
 * undefined when it is not marked. Held-out review, session 6: such findings were judged false (3
 * of 7) when reported as plain repeats.
 */
function setApart(doc: PromptDocument, prompt: Prompt, unit: Unit): 'reminder' | 'summary' | undefined {
  const label = lineLabel(doc, unit);
  if (label) return label;
  if (CHECK_ITEM.test(unit.text)) return 'summary';
  for (let s = unit.section; s >= 0; s = prompt.sections[s]!.parent) {
    if (CHECKLIST_TITLE.test(prompt.sections[s]!.title)) return 'summary';
  }
  return undefined;
}

/** The label of the unit's source line: a reminder label or a recap (memoized per line). */
function lineLabel(doc: PromptDocument, unit: Unit): 'reminder' | 'summary' | undefined {
  // the unit's source line, list marker and emphasis aside: a "Remember that …" elsewhere in the
  // paragraph labels nothing on this line
  const text = doc.file.text;
  const start = text.lastIndexOf('\n', unit.range.start - 1) + 1;
  // one answer per line: the units of a long line (a 1 MB paragraph) would each scan all of it (issue 12)
  const end = text.indexOf('\n', unit.range.end);
  const key = `${start}:${end}`;
  const lines = lineLabels(doc);
  let labelled = lines.get(key);
  if (labelled === undefined) {
    const line = text.slice(start, end < 0 ? text.length : end).replace(/^[\s>]*(?:[-*+]|\d+[.)])?\s*/, '');
    lines.set(key, (labelled = REMINDER.test(line) ? 'reminder' : RECAP.test(line) ? 'summary' : ''));
  }
  return labelled || undefined;
}

/** Per document, how the source lines from one offset to another are labelled: 'reminder', 'summary' or '' (neither). */
const lineLabels = memoized((_doc: PromptDocument) => new Map<string, 'reminder' | 'summary' | ''>());

const OPENS_NEGATED = /^\W*(?:do\s+not|don't|never|no|avoid|without)\b/i;

/**
 * Positive directives of a sentence that opens with a negation and bans another topic's value:
 * "Do not use bold or italics formatting in the markdown output" bans emphasis, and its "markdown"
 * only says where, so it restates no "Only output Markdown".
 */
function asideDirectives(entries: readonly Entry[]): Set<Entry> {
  const out = new Set<Entry>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.d.polarity !== 1 || !OPENS_NEGATED.test(e.d.sentence)) continue;
    // the directives of one sentence are adjacent in the list
    const same = (o: Entry | undefined) => o !== undefined && o.d.unit === e.d.unit && o.d.sentence === e.d.sentence;
    for (let k = i - 1; same(entries[k]); k--) if (entries[k]!.d.polarity === -1 && entries[k]!.d.topic !== e.d.topic) out.add(e);
    for (let k = i + 1; same(entries[k]); k++) if (entries[k]!.d.polarity === -1 && entries[k]!.d.topic !== e.d.topic) out.add(e);
  }
  return out;
}

/** A list item that opens a branch for the items after it: "- If the request is clear (…):". */
// a case ("If …", "Unless …", "For …"), not a phase ("When implementing:"), which is always reached
const BRANCH_ITEM = /^\W*(?:if|unless|for|in case)\b.*:\s*$/i;

/**
 * The item that opens the branch a list item sits in: "- If the request is clear:" followed, at the
 * same level, by "- Answer directly." / "- Use Markdown formatting." (a playbook per case). -1 when
 * none. Only sibling items count, and only one that is a line of its own ending with a colon.
 */
const branches = memoized((_prompt: Prompt) => new Map<number, number>());

function branchOf(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  if (unit.context !== 'list-item') return -1;
  const memo = branches(prompt);
  let b = memo.get(unit.index);
  if (b === undefined) memo.set(unit.index, (b = findBranch(doc, prompt, unit)));
  return b;
}

function findBranch(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  const text = doc.file.text;
  const column = (u: Unit) => u.range.start - (text.lastIndexOf('\n', u.range.start - 1) + 1);
  const own = column(unit);
  for (let i = unit.index - 1; i >= 0; i--) {
    const u = prompt.units[i]!;
    if (u.context !== 'list-item' || u.section !== unit.section) return -1;
    const c = column(u);
    if (c < own) return -1; // the parent item: the list the unit is in starts below it
    if (c > own) continue; // a nested item
    if (BRANCH_ITEM.test(u.text) && /^[ \t]*(?:\r?\n|$)/.test(text.slice(u.range.end))) return i;
  }
  return -1;
}
