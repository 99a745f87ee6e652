/**
 * Positive evidence that two units in different sections of one prompt answer to one set of rules:
 * the sections between them and their nearest common section are titled with topic words only
 * ("## Style" / "## Output format"; lexicon in `rules/data/section-titles.json`). Sections whose
 * titles say anything else ("## Staging" / "## Production", "## Python files", "## When the user is
 * upset") may scope what they say, and a conflict across them is not reported: a scoped rule
 * flagged as a conflict is a false finding, and the conflict rules' default severity is error.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';
import data from '../data/section-titles.json' with { type: 'json' };
import { stemSet, tokenize } from './words.js';

const GENERIC = stemSet(data.generic);
const STOP = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'with', '&', 'vs']);

const titleCache = new Map<string, boolean>();

/** A title made only of topic words ("Output format", "Do's and don'ts", "3. Style"). */
export function isTopicTitle(title: string): boolean {
  let out = titleCache.get(title);
  if (out !== undefined) return out;
  out = tokenize(title.replace(/[#*_`]/g, ' ')).every((t) => t.kind === 'punct' || t.kind === 'number' || STOP.has(t.lower) || GENERIC.has(t.stem) || GENERIC.has(t.lower));
  if (titleCache.size > 10_000) titleCache.clear();
  titleCache.set(title, out);
  return out;
}

/** The chain of section indexes from `i` up to the root, nearest first. */
function chain(prompt: Prompt, i: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let s = i; s >= 0 && !seen.has(s); s = prompt.sections[s]?.parent ?? -1) {
    seen.add(s);
    out.push(s);
  }
  return out;
}

/**
 * True when two units of one prompt may be compared as one set of rules: same section, one inside
 * the other's section, or every section between each of them and their nearest common section
 * titled with topic words only. Units of different prompts: false (the caller decides).
 */
export function sameRuleSet(prompt: Prompt, a: Unit, b: Unit): boolean {
  if (a.section === b.section) return true;
  const ca = chain(prompt, a.section);
  const cb = chain(prompt, b.section);
  const common = ca.find((s) => cb.includes(s));
  const below = (c: number[]) => c.slice(0, common === undefined ? c.length : c.indexOf(common));
  return [...below(ca), ...below(cb)].every((s) => isTopicTitle(prompt.sections[s]?.title ?? ''));
}
