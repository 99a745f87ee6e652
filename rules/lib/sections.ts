/**
 * Whether two units in different sections of one prompt answer to one set of rules. They do unless
 * the structure positively says otherwise (issue 14, item 3): a section between one of them and
 * their nearest common section whose title names a situation, an audience, a platform, a channel,
 * a language or a variant ("## Staging" / "## Production", "## For beginners", "## iOS", "## Quick
 * mode"; lexicon in `rules/data/section-titles.json`), or the two sit in different members of one
 * family of parallel sections (one template per tool, endpoint or command: `differentParallels` in
 * scope.ts). Titles that open with a condition ("When …", "For …") or name a part of the output
 * ("Commit messages") already give their units a structural scope key of their own (scope.ts), and
 * example sections hide their units; a plain title ("Workflow", "Prerequisites", "Phase 2") is no
 * evidence of anything, so what it holds is compared with the rest of the prompt.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import data from '../data/section-titles.json' with { type: 'json' };
import { differentParallels, promptScopes } from './scope.js';
import { memoized } from './memo.js';

const SITUATIONS = new Set(data.situations.map((w) => w.toLowerCase()));
const PHRASES = data.phrases.map((p) => ` ${p.toLowerCase()} `);
const MODE_WORDS = new Set(data.modeWords);
const NOT_VARIANT = new Set(data.notVariant);

const situationCache = new Map<string, boolean>();

/**
 * A title that names a situation, an audience, a platform, a channel, a language or a variant:
 * what the section says may hold there only ("Staging", "For beginners", "iOS", "Python", "Agent
 * mode", "Variant B", "Option 2").
 */
export function namesSituation(title: string): boolean {
  let out = situationCache.get(title);
  if (out !== undefined) return out;
  const words = title
    .toLowerCase()
    .replace(/\]\([^)]*\)/g, ']')
    .split(/[^\p{L}\p{N}#+.'-]+/u)
    .map((w) => w.replace(/^[.'-]+|[.'-]+$/g, ''))
    .filter(Boolean);
  const spaced = ` ${words.join(' ')} `;
  out =
    words.some((w) => SITUATIONS.has(w)) ||
    PHRASES.some((p) => spaced.includes(p)) ||
    words.some((w, i) => MODE_WORDS.has(w) && ((i > 0 && !NOT_VARIANT.has(words[i - 1]!) && !/^\d+$/.test(words[i - 1]!)) || /^(?:\d+|[a-z])$/.test(words[i + 1] ?? '')));
  if (situationCache.size > 10_000) situationCache.clear();
  situationCache.set(title, out);
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
 * True when two units of one prompt may be compared as one set of rules: same section, or no
 * positive evidence of scope between them (see the file comment). Units of different prompts: the
 * caller decides.
 */
export function sameRuleSet(doc: PromptDocument, prompt: Prompt, a: Unit, b: Unit): boolean {
  if (a.section === b.section) return true;
  // the answer depends on the two sections only (a unit's parallels are its section's): memoized
  const memo = pairMemo(prompt);
  const key = a.section < b.section ? a.section * 65536 + b.section : b.section * 65536 + a.section;
  let out = memo.get(key);
  if (out === undefined) memo.set(key, (out = compareSections(doc, prompt, a, b)));
  return out;
}

const pairMemo = memoized((_prompt: Prompt) => new Map<number, boolean>());

function compareSections(doc: PromptDocument, prompt: Prompt, a: Unit, b: Unit): boolean {
  const ca = chain(prompt, a.section);
  const cb = chain(prompt, b.section);
  const common = ca.find((s) => cb.includes(s));
  const below = (c: number[]) => c.slice(0, common === undefined ? c.length : c.indexOf(common));
  if ([...below(ca), ...below(cb)].some((s) => prompt.sections[s]?.depth !== 0 && namesSituation(prompt.sections[s]?.title ?? ''))) return false;
  const scopeOf = promptScopes(prompt, doc.file.text);
  return !differentParallels(scopeOf(a), scopeOf(b));
}
