/**
 * The formatting lexicon (`rules/data/format-directives.json`) loaded once: topics and their
 * values, the phrase sets and word sets the sentence analysis reads. Nothing here reads a sentence.
 */
import lexicon from '../../data/format-directives.json' with { type: 'json' };
import { PhraseSet, stemSet, wordTrieSource } from '../words.js';

export { lexicon };

export interface TopicDef {
  label: string;
  exclusive?: boolean;
  compatible?: string[][];
  conflicts?: string[][];
  modifierNouns?: boolean;
  needsLanguageVerb?: boolean;
  negativeOnly?: string[];
  precededBy?: string[];
  /** The value is only the object of another topic's directive in the same sentence ("Write code comments in English"): then it narrows that one's key. */
  objectOfOthers?: boolean;
  coversNegative?: Record<string, string[]>;
  /** A choice among tools or code styles (package manager, formatter): "we use X" counts as a directive. */
  choice?: boolean;
  /** Exclusive only within each group (npm against pnpm, not npm against uv). */
  groups?: string[][];
  /** Words of which one must be in the sentence for a value outside `cueFree` to count ("yarn" needs "install"). */
  needsCue?: string[];
  cueFree?: string[];
  /** Words that only name the topic ("install", "dependencies"): dropped from the key. */
  cueWords?: string[];
  /** A value that also stands for a value of another topic (prose as a list style and as an output format). */
  alias?: Record<string, string[]>;
  values: Record<string, string[]>;
}

export interface ValueRef {
  readonly topic: string;
  readonly value: string;
}

export const TOPICS = lexicon.topics as Record<string, TopicDef>;

/** Value phrases match word for word: stems would let "information" match "informal". */
const exact = (phrase: string) => phrase.toLowerCase().split(/\s+/).filter(Boolean).map((w) => `=${w}`).join(' ');
export const VALUES = new PhraseSet<ValueRef | null>();
export const valuePhrases = new Set<string>();
for (const [topic, def] of Object.entries(TOPICS)) {
  for (const [value, phrases] of Object.entries(def.values)) {
    for (const p of phrases) {
      VALUES.add(exact(p), { topic, value });
      valuePhrases.add(p);
    }
  }
}
for (const p of lexicon.ignore) VALUES.add(exact(p), null);
/** A cheap test that a sentence could hold a formatting directive at all: a value word or a counted length. */
export const TRIGGER = new RegExp(
  `${wordTrieSource(valuePhrases)}|` +
    `(?:\\d|\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|single|couple\\s+of))[\\s-]*(?:words?|sentences?|paragraphs?|lines?|characters?|chars|tokens?|bullets?|pages?|slides?)\\b`,
  'i',
);

/** Text added around the output ("After the JSON, add a short explanation"): the other trigger. */
export const COMMENTARY_TRIGGER =
  /\b(?:after|before|then|begin|start|end|follow\w*|first|afterwards)\b[^.!?]*\b(?:explanations?|explain|commentary|summary|summari[sz]e|reasoning|introduction|preamble|notes?|sentences?|assumptions?|caveats?|disclaimers?)\b|\b(?:explanations?|explain|commentary|summary|reasoning|introduction|preamble)\b[^.!?]*\b(?:after|before|then|afterwards)\b/i;

/** Words of which `COMMENTARY_TRIGGER` needs one (a cheap scan first: that pattern backtracks on every "then", "first", "end" …). */
const COMMENTARY_WORDS = /expla|commentary|summar|reasoning|introduction|preamble|note|sentence|assumption|caveat|disclaimer|warning|remark/i;

/** The nouns of text around the output that a ban names ("no notes, no explanations"), shared by the trigger below and sentence.ts `bansCommentary`. */
export const BANNED_COMMENTARY_NOUNS = 'explanations?|commentary|notes|caveats?|disclaimers?|warnings|preambles?|remarks';
/** A ban on text around the output ("no notes, no explanations"): the third trigger (sentence.ts `bansCommentary`). */
const COMMENTARY_BAN_TRIGGER = new RegExp(`\\b(?:no|not|never|don['’]t|dont|without|avoid|exclude|omit|skip|nor)\\b[^.!?]{0,60}?\\b(?:${BANNED_COMMENTARY_NOUNS})\\b`, 'i');

/** A cheap test that a text could hold a formatting directive. */
export function triggers(text: string): boolean {
  return TRIGGER.test(text) || (COMMENTARY_WORDS.test(text) && (COMMENTARY_TRIGGER.test(text) || COMMENTARY_BAN_TRIGGER.test(text)));
}

export const NEGATION = new PhraseSet<true>();
for (const p of lexicon.negationCues) NEGATION.add(p, true);
export const NOT_NEGATION = new PhraseSet<true>();
for (const p of lexicon.notNegation) NOT_NEGATION.add(p, true);
export const DOUBLE_NEGATION = new PhraseSet<true>();
for (const p of lexicon.exceptCues) DOUBLE_NEGATION.add(p, true);
export const POST_NEGATION = new PhraseSet<true>();
for (const p of lexicon.postNegation) POST_NEGATION.add(p, true);
export const MAX_CUES = new PhraseSet<true>();
for (const p of lexicon.maxCues) MAX_CUES.add(p, true);
export const MIN_CUES = new PhraseSet<true>();
for (const p of lexicon.minCues) MIN_CUES.add(p, true);
export const MAX_AFTER = new PhraseSet<true>();
for (const p of lexicon.maxAfter) MAX_AFTER.add(p, true);
export const MIN_AFTER = new PhraseSet<true>();
for (const p of lexicon.minAfter) MIN_AFTER.add(p, true);
export const LENGTH_UNITS = new PhraseSet<string>();
for (const [p, unit] of Object.entries(lexicon.lengthUnits)) LENGTH_UNITS.add(p, unit);
export const CONDITIONS = new PhraseSet<string>();
for (const p of lexicon.conditionMarkers) CONDITIONS.add(p, p);
export const MODALS = new PhraseSet<true>();
for (const p of lexicon.modals) MODALS.add(p, true);

export const DIRECTIVE_VERBS = stemSet(lexicon.directiveVerbs);
export const GENERIC = stemSet(lexicon.genericWords);
export const STOP = stemSet(lexicon.stopwords);
export const NEUTRAL_KEY = stemSet(lexicon.neutralKeyWords);
export const REQUEST = stemSet(lexicon.requestWords);
export const REQUEST_VERBS = stemSet(lexicon.requestVerbs);
export const MODIFIER_NOUNS = stemSet(lexicon.modifierNouns);
export const LANGUAGE_VERBS = stemSet(lexicon.languageVerbs);
/** Words that may open an imperative before its verb. */
export const LEADERS = stemSet(lexicon.imperativeLeaders);

/** Words that end the reach of a negation (new clause or contrast). */
export const NEGATION_BREAKERS = stemSet(lexicon.negationBreakers);
export const INTENSIFIERS_AFTER_NEGATION = stemSet(lexicon.intensifiersAfterNegation);

export function topicDef(topic: string): TopicDef {
  return TOPICS[topic]!;
}

/** Words that may name a choice in a label ("Package manager: pnpm", "Test runner: Jest"). */
export const LABEL_WORDS = stemSet(Object.values(TOPICS).flatMap((d) => [...(d.cueWords ?? []), ...(d.needsCue ?? [])]));
export const NEEDS_CUE = new Map<string, Set<string>>();
export const CUE_FREE = new Map<string, Set<string>>();
export const CUE_WORDS = new Map<string, Set<string>>();
for (const [topic, def] of Object.entries(TOPICS)) {
  if (def.needsCue) NEEDS_CUE.set(topic, stemSet(def.needsCue));
  if (def.cueFree) CUE_FREE.set(topic, new Set(def.cueFree));
  if (def.cueWords) CUE_WORDS.set(topic, stemSet(def.cueWords));
}
/** Single words of choice values: `uv` in inline code is read as the word uv. */
export const CHOICE_WORDS = new Set(Object.values(TOPICS).filter((d) => d.choice).flatMap((d) => Object.values(d.values).flat()).filter((p) => !/\s/.test(p)));
export const OUTPUT_ONLY = new PhraseSet<true>();
for (const p of lexicon.outputOnly) OUTPUT_ONLY.add(p, true);
export const COMMENTARY_NOUNS = stemSet(lexicon.commentaryNouns);
export const COMMENTARY_POSITIONS = new PhraseSet<true>();
for (const p of lexicon.commentaryPositions) COMMENTARY_POSITIONS.add(p, true);
export const COMMENTARY_EXCLUDES = stemSet(lexicon.commentaryExcludes);
export const OUTPUT_ANCHORS = new Set(lexicon.outputAnchors);
export const PROHIBITION_FORMS = new PhraseSet<true>();
for (const p of lexicon.prohibitionForms) PROHIBITION_FORMS.add(p, true);
export const SUBJECT_LABELS = new PhraseSet<true>();
for (const p of lexicon.subjectLabels) SUBJECT_LABELS.add(p, true);


/** Words that narrow where a choice holds ("for the Python services", "unit tests", "in `docs/`"). */
export const SCOPE_WORDS = stemSet(lexicon.scopeWords);
/** Verbs that do something else to a tool than choose it ("Never disable Prettier rules"). */
export const NARROWING_VERBS = stemSet(lexicon.narrowingVerbs);
/** Words that never narrow a conflict key ("the customer", "a JSON object", "key points"). */
export const CONFLICT_NEUTRAL = stemSet(lexicon.conflictNeutralWords);
/** Length words that ask for care in the work as often as for length ("Be thorough"). */
export const DILIGENCE_WORDS = new Set(lexicon.diligenceWords);
/** Output formats whose "only" contract leaves no room for a sentence around the output. */
export const STRUCTURED_FORMATS = new Set(lexicon.structuredFormats);
/** Scope words that name what a choice means by default ("unit tests" for a test runner), per topic. */
export const DEFAULT_SCOPE_WORDS = new Map(Object.entries(lexicon.defaultScopeWords as Record<string, string[]>).map(([k, v]) => [k, new Set(v)]));
/** Sub-commands kept when a command in code is read as its choice (`npm install` → npm install). */
export const COMMAND_WORDS = new Set(lexicon.commandWords);
