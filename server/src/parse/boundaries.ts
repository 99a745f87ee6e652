/**
 * Prompt boundaries inside one Markdown or text body: a file may hold several prompts that are
 * never sent together, and the rules that compare instructions must never pair units of two of
 * them. Each prompt found here carries the reason for its boundary (`Prompt.boundary`):
 * - `separator`: a line that names a template, prompt or variant (`--- Template 2 ---`,
 *   `=== Prompt B ===`, `## Variant 3`, `**Prompt 2:**`), when the body has at least two;
 * - `identity`: successive blocks (children of one heading, or parts between `---` lines) that
 *   open with a full identity statement ("You are …"): variant system prompts kept in one file.
 *   Either every block that holds an instruction opens so, or at least three do and they are
 *   most of them (a collection with a few other entries: each block is then its own prompt); in a
 *   text file, also prompts one after another that each open with a plain title line over their own
 *   identity line ("Translator" / "You are a translator …"), at least two, all different; and
 *   sibling sections that each open with their own title and a role of their own among their first
 *   instructions, one after another between at most a preamble and notes (`titledRoleBlocks`: the
 *   system prompts of several products kept in one file). A block whose role goes on from the one
 *   before ("You are also …") opens no prompt;
 * - `titled`: prompts side by side, each under a sibling heading whose title names it as a prompt
 *   or template by its head noun ("## Code Review Prompt", "## Bug Report Template", "## Prompt:
 *   Summarize a paper"), or as a short or full version ("## Summary" before "## Full prompt"), each
 *   over a few instructions; titles naming only a message role ("System Prompt") are parts of one;
 * - `collection`: the file's title names a collection of prompts or templates ("Prompt Library:
 *   Support", "Marketing Prompts") or its intro presents one ("Here are the prompts we use for …"):
 *   each sub-section of the title (each entry of a category with no text of its own) is a prompt,
 *   when at least two hold a few instructions and they are not named as one prompt's parts
 *   ("Process", "Output Format", "Context": a prompt about prompts);
 * - `complete`: sibling sections that each hold a whole prompt, their own role part (an identity
 *   statement among their first lines, a "Role:"/"Persona:" field or sub-section) and their own task
 *   or output part (a "Task"/"Steps"/"Output format" sub-section or field): several agents' prompts
 *   side by side, when at least two and most of the siblings are so;
 * - `outline`: a short block (a section, or a heading's text before its sub-sections) whose lines
 *   come again in a later, longer sibling in the same order but spread out, with new text between
 *   them: a collector's outline of a prompt, then the full prompt (a block pasted again keeps its
 *   copies together, and a recap comes after the text it sums up: both stay in one prompt);
 * - `transcript`: the turns of a chat transcript (headings "# Q(user)" / "# A(bot)", "## User" /
 *   "## Assistant"), when both sides speak;
 * - `repeat`: a long run of instructions found again word for word, in order (at least 8 of them,
 *   opening with an identity statement or the prompt's first instruction, or a quarter of all):
 *   the same prompt pasted twice, as leaks and collections do. In a collection (a body already read
 *   as three or more prompts), a template kept twice within what is one prompt so far is another
 *   template too: a run of MIN_RUN units wherever it opens, or of MIN_SECTION_RUN units that opens
 *   a section under the title its first copy's section has;
 * - `opening`: prompts written one after another with nothing between them, each opening with the
 *   same line: the file's opening heading or identity statement found again at the start of a
 *   block, or an identity paragraph ("You are …") or a top-level heading over the same first
 *   instruction that opens several blocks; the opening identity line found again under a plain
 *   title line of its own ("System Prompt (code mode)" after a blank line) opens a prompt at that
 *   title. Each copy must open a body of its own (not a reminder of the identity near the end of
 *   one prompt, nor a section pasted twice word for word);
 * - `page`: web pages scraped one after another (an `llms-full.txt` dump): at least three headings
 *   each followed at once by a line naming the page's own address, with the same words each time
 *   ("[Skip Navigation](https://…/testing/tag#main)", "Source: https://…/quickstart"), when they
 *   open the body (little text before the first);
 * - `alternative`: labelled alternatives, short labels on lines of their own ("Text-only:",
 *   "Text and images:") each followed by a version of one text;
 * - `directive`: a `<!-- prompt-lint-prompt -->` line starts a new prompt wherever it stands;
 *   `<!-- prompt-lint-prompt single -->` anywhere reads the whole body as one prompt.
 * Jinja branches are alternatives inside one prompt, not prompts: see rules/lib/same-subject.ts.
 */
import type { Prompt, Range, Section, Unit } from '../model/types.js';
import { createPrompt, createSection } from '../model/shapes.js';

/** A line naming a template, prompt or variant, as a separator or a heading. */
const NAMED_SEPARATOR = /^[ \t]*(?:(?:[-=*#~_]{2,}|#{1,6})[ \t]*)(?:\*\*)?(?:template|prompt|variant|version|variation|option)[ \t]*(?:#|no\.?)?[ \t]*(?:\d+|[A-Z])\b[^\n]*$/gim;
/** The same name as a short line of its own, bold or ending in a colon ("**Prompt 2**", "Template 3:", "[Variant B]"). */
const NAMED_LABEL = /^[ \t]*(?:\*\*|__|\[)(?:template|prompt|variant|version|variation)[ \t]*(?:#|no\.?)?[ \t]*(?:\d+|[A-Z])\b[^\n]{0,50}$|^[ \t]*(?:template|prompt|variant|variation)[ \t]*(?:#|no\.?)?[ \t]*(?:\d+|[A-Z])[ \t]*(?:[:.()\]\u2013\u2014-][^\n]{0,50})?$/gim;
const RULE_LINE = /^[ \t]*---[ \t]*$/gm;
const IDENTITY = /^\W*(?:you are|you're|you will act as|act as|your role is|i want you to (?:act|be|play|pretend)|(?:i would like|i'd like) you to act as|pretend (?:to be|you are)|imagine you are)\b/i;
const DIRECTIVE = /^[ \t]*<!--\s*prompt-lint-prompt(?:\s+(single|split))?\s*-->[ \t]*$/gim;
/** A word `DIRECTIVE` needs, and one of the words `NAMED_SEPARATOR` and `NAMED_LABEL` need (cheap scans before theirs). */
const DIRECTIVE_WORD = /prompt-lint-prompt/i;
const NAME_WORD = /template|prompt|variant|version|variation|option/i;

export type BoundaryReason = 'file' | 'fenced' | 'separator' | 'identity' | 'titled' | 'collection' | 'complete' | 'outline' | 'transcript' | 'opening' | 'repeat' | 'alternative' | 'page' | 'directive';

/** Where each prompt after the first starts (offsets into the source), with its reason; [] keeps one prompt. */
export function findBoundaries(source: string, prompt: Prompt, split: boolean | undefined): { at: number; reason: BoundaryReason }[] {
  if (split === false) return [];
  const { start, end } = prompt.range;
  const body = source.slice(start, end);
  const code = codeRanges(prompt);
  const outside = (at: number) => !code.some((r) => at >= r.start && at < r.end);
  // the regular-expression scans below only when the body holds a candidate word at all
  const candidates = /prompt-lint-prompt|template|prompt|variant|version|variation|option|you are|you're|act as|your role|user|human|assistant|:\s*$/im.test(body);
  if (candidates) {
    // directives first: they override detection either way
    const directives: number[] = [];
    let single = false;
    DIRECTIVE.lastIndex = 0;
    // the line-anchored scans try every offset: a plain scan for the word they need goes first
    for (let m = DIRECTIVE_WORD.test(body) ? DIRECTIVE.exec(body) : null; m; m = DIRECTIVE.exec(body)) {
      if (!outside(start + m.index)) continue;
      if (m[1]?.toLowerCase() === 'single') single = true;
      else directives.push(start + m.index);
    }
    if (single) return [];
    if (directives.length) return directives.filter((at) => at > start).map((at) => ({ at, reason: 'directive' as const }));

    const named: number[] = [];
    for (const re of NAME_WORD.test(body) ? [NAMED_SEPARATOR, NAMED_LABEL] : []) {
      re.lastIndex = 0;
      for (let m = re.exec(body); m; m = re.exec(body)) if (outside(start + m.index) && !named.includes(start + m.index)) named.push(start + m.index);
    }
    named.sort((a, b) => a - b);
    if (named.length >= 2) return named.filter((at) => at > start).map((at) => ({ at, reason: 'separator' as const }));

  }
  // the signals below may meet in one file (a system prompt, then a transcript that pastes it again;
  // prompts pasted one after another, then a text in two labelled versions)
  const found = new Map<number, BoundaryReason>();
  if (candidates) {
    for (const at of labelledAlternatives(source, prompt)) found.set(at, 'alternative');
    for (const at of transcriptTurns(source, prompt)) found.set(at, 'transcript');
    for (const at of identityBlocks(source, prompt, body, outside)) if (!found.has(at)) found.set(at, 'identity');
    for (const at of titledIdentities(source, prompt)) if (!found.has(at)) found.set(at, 'identity');
    for (const at of titledPrompts(source, prompt)) if (!found.has(at)) found.set(at, 'titled');
  }
  // each of these checks its own candidate words
  for (const at of collectionEntries(source, prompt)) if (!found.has(at)) found.set(at, 'collection');
  for (const at of completeSiblings(source, prompt)) if (!found.has(at)) found.set(at, 'complete');
  if (candidates) for (const at of titledRoleBlocks(source, prompt)) if (!found.has(at)) found.set(at, 'identity');
  for (const at of outlineBeforeFull(source, prompt)) if (!found.has(at)) found.set(at, 'outline');
  for (const at of scrapedPages(source, prompt)) if (!found.has(at)) found.set(at, 'page');
  for (const at of repeatedRuns(source, prompt, undefined)) if (!found.has(at) && !nearAny(found, at, source)) found.set(at, 'repeat');
  for (const at of repeatedOpenings(source, prompt, [...found.keys()])) if (!found.has(at) && !nearAny(found, at, source)) found.set(at, 'opening');
  // in a collection, templates kept twice inside what is one prompt so far
  if (found.size + 1 >= COLLECTION) {
    const starts = [...found.keys()].sort((a, b) => a - b);
    for (const at of repeatedRuns(source, prompt, starts)) if (!found.has(at) && !nearAny(found, at, source)) found.set(at, 'repeat');
  }
  return [...found]
    .map(([at, reason]) => [outsideUnits(prompt, at), reason] as const)
    .filter(([at], k, all) => at > start && at < end && all.findIndex(([x]) => x === at) === k)
    .sort((a, b) => a[0] - b[0])
    .map(([at, reason]) => ({ at, reason }));
}

/** `at`, or the start of the unit that spans it: a prompt never starts inside a unit. */
function outsideUnits(prompt: Prompt, at: number): number {
  for (const u of prompt.units) if (u.range.start < at && at < u.range.end) return u.range.start;
  return at;
}

/** True when `at` is within one blank-line-free stretch after a boundary already found (the same cut, seen twice). */
function nearAny(found: Map<number, BoundaryReason>, at: number, source: string): boolean {
  for (const other of found.keys()) {
    const [lo, hi] = other < at ? [other, at] : [at, other];
    if (!/\n[ \t]*\n/.test(source.slice(lo, hi)) && hi - lo < 400) return true;
  }
  return false;
}

/** A transcript turn's heading title ("Q(user)", "A(duck.ai)", "User", "Assistant:"; not "User Interaction"). */
const TURN_TITLE = /^\W*(?:(q|a)\s*(?:\([^)]*\))?|(user|human|me|assistant|ai|model|bot|chatbot)\s*(?:\([^)]*\))?)\W*$/i;
const USER_SIDE = new Set(['q', 'user', 'human', 'me']);

/**
 * The turns of a transcript: headings that name a speaker, when both sides speak. (Turns written as
 * line labels, "User: …", are example text already: parse/units.ts.) Returns where each turn starts.
 */
function transcriptTurns(source: string, prompt: Prompt): number[] {
  const headed: number[] = [];
  const sides = new Set<string>();
  for (const s of prompt.sections) {
    if (!s.headingRange) continue;
    const m = TURN_TITLE.exec(s.title.trim());
    if (!m || underExamples(prompt, s)) continue;
    headed.push(lineStart(source, s.headingRange.start));
    sides.add(USER_SIDE.has((m[1] ?? m[2]!).toLowerCase()) ? 'user' : 'assistant');
  }
  return headed.length >= 2 && sides.size === 2 ? headed : [];
}

/** True when a heading above the section names examples: a sample dialogue, not a transcript of its own. */
function underExamples(prompt: Prompt, section: Section): boolean {
  for (let p = section.parent; p > 0; p = prompt.sections[p]!.parent) if (/example|sample|demo|few[- ]shot/i.test(prompt.sections[p]!.title)) return true;
  return false;
}

/** Fewest instructions in a run found again word for word that makes the second copy a prompt of its own. */
const MIN_RUN = 8;
/** Prompts already found in a body that make it a collection of prompts (templates kept side by side). */
const COLLECTION = 3;
/** Fewest instructions in a run that, in a collection, opens a section again under the same title. */
const MIN_SECTION_RUN = 4;

/**
 * Runs of instructions found again word for word and in order: the same prompt pasted twice.
 * A run counts when it is long (MIN_RUN units) and either opens with an identity statement or with
 * the prompt's first instruction, or covers a quarter of the prompt's instructions; a shorter
 * repeated passage (a paragraph or section pasted again) stays a repeat inside one prompt, except in
 * a collection (a body already found to hold several prompts, `collection` their starts): there two
 * copies that no found start separates are two templates of the collection when the run is long
 * (MIN_RUN units, wherever it opens) or opens a section under the same title as the section its first
 * copy opens (MIN_SECTION_RUN units: a template's heading tree kept twice).
 * Returns where each second copy starts (its heading, when the copy opens right under one).
 */
function repeatedRuns(source: string, prompt: Prompt, collection: readonly number[] | undefined): number[] {
  const units = prompt.units.filter((u) => u.isInstruction && (u.context === 'paragraph' || u.context === 'list-item'));
  if (units.length < 2 * (collection ? MIN_SECTION_RUN : MIN_RUN)) return [];
  const title = (k: number) => prompt.sections[units[k]!.section]?.title.trim().toLowerCase() ?? '';
  const opensSection = (k: number) => (k === 0 || units[k - 1]!.section !== units[k]!.section) && title(k) !== '';
  // two copies in one prompt found so far: no found start between them
  const together = (j: number, i: number) => !collection!.some((at) => at > units[j]!.range.start && at <= units[i]!.range.start);
  const another = (i: number, j: number, n: number) =>
    !!collection && n >= MIN_SECTION_RUN && together(j, i) && (n >= MIN_RUN || (opensSection(i) && opensSection(j) && title(i) === title(j)));
  const keys = units.map((u) => foldedLower(u.text));
  // a sentence said more than three times is a refrain, not part of a pasted copy: it matches nothing
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  for (let i = 0; i < keys.length; i++) if (seen.get(keys[i]!)! > 3) keys[i] = `\u0000${i}`;
  const first = new Map<string, number[]>();
  const out: number[] = [];
  // the last copy split off (its distance to its first copy, and its end): a run that resumes the
  // same copy after a changed line or two is that copy going on, not another template
  let shift = -1;
  let copyEnd = -1;
  for (let i = 0; i < keys.length; i++) {
    const earlier = first.get(keys[i]!);
    let best = 0;
    let from = -1;
    // a few earliest copies suffice: a run repeats from one of them
    for (const j of earlier?.slice(0, 4) ?? []) {
      // runs are measured from their start only: linear work over the body
      if (j > 0 && keys[j - 1] === keys[i - 1]) continue;
      let n = 0;
      while (i + n < keys.length && j + n < i && keys[j + n] === keys[i + n]) n++;
      if (n > best) [best, from] = [n, j];
    }
    // a run of one sentence said over and over is no prompt: most of the run's sentences differ
    const long = best >= MIN_RUN && (IDENTITY.test(units[i]!.text) || from === 0 || best * 4 >= units.length);
    const varied = new Set(keys.slice(i, i + best)).size * 4 >= best * 3;
    const resumes = best > 0 && Math.abs(i - from - shift) <= 3 && i - copyEnd <= MIN_RUN;
    if (varied && (long || (!resumes && another(i, from, best)))) {
      out.push(copyStart(source, prompt, units[i]!, units[i - 1]));
      [shift, copyEnd] = [i - from, i + best];
      for (let k = i; k < i + best; k++) first.get(keys[k]!) ?? first.set(keys[k]!, [k]);
      i += best - 1;
      continue;
    }
    if (resumes) {
      copyEnd = i + best;
      for (let k = i; k < i + best; k++) first.get(keys[k]!) ?? first.set(keys[k]!, [k]);
      i += best - 1;
      continue;
    }
    if (earlier) earlier.push(i);
    else first.set(keys[i]!, [i]);
  }
  return out;
}

/** Whitespace other than a single inner space (a run, a tab or line break, or a space at either end). */
const UNFOLDED = /\s\s|[^\S ]|^ | $/;

/** `text.replace(/\s+/g, ' ').trim().toLowerCase()`: a unit's text is nearly always folded already, and is then only lower-cased. */
function foldedLower(text: string): string {
  return UNFOLDED.test(text) ? text.replace(/\s+/g, ' ').trim().toLowerCase() : text.toLowerCase();
}

/** Where a copy that opens with `unit` starts: the heading just above it, when nothing else stands between. */
function copyStart(source: string, prompt: Prompt, unit: Unit, previous: Unit | undefined): number {
  let at = lineStart(source, unit.range.start);
  for (const s of prompt.sections) {
    if (!s.headingRange || s.headingRange.start >= unit.range.start || (previous && s.headingRange.start < previous.range.end)) continue;
    const between = prompt.units.some((u) => u.range.start > s.headingRange!.end && u.range.start < unit.range.start && u.context !== 'heading');
    if (!between) at = Math.min(at, lineStart(source, s.headingRange.start));
  }
  return at;
}

/** Index of the first unit (of units in source order) that starts at or after `at`: a binary search. */
function firstStartingAt(units: readonly Unit[], at: number): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.range.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fewest instructions a prompt opened by a repeated opening must hold (each copy, and the one before it). */
const MIN_BODY = 4;

/**
 * Prompts that follow one another with nothing between them but open with the same line. The
 * openings are blocks (a heading, or a paragraph after a blank line or a heading) keyed by their
 * text: the prompt's own opening heading or identity statement, any identity paragraph, or a
 * heading of the top level whose first instruction is also the same each time (a template's
 * title over its fixed first line), when no other top-level heading stands between two copies. A key opening two or more blocks cuts before each later one
 * when both that copy and the part before it hold MIN_BODY instructions, the copy at least a
 * quarter as many as the part before (a reminder "You are …" near the end opens no prompt), and
 * the two parts are not the same text (a section pasted twice stays a repeat to report). Once a
 * key cuts, its first block starts a prompt too. Returns where each prompt starts.
 */
function repeatedOpenings(source: string, prompt: Prompt, found: number[]): number[] {
  const instructions = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && u.context !== 'code');
  if (instructions.length < 2 * MIN_BODY) return [];
  const norm = (t: string) => t.replace(/[\s*_`#]+/g, ' ').trim().toLowerCase();
  // index of the first instruction at or after an offset, by binary search (the scans stay linear)
  const indexAt = (at: number) => firstStartingAt(instructions, at);
  const firstInstructionAfter = (at: number): Unit | undefined => instructions[indexAt(at)];
  // a unit at the start of a line after a blank line or a heading; reads back over blanks and one
  // line only (a long line of many sentences stays linear)
  const blockStart = (u: Unit) => {
    let line = u.range.start;
    while (line > prompt.range.start && (source[line - 1] === ' ' || source[line - 1] === '\t')) line--;
    if (line <= prompt.range.start) return true;
    if (source[line - 1] !== '\n') return false;
    const previous = source.slice(Math.max(prompt.range.start, source.lastIndexOf('\n', line - 2) + 1), line - 1);
    return previous.trim() === '' || /^[ \t]*#{1,6}\s/.test(previous);
  };
  const groups = new Map<string, number[]>();
  const add = (key: string, at: number) => {
    const list = groups.get(key);
    if (!list) groups.set(key, [at]);
    else if (!list.includes(at)) list.push(at);
  };
  const opening = instructions[0]!;
  const headed = prompt.sections.filter((s) => s.headingRange);
  const openingHeading = headed[0] && headed[0].headingRange!.start < opening.range.start ? headed[0] : undefined;
  const top = Math.min(...headed.map((s) => s.depth));
  // ordinal of each top-level heading: template copies follow one another, while a group of
  // sections pasted again (other top-level headings between the copies) stays in its prompt
  const ordinal = new Map<number, number>();
  for (const s of headed) if (s.depth === top) ordinal.set(lineStart(source, s.headingRange!.start), ordinal.size);
  for (const s of headed) {
    const line = source.slice(s.headingRange!.start, s.headingRange!.end);
    if (openingHeading && norm(line) === norm(source.slice(openingHeading.headingRange!.start, openingHeading.headingRange!.end))) add(`h:${norm(line)}`, lineStart(source, s.headingRange!.start));
    else if (s.depth === top) {
      const first = firstInstructionAfter(s.headingRange!.end);
      if (first && first.range.start < s.range.end) add(`t:${norm(line)}\u0000${norm(first.text)}`, lineStart(source, s.headingRange!.start));
    }
  }
  // identity paragraphs that follow one another are one opening: only the first of them is keyed
  let afterIdentity = false;
  const lineOf = (at: number) => {
    const from = lineStart(source, at);
    const eol = source.indexOf('\n', from);
    return source.slice(from, eol === -1 || eol > prompt.range.end ? prompt.range.end : eol);
  };
  for (const u of instructions) {
    if (!blockStart(u)) continue;
    const identity = u.context === 'paragraph' && IDENTITY.test(u.text);
    if (identity && !afterIdentity) {
      const at = copyStart(source, prompt, u, undefined);
      add(`i:${norm(u.text)}`, at);
      // the whole line too, so that the same line under a plain title line (below) matches it
      add(`l:${norm(lineOf(u.range.start))}`, at);
    }
    afterIdentity = identity;
  }
  // an identity line under a plain title line of its own ("System Prompt (code mode)" after a blank
  // line): in a text file such a line is the copy's heading, and the copy starts there
  for (const at of titledIdentityLines(source, prompt)) add(`l:${norm(lineOf(at.identity))}`, at.title);
  const count = (from: number, to: number) => indexAt(to) - indexAt(from);
  const text = (from: number, to: number) =>
    instructions
      .slice(indexAt(from), indexAt(to))
      .map((u) => norm(u.text))
      .join('\n');
  const out = new Set<number>();
  for (const [key, starts] of groups) {
    if (starts.length < 2) continue;
    starts.sort((a, b) => a - b);
    const ends = [...starts.slice(1), prompt.range.end];
    let cut = false;
    for (let k = 1; k < starts.length; k++) {
      const here = count(starts[k]!, ends[k]!);
      const before = count(starts[k - 1]!, starts[k]!);
      if (here < MIN_BODY || before < MIN_BODY || here * 4 < before) continue;
      if (key.startsWith('t:') && ordinal.get(starts[k]!)! - ordinal.get(starts[k - 1]!)! !== 1) continue;
      if (text(starts[k]!, ends[k]!) === text(starts[k - 1]!, starts[k]!)) continue;
      out.add(starts[k]!);
      cut = true;
    }
    if (cut) out.add(starts[0]!);
  }
  // every prompt a cut makes, with the cuts other signals found, holds MIN_BODY instructions
  const all = [...new Set([...found, ...out])].filter((at) => at > prompt.range.start).sort((a, b) => a - b);
  const kept: number[] = [];
  let previous = prompt.range.start;
  all.forEach((at, k) => {
    if (!out.has(at) || found.includes(at)) previous = at;
    else if (count(previous, at) >= MIN_BODY && count(at, all[k + 1] ?? prompt.range.end) >= MIN_BODY) {
      kept.push(at);
      previous = at;
    }
  });
  return kept;
}

/**
 * An identity statement at the start of a line (IDENTITY, read line by line over a body). One class
 * for the line's leading marks and blanks (`[^\w\n]` holds space and tab): two classes that both take
 * blanks backtrack quadratically over a long line of spaces.
 */
const IDENTITY_LINE = new RegExp(IDENTITY.source.replace(/^\^\\W\*/, '^[^\\w\\n]*'), 'gim');
/** "You are" followed by neither an article nor a name: a state ("You are given a log file", "You are allowed to …"), not a role. */
const STATE_NOT_ROLE = /^\W*(?:[Yy]ou are|[Yy]ou're|YOU ARE)\s+(?!(?:an?|the|An?|The|AN?|THE)\b|[A-Z\u00C0-\u024F])/;
/** A plain title on a line of its own: a few words, no sentence punctuation at the end, not a list item ("System Prompt (code mode)", "Prompt:"). */
const TITLE_LINE = /^[ \t]*(?![-*+\u2022>]|\d+[.)]\s)[^\s.!?;,][^\n]{0,58}[^\s.!?;,]?[ \t]*$/;

/**
 * Identity lines ("You are …") that stand right under a plain title line, itself after a blank line
 * (or first in the prompt): where the title line and the identity line start. Lines inside code are skipped.
 */
function titledIdentityLines(source: string, prompt: Prompt): { title: number; identity: number }[] {
  const { start, end } = prompt.range;
  const body = source.slice(start, end);
  const code = codeRanges(prompt);
  const out: { title: number; identity: number }[] = [];
  IDENTITY_LINE.lastIndex = 0;
  for (let m = IDENTITY_LINE.exec(body); m; m = IDENTITY_LINE.exec(body)) {
    const at = start + m.index;
    if (at === start || source[at - 1] !== '\n' || code.some((r) => at >= r.start && at < r.end)) continue;
    let title = Math.max(start, lineStart(source, at - 1));
    // one blank line may stand between the title and the identity line ("Translator" / "" / "You are …"),
    // when the title is no lead-in ending with a colon (which introduces the text or code after it)
    let apart = false;
    if (title > start && source.slice(title, at - 1).trim() === '') {
      title = Math.max(start, lineStart(source, title - 1));
      apart = true;
    }
    const eol = source.indexOf('\n', title);
    // a bold title is a title too ("**Translator**", "__Poet:__")
    const line = source
      .slice(title, eol === -1 || eol > at ? at : eol)
      .replace(/\r$/, '')
      .replace(/^[ \t]*(\*\*|__)([^*_\n]+?):?\1:?[ \t]*$/, '$2');
    // a tag line (`<role>`) or a heading is structure of its own, not a plain title
    if (!line.trim() || (apart && /:\s*$/.test(line)) || !TITLE_LINE.test(line) || /^\s*[<#{[|`*_]/.test(line) || line.trim().split(/\s+/).length > 8 || IDENTITY.test(line)) continue;
    // a role ("You are a …", "You are Roo, …"), not a state ("You are given a log file")
    if (STATE_NOT_ROLE.test(source.slice(at, source.indexOf('\n', at) === -1 ? end : source.indexOf('\n', at)))) continue;
    const before = lineStart(source, title - 1);
    if (title - 1 > start && source.slice(before, title - 1).trim() !== '') continue;
    out.push({ title, identity: at });
  }
  return out;
}

/**
 * Prompts written one after another in a text file, each under a plain title line and opening with
 * its own identity statement ("Translator" / "You are a translator …", then "Poet" / "You are a poet
 * …"): at least two such openings with different identity lines, each over MIN_BODY instructions.
 * (The same identity line again is a repeated opening, or a reminder: see repeatedOpenings.)
 */
function titledIdentities(source: string, prompt: Prompt): number[] {
  const found = titledIdentityLines(source, prompt);
  if (found.length < 2) return [];
  const lineText = (at: number) => source.slice(at, source.indexOf('\n', at) === -1 ? prompt.range.end : source.indexOf('\n', at)).trim().toLowerCase();
  if (new Set(found.map((f) => lineText(f.identity))).size !== found.length) return [];
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && u.context !== 'code');
  const count = (from: number, to: number) => firstStartingAt(starts, to) - firstStartingAt(starts, from);
  const ends = [...found.slice(1).map((f) => f.title), prompt.range.end];
  if (found.some((f, k) => count(f.title, ends[k]!) < MIN_BODY)) return [];
  return found.map((f) => f.title);
}

/** A line naming a page's address and little else: a lone link ("[Skip Navigation](https://…)"; an address may hold parentheses) or a label and a URL ("Source: https://…"). */
const PAGE_LINE = /^[ \t]*(?:\[([^\]\n]{1,40})\]\((https?:\/\/(?:[^()\s]|\([^()\s]*\))+)\)|([A-Za-z][A-Za-z ]{0,20}):[ \t]*<?(https?:\/\/[^\s>]+)>?)[ \t]*$/;
/** Fewest pages that make a file a series of scraped pages. */
const MIN_PAGES = 3;
/** A page line's label that is a web page's own furniture ("Skip Navigation", "Skip to content"), not a citation. */
const NAVIGATION_LABEL = /^skip\b/;

/**
 * Scraped web pages kept one after another: headings each followed at once (at most a blank line
 * between) by a page line with the same words and a different address, at least MIN_PAGES of them,
 * the first with at most MIN_BODY instructions before it (the pages are the file, not a few links
 * inside a prompt). Unless the page line is the page's own navigation ("Skip Navigation"), the pages
 * must also be the file's top-level headings: sections of a titled prompt that each cite a source
 * ("## Refunds" / "Source: https://…" under "# Support assistant") are parts of one prompt.
 * Returns where each page starts (its heading).
 */
function scrapedPages(source: string, prompt: Prompt): number[] {
  const groups = new Map<string, { at: number; url: string; depth: number }[]>();
  let topDepth = Infinity;
  for (const s of prompt.sections) if (s.headingRange && s.depth > 0) topDepth = Math.min(topDepth, s.depth);
  for (const s of prompt.sections) {
    if (!s.headingRange) continue;
    let from = source.indexOf('\n', s.headingRange.start);
    if (from === -1 || from >= prompt.range.end) continue;
    from++;
    if (source[from] === '\n' || (source[from] === '\r' && source[from + 1] === '\n')) from = source.indexOf('\n', from) + 1;
    const eol = source.indexOf('\n', from);
    const m = PAGE_LINE.exec(source.slice(from, eol === -1 ? prompt.range.end : eol).replace(/\r$/, ''));
    if (!m) continue;
    const key = (m[1] ?? m[3]!).trim().toLowerCase();
    const list = groups.get(key) ?? [];
    list.push({ at: lineStart(source, s.headingRange.start), url: (m[2] ?? m[4]!).replace(/#.*$/, ''), depth: s.depth });
    groups.set(key, list);
  }
  for (const [label, pages] of groups) {
    if (pages.length < MIN_PAGES || new Set(pages.map((p) => p.url)).size < MIN_PAGES) continue;
    if (!NAVIGATION_LABEL.test(label) && pages.some((p) => p.depth !== topDepth)) continue;
    const first = pages[0]!.at;
    const before = prompt.units.filter((u) => u.range.start < first && u.isInstruction && u.context !== 'heading' && u.context !== 'code').length;
    if (before > MIN_BODY) continue;
    return pages.map((p) => p.at);
  }
  return [];
}

/** A short label on a paragraph of its own that introduces one version of a text ("Text-only:", "Text and images:"). */
const ALTERNATIVE_LABEL = /^\W*[A-Z][\w'-]*(?:[ \t]+[\w'-]+){0,4}[ \t]*:\W*$/;

/**
 * Labelled alternatives: at least two short labels, each a paragraph of its own in one section,
 * each followed by a text that opens with the same words as the others' (versions of one prompt,
 * never sent together). Returns where each label after the first starts, and the first when text precedes it.
 */
function labelledAlternatives(source: string, prompt: Prompt): number[] {
  const units = prompt.units;
  const labels: { unit: Unit; opens: string }[] = [];
  for (let i = 0; i + 1 < units.length; i++) {
    const u = units[i]!;
    if (u.context !== 'paragraph' || !ALTERNATIVE_LABEL.test(u.text)) continue;
    // a label is a line of its own, not the last sentence of a paragraph ("… Be sure to highlight:")
    if (source.slice(lineStart(source, u.range.start), u.range.start).trim() !== '') continue;
    const next = units[i + 1]!;
    if (next.context !== 'paragraph' || next.section !== u.section || /\r?\n[ \t]*\r?\n/.test(source.slice(u.range.end, next.range.start)) === false) continue;
    const words = next.text.toLowerCase().split(/\s+/).slice(0, 5);
    if (words.length === 5) labels.push({ unit: u, opens: words.join(' ') });
  }
  const groups = new Map<string, Unit[]>();
  for (const l of labels) {
    const key = `${l.unit.section}:${l.opens}`;
    const list = groups.get(key);
    if (list) list.push(l.unit);
    else groups.set(key, [l.unit]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    return group.map((u) => lineStart(source, u.range.start)).filter((at) => at > prompt.range.start);
  }
  return [];
}

/**
 * Blocks that open with an identity statement: the children of one heading (or the top-level
 * sections), or the parts between `---` lines. There must be at least two such blocks, and every
 * block that holds an instruction opens with one (a preamble before the first is allowed); or at
 * least three do and they are most of the blocks, as in a collection of prompts, where every block
 * is then read as its own prompt.
 */
function identityBlocks(source: string, prompt: Prompt, body: string, outside: (at: number) => boolean): number[] {
  // instruction units in source order; the first one at or after an offset is found by binary search
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading');
  const firstUnitAfter = (at: number, until: number): Unit | undefined => {
    const u = starts[firstStartingAt(starts, at)];
    return u && u.range.start < until ? u : undefined;
  };
  /** Which blocks start a prompt, from whether each opens with an identity statement (null: no instruction). */
  const decide = (opens: (boolean | null)[], preambleAllowed: boolean): number[] | undefined => {
    const yes = opens.filter((o) => o === true).length;
    const no = opens.filter((o) => o === false).length;
    const rest = preambleAllowed ? opens.slice(1) : opens;
    if (yes >= 2 && rest.every((o) => o !== false)) return opens.flatMap((o, k) => (o === true ? [k] : []));
    if (yes >= 3 && yes > no * 2) return opens.flatMap((o, k) => (o !== null ? [k] : []));
    return undefined;
  };
  // parts between `---` lines
  const rules: number[] = [];
  RULE_LINE.lastIndex = 0;
  for (let m = RULE_LINE.exec(body); m; m = RULE_LINE.exec(body)) if (outside(prompt.range.start + m.index)) rules.push(prompt.range.start + m.index);
  if (rules.length) {
    const cuts = [prompt.range.start, ...rules];
    const opens = cuts.map((at, k) => {
      const u = firstUnitAfter(at, cuts[k + 1] ?? prompt.range.end);
      return u ? IDENTITY.test(u.text) : null;
    });
    const chosen = decide(opens, true);
    if (chosen && chosen.some((k) => k > 0)) return chosen.filter((k) => k > 0).map((k) => rules[k - 1]!);
  }
  // the children of one heading; a parent that qualifies decides for its descendants
  const children = headedChildren(prompt);
  const out: number[] = [];
  const taken: Range[] = [];
  for (const s of [{ index: 0 } as Section, ...prompt.sections.filter((x) => x.headingRange)]) {
    const siblings = children.get(s.index);
    if (!siblings || siblings.length < 2 || taken.some((r) => siblings[0]!.range.start >= r.start && siblings[0]!.range.start < r.end)) continue;
    const opens = siblings.map((c) => {
      const u = firstUnitAfter(c.headingRange!.end, c.range.end);
      // "You are also a proofreader …" goes on from the block before: it opens no prompt
      return u ? IDENTITY.test(u.text) && !REFERS_BACK.test(u.text) : null;
    });
    const chosen = decide(opens, false);
    if (!chosen) continue;
    for (const k of chosen) out.push(lineStart(source, siblings[k]!.headingRange!.start));
    taken.push({ start: siblings[0]!.range.start, end: siblings[siblings.length - 1]!.range.end });
    // text after the last block (a heading of the parent's level) is not part of it
  }
  return out.sort((a, b) => a - b);
}

/** How many of a block's first instructions may come before its identity statement (a line on what the prompt is for, a version note). */
const ROLE_WITHIN = 3;
/** A block that goes on from the one before it rather than standing alone: "You are also …", "In addition to the above …". */
const REFERS_BACK = /\b(?:you are also|you're also|also act as|in addition to (?:the |your )?(?:above|previous|earlier)|as (?:described|stated|defined) (?:above|before)|the (?:previous|above) (?:prompt|role|instructions|section|agent))\b/i;

/**
 * Sibling sections that each open with their own title and identity statement, with at most one
 * other sibling before them (a preamble: what the file holds) and one after them (notes): a file
 * that keeps the system prompts of several tools or products one after another. Each such block
 * states a role ("You are a …", not a state such as "You are given …") among its first ROLE_WITHIN
 * instructions, holds at least MIN_BODY instructions, and states a role of its own (no two alike);
 * none goes on from the one before it ("You are also …", "In addition to the above …"). Returns the
 * indices of the siblings that start a prompt (the blocks, and the notes after the last one), or
 * undefined. A second persona among ordinary sections (a section between the two) stays in one prompt.
 */
function titledRoleBlocks(source: string, prompt: Prompt): number[] {
  if (!/you are|you're|act as|your role/i.test(source.slice(prompt.range.start, prompt.range.end))) return [];
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading');
  const out: number[] = [];
  for (const siblings of headedChildren(prompt).values()) {
    const chosen = titledRoles(prompt, siblings, starts);
    if (chosen) for (const k of chosen) out.push(lineStart(source, siblings[k]!.headingRange!.start));
  }
  return out;
}

function titledRoles(prompt: Prompt, siblings: readonly Section[], starts: readonly Unit[]): number[] | undefined {
  if (siblings.length < 2) return undefined;
  const unitsOf = (c: Section) => {
    const out: Unit[] = [];
    for (let k = firstStartingAt(starts, c.headingRange!.end); k < starts.length && starts[k]!.range.start < c.range.end; k++) if (starts[k]!.context !== 'code') out.push(starts[k]!);
    return out;
  };
  const blocks = siblings.map(unitsOf);
  const roles = blocks.map((units) => units.slice(0, ROLE_WITHIN).find((u) => IDENTITY.test(u.text) && !STATE_NOT_ROLE.test(u.text)));
  const yes = roles.flatMap((r, k) => (r ? [k] : []));
  if (yes.length < 2) return undefined;
  const [first, last] = [yes[0]!, yes[yes.length - 1]!];
  // the blocks follow one another: nothing but a preamble before them and notes after them
  if (last - first + 1 !== yes.length || first > 1 || siblings.length - 1 - last > 1) return undefined;
  if (yes.some((k) => blocks[k]!.length < MIN_BODY)) return undefined;
  const said = new Set(yes.map((k) => roles[k]!.text.toLowerCase().replace(/\W+/g, ' ').trim()));
  if (said.size !== yes.length) return undefined;
  if (yes.slice(1).some((k) => blocks[k]!.slice(0, ROLE_WITHIN + 1).some((u) => REFERS_BACK.test(u.text)))) return undefined;
  return last + 1 < siblings.length ? [...yes, last + 1] : yes;
}

/** A heading title that names a whole prompt or template by its head noun ("Code Review Prompt", "Bug Report Template"), or by a label ("Prompt: Summarize a paper", "Template 3 — Release notes"). */
const NAMED_TITLE = /^\W*(?:(?:prompt|template)\s*(?:#\s*)?\w{0,3}\s*[:\u2013\u2014-]\s*\S.*|.*\S\s+(?:prompt|template))\W*(?:\([^()]*\))?\W*$/i;
/** A title naming the full version of a prompt ("Full prompt", "Complete version"). */
const FULL_TITLE = /^\W*(?:the\s+)?(?:full|complete|long|extended|detailed)\s+(?:prompt|version|text|instructions)\W*$/i;
/** A title naming a short version of it ("Summary", "TL;DR", "Short version"), which stands before the full one. */
const SHORT_TITLE = /^\W*(?:summary|abstract|tl;?\s*dr|overview|(?:short|compact|condensed|brief)\s+(?:prompt|version))\W*$/i;
/** A title whose qualifier names only a message role or a part ("System Prompt", "User prompt template", "Improved Prompt"): parts of one prompt, or examples, not prompts side by side. */
const ROLE_TITLE = /^\W*(?:the\s+)?(?:(?:system|developer|user|assistant|human|ai|model|main|base|initial|original|final|generated|example|sample|poor|bad|good|improved|better|your|this|a|an)\s+)?(?:(?:system|user|message)\s+)?(?:prompt|template)s?\W*$/i;
/** A title about doing something with a prompt rather than naming one ("Getting a Prompt", "Adding Tools to System Prompt", "How to write the template"). */
const ACTIVITY_TITLE = /^\W*(?:how|why|what|when)\b|^\W*\w+ing\s+(?:[\w-]+\s+)*(?:system|user|developer)\s+(?:prompt|template)|\b(?:a|an|the|your|my|our|to|of|with|in|on|into|from|about)\s+(?:[\w-]+\s+){0,2}(?:prompt|template)s?\W*(?:\([^()]*\))?\W*$/i;
/** Fewest instructions outside code under a title naming a prompt (a template of code has none). */
const MIN_TITLED_BODY = 3;

/**
 * Prompts kept side by side in one file, each under its own title that names it as a prompt or
 * template ("## Code Review Prompt" / "## Refactoring Prompt"), or a short version before the
 * full one ("## Summary" / "## Full prompt"): at least two sibling headings so titled, each over
 * at least MIN_TITLED_BODY instructions (a short version: one). A title naming only a message
 * role ("System Prompt", "User Prompt") is not one: a system and a user prompt are sent together;
 * nor is a title about doing something with a prompt ("Getting a Prompt", "Modifying System Prompt").
 * Each titled sibling starts a prompt, and so does the sibling after it (notes after a template
 * are not part of it).
 */
function titledPrompts(source: string, prompt: Prompt): number[] {
  if (!/prompt|template|version|instructions/i.test(prompt.sections.map((s) => s.title).join('\n'))) return [];
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && u.context !== 'code');
  const instructionsIn = (s: Section) => {
    let n = 0;
    for (let k = firstStartingAt(starts, s.range.start); k < starts.length && starts[k]!.range.start < s.range.end; k++) n++;
    return n;
  };
  const children = headedChildren(prompt);
  const out: number[] = [];
  for (const siblings of children.values()) {
    if (siblings.length < 2) continue;
    const whole = siblings.map((s) => (FULL_TITLE.test(s.title) || (NAMED_TITLE.test(s.title) && !ROLE_TITLE.test(s.title) && !ACTIVITY_TITLE.test(s.title))) && instructionsIn(s) >= MIN_TITLED_BODY);
    const titled = siblings.map((s, k) => whole[k] || (SHORT_TITLE.test(s.title) && instructionsIn(s) >= 1 && whole.slice(k + 1).some(Boolean)));
    if (titled.filter(Boolean).length < 2) continue;
    siblings.forEach((s, k) => {
      if (titled[k] || titled[k - 1]) out.push(lineStart(source, s.headingRange!.start));
    });
  }
  return out.sort((a, b) => a - b);
}

/** A title naming a collection of prompts or templates ("Marketing Prompts", "Prompt Library", "Templates for support replies", "A collection of agent prompts"). */
const COLLECTION_TITLE = /^\W*(?:(?:[\w'&/+-]+\s+){0,5}(?:prompts|templates|prompt\s+(?:library|collection|catalog(?:ue)?|pack|set|book))|(?:the\s+|an?\s+|my\s+|our\s+)?(?:collection|library|catalog(?:ue)?|set|list|pack)\s+of\s+(?:[\w'&/+-]+\s+){0,3}(?:prompts|templates))\b(?:\s*(?:[:\u2013\u2014(-]|for\b|to\b)[^\n]*)?\W*$/i;
/** An intro sentence that presents what follows as a collection of prompts ("This file collects the prompts we use for …", "Here are five prompts for …"). */
const COLLECTION_INTRO = /\b(?:(?:collection|library|catalog(?:ue)?|set|list|pack)\s+of\s+(?:[\w'&/+-]+\s+){0,3}(?:prompts|templates)|(?:here\s+are|below\s+are|this\s+(?:file|page|document)\s+(?:collects|holds|lists|contains|gathers))\s+(?:[\w'&/+-]+\s+){0,4}(?:prompts|templates))\b/i;
/** A section title naming a part of one prompt rather than a use case. */
const PART_TITLE = /^\W*(?:\d+[.)]?\s*)?(?:context|background|overview|introduction|intro|purpose|scope|process|procedure|approach|method|methodology|requirements?|criteria|usage|how to use|examples?|notes?|tips|input|inputs|variables|parameters|tools|capabilities|principles|standards|best practices|checklist|validation|quality|references?|resources|summary|conclusion|success criteria|important|constraints?|limitations|restrictions|tone|style|voice|formatting)\b/i;
/** Fewest instructions outside code in an entry of a collection. */
const MIN_ENTRY_BODY = 3;

/**
 * Prompts of a collection: the file's title (its first heading, with no instruction before it) names
 * a collection of prompts or templates, or the intro under it presents one ("Here are the prompts we
 * use for …"), and at least two of the title's sub-sections each hold MIN_ENTRY_BODY instructions:
 * each sub-section is then a prompt of its own (a sub-section that only groups others, a category
 * with no text of its own, hands the cut down to its own sub-sections). A title about writing
 * prompts ("How to write prompts", "Writing good prompts") names no collection.
 */
function collectionEntries(source: string, prompt: Prompt): number[] {
  if (!/prompts|templates/i.test(source.slice(prompt.range.start, prompt.range.end))) return [];
  const headed = prompt.sections.filter((s) => s.headingRange);
  const title = headed[0];
  if (!title) return [];
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && u.context !== 'code');
  const count = (from: number, to: number) => firstStartingAt(starts, to) - firstStartingAt(starts, from);
  if (count(prompt.range.start, title.headingRange!.start) > 0) return [];
  const children = headedChildren(prompt);
  const under = children.get(title.index) ?? [];
  if (under.length < 2) return [];
  const intro = prompt.units
    .filter((u) => u.range.start > title.headingRange!.end && u.range.start < under[0]!.headingRange!.start && u.context !== 'code')
    .map((u) => u.text)
    .join(' ');
  const named = (COLLECTION_TITLE.test(title.title) && !ACTIVITY_TITLE.test(title.title) && !/^\W*(?:how|why|what|when|writing|creating|crafting|designing|using)\b/i.test(title.title)) || COLLECTION_INTRO.test(intro);
  if (!named) return [];
  // entries: the title's sub-sections, or the sub-sections of a category that has no text of its own
  // (the category's heading opens the prompt of its first entry)
  const entries: { at: number; title: string; body: number }[] = [];
  const collect = (s: Section, at: number) => {
    const kids = children.get(s.index);
    if (kids && count(s.headingRange!.end, kids[0]!.headingRange!.start) === 0) kids.forEach((k, i) => collect(k, i === 0 ? at : lineStart(source, k.headingRange!.start)));
    else entries.push({ at, title: s.title, body: count(s.headingRange!.end, s.range.end) });
  };
  for (const s of under) collect(s, lineStart(source, s.headingRange!.start));
  const full = entries.filter((e) => e.body >= MIN_ENTRY_BODY);
  if (full.length < 2) return [];
  // a collection's entries are named by what each prompt is for; a prompt's own sections are named
  // by their part ("Process", "Output Format", "Context"): a title such as "Suggest Relevant Prompts"
  // over such parts is one prompt about prompts
  if (entries.filter((e) => PART_TITLE.test(e.title) || ROLE_PART.test(e.title) || TASK_PART.test(e.title)).length * 3 >= entries.length) return [];
  return entries.map((e) => e.at);
}

/** A sub-section title (or a field label) naming the role part of a prompt. */
const ROLE_PART = /^\W*(?:(?:your|the|agent|assistant|ai)\s+)?(?:role|persona|identity|character|profile|backstory|who you are)\b/i;
/** A sub-section title (or a field label) naming the task or output part of a prompt. */
const TASK_PART = /^\W*(?:(?:your|the|main|core|primary|expected|output)\s+)?(?:task|tasks|goal|goals|objective|objectives|mission|instructions|steps|process|workflow|output|output\s+format|format|response\s+format|deliverables?|rules|constraints|guidelines)\b/i;
/** A field line at the start of a block: "Role: …", "**Persona:** …", "- Goal: …". */
const FIELD = /^\W*([A-Za-z][\w ]{0,24}?)\W*:/;
/** Fewest instructions outside code in a sibling read as a complete prompt. */
const MIN_COMPLETE_BODY = 4;

/**
 * Sibling sections that are each a complete prompt: each has its own role part (an identity
 * statement among its first three instructions, a field "Role:"/"Persona:", or a sub-section so
 * titled) and its own task or output part (a sub-section or field naming the task, steps, rules or
 * output format), over at least MIN_COMPLETE_BODY instructions: several agents' prompts, or prompts
 * of a collection, side by side. At least two siblings must be so, and most of the siblings; each
 * then starts a prompt, and so does the sibling after the last. A single prompt's own parts ("## Role",
 * "## Task", "## Output format") are parts, not siblings that each hold both; parallel sections of one
 * prompt (per tool, per mode) have no role of their own.
 */
function completeSiblings(source: string, prompt: Prompt): number[] {
  if (!/role|persona|identity|character|profile|backstory|who you are|you are|you're|act as|pretend|imagine you/i.test(source.slice(prompt.range.start, prompt.range.end))) return [];
  const starts = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && u.context !== 'code');
  const inside = (s: Section) => {
    const out: Unit[] = [];
    for (let k = firstStartingAt(starts, s.headingRange!.end); k < starts.length && starts[k]!.range.start < s.range.end; k++) out.push(starts[k]!);
    return out;
  };
  const children = headedChildren(prompt);
  const complete = (s: Section): boolean => {
    const units = inside(s);
    if (units.length < MIN_COMPLETE_BODY) return false;
    const kids = (children.get(s.index) ?? []).map((c) => c.title);
    // field labels of lines in the section (the first words before a colon on a line of their own)
    const fields: string[] = [];
    for (const u of units) {
      const from = lineStart(source, u.range.start);
      if (u.range.start - from > 6) continue;
      const m = FIELD.exec(source.slice(from, u.range.end));
      if (m) fields.push(m[1]!);
    }
    const role = units.slice(0, 3).some((u) => IDENTITY.test(u.text) && !STATE_NOT_ROLE.test(u.text)) || kids.some((t) => ROLE_PART.test(t)) || fields.some((f) => ROLE_PART.test(f));
    const task = kids.some((t) => TASK_PART.test(t)) || fields.some((f) => TASK_PART.test(f));
    return role && task;
  };
  const out: number[] = [];
  for (const siblings of children.values()) {
    if (siblings.length < 2) continue;
    const whole = siblings.map(complete);
    const n = whole.filter(Boolean).length;
    if (n < 2 || n * 2 < siblings.length) continue;
    siblings.forEach((s, k) => {
      if (whole[k] || whole[k - 1]) out.push(lineStart(source, s.headingRange!.start));
    });
  }
  return out.sort((a, b) => a - b);
}

/** Fewest instructions of a short block found again, in order, in a later longer one that make it an outline of it. */
const MIN_OUTLINE = 4;

/**
 * A short outline or summary of a prompt kept before the full prompt: a block (a section, or the text
 * before a heading's first sub-section) whose instructions are found again word for word, in the same
 * order, in a later sibling block at least half as long again: at least MIN_OUTLINE of them and at
 * least 60% of the short block's. The short block and the full one each start a prompt, and so does
 * the sibling after the full one. A block pasted again at about its own size (a section repeated word
 * for word) stays a repeat inside one prompt, and is reported; so does a recap after the full text
 * (the short block comes second).
 */
function outlineBeforeFull(source: string, prompt: Prompt): number[] {
  const starts = prompt.units.filter((u) => u.isInstruction && (u.context === 'paragraph' || u.context === 'list-item'));
  if (starts.length < 3 * MIN_OUTLINE) return [];
  // the unit's text (whitespace already folded by the parser) is its key: outlines copy lines word for word
  const where = new Map<string, number[]>();
  let pairs = 0;
  starts.forEach((u, i) => {
    if (u.text.length < 12) return;
    const list = where.get(u.text);
    if (!list) where.set(u.text, [i]);
    else if (list.length < 4) {
      list.push(i);
      pairs++;
    }
  });
  if (pairs < MIN_OUTLINE) return [];
  // only units said more than once can pair; each group below looks at these lists alone
  const repeated = [...where.values()].filter((l) => l.length > 1);
  if (!repeated.length) return [];
  const index = (at: number) => firstStartingAt(starts, at);
  const children = headedChildren(prompt);
  const out: number[] = [];
  for (const [parent, siblings] of children) {
    if (siblings.length < 1) continue;
    // blocks: the parent's own text before its first sub-section (when it has some), then each sub-section
    const parentStart = parent === 0 ? prompt.range.start : prompt.sections[parent]!.headingRange!.end;
    const blocks: { at: number; from: number; to: number }[] = [];
    const lead = { at: parent === 0 ? prompt.range.start : lineStart(source, parentStart), from: index(parentStart), to: index(siblings[0]!.headingRange!.start) };
    if (lead.to > lead.from) blocks.push(lead);
    for (const s of siblings) blocks.push({ at: lineStart(source, s.headingRange!.start), from: index(s.headingRange!.end), to: index(s.range.end) });
    if (blocks.length < 2) continue;
    const blockOf = (i: number) => {
      let lo = 0;
      let hi = blocks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (blocks[mid]!.from <= i) lo = mid;
        else hi = mid - 1;
      }
      return i >= blocks[lo]!.from && i < blocks[lo]!.to ? lo : -1;
    };
    // pairs of copies between two blocks of this group, by block pair
    const pairs = new Map<string, [number, number][]>();
    for (const list of repeated) {
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          const [x, y] = [blockOf(list[a]!), blockOf(list[b]!)];
          if (x < 0 || y <= x) continue;
          const k = `${x}:${y}`;
          (pairs.get(k) ?? pairs.set(k, []).get(k)!).push([list[a]!, list[b]!]);
        }
      }
    }
    for (const [k, list] of pairs) {
      if (list.length < MIN_OUTLINE) continue;
      const [x, y] = k.split(':').map(Number) as [number, number];
      const short = blocks[x]!;
      const full = blocks[y]!;
      const shortSize = short.to - short.from;
      const fullSize = full.to - full.from;
      if (fullSize * 2 < shortSize * 3) continue;
      // the longest chain of copies in the same order in both blocks (one copy per unit of each)
      const chain = orderedChain(list);
      if (chain.length < MIN_OUTLINE || chain.length * 5 < shortSize * 3) continue;
      // the full text spells the outline out: its copies stand apart, with new text between them; a
      // block pasted again (whole or inside a longer text, as a recap) keeps its copies together
      const spread = chain[chain.length - 1]![1] - chain[0]![1] + 1;
      if (spread * 2 < chain.length * 3) continue;
      out.push(short.at, full.at);
      if (blocks[y + 1]) out.push(blocks[y + 1]!.at);
    }
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** The longest chain of pairs increasing in both members (each member used once): patience sorting with back links. */
function orderedChain(pairs: [number, number][]): [number, number][] {
  // by the first member, and for one first member the second members falling, so that one first member is used once
  const sorted = [...pairs].sort((p, q) => p[0] - q[0] || q[1] - p[1]);
  const tails: number[] = [];
  const back: number[] = [];
  sorted.forEach(([, j], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    back[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
  });
  const chain: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = back[k]!) chain.unshift(sorted[k]!);
  return chain;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function codeRanges(prompt: Prompt): Range[] {
  return prompt.units.filter((u) => u.context === 'code').map((u) => u.range);
}

/**
 * The prompt cut at `boundaries` (sorted source offsets): units and sections re-indexed per part,
 * sections clipped, each part's first section a root over the part.
 */
export function splitPrompt(source: string, prompt: Prompt, boundaries: { at: number; reason: BoundaryReason }[]): Prompt[] {
  if (!boundaries.length) return [prompt];
  const cuts = [{ at: prompt.range.start, reason: prompt.boundary ?? ('file' as BoundaryReason) }, ...boundaries.filter((b) => b.at > prompt.range.start && b.at < prompt.range.end)];
  const out: Prompt[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const range = { start: cuts[k]!.at, end: k + 1 < cuts.length ? cuts[k + 1]!.at : prompt.range.end };
    const sections: Section[] = [createSection(0, '', 0, range, undefined, -1)];
    const sectionMap = new Map<number, number>();
    for (const s of prompt.sections) {
      if (s.depth === 0 || !s.headingRange || s.headingRange.start < range.start || s.headingRange.start >= range.end) continue;
      const parent = s.parent >= 0 && sectionMap.has(s.parent) ? sectionMap.get(s.parent)! : 0;
      const index = sections.length;
      sectionMap.set(s.index, index);
      sections.push(createSection(index, s.title, s.depth, { start: s.range.start, end: Math.min(s.range.end, range.end) }, s.headingRange, parent));
    }
    const units: Unit[] = [];
    for (const u of prompt.units) {
      if (u.range.start < range.start || u.range.start >= range.end) continue;
      units.push({ ...u, index: units.length, section: sectionMap.get(u.section) ?? 0 });
    }
    const text = source.slice(range.start, range.end);
    const n = text.length;
    const first = units.find((u) => u.isInstruction && u.context !== 'heading');
    const reason = cuts[k]!.reason;
    const firstLine = source.slice(range.start, source.indexOf('\n', range.start) === -1 ? range.end : Math.min(range.end, source.indexOf('\n', range.start))).trim();
    // a plain title line that opens the prompt and runs into its first paragraph names it ("Full prompt (release mode)")
    const titleLine = first !== undefined && first.range.start <= range.start + 1 && first.text.length > firstLine.length && TITLE_LINE.test(firstLine) && firstLine.split(/\s+/).length <= 8;
    const title =
      reason === 'separator' || reason === 'alternative' || titleLine
        ? firstLine.replace(/^[-=*#~_\s]+|[-=*#~_\s:]+$/g, '')
        : sections[1] && (!first || first.range.start > sections[1].headingRange!.start)
          ? sections[1].title
          : (first?.text.slice(0, 40) ?? '');
    out.push(
      createPrompt({
        id: k === 0 ? prompt.id : `${prompt.id}#${k + 1}`,
        label: `prompt ${k + 1} (${reason})${title ? `: ${title}` : ''}`,
        role: prompt.role,
        range,
        text,
        toSource: (i: number) => range.start + Math.min(Math.max(0, Math.floor(i)), n),
        sections,
        units,
        boundary: reason,
      }),
    );
  }
  return out;
}

/** The headed sections of a prompt grouped by their parent section's index. */
function headedChildren(prompt: Prompt): Map<number, Section[]> {
  const children = new Map<number, Section[]>();
  for (const s of prompt.sections) {
    if (s.depth === 0 || !s.headingRange) continue;
    const list = children.get(s.parent);
    if (list) list.push(s);
    else children.set(s.parent, [s]);
  }
  return children;
}
