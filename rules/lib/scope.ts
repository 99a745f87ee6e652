/**
 * Where an instruction applies, as far as the document's structure says: the prompt it is in, the
 * section titles above it that positively name a scope ("## When writing commit messages", "## For
 * tool calls", "## Pull requests"), the list lead-ins it hangs from ("For tool calls:"), and the
 * parallel sections it belongs to (sibling sections of one shape that document different things
 * with one template: "## read_file" / "## write_file", "### Supabase setup" / "### Prisma setup").
 * A section or lead-in that blurs polarity ("## Don'ts") or holds samples ("## Example output")
 * hides its units from the extractors altogether.
 *
 * Any other title ("Workflow", "Prerequisites", "Phase 2", "Technical Excellence") is a plain
 * section: it narrows nothing, so the rules compare what it holds with the rest of the prompt.
 * Title words are matched as whole phrases of stems (rules/data/scopes.json): "prompt injection
 * examples" never hides a title for its word "prompt". Memoized per prompt.
 */
import type { Prompt, PromptDocument, Section, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import scopes from '../data/scopes.json' with { type: 'json' };
import { stemPhrase, stemSet, tokenize, type Token } from './words.js';
import { namesSituation } from './sections.js';
import { memoizedWith } from './memo.js';

export interface UnitScope {
  /** Structural scope key: equal keys may be compared (scoped titles and lead-ins only). */
  readonly key: string;
  /** True when the unit sits under a negative, example or otherwise unreliable heading or lead-in. */
  readonly hidden: boolean;
  /** True when the unit sits under a title or lead-in that holds samples (never an instruction). */
  readonly example: boolean;
  /**
   * The parallel sections the unit is in, as `family=member` strings, outermost first: two units
   * in different members of one family document different things (see `differentParallels`).
   */
  readonly parallel: readonly string[];
  /**
   * The part of `key` contributed by titles and lead-ins that open with a condition ("When …",
   * "For …", "If …"): what narrows a persona, which holds for the whole prompt unless a title
   * or lead-in makes it a mode ("## When reviewing code"). Topic titles ("## API design",
   * "Platform evaluation:") do not.
   */
  readonly condition?: string;
}

const NEUTRAL = stemSet(scopes.neutralWords);

/**
 * Phrases as stem sequences, matched in order on a title's stems. A word written `=word` matches
 * only as written (lower-cased), not by its stem: "=quoted" hides "(quoted)" but not "Quoting".
 */
class PhraseSet {
  private readonly byFirst = new Map<string, string[][]>();
  constructor(phrases: readonly string[]) {
    for (const p of phrases) {
      const stems = p
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((w) => (w.startsWith('=') ? [w.toLowerCase()] : stemPhrase(w)));
      if (!stems.length) continue;
      const list = this.byFirst.get(stems[0]!) ?? [];
      list.push(stems);
      this.byFirst.set(stems[0]!, list);
    }
  }
  /** True when one of the phrases occurs in `stems` (whole words, in order). */
  matchIn(stems: readonly string[], lowers: readonly string[]): boolean {
    for (let i = 0; i < stems.length; i++) if (this.matchAt(stems, lowers, i)) return true;
    return false;
  }
  /** Sets `marks[k]` to 1 for every word of `stems` inside an occurrence of one of the phrases. */
  markIn(stems: readonly string[], lowers: readonly string[], marks: Uint8Array): void {
    for (let i = 0; i < stems.length; i++) {
      const n = this.lengthAt(stems, lowers, i);
      for (let k = 0; k < n; k++) marks[i + k] = 1;
    }
  }
  /** Each occurrence of one of the phrases (the longest at each place): its first word and its length. */
  occurrences(stems: readonly string[], lowers: readonly string[]): { at: number; length: number }[] {
    const out: { at: number; length: number }[] = [];
    for (let i = 0; i < stems.length; i++) {
      const n = this.lengthAt(stems, lowers, i);
      if (n) out.push({ at: i, length: n });
    }
    return out;
  }
  /** True when `stems` opens with one of the phrases. */
  opens(stems: readonly string[], lowers: readonly string[]): boolean {
    return stems.length > 0 && this.matchAt(stems, lowers, 0);
  }
  private matchAt(stems: readonly string[], lowers: readonly string[], i: number): boolean {
    return this.lengthAt(stems, lowers, i) > 0;
  }
  /** The length of the longest phrase that occurs at `i` (0 for none). */
  private lengthAt(stems: readonly string[], lowers: readonly string[], i: number): number {
    let best = 0;
    for (const first of [stems[i]!, lowers[i]!, `=${lowers[i]!}`]) {
      for (const phrase of this.byFirst.get(first) ?? []) {
        if (i + phrase.length > stems.length || phrase.length <= best) continue;
        let ok = true;
        for (let k = 1; k < phrase.length && ok; k++) ok = phrase[k] === stems[i + k] || phrase[k] === lowers[i + k] || phrase[k] === `=${lowers[i + k]}`;
        if (ok) best = phrase.length;
      }
    }
    return best;
  }
}

const NEGATIVE = new PhraseSet(scopes.negativeWords);
const EXAMPLE = new PhraseSet(scopes.exampleWords);
const CONDITION = new PhraseSet(scopes.conditionWords);
const SCOPE = new PhraseSet(scopes.scopeWords);

type TitleClass = 'neutral' | 'hidden' | 'example' | string;

const titleCache = new Map<string, TitleClass>();

/**
 * Words a title that names what its rules govern may hold besides that name: kinds of section
 * ("Commit message conventions", "PR review process") and plain praise ("Writing good commit
 * messages"). Any other word makes the title a topic that merely mentions an artifact ("Mask
 * sensitive data in logs", "API documentation and Swagger", "Testing the artifact").
 */
const SCOPE_COMPANIONS = stemSet(
  'overview summary details settings configuration config setup requirements guidelines rules instructions notes steps process usage options reference tips considerations principles standards conventions strategy approach checklist practices format formatting style structure template good great clear proper effective better quality writing'.split(' '),
);

/** "When to use this skill", "When not to …", "If to …": a question the section answers, not a condition. */
const WHEN_TO = /^\W*(?:when(?:ever)?|if)(?:\s+(?:not|and\s+how|and\s+why|or\s+not))?\s+to\b/i;

/**
 * A label that holds one side of a before/after or good/bad sample ("✅ GOOD:", "Poor prompt:",
 * "After:", "Improved version"): what follows is a sample, never an instruction.
 */
const SAMPLE_LABEL = /^[^\p{L}\p{N}]*(?:good|bad|poor|weak|strong|improved|better|worse|correct|incorrect|wrong|right|before|after|original|revised|rewritten)(?:\s+(?:prompt|version|output|response|answer|code|approach|one))?[\s*_:.!)\]-]*$/iu;

/** "Rules for …", "Follow these rules regarding …": what follows names what the rules govern. */
const RULES_FOR = /\b(?:rules?|guidelines?|conventions?|instructions?|requirements?|principles?|standards?|format(?:ting)?|style)\s+(?:for|regarding|about|concerning|on|of|in|when\s+writing)\s+(.+)$/i;

/**
 * Classifies a heading or lead-in: 'neutral' (a plain section), 'example' (holds samples), 'hidden'
 * (blurs polarity), or the scope key it contributes (its content words) when it positively names
 * what the rules under it govern (issue 14, item 3):
 * - a condition: it opens with "When …", "For …", "If …" ("When writing tests", "For tool calls"),
 *   but not a question it answers ("When to use this skill");
 * - an artifact, a part of the output or a channel, as the whole title: every content word is a
 *   scope word ("Commit messages", "Pull request descriptions", "Code review guidelines");
 * - a short label line ("Java:", "Emails:", "`read_file`:") that names a language, platform,
 *   audience, channel or a piece of code (see `namesSituation`).
 * A topic is not a scope: "API documentation and Swagger", "Mask sensitive data in logs",
 * "Platform evaluation:", "Questions to ask:" narrow nothing, so the rules under them are compared
 * with the rest of the prompt.
 */
export function classifyTitle(title: string): TitleClass {
  let c = titleCache.get(title);
  if (c !== undefined) return c;
  const tokens = tokenize(title).filter((t) => t.kind === 'word' || t.kind === 'code');
  const stems = tokens.map((t) => (t.kind === 'code' ? t.lower : t.stem));
  const lowers = tokens.map((t) => t.lower);
  if (namesSamples(title, tokens, stems, lowers) || SAMPLE_LABEL.test(title.trim())) c = 'example';
  else if (NEGATIVE.matchIn(stems, lowers)) c = 'hidden';
  else if (tokens.length && namesScope(title, tokens, stems, lowers)) {
    const scoped = tokens.filter((t) => t.kind === 'code' || (!NEUTRAL.has(t.stem) && !NEUTRAL.has(t.lower))).map((t) => (t.kind === 'code' ? t.lower : t.stem));
    c = scoped.length ? scoped.join(' ') : 'neutral';
  } else c = 'neutral';
  if (titleCache.size > 10_000) titleCache.clear();
  titleCache.set(title, c);
  return c;
}

/** Words that introduce what a sample phrase is of ("Examples of commit messages", "Template for PR descriptions"). */
const SAMPLE_COMPLEMENT = new Set(['of', 'for', 'from', 'with', 'about', 'in', 'on', 'showing', 'by']);
/** Sample words that make what they qualify a sample ("Example usage", "Sample reply"); "Template validation" or "Quote attribution" is not one. */
const SAMPLE_MODIFIERS = new Set(['example', 'examples', 'sample', 'samples', 'demo', 'few-shot', 'fewshot']);
/** Words before a sample word that make it one ("for example", "as examples", "like this template"). */
const SAMPLE_LEADS = new Set(['for', 'as', 'like']);
/** A sample word joined to another head ("Worked examples and patterns"): still a title of samples. */
const SAMPLE_COORDINATION = new Set(['and', 'or', '&']);
/** Determiners and possessives: after a first word, they make a title a clause ("Read the template"), not a label. */
const DETERMINERS = new Set(['the', 'a', 'an', 'your', 'our', 'its', 'their', 'each', 'every', 'any', 'all']);
/** Words that point at the sample that follows ("Use this template:", "the following examples", "like this"). */
const POINTS_AT_SAMPLE = /\b(?:this|these|following|below|here|like|as follows)\b/i;

/**
 * True when a title or lead-in names samples (issue 14, item 3: what is exempt must be positively
 * recognised): a sample word is the head of it ("Examples", "Example output", "PR description
 * template", "Examples of good commits", "Template for replies", "Use this template:"), not a
 * word that qualifies another head ("Template validation rules", "Quote attribution policy") or
 * the object of a step that does something with it ("Read the PR description template:", "Fill in
 * the template from the diff"), unless the step points at the sample that follows ("Use the
 * following template:").
 */
function namesSamples(title: string, tokens: readonly Token[], stems: readonly string[], lowers: readonly string[]): boolean {
  const found = EXAMPLE.occurrences(stems, lowers);
  if (!found.length) return false;
  const points = POINTS_AT_SAMPLE.test(title);
  // a clause: a first word, then a determiner before the sample word ("Read the … template")
  const clauseBefore = (at: number) => at >= 2 && lowers.slice(1, at).some((w) => DETERMINERS.has(w)) && !DETERMINERS.has(lowers[0]!);
  return found.some(({ at, length }) => {
    // "example" or "sample" opens the title or one of its sentences, or a parenthesis ("Example usage", "…CLI. Example commands:",
    // "(examples)"), or follows "for" ("For example, …"); "Template validation rules" is about a template
    if (SAMPLE_MODIFIERS.has(lowers[at]!) && (/(?:^|[.!?:;(]\s*)[^\p{L}(]*$/u.test(title.slice(0, tokens[at]!.start)) || (at > 0 && SAMPLE_LEADS.has(lowers[at - 1]!)))) return true;
    if (clauseBefore(at) && !points) return false;
    const after = at + length;
    // a label ("Example: …", "Example 2 (bad)", "Template — replies")
    if (after >= tokens.length || SAMPLE_COMPLEMENT.has(lowers[after]!) || SAMPLE_COORDINATION.has(lowers[after]!) || /^\s*(?:[\d.]+\s*)?[:(\-\u2013\u2014|]/.test(title.slice(tokens[after - 1]!.end))) return true;
    // only plain words after it ("Example output format"): another content word is the head ("Template validation rules")
    return tokens.slice(after).every((t) => t.kind !== 'code' && (NEUTRAL.has(t.stem) || NEUTRAL.has(t.lower))) || points;
  });
}

/** True when a title or lead-in positively names what its rules govern (see `classifyTitle`). */
function namesScope(title: string, tokens: readonly Token[], stems: readonly string[], lowers: readonly string[]): boolean {
  if (CONDITION.opens(stems, lowers)) return !WHEN_TO.test(title);
  if (rulesFor(title)) return true;
  return coveredByScope(title, tokens, stems, lowers) || shortLabelScope(title, tokens);
}

/** "Formatting rules for commit messages", "Follow these rules regarding tool calls:". */
function rulesFor(title: string): boolean {
  const governed = RULES_FOR.exec(title.replace(/[:.]\s*$/, ''));
  return governed !== null && coveredByScope(governed[1]!);
}

/** True when every content word of `title` is a scope word, a companion word or code, and one is a scope word. */
function coveredByScope(title: string, tokens: readonly Token[] = tokenize(title).filter((t) => t.kind === 'word' || t.kind === 'code'), stems: readonly string[] = tokens.map((t) => (t.kind === 'code' ? t.lower : t.stem)), lowers: readonly string[] = tokens.map((t) => t.lower)): boolean {
  const covered = new Uint8Array(tokens.length);
  SCOPE.markIn(stems, lowers, covered);
  let content = 0;
  let uncovered = 0;
  tokens.forEach((t, i) => {
    if (t.kind !== 'code' && (NEUTRAL.has(t.stem) || NEUTRAL.has(t.lower))) return;
    content++;
    if (!covered[i] && t.kind !== 'code' && !SCOPE_COMPANIONS.has(t.stem)) uncovered++;
  });
  return content > 0 && !uncovered && covered.some((x) => x === 1);
}

function shortLabelScope(title: string, tokens: readonly Token[]): boolean {
  // a short label line ("Java:", "Email replies:", "`read_file`:") names what the lines under it are about
  if (/:\s*$/.test(title) && tokens.length <= 3) return tokens.every((t) => t.kind === 'code' || NEUTRAL.has(t.stem) || NEUTRAL.has(t.lower)) ? tokens.some((t) => t.kind === 'code') : namesSituation(title);
  return false;
}

const conditionCache = new Map<string, boolean>();

/**
 * True when a title or lead-in that names a scope states a condition: it opens with a condition
 * word ("When …", "For …", but not "When to …"), or says which output its rules are for ("Follow
 * these rules regarding tool calls:"). What it says then narrows even a rule that names the reply.
 */
function opensCondition(title: string): boolean {
  let c = conditionCache.get(title);
  if (c === undefined) {
    const tokens = tokenize(title).filter((t) => t.kind === 'word' || t.kind === 'code');
    c =
      (CONDITION.opens(
        tokens.map((t) => (t.kind === 'code' ? t.lower : t.stem)),
        tokens.map((t) => t.lower),
      ) &&
        !WHEN_TO.test(title)) ||
      rulesFor(title);
    if (conditionCache.size > 10_000) conditionCache.clear();
    conditionCache.set(title, c);
  }
  return c;
}

/** Appends a scope part to a key ("a / b"). */
const joinKey = (key: string, part: string) => (key ? `${key} / ${part}` : part);

/** True when two units sit in different members of one family of parallel sections. */
export function differentParallels(a: UnitScope, b: UnitScope): boolean {
  if (!a.parallel.length || !b.parallel.length) return false;
  for (const x of a.parallel) {
    const family = x.slice(0, x.indexOf('='));
    for (const y of b.parallel) if (y.startsWith(family + '=') && y !== x) return true;
  }
  return false;
}

/** A title token that names code: an identifier, a call, a path, an HTTP verb or a code span. */
const CODE_TOKEN = /^(?:`.*`|[A-Za-z_$][\w$]*[_.(/][\w$.()/:-]*|[a-z]+[A-Z]\w*|\/[\w/{}:.-]*|GET|POST|PUT|PATCH|DELETE|HEAD)$/;

/** Words that name a kind of section rather than an item: titles that differ only in one of these are parts of one topic. */
const SECTION_NOUNS = new Set(
  'overview introduction intro summary details settings configuration config setup request requirements guidelines rules instructions notes steps process workflow usage options reference context background tips considerations principles standards conventions strategy approach structure checklist policy policies protocol protocols'.split(
    ' ',
  ),
);

/** Nouns that title a body of rules: sections "<aspect> <noun>" all hold at once. */
const NORMATIVE_NOUNS = new Set('policy policies rules guidelines principles standards conventions protocol protocols requirements expectations'.split(' '));

/** The words of a title that `titleShapes` reads: a parenthesis adds aliases or notes ("Serverless Functions (aka Functions)"), the shape is the rest. */
function titleWords(title: string): string[] {
  return title.replace(/\([^()]*\)/g, ' ').replace(/[*#]+/g, ' ').trim().split(/\s+/).filter(Boolean);
}

/**
 * Shapes that sibling titles share when one template documents several things: all code ("`read_file`",
 * "GET /users"), or the same words but one ("Supabase setup" / "Prisma setup"; not numbers: "Phase 1"
 * / "Phase 2" are steps of one thing), or one label before a colon ("Tool: search" / "Tool: browse").
 */
function titleShapes(title: string, words: readonly string[], withOne: boolean): string[] {
  if (!words.length) return [];
  // one title over different link targets ("[Discussion](…/suitetrait/…)", "[Discussion](…/timelimittrait/…)")
  const out: string[] = [`title:${title.trim().toLowerCase()}`];
  if (words.every((w) => CODE_TOKEN.test(w.replace(/[,:;]$/, '')))) out.push('code');
  const colon = title.indexOf(':');
  if (colon > 0 && colon < title.length - 1 && title.slice(0, colon).split(/\s+/).length <= 3) out.push(`label:${title.slice(0, colon).toLowerCase()}`);
  if (withOne && words.length >= 2) {
    const lower = words.map((w) => w.toLowerCase());
    for (let i = 0; i < lower.length; i++) {
      // "Containerization Request" / "Containerization Settings": two parts of one topic, not one template per item
      if (/\d/.test(lower[i]!) || SECTION_NOUNS.has(lower[i]!.replace(/[,:;]$/, ''))) continue;
      // "Communication Policy" / "Proactiveness Policy": rules on two aspects of one behaviour, all in
      // force at once; "Python guidelines" / "iOS guidelines" name a language or platform and stay apart
      if (lower.every((w, k) => k === i || NORMATIVE_NOUNS.has(w.replace(/[,:;]$/, ''))) && !namesSituation(lower[i]!)) continue;
      out.push(`one:${lower.map((w, k) => (k === i ? '*' : w)).join(' ')}`);
    }
  }
  return out;
}

/** The family of parallel sections each section belongs to ('' for none), per prompt. */
function sectionFamilies(sections: readonly Section[]): string[] {
  const families = sections.map(() => '');
  const groups = new Map<string, number[]>();
  for (const s of sections) {
    if (s.depth === 0) continue;
    const g = `${s.parent}:${s.depth}`;
    const list = groups.get(g) ?? [];
    list.push(s.index);
    groups.set(g, list);
  }
  // pages of one template: at least three siblings whose own subsections share two or more titles
  // ("# Test" / "# Tag" / "# Bug", each with "## Overview" and "## See Also": concatenated API pages)
  const childTitles = new Map<number, Set<string>>();
  for (const s of sections) {
    if (s.depth === 0 || s.parent < 0) continue;
    const set = childTitles.get(s.parent) ?? new Set<string>();
    set.add(s.title.replace(/\]\([^)]*\)/g, ']').replace(/[^\p{L}\p{N} ]+/gu, ' ').trim().toLowerCase());
    childTitles.set(s.parent, set);
  }
  for (const [g, members] of groups) {
    if (members.length < 2) continue;
    if (members.length >= 3) {
      const paged = members.filter((m) => {
        const mine = childTitles.get(m);
        if (!mine || mine.size < 2) return false;
        return members.some((o) => o !== m && [...(childTitles.get(o) ?? [])].filter((t) => mine.has(t)).length >= 2);
      });
      if (paged.length >= 3) for (const m of paged) families[m] = `${g}:pages`;
    }
    const count = new Map<string, number>();
    // a "one word differs" shape names every word of its title (no space or "*" within a word), so
    // only titles of as many words can share it: a title whose word count no sibling has makes
    // none (each would be its own, counted once, and never chosen)
    const wordsOf = members.map((m) => titleWords(sections[m]!.title));
    const lengths = new Map<number, number>();
    for (const w of wordsOf) lengths.set(w.length, (lengths.get(w.length) ?? 0) + 1);
    const shapesOf = members.map((m, k) => {
      const shapes = titleShapes(sections[m]!.title, wordsOf[k]!, lengths.get(wordsOf[k]!.length)! >= 2);
      for (const sh of new Set(shapes)) count.set(sh, (count.get(sh) ?? 0) + 1);
      return shapes;
    });
    members.forEach((m, k) => {
      const shape = shapesOf[k]!.find((sh) => count.get(sh)! >= 2);
      if (shape && !families[m]) families[m] = `${g}:${shape}`;
      // among titles that name code (tools "read_file", "list_dir"), a plain lowercase word names one too ("write", "grep")
      else if (!families[m] && (count.get('code') ?? 0) >= 2 && /^[a-z][a-z0-9]*$/.test(sections[m]!.title.trim())) families[m] = `${g}:code`;
    });
  }
  return families;
}

export type ScopeOf = (unit: Unit) => UnitScope;

/** Structural scope of the units of a prompt, computed lazily per unit (memoized per prompt). */
export function unitScopes(doc: PromptDocument, prompt: Prompt): ScopeOf {
  return promptScopes(prompt, doc.file.text);
}

/** `unitScopes` from the prompt and its file's text (for callers that hold no document). */
export const promptScopes = memoizedWith((prompt: Prompt, text: string): ScopeOf => {
  // built on the first question: most prompts never ask
  let computed: ScopeOf | undefined;
  return (unit) => (computed ??= computeScopes(text, prompt))(unit);
});

function computeScopes(text: string, prompt: Prompt): ScopeOf {
  // Section scopes, classified on first use: most sections hold no directive.
  const sections = prompt.sections;
  const sectionScope = slots<UnitScope>(sections.length);
  const families = sectionFamilies(sections);
  const scopeOfSection = (i: number): UnitScope => {
    let scope = sectionScope[i];
    if (scope) return scope;
    const s = sections[i]!;
    const parent = s.parent >= 0 ? scopeOfSection(s.parent) : undefined;
    const c = s.depth === 0 ? 'neutral' : classifyTitle(s.title);
    const parentKey = parent?.key ?? '';
    const example = (parent?.example ?? false) || c === 'example';
    const hidden = (parent?.hidden ?? false) || c === 'hidden' || c === 'example';
    const key = c === 'neutral' || c === 'hidden' || c === 'example' ? parentKey : parentKey ? `${parentKey} / ${c}` : c;
    const parentCondition = parent?.condition ?? '';
    const condition = c === 'neutral' || c === 'hidden' || c === 'example' || !opensCondition(s.title) ? parentCondition : joinKey(parentCondition, c);
    const parallel = families[i] ? [...(parent?.parallel ?? []), `${families[i]}=${(s.headingRange ? text.slice(s.headingRange.start, s.headingRange.end) : s.title).replace(/\s+/g, ' ').trim().toLowerCase()}`] : (parent?.parallel ?? []);
    scope = { key, hidden, example, parallel, condition };
    sectionScope[i] = scope;
    return scope;
  };

  const indentOf = (u: Unit): number => {
    let k = u.range.start;
    while (k > 0 && text.charCodeAt(k - 1) !== 10 && text.charCodeAt(k - 1) !== 13) k--;
    let col = 0;
    for (let i = k; i < u.range.start; i++) col += text.charCodeAt(i) === 9 ? 4 : 1;
    return col;
  };

  // For each list item: the item it hangs from (-1 for a top-level item) and, for a top-level
  // item, the list's lead-in sentence. Classified only when a directive asks for the unit's scope.
  const units = prompt.units;
  const parentItem = new Int32Array(units.length).fill(-1);
  const leadInOf = slots<string>(units.length);
  let listStack: { indent: number; index: number }[] = [];
  let leadIn: string | undefined;
  let lastNonList: Unit | undefined;
  for (const u of units) {
    if (u.context === 'list-item') {
      const indent = indentOf(u);
      if (!listStack.length) {
        leadIn = lastNonList && lastNonList.context === 'paragraph' && /:\s*$/.test(lastNonList.text) && lastNonList.section === u.section ? lastNonList.text : undefined;
      }
      while (listStack.length && listStack[listStack.length - 1]!.indent >= indent) listStack.pop();
      if (listStack.length) parentItem[u.index] = listStack[listStack.length - 1]!.index;
      else if (leadIn !== undefined) leadInOf[u.index] = leadIn;
      listStack.push({ indent, index: u.index });
    } else if (u.context !== 'code') {
      // code inside a list item does not close it; anything else does
      listStack = [];
      lastNonList = u;
    }
  }

  const memo = slots<UnitScope>(units.length);
  return (u: Unit): UnitScope => {
    let scope = memo[u.index];
    if (scope) return scope;
    const sec: UnitScope = u.section >= 0 && u.section < sections.length ? scopeOfSection(u.section) : { key: '', hidden: false, example: false, parallel: [], condition: '' };
    let key = sec.key;
    let condition = sec.condition ?? '';
    let hidden = sec.hidden;
    let example = sec.example;
    // the texts the item hangs from, outermost first: the lead-in, then the parent items
    const chain: string[] = [];
    let top = u.index;
    for (let p = parentItem[u.index]!; p >= 0; p = parentItem[p]!) {
      chain.push(units[p]!.text);
      top = p;
    }
    const lead = u.context === 'list-item' ? leadInOf[top] : undefined;
    if (lead !== undefined) chain.push(lead);
    for (let k = chain.length - 1; k >= 0; k--) {
      const c = classifyTitle(chain[k]!);
      if (c === 'hidden') hidden = true;
      else if (c === 'example') hidden = example = true;
      else if (c !== 'neutral') {
        key = key ? `${key} / ${c}` : c;
        if (opensCondition(chain[k]!)) condition = joinKey(condition, c);
      }
    }
    scope = { key, hidden, example, parallel: sec.parallel, condition };
    memo[u.index] = scope;
    return scope;
  };
}
