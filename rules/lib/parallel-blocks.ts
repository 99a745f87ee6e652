/**
 * Parallel blocks (issue 14, session 13): a line that sibling blocks of one family each close with,
 * as the template they are written from requires, whatever their titles say ("For X: … Always
 * include the ticket number." / "For Z: … Always include the ticket number.").
 *
 * A *block* is a section (its own units, headings and subsections aside); inside one section, the
 * run of units under a label line of its own (`**Product card**`, `New user:`) up to the next one;
 * what is nested under a list item (its sub-list, its indented paragraphs); the text after a
 * numbered step line of its own ("2. Pick the version number.") up to the next step; or a paragraph
 * of several sentences. A *family* is the set of sibling blocks: the sections of one parent and one
 * depth, the label blocks of one section, the items of one list, the steps of one section, the
 * paragraphs of one section. Two copies of a line are one line of the family's template when each
 * closes its own block of one family (the block's last instruction, a code example or a quote
 * after it aside, or that unit's last sentence), they do not name the other block's subject, the
 * units next to them are not copies too (a block pasted again), and the structure says positively
 * that the blocks are items of one kind:
 *
 * - at least three blocks of the family, and at least half of them, close with the line (one
 *   injected or pasted copy makes two, never three); or
 * - every block of the family (two or more) closes with it, and the family is grouped by a block of
 *   its own: the sections' parent is a heading that is not the prompt's title (`## Components` over
 *   `### Product card` / `### Cart drawer`), the label blocks of one section, the items of one list,
 *   the steps of one procedure; or
 * - every block of one set within the family closes with it: the branches of one choice (titles
 *   or labels stating conditions that open with the same word: "If the user is new" / "If the user
 *   is returning", "When …" / "When …"), or paragraphs of one section whose first sentences open
 *   with the same word ("The billing module …" / "The search module …"; not *you*, *we*, *this*,
 *   *note* …, which open paragraphs of every kind); or
 * - the blocks are the same step of two procedures (step lines equal but for at most two words:
 *   "2. Decide the SDK version bump." / "4. Decide the version bump."), each closing with it.
 *
 * Numbering makes no set: `Section 2: Staffing` / `Section 3: Budget` are two topics (a series of
 * three or more is `lineOfASeries`'s). Still compared: a line that only some blocks of a family
 * carry (two phases of three), a copy that does not close its block, and a rule repeated in two
 * top-level sections of a prompt (`## Workflow` / `## Testing`), which have no such structure.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import { comparisonKey, isComparedUnit, comparisonForm } from './comparison-forms.js';
import { splitSentences } from '../../server/src/parse/sentences.js';
import { memoized, memoizedWith } from './memo.js';
import { ITEM_LINE } from '../../server/src/parse/list-marker.js';
import { indentOf } from './parallel-items.js';

/** One block: its family, the units it holds (indices into `prompt.units`, in order), and what names it. */
interface Block {
  readonly id: string;
  readonly family: string;
  readonly units: readonly number[];
  readonly title: string;
  /** The unit that closes the block as an instruction: its last unit that is one (a code example or a quote after it aside). */
  closing?: number;
}

interface Blocks {
  /** Per unit: its section block and its label block (or undefined). */
  readonly section: (Block | undefined)[];
  readonly label: (Block | undefined)[];
  /** Per unit: the block of the list item it is nested in (its sub-list, its indented paragraphs), or undefined. */
  readonly item: (Block | undefined)[];
  /** Per unit: the step block it stands in (the text after a numbered step line, up to the next step), or undefined. */
  readonly step: (Block | undefined)[];
  /** Per unit: the paragraph of several sentences it stands in, or undefined. */
  readonly paragraph: (Block | undefined)[];
  /** Per family: its blocks. */
  readonly families: Map<string, Block[]>;
  /** Families grouped by a block of their own (see the module comment). */
  readonly grouped: Set<string>;
  /**
   * Per block that is one of a set of its family (titles or labels stating conditions that open
   * with the same word, "If the user is new" / "If the user is returning"; paragraphs opening with
   * the same word): the blocks of that set.
   */
  readonly sets: Map<Block, Block[]>;
}

/** A title or label that states a condition: the branch of a choice it opens ("If the user is new", "When …:", "For bug fixes:"). */
const CONDITION_TITLE = /^\W*(?:(?:step|phase|part|case|option)?\s*\d+(?:\.\d+)*[.):]?\s*[-:\u2013\u2014]?\s*)?(if|when|whenever|unless|once|in case|for)\b/i;

/** A label line: short, no sentence of its own, bold or code only, or a short lead-in ending with a colon. */
const BOLD_LINE = /^\s*(?:\*\*[^*\n]+\*\*|__[^_\n]+__|`[^`\n]+`)\s*:?\s*$/;
const LEAD_LINE = /^\s*[^\n.!?:]{2,60}:\s*$/;

function isLabelUnit(source: string, unit: Unit): boolean {
  if (unit.context !== 'paragraph' || unit.text.split(/\s+/).length > 8) return false;
  const raw = source.slice(unit.range.start, unit.range.end);
  if (raw.trim().includes('\n')) return false;
  return BOLD_LINE.test(raw) || LEAD_LINE.test(raw);
}

/** The unit stands alone on its lines: nothing but whitespace between it and its neighbours' lines. */
function aloneOnItsLine(source: string, unit: Unit): boolean {
  const lineStart = source.lastIndexOf('\n', unit.range.start - 1) + 1;
  let lineEnd = source.indexOf('\n', unit.range.end);
  if (lineEnd === -1) lineEnd = source.length;
  return !source.slice(lineStart, unit.range.start).trim() && !source.slice(unit.range.end, lineEnd).trim();
}

const blocksOf = memoizedWith((prompt: Prompt, source: string): Blocks => blocksFor(prompt, source));

function blocksFor(prompt: Prompt, source: string): Blocks {
  const units = prompt.units;
  const section: (Block | undefined)[] = [];
  const label: (Block | undefined)[] = [];
  const families = new Map<string, Block[]>();
  const add = (b: Block) => {
    const list = families.get(b.family);
    if (list) list.push(b);
    else families.set(b.family, [b]);
  };
  // sections: their own units (headings aside)
  const own = new Map<number, number[]>();
  for (const u of units) {
    if (u.context === 'heading') continue;
    const list = own.get(u.section);
    if (list) list.push(u.index);
    else own.set(u.section, [u.index]);
  }
  for (const s of prompt.sections) {
    if (s.depth === 0) continue;
    const list = own.get(s.index) ?? [];
    const b: Block = { id: `s${s.index}`, family: `s${s.parent}:${s.depth}`, units: list, title: s.title };
    add(b);
    for (const i of list) section[i] = b;
  }
  // label blocks: the units under each label line of a section, up to the next one
  if (source) {
    for (const [s, list] of own) {
      const labels = list.filter((i) => isLabelUnit(source, units[i]!) && aloneOnItsLine(source, units[i]!));
      if (labels.length < 2) continue;
      for (let k = 0; k < labels.length; k++) {
        const from = list.indexOf(labels[k]!) + 1;
        const to = k + 1 < labels.length ? list.indexOf(labels[k + 1]!) : list.length;
        const body = list.slice(from, to);
        if (!body.length) continue;
        const b: Block = { id: `l${labels[k]}`, family: `l${s}`, units: body, title: units[labels[k]!]!.text };
        add(b);
        for (const i of body) label[i] = b;
      }
    }
  }
  // item blocks: what is nested under each item of a list (deeper indented units), the items of one list a family
  const item: (Block | undefined)[] = [];
  const listFirst = new Map<number, number>();
  const indent = units.map((u) => indentOf(source, u.range.start));
  const opens = (u: Unit) => u.context === 'list-item' && ITEM_LINE.test(source.slice(source.lastIndexOf('\n', u.range.start - 1) + 1, u.range.start + 4));
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (!opens(u)) continue;
    // the items of the list `u` opens or continues: openers at its indent, only deeper units between
    const first = firstOfList(i);
    listFirst.set(i, first);
    const family = `i${first}`;
    const body: number[] = [];
    let j = i + 1;
    for (; j < units.length && units[j]!.section === u.section && indent[j]! > indent[i]!; j++) if (units[j]!.context !== 'heading') body.push(j);
    const b: Block = { id: `i${i}`, family, units: body, title: u.text };
    add(b);
    for (const k of body) item[k] ??= b;
  }
  function firstOfList(i: number): number {
    for (let k = i - 1; k >= 0; k--) {
      const o = units[k]!;
      if (o.section !== units[i]!.section || o.context === 'heading') break;
      if (indent[k]! > indent[i]!) continue;
      if (indent[k] === indent[i] && opens(o)) return listFirst.get(k) ?? k;
      break;
    }
    return i;
  }
  // step blocks: a numbered step on a line of its own ("2. Decide the version bump.") and the
  // paragraphs, code and lists after it (not indented under it) up to the next step of its list
  const step: (Block | undefined)[] = [];
  const ordered = (u: Unit) => u.context === 'list-item' && /^[ \t]*\d{1,3}[.)][ \t]/.test(source.slice(source.lastIndexOf('\n', u.range.start - 1) + 1, u.range.start + 5));
  for (const list of own.values()) {
    const heads = list.filter((i) => ordered(units[i]!) && indent[i] === 0);
    if (heads.length < 2) continue;
    for (let k = 0; k < heads.length; k++) {
      const from = list.indexOf(heads[k]!) + 1;
      const to = k + 1 < heads.length ? list.indexOf(heads[k + 1]!) : list.length;
      const body = list.slice(from, to);
      // a step with a body of its own: a paragraph or code right after the step line, not a plain list
      if (!body.length || units[body[0]!]!.context === 'list-item') continue;
      const b: Block = { id: `t${heads[k]}`, family: `t${units[heads[k]!]!.section}`, units: body, title: units[heads[k]!]!.text };
      add(b);
      for (const i of body) step[i] = b;
    }
  }
  // paragraph blocks: a paragraph of several sentences (units of one section with no blank line between)
  const paragraph: (Block | undefined)[] = [];
  for (let i = 0; i < units.length; ) {
    const u = units[i]!;
    let j = i + 1;
    if (u.context === 'paragraph') while (j < units.length && units[j]!.context === 'paragraph' && units[j]!.section === u.section && !/\n[ \t]*\r?\n/.test(source.slice(units[j - 1]!.range.end, units[j]!.range.start))) j++;
    if (u.context === 'paragraph' && j - i >= 2) {
      const body = Array.from({ length: j - i }, (_, k) => i + k);
      const b: Block = { id: `p${i}`, family: `p${u.section}`, units: body, title: u.text };
      add(b);
      for (const k of body) paragraph[k] = b;
    }
    i = j;
  }
  const grouped = new Set<string>();
  const title = titleSection(prompt);
  for (const family of families.keys()) {
    if (family.startsWith('p')) continue;
    if (!family.startsWith('s')) {
      grouped.add(family);
      continue;
    }
    const parent = Number(family.slice(1, family.indexOf(':')));
    const p = prompt.sections[parent];
    if (p && p.depth > 0 && parent !== title) grouped.add(family);
  }
  // sets of one shape within a family: conditions opening with the same word ("If the user is new",
  // "If the user is returning"), paragraphs opening with the same word
  const sets = new Map<Block, Block[]>();
  for (const list of families.values()) {
    const byShape = new Map<string, Block[]>();
    for (const b of list) {
      // paragraphs of one section are a set when they open with the same word ("For bug fixes: …" / "For new features: …")
      const shape = b.family.startsWith('p') ? openingWord(b.title) : CONDITION_TITLE.exec(b.title)?.[1]?.toLowerCase();
      if (!shape) continue;
      const set = byShape.get(shape);
      if (set) set.push(b);
      else byShape.set(shape, [b]);
    }
    for (const set of byShape.values()) if (set.length >= 2) for (const b of set) sets.set(b, set);
  }
  return { section, label, item, step, paragraph, families, grouped, sets };
}

/** The first word of a text, markup aside, lower-cased ("**For bug fixes:** …" → "for"). */
function openingWord(text: string): string | undefined {
  const word = /\p{L}+/u.exec(text)?.[0]?.toLowerCase();
  // the model addressed, or a pointer, opens all sorts of paragraphs: no shape of its own
  return word && !ANY_PARAGRAPH.has(word) ? word : undefined;
}

const ANY_PARAGRAPH = new Set(['you', 'your', 'i', 'we', 'it', 'this', 'these', 'please', 'remember', 'note', 'important']);

/** The prompt's title: its first heading when no other heading has its depth or a lower one (it spans the prompt). */
function titleSection(prompt: Prompt): number {
  const headed = prompt.sections.filter((s) => s.depth > 0);
  const first = headed[0];
  if (!first) return -1;
  return headed.every((s) => s === first || s.depth > first.depth) ? first.index : -1;
}

/** Where one comparison key stands: a unit, and whether the copy ends that unit (a whole unit does). */
interface Spot {
  readonly unit: number;
  readonly last: boolean;
}

/** The copy closes its block: it stands in the block's last unit, and is that unit's last sentence. */
function closes(block: Block, spot: Spot, prompt: Prompt): boolean {
  if (block.closing === undefined) {
    let k = block.units.length - 1;
    while (k > 0 && !prompt.units[block.units[k]!]!.isInstruction) k--;
    block.closing = k >= 0 ? block.units[k]! : -1;
  }
  return spot.last && block.closing === spot.unit;
}

/** Per prompt: where each comparison key stands, as a whole compared unit or as one sentence of a longer one. */
const keySpots = memoized((prompt: Prompt): Map<string, Spot[]> => {
  const out = new Map<string, Spot[]>();
  const put = (key: string, spot: Spot) => {
    const list = out.get(key);
    if (list) list.push(spot);
    else out.set(key, [spot]);
  };
  for (const u of prompt.units) {
    if (!isComparedUnit(u)) continue;
    put(comparisonForm(prompt, u).norm.key, { unit: u.index, last: true });
    const sentences = splitSentences(u.text);
    if (sentences.length < 2) continue;
    sentences.forEach((s, k) => put(comparisonKey(u.text.slice(s.start, s.end)), { unit: u.index, last: k === sentences.length - 1 }));
  }
  return out;
});

/** Where the copy `v` (a unit or a sentence view of one) stands in its unit. */
function spotOf(prompt: Prompt, v: Unit, key: string): Spot | undefined {
  const spots = keySpots(prompt).get(key) ?? [];
  const whole = prompt.units[v.index] === v || (prompt.units[v.index]!.range.start === v.range.start && prompt.units[v.index]!.range.end === v.range.end);
  if (whole) return { unit: v.index, last: true };
  // a sentence view: the sentence of its unit with that key (the unit's last one when it holds it twice)
  const mine = spots.filter((s) => s.unit === v.index);
  return mine.find((s) => s.last) ?? mine[0];
}

/** Words (4 letters or more) of a block's title that the other copy names: a copy about the other block's subject. */
function namesOtherBlock(text: string, other: Block, own: Block): boolean {
  const mine = new Set(own.title.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
  const lower = text.toLowerCase();
  return (other.title.toLowerCase().match(/\p{L}{4,}/gu) ?? []).some((w) => !mine.has(w) && lower.includes(w));
}

/** True when the units right before (or right after) the two copies in their blocks are copies too: a block pasted again. */
function pastedAlongside(prompt: Prompt, a: Unit, b: Unit): boolean {
  const same = (x: Unit | undefined, y: Unit | undefined) => !!x && !!y && x !== a && y !== b && x.context !== 'heading' && y.context !== 'heading' && x.text.replace(/\s+/g, ' ').trim().toLowerCase() === y.text.replace(/\s+/g, ' ').trim().toLowerCase() && x.text.trim().split(/\s+/).length >= 3;
  return same(prompt.units[a.index - 1], prompt.units[b.index - 1]) || same(prompt.units[a.index + 1], prompt.units[b.index + 1]);
}

/**
 * True when `a` and `b` (units, or sentence views: a unit with one sentence's text and range) are
 * one line of the template that sibling blocks of one family are written from (see the module
 * comment): each copy belongs to its own block.
 */
export function lineOfParallelBlocks(prompt: Prompt, source: string, a: Unit, b: Unit): boolean {
  if (a.index === b.index) return false;
  const blocks = blocksOf(prompt, source);
  for (const kind of ['paragraph', 'item', 'step', 'label', 'section'] as const) {
    const ba = blocks[kind][a.index];
    const bb = blocks[kind][b.index];
    if (!ba || !bb || ba === bb) continue;
    // the same step of two procedures ("Decide the SDK version bump." / "Decide the version bump."): each needs the line
    if (kind === 'step' && ba.family !== bb.family && sameStep(ba.title, bb.title) && closesBoth(prompt, blocks.step, ba, bb, a, b)) return true;
    if (ba.family !== bb.family || normTitle(ba.title) === normTitle(bb.title)) continue;
    const ua = prompt.units[a.index]!;
    const ub = prompt.units[b.index]!;
    const key = comparisonKey(a.text);
    const sa = spotOf(prompt, a, key);
    const sb = spotOf(prompt, b, key);
    if (!sa || !sb || !closes(ba, sa, prompt) || !closes(bb, sb, prompt)) continue;
    if (namesOtherBlock(a.text, bb, ba) || namesOtherBlock(b.text, ba, bb)) continue;
    if (pastedAlongside(prompt, ua, ub)) continue;
    const family = blocks.families.get(ba.family)!;
    // the blocks of the family that carry the line at that place
    const carriers = new Set<Block>();
    for (const at of keySpots(prompt).get(key) ?? []) {
      const blk = blocks[kind][at.unit];
      if (!blk || blk.family !== ba.family) continue;
      if (closes(blk, at, prompt)) carriers.add(blk);
    }
    if (carriers.size >= 3 && carriers.size * 2 >= family.length) return true;
    if (carriers.size >= 2 && carriers.size === family.length && blocks.grouped.has(ba.family)) return true;
    // the branches of one choice, or paragraphs of one shape: every one of them closes with the line
    const set = blocks.sets.get(ba);
    if (set && set.includes(bb) && set.every((x) => carriers.has(x))) return true;
  }
  return false;
}

/** Both copies close their blocks, name neither block's subject, and are no part of a block pasted again. */
function closesBoth(prompt: Prompt, perUnit: (Block | undefined)[], ba: Block, bb: Block, a: Unit, b: Unit): boolean {
  const key = comparisonKey(a.text);
  const sa = spotOf(prompt, a, key);
  const sb = spotOf(prompt, b, key);
  if (!sa || !sb || perUnit[sa.unit] !== ba || perUnit[sb.unit] !== bb || !closes(ba, sa, prompt) || !closes(bb, sb, prompt)) return false;
  return !namesOtherBlock(a.text, bb, ba) && !namesOtherBlock(b.text, ba, bb) && !pastedAlongside(prompt, prompt.units[a.index]!, prompt.units[b.index]!);
}

/** Two step lines that name the same step: their words equal but for at most two words on one side ("Decide the SDK version bump." / "Decide the version bump."). */
function sameStep(x: string, y: string): boolean {
  const wx = normTitle(x).split(' ').filter(Boolean);
  const wy = normTitle(y).split(' ').filter(Boolean);
  const [short, long] = wx.length <= wy.length ? [wx, wy] : [wy, wx];
  if (short.length < 2 || long.length - short.length > 2) return false;
  // the shorter line's words in order inside the longer one
  let k = 0;
  for (const w of long) if (k < short.length && w === short[k]) k++;
  return k === short.length;
}

function normTitle(title: string): string {
  return title.replace(/[\W_]+/g, ' ').trim().toLowerCase();
}
