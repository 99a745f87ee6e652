/**
 * Direct instructions reduced to (polarity, action) for conflicting-instruction: "Always run the
 * tests before committing." → (+, run test befor commit), "Never run the tests before committing."
 * → (−, run test befor commit). The action is the rest of the sentence after the modal or negation,
 * as Porter stems without function words, each word in the canonical form of its synonyms in the
 * lexicon ("utilize" is "use", "reply" is "respond"), so inflections, articles and wording do not
 * matter but every content word, condition and object does: two instructions contradict when their
 * actions are equal and their polarities differ. One looser match: a prohibition of the whole action
 * ("Do not use the search tool.") against the same action with a purpose ("Use the search tool to
 * find files."), never against a condition ("… when asked", "… unless …", "only …"). An action
 * whose object is deictic ("use this tool", "commit it") points outside its sentence and is never
 * compared. Precision over recall.
 *
 * Negatives: "never X", "do not X" / "don't (ever) X", "must not X", "must never X", "avoid X-ing",
 * "refrain from X-ing", "under no circumstances X". Positives: "always X", "must X", "should X",
 * "make sure to X", "be sure to X", and a bare imperative "X" whose verb is the verb of some negative
 * in the same prompt (so most sentences are never analysed).
 */
import type { FrontmatterField, Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import lexicon from '../data/actions.json' with { type: 'json' };
import { unitScopes, type ScopeOf } from './scope.js';
import { memoized } from './memo.js';
import { providedNegatives, providedPositives } from './actions-precompute.js';
import { asciiLettersEnd, isOneSentence, leadingLetters, opening, openingOf, stem, stemSet, tokenize, unitSentences } from './words.js';

export interface Action {
  readonly polarity: 1 | -1;
  /** Stems of the action, in order. */
  readonly key: string;
  /** A positive's action without its purpose clause, when it has one and no condition. */
  readonly core?: string;
  /**
   * A strong requirement's action without its occasion ("Always run Prettier before committing",
   * "You must write a changelog entry for every change"): it meets an absolute prohibition of the
   * whole action ("Never run Prettier."), which admits no occasion.
   */
  readonly occasion?: string;
  /**
   * A requirement done with a named thing ("Declare variables with `var`", "Style components with
   * inline styles"): "use" and that thing. It meets only absolute prohibitions of using it ("Using
   * `var` is not allowed."), as an occasion does.
   */
  readonly instrument?: string;
  /**
   * A prohibition of a noun and its object read as the noun's verb on the object ("abbrevi variabl
   * name" of "Avoid abbreviations in variable names"): it meets "Abbreviate variable names.".
   */
  readonly nominal?: string;
  /** The action as written (for messages). */
  readonly text: string;
  readonly scope: string;
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly sentence: string;
}

const STOP = stemSet(lexicon.stopwords);
const WEAK = stemSet(lexicon.weakVerbs);
const DEICTIC = new Set(lexicon.deictic);
const CONDITION = new Set(lexicon.conditionWords);
/** Stem of a synonym → stem of its canonical word. */
const CANON = new Map<string, string>();
for (const [word, synonyms] of Object.entries(lexicon.synonyms)) for (const s of synonyms) CANON.set(stem(s), stem(word));
const canon = (s: string): string => CANON.get(s) ?? s;
const PURPOSE = lexicon.purposeMarkers.map((m) => m.split(' '));
const PURPOSE_FIRST = new Set(PURPOSE.map((m) => m[0]!));
/** Words that open the occasion of a requirement ("before committing", "when you finish", "for every change"). */
const OCCASION = new Set(lexicon.occasionWords);
/** Words that open what a requirement is done with ("with", "using", "via"). */
const INSTRUMENT = new Set(lexicon.instrumentMarkers);
const USE_STEM = canon(stem(lexicon.impliedVerb));
const INSTRUMENT_TEXT = new RegExp(`\\b(?:${lexicon.instrumentMarkers.join('|')})\\b`, 'i');
/** A prohibition with the first verb also covers a requirement with one of the others ("Never use X" / "Add X", "Offer X"). */
export const COVERING: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const [a, b] of lexicon.coveringVerbs as [string, string][]) {
    const [ban, covered] = [canon(stem(a)), canon(stem(b))];
    out.set(ban, [...(out.get(ban) ?? []), covered]);
  }
  return out;
})();

const DETERMINER = /^(?:the|a|an|your|our|its|their|every|each|all|this|that|these|those|my)$/;
/** First words that make a sentence a statement, not an imperative. */
const SUBJECT_WORDS = new Set(['we', 'i', 'they', 'he', 'she', 'our', 'my', 'users', 'user', 'there', 'here', 'what', 'when', 'if', 'how', 'why', 'which', 'who', 'code', 'tests', 'is', 'are']);
/** A requirement that admits no exception: "always", "must", "every". */
const STRONG = /\b(?:always|must|every|each|whenever)\b/i;

const alternation = (phrases: readonly string[]): string =>
  [...phrases].sort((a, b) => b.length - a.length).map((o) => o.replace(/ /g, '\\s+')).join('|');
/** The third person of a "you …" opener ("you are allowed to" → "is allowed to", "you don't" → "doesn't"). */
const THIRD_PERSON: readonly [RegExp, string][] = [
  [/^are\b/, 'is'],
  [/^'re\b/, ' is'],
  [/^do not\b/, 'does not'],
  [/^don't\b/, "doesn't"],
  [/^have to\b/, 'has to'],
  [/^need to\b/, 'needs to'],
];
/**
 * "The agent may open pull requests", "The assistant must not …": an opener with the agent as its
 * subject is the "you …" opener ("you may", "you must not"), for the subjects of `agentSubjects`.
 */
function withAgentSubjects(openers: readonly string[]): string[] {
  const out = [...openers];
  for (const o of openers) {
    if (!o.startsWith('you ') && !o.startsWith("you'")) continue;
    let verb = o.startsWith("you'") ? o.slice(3) : o.slice(4);
    for (const [from, to] of THIRD_PERSON) verb = verb.replace(from, to);
    verb = verb.trim();
    const plural = o.startsWith("you'") ? o.slice(3).replace(/^'re\b/, 'are') : o.slice(4);
    for (const subject of lexicon.agentSubjects) out.push(`${subject} ${/s$/.test(subject) ? plural : verb}`);
  }
  return out;
}
const NEGATIVE_OPENERS = withAgentSubjects(lexicon.negativeOpeners);
const POSITIVE_OPENERS = withAgentSubjects(lexicon.positiveOpeners);
const NEGATIVE = new RegExp(`^(?:${alternation(NEGATIVE_OPENERS)})\\s+`, 'i');
const POSITIVE = new RegExp(`^(?:${alternation(POSITIVE_OPENERS)})\\s+`, 'i');
const LEADER = new RegExp(`^(?:(?:${alternation(lexicon.leaders)})\\s*[,:]?\\s+)+`, 'i');
/** First words of the leaders and positive openers: only sentences opening with one need `FIRST_WORD`. */
const OPENER_WORDS = new Set([...lexicon.leaders, ...POSITIVE_OPENERS].map((o) => o.split(' ')[0]!));
/**
 * The first word of a sentence, lower-cased, after list markers and emphasis (what
 * `/^[\s\-*+>_]*([A-Za-z]+)/` captures), read without a regular expression: it runs on every
 * sentence of a prompt that has a prohibition, and a match array per sentence showed in the profile.
 */
function bareWord(sentence: string): string | undefined {
  const start = wordStart(sentence);
  const end = asciiLettersEnd(sentence, start);
  return end > start ? sentence.slice(start, end).toLowerCase() : undefined;
}

/** Where a sentence's first word starts, after list markers, emphasis and spaces. */
function wordStart(sentence: string): number {
  let i = 0;
  const n = sentence.length;
  for (; i < n; i++) {
    const c = sentence.charCodeAt(i);
    if (c === 45 || c === 42 || c === 43 || c === 62 || c === 95 || c === 32 || (c >= 9 && c <= 13)) continue;
    if (c > 127 && /\s/.test(sentence[i]!)) continue;
    break;
  }
  return i;
}

/** First words (letters only, as `bareWord` reads them) of the negative openers and the leaders. */
const NEGATIVE_FIRST_WORDS = new Set([...NEGATIVE_OPENERS, ...lexicon.leaders, ...lexicon.leadingConditions].map(leadingLetters));
/** First words of a leading condition clause ("When …, use …"). */
const CONDITION_FIRST_WORDS = new Set(lexicon.leadingConditions);

/**
 * False when `sentence` cannot open with a negative opener, as `parse` reads it: its first word is
 * no opener's or leader's first word. `parse` cleans the sentence first (list markers, emphasis),
 * and `bareWord` skips the same marks; emphasis inside the first word ("Ne**ver**") is left to `parse`.
 */
function mayBeNegative(sentence: string): boolean {
  const start = wordStart(sentence);
  const end = asciiLettersEnd(sentence, start);
  if (end === start) return false;
  const after = sentence.charCodeAt(end);
  return after === 42 || after === 95 /* * _ */ || NEGATIVE_FIRST_WORDS.has(sentence.slice(start, end).toLowerCase());
}

/** The first word of a possible positive instruction, after its opener (the verb to look up). */
const FIRST_WORD = new RegExp(`^[\\s\\-*+>_]*(?:(?:${alternation(lexicon.leaders)})\\s*[,:]?\\s+)*(?:(?:${alternation(POSITIVE_OPENERS)})\\s+)?([A-Za-z]+)`, 'i');
/** A cheap test that a sentence could be a negative instruction. */
const NEG_TRIGGER = /\b(?:never|not|don't|dont|avoid|mustn't|shouldn't|cannot|can't|refrain|circumstances|no|forbidden|prohibited|banned|disallowed|off[- ]limits|steer\s+clear|stay\s+away|keep\s+away|no-go)\b/i;

/** Openers followed by a noun phrase ("Avoid default exports", "No force pushes", "Prefer named exports"). */
const NOUN_OPENERS = new Set(lexicon.nounOpeners);
const IMPLIED_VERB = lexicon.impliedVerb;
const NO_NOUN_BLOCKERS = new Set(lexicon.noNounBlockers);
/** "The `deploy` tool is forbidden.", "Using Bash is forbidden.": a subject and a prohibition. */
const PROHIBITION_TAIL = new RegExp(`^(.{2,80}?)\\s+(?:${alternation(lexicon.prohibitionTails)})$`, 'i');
/** Positive openers that take a noun phrase ("Prefer class components."): their implied verb is looked up. */
const POSITIVE_NOUN_OPENER = new RegExp(`^[\\s\\-*+>_]*(?:${alternation(lexicon.nounOpeners.filter((o) => lexicon.positiveOpeners.includes(o)))})\\s+`, 'i');

/** `rest` with the implied verb put before a noun phrase ("default exports" → "use default exports"). */
function withImpliedVerb(rest: string): string {
  const first = /^[A-Za-z]+/.exec(rest)?.[0].toLowerCase() ?? '';
  return first.endsWith('ing') && first.length > 4 ? rest : `${IMPLIED_VERB} ${rest}`;
}

/**
 * "Nested ternaries are preferred.", "Raw SQL is fine.", "Nested ternaries are the preferred way to
 * pick between values.": a subject and a requirement or permission of using it (the purpose, when
 * given, stays as one).
 */
const POSITIVE_TAIL = new RegExp(`^([^,;:]{2,60}?)\\s+(?:(?:${alternation(lexicon.positiveTails)})|(?:is|are)\\s+(?:the\\s+)?preferred\\s+(?:${alternation(lexicon.preferredWays)})((?:\\s+(?:to|for)\\s+.+)?))$`, 'i');
/** "Library code should use default exports.": a subject, a modal and the verb after it. */
const SUBJECT_MODAL = new RegExp(`^((?:[A-Za-z\`][\\w\`./-]*\\s+){0,3}[A-Za-z\`][\\w\`./-]*)\\s+(?:${alternation(lexicon.subjectModals)})\\s+(?!not\\b|never\\b|be\\b|also\\b|only\\b|always\\b)([A-Za-z]+)\\b(.*)$`, 'i');
/**
 * "Branches must be deleted after merging.", "Secrets must never be logged.": a subject, a modal, an
 * optional negation, "be" and a regular participle (what the rest of the sentence adds follows).
 */
const PASSIVE = new RegExp(`^((?:[A-Za-z\`][\\w\`./-]*\\s+){0,3}[A-Za-z\`][\\w\`./-]*)\\s+(?:${alternation(lexicon.subjectModals)})\\s+(not\\s+|never\\s+)?(?:always\\s+|ever\\s+)?be\\s+([a-z]{3,}ed)\\b(.*)$`, 'i');

/** A passive `PASSIVE` reads: the participle, whether it is negated, and the sentence as an active imperative. */
function passiveOf(s: string): { verb: string; negative: boolean; active: string } | undefined {
  const m = PASSIVE.exec(s);
  if (!m) return undefined;
  const subject = m[1]!.trim();
  if (NON_PLACE_SUBJECT.test(subject.toLowerCase()) || /^(?:you|we|i|they|it|this|that|these|those|there|he|she)\b/i.test(subject) || DEICTIC.has(subject.toLowerCase())) return undefined;
  return { verb: m[3]!, negative: !!m[2], active: `${m[3]} ${subject.replace(/^(?:the|a|an|all|every|each|any)\s+/i, '')}${m[4]}` };
}

/** A cheap test that a sentence could be read by `POSITIVE_TAIL` or `SUBJECT_MODAL`. */
const STATEMENT_CUE = /\b(?:should|must|shall|needs?\s+to|ha(?:s|ve)\s+to|(?:is|are)\s+to|preferred|encouraged|recommended|allowed|permitted|fine|ok|okay|welcome)\b/i;
const NON_PLACE_SUBJECT = new RegExp(`^(?:${alternation(lexicon.nonPlaceSubjects)})$`, 'i');
/** Words of a statement's subject that make it no plain subject ("Only X is allowed", "No X is fine"). */
const SUBJECT_BLOCKERS = /\b(?:not|never|no|only|unless|except|without|if|when|whether|nothing|none)\b|n't\b/i;
/** "… on its own", "… wherever you can": how freely a requirement holds, not where. */
const MANNER = new RegExp(`\\s+(?:${alternation(lexicon.mannerPhrases)})$`, 'i');

/** The verb of a statement that `parse` reads when `statement` is set, or "use" for a positive tail; undefined for none. */
function statementWord(sentence: string): string | undefined {
  if (!STATEMENT_CUE.test(sentence)) return undefined;
  const s = clean(sentence).replace(LEADER, '');
  const passive = passiveOf(s);
  if (passive) return passive.negative ? undefined : passive.verb;
  const tail = POSITIVE_TAIL.exec(s);
  if (tail) return SUBJECT_BLOCKERS.test(tail[1]!) ? undefined : IMPLIED_VERB;
  const m = SUBJECT_MODAL.exec(s);
  if (!m || !placeSubject(m[1]!)) return undefined;
  return m[2]!.toLowerCase();
}

/** A subject that says where a rule holds ("Library code", "Controllers"), not who follows it ("We", "You", "The agent"). */
function placeSubject(subject: string): boolean {
  const s = subject.trim().toLowerCase();
  if (NON_PLACE_SUBJECT.test(s) || SUBJECT_BLOCKERS.test(s) || POSITIVE.test(`${s} must `) || NEGATIVE.test(`${s} must not `)) return false;
  return !lexicon.agentSubjects.includes(s) && !/^(?:you|we|i|they|it)\b/.test(s);
}

/** A negative opener, then an aside of one to four words between commas ("Do not, under any circumstances, …"). */
const ASIDE_AFTER_OPENER = new RegExp(`^(${alternation(NEGATIVE_OPENERS)})\\s*,\\s*(?:[A-Za-z]+\\s+){0,3}[A-Za-z]+\\s*,\\s*`, 'i');

/** A sentence that opens with a condition clause and a comma: the clause and the rest. */
const LEADING_CONDITION = new RegExp(`^((?:${lexicon.leadingConditions.join('|')})\\s[^,;:]{3,80}),\\s+(\\S.*)$`, 'i');

/** Verbs whose subject is what they act on ("Every reply must end with …" is "end every reply with …"). */
const ERGATIVE = new Set(lexicon.ergativeVerbs);
/** "abbreviations in variable names": a plural noun, a preposition and its object. */
const NOMINAL = new RegExp(`^([A-Za-z]{4,}s)\\s+(?:${lexicon.nominalPrepositions.join('|')})\\s+(.{2,60})$`, 'i');

/** The key `parse` makes of a phrase: stems without stop words, in their canonical form. */
function keyOf(text: string): string {
  return tokenize(text)
    .filter((t) => t.kind !== 'punct' && !(t.kind === 'word' && STOP.has(t.stem)))
    .map((t) => (t.kind === 'word' ? canon(t.stem) : t.lower))
    .join(' ');
}

/**
 * A name in code is the name written plain ("Install packages with `yarn`" uses yarn, as "Don't reach
 * for yarn" forbids it): one word of letters, in code, is keyed as its stem; anything else in code
 * (a command, a path, a call) stays as written.
 */
function plainCode(lower: string): string {
  return /^`[a-z]+`$/.test(lower) ? canon(stem(lower.slice(1, -1))) : lower;
}

/** A trailing place that is the whole project ("… to the code", "… in this repository"). */
const GENERIC_PLACE = new RegExp(`\\s+(?:in|into|to|within|inside|across)\\s+(?:the\\s+|your\\s+|our\\s+|this\\s+)?(?:${alternation(lexicon.genericPlaces)})$`, 'i');

interface Parsed {
  polarity: 1 | -1;
  key: string;
  /** A positive's action without its purpose ("use search tool" of "Use the search tool to find files"). */
  core?: string;
  /** A strong positive's action without its occasion ("run prettier" of "Always run Prettier before committing"). */
  occasion?: string;
  /** "use inlin style" of "Style components with inline styles". */
  instrument?: string;
  /** "abbrevi variabl name" of "Avoid abbreviations in variable names". */
  nominal?: string;
  text: string;
  verb: string;
}

/** The last sentence `clean` read, and its result: the readers clean one sentence two or three times in a row. */
let cleanedFrom: string | undefined;
let cleaned = '';

function clean(sentence: string): string {
  if (sentence === cleanedFrom) return cleaned;
  cleanedFrom = sentence;
  return (cleaned =
    sentence
      .trim()
      .replace(/^[-*+>\s]+/, '')
      .replace(/[*_]{1,3}/g, '')
      // an aside says why or adds a remark ("Never commit changes; the user commits.", "… (it is
      // faster)", "… - see the README"): not part of the action
      .replace(/\s*(?:;|\s[-\u2013]\s|\u2014).*$/s, '')
      .replace(/\s*\([^()]{1,120}\)/g, '')
      .replace(/[.!;:]+$/, '')
      .trim());
}

/**
 * Parses "never X" / "always X" / bare "X" into polarity and action key: with `bare` a requirement
 * (the imperative form allowed) or a prohibition, without it only a prohibition (what
 * `negativeReads` keeps).
 */
function parse(sentence: string, bare: boolean, statement = false): Parsed | undefined {
  // "Use artifacts for:" leads in a list; the items say what it means
  if (/:\s*$/.test(sentence)) return undefined;
  let s = clean(sentence);
  if (!s || s.endsWith('?') || /[{}]/.test(s) || s.length > 200) return undefined;
  s = s.replace(LEADER, '');
  // "When you talk to customers, use technical terms." is "use technical terms when you talk to customers"
  const lead = LEADING_CONDITION.exec(s);
  if (lead) s = `${lead[2]} ${lead[1]}`;
  /** A statement reshaped into an imperative is shown as written. */
  let written: string | undefined;
  // "Branches must be deleted after merging." is "deleted branches after merging" (stems as "delete …")
  const passive = passiveOf(s);
  if (passive) {
    written = s;
    s = passive.negative ? `never ${passive.active}` : passive.active;
  } else if (bare) {
    // "Nested ternaries are preferred." is "use nested ternaries"; "X is the preferred way to Y", with its purpose
    const tail = PROHIBITION_TAIL.test(s) ? null : POSITIVE_TAIL.exec(s);
    if (tail && !SUBJECT_BLOCKERS.test(tail[1]!)) {
      written = s;
      s = `${withImpliedVerb(tail[1]!.replace(/^(?:the|a|an)\s+/i, ''))}${tail[2] ?? ''}`;
    }
    else if (statement) {
      // "Library code should use default exports." is "use default exports in library code"
      const m = SUBJECT_MODAL.exec(s);
      if (!m || !placeSubject(m[1]!)) return undefined;
      const subject = m[1]!.replace(/^(?:the|a|an|all|every|each|any)\s+/i, '');
      // "Every reply must end with a question" is "end every reply with a question"
      written = s;
      s = ERGATIVE.has(m[2]!.toLowerCase()) && /^\s+with\b/i.test(m[3]!) ? `${m[2]} ${subject}${m[3]}` : `${m[2]}${m[3]} in ${subject}`;
    }
  }
  let polarity: 1 | -1;
  let rest: string;
  let nominal: string | undefined;
  // "Do not, under any circumstances, delete …": an aside between the opener and the verb
  if (s.includes(',')) s = s.replace(ASIDE_AFTER_OPENER, '$1 ');
  const neg = NEGATIVE.exec(s);
  const tail = neg ? undefined : PROHIBITION_TAIL.exec(s);
  if (tail) {
    polarity = -1;
    rest = withImpliedVerb(tail[1]!.replace(/^(?:the|a|an)\s+/i, ''));
  } else if (neg) {
    polarity = -1;
    // "Don't add comments to the code": the whole project is no place that narrows the prohibition
    rest = s.slice(neg[0].length).replace(GENERIC_PLACE, '');
    const opener = neg[0].trim().toLowerCase().replace(/\s+/g, ' ');
    if (opener === 'no') {
      // "No force pushes." is a rule; "No problem is too small to report." is not
      const words = rest.toLowerCase().split(/\s+/);
      if (words.length > 8 || words.some((w) => NO_NOUN_BLOCKERS.has(w.replace(/[^a-z'-]/g, '')))) return undefined;
    }
    if (NOUN_OPENERS.has(opener)) {
      const n = NOMINAL.exec(rest);
      if (n) nominal = keyOf(`${n[1]} ${n[2]}`);
      rest = withImpliedVerb(rest);
    }
  } else {
    // no prohibition: read on only for a requirement
    if (!bare) return undefined;
    polarity = 1;
    const pos = POSITIVE.exec(s);
    if (pos) {
      rest = s.slice(pos[0].length).replace(MANNER, '');
      if (NOUN_OPENERS.has(pos[0].trim().toLowerCase().replace(/\s+/g, ' '))) rest = withImpliedVerb(rest);
    } else rest = s.replace(MANNER, '');
  }
  // a second negation inside ("never not X") is too subtle
  if (/\b(?:not|never)\b|n['’]t\b/i.test(rest)) return undefined;
  const tokens = tokenize(rest).filter((t) => t.kind !== 'punct' || t.raw === ',');
  // "use this tool", "commit it": the object is somewhere else
  const object = tokens.slice(1).find((t) => !/^(?:the|a|an)$/.test(t.lower));
  if (object && DEICTIC.has(object.lower)) return undefined;
  const words: string[] = [];
  let coreLength = 0;
  let occasionLength = 0;
  let objectNamed = false;
  let conditional = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.raw === ',') continue;
    if (CONDITION.has(t.lower)) conditional = true;
    // "to" before a determiner is a destination ("Add badges to the landing page"), not a purpose
    if (polarity === 1 && !coreLength && words.length >= 2 && PURPOSE_FIRST.has(t.lower) && PURPOSE.some((m) => m.every((w, k) => tokens[i + k]?.lower === w)) && !DETERMINER.test(tokens[i + 1]?.lower ?? '')) {
      coreLength = words.length;
    }
    // "… for debugging": a purpose too
    if (polarity === 1 && !coreLength && words.length >= 2 && t.lower === 'for' && /^[a-z]{3,}ing$/.test(tokens[i + 1]?.lower ?? '') && i + 2 >= tokens.length) coreLength = words.length;
    // "Always X before committing", "You must X for every change": the occasion, for a strong requirement;
    // "Prefer classes for services", "Prefer X over Y": an object the rule names, for any requirement
    if (polarity === 1 && !occasionLength && words.length >= 2 && (OCCASION.has(t.lower) || t.lower === 'over')) {
      occasionLength = words.length;
      objectNamed = t.lower === 'for' || t.lower === 'over';
    }
    if (t.kind === 'word' && STOP.has(t.stem)) continue;
    words.push(t.kind === 'word' ? canon(t.stem) : plainCode(t.lower));
  }
  if (words.length < 2 || words.length > 20) return undefined;
  const content = words.filter((w) => !WEAK.has(w));
  if (content.length < 2) return undefined;
  const core = polarity === 1 && coreLength && !conditional ? words.slice(0, coreLength) : undefined;
  const coreContent = core?.filter((w) => !WEAK.has(w));
  // "… with inline styles", "… using `var`": what the requirement is done with, at its end, unconditioned
  let instrument: string | undefined;
  if (polarity === 1 && !conditional) {
    let last = -1;
    for (let i = 1; i < tokens.length; i++) if (tokens[i]!.kind === 'word' && INSTRUMENT.has(tokens[i]!.lower)) last = i;
    const tail = last > 0 ? tokens.slice(last + 1).filter((t) => t.raw !== ',' && !(t.kind === 'word' && STOP.has(t.stem))) : [];
    if (tail.length >= 1 && tail.length <= 3 && !tail.some((t) => t.kind === 'word' && DEICTIC.has(t.lower))) instrument = [USE_STEM, ...tail.map((t) => (t.kind === 'word' ? canon(t.stem) : plainCode(t.lower)))].join(' ');
  }
  const occasion = polarity === 1 && occasionLength && (objectNamed ? !conditional || STRONG.test(sentence) : STRONG.test(sentence)) ? words.slice(0, occasionLength).filter((w) => !WEAK.has(w)) : undefined;
  return {
    polarity,
    key: words.join(' '),
    core: core && coreContent!.length >= 2 ? core.join(' ') : undefined,
    occasion: occasion && occasion.length >= 2 ? words.slice(0, occasionLength).join(' ') : undefined,
    instrument: instrument && instrument !== words.join(' ') ? instrument : undefined,
    text: written ?? rest.trim(),
    verb: words[0]!,
    nominal: nominal && nominal.includes(' ') && nominal !== words.join(' ') ? nominal : undefined,
  };
}

/** The prohibitions of one unit ("Never X", "Do not X"), with their verbs. */
function negatives(prompt: Prompt, unit: Unit, scopeOf: ScopeOf, verbs: Set<string>, found: Action[], reads?: readonly NegativeRead[]): void {
  const sentences = unitSentences(prompt, unit);
  for (const r of reads ?? negativeReads(sentences) ?? []) {
    const scope = scopeOf(unit);
    if (scope.hidden) continue;
    verbs.add(r.verb);
    if (r.nominal) verbs.add(r.nominal.split(' ', 1)[0]!);
    found.push({ polarity: -1, key: r.key, core: undefined, nominal: r.nominal, text: r.text, scope: scope.key, prompt, unit, sentence: sentences[r.at]! });
  }
}

/** A prohibition read from the sentence at `at` of a unit. */
export interface NegativeRead {
  readonly at: number;
  readonly verb: string;
  readonly key: string;
  readonly text: string;
  readonly nominal?: string;
}

/** The prohibitions among a unit's sentences (from their text alone), or null for none. */
export function negativeReads(sentences: readonly string[]): NegativeRead[] | null {
  let out: NegativeRead[] | null = null;
  for (let at = 0; at < sentences.length; at++) {
    const sentence = sentences[at]!;
    if (!mayBeNegative(sentence) && !PROHIBITION_TAIL.test(clean(sentence)) && !passiveOf(clean(sentence).replace(LEADER, ''))?.negative) continue;
    const p = parse(sentence, false);
    if (!p || p.polarity !== -1) continue;
    (out ??= []).push(p.nominal ? { at, verb: p.verb, key: p.key, text: p.text, nominal: p.nominal } : { at, verb: p.verb, key: p.key, text: p.text });
  }
  return out;
}

/** `NEG_TRIGGER`, the test a unit passes before its sentences are read for prohibitions. */
export const mayProhibit = (text: string): boolean => NEG_TRIGGER.test(text);

/**
 * The openings (see `opening`) of the words that can stand for one of `verbs`: the verbs' own and
 * their synonyms'. A word whose opening is not among them cannot have one of the verbs as its
 * canonical stem, and needs no stem. Undefined when a verb or synonym is too short to tell.
 */
function verbOpenings(verbs: ReadonlySet<string>): Set<number> | undefined {
  const out = new Set<number>();
  const add = (s: string): boolean => {
    if (s.length < 2) return false;
    out.add(opening(s));
    return true;
  };
  for (const v of verbs) if (!add(v)) return undefined;
  for (const [synonym, word] of CANON) if (verbs.has(word) && !add(synonym)) return undefined;
  return out;
}

/** Openings of the opener words: a sentence that opens with one is read past it for its verb. */
const OPENER_OPENINGS = new Set([...OPENER_WORDS].map(opening));
/** Openings of the words that open a leading condition: such a sentence is read past it. */
const CONDITION_OPENINGS = new Set(lexicon.leadingConditions.map(opening));

/** `opening(bareWord(sentence))`, without building the word; -1 when there is none. */
function bareOpening(sentence: string): number {
  const start = wordStart(sentence);
  const end = asciiLettersEnd(sentence, start);
  if (end === start) return -1;
  // ASCII letters: `| 32` lower-cases them, as `bareWord` does
  return openingOf(sentence.charCodeAt(start) | 32, sentence.charCodeAt(start + 1) | 32, end - start);
}

/** The word `positives` looks up for a sentence: its first word, or the verb after an opener ("Always run …"). */
function positiveWord(sentence: string): string | undefined {
  const word = bareWord(sentence);
  // "When you talk to customers, use …": the verb after the leading condition
  if (word && CONDITION_FIRST_WORDS.has(word)) {
    const lead = LEADING_CONDITION.exec(sentence.slice(wordStart(sentence)));
    return lead ? positiveWord(lead[2]!) : word;
  }
  if (!word || !OPENER_WORDS.has(word)) return word;
  const first = FIRST_WORD.exec(sentence);
  if (!first) return undefined;
  return POSITIVE_NOUN_OPENER.test(sentence) ? IMPLIED_VERB : first[1]!.toLowerCase();
}

/** A first word after which an instrument counts: not a determiner, a pronoun or a plural subject. */
function instrumentWord(word: string): boolean {
  return !STOP.has(stem(word)) && !SUBJECT_WORDS.has(word) && !/[^s]s$/.test(word);
}

/** A sentence's parse as a requirement, as `positives` makes it (`parse(sentence, true)`). */
export type PositiveParse = Parsed | undefined;

/** The parse provided for the sentence at `at`, or `null` when none was (parse it). */
function parsedAt(parsed: readonly (readonly [number, PositiveParse])[] | null | undefined, at: number): PositiveParse | null {
  if (!parsed) return null;
  for (const [k, p] of parsed) if (k === at) return p;
  return null;
}

/**
 * The sentences of a unit that `positives` may parse when the prohibitions' verbs are among
 * `verbs`, parsed: [sentence index, parse] pairs (pure over the text; `positives` parses any other
 * sentence it reaches itself), or null for none.
 */
export function positiveParses(text: string, sentences: readonly string[], verbs: ReadonlySet<string>, filter?: RequirementFilter): [number, PositiveParse][] | null {
  const withInstrument = verbs.has(USE_STEM) && INSTRUMENT_TEXT.test(text);
  let out: [number, PositiveParse][] | null = null;
  for (let at = 0; at < sentences.length; at++) {
    const r = positiveRead(sentences[at]!, verbs, undefined, withInstrument);
    if (!r || (filter && !meetsNeeds(sentences[at]!, filter.needs, filter.asked))) continue;
    (out ??= []).push([at, parse(sentences[at]!, true, r.statement)]);
  }
  return out;
}

interface PositiveRead {
  /** The first word is one of the prohibitions' verbs (or the statement's verb is). */
  readonly verbMatches: boolean;
  /** Read as a statement ("Library code should use …"), not as an imperative. */
  readonly statement: boolean;
}

/**
 * Whether `positives` reads a sentence, and how: as an imperative whose verb some prohibition has,
 * as a statement whose verb one has ("Library code should use default exports.", "Nested ternaries
 * are preferred."), or for what it is done with (`withInstrument`).
 */
function positiveRead(sentence: string, verbs: ReadonlySet<string>, openings: ReadonlySet<number> | undefined, withInstrument: boolean): PositiveRead | undefined {
  const word = positiveWord(sentence);
  if (word && (!openings || openings.has(opening(word))) && verbs.has(canon(stem(word)))) return { verbMatches: true, statement: false };
  const verb = statementWord(sentence);
  if (verb && verbs.has(canon(stem(verb)))) return { verbMatches: true, statement: verb !== IMPLIED_VERB || !POSITIVE_TAIL.test(clean(sentence).replace(LEADER, '')) };
  if (word && withInstrument && instrumentWord(word)) return { verbMatches: false, statement: false };
  return undefined;
}

/**
 * The words of an action's key, a command in code read word by word and stemmed as the key holds
 * words ("run `cargo clippy`" → run, cargo, clippi): what an absolute prohibition's object is
 * compared by (conflicting-instruction's `covers`).
 */
export function actionWords(key: string): string[] {
  return (key.match(/`[^`]*`|\S+/g) ?? []).flatMap((w) =>
    w.length > 2 && w.startsWith('`') && w.endsWith('`')
      ? w
          .slice(1, -1)
          .split(/\s+/)
          .filter(Boolean)
          .map((x) => (/^[a-z]+$/.test(x) ? stem(x) : x))
      : [w],
  );
}

/**
 * What a requirement's sentence must hold to meet some prohibition of its prompt (see
 * `requirementNeeds`): per prohibition, per word it needs, the openings (`opening`) that a word of
 * the sentence may have to give that word.
 */
export type RequirementNeeds = readonly (readonly (readonly number[])[])[];

/** Stems that `parse` puts into a requirement's words without its sentence holding them ("use", "in"). */
const INSERTED = new Set([USE_STEM, canon(stem('in'))]);
/** Stem → the stems of its synonyms (what `canon` makes it of). */
const SYNONYMS_OF = new Map<string, string[]>();
for (const [synonym, word] of CANON) SYNONYMS_OF.set(word, [...(SYNONYMS_OF.get(word) ?? []), synonym]);

/**
 * The openings of the words whose key word can be `word` (its own, its synonyms'), or undefined when
 * any word may give it (not a stem of two letters or more, or one `parse` inserts): a Porter stem
 * keeps its word's opening (`opening`), a key word is a word's canonical stem or a command's word stem.
 */
function needOf(word: string): number[] | undefined {
  if (INSERTED.has(word) || !/^[a-z]{2,}$/.test(word)) return undefined;
  const out = [opening(word)];
  for (const s of SYNONYMS_OF.get(word) ?? []) {
    if (!/^[a-z]{2}/.test(s)) return undefined;
    out.push(opening(s));
  }
  return out;
}

/**
 * What a requirement's sentence must hold to meet one of `negatives` in conflicting-instruction,
 * before it is parsed; null when any sentence may. A requirement meets a prohibition when one of its
 * keys (action, core, occasion, instrument) equals the prohibition's action or nominal reading
 * (every word of it then is a word of the requirement), or when an absolute prohibition covers it
 * (every word of the prohibition's object is one of the requirement's `actionWords`). Either way each
 * word of the prohibition's object (its words after the verb, by `actionWords`), or each word of its
 * nominal reading, comes from a word of the requirement's sentence, but for the words `parse`
 * inserts: the sentence has a word with one of that word's openings.
 */
export function requirementNeeds(negatives: Iterable<{ readonly key: string; readonly nominal?: string }>): RequirementNeeds | null {
  const out: (readonly number[])[][] = [];
  const add = (words: readonly string[]): boolean => {
    const need: number[][] = [];
    for (const w of words) {
      const n = needOf(w);
      if (n) need.push(n);
    }
    if (!need.length) return false;
    out.push(need);
    return true;
  };
  for (const n of negatives) {
    if (!add(actionWords(n.key).slice(1))) return null;
    if (n.nominal && !add(actionWords(n.nominal))) return null;
  }
  return out;
}

/** Scratch for `meetsNeeds`: the openings of the words of the sentence at hand that some need asks for. */
const present: number[] = [];

/**
 * False when `sentence` cannot give a requirement that meets a prohibition with these needs: no
 * prohibition has every word it needs among the sentence's words. The words are read as `parse`
 * reads them (after `clean`, which drops emphasis marks and asides in parentheses): at every letter
 * that follows no ASCII letter (a superset of where tokens start), the opening of the lower-cased
 * letter and the next. Other characters are not letters here: a word with one is no stem of ASCII
 * letters, and a letter after one is read as a start.
 */
export function meetsNeeds(sentence: string, needs: RequirementNeeds, asked: ReadonlySet<number>): boolean {
  // emphasis marks are skipped as `clean` drops them; with an aside in parentheses (dropped with
  // the spaces before it, joining what was apart) the words are read from `clean`'s own text
  const text = sentence.includes('(') ? clean(sentence) : sentence;
  present.length = 0;
  let afterLetter = false;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 42 || c === 95) continue; // * _
    // lower-cased as `toLowerCase` does: of the characters past ASCII only U+212A (Kelvin sign)
    // becomes an ASCII letter alone (U+0130 becomes "i" and a combining dot: no word of letters)
    if (c >= 65 && c <= 90) c |= 32;
    else if (c === 0x212a) c = 107;
    const letter = c >= 97 && c <= 122;
    if (first >= 0) {
      if (letter) {
        const o = openingOf(first, c, 2);
        if (asked.has(o)) present.push(o);
      }
      first = -1;
    }
    if (letter && !afterLetter) first = c;
    afterLetter = letter;
  }
  for (const need of needs) {
    let all = true;
    for (const word of need) {
      let found = false;
      for (const o of word) if (present.includes(o)) found = true;
      if (!found) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** Every opening that some word of `needs` asks for. */
export function askedOpenings(needs: RequirementNeeds): Set<number> {
  const out = new Set<number>();
  for (const need of needs) for (const word of need) for (const o of word) out.add(o);
  return out;
}

/** The requirements of one unit ("Always X", bare "X") whose verb some prohibition of the prompt has. */
function positives(prompt: Prompt, unit: Unit, scopeOf: ScopeOf, verbs: ReadonlySet<string>, openings: ReadonlySet<number> | undefined, found: Action[], banned?: ReadonlySet<string>, filter?: RequirementFilter): void {
  // a prohibition of using something meets a requirement done with it, whatever its verb
  const withInstrument = verbs.has(USE_STEM) && INSTRUMENT_TEXT.test(unit.text);
  if (openings && !withInstrument && isOneSentence(unit.text) && !STATEMENT_CUE.test(unit.text)) {
    // most units: one sentence whose first word is neither an opener nor one of the verbs (asked
    // without splitting the unit or building the word)
    const o = bareOpening(unit.text);
    if (o === -1 || (!openings.has(o) && !OPENER_OPENINGS.has(o) && !CONDITION_OPENINGS.has(o))) return;
  }
  const sentences = unitSentences(prompt, unit);
  // parses made on the counting thread in a parallel run (actions-precompute.ts)
  const parsed = providedPositives(prompt, unit);
  for (let at = 0; at < sentences.length; at++) {
    const sentence = sentences[at]!;
    // an instrument counts after an imperative: not after a determiner, a pronoun or a plural subject ("Users log in with …")
    const read = positiveRead(sentence, verbs, openings, withInstrument);
    // a requirement that can meet none of the prompt's prohibitions is not parsed (opposable actions)
    if (!read || (filter && !meetsNeeds(sentence, filter.needs, filter.asked))) continue;
    const verbMatches = read.verbMatches;
    const provided = parsedAt(parsed, at);
    const p = provided === null ? parse(sentence, true, read.statement) : provided;
    // read for its instrument only when some prohibition forbids using it (`banned`; any, in a task)
    if (!p || p.polarity !== 1 || (!verbMatches && (!p.instrument || (banned && !banned.has(p.instrument))))) continue;
    const scope = scopeOf(unit);
    if (scope.hidden) continue;
    found.push({ polarity: 1, key: p.key, core: p.core, occasion: p.occasion, instrument: p.instrument, text: p.text, scope: scope.key, prompt, unit, sentence });
  }
}

/**
 * Every direct instruction of a document that may take part in a contradiction (memoized, unless
 * read for a task). `taskVerbs` are the verbs of the prohibitions in the other files of a task: a
 * bare "Always use strict mode." is read when some file forbids that verb, not only its own.
 */
export function actions(doc: PromptDocument, taskVerbs?: ReadonlySet<string>): readonly Action[] {
  return taskVerbs ? readActions(doc, taskVerbs, false) : actionsOf(doc);
}

const actionsOf = memoized((doc: PromptDocument) => readActions(doc, undefined, false));

/**
 * The actions of a document that can oppose each other within it (memoized): every prohibition of
 * `actions(doc)`, and of its requirements those that can meet a prohibition of their own prompt
 * (`requirementNeeds`; the others are never parsed). What conflicting-instruction compares in one
 * document: it finds the same pairs in this list as in `actions(doc)`.
 */
export const opposableActions = memoized((doc: PromptDocument) => readActions(doc, undefined, true));

/** What a requirement's sentence must hold to be parsed (`meetsNeeds`). */
export interface RequirementFilter {
  readonly needs: RequirementNeeds;
  readonly asked: ReadonlySet<number>;
}

/** The filter of the requirements that can meet one of `negatives`, or undefined when any can. */
export function requirementFilter(negatives: Iterable<{ readonly key: string; readonly nominal?: string }>): RequirementFilter | undefined {
  const needs = requirementNeeds(negatives);
  return needs ? { needs, asked: askedOpenings(needs) } : undefined;
}

/** Lead-ins that make a list one of prohibitions ("Never:", "NOT in scope:"), as `leadInKey` reads them. */
const PROHIBITIVE_LEAD_INS = new Set(lexicon.prohibitiveLeadIns);
/** Name parts of XML-style tags that hold prohibitions (`<never_do>`, `<anti_patterns>`). */
const PROHIBITIVE_TAG_PARTS = new Set(lexicon.prohibitiveTags);

/** A lead-in's words as `PROHIBITIVE_LEAD_INS` holds them: lower-cased, no emphasis, no colon, no closing "the following". */
function leadInKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`#>]+/g, '')
    .replace(/[’]/g, "'")
    .replace(/\s*:\s*$/, '')
    .replace(/\s+(?:any\s+of\s+)?(?:the\s+following|these(?:\s+things)?|the\s+following\s+things)$/, '')
    .replace(/^[^a-z]+|[^a-z']+$/g, '')
    .replace(/\s+/g, ' ');
}

/** A tag name that names prohibitions: one of its parts (split at `_`, `-`, case changes) is a prohibitive word. */
function prohibitiveTag(name: string): boolean {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_-]+/)
    .some((part, k, parts) => PROHIBITIVE_TAG_PARTS.has(part) || (k > 0 && PROHIBITIVE_TAG_PARTS.has(parts[k - 1]! + part)));
}

/**
 * The list items of a prompt that are prohibitions written as bare imperatives: under a lead-in
 * that forbids ("Never:", "Do NOT do the following:", "NOT in scope:") or inside an XML-style tag
 * that names prohibitions (`<never_do>` … `</never_do>`). Their verbs would otherwise read as
 * requirements and contradict the prohibitions they restate (the fresh corpus's two false findings).
 */
function prohibitiveListItems(doc: PromptDocument, prompt: Prompt): Set<number> | undefined {
  let out: Set<number> | undefined;
  const units = prompt.units;
  // items after a prohibitive lead-in, until the list ends (code inside an item does not end it)
  let under = false;
  let last: Unit | undefined;
  for (const u of units) {
    if (u.context === 'list-item') {
      if (!under && last && last.context === 'paragraph' && last.section === u.section && /:[\s*_]*$/.test(last.text) && PROHIBITIVE_LEAD_INS.has(leadInKey(last.text))) under = true;
      if (under) (out ??= new Set()).add(u.index);
      last = undefined;
    } else if (u.context !== 'code') {
      under = false;
      last = u;
    }
  }
  // items inside a tag that names prohibitions
  const spans = prohibitiveTagSpans(doc);
  if (spans.length) for (const u of units) if (u.context === 'list-item' && spans.some(([s, e]) => u.range.start >= s && u.range.end <= e)) (out ??= new Set()).add(u.index);
  return out;
}

/** The spans (file offsets) of a document's XML-style tags that name prohibitions, read in one pass over its tags. */
const prohibitiveTagSpans = memoized((doc: PromptDocument): readonly (readonly [number, number])[] => {
  const text = doc.file.text;
  if (text.indexOf('</') === -1) return [];
  const out: [number, number][] = [];
  const open = new Map<string, number[]>();
  const tag = /<(\/?)([A-Za-z][\w-]{0,40})(?:\s[^<>]{0,200})?>/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(text))) {
    const name = m[2]!.toLowerCase();
    if (!prohibitiveTag(m[2]!)) continue;
    if (!m[1]) open.set(name, [...(open.get(name) ?? []), m.index]);
    else {
      const starts = open.get(name);
      const start = starts?.pop();
      if (start !== undefined) out.push([start, m.index + m[0].length]);
    }
  }
  return out;
});

function readActions(doc: PromptDocument, taskVerbs: ReadonlySet<string> | undefined, opposable: boolean): readonly Action[] {
  const list: Action[] = [];
  for (const prompt of doc.prompts) {
    const scopeOf = unitScopes(doc, prompt);
    const prohibitive = prohibitiveListItems(doc, prompt);
    const candidates = prompt.units.filter((u) => u.isInstruction && u.context !== 'table-row' && !prohibitive?.has(u.index));
    // negatives first: their verbs decide which bare imperatives are worth reading
    const verbs = new Set<string>(taskVerbs);
    const found: Action[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const unit = candidates[i]!;
      // read on the counting thread in a parallel run (actions-precompute.ts)
      const reads = providedNegatives(prompt, unit);
      if (reads === undefined ? NEG_TRIGGER.test(unit.text) : reads !== null) negatives(prompt, unit, scopeOf, verbs, found, reads ?? undefined);
    }
    for (const [ban, covered] of COVERING) if (verbs.has(ban)) for (const c of covered) verbs.add(c);
    if (verbs.size) {
      const openings = verbOpenings(verbs);
      const banned = taskVerbs ? undefined : new Set(found.map((a) => a.key));
      const filter = opposable ? requirementFilter(found) : undefined;
      for (let i = 0; i < candidates.length; i++) positives(prompt, candidates[i]!, scopeOf, verbs, openings, found, banned, filter);
    }
    found.sort((a, b) => a.unit.range.start - b.unit.range.start);
    list.push(...found);
  }
  return list;
}

/** The verbs of a document's prohibitions (what `actions` reads bare imperatives for). */
export function prohibitedVerbs(doc: PromptDocument): Set<string> {
  const verbs = new Set<string>();
  // the prohibitions are those of `actions(doc)`
  for (const a of opposableActions(doc)) {
    if (a.polarity !== -1) continue;
    verbs.add(a.key.split(' ')[0]!);
    if (a.nominal) verbs.add(a.nominal.split(' ', 1)[0]!);
  }
  return verbs;
}

/** A tool that a frontmatter allow-list (`allowed-tools: Bash, Read`) grants. */
export interface ToolGrant {
  /** The tool as listed ("Bash"). */
  readonly name: string;
  /** Its stem, as an action's key holds it. */
  readonly stem: string;
  readonly field: FrontmatterField;
}

const TOOL_FIELDS = new Set(lexicon.toolListFields);
const TOOL_VERBS = new Set(lexicon.toolVerbs.map((v) => canon(stem(v))));
/** "Never use the Bash tool.", "Do not run any Bash commands.": the tool itself. */
const TOOL_NOUNS = new Set(['tool', 'tools', 'command', 'commands'].map(stem));
/** The key of an action phrase of the lexicon, as `parse` makes it ("search the web" → "search web"), without weak words. */
function phraseKey(phrase: string): string {
  return tokenize(phrase)
    .filter((t) => t.kind === 'word' && !STOP.has(t.stem))
    .map((t) => canon(t.stem))
    .filter((w) => !WEAK.has(w))
    .join(' ');
}
/** Stem of a tool → the keys of what it does ("websearch" → "search web", "search onlin", …). */
const TOOL_ACTIONS = new Map<string, Set<string>>();
for (const [tool, phrases] of Object.entries(lexicon.toolActions as Record<string, string[]>)) TOOL_ACTIONS.set(canon(stem(tool)), new Set(phrases.map(phraseKey)));

/** Stem of a word that names a tool → stem of the tool ("shell" → "bash"). */
const TOOL_ALIAS = new Map<string, string>();
for (const [tool, aliases] of Object.entries(lexicon.toolAliases as Record<string, string[]>)) for (const a of aliases) TOOL_ALIAS.set(canon(stem(a)), canon(stem(tool)));

/** The tools a document's frontmatter allows (memoized: a task asks once per pair of its files). */
export const toolGrants = memoized((doc: PromptDocument): readonly ToolGrant[] => {
  const out: ToolGrant[] = [];
  for (const field of doc.frontmatter?.fields ?? []) {
    if (!TOOL_FIELDS.has(field.key)) continue;
    const items = typeof field.value === 'string' ? field.value.split(/[,\s]+/) : Array.isArray(field.value) ? field.value.filter((v): v is string => typeof v === 'string') : [];
    for (const item of items) {
      // "Bash(git:*)" grants Bash for some commands: still Bash; "web/fetch" is the tool `fetch` of a group
      const name = item.replace(/\(.*$/, '').trim();
      const base = /^[A-Za-z][\w.-]*\/([A-Za-z][\w.-]*)$/.exec(name)?.[1] ?? name;
      if (/^[A-Za-z][\w.-]*$/.test(base)) out.push({ name, stem: canon(stem(base.toLowerCase())), field });
      // … and the command it names: "Bash(git:*)" allows running git
      const command = /\(([A-Za-z][\w.-]*)(?::[^)]*)?\)?$/.exec(item)?.[1];
      if (command && command !== name) out.push({ name: command, stem: canon(stem(command.toLowerCase())), field });
    }
  }
  return out;
});

/**
 * The grant a prohibition takes back: its action is a tool verb and the tool, nothing else
 * ("Never use the Bash tool.", "You must not run Bash."; not "Never use Bash to edit files").
 */
export function revokedGrant(a: Action, grants: readonly ToolGrant[]): ToolGrant | undefined {
  if (a.polarity !== -1) return undefined;
  const words = a.key.split(' ');
  // "Do not search the web." takes back `WebSearch`, "You are not allowed to edit files." `Edit`
  const plain = words.filter((w) => !WEAK.has(w)).join(' ');
  const doing = grants.find((g) => TOOL_ACTIONS.get(g.stem)?.has(plain));
  if (doing) return doing;
  if (!TOOL_VERBS.has(words[0]!) || words.length < 2 || words.length > 3 || (words.length === 3 && !TOOL_NOUNS.has(words[2]!))) return undefined;
  const named = TOOL_ALIAS.get(words[1]!);
  return grants.find((g) => g.stem === words[1] || g.stem === named || `\`${g.name.toLowerCase()}\`` === words[1]);
}
