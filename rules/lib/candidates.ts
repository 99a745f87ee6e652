/**
 * Which units duplicate-instruction compares, and what labels a unit: structural units (lead-ins,
 * fields, titles, code-like lines) repeat by design; `labelsOf` finds the nearest such labels and
 * code block above a unit, which tell two copies of one line apart.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { comparisonForm, isComparedUnit } from './comparison-forms.js';
import { memoized, memoizedWith } from './memo.js';
import { LIST_MARKER_SOURCE } from '../../server/src/parse/list-marker.js';

/** Emphasis labels ("IMPORTANT:", "Note:") that open an instruction rather than name a field. */
const EMPHASIS_LABEL = /^\W*(?:important|note|nb|n\.b|critical|crucial|warning|caution|remember|reminder|tip|hint|attention|key|never|always|must|do not|don't|please note|rule)\b/i;
const FIELD = /^([^:`]{1,40}):\s/;
/** Names of fields only, separated by commas, each with an optional parenthesis ("id, role (user/system)"). */
const FIELD_LIST = /^[ \t]*`?[A-Za-z_][\w.]*`?(?:[ \t]*\([^()]*\))?(?:[ \t]*,[ \t]*`?[A-Za-z_][\w.]*`?(?:[ \t]*\([^()]*\))?)+[ \t]*$/;

/** A number (signed or not) followed by at most three words and no sentence punctuation. */
const COUNTER = /^[ \t]*[+\-\u2212]?\d[\d.,%]*[ \t]+[^\s.!?]+(?:[ \t]+[^\s.!?]+){0,2}[ \t]*$/;

/**
 * A unit whose copies usually say things about different subjects, so that a repetition is
 * structure, not waste: a lead-in that introduces what follows ("Follow these rules exactly:"), a
 * field of a definition ("path (required): …", "Description: …" repeated for every tool), a
 * question, a title, an example marker, or text that is more code, markup or data than prose.
 */
export function isStructural(text: string): boolean {
  if (/[:?]\s*$/.test(text) || isTitle(text) || /^\W*(?:example|e\.g\.|for example)\b/i.test(text)) return true;
  // only code (a signature, a command), or markup tags (<path>…</path> templates)
  if (/^[\s\W]*`[^`]+`[\s\W]*$/.test(text) || /<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?>/.test(text)) return true;
  const field = FIELD.exec(text);
  if (field && field[1]!.trim().split(/\s+/).length <= 4 && !EMPHASIS_LABEL.test(field[1]!)) return true;
  // a list of field names ("created_at, updated_at"), as schemas and manifests give one per item
  if (FIELD_LIST.test(text) && /_|[a-z][A-Z]/.test(text)) return true;
  // a count with a caption ("+12 View gallery", "3 comments"): page furniture of scraped text, not an instruction
  if (COUNTER.test(text)) return true;
  // a line of an output template with a blank to fill in ("This book was chosen because ________.")
  if (/_{4,}/.test(text)) return true;
  return looksLikeCode(text) || !isProse(text);
}

/**
 * A field line whose value is an instruction of its own ("- **Type Hints**: Use type hints for all
 * public functions"): structure only by its label. Its word-for-word copy is still compared, unless
 * the two copies are positively per-item (see `sameSubject`: fields of two items, parallel items).
 */
export function isFieldInstruction(text: string): boolean {
  const field = FIELD.exec(text);
  if (!field || field[1]!.trim().split(/\s+/).length > 4 || EMPHASIS_LABEL.test(field[1]!)) return false;
  // a label of words ("**Type Hints**"), not a placeholder of a template line ("#[issue-number]: [Title]")
  if (!/^[*_]*\p{L}[\p{L}\p{N} &/'’-]*[*_]*$/u.test(field[1]!.trim())) return false;
  const value = text.slice(field[0].length).trim();
  if (/[[\]{}<>$]|https?:\/\//.test(value) || /^\W*(?:more info|more information|learn more|details|availability|supported|platforms?)\b/i.test(field[1]!)) return false;
  // a list of short items ("Model-driven apps, canvas apps, portals") names values, it instructs nothing
  if (value.split(/,\s*/).length > 1 && value.replace(/[.\s]+$/, '').split(/,\s*/).every((item) => item.trim().split(/\s+/).length <= 3)) return false;
  // a value that is a noun phrase ("**Output:** a list of findings.") describes the item; an instruction does not open so
  return value.split(/\s+/).length >= 4 && !/^\W*(?:a|an|the|one|each|every|any|some|no|its|their|\d)\b/i.test(value) && !isStructural(value);
}

/** Labels that sort examples or verdicts, or cite where a text comes from, rather than name a field of an item ("✅ GOOD:", "BAD:", "Example:", "Source:", "Last updated:"). */
const CATEGORY_LABEL = /^\W*(?:example|e\.g|for example|good|bad|better|worse|best|correct|incorrect|right|wrong|do|don'?t|avoid|prefer|pros?|cons?|before|after|yes|no|wrong way|right way|source|sources|reference|references|link|links|url|see|see also|docs|documentation|author|date|updated|last updated|version|status)\b/i;

/** The label of a field line ("Input: the transcript", "**Output:** a list" → "input", "output"), or null (an emphasis label such as "Note:" is none). */
export function fieldLabel(text: string): string | null {
  const field = FIELD.exec(text);
  if (!field || field[1]!.trim().split(/\s+/).length > 4 || EMPHASIS_LABEL.test(field[1]!) || CATEGORY_LABEL.test(field[1]!)) return null;
  return field[1]!.replace(/[^\p{L}\p{N} ]/gu, '').trim().toLowerCase() || null;
}

const MINOR_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'as', 'vs']);

/** A title: no closing punctuation and every word but minor ones capitalized ("What You Can't Say"). */
function isTitle(text: string): boolean {
  if (/[.!;,)]["'\u201D\u2019]?\s*$/.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  return words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w));
}

/**
 * The shapes of code in prose. `\b(?=\w+_\w)(?=(\w+))\1\(` is `\b\w+_\w+\(` (a snake_case call)
 * without its quadratic backtracking on a long run of word characters: the look-ahead takes the
 * run whole, once.
 */
const CODE_SHAPES = /(?:^|\s)\/\/\s|=>|\btype \w+ = |\b(?=\w+_\w)(?=(\w+))\1\(|\b[a-z]+[A-Z]\w*\(|\b[A-Za-z_]\w*\(\s*\)|\$[A-Z][A-Z ]*\$|\|.*\|/;
/** A character every branch of `CODE_SHAPES` needs: `//`, `=>` and `= ` need / or =, the calls (, the placeholder $, the table |. */
const CODE_CHARS = /[/=($|]/;

/**
 * Code or data written as prose: comment markers, arrows, type declarations, calls, `$PLACEHOLDER$`
 * templates, table-like pipes, unbalanced double quotes (a fragment of a quoted string).
 */
export function looksLikeCode(text: string): boolean {
  // every branch of `CODE_SHAPES` needs one of `CODE_CHARS`: most texts hold none, and a scan for a
  // character class is far cheaper than trying eight branches at every position (2.4× on the
  // corpus's instruction units, the same answer for every one of them)
  if (CODE_CHARS.test(text) && CODE_SHAPES.test(text)) return true;
  // no double quote at all: none is left unbalanced
  if (!text.includes('"')) return false;
  const prose = text.replace(/`[^`]*`/g, '');
  return (prose.match(/"/g)?.length ?? 0) % 2 === 1;
}

/** Mostly letters and spaces (inline code counted as one letter), no braces or assignments. */
function isProse(text: string): boolean {
  let prose = 0;
  let total = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      if (!inCode) {
        prose++;
        total++;
      }
      inCode = !inCode;
      continue;
    }
    if (inCode) continue;
    total++;
    if (c === 123 || c === 125) return false; // { }
    if (c === 32 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c > 127 && /\p{L}|\s/u.test(text[i]!))) prose++;
    else if (c === 61 && /=\s*["'\d]/.test(text.slice(i, i + 3))) return false;
  }
  return total > 0 && prose / total >= 0.8;
}

/** An instruction unit of a compared context with at least `minWords` words (cheap: structure is asked later, of units with a twin). */
export function isCandidate(prompt: Prompt, unit: Unit, minWords: number): boolean {
  return isComparedUnit(unit) && comparisonForm(prompt, unit).words >= minWords;
}

/** `isStructural(unit.text)`, memoized: asked only of units that have a twin. */
export const isStructuralUnit = memoized((unit: Unit): boolean => isStructural(unit.text));

/** `isFieldInstruction(unit.text)`, memoized. */
export const isFieldInstructionUnit = memoized((unit: Unit): boolean => isFieldInstruction(unit.text));


/** One link and nothing else on its line(s) ("[Timer](https://…)", "- [`struct List`](…)"): an entry of an index or a "See also" list. */
const LONE_LINK = /^[ \t]*(?:[-*+][ \t]+)?\[[^\]]*\]\((?:[^()\s]|\([^()\s]*\))*\)[ \t]*$/;
/** A file path alone on its line ("components/nav-bar.tsx"): the caption of the code block below it. */
const PATH_CAPTION = /^[ \t]*[`*]*[\w.@~-]+(?:\/[\w.@-]+)+\.\w+[`*]*:?[ \t]*$/;

/**
 * Reference text laid out as an index rather than instructions: a lone link, the one or two
 * paragraphs (a description, a note) that follow a lone link among other linked entries (an API
 * page's "Topics" and "See also" lists), or a file path captioning the code block after it. Their copies are the index of
 * another page, or the caption of other code, not a rule said twice.
 */
export function isReferenceEntry(prompt: Prompt, unit: Unit, source: string): boolean {
  // unit text drops link targets: the source says whether a line is a link
  const lone = (u: Unit) => LONE_LINK.test(source.slice(u.range.start, u.range.end));
  if (lone(unit)) return true;
  const next = prompt.units[unit.index + 1];
  if (PATH_CAPTION.test(unit.text)) return next?.context === 'code';
  if (unit.context !== 'paragraph') return false;
  // the entry's link one or two paragraphs before (a description, then a note such as "Required")
  const paragraphOfSection = (u: Unit | undefined) => u !== undefined && u.section === unit.section && u.context === 'paragraph';
  const head = [1, 2].map((k) => prompt.units[unit.index - k]).findIndex((u, k, all) => paragraphOfSection(u) && lone(u!) && all.slice(0, k).every((v) => paragraphOfSection(v) && !lone(v!)));
  if (head === -1) return false;
  // one entry of an index: at least two more lone links among the few paragraphs before the entry
  // and after it (two links around a sentence are a link, a rule and a link, not an index)
  const entry = unit.index - head - 1;
  // (an entry is a link, a description and maybe a note: two entries back is up to six units)
  const around = [-8, -7, -6, -5, -4, -3, -2, 1, 2, 3, 4, 5].map((k) => prompt.units[(k < 0 ? entry : unit.index) + k]);
  return around.filter((u) => paragraphOfSection(u) && lone(u!)).length >= INDEX_ENTRIES - 1;
}

/** Fewest linked entries that make an index. */
const INDEX_ENTRIES = 3;

/** How far back (in units of the same section) a unit's label may be. */
const LABEL_WINDOW = 25;
/** How far back (in units, across sections) a unit's code block may be. */
const BLOCK_WINDOW = 60;

/**
 * The unit's labels: the two nearest code blocks, HTML, fields, lead-ins, titles or code-like lines
 * among the units just before it in its section ("type read_file = (_: {", "Description: Edits a
 * file…", "**Missing region code**" then "Condition:"), and the nearest code block before it (an
 * API page's declaration). Null where there is none, as in plain prose.
 */
export function labelsOf(prompt: Prompt, unit: Unit, source?: string): { label: string | null; block: string | null } {
  return labelsMemo(unit, prompt, source);
}

const labelsMemo = memoizedWith((unit: Unit, prompt: Prompt, source?: string): { label: string | null; block: string | null } => {
  const near: string[] = [];
  let block: string | null = null;
  // Inside one list, only the items a list item hangs from may label it: a sibling that ends
  // with a colon, holds braces or looks like a field is another item, not a boundary.
  let inList = unit.context === 'list-item' && source !== undefined;
  let threshold = inList ? indentAt(source!, unit.range.start) : 0;
  for (let i = unit.index - 1; i >= 0 && i >= unit.index - BLOCK_WINDOW && (near.length < 2 || block === null); i--) {
    const other = prompt.units[i]!;
    if (inList && other.context === 'list-item' && other.section === unit.section) {
      const indent = indentAt(source!, other.range.start);
      if (indent >= threshold) continue;
      // an item this one hangs from labels it, whatever its text ("**City without a region**")
      threshold = indent;
      if (near.length < 2 && i >= unit.index - LABEL_WINDOW) near.push(other.text);
      continue;
    } else if (inList && other.context !== 'code') inList = false;
    if (block === null && other.context === 'code') block = other.text;
    if (near.length < 2 && other.section === unit.section && i >= unit.index - LABEL_WINDOW) {
      if (other.context === 'code' || other.context === 'html' || (other.isInstruction && isStructuralUnit(other))) near.push(other.text);
    }
  }
  return { label: near.length ? near.join('\u0000') : null, block };
});

/** Columns before `offset` on its line (a tab counts 4). */
function indentAt(text: string, offset: number): number {
  let k = offset;
  while (k > 0 && text.charCodeAt(k - 1) !== 10 && text.charCodeAt(k - 1) !== 13) k--;
  let col = 0;
  for (let i = k; i < offset; i++) col += text.charCodeAt(i) === 9 ? 4 : 1;
  return col;
}


/**
 * A lead (a heading title or the line that opens a list) saying that its items describe what
 * something is or can do, or when to use it, rather than instruct: "## Capabilities", "I can help
 * you with:", "Core competencies", "## When to use", "Use this skill when:", "Key features".
 */
const DESCRIPTIVE_LEAD =
  /\b(?:capabilit(?:y|ies)|expertise|competenc(?:y|ies)|specialt(?:y|ies)|specialities|speciali[sz](?:e|es|ing|ations?)\s+in|areas?\s+of\s+(?:expertise|focus|speciali[sz]ation|knowledge)|focus\s+areas?|(?:key\s+|core\s+)?features|(?:i|we|it|this\s+\w+)\s+(?:can|will)\s+(?:help|assist)(?:\s+you)?\s+with|what\s+(?:i|it|this\s+\w+)\s+(?:can\s+do|does|offers?|provides?|covers?)|when\s+to\s+(?:use|invoke|call|activate|apply|trigger)|use\s+(?:this|me|it)(?:\s+\w+)?\s+(?:when|for)|use\s+cases?|(?:i|this\s+\w+)\s+(?:am|is)\s+(?:expert|proficient|skilled|experienced)\s+in|knowledge\s+(?:of|in)|(?:deep\s+)?knowledge\s+areas?)\b/i;
/** A lead naming files or paths: its items that start with a path or code name the files, one line each. */
const FILE_LEAD = /\b(?:files?|director(?:y|ies)|folders?|paths?|(?:project|repository|repo|directory|folder)\s+(?:structure|layout)|key\s+locations?)\b/i;
/** An item that opens with a path or a code span ("`src/app.ts` — entry point", "docs/guide.md: how to …"). */
const PATH_ITEM = new RegExp(String.raw`^[ \t]*${LIST_MARKER_SOURCE}?` + /[ \t]*(?:`[^`\n]+`|\*\*`?[\w.@~/-]+`?\*\*|[\w.@~-]+(?:\/[\w.@-]+)+\/?)/.source);
/** Words that make an item a directive whatever list holds it (a modal, a negation, or the model addressed as "you"). */
const DIRECTIVE_WORD = /\b(?:must|never|always|should|shall|do not|don't|avoid|ensure|make sure|only|required?|prefer|instead|you|your|you're|you'll)\b/i;
/** How many heading levels up a descriptive title still names the list ("## Capabilities" › "### Tooling"). */
const TITLE_LEVELS = 3;

/**
 * A list item that describes rather than instructs: an item of a capability list, a "When to use"
 * list or a list of features (by its lead-in line or, when the list opens its section, by the titles
 * above it), or an item naming a file under a lead that names files. Such lists are the prompt's
 * description of itself (or of a codebase); an entry listed twice is not a rule said twice. An item
 * that holds a directive word ("must", "never", "always", "avoid") is still an instruction.
 */
export function isDescriptiveListItem(prompt: Prompt, unit: Unit, source: string): boolean {
  if (unit.context !== 'list-item' || DIRECTIVE_WORD.test(unit.text)) return false;
  // the list's lead-in: the unit just before its first item, when in the same section
  let i = unit.index - 1;
  while (i >= 0 && prompt.units[i]!.context === 'list-item' && prompt.units[i]!.section === unit.section) i--;
  const before = prompt.units[i];
  const leadIn = before && before.section === unit.section && before.context === 'paragraph' && /:\s*$/.test(before.text) ? before.text : null;
  const leads: string[] = [];
  if (leadIn !== null) leads.push(leadIn);
  else if (!before || before.section !== unit.section || before.context === 'heading') {
    for (let s = unit.section, k = 0; s >= 0 && k < TITLE_LEVELS; s = prompt.sections[s]!.parent, k++) if (prompt.sections[s]!.title) leads.push(prompt.sections[s]!.title);
  }
  if (leads.some((l) => DESCRIPTIVE_LEAD.test(l))) return true;
  return leads.length > 0 && FILE_LEAD.test(leads[0]!) && PATH_ITEM.test(source.slice(unit.range.start, unit.range.end));
}
