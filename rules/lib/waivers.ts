/**
 * Requirements of a thing against waivers of it, for conflicting-instruction: "Tests are required
 * for every bug fix." / "For bug fixes you don't need to write tests."; "Every public function MUST
 * have a return type annotation." / "Return type annotations are optional."; and a requirement to
 * write something into a named file against a prohibition of editing that file ("PRs MUST include a
 * changelog entry in `CHANGELOG.md`." / "Do not edit `CHANGELOG.md`.").
 *
 * Read narrowly, precision over recall: the thing is the noun phrase the sentence requires or
 * waives, as stems without function words; the occasion ("for every bug fix", "for bug fixes") is
 * the noun phrase after "for", and two statements meet only when their occasions are equal (both
 * none, or the same words). Any other condition or place ("in `src/`", "when …", "unless …",
 * "under `tools/`", "only …") keeps a sentence out: a scoped waiver refines a global requirement.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import { unitScopes } from './scope.js';
import { memoized } from './memo.js';
import { stem, unitSentences } from './words.js';

export interface Obligation {
  /** +1 a requirement, -1 a waiver (or, for `file`, a prohibition of editing it). */
  readonly polarity: 1 | -1;
  /** What is required or waived, as stems ("return type annot"); for a file, the file as written. */
  readonly thing: string;
  readonly kind: 'thing' | 'file';
  /** The occasion's stems ("bug fix"), or "" for none. */
  readonly occasion: string;
  /** The thing as written (for messages). */
  readonly text: string;
  readonly scope: string;
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly sentence: string;
}

const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'every', 'each', 'all', 'any', 'your', 'our', 'its', 'their', 'new']);
/** Words that scope or condition a statement: a sentence holding one is not read. */
const SCOPED = /\b(?:if|unless|when|whenever|except|only|while|until|once|where|in|under|inside|within|outside|on|during|but|or|though|although|instead|sometimes|usually|generally|mostly)\b|`/i;
const MUST = String.raw`(?:must|shall|need\s+to|needs\s+to|has\s+to|have\s+to|(?:is|are)\s+required\s+to)`;
const HAVE = String.raw`(?:have|include|contain|carry|come\s+with|ship\s+with)`;
/** "Every public function MUST have a return type annotation (for …)." */
const SUBJECT_HAS = new RegExp(String.raw`^(?:every|each|all)\s+([\w\s-]{2,40}?)\s+${MUST}\s+${HAVE}\s+(.+)$`, 'i');
/** "Tests are required (for every bug fix)." */
const THING_REQUIRED = new RegExp(String.raw`^(.{2,60}?)\s+(?:(?:is|are)\s+(?:required|mandatory|compulsory|obligatory)|must\s+(?:always\s+)?be\s+(?:included|provided|written|added))(?:\s+(for\s+.+))?$`, 'i');
/** "Return type annotations are optional (for …)." / "… are not required (for …)." */
const THING_WAIVED = /^(.{2,60}?)\s+(?:(?:is|are)\s+(?:optional|not\s+(?:required|mandatory|needed|necessary|compulsory))|(?:may|can)\s+be\s+(?:omitted|skipped|left\s+out))(?:\s+(for\s+.+))?$/i;
/** "(For bug fixes,) you don't need to write tests (for …)." */
const NO_NEED = /^(?:(for\s+[^,]{2,40}?),?\s+)?(?:(?:you\s+)?(?:do\s+not|don['’]t|needn['’]t|need\s+not)\s+(?:need\s+to|have\s+to)?|(?:there\s+is\s+)?no\s+need\s+to|feel\s+free\s+to\s+(?:skip|omit))\s*(?:write|add|include|provide)?\s+(.+?)(?:\s+(for\s+.+))?$/i;
/** "… must include a changelog entry in `CHANGELOG.md`", "Always add an entry to `CHANGELOG.md`". */
const WRITE_INTO = new RegExp(String.raw`^(?:[\w\s-]{0,30}?\s)?(?:always\s+|${MUST}\s+)(?:include|add|write|put|record|append|update|edit|modify)\s+.{0,60}?\b(?:in|into|to)\s+\`([^\`\s]+\.[A-Za-z]{1,6})\`$`, 'i');
/** "Do not edit `CHANGELOG.md`", "Never modify `CHANGELOG.md`". */
const DO_NOT_EDIT = /^(?:never|do\s+not|don['’]t|you\s+must\s+not|must\s+not|you\s+must\s+never)\s+(?:ever\s+)?(?:edit|modify|touch|change|update|write\s+to)\s+`([^`\s]+\.[A-Za-z]{1,6})`(?:\s+by\s+hand|\s+manually)?$/i;

function clean(sentence: string): string {
  return sentence
    .trim()
    .replace(/^(?:[-*+>]|\d+[.)])\s+/, '')
    .replace(/[*_]{1,3}/g, '')
    // a reason after a semicolon or a dash is not part of the statement
    .replace(/\s*(?:;|\s[-\u2013]\s|\u2014).*$/s, '')
    .replace(/[.!]+$/, '')
    .trim();
}

/** A noun phrase as stems without function words, or undefined when it is scoped or empty. */
function phrase(text: string | undefined): string | undefined {
  if (text === undefined) return '';
  if (SCOPED.test(text)) return undefined;
  const words = text.toLowerCase().match(/[a-z][a-z-]*/g) ?? [];
  const stems = words.filter((w) => !FUNCTION_WORDS.has(w)).map(stem);
  return stems.length && stems.length <= 6 ? stems.join(' ') : undefined;
}

/** An occasion ("for every bug fix") as stems, "" for none, undefined when it is not a plain noun phrase. */
function occasionOf(text: string | undefined): string | undefined {
  if (text === undefined) return '';
  return phrase(text.replace(/^for\s+/i, ''));
}

function read(sentence: string): Omit<Obligation, 'scope' | 'prompt' | 'unit' | 'sentence'> | undefined {
  const s = clean(sentence);
  if (!s || s.length > 160) return undefined;
  let m = WRITE_INTO.exec(s);
  if (m && !/\b(?:if|unless|when|whenever|except|only)\b/i.test(s)) return { polarity: 1, kind: 'file', thing: m[1]!.toLowerCase(), occasion: '', text: m[1]! };
  m = DO_NOT_EDIT.exec(s);
  if (m) return { polarity: -1, kind: 'file', thing: m[1]!.toLowerCase(), occasion: '', text: m[1]! };
  let polarity: 1 | -1;
  let thing: string;
  let occasion: string | undefined;
  if ((m = SUBJECT_HAS.exec(s))) {
    // "Every file in src must have …" is scoped by its subject
    if (SCOPED.test(m[1]!)) return undefined;
    const split = /^(.+?)(?:\s+(for\s+.+))?$/i.exec(m[2]!)!;
    [polarity, thing, occasion] = [1, split[1]!, split[2]];
  } else if ((m = THING_REQUIRED.exec(s))) [polarity, thing, occasion] = [1, m[1]!, m[2]];
  else if ((m = THING_WAIVED.exec(s))) [polarity, thing, occasion] = [-1, m[1]!, m[2]];
  else if ((m = NO_NEED.exec(s))) {
    if (m[1] && m[3]) return undefined;
    [polarity, thing, occasion] = [-1, m[2]!, m[1] ?? m[3]];
  } else return undefined;
  const key = phrase(thing);
  const occ = occasionOf(occasion);
  if (!key || occ === undefined) return undefined;
  return { polarity, kind: 'thing', thing: key, occasion: occ, text: thing.trim() };
}

/** A cheap test that a unit may hold one of the statements. */
const TRIGGER = /\b(?:required|mandatory|compulsory|obligatory|optional|must|shall|need|needs|needn['’]t|has\s+to|have\s+to|edit|modify|touch|change|update|write|omitted|skipped|left\s+out|feel\s+free)\b/i;

/** Every requirement and waiver of a document (memoized). */
export const obligations = memoized((doc: PromptDocument): readonly Obligation[] => {
  const out: Obligation[] = [];
  for (const prompt of doc.prompts) {
    let scopeOf: ReturnType<typeof unitScopes> | undefined;
    for (const unit of prompt.units) {
      if (!unit.isInstruction || unit.context === 'table-row' || !TRIGGER.test(unit.text)) continue;
      for (const sentence of unitSentences(prompt, unit)) {
        const r = read(sentence);
        if (!r) continue;
        scopeOf ??= unitScopes(doc, prompt);
        const scope = scopeOf(unit);
        if (scope.hidden) continue;
        out.push({ ...r, scope: scope.key, prompt, unit, sentence });
      }
    }
  }
  return out;
});

/** True when a requirement and a waiver (in either order) contradict each other. */
export function opposed(x: Obligation, y: Obligation): boolean {
  return x.polarity !== y.polarity && x.kind === y.kind && x.thing === y.thing && x.occasion === y.occasion && x.unit !== y.unit;
}
