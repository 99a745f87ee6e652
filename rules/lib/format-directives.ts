/**
 * Formatting directives in a normalized form: topic (output format, list style, length, tone,
 * response language, emoji, headings, capitalization, tables, code blocks), value, polarity and
 * scope, extracted once per document and shared by repeated-format-rule and conflicting-format-rule.
 *
 * A sentence yields directives only when it is phrased as a directive (an imperative, a modal, a
 * negation such as "never" / "no", or a label such as "Tone: formal") and names a value from
 * `rules/data/format-directives.json`. Its *key* is what the sentence says besides the directive:
 * the content words left after removing the lexicon's values, directive verbs, generic words
 * ("response", "answer", "user"), stopwords and neutral words that only stress or grade a rule
 * ("IMPORTANT:", "clear", "properly"), plus any condition ("when writing commit messages").
 * A rationale or purpose ("because …", "to keep things friendly") is dropped. A condition that only
 * says someone asks ("unless asked", "unless the user explicitly requests otherwise") becomes one
 * canonical exception, and "Only use emojis if the user asks" reads as "no emojis unless requested".
 * Two directives are compared only when their keys are equal and they sit in the same structural
 * scope (prompt, scoping section titles, list lead-ins), so "Use JSON for tool call arguments." and
 * "Use Markdown for messages to the user." are never compared. Two loosenings, both for conflicts
 * only: a rule whose only qualification is the request exception ("Never use emojis unless asked.")
 * meets the unconditional rules of its structural scope ("Use emojis."), and a universal length
 * limit with its own exception meets a case that the exception does not name (`exceptionConflict`).
 * Precision over recall: any other word that narrows the scope makes the key differ.
 */
import type { Prompt, Unit } from '../../server/src/model/types.js';

export type Polarity = 1 | -1;

export interface FormatDirective {
  readonly topic: string;
  readonly topicLabel: string;
  /** Value label ("JSON", "bullets", "at most 100 words"). */
  readonly value: string;
  readonly polarity: Polarity;
  /** Numeric length bounds (inclusive) for `topic === 'length'` limits, with their unit. */
  readonly bounds?: { readonly unit: string; readonly min: number; readonly max: number };
  /** The other end of the length scale that the same sentence demands ("very brief but exhaustive"). */
  readonly against?: { readonly short: string; readonly long: string };
  /** Structural scope + sentence key: directives are compared only when equal (repeats). */
  readonly scope: string;
  /**
   * What repeated-format-rule compares instead: the scope of conditions only (titles and lead-ins
   * that open with "When …", "For …", "If …", and paragraph labels) + the sentence key. A rule said
   * again under a topic title ("## API design", "Verification:") is a repeat all the same.
   */
  readonly repeatScope?: string;
  /** The parallel sections the directive is in (one template per tool, endpoint…: see scope.ts). */
  readonly parallel?: readonly string[];
  /**
   * What conflicts compare instead: structural scope + the words that narrow a choice among tools
   * or code styles ("for the Python services", "in `docs/`"), or the sentence key without asides.
   */
  readonly conflictScope: string;
  /**
   * The conflict scope of a rule that names the reply ("every answer", "Reply in …"), where a topic
   * title or lead-in does not narrow it (only conditions do); conflicts compare on either scope.
   */
  readonly replyScope?: string;
  /** Read only through a command in code or a loose statement of a choice ("Run `pnpm test`"): not for repeats. */
  readonly loose?: boolean;
  /** Read for repeats only ("Be thorough" without an output it describes). */
  readonly noConflict?: boolean;
  readonly prompt: Prompt;
  readonly unit: Unit;
  /** Sentence the directive was read from. */
  readonly sentence: string;
  /** Sentences in the unit (a fix deletes the unit only when it is one sentence). */
  readonly unitSentences: number;
  /**
   * Set when the sentence's key is nothing but one condition ("… unless the customer asks for
   * more detail", "… whenever a customer asks about a policy"): the structural scope, the marker
   * and the condition's words. Lets a universal limit with its own exception meet a rule for a
   * case that the exception does not name (see `exceptionConflict`).
   */
  readonly condition?: { readonly scope: string; readonly marker: string; readonly words: readonly string[] };
  /** The sentence says the rule holds for every answer ("every", "all", "always"). */
  readonly universal?: boolean;
  /** An output format that excludes anything else ("JSON only", "nothing else", "your entire response"). */
  readonly only?: boolean;
  /**
   * Set when the key is nothing but the canonical request exception ("Avoid emojis unless
   * asked.", "Only use bullets if the user requests them."): the scope of an unconditional
   * directive in the same structural scope, which such a rule can contradict ("Use emojis.").
   */
  readonly generalScope?: string;
  /**
   * An absolute ban without any qualification ("Never use bullet points.", "No headers."): it
   * holds everywhere in its structural scope, so a rule that uses the value for one object or part
   * ("Summarize the findings as bullet points.") contradicts it. Not a soft one ("Avoid …").
   */
  readonly ban?: boolean;
  /**
   * Set on a positive rule narrowed by an object or part and nothing conditional ("Summarize the
   * findings as bullet points."): the structural scope, where an unqualified ban of its value meets it.
   */
  readonly banScope?: string;
}


export { TRIGGER, triggers } from './format/lexicon.js';
export { analyzeSentence, type SentenceAnalysis } from './format/sentence.js';
export { formatDirectives } from './format/extract.js';
export { banConflict, describe, exceptionConflict, exceptionMeetsGeneral, relation, tighterCap, type Relation } from './format/relations.js';
export { formatChecks, type FormatEntry, type FormatReporter } from './format/checks.js';
