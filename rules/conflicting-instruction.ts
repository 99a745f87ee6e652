/**
 * conflicting-instruction: a direct contradiction about the same action in the same scope
 * ("Always run the tests before committing." … "Never run the tests before committing.",
 * "Use semicolons." … "Do not use semicolons.", "Do not use the search tool." … "Use the search
 * tool to find files."). Reported on the later one, with the other as related information and
 * "keep this one" / "keep the other" suggestions.
 */
import type { PromptDocument } from '../server/src/model/types.js';
import type { Report, Rule, RuleContext } from '../server/src/engine/types.js';
import { fileLabel } from './lib/file-label.js';
import { actions, actionWords, COVERING, opposableActions, prohibitedVerbs, revokedGrant, toolGrants, type Action, type ToolGrant } from './lib/actions.js';
import { whereAt } from './lib/conflict-messages.js';
import { modalityOf, verdictOf } from './lib/instructions.js';
import { deletion, keepSuggestions, related, type Located } from './lib/pairs.js';
import { sameRuleSet } from './lib/sections.js';
import { negativeActions } from './lib/actions-precompute.js';
import { obligations, opposed, type Obligation } from './lib/waivers.js';
import { namingRules, sameNames, type NamingRule } from './lib/naming-case.js';

/** A requirement for every case: a soft prohibition of the same thing cannot yield to it. */
const UNIVERSAL = /\b(?:every|each|everything|everywhere|all)\b/i;

interface Entry {
  readonly doc: PromptDocument;
  readonly a: Action;
}

const rule: Rule = {
  meta: {
    id: 'conflicting-instruction',
    description: 'Instructions agree: no "always X" against "never X" or "do X" against "do not X" in the same scope',
    tags: ['contradiction'],
    defaultSeverity: 'error',
    fixable: false,
    hasSuggestions: true,
    schema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    messages: {
      conflict: '{{verdict}} `{{action}}`, but {{where}} says the opposite',
      keepThis: 'Keep this instruction (delete the other one)',
      keepOther: 'Keep the instruction at {{where}} (delete this one)',
      forbidsAllowed: 'Forbids the tool `{{tool}}`, which the `{{field}}` list at {{where}} allows',
      keepAllowList: 'Keep the allow-list at {{where}} (delete this prohibition)',
      caseConflict: 'naming: {{subject}} in `{{value}}` here, in `{{other}}` at {{where}}',
    },
  },

  check(doc, ctx) {
    // within one document a requirement meets only prohibitions of its own prompt: the requirements
    // that can meet none are left unread (`opposableActions`)
    const list = opposableActions(doc);
    report(list.map((a) => ({ doc, a })), doc, ctx, (x, y) => x.a.prompt === y.a.prompt && sameRuleSet(x.doc, x.a.prompt, x.a.unit, y.a.unit));
    reportRevoked(list, doc, doc, ctx);
    reportWaived(obligations(doc).map((o) => ({ doc, o })), doc, ctx, (x, y) => x.o.prompt === y.o.prompt && sameRuleSet(doc, x.o.prompt, x.o.unit, y.o.unit));
    reportNaming(namingRules(doc).map((n) => ({ doc, n })), doc, ctx, (x, y) => x.n.prompt === y.n.prompt && sameRuleSet(doc, x.n.prompt, x.n.unit, y.n.unit));
  },

  checkTask(task, ctx) {
    // a bare "Always use strict mode." in one file is read against "Never use strict mode." in another
    const verbs = new Set(task.docs.flatMap((doc) => [...prohibitedVerbs(doc)]));
    const entries = task.docs.flatMap((doc) => actions(doc, verbs).map((a) => ({ doc, a })));
    for (const doc of task.docs) report(entries, doc, ctx, (x, y) => x.doc !== y.doc);
    for (const granting of task.docs) {
      if (toolGrants(granting).length === 0) continue; // no allow-list: nothing to take back
      for (const doc of task.docs) if (doc !== granting) reportRevoked(entries.filter((e) => e.doc === doc).map((e) => e.a), doc, granting, ctx);
    }
    const owed = task.docs.flatMap((doc) => obligations(doc).map((o) => ({ doc, o })));
    for (const doc of task.docs) reportWaived(owed, doc, ctx, (x, y) => x.doc !== y.doc);
    const named = task.docs.flatMap((doc) => namingRules(doc).map((n) => ({ doc, n })));
    for (const doc of task.docs) reportNaming(named, doc, ctx, (x, y) => x.doc !== y.doc);
  },
  precompute: negativeActions,
};
export default rule;

/** The finding on `later` (in the target) against the opposite instruction `earlier`. */
function conflictReport(target: PromptDocument, later: Entry, earlier: Entry): Report {
  const here: Located = { doc: target, unit: later.a.unit };
  const there: Located = { doc: earlier.doc, unit: earlier.a.unit };
  return {
    messageId: 'conflict',
    data: { verdict: verdictOf(modalityOf(later.a.sentence, later.a.polarity)), action: later.a.text, where: whereAt(there, target) },
    path: target.file.path,
    range: later.a.unit.range,
    related: [related(there, `The opposite instruction: \`${earlier.a.sentence.trim()}\``)],
    suggest: keepSuggestions(here, there),
  };
}

function report(entries: readonly Entry[], target: PromptDocument, ctx: RuleContext, comparable: (a: Entry, b: Entry) => boolean): void {
  // a positive is filed under its action and, when it has a purpose clause, under the action
  // without it: "Use the search tool to find files." against "Do not use the search tool."
  // a strong requirement with an occasion is filed under the action without it too, where it meets
  // only absolute prohibitions: "Always run Prettier before committing." against "Never run Prettier."
  const byKey = new Map<string, Entry[]>();
  const byOccasion = new Map<string, Set<Entry>>();
  const file = (key: string, e: Entry, occasion = false): void => {
    const k = `${e.a.scope}\u0000${key}`;
    const g = byKey.get(k);
    if (g) g.push(e);
    else byKey.set(k, [e]);
    if (occasion) byOccasion.set(k, (byOccasion.get(k) ?? new Set()).add(e));
  };
  for (const e of entries) {
    file(e.a.key, e);
    if (e.a.core && e.a.core !== e.a.key) file(e.a.core, e);
    if (e.a.nominal) file(e.a.nominal, e);
    if (e.a.occasion && e.a.occasion !== e.a.key && e.a.occasion !== e.a.core) file(e.a.occasion, e, true);
    if (e.a.instrument && e.a.instrument !== e.a.key && e.a.instrument !== e.a.core && e.a.instrument !== e.a.occasion) file(e.a.instrument, e, true);
  }
  const meets = (groupKey: string, x: Entry, y: Entry): boolean => {
    const via = byOccasion.get(groupKey);
    const viaOccasion = !!via && (via.has(x) || via.has(y));
    if (!viaOccasion) return true;
    const negative = x.a.polarity === -1 ? x : y;
    const positive = negative === x ? y : x;
    if (/\b(?:unless|except|without)\b/i.test(negative.a.sentence)) return false;
    // an absolute prohibition admits no occasion; "avoid" yields to an occasion or a case, but not
    // to a requirement that does everything with the thing it avoids ("Model everything as classes")
    // ("Use an ORM for all database access" against "We avoid ORMs": "all" leaves no case out)
    const modality = modalityOf(negative.a.sentence, -1);
    return modality === 'must-not' || (modality === 'avoid' && UNIVERSAL.test(positive.a.sentence));
  };
  const reports: Report[] = [];
  const done = new Set<Action['unit']>();
  for (const [groupKey, group] of byKey) {
    for (let j = 1; j < group.length; j++) {
      const e = group[j]!;
      if (e.doc !== target || done.has(e.a.unit)) continue;
      const earlier = group.slice(0, j).find((x) => x.a.polarity !== e.a.polarity && x.a.unit !== e.a.unit && comparable(x, e) && meets(groupKey, x, e));
      if (!earlier) continue;
      // a unit that also states the same side ("Use X. Never skip X.") is not contradicting itself
      if (group.some((x) => x.a.unit === e.a.unit && x.a.polarity === earlier.a.polarity)) continue;
      done.add(e.a.unit);
      reports.push(conflictReport(target, e, earlier));
    }
  }
  // an absolute prohibition covers every requirement of its action with more words: "Never
  // delete files." against "Delete temporary files when you finish.", "Docstrings are not
  // allowed." against "Add a docstring to every public function." (bans indexed by the verbs they
  // cover, so that only requirements with one of them are compared)
  const bans = new Map<string, Entry[]>();
  for (const x of entries) {
    if (!isCoveringBan(x.a)) continue;
    const verb = x.a.key.split(' ', 1)[0]!;
    for (const v of [verb, ...(COVERING.get(verb) ?? [])]) bans.set(v, [...(bans.get(v) ?? []), x]);
  }
  if (bans.size) {
    for (const req of entries) {
      if (req.a.polarity !== 1) continue;
      const candidates = bans.get(req.a.key.split(' ', 1)[0]!);
      // a permission narrower than a prohibition is its exception ("You may delete temporary files in
      // `tmp/`." under "Deleting files is forbidden."), not a case of it
      if (!candidates || !isCoverableRequirement(req.a)) continue;
      const permission = modalityOf(req.a.sentence, 1) === 'may';
      for (const ban of candidates) {
        if (ban.a.unit === req.a.unit || ban.a.scope !== req.a.scope || !covers(ban.a, req.a) || (permission && narrows(ban.a, req.a))) continue;
        // reported on the later of the two, in the target
        const [earlier, later] = ban.doc !== req.doc ? (req.doc === target ? [ban, req] : [req, ban]) : ban.a.unit.range.start < req.a.unit.range.start ? [ban, req] : [req, ban];
        if (later.doc !== target || done.has(later.a.unit) || !comparable(earlier, later)) continue;
        done.add(later.a.unit);
        reports.push(conflictReport(target, later, earlier));
      }
    }
  }
  reports.sort((a, b) => a.range.start - b.range.start);
  for (const r of reports) ctx.report(r);
}

/** Words of a requirement that make it no case of a prohibition ("only", "unless", a second negation). */
const EXCEPTION = /\b(?:unless|except|without|only|instead|rather|if|when|whenever|while|until|once|where|over|zero|no|none)\b/i;
/** A remark in parentheses may say where a prohibition holds ("Never use headings (answers are shown in a chat bubble)"); a reason after a semicolon does not. */
const ASIDE = /\(/;

/**
 * An absolute prohibition ("Never X", "X is forbidden") covers a requirement of the same verb (or
 * one it covers: using covers adding) whose words hold all of its own: the requirement is one case
 * of what the prohibition forbids. Not when either side names an exception or a condition (the
 * requirement is then the exception: "Use the `deploy` tool when staging is down"), nor when the
 * requirement names what it prefers the thing to ("use matplotlib over seaborn") or asks for none
 * of it ("Use zero clichés"), nor when an aside follows the prohibition.
 */
function covers(ban: Action, requirement: Action): boolean {
  // a command in code is read word by word: "Never run clippy." covers "Always run `cargo clippy` before you push."
  const banWords = actionWords(ban.key);
  const reqWords = actionWords(requirement.key);
  if (reqWords.length <= banWords.length) return false;
  const [verb, ...object] = banWords;
  if (reqWords[0] !== verb && !COVERING.get(verb!)?.includes(reqWords[0]!)) return false;
  // the object as one phrase, modifiers allowed before it ("temporary files" is a case of "files";
  // "gap classes for spacing" is no case of "space-* classes")
  for (let i = 1; i + object.length <= reqWords.length; i++) if (object.every((w, k) => reqWords[i + k] === w)) return true;
  return false;
}

/** Words that name what a thing is ("the `deploy` tool", "Docker commands"), not which of it. */
const KIND_WORDS = new Set(['tool', 'command', 'function', 'util', 'librari', 'packag']);

/** The requirement names more than the prohibition's object and what kind of thing it is ("temporary files in `tmp/`" against "files"). */
function narrows(ban: Action, requirement: Action): boolean {
  const banned = new Set(ban.key.split(' '));
  return requirement.key.split(' ').some((w) => !banned.has(w) && !KIND_WORDS.has(w));
}

/** An absolute prohibition of a verb and its object, with no exception, remark or trailing lead-in. */
function isCoveringBan(a: Action): boolean {
  if (a.polarity !== -1 || a.key.indexOf(' ') === -1) return false;
  // a ban that trails off ("Don't use artifacts for...") leads into its cases
  if (EXCEPTION.test(a.text) || ASIDE.test(a.sentence) || /(?:\.\.\.|\u2026)\s*$/.test(a.sentence)) return false;
  return modalityOf(a.sentence, -1) === 'must-not';
}

/** A requirement with no exception or condition, stated as an instruction ("Creating a chart is a good artifact" is none). */
function isCoverableRequirement(a: Action): boolean {
  return !EXCEPTION.test(a.text) && !/^[\s*_-]*[A-Za-z]+ing\b/.test(a.sentence);
}

/**
 * A prohibition of a tool that the frontmatter allow-list of `granting` lists ("allowed-tools:
 * Bash, Read" against "Never use the Bash tool."): reported on the prohibition.
 */
function reportRevoked(list: readonly Action[], target: PromptDocument, granting: PromptDocument, ctx: RuleContext): void {
  const grants: readonly ToolGrant[] = toolGrants(granting);
  if (!grants.length) return;
  const done = new Set<Action['unit']>();
  for (const a of list) {
    const grant = revokedGrant(a, grants);
    if (!grant || done.has(a.unit)) continue;
    done.add(a.unit);
    const line = granting.file.lines.positionAt(grant.field.keyRange.start).line + 1;
    const where = granting === target ? `line ${line}` : `${fileLabel(granting.file.path, target.file.path)}:${line}`;
    ctx.report({
      messageId: 'forbidsAllowed',
      data: { tool: grant.name, field: grant.field.key, where },
      path: target.file.path,
      range: a.unit.range,
      related: [{ path: granting.file.path, range: grant.field.valueRange, message: `\`${grant.name}\` is allowed here` }],
      suggest: [{ messageId: 'keepAllowList', data: { where }, edits: [deletion({ doc: target, unit: a.unit }, target)] }],
    });
  }
}

interface Owed {
  readonly doc: PromptDocument;
  readonly o: Obligation;
}

/** How a requirement or waiver reads in a message: "Requires `tests`", "Makes optional `tests`", "Forbids editing `CHANGELOG.md`". */
function owedVerdict(o: Obligation): string {
  if (o.kind === 'file') return o.polarity === 1 ? 'Requires writing to' : 'Forbids editing';
  return o.polarity === 1 ? 'Requires' : 'Makes optional';
}

/**
 * A requirement of a thing against a waiver of it ("Tests are required for every bug fix." / "For
 * bug fixes you don't need to write tests."), or a requirement to write into a file against a
 * prohibition of editing it: reported on the later one, in the same scope.
 */
function reportWaived(list: readonly Owed[], target: PromptDocument, ctx: RuleContext, comparable: (a: Owed, b: Owed) => boolean): void {
  const done = new Set<Obligation['unit']>();
  for (let j = 0; j < list.length; j++) {
    const later = list[j]!;
    if (later.doc !== target || done.has(later.o.unit)) continue;
    const earlier = list.find((x, i) => i < j && opposed(x.o, later.o) && x.o.scope === later.o.scope && comparable(x, later));
    if (!earlier) continue;
    done.add(later.o.unit);
    const here: Located = { doc: target, unit: later.o.unit };
    const there: Located = { doc: earlier.doc, unit: earlier.o.unit };
    ctx.report({
      messageId: 'conflict',
      data: { verdict: owedVerdict(later.o), action: later.o.text, where: whereAt(there, target) },
      path: target.file.path,
      range: later.o.unit.range,
      related: [related(there, `The opposite instruction: \`${earlier.o.sentence.trim()}\``)],
      suggest: keepSuggestions(here, there),
    });
  }
}

interface Named {
  readonly doc: PromptDocument;
  readonly n: NamingRule;
}

/**
 * Two rules that give one kind of name two different cases in one scope ("Database columns use
 * snake_case." / "Name all DB columns in camelCase."): reported on the later one.
 */
function reportNaming(list: readonly Named[], target: PromptDocument, ctx: RuleContext, comparable: (a: Named, b: Named) => boolean): void {
  const done = new Set<NamingRule['unit']>();
  for (let j = 0; j < list.length; j++) {
    const later = list[j]!;
    if (later.doc !== target || done.has(later.n.unit)) continue;
    const earlier = list.find((x, i) => i < j && x.n.unit !== later.n.unit && x.n.value !== later.n.value && sameNames(x.n, later.n) && comparable(x, later));
    if (!earlier) continue;
    // a unit that also gives the earlier case to these names is not contradicting itself
    if (list.some((x) => x.n.unit === later.n.unit && x.n.value === earlier.n.value && sameNames(x.n, later.n))) continue;
    done.add(later.n.unit);
    const here: Located = { doc: target, unit: later.n.unit };
    const there: Located = { doc: earlier.doc, unit: earlier.n.unit };
    const where = whereAt(there, target);
    ctx.report({
      messageId: 'caseConflict',
      data: { subject: later.n.subject, value: later.n.value, other: earlier.n.value, where },
      path: target.file.path,
      range: later.n.unit.range,
      related: [related(there, `${earlier.n.subject} in \`${earlier.n.value}\` here`)],
      suggest: keepSuggestions(here, there),
    });
  }
}
