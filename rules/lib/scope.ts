/**
 * Where an instruction applies, as far as the document's structure says: the prompt it is in, the
 * section titles above it that name a scope ("## When writing commit messages"), and the list
 * lead-ins it hangs from ("For tool calls:"). Two rules are only ever compared when their structural
 * scopes are equal; a section or lead-in that blurs polarity ("## Don'ts") or holds samples
 * ("## Example output") hides its units from the extractors altogether.
 *
 * Conservative by design: any title that is not made of neutral words ("Formatting", "Response
 * style", "Rules") narrows the scope. Memoized per prompt.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import { slots } from '../../server/src/model/shapes.js';
import scopes from '../data/scopes.json' with { type: 'json' };
import { stemSet, tokenize } from './words.js';

export interface UnitScope {
  /** Structural scope key: equal keys may be compared. */
  readonly key: string;
  /** True when the unit sits under a negative, example or otherwise unreliable heading or lead-in. */
  readonly hidden: boolean;
}

const NEUTRAL = stemSet(scopes.neutralWords);
const NEGATIVE = stemSet(scopes.negativeWords);
const EXAMPLE = stemSet(scopes.exampleWords);

type TitleClass = 'neutral' | 'hidden' | string;

const titleCache = new Map<string, TitleClass>();

/** Classifies a heading or lead-in: 'neutral', 'hidden', or the scope key it contributes. */
export function classifyTitle(title: string): TitleClass {
  let c = titleCache.get(title);
  if (c !== undefined) return c;
  const words = tokenize(title).filter((t) => t.kind === 'word' || t.kind === 'code');
  c = 'neutral';
  const scoped: string[] = [];
  for (const w of words) {
    if (w.kind === 'code') {
      scoped.push(w.lower);
      continue;
    }
    if (NEGATIVE.has(w.stem) || NEGATIVE.has(w.lower) || EXAMPLE.has(w.stem)) {
      c = 'hidden';
      break;
    }
    if (!NEUTRAL.has(w.stem) && !NEUTRAL.has(w.lower)) scoped.push(w.stem);
  }
  if (c !== 'hidden' && scoped.length) c = scoped.join(' ');
  if (titleCache.size > 10_000) titleCache.clear();
  titleCache.set(title, c);
  return c;
}

export type ScopeOf = (unit: Unit) => UnitScope;

const cache = new WeakMap<Prompt, ScopeOf>();

/** Structural scope of the units of a prompt, computed lazily per unit (memoized per prompt). */
export function unitScopes(doc: PromptDocument, prompt: Prompt): ScopeOf {
  let scopeOf = cache.get(prompt);
  if (scopeOf) return scopeOf;
  // built on the first question: most prompts never ask
  let computed: ScopeOf | undefined;
  scopeOf = (unit) => (computed ??= computeScopes(doc, prompt))(unit);
  cache.set(prompt, scopeOf);
  return scopeOf;
}

function computeScopes(doc: PromptDocument, prompt: Prompt): ScopeOf {
  // Section scopes, classified on first use: most sections hold no directive.
  const sections = prompt.sections;
  const sectionScope = slots<UnitScope>(sections.length);
  const scopeOfSection = (i: number): UnitScope => {
    let scope = sectionScope[i];
    if (scope) return scope;
    const s = sections[i]!;
    const parent = s.parent >= 0 ? scopeOfSection(s.parent) : undefined;
    const c = s.depth === 0 ? 'neutral' : classifyTitle(s.title);
    const parentKey = parent?.key ?? '';
    const hidden = (parent?.hidden ?? false) || c === 'hidden';
    const key = c === 'neutral' || c === 'hidden' ? parentKey : parentKey ? `${parentKey} / ${c}` : c;
    scope = { key, hidden };
    sectionScope[i] = scope;
    return scope;
  };

  const text = doc.file.text;
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
    const sec = u.section >= 0 && u.section < sections.length ? scopeOfSection(u.section) : { key: '', hidden: false };
    let key = sec.key;
    let hidden = sec.hidden;
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
      else if (c !== 'neutral') key = key ? `${key} / ${c}` : c;
    }
    scope = { key, hidden };
    memo[u.index] = scope;
    return scope;
  };
}
