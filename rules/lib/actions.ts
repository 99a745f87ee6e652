/**
 * Direct instructions reduced to (polarity, action) for conflicting-instruction: "Always run the
 * tests before committing." → (+, run test befor commit), "Never run the tests before committing."
 * → (−, run test befor commit). The action is the rest of the sentence after the modal or negation,
 * as Porter stems without function words, so inflections and articles do not matter but every
 * content word, condition and object does: two instructions contradict only when their actions are
 * equal word for word and their polarities differ. Precision over recall.
 *
 * Negatives: "never X", "do not X" / "don't X", "must not X", "should not X", "avoid X-ing".
 * Positives: "always X", "must X", "should X", "make sure to X", and a bare imperative "X" whose
 * verb is the verb of some negative in the same prompt (so most sentences are never analysed).
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import lexicon from '../data/actions.json' with { type: 'json' };
import { unitScopes } from './scope.js';
import { sentencesOf, stem, stemSet, tokenize } from './words.js';

export interface Action {
  readonly polarity: 1 | -1;
  /** Stems of the action, in order. */
  readonly key: string;
  /** The action as written (for messages). */
  readonly text: string;
  readonly scope: string;
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly sentence: string;
}

const STOP = stemSet(lexicon.stopwords);
const WEAK = stemSet(lexicon.weakVerbs);

const NEGATIVE = new RegExp(`^(?:${lexicon.negativeOpeners.map((o) => o.replace(/ /g, '\\s+')).join('|')})\\s+`, 'i');
const POSITIVE = new RegExp(`^(?:${lexicon.positiveOpeners.map((o) => o.replace(/ /g, '\\s+')).join('|')})\\s+`, 'i');
const LEADER = new RegExp(`^(?:(?:${lexicon.leaders.map((o) => o.replace(/ /g, '\\s+')).join('|')})\\s*[,:]?\\s+)+`, 'i');
/** A cheap test that a sentence could be a negative instruction. */
const NEG_TRIGGER = /\b(?:never|not|don't|dont|avoid|mustn't|shouldn't|cannot|can't)\b/i;

interface Parsed {
  polarity: 1 | -1;
  key: string;
  text: string;
  verb: string;
}

function clean(sentence: string): string {
  return sentence
    .trim()
    .replace(/^[-*+>\s]+/, '')
    .replace(/[*_]{1,3}/g, '')
    .replace(/[.!;:]+$/, '')
    .trim();
}

/** Parses "never X" / "always X" / bare "X" into polarity and action key (`bare` allows the imperative form). */
function parse(sentence: string, bare: boolean): Parsed | undefined {
  let s = clean(sentence);
  if (!s || s.endsWith('?') || /[{}]/.test(s) || s.length > 200) return undefined;
  s = s.replace(LEADER, '');
  let polarity: 1 | -1;
  let rest: string;
  const neg = NEGATIVE.exec(s);
  if (neg) {
    polarity = -1;
    rest = s.slice(neg[0].length);
    if (/^avoid$/i.test(neg[0].trim())) rest = rest.replace(/^(\w+?)ing\b/i, '$1');
  } else {
    const pos = POSITIVE.exec(s);
    if (pos) {
      polarity = 1;
      rest = s.slice(pos[0].length);
    } else if (bare) {
      polarity = 1;
      rest = s;
    } else return undefined;
  }
  // a second negation or a modal inside ("never not X", "always avoid X") is too subtle
  if (/\b(?:not|never|no|don't|avoid|without|unless|except|only)\b/i.test(rest) && polarity === 1 && !bare) return undefined;
  if (/\b(?:not|never|don't)\b/i.test(rest)) return undefined;
  const tokens = tokenize(rest).filter((t) => t.kind !== 'punct' || t.raw === ',');
  const words: string[] = [];
  for (const t of tokens) {
    if (t.raw === ',') continue;
    if (t.kind === 'word' && STOP.has(t.stem)) continue;
    words.push(t.kind === 'word' ? t.stem : t.lower);
  }
  if (words.length < 2 || words.length > 20) return undefined;
  const content = words.filter((w) => !WEAK.has(w));
  if (content.length < 2) return undefined;
  return { polarity, key: words.join(' '), text: rest.trim(), verb: words[0]! };
}

const docCache = new WeakMap<PromptDocument, readonly Action[]>();

/** Every direct instruction of a document that may take part in a contradiction (memoized). */
export function actions(doc: PromptDocument): readonly Action[] {
  let out = docCache.get(doc);
  if (out) return out;
  const list: Action[] = [];
  for (const prompt of doc.prompts) {
    const scopeOf = unitScopes(doc, prompt);
    const candidates = prompt.units.filter((u) => u.isInstruction && u.context !== 'table-row');
    // negatives first: their verbs decide which bare imperatives are worth reading
    const verbs = new Set<string>();
    const found: Action[] = [];
    const sentencesByUnit = new Map<Unit, string[]>();
    for (const unit of candidates) {
      if (!NEG_TRIGGER.test(unit.text)) continue;
      const sentences = sentencesOf(unit.text);
      sentencesByUnit.set(unit, sentences);
      for (const sentence of sentences) {
        const p = parse(sentence, false);
        if (!p || p.polarity !== -1) continue;
        const scope = scopeOf(unit);
        if (scope.hidden) continue;
        verbs.add(p.verb);
        found.push({ polarity: -1, key: p.key, text: p.text, scope: scope.key, prompt, unit, sentence });
      }
    }
    if (verbs.size) {
      for (const unit of candidates) {
        const sentences = sentencesByUnit.get(unit) ?? sentencesOf(unit.text);
        for (const sentence of sentences) {
          const first = /^[\s\-*+>_]*(?:(?:always|you\s+must|you\s+should|must|should|make\s+sure\s+to|be\s+sure\s+to|remember\s+to|please)\s+)?([A-Za-z]+)/i.exec(sentence);
          if (!first || !verbs.has(stem(first[1]!.toLowerCase()))) continue;
          const p = parse(sentence, true);
          if (!p || p.polarity !== 1) continue;
          const scope = scopeOf(unit);
          if (scope.hidden) continue;
          found.push({ polarity: 1, key: p.key, text: p.text, scope: scope.key, prompt, unit, sentence });
        }
      }
    }
    found.sort((a, b) => a.unit.range.start - b.unit.range.start);
    list.push(...found);
  }
  out = list;
  docCache.set(doc, out);
  return out;
}
