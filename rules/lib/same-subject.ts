/**
 * Whether two alike units say the same thing about the same subject (`sameSubject`): pronouns
 * that lean on their section, deictic words, steps of parallel procedures, items of one template,
 * parallel sections, tags and prompt parts keep apart copies that are not waste.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { differentParallels, promptScopes } from './scope.js';
import { parallelItemCopies } from './parallel-items.js';
import { fieldLabel, labelsOf } from './candidates.js';
import { memoized, memoizedWith } from './memo.js';
import { sectionUnder } from './recap.js';
import { ITEM_LINE, LIST_MARKER_SOURCE, ONLY_MARKER } from '../../server/src/parse/list-marker.js';
/** A unit with what locates it: its prompt and the source text of its file. */
export interface Placed {
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly source: string;
}

/**
 * Personal pronouns make a sentence lean on its surroundings ("Keep it under 50 characters"): under
 * two different scoped titles such a sentence says two different things.
 */
const PRONOUN = /\b(?:it|its|they|them|their)\b/i;
/** How many leading words a personal pronoun leans on the context from; later in a sentence it mostly takes its antecedent from the sentence itself ("…with the user so they can view it"). */
const PRONOUN_WORDS = 4;

/** True when a personal pronoun stands among the first words of the unit ("Keep it short", "Use them sparingly"). */
function pronounLeans(p: Placed): boolean {
  const text = p.unit.text;
  return PRONOUN.test(text) && PRONOUN.test(text.trim().split(/\s+/, PRONOUN_WORDS).join(' '));
}

/** The unit is its line's whole text (after a list marker): a sentence on its own, not part of a longer item or paragraph. */
function wholeLine(p: Placed): boolean {
  const { source, unit } = p;
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  let lineEnd = source.indexOf('\n', unit.range.end);
  if (lineEnd === -1) lineEnd = source.length;
  return /^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?$/.test(source.slice(lineStart, unit.range.start)) && /^\s*$/.test(source.slice(unit.range.end, lineEnd)) && paragraphMates(p).length === 0;
}

/**
 * Where the pronoun finds its antecedent in the section itself: the copy opens its section (the
 * title names the subject: "## Commit messages" / "- Keep it under 72 characters"), or the sentence
 * before it is a description that names one ("A weather card shows …" / "To use it, …").
 */
function namesItsSubject(p: Placed): boolean {
  const before = p.unit.index > 0 ? p.prompt.units[p.unit.index - 1]! : undefined;
  if (!before || before.section !== p.unit.section || !before.isInstruction) return true;
  return /^\W*(?:an?|the|this|each|every)\s/i.test(before.text);
}

/** Two copies with the same words, each the whole of its line ("3. Run it after the checks pass." pasted as another step). */
function wholeIdenticalCopies(a: Placed, b: Placed): boolean {
  return !namesItsSubject(a) && !namesItsSubject(b) && a.unit.text.replace(/\s+/g, ' ').trim() === b.unit.text.replace(/\s+/g, ' ').trim() && wholeLine(a) && wholeLine(b);
}

/** The pronouns that speak of code shown just before ("…so it works everywhere"); "their" takes a person of its own sentence ("ask the user for their password"). */
const CODE_PRONOUN = /\b(?:it|its|they|them)\b/i;

/** True when the unit comes right after a code block: a pronoun in it speaks of that code ("…so it works everywhere"). */
function afterCode(p: Placed): boolean {
  return p.unit.index > 0 && p.prompt.units[p.unit.index - 1]!.context === 'code';
}

/** "This skill", "this prompt": the whole document, not the section the sentence is in. */
const DOCUMENT_DEIXIS = /\bthis\s+(?:skill|prompt|document|guide|agent|assistant|conversation|chat|session|mode)\b/gi;
/** The strongly deictic ones ("here", "these", "above", "both agents"): they point at the very section they are in. */
const DEICTIC = /\b(?:this|these|those|here|such|above|below|former|latter|both)\b/i;

/**
 * True when two units of one prompt may be copies of one statement. Units are compared whatever
 * their sections' titles, except where the structure positively says they speak of different things:
 * - they sit in different branches of one Jinja conditional (`{% if %}` … `{% else %}`): alternatives;
 * - either sits under a title or lead-in that holds samples ("## Example output") or in a template
 *   section or a user's turn of a transcript;
 * - they are in different members of one family of parallel sections or tag blocks (one template
 *   per tool, endpoint, command: "## read_file" / "## write_file", `<weather>` / `<maps>` opening alike);
 * - they sit in different sections, under differently scoped lead-ins or in different tag blocks,
 *   and either leans on its context ("Keep it short", "Use proper client setup here");
 * - in one section, they sit under two different labels or code blocks (a sentence repeated under
 *   every tool's signature, or under two overloads' declarations, describes a different thing);
 * - they sit in two alike-named items of one parallel structure below the headings (bold-labelled
 *   paragraphs, label lines, sub-lists of sibling items, alike lead-ins, sibling sections naming
 *   two items): `parallelItemCopies` in parallel-items.ts;
 * - each is a parenthesis that closes a line after a different sentence ("Search again. (Not for
 *   recipes.)" / "Keep trying. (Not for recipes.)"): a qualifier of the sentence before it.
 */
export function sameSubject(a: Placed, b: Placed, options: { acrossFiles?: boolean } = {}): boolean {
  return separation(a, b, options) === null;
}

/** What keeps two units apart as different subjects (the name of the test that does), or null when they speak of the same one. */
export function separation(a: Placed, b: Placed, options: { acrossFiles?: boolean } = {}): string | null {
  const subjectsA = scopesOf(a.prompt, a.source);
  const subjectsB = scopesOf(b.prompt, b.source);
  // a template section ("### <project scope>") is meant to be repeated; a user turn ("# Q(user)") is input
  if (subjectsA.templateOrTurn(a.unit) || subjectsB.templateOrTurn(b.unit)) return 'template-or-turn';
  const la = labelsOf(a.prompt, a.unit, a.source);
  const lb = labelsOf(b.prompt, b.unit, b.source);
  const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;
  // Across the files of a task the headings are mostly each file's own title ("# Persona",
  // "# Policy"): the files are composed into one context, so only templates, turns and labels separate.
  if (options.acrossFiles) return differ(la.label, lb.label) || differ(la.block, lb.block) ? 'labels' : null;
  const sa = promptScopes(a.prompt, a.source)(a.unit);
  const sb = promptScopes(b.prompt, b.source)(b.unit);
  if (sa.example || sb.example) return 'example';
  if (differentParallels(sa, sb)) return 'parallel-sections';
  if (subjectsA.part(a.unit) !== subjectsB.part(b.unit)) return 'part';
  if (a.prompt === b.prompt && subjectsA.otherBranch(a.unit, b.unit)) return 'branch';
  const blocks = subjectsA.tagRelation(a.unit, b.unit);
  if (blocks === 'parallel') return 'parallel-tags';
  // a sentence that leans on its surroundings says something else under another heading or tag block
  const deictic = deicticOf(a.unit.text) || deicticOf(b.unit.text);
  // a pronoun sentence pasted whole, word for word, is one statement repeated, unless the template
  // test below finds it filled in for two items
  const leans = (pronounLeans(a) || pronounLeans(b)) && !(a.prompt === b.prompt && wholeIdenticalCopies(a, b));
  if ((sa.key !== sb.key || blocks === 'different') && (deictic || leans)) return 'scoped-context-word';
  // "To use it, write …" under "### Navigation list" and under "### Image carousel": the pronoun takes each section's subject
  if (a.unit.section !== b.unit.section && leans) return 'pronoun';
  if (a.unit.section !== b.unit.section && (afterCode(a) || afterCode(b)) && (CODE_PRONOUN.test(a.unit.text) || CODE_PRONOUN.test(b.unit.text))) return 'code-pronoun';
  if (a.unit.section !== b.unit.section && deictic) return 'deictic';
  // one template filled in for two items: their neighbours differ only in the item they name
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && instancesOfOneTemplate(a.prompt, a.unit, b.unit)) return 'one-template';
  // two sections that fill in one set of fields for two items ("Input: the transcript" / "Input: the decisions")
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && fieldsOfTwoItems(a.prompt, a.unit, b.unit)) return 'fields-of-two-items';
  // steps of two procedures that open with the same step ("1. Identify the object" under two workflows)
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && sameStepOfParallelProcedures(a, b)) return 'parallel-procedures';
  // under "## Namespace: python" and "## Namespace: python_user_visible", wherever the two headings sit
  if (a.unit.section !== b.unit.section && a.prompt === b.prompt && differentlyLabelledItems(a.prompt, a.unit, b.unit)) return 'labelled-items';
  // in one section, a sentence pointing at its neighbours ("… an example of this below") says something only where it stands
  // (across sections the deictic test below decides, as before)
  if (a.prompt === b.prompt && a.unit.section === b.unit.section && pointsAtDifferentText(a, b)) return 'points-elsewhere';
  // a tool's own documentation is self-contained (sent with the tool's schema): a rule restated in it is not said twice in the prompt
  if (a.prompt === b.prompt && a.unit.section !== b.unit.section && differentToolDocs(a, b)) return 'tool-doc';
  // a list describing the agent ("- Writes a rollback note …") against an instruction or another list
  if (a.prompt === b.prompt && (describesTheAgent(a) || describesTheAgent(b)) && !oneListOf(a, b)) return 'description';
  // one line per item of a parallel structure below the headings: list items, bold-labelled paragraphs, sub-lists, branches
  if (a.prompt === b.prompt && parallelItemCopies(a.prompt, a.source, a.unit, b.unit)) return 'parallel-items';
  // "(Do not apply this to recipes.)" after two different sentences: each qualifies its own sentence
  if (a.prompt === b.prompt && qualifiersOfDifferentSentences(a, b)) return 'qualifiers';
  // the rest of each paragraph is one sentence frame filled for two subjects, or two different conditions
  if (a.prompt === b.prompt && paragraphsOfTwoCases(a, b)) return 'two-cases';
  if (a.unit.section !== b.unit.section || a.prompt !== b.prompt) return null;
  return differ(la.label, lb.label) || differ(la.block, lb.block) ? 'labels' : null;
}

/** A list item's opening verb in the third person ("Writes", "Checks", "Prioritizes"; not "Is", "Has", "Does"), after its marker and emphasis, followed by a lower-case word. */
const THIRD_PERSON_OPENING = new RegExp(String.raw`^[ \t]*${LIST_MARKER_SOURCE}[ \t]+` + /(?:\*\*|__)?[A-Z][a-z]{2,}(?<![su]s|is|ss)s(?:\*\*|__)?[ \t]+[a-z]/.source);
/** Words that make an item a directive whatever list holds it (a modal, a negation, or the model addressed as "you"). */
const DIRECTIVE = /\b(?:must|never|always|should|shall|do not|don't|avoid|ensure|make sure|only|required?|you|your)\b/i;
/** Fewest items of a list that describes the agent, and the share of them (2 in 3) that open with a verb in the third person. */
const DESCRIPTION_ITEMS = 3;

/**
 * True when the unit is an item of a list that describes the agent rather than instructs it: at least
 * two thirds of the items of its list (three or more, one section, one indent) open with a verb in the
 * third person ("- Writes a rollback note …", "- Checks the query plan …"), a list of the agent's
 * traits or habits whatever its title says. An item holding a directive word ("never", "must",
 * "always") is still an instruction.
 */
function describesTheAgent(p: Placed): boolean {
  const { unit } = p;
  if (unit.context !== 'list-item' || DIRECTIVE.test(unit.text)) return false;
  return descriptiveLists(p.prompt, p.source).has(unit.index);
}

/** Per prompt: the indices of the list items that stand in lists describing the agent (see `describesTheAgent`). */
const descriptiveLists = memoizedWith((prompt: Prompt, source: string): Set<number> => {
  const out = new Set<number>();
  const units = prompt.units;
  // the line of a list item that opens it (not a sentence after the first one of an item)
  const openingLine = (u: Unit): string | null => {
    const start = source.lastIndexOf('\n', u.range.start - 1) + 1;
    if (!ONLY_MARKER.test(source.slice(start, u.range.start))) return null;
    const end = source.indexOf('\n', u.range.start);
    return source.slice(start, end === -1 ? source.length : end);
  };
  for (let i = 0; i < units.length; ) {
    if (units[i]!.context !== 'list-item') {
      i++;
      continue;
    }
    // one run of list items in one section, and its items that open their line (a marker on the line)
    let j = i;
    while (j < units.length && units[j]!.context === 'list-item' && units[j]!.section === units[i]!.section) j++;
    const items: number[] = [];
    let third = 0;
    for (let k = i; k < j; k++) {
      const line = openingLine(units[k]!);
      if (line === null || !ITEM_LINE.test(line)) continue;
      items.push(k);
      if (THIRD_PERSON_OPENING.test(line)) third++;
    }
    if (items.length >= DESCRIPTION_ITEMS && third * 3 >= items.length * 2) for (const k of items) out.add(k);
    i = j;
  }
  return out;
});

/** True when the two units are items of one run of list items (one section, nothing but list items between them). */
function oneListOf(a: Placed, b: Placed): boolean {
  if (a.unit.context !== 'list-item' || b.unit.context !== 'list-item' || a.unit.section !== b.unit.section) return false;
  for (let i = Math.min(a.unit.index, b.unit.index) + 1; i < Math.max(a.unit.index, b.unit.index); i++) if (a.prompt.units[i]!.context !== 'list-item') return false;
  return true;
}

/**
 * A sentence that points at the text right after it, or right before it, without naming it ("an
 * example of this below", "the following", "as follows"; not "go on to Stage 2 below", which names
 * one place).
 */
const POINTS_AHEAD = /\b(?:this|these|that|those)\b[^.!?]*\bbelow\b|\b(?:the following|as follows)\b/i;
const POINTS_BACK = /\b(?:this|these|that|those)\b[^.!?]*\babove\b|\bthe preceding\b/i;
/** Most characters of the block next to a pointer that are compared. */
const POINTED_TEXT = 300;

/** The block of text right after (or before) a unit: up to the next blank line, whitespace folded. */
function blockNextTo(p: Placed, ahead: boolean): string {
  const { source, unit } = p;
  if (ahead) {
    let start = unit.range.end;
    while (start < source.length && /\s/.test(source[start]!)) start++;
    const blank = source.slice(start, start + POINTED_TEXT).search(/\n[ \t]*\r?\n/);
    return source.slice(start, blank === -1 ? start + POINTED_TEXT : start + blank).replace(/\s+/g, ' ').trim();
  }
  let end = unit.range.start;
  while (end > 0 && /\s/.test(source[end - 1]!)) end--;
  const before = source.slice(Math.max(0, end - POINTED_TEXT), end);
  const blank = before.search(/\n[ \t]*\r?\n(?![^]*\n[ \t]*\r?\n)/);
  return (blank === -1 ? before : before.slice(blank)).replace(/\s+/g, ' ').trim();
}

/**
 * True when either copy points at the text next to it ("You can see an example of this below.",
 * "Use the format above.") and the two point at different text: two statements about two samples.
 */
function pointsAtDifferentText(a: Placed, b: Placed): boolean {
  const ahead = POINTS_AHEAD.test(a.unit.text) || POINTS_AHEAD.test(b.unit.text);
  if (ahead && blockNextTo(a, true) !== blockNextTo(b, true)) return true;
  const back = POINTS_BACK.test(a.unit.text) || POINTS_BACK.test(b.unit.text);
  return back && blockNextTo(a, false) !== blockNextTo(b, false);
}

/** A title that is a tool's identifier: snake_case, dotted, kebab-case or camelCase, or code ("edit_file", "`read`", "webSearch"). */
const TOOL_TITLE = /^\W*(?:`[^`\s]+`|[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*)\W*$/;
/** How many section levels up a tool's title still holds a unit ("### edit_file" › "#### Parameters"). */
const TOOL_LEVELS = 2;

/**
 * True when one unit sits in a tool's documentation and the other outside it, or the two sit in the
 * documentation of two different tools (titles that differ: "## Edit" / "## Write"); the same tool
 * documented twice (two sections under one title) is compared.
 */
function differentToolDocs(a: Placed, b: Placed): boolean {
  const ta = toolDocOf(a);
  const tb = toolDocOf(b);
  if (ta === tb) return false;
  if (ta === -1 || tb === -1) return true;
  const title = (s: number) => a.prompt.sections[s]!.title.replace(/[`*_]/g, '').trim().toLowerCase();
  return title(ta) !== title(tb);
}

/** The section of the tool documentation a unit sits in (see `toolDocs`), or -1. */
function toolDocOf(p: Placed): number {
  const docs = toolDocs(p.prompt);
  if (!docs.size) return -1;
  for (let s = p.unit.section, k = 0; s >= 0 && k < TOOL_LEVELS; s = p.prompt.sections[s]!.parent, k++) if (docs.has(s)) return s;
  return -1;
}

/**
 * Per prompt: the sections that document one tool each: a section titled by an identifier, with at
 * least one sibling (one parent, one depth) titled by an identifier too, a family of tool
 * descriptions ("### apply_patch" / "### read_file").
 */
const toolDocs = memoized((prompt: Prompt): Set<number> => {
  const out = new Set<number>();
  const byParent = new Map<string, number[]>();
  for (const s of prompt.sections) {
    if (s.depth === 0 || !TOOL_TITLE.test(s.title.trim())) continue;
    const key = `${s.parent}:${s.depth}`;
    const list = byParent.get(key);
    if (list) list.push(s.index);
    else byParent.set(key, [s.index]);
  }
  for (const list of byParent.values()) if (list.length >= 2) for (const s of list) out.add(s);
  // a tool catalogue ("# Tools", "## Available tools", "## Functions"): each of its subsections that
  // holds a tool's schema ("description": …, "parameters", input_schema) documents one tool ("## Bash"
  // over its JSON schema), when at least two do; a catalogue without subsections that holds schemas
  // documents its tools as a whole. Subsections without a schema ("## Thinking", "## Math" under
  // "# Tools") are output blocks or rules, not tools
  for (const s of prompt.sections) {
    if (s.depth === 0 || !TOOL_CATALOGUE.test(s.title.trim())) continue;
    const schemaIn = (section: number) => prompt.units.some((u) => SCHEMA.test(u.text) && sectionUnder(prompt, u.section, section));
    const children = prompt.sections.filter((c) => c.parent === s.index && schemaIn(c.index));
    if (children.length >= 2) for (const c of children) out.add(c.index);
    else if (!prompt.sections.some((c) => c.parent === s.index) && schemaIn(s.index)) out.add(s.index);
  }
  return out;
});

/** A title that names a catalogue of tools or functions ("Tools", "Available tools", "Tool definitions"); not a policy about tools ("Tool usage policy"). */
const TOOL_CATALOGUE = /^\W*(?:(?:available|the|agent|built-in|builtin)\s+)?(?:tools|functions|tool\s+(?:definitions|descriptions|reference|schemas?|list))\W*$/i;
/** A line of a tool's schema. */
const SCHEMA = /"(?:description|parameters|properties|input_schema)"\s*:|\binput_schema\b|<parameter\b/;

/** Most sentences of a paragraph looked at around a copy. */
const PARAGRAPH_MATES = 6;
/** A sentence that opens with a condition ("If the tests fail: …", "When the user asks for a refund, …"). */
const CONDITION = /^\W*(?:if|when|whenever|unless|once|in case|for)\b/i;

/** The other sentences of the unit's paragraph (units of one paragraph: no blank line between, one section). */
function paragraphMates(p: Placed): Unit[] {
  const { prompt, unit, source } = p;
  if (unit.context !== 'paragraph') return [];
  const joined = (x: Unit, y: Unit) => x.context === 'paragraph' && y.context === 'paragraph' && x.section === y.section && !/\n[ \t]*\r?\n/.test(source.slice(x.range.end, y.range.start));
  const out: Unit[] = [];
  for (let i = unit.index - 1; i >= 0 && out.length < PARAGRAPH_MATES && joined(prompt.units[i]!, prompt.units[i + 1]!); i--) out.unshift(prompt.units[i]!);
  for (let i = unit.index + 1; i < prompt.units.length && out.length < PARAGRAPH_MATES && joined(prompt.units[i - 1]!, prompt.units[i]!); i++) out.push(prompt.units[i]!);
  return out;
}

/**
 * True when the two copies sit in paragraphs written for two cases: the paragraphs open with two
 * different conditions ("If some runners fail: … Proceed to Step 4." / "If the isolated run fails:
 * … Proceed to Step 4."), or another sentence of each is one frame filled in for two subjects
 * ("…when a user asks you to analyze their email…" / "…the frequency of calendar events…"): the
 * same words before and after, a different filling in between on both sides. Each copy then
 * belongs to its own case, as a field line belongs to its item. A paragraph pasted again (its
 * other sentences equal, or one with words added) is still compared.
 */
function paragraphsOfTwoCases(a: Placed, b: Placed): boolean {
  const ma = paragraphMates(a);
  if (!ma.length) return false;
  const mb = paragraphMates(b);
  if (!mb.length) return false;
  const first = (p: Placed, mates: Unit[]) => (mates[0]!.index < p.unit.index ? mates[0]! : undefined);
  const fa = first(a, ma);
  const fb = first(b, mb);
  if (fa && fb && CONDITION.test(fa.text) && CONDITION.test(fb.text) && fa.text.trim().toLowerCase() !== fb.text.trim().toLowerCase()) return true;
  const wa = ma.flatMap((u) => sentenceWords(a.source, u));
  const wb = mb.flatMap((u) => sentenceWords(b.source, u));
  return wa.some((x) => wb.some((y) => oneFrameTwoFillings(x, y)));
}

/**
 * The words of a mate and, when it runs over several lines, of each line: a line without closing
 * punctuation joins the sentence after it ("The user's timezone is …" then "If you have …"), and
 * the frame is then found on the line that holds it.
 */
function sentenceWords(source: string, u: Unit): string[][] {
  const whole = wordsOf(u.text);
  const raw = source.slice(u.range.start, u.range.end);
  if (!raw.includes('\n')) return [whole];
  return [whole, ...raw.split(/\r?\n/).map(wordsOf).filter((w) => w.length)];
}

/** Equal words before and after one place, with a different, non-empty filling on each side there: frame words on both sides, at least 3 in all, and at least half of the shorter sentence. */
function oneFrameTwoFillings(x: string[], y: string[]): boolean {
  const frame = commonFrame(x, y);
  if (!frame) return false;
  const { p, s, mx, my } = frame;
  if (!mx.length || !my.length || !p || !s || p + s < 3 || (p + s) * 2 < Math.min(x.length, y.length)) return false;
  // a negation or a modal in the filling flips or qualifies the rule: another statement, not another subject
  return ![...mx, ...my].some((w) => FLIPS.has(w));
}

/** The equal words at the start (p) and the end (s) of two word lists and what differs between them; none when they are equal. */
function commonFrame(x: string[], y: string[]): { p: number; s: number; mx: string[]; my: string[] } | undefined {
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p]) p++;
  if (p === x.length && p === y.length) return undefined;
  let s = 0;
  while (s < x.length - p && s < y.length - p && x[x.length - 1 - s] === y[y.length - 1 - s]) s++;
  return { p, s, mx: x.slice(p, x.length - s), my: y.slice(p, y.length - s) };
}

/** Words that flip, narrow or strengthen a rule: a filling holding one makes another statement. */
const FLIPS = new Set(['not', 'no', 'never', "don't", 'do', 'must', 'should', 'always', 'only', 'avoid', 'except', 'unless', 'without']);

/** A sentence wholly in parentheses: a qualifier of what comes before it. */
const PARENTHESIZED = /^\s*\([^()]+\)\s*$/;

/**
 * True when both units are parentheses that follow another sentence on their own lines, and those
 * sentences differ: each qualifies its own sentence, and dropping one copy would drop a caveat.
 */
function qualifiersOfDifferentSentences(a: Placed, b: Placed): boolean {
  const before = (p: Placed): Unit | undefined => {
    if (!PARENTHESIZED.test(p.source.slice(p.unit.range.start, p.unit.range.end))) return undefined;
    const previous = p.prompt.units[p.unit.index - 1];
    // the sentence it qualifies ends on the same line
    if (!previous || p.source.slice(previous.range.end, p.unit.range.start).includes('\n')) return undefined;
    return previous;
  };
  const pa = before(a);
  const pb = before(b);
  return !!pa && !!pb && pa.text.trim().toLowerCase() !== pb.text.trim().toLowerCase();
}

/** The names of the custom tag blocks (`<reminders>` … `</reminders>`) a unit sits in, outermost first. */
export function tagNames(prompt: Prompt, unit: Unit, source: string): string[] {
  return (scopesOf(prompt, source).tagsOf(unit)).map((t) => t.name);
}

/** True when the text points at its place ("here", "the rules above", "these"), "this skill" and its kind and places named by title ("Stage 1 below") aside. */
function deicticOf(text: string): boolean {
  if (!DEICTIC.test(text)) return false;
  DOCUMENT_DEIXIS.lastIndex = 0;
  NAMED_PLACE.lastIndex = 0;
  return DEICTIC.test(text.replace(DOCUMENT_DEIXIS, ' ').replace(NAMED_PLACE, ' '));
}

/** "Stage 1 below", "Step 4 above", "the `deploy` section below": a place named by its title, the same wherever the sentence stands. */
const NAMED_PLACE = /(?:\b[A-Z][\w-]*\s+(?:\d+[a-z]?|[A-Z])\b|`[^`\n]+`(?:\s+(?:section|step|table|list|example|rule|command))?)\s+(?:above|below)\b/g;

const STEP_NUMBER = /^[ \t]*(\d{1,3})[.)][ \t]/;

/** How many units open a section as its template's fields, and how far below its start a copy may stand. */
const TEMPLATE_HEAD = 3;
const TEMPLATE_BODY = 8;

/** How many units (headings aside) of its section stand before the unit. */
function unitsBefore(prompt: Prompt, unit: Unit): number {
  let n = 0;
  for (let i = unit.index - 1; i >= 0 && prompt.units[i]!.section === unit.section && n < TEMPLATE_BODY; i--) if (prompt.units[i]!.context !== 'heading') n++;
  return n;
}

/** Per section: its field lines' values by label ("input" → "the meeting transcript."), one pass over the prompt, memoized. */
const fieldsBySection = memoized((prompt: Prompt): Map<number, Map<string, string>> => {
  const out = new Map<number, Map<string, string>>();
  let section = -1;
  let seen = 0;
  for (const u of prompt.units) {
    if (u.context === 'heading') continue;
    if (u.section !== section) {
      section = u.section;
      seen = 0;
    }
    // the fields that head a section, as a template per item opens with them
    if (++seen > TEMPLATE_HEAD || (u.context !== 'paragraph' && u.context !== 'list-item')) continue;
    const label = fieldLabel(u.text);
    if (!label) continue;
    let fields = out.get(u.section);
    if (!fields) out.set(u.section, (fields = new Map()));
    if (!fields.has(label)) fields.set(label, u.text.slice(u.text.indexOf(':') + 1).replace(/\s+/g, ' ').trim().toLowerCase());
  }
  return out;
});

/**
 * True when the two sections each open with a field of the same name with different values ("Input: the
 * meeting transcript." / "Input: the list of decisions.", "- Purpose: review a pull request" /
 * "- Purpose: plan a feature"): one set of fields filled in for two items, whatever the titles, so a
 * line both hold near those fields belongs to each item. Sections whose fields are all equal are a
 * block pasted again, and a copy far down a long section is compared.
 */
function fieldsOfTwoItems(prompt: Prompt, a: Unit, b: Unit): boolean {
  // the copies sit in the short template below those fields, not far down a long section
  if (unitsBefore(prompt, a) >= TEMPLATE_BODY || unitsBefore(prompt, b) >= TEMPLATE_BODY) return false;
  const x = a.section;
  const y = b.section;
  const all = fieldsBySection(prompt);
  const fx = all.get(x);
  const fy = fx && all.get(y);
  if (!fx || !fy) return false;
  for (const [label, value] of fx) {
    const other = fy.get(label);
    if (other !== undefined && other !== value) return true;
  }
  return false;
}

/** The number of an ordered-list item as written at its line start ("2." → 2), or -1. */
function stepNumber(source: string, unit: Unit): number {
  if (unit.context !== 'list-item') return -1;
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  const m = STEP_NUMBER.exec(source.slice(lineStart, Math.min(unit.range.end, lineStart + 12)));
  return m ? Number(m[1]) : -1;
}

/** The text of the first step ("1.") of the ordered list in a section, or null; one pass over the prompt, memoized. */
function firstStepOf(prompt: Prompt, source: string, section: number): string | null {
  return firstStepsOf(prompt, source).get(section) ?? null;
}

const firstStepsOf = memoizedWith((prompt: Prompt, source: string): Map<number, string> => {
  const bySection = new Map<number, string>();
  for (const u of prompt.units) {
    if (u.context !== 'list-item' || bySection.has(u.section) || stepNumber(source, u) !== 1) continue;
    bySection.set(u.section, u.text.replace(/\s+/g, ' ').trim().toLowerCase());
  }
  return bySection;
});

/**
 * True when the two units are steps of ordered lists in two differently titled
 * sections whose first steps are the same: two procedures written from one template ("Change impact
 * assessment" and "… including cross-application impact", each opening "1. Identify the object"),
 * each complete on its own. A block pasted again keeps its title, and is still compared.
 */
function sameStepOfParallelProcedures(a: Placed, b: Placed): boolean {
  if (stepNumber(a.source, a.unit) < 1 || stepNumber(b.source, b.unit) < 1) return false;
  const sa = a.prompt.sections[a.unit.section]!;
  const sb = a.prompt.sections[b.unit.section]!;
  if (sa.title.trim().toLowerCase() === sb.title.trim().toLowerCase()) return false;
  const first = firstStepOf(a.prompt, a.source, a.unit.section);
  return first !== null && first === firstStepOf(a.prompt, a.source, b.unit.section);
}

/** A heading that labels an item with its kind: "Namespace: python", "Tool: search", "Endpoint: `GET /users`". */
const LABELLED_TITLE = /^\W*([A-Za-z]+)\s*:\s*(\S.*)$/;
/** Kinds of item a template documents one by one (not categories such as "GOOD:", "Note:", "Step:"). */
const ITEM_KINDS = new Set(
  'namespace tool function command endpoint route api module package class method component hook plugin extension integration agent subagent mode model provider service table field parameter param option flag resource schema event action skill server connector'.split(' '),
);

/**
 * True when the two units sit under headings of one depth that label two different items with the
 * same label ("## Namespace: python" / "## Namespace: python_user_visible"), even under different
 * parents: one template per item, as parallel sections are, so a shared sentence belongs to each.
 */
function differentlyLabelledItems(prompt: Prompt, a: Unit, b: Unit): boolean {
  const labelled = (unit: Unit) => {
    const out = new Map<number, [string, string]>();
    for (let s = unit.section; s >= 0; s = prompt.sections[s]!.parent) {
      const section = prompt.sections[s]!;
      const m = section.depth > 0 ? LABELLED_TITLE.exec(section.title) : null;
      if (m && ITEM_KINDS.has(m[1]!.trim().toLowerCase().replace(/s$/, ''))) out.set(section.depth, [m[1]!.trim().toLowerCase(), m[2]!.trim().toLowerCase()]);
    }
    return out;
  };
  const la = labelled(a);
  if (!la.size) return false;
  for (const [depth, [label, item]] of labelled(b)) {
    const other = la.get(depth);
    if (other && other[0] === label && other[1] !== item) return true;
  }
  return false;
}

/** How many units of a section are read when asking whether two sections are one template (long sections: their first ones). */
const TEMPLATE_UNITS = 60;
/** Words that flip or weigh a statement: neighbours that differ in these differ in meaning, not in their item. */
const NOT_AN_ITEM = new Set(['not', 'no', 'never', 'always', "don't", 'do', 'must', 'should', 'only', 'avoid', 'and', 'or']);
/** Answers of `instancesOfOneTemplate` per prompt, by pair of sections. */
const templatePairs = memoized((_prompt: Prompt) => new Map<number, boolean>());

/**
 * True when two copies sit in sections where another sentence of one equals a sentence of the
 * other but for one to three words in one place, names on both sides ("…from `@acme/functions`" /
 * "…from `@acme/edge-functions`", "under the `before_build` key" / "under the `after_deploy` key"):
 * the two sections are one template filled in for two items (per tool, per function kind, per
 * hook), and the shared sentence belongs to each. Memoized per pair of sections.
 */
function instancesOfOneTemplate(prompt: Prompt, a: Unit, b: Unit): boolean {
  const memo = templatePairs(prompt);
  const key = Math.min(a.section, b.section) * 1_000_003 + Math.max(a.section, b.section);
  let found = memo.get(key);
  if (found === undefined) {
    const wordsIn = (section: number) => {
      const out: string[][] = [];
      for (const o of prompt.units) {
        if (o.section !== section || !o.isInstruction || o.context === 'heading') continue;
        out.push(wordsOf(o.text));
        if (out.length >= TEMPLATE_UNITS) break;
      }
      return out;
    };
    const na = wordsIn(a.section);
    const nb = na.length ? wordsIn(b.section) : [];
    found = na.some((x) => nb.some((y) => differInOneItem(x, y)));
    memo.set(key, found);
  }
  return found;
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}`@/_.-]+|[^\p{L}\p{N}`@/_-]+$/gu, ''))
    .filter(Boolean);
}

/** Equal but for one to three words in one place on each side, names on both sides, with at least four words shared. */
function differInOneItem(x: string[], y: string[]): boolean {
  const frame = commonFrame(x, y);
  if (!frame) return false;
  const { p, s, mx, my } = frame;
  if (!mx.length || !my.length || mx.length > 3 || my.length > 3) return false;
  if (p + s < 4 || (p + s) * 10 < Math.max(x.length, y.length) * 6) return false;
  if ([...mx, ...my].some((w) => NOT_AN_ITEM.has(w)) || mx.some((w) => my.includes(w))) return false;
  // the item is a name: code, an identifier, a path or a number on both sides (a plain reworded phrase is a paraphrase, not another item)
  return mx.some(isItemName) && my.some(isItemName);
}

/** Code, an identifier (snake_case, dotted, a path, a package), or a number. */
function isItemName(word: string): boolean {
  return /`|\d|[a-z0-9][_./@][a-z0-9]|^[@/]/i.test(word);
}

const TURN_HEADING = /^(?:[QA]\s*\(|(?:user|assistant|human|ai|model|system)\s*(?:\(|:|$))/i;
/** Heading paths with a placeholder, or a heading that is a user's turn of a transcript ("# Q(user)", "## User:"; not "## User Interaction"). */
const TEMPLATE_OR_TURN = /<[A-Za-z][^<>\n]*>|\{[A-Za-z_][^{}\n]*\}|(?:^|\u0000)#*\s*(?:Q\s*\(|(?:User|Human)\s*(?:\(|:|\u0000|$))/i;

/**
 * The units' subjects of a prompt: each unit's enclosing headings as written (for templates and
 * transcript turns), its custom tag blocks, and its part between separators that start a new prompt.
 */
const scopesOf = memoizedWith((prompt: Prompt, source: string): UnitSubjects => new UnitSubjects(computeScopes(prompt, source), prompt.units.length));

/** One custom tag block: its name, where it opens, and the first words of its first unit. */
interface TagBlock {
  readonly name: string;
  readonly at: number;
  opens: string;
}

interface Scopes {
  /** Per section: its heading path. */
  readonly sections: string[];
  /** Per unit: the enclosing custom tag blocks (`<projects>` … `</projects>`), outermost first. */
  readonly tags: (readonly TagBlock[])[];
  /** Per unit: its part between `---` separators that open another prompt. */
  readonly parts: number[];
  /** Per unit: the Jinja conditional branches it is in, as `if-offset:branch`, outermost first. */
  readonly branches: (readonly string[])[];
}

/** Each unit's heading path and whether it is a template or a user's turn, memoized: pairs ask often. */
class UnitSubjects {
  private readonly keys: (string | undefined)[] = [];
  /** 0 not yet known, 1 no, 2 yes. */
  private readonly templated: Uint8Array;

  constructor(
    private readonly scopes: Scopes,
    unitCount: number,
  ) {
    this.templated = new Uint8Array(unitCount);
  }

  key(unit: Unit): string {
    return (this.keys[unit.index] ??= this.scopes.sections[unit.section] ?? '');
  }

  part(unit: Unit): number {
    return this.scopes.parts[unit.index] ?? 0;
  }

  tagsOf(unit: Unit): readonly TagBlock[] {
    return this.scopes.tags[unit.index] ?? [];
  }

  /** True when the units sit in different branches of one Jinja conditional: alternatives, never both sent. */
  otherBranch(a: Unit, b: Unit): boolean {
    const ba = this.scopes.branches[a.index] ?? [];
    const bb = this.scopes.branches[b.index] ?? [];
    for (let i = 0; i < Math.min(ba.length, bb.length); i++) {
      if (ba[i] === bb[i]) continue;
      return ba[i]!.split(':')[0] === bb[i]!.split(':')[0];
    }
    return false;
  }

  /**
   * How the tag blocks of two units relate: 'same' (the same blocks, or one inside the other's),
   * 'parallel' (different occurrences of one tag, or sibling blocks that open alike: one template),
   * or 'different' (differently named blocks, read as differently titled sections).
   */
  tagRelation(a: Unit, b: Unit): 'same' | 'parallel' | 'different' {
    const ta = this.scopes.tags[a.index] ?? [];
    const tb = this.scopes.tags[b.index] ?? [];
    const n = Math.min(ta.length, tb.length);
    for (let i = 0; i < n; i++) {
      const x = ta[i]!;
      const y = tb[i]!;
      if (x.at === y.at) continue;
      if (x.name === y.name || (x.opens && x.opens === y.opens)) return 'parallel';
      return 'different';
    }
    return 'same';
  }

  templateOrTurn(unit: Unit): boolean {
    if (!this.templated[unit.index]) this.templated[unit.index] = TEMPLATE_OR_TURN.test(this.key(unit)) ? 2 : 1;
    return this.templated[unit.index] === 2;
  }
}

const TAG_LINE = /^[ \t]*<(\/?)([A-Za-z][\w.:-]*)(?:\s[^<>]*)?>[ \t]*$|^---[ \t]*$|^[ \t]*\{%-?[ \t]*(if|elif|else|endif)\b[^\n]*?-?%\}[ \t]*$/gm;
/** After a `---` line: an identity statement opens another prompt. */
const OPENS_PROMPT = /^\s*(?:you are|you're|act as)\b/i;

function computeScopes(prompt: Prompt, source: string): Scopes {
  const sections: string[] = [];
  for (const section of prompt.sections) {
    let heading = section.headingRange ? source.slice(section.headingRange.start, section.headingRange.end).replace(/\s+/g, ' ').trim() : section.title;
    // each turn of a transcript ("# A(duck.ai)", "## Assistant") is its own scope, whatever its title
    if (TURN_HEADING.test(section.title)) heading += `\u0002${section.index}`;
    sections[section.index] = section.parent >= 0 ? `${sections[section.parent] ?? ''}\u0000${heading}` : heading;
  }
  // One sweep over the prompt's tag lines and `---` separators, in step with its units.
  const tags: (readonly TagBlock[])[] = [];
  const parts: number[] = [];
  let stack: TagBlock[] = [];
  let part = 0;
  const text = source.slice(prompt.range.start, prompt.range.end);
  const marks: { at: number; close: boolean; name: string }[] = [];
  TAG_LINE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG_LINE.exec(text))) marks.push({ at: prompt.range.start + m.index, close: m[1] === '/', name: m[3] ? `%${m[3]}` : (m[2] ?? '---') });
  const branches: (readonly string[])[] = [];
  let branch: string[] = [];
  let k = 0;
  let separatorSeen = false;
  for (const unit of prompt.units) {
    let opened: TagBlock | undefined;
    while (k < marks.length && marks[k]!.at < unit.range.start) {
      const mark = marks[k++]!;
      if (mark.name === '---') separatorSeen = true;
      else if (mark.name === '%if') branch = [...branch, `${mark.at}:0`];
      else if (mark.name === '%elif' || mark.name === '%else') {
        const last = branch[branch.length - 1];
        if (last) branch = [...branch.slice(0, -1), `${last.split(':')[0]}:${Number(last.split(':')[1]) + 1}`];
      } else if (mark.name === '%endif') branch = branch.slice(0, -1);
      else if (!mark.close) {
        stack = [...stack, (opened = { name: mark.name, at: mark.at, opens: '' })];
      } else {
        const open = stack.map((t) => t.name).lastIndexOf(mark.name);
        if (open >= 0) stack = stack.slice(0, open);
      }
    }
    if (separatorSeen) {
      if (OPENS_PROMPT.test(unit.text)) part++;
      separatorSeen = false;
    }
    // a block that opens with a lead-in ("If the project has no backend yet:") shares it with its siblings when they follow one template
    if (opened && !opened.opens && /:\s*$/.test(unit.text)) {
      const words = unit.text.toLowerCase().split(/\s+/).slice(0, 3);
      if (words.length === 3) opened.opens = words.join(' ');
    }
    tags[unit.index] = stack;
    parts[unit.index] = part;
    branches[unit.index] = branch;
  }
  return { sections, tags, parts, branches };
}

