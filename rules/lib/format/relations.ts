/**
 * How two formatting directives relate: the same rule restated, a conflict, or nothing to say.
 */
import type { FormatDirective } from '../format-directives.js';
import { stemSet } from '../words.js';
import { lexicon, STRUCTURED_FORMATS, topicDef } from './lexicon.js';

export type Relation = 'repeat' | 'conflict' | undefined;

/**
 * How two directives of one topic and scope relate. `loose` compares a rule with a request
 * exception with an unconditional rule of its structural scope (see `exceptionMeetsGeneral`).
 */
export function relation(a: FormatDirective, b: FormatDirective, loose = false, scopeOf: (d: FormatDirective) => string = (d) => d.scope): Relation {
  if (a.topic !== b.topic || (scopeOf(a) !== scopeOf(b) && !(loose && exceptionMeetsGeneral(a, b, scopeOf)))) return undefined;
  if (a.bounds || b.bounds) {
    if (!a.bounds || !b.bounds) return capAgainstLong(a, b) ? 'conflict' : undefined;
    if (a.bounds.unit !== b.bounds.unit) return undefined;
    if (a.bounds.min === b.bounds.min && a.bounds.max === b.bounds.max) return 'repeat';
    if (a.bounds.max < b.bounds.min || b.bounds.max < a.bounds.min) return 'conflict';
    // "under 100 words" and "under 200 words": two caps on one measure, only the tighter holds
    if (isCap(a) && isCap(b)) return 'conflict';
    // "a 15-word sentence" and "may run up to 40 words": an exact count and a looser cap on it
    if ((isExact(a) && isCap(b)) || (isExact(b) && isCap(a))) return 'conflict';
    return undefined;
  }
  const def = topicDef(a.topic);
  // two bans on text around the output say one thing ("no notes, no explanations" / "Exclude extra commentary")
  if (a.value === 'commentary' && b.value === 'commentary') return a.polarity === -1 && b.polarity === -1 ? 'repeat' : undefined;
  if (a.value === 'commentary' || b.value === 'commentary') {
    const other = a.value === 'commentary' ? b : a;
    // a sentence around plain text or Markdown is plain text or Markdown: only a structured output leaves no room
    return other.value !== 'commentary' && other.only && STRUCTURED_FORMATS.has(other.value) && other.polarity === 1 && a.polarity === b.polarity ? 'conflict' : undefined;
  }
  if (a.value === b.value) return a.polarity === b.polarity ? 'repeat' : 'conflict';
  if (a.polarity === 1 && b.polarity === 1) {
    if (def.groups && !def.groups.some((g) => g.includes(a.value) && g.includes(b.value))) return undefined;
    if (def.exclusive && !pairIn(def.compatible, a.value, b.value)) return 'conflict';
    if (pairIn(def.conflicts, a.value, b.value)) return 'conflict';
    return undefined;
  }
  if (a.polarity !== b.polarity && def.coversNegative) {
    const neg = a.polarity === -1 ? a : b;
    const pos = a.polarity === -1 ? b : a;
    if (def.coversNegative[neg.value]?.includes(pos.value)) return 'conflict';
  }
  return undefined;
}

/**
 * A rule whose only qualification is the request exception ("Never use emojis unless asked.")
 * against an unconditional rule of the same structural scope with an empty key ("Use emojis."):
 * the unconditional rule holds when nobody asked, where the other forbids it.
 */
export function exceptionMeetsGeneral(a: FormatDirective, b: FormatDirective, scopeOf: (d: FormatDirective) => string = (d) => d.scope): boolean {
  return (a.generalScope !== undefined && a.generalScope === scopeOf(b)) || (b.generalScope !== undefined && b.generalScope === scopeOf(a));
}

const EXCEPTION_MARKERS = new Set(['unless', 'except']);
const CASE_MARKERS = new Set(['when', 'whenever', 'if']);
/** Condition words that ask for a longer or shorter answer: such a case is the exception itself. */
const LENGTH_REQUEST = stemSet(lexicon.lengthRequestWords);

/**
 * A length limit for every answer with its own exception ("Keep every answer under 80 words
 * unless the customer asks for more detail.") against a length for a case that is not that
 * exception ("Give at least 300 words whenever a customer asks about a policy."): the case is
 * inside "every answer" and outside the exception, so both cannot be followed. The case must not
 * itself be a request for length (then it restates the exception), and the bounds must not overlap.
 */
export function exceptionConflict(a: FormatDirective, b: FormatDirective): boolean {
  if (a.topic !== 'length' || b.topic !== 'length' || !a.bounds || !b.bounds || !a.condition || !b.condition) return false;
  if (a.condition.scope !== b.condition.scope || a.bounds.unit !== b.bounds.unit) return false;
  if (!(a.bounds.max < b.bounds.min || b.bounds.max < a.bounds.min)) return false;
  const [limit, other] = EXCEPTION_MARKERS.has(a.condition.marker) ? [a, b] : [b, a];
  if (!limit.universal || !EXCEPTION_MARKERS.has(limit.condition!.marker) || !CASE_MARKERS.has(other.condition!.marker)) return false;
  return !other.condition!.words.some((w) => LENGTH_REQUEST.has(w));
}

/** An upper limit alone ("under 100 words", "at most 3 sentences"). */
function isCap(d: FormatDirective): boolean {
  return !!d.bounds && d.bounds.min === 0 && Number.isFinite(d.bounds.max);
}

/** An exact count ("a 15-word sentence", "exactly 3 bullets"). */
function isExact(d: FormatDirective): boolean {
  return !!d.bounds && d.bounds.min === d.bounds.max && d.bounds.min > 0;
}

/** Caps short enough to rule out a long, detailed answer, per unit. */
const SHORT_CAPS: Readonly<Record<string, number>> = lexicon.shortCaps;

/** "Keep every reply under 50 words." against "Give exhaustive, detailed explanations.". */
function capAgainstLong(a: FormatDirective, b: FormatDirective): boolean {
  const [cap, other] = a.bounds ? [a, b] : [b, a];
  const limit = SHORT_CAPS[cap.bounds!.unit];
  return isCap(cap) && limit !== undefined && cap.bounds!.max <= limit && other.value === 'long' && other.polarity === 1;
}

/** The tighter of two caps on one measure, when `relation` found two ("at most 100 words"). */
export function tighterCap(a: FormatDirective, b: FormatDirective): FormatDirective | undefined {
  if (!a.bounds || !b.bounds || a.bounds.unit !== b.bounds.unit || a.bounds.max === b.bounds.max) return undefined;
  // an exact count under a looser cap: the exact count is the tighter
  if (isExact(a) && isCap(b)) return a.bounds.max < b.bounds.max ? a : undefined;
  if (isExact(b) && isCap(a)) return b.bounds.max < a.bounds.max ? b : undefined;
  if (!isCap(a) || !isCap(b)) return undefined;
  return a.bounds.max < b.bounds.max ? a : b;
}

function pairIn(pairs: string[][] | undefined, x: string, y: string): boolean {
  return !!pairs?.some(([p, q]) => (p === x && q === y) || (p === y && q === x));
}

/** How a directive reads in a message: "`JSON`", "no `emoji`", "`at most 100 words`". */
export function describe(d: FormatDirective): string {
  return d.polarity === -1 ? `no ${d.value}` : d.value;
}



/**
 * An unqualified absolute ban ("Never use bullet points.") and a rule that uses the same value for
 * one object or part of its structural scope ("Summarize the findings as bullet points."), in
 * either order: the ban says never, the other names where it applies.
 */
export function banConflict(a: FormatDirective, b: FormatDirective): boolean {
  if (a.topic !== b.topic) return false;
  const [ban, use] = a.ban ? [a, b] : [b, a];
  // "Do not use lists of any kind" bans bullets too
  if (ban.value !== use.value && !topicDef(a.topic).coversNegative?.[ban.value]?.includes(use.value)) return false;
  return !!ban.ban && use.banScope !== undefined && use.polarity === 1 && `${use.banScope}\u0001` === ban.conflictScope;
}
