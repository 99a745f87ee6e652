/**
 * Parallel items below the heading level (issue 14): a line repeated on purpose once per item of a
 * parallel structure whose items are not (alike-titled) headings: bold-labelled paragraphs, a
 * paragraph under or closing a block opened by a short label line ("**Main menu**", its options,
 * then "Stop here and wait …"), sub-lists under sibling items of one list, lists under alike
 * lead-ins ("If the request is small:" / "If the request is large:"), or sibling sections whose
 * titles name two items that share their head noun ("Adding a new plugin" / "Updating an existing
 * plugin"; not a section-kind word such as "instructions"). Each copy belongs to its own item's
 * description, so the pair is not a repetition to delete.
 *
 * `parallelItemCopies(prompt, source, a, b)` is true when the two units sit in two different items
 * of one such structure, named alike (labels of one shape that differ in the item they name, or that
 * both name code, a path or an identifier), neither copy is the item's own label, neither copy names
 * the other item, and the copies are not part of a pasted block (the unit before or after them is
 * repeated too). A rule restated in a general section has no such parallel sibling, and is still
 * compared.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { memoized, memoizedWith } from './memo.js';
import { LIST_MARKER_SOURCE } from '../../server/src/parse/list-marker.js';

/** Per unit: the unit that opens its paragraph or list item (itself when it opens one). */
interface ItemShape {
  readonly head: Int32Array;
  /** Per unit: the column of its line's first character (list items: the marker's column). */
  readonly indent: Int32Array;
}

const BLANK_LINE = /\n[ \t]*\r?\n/;

const shapeOf = memoizedWith((prompt: Prompt, source: string): ItemShape => {
  const n = prompt.units.length;
  const head = new Int32Array(n);
  const indent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = prompt.units[i]!;
    indent[i] = indentOf(source, u.range.start);
    head[i] = i;
    if (i === 0) continue;
    const prev = prompt.units[i - 1]!;
    // a list item is one unit from its marker on; the sentences of one paragraph are units of one item
    if (u.context !== 'paragraph' || prev.context !== 'paragraph' || prev.section !== u.section) continue;
    if (!BLANK_LINE.test(source.slice(prev.range.end, u.range.start))) head[i] = head[i - 1]!;
  }
  return { head, indent };
});

/** Columns of leading whitespace on the line holding `offset` (a tab counts 4). */
export function indentOf(source: string, offset: number): number {
  let k = source.lastIndexOf('\n', offset - 1) + 1;
  let col = 0;
  for (; k < offset; k++) {
    const c = source.charCodeAt(k);
    if (c === 32) col++;
    else if (c === 9) col += 4;
    else break;
  }
  return col;
}

/** A bold or code label opening a text ("**Billing module**", "`scripts/build.sh`:"), or the text before a colon. */
const OPENING_LABEL = new RegExp(String.raw`^[ \t]*${LIST_MARKER_SOURCE}?` + /[ \t]*(?:\*\*([^*\n]{1,80})\*\*|__([^_\n]{1,80})__|(`[^`\n]{1,80}`)[ \t]*[:\u2014\u2013-]|([^:\n.!?]{1,60}):[ \t])/.source);

/** The label an item's opening unit gives it, or null. */
function openingLabel(source: string, unit: Unit): string | null {
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  const m = OPENING_LABEL.exec(source.slice(lineStart, Math.min(unit.range.end, lineStart + 200)));
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4])! : null;
}

/** Words of a label, markup and closing colons dropped. */
function labelWords(label: string): string[] {
  return label
    .toLowerCase()
    .replace(/[*_:]+$/g, '')
    .split(/\s+/)
    .map((w) => w.replace(/^[*_("'[]+|[*_)"',.\]]+$/g, ''))
    .filter(Boolean);
}

/** Code, an identifier (snake_case, dotted, a path, a package) or a number. */
const NAME = /`|\d|[a-z0-9][_./@-][a-z0-9]|^[@/]/i;
const NOT_AN_ITEM = new Set(['not', 'no', 'never', 'always', "don't", 'do', 'must', 'should', 'only', 'avoid']);

/**
 * Two labels of one shape that name two different items: equal but for one to three words in one
 * place, with at least one word shared ("Billing module" / "Shipping module", "If the task is
 * simple" / "If the task is complex"), or both naming code, a path or an identifier.
 */
export function parallelLabels(x: string, y: string): boolean {
  return itemNames(x, y) !== null;
}

/**
 * The words that tell two alike labels apart (the item each names), or null when the labels are not
 * of one shape (see `parallelLabels`).
 */
function itemNames(x: string, y: string, sharedHead = false): [string[], string[]] | null {
  // numbering is no shared shape: "Section 4: Resources" and "Section 6: Dependencies" are two topics
  const wx = labelWords(bareTitle(x));
  const wy = labelWords(bareTitle(y));
  if (!wx.length || !wy.length || wx.join(' ') === wy.join(' ')) return null;
  if (wx.some((w) => NAME.test(w)) && wy.some((w) => NAME.test(w)) && wx.length <= 6 && wy.length <= 6) return [wx.filter((w) => !wy.includes(w)), wy.filter((w) => !wx.includes(w))];
  let p = 0;
  while (p < wx.length && p < wy.length && wx[p] === wy[p]) p++;
  let s = 0;
  while (s < wx.length - p && s < wy.length - p && wx[wx.length - 1 - s] === wy[wy.length - 1 - s]) s++;
  const mx = wx.slice(p, wx.length - s);
  const my = wy.slice(p, wy.length - s);
  if (sharedHead && !wx.slice(wx.length - s).some((w) => !SECTION_KINDS.has(w))) return null;
  if (p + s < 1 || (sharedHead && s < 1) || !mx.length || !my.length || mx.length > 3 || my.length > 3) return null;
  return [...mx, ...my].some((w) => NOT_AN_ITEM.has(w)) ? null : [mx, my];
}

/**
 * True when a copy names the other item ("Mid-conversation messages …" under "Prompt caching" when
 * a sibling is "Mid-conversation messages"): it is about that item, not its own, so a restatement.
 */
function namesTheOtherItem(a: Unit, b: Unit, names: [string[], string[]]): boolean {
  const has = (text: string, words: string[]) => {
    const lower = text.toLowerCase();
    return words.some((w) => w.length >= 4 && lower.includes(w));
  };
  return has(a.text, names[1]) || has(b.text, names[0]);
}

/**
 * Words that name a kind of section rather than a kind of item: "Citation instructions" and "PR
 * creation instructions" are two topics of one prompt, not two items of one template.
 */
const SECTION_KINDS = new Set(
  'instructions instruction guidelines guideline rules rule notes note guide guidance overview tips requirements requirement reference summary policy policies conventions standards practices principles context details information info section sections behavior behaviour style format formatting usage workflow process steps checklist constraints considerations'.split(' '),
);

/** What names a unit's item at each level, innermost first: the unit that holds the label, and the label. */
interface Owner {
  readonly at: number;
  readonly label: string;
  /** 'item': the unit's own paragraph or list item; 'parent': the list item it hangs from; 'lead-in': the line before its list. */
  readonly kind: 'item' | 'parent' | 'lead-in' | 'label-line';
}

function ownersOf(prompt: Prompt, source: string, unit: Unit): Owner[] {
  const { head, indent } = shapeOf(prompt, source);
  const out: Owner[] = [];
  const h = head[unit.index]!;
  if (h !== unit.index) {
    const label = openingLabel(source, prompt.units[h]!);
    out.push({ at: h, label: label ?? prompt.units[h]!.text, kind: 'item' });
  }
  const first = prompt.units[h]!;
  // a paragraph right under a short label line of its own ("`StrictConcurrency`", "**Billing module**")
  // or closing a block opened by one ("**Main menu**", its numbered options, then "HALT …")
  if (first.context === 'paragraph') {
    let k = h - 1;
    while (k >= 0 && h - k <= 12 && prompt.units[k]!.context === 'list-item' && prompt.units[k]!.section === first.section) k--;
    const before = prompt.units[k];
    if (before && before.section === first.section && isLabelLine(source, before)) out.push({ at: k, label: before.text, kind: 'label-line' });
  }
  if (first.context !== 'list-item') return out;
  // the list item it hangs from, then the lead-in of the outermost list
  let threshold = indent[h]!;
  for (let i = h - 1; i >= 0 && i >= h - 40; i--) {
    const o = prompt.units[i]!;
    if (o.section !== first.section) break;
    if (o.context === 'list-item') {
      if (head[i] !== i || indent[i]! >= threshold) continue;
      threshold = indent[i]!;
      out.push({ at: i, label: openingLabel(source, o) ?? o.text, kind: 'parent' });
      continue;
    }
    if (o.context === 'paragraph' && /:\s*$/.test(o.text)) out.push({ at: i, label: o.text, kind: 'lead-in' });
    break;
  }
  return out;
}

/** A line that only names an item: short, no sentence of its own (no closing period), a code span, link or bold text in it. */
function isLabelLine(source: string, unit: Unit): boolean {
  if (unit.context !== 'paragraph' || unit.text.split(/\s+/).length > 8 || /[.!?]\s*$/.test(unit.text)) return false;
  const raw = source.slice(unit.range.start, unit.range.end);
  if (/\n/.test(raw.trim())) return false;
  return /`[^`]+`|\]\[|\]\(|^\s*\*\*[^*]+\*\*:?\s*$|^\s*__[^_]+__:?\s*$/.test(raw);
}

/** A section title with its numbering dropped ("3. Service Layer" → "Service Layer", "Step 2: Build" → "Build"). */
function bareTitle(title: string): string {
  return title.replace(/^\W*(?:(?:step|phase|part|stage|section|chapter|item|rule)\s+)?\d+(?:\.\d+)*[.):]?\s*[-:\u2013\u2014]?\s*/i, '').trim();
}

/**
 * True when the two units sit in two sibling sections (one parent, one depth) whose titles name two
 * items alike ("3. Service Layer Implementation" / "5. Data Access Implementation").
 */
function parallelSections(prompt: Prompt, a: Unit, b: Unit): boolean {
  const sa = prompt.sections[a.section]!;
  const sb = prompt.sections[b.section]!;
  if (sa.index === sb.index || sa.depth === 0 || sa.depth !== sb.depth || sa.parent !== sb.parent) return false;
  // two items share their head noun ("Service layer implementation" / "Data access implementation");
  // titles that share only their opening ("Migration overview" / "Migration steps", "When writing the
  // summary" / "When writing the appendix") are parts or situations of one topic, still compared
  const names = itemNames(bareTitle(sa.title), bareTitle(sb.title), true) ?? labelledCodeTitles(sa.title, sb.title);
  return names !== null && !namesTheOtherItem(a, b, names);
}

/** A title that opens with a label, maybe numbered, then code: "File 4: `docs/setup.md` — …", "Hook: `pre_build`". */
const LABELLED_CODE_TITLE = /^\W*([A-Za-z][A-Za-z ]{0,30}?)\s*(?:#?\d+(?:\.\d+)*)?\s*[:\u2014\u2013-]\s*`([^`\n]+)`/;

/**
 * The code two titles name when they open with one label before different code ("File 4:
 * `docs/setup.md`" / "File 7: `docs/deploy.md` — Deploy notes"): one section per file, hook or
 * command, written from one template. Null otherwise.
 */
function labelledCodeTitles(x: string, y: string): [string[], string[]] | null {
  const mx = LABELLED_CODE_TITLE.exec(x);
  const my = LABELLED_CODE_TITLE.exec(y);
  if (!mx || !my || mx[1]!.trim().toLowerCase() !== my[1]!.trim().toLowerCase() || mx[2] === my[2]) return null;
  const words = (code: string) => code.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4);
  const [wx, wy] = [words(mx[2]!), words(my[2]!)];
  return [wx.filter((w) => !wy.includes(w)), wy.filter((w) => !wx.includes(w))];
}

/** True when the units before `a` and `b` are copies of each other too (inside their items): a block pasted again. */
function pastedBlock(prompt: Prompt, a: Unit, b: Unit, owners: Set<number>): boolean {
  const pa = prompt.units[a.index - 1];
  const pb = prompt.units[b.index - 1];
  const same = (x: Unit | undefined, y: Unit | undefined) => !!x && !!y && !owners.has(x.index) && !owners.has(y.index) && x.text.trim().toLowerCase() === y.text.trim().toLowerCase() && x.text.trim().split(/\s+/).length >= 3;
  const na = prompt.units[a.index + 1];
  const nb = prompt.units[b.index + 1];
  return same(pa, pb) || same(na, nb);
}

/**
 * True when `a` and `b` sit in two different, alike-named items of one parallel structure below the
 * heading level (see the module comment), and so each belongs to its own item.
 */
export function parallelItemCopies(prompt: Prompt, source: string, a: Unit, b: Unit): boolean {
  if (parallelSections(prompt, a, b)) return !pastedBlock(prompt, a, b, new Set());
  const oa = ownersOf(prompt, source, a);
  if (!oa.length) return false;
  const ob = ownersOf(prompt, source, b);
  if (!ob.length) return false;
  for (const x of oa) {
    for (const y of ob) {
      if (x.kind !== y.kind || x.at === y.at) continue;
      const ux = prompt.units[x.at]!;
      const uy = prompt.units[y.at]!;
      if (ux.context !== uy.context) continue;
      // sub-lists under sibling items of one list are the items' own descriptions; elsewhere the labels must be alike
      const siblings = x.kind === 'parent' && ux.section === uy.section && sameList(prompt, source, x.at, y.at);
      const names = itemNames(x.label, y.label) ?? (x.kind === 'item' ? namedItemsOfOneSection(prompt, source, x.at, y.at) : null);
      if (!siblings && names === null) continue;
      if (names && namesTheOtherItem(a, b, names)) continue;
      if (siblings && labelWords(x.label).join(' ') === labelWords(y.label).join(' ')) continue;
      if (pastedBlock(prompt, a, b, new Set([...oa, ...ob].map((o) => o.at)))) return false;
      return true;
    }
  }
  return false;
}

/** An item opened by a short name in bold or code ("**build** compiles …", "`check` runs …"): the name, or null. */
/** Whitespace (newlines too) and at most one list marker: nothing between two units but an item's start. */
const MARKER_BETWEEN = new RegExp(String.raw`^\s*(?:${LIST_MARKER_SOURCE}\s+)?$`);
const NAMED_ITEM = new RegExp(String.raw`^[ \t]*(?:${LIST_MARKER_SOURCE}[ \t]+)?` + /(?:\*\*([^*\n]{1,40})\*\*|__([^_\n]{1,40})__|`([^`\n]{1,40})`)/.source);
/** Fewest items of one section opened by a name in bold or code for them to be items of one template. */
const NAMED_ITEMS = 3;

function itemName(source: string, unit: Unit): string | null {
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  const m = NAMED_ITEM.exec(source.slice(lineStart, unit.range.start + 50));
  if (!m) return null;
  const name = (m[1] ?? m[2] ?? m[3])!.trim();
  return name.split(/\s+/).length <= 3 ? name.toLowerCase() : null;
}

/**
 * The names of two items (paragraphs or list items, by their opening units `i` and `j`) of one
 * section that each open with a different short name in bold or code ("**build** compiles …" /
 * "**check** runs …"), when the section holds at least NAMED_ITEMS such items: one entry per
 * command, tool or module, written from one template, whatever the names' words. Null otherwise.
 */
function namedItemsOfOneSection(prompt: Prompt, source: string, i: number, j: number): [string[], string[]] | null {
  const ui = prompt.units[i]!;
  const uj = prompt.units[j]!;
  if (ui.section !== uj.section) return null;
  const ni = itemName(source, ui);
  const nj = ni === null ? null : itemName(source, uj);
  if (ni === null || nj === null || ni === nj) return null;
  return (namedItemCounts(prompt, source).get(ui.section) ?? 0) >= NAMED_ITEMS ? [labelWords(ni), labelWords(nj)] : null;
}

/** Per prompt: how many items of each section open with a short name in bold or code (asked only of pairs under two such names). */
const namedItemCounts = memoizedWith((prompt: Prompt, source: string): Map<number, number> => {
  const { head } = shapeOf(prompt, source);
  const out = new Map<number, number>();
  for (const u of prompt.units) if (head[u.index] === u.index && u.context !== 'heading' && itemName(source, u) !== null) out.set(u.section, (out.get(u.section) ?? 0) + 1);
  return out;
});

/** True when list items `i` < `j` (or `j` < `i`) belong to one list: only list items at their indent or deeper lie between. */
function sameList(prompt: Prompt, source: string, i: number, j: number): boolean {
  const { indent } = shapeOf(prompt, source);
  const [lo, hi] = i < j ? [i, j] : [j, i];
  if (indent[lo] !== indent[hi]) return false;
  for (let k = lo + 1; k < hi; k++) {
    const u = prompt.units[k]!;
    if (u.context !== 'list-item' || indent[k]! < indent[lo]!) return false;
  }
  return true;
}

//------------------------------------------------------------------------------
// Steps of two procedures, lines of a series
//------------------------------------------------------------------------------

/** An ordered-list marker at its line's start ("3. ", "12) "). */
const ORDERED_ITEM = /^[ \t]*\d{1,3}[.)][ \t]/;
/**
 * A lead-in or title that names a procedure: steps, a process, a workflow, a task or to-do list, a
 * runbook, "How to …", or a title opening with a verb in -ing ("Updating the data", "3. Releasing").
 */
const PROCEDURE_LEAD = /\b(?:steps?|process|procedure|workflow|tasks?|to-?dos?|checklist|runbook|playbook|how to)\b|^\W*(?:\d+(?:\.\d+)*[.)]?\s+)?[A-Za-z]+ing\b/i;
/** Words that make a step a rule as well ("never", "always", "must", "only"): such a step stated twice is compared. */
const RULE_WORD = /\b(?:not|no|never|always|must|should|shall|only|avoid|don't|do not|unless|except)\b/i;

/** The ordered list holding a unit: its top-level steps (units) and the lead naming it (lead-in line, else the section title). */
interface OrderedList {
  readonly steps: Unit[];
  readonly lead: string;
}

function orderedListOf(prompt: Prompt, source: string, unit: Unit): OrderedList | null {
  const { indent } = shapeOf(prompt, source);
  const isStep = (u: Unit | undefined) => u !== undefined && u.context === 'list-item' && u.section === unit.section && indent[u.index] === indent[unit.index] && ORDERED_ITEM.test(lineOf(source, u));
  if (!isStep(unit)) return null;
  // the list runs over items at its indent or deeper (nested items and continuation units) in one section
  const inList = (u: Unit | undefined) => u !== undefined && u.section === unit.section && u.context === 'list-item' && indent[u.index]! >= indent[unit.index]!;
  let first = unit.index;
  while (inList(prompt.units[first - 1])) first--;
  let last = unit.index;
  while (inList(prompt.units[last + 1])) last++;
  const steps: Unit[] = [];
  for (let i = first; i <= last; i++) if (isStep(prompt.units[i])) steps.push(prompt.units[i]!);
  const before = prompt.units[first - 1];
  const lead = before && before.section === unit.section && before.context === 'paragraph' && /:\s*$/.test(before.text) ? before.text : prompt.sections[unit.section]!.title;
  return { steps, lead };
}

/** The text of the line a unit starts on. */
function lineOf(source: string, unit: Unit): string {
  const start = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  const end = source.indexOf('\n', unit.range.start);
  return source.slice(start, end === -1 ? source.length : end);
}

/** Lower-case words of a step, plural -s folded ("Add tests for new years" / "Add tests for new year"). */
function stepWords(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, ' ').split(/\s+/).filter(Boolean).map((w) => w.replace(/(?<=\w\w)s$/, '')).join(' ');
}

/**
 * True when `a` and `b` are steps of two different procedures: ordered lists of at least three steps
 * in two sections, each named as a procedure by its lead-in or title ("**Tasks**:", "Release
 * process", "### Updating the data"), that share fewer than half of the shorter list's steps. Each
 * procedure is complete on its own, so a step both need ("Run the test suite") belongs to each. A
 * procedure pasted again shares most of its steps, and a step that is also a rule ("Never …",
 * "Always …", "Only …") is still compared.
 */
export function stepsOfTwoProcedures(prompt: Prompt, source: string, a: Unit, b: Unit): boolean {
  if (a.section === b.section || RULE_WORD.test(a.text) || RULE_WORD.test(b.text)) return false;
  const la = orderedListOf(prompt, source, a);
  if (!la) return false;
  const lb = orderedListOf(prompt, source, b);
  if (!lb || la.steps.length < 3 || lb.steps.length < 3 || !PROCEDURE_LEAD.test(la.lead) || !PROCEDURE_LEAD.test(lb.lead)) return false;
  const [shorter, longer] = la.steps.length <= lb.steps.length ? [la, lb] : [lb, la];
  const others = new Set(longer.steps.map((u) => stepWords(u.text)));
  const shared = shorter.steps.filter((u) => others.has(stepWords(u.text))).length;
  return shared * 2 < shorter.steps.length;
}

/** Fewest sibling sections that must carry a line for it to be a line of their series. */
const SERIES_MEMBERS = 3;

/** What the titles of one series share: a numbered kind ("Phase 1: …", "Step 2", "3. …") or their first word. */
function seriesShape(title: string): string {
  const numbered = /^\W*(?:([A-Za-z]+)\s+)?\d+(?:\.\d+)*\b/.exec(title);
  if (numbered) return `#${(numbered[1] ?? '').toLowerCase()}`;
  return (/\p{L}[\p{L}\p{N}_-]*/u.exec(title)?.[0] ?? '').toLowerCase();
}

/**
 * The shapes a title gives its section as one item of a series of one depth, anywhere in the prompt:
 * its series shape (`seriesShape`), its head noun when the title names an item of a kind ("Google
 * Calendar module" / "Web module", "Agent Files (*.agent.md)" / "Workflow Files (workflows/*.md)": the
 * last word once a parenthesis is left out; not a word that names a kind of section, such as
 * "guidelines" or "rules", nor a title of one word), and `@name` when the title is nothing but one
 * name (`event`, `data-set`, `` `read_file` ``, `get_weather`): a section per element, tool or command.
 */
function itemShapes(title: string): string[] {
  const out: string[] = [];
  const series = seriesShape(title);
  if (series) out.push(series);
  const bare = bareTitle(title).replace(/\s*\([^)]*\)\s*$/, '').trim();
  const words = labelWords(bare);
  const last = words[words.length - 1];
  if (words.length >= 2 && last && /^\p{L}{3,}$/u.test(last) && !SECTION_KINDS.has(last)) out.push(`~${last}`);
  if (/^`?[a-z][a-z0-9]*(?:[-_./][a-z0-9]+)*`?$/.test(bare) || /^`[^`\s]+`$/.test(bare)) out.push('@name');
  return out;
}

/** Per prompt: each section's `itemShapes` (asked for every pair of units the rule compares across sections). */
const sectionItemShapes = memoized((prompt: Prompt): readonly (readonly string[])[] => prompt.sections.map((s) => itemShapes(s.title)));

/**
 * True when `a` and `b` sit in two sections of one series and the same line, by `keyOf`, stands in
 * at least three sections of that series: a line its template carries in every item ("Work silently
 * until the phase is complete.", "Permissions live in `integration.ts`." under each "X module"), not
 * a rule said twice. A series is either sibling sections (one parent, one depth) whose titles open
 * alike ("Phase 1: Setup" / "Phase 2: Planning"), or sections of one depth anywhere in the prompt
 * whose titles name items of one kind (`itemShapes`: one head noun, or each a bare name). The titles
 * of the members must all differ (a group of sections pasted again keeps its titles, and is
 * compared). A line found in only two sections, or in sections of different shapes, is compared.
 */
export function lineOfASeries(prompt: Prompt, a: Unit, b: Unit, sectionsWithKey: (unit: Unit) => readonly number[]): boolean {
  const sa = prompt.sections[a.section]!;
  const sb = prompt.sections[b.section]!;
  if (sa.index === sb.index || sa.depth === 0 || sa.depth !== sb.depth) return false;
  const shapes = sectionItemShapes(prompt);
  const shapesA = shapes[sa.index]!;
  const shapesB = new Set(shapes[sb.index]!);
  for (const shape of shapesA) {
    if (!shapesB.has(shape)) continue;
    // a title's opening word makes a series only among siblings; a numbering ("Checkpoint 2", "6. Add
    // task"), a head noun or a bare name anywhere at one depth (a checkpoint under each step, a tool
    // entry under each group of tools)
    const anywhere = shape.startsWith('~') || shape === '@name' || shape.startsWith('#');
    if (!anywhere && sa.parent !== sb.parent) continue;
    const titles = new Set<string>();
    for (const s of new Set(sectionsWithKey(a))) {
      const section = prompt.sections[s]!;
      if (section.depth !== sa.depth || (!anywhere && section.parent !== sa.parent) || !shapes[s]!.includes(shape)) continue;
      const title = section.title.trim().toLowerCase();
      if (titles.has(title)) return false;
      titles.add(title);
    }
    if (titles.size >= SERIES_MEMBERS) return true;
  }
  return false;
}

/** Per prompt: the items (paragraphs and list items, by their head unit) of each section, in order. */
const itemsBySection = memoizedWith((prompt: Prompt, source: string): Map<number, number[]> => {
  const { head } = shapeOf(prompt, source);
  const out = new Map<number, number[]>();
  for (const u of prompt.units) {
    if (u.context === 'heading' || head[u.index] !== u.index) continue;
    const list = out.get(u.section);
    if (list) list.push(u.index);
    else out.set(u.section, [u.index]);
  }
  return out;
});

/** A unit's text as compared for a template's field: whitespace folded, lower-cased. */
function fieldText(u: Unit): string {
  return u.text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * True when `a` and `b` are one field of a template that sibling sections fill in for different
 * items, whatever their titles ("### Planner" / "### Coder" / "### Reviewer"): each of at least
 * three sibling sections (one parent, one depth) holds the same line as the same item (the k-th
 * paragraph or list item, k > 0), and opens with an item of its own (the item's description, not
 * the same text). A line in only two sections, or at different places, is compared; so is a
 * sentence inside a longer item.
 */
export function lineOfATemplate(prompt: Prompt, source: string, a: Unit, b: Unit, sectionsWithKey: (unit: Unit) => readonly number[]): boolean {
  const sa = prompt.sections[a.section]!;
  const sb = prompt.sections[b.section]!;
  if (sa.index === sb.index || sa.depth === 0 || sa.depth !== sb.depth || sa.parent !== sb.parent) return false;
  if (prompt.units[a.index] !== a || prompt.units[b.index] !== b) return false;
  const { head } = shapeOf(prompt, source);
  if (head[a.index] !== a.index || head[b.index] !== b.index) return false;
  const items = itemsBySection(prompt, source);
  const slot = (items.get(a.section) ?? []).indexOf(a.index);
  if (slot < 1 || (items.get(b.section) ?? []).indexOf(b.index) !== slot) return false;
  const text = fieldText(a);
  const openings = new Set<string>();
  let members = 0;
  for (const s of new Set(sectionsWithKey(a))) {
    const section = prompt.sections[s]!;
    if (section.parent !== sa.parent || section.depth !== sa.depth) continue;
    const list = items.get(s) ?? [];
    const at = list[slot];
    if (at === undefined || fieldText(prompt.units[at]!) !== text) continue;
    const opening = fieldText(prompt.units[list[0]!]!);
    // two sections that open alike are one block pasted twice, not two items
    if (openings.has(opening)) return false;
    openings.add(opening);
    members++;
  }
  return members >= SERIES_MEMBERS;
}

/** Fewest items of an attribute list (at least half of them ask for nothing). */
const MIN_ATTRIBUTE_ITEMS = 3;

/** Text between two list items that ends a list: a blank line, or a line of its own that is no list item (a tag, a lead-in). */
const LIST_BREAK = new RegExp(String.raw`\n[ \t]*\r?\n|\n[ \t]*(?!${LIST_MARKER_SOURCE}\s)[^\s][^\n]*\n`);

/** The first and last unit index of the run of list items `u` stands in (consecutive items of one section, one list). */
function listRun(prompt: Prompt, source: string, u: Unit): [number, number] {
  const units = prompt.units;
  /** `x` and the unit `y` right after it are items of one list. */
  const joined = (x: Unit, y: Unit) => x.context === 'list-item' && y.context === 'list-item' && x.section === y.section && !LIST_BREAK.test(source.slice(x.range.end, y.range.start));
  let first = u.index;
  while (first > 0 && joined(units[first - 1]!, units[first]!)) first--;
  let last = u.index;
  while (last + 1 < units.length && joined(units[last]!, units[last + 1]!)) last++;
  return [first, last];
}

/** A list entry with no closing punctuation: a name or a short phrase, not a sentence. */
const PHRASE = /[^.!?:;]\s*$/;

/**
 * True when the two copies are entries of two different *attribute lists*: lists of at least
 * MIN_ATTRIBUTE_ITEMS items, at least half of which ask for nothing (noun phrases or descriptions:
 * "- Project-specific custom instructions", "- Share projects with the team"), each copy an entry that
 * asks for nothing and reads as a phrase, not a sentence. Such lists describe the features or
 * attributes of different things (an app spec's `<projects>` and `<custom_instructions>`): an
 * entry listed under both belongs to each. `asks` is the reader of what asks for something
 * (rules/lib/near-copies.ts). An entry that asks (a directive word, an imperative) is compared, and
 * so are two entries of one list, entries of two lists that share more than that one entry (a list pasted
 * again, in part), and entries of a list under a lead-in of its own ("**Key practices**:"), which
 * groups guidance by kind: the lists are those that stand alone in their block (a tag block, a
 * section).
 */
export function attributeEntries(prompt: Prompt, source: string, a: Unit, b: Unit, asks: (text: string) => boolean): boolean {
  if (a.context !== 'list-item' || b.context !== 'list-item') return false;
  if (!PHRASE.test(a.text) || !PHRASE.test(b.text) || asks(a.text) || asks(b.text)) return false;
  const ra = listRun(prompt, source, a);
  const rb = listRun(prompt, source, b);
  if (ra[0] === rb[0]) return false;
  const describes = ([first, last]: [number, number]) => {
    const size = last - first + 1;
    if (size < MIN_ATTRIBUTE_ITEMS) return false;
    // a list under a lead-in of its own ("**Key practices**:", "Automation:") is guidance grouped by kind: compared
    const before = prompt.units[first - 1];
    if (before && before.section === prompt.units[first]!.section && before.context === 'paragraph' && /:[*_]*\s*$/.test(before.text)) return false;
    let quiet = 0;
    for (let k = first; k <= last; k++) if (!asks(prompt.units[k]!.text)) quiet++;
    return quiet * 2 >= size;
  };
  if (!describes(ra) || !describes(rb)) return false;
  // one entry in common: two lists that share more are one list pasted again (in part), and compared
  const text = (k: number) => prompt.units[k]!.text.trim().toLowerCase();
  const inA = new Set<string>();
  for (let k = ra[0]; k <= ra[1]; k++) inA.add(text(k));
  let shared = 0;
  for (let k = rb[0]; k <= rb[1]; k++) if (inA.has(text(k))) shared++;
  return shared <= 1;
}

/** True when `u` is the first unit of its section below the heading. */
function opensItsSection(prompt: Prompt, u: Unit): boolean {
  for (let k = u.index - 1; k >= 0 && prompt.units[k]!.section === u.section; k--) if (prompt.units[k]!.context !== 'heading') return false;
  return true;
}

/**
 * True when the two are the same opening sentence of two sections of one depth (siblings, or under
 * different parents: two modes or steps of two parts), each going on with a
 * different text in its first unit ("## Internal monologue" / "Think it through step by step. Write
 * the reasoning as code …", "## Visualisation" / "Think it through step by step. Sketch the idea as
 * an image …"): the setup line each block (a mode, a step, a tool) opens with, which belongs to
 * each. `a` and `b` are units or sentence views (a unit with one sentence's text and range); a
 * line pasted with what follows it, a copy that ends its paragraph or stands further down a section,
 * or copies in sections of different depths are compared.
 */
export function openingLinesOfSiblings(prompt: Prompt, source: string, a: Unit, b: Unit): boolean {
  if (a.section === b.section) return false;
  const sa = prompt.sections[a.section];
  const sb = prompt.sections[b.section];
  if (!sa || !sb || sa.depth !== sb.depth || sa.depth === 0) return false;
  const ua = prompt.units[a.index]!;
  const ub = prompt.units[b.index]!;
  if (!opensItsSection(prompt, ua) || !opensItsSection(prompt, ub)) return false;
  // what follows the copy in its paragraph or item: the rest of its unit, or the next sentence of its paragraph
  const rest = (v: Unit, u: Unit): string | undefined => {
    if (!MARKER_BETWEEN.test(source.slice(u.range.start, v.range.start))) return undefined;
    if (u !== v) return source.slice(v.range.end, u.range.end).trim() || undefined;
    const next = prompt.units[u.index + 1];
    if (!next || next.section !== u.section || u.context !== 'paragraph' || next.context !== 'paragraph' || BLANK_LINE.test(source.slice(u.range.end, next.range.start))) return undefined;
    return next.text;
  };
  const ra = rest(a, ua);
  const rb = rest(b, ub);
  return ra !== undefined && rb !== undefined && ra !== rb;
}
