/**
 * Per-document extraction: every formatting directive of a document with its structural scope
 * (sections, list lead-ins, label lines) and its sentence key, memoized per document.
 */
import type { Prompt, PromptDocument, Unit } from '../../../server/src/model/types.js';
import type { FormatDirective } from '../format-directives.js';
import { memoized } from '../memo.js';
import { paragraphLabel, paragraphSize } from '../paragraph-label.js';
import { unitScopes, type ScopeOf } from '../scope.js';
import { unitSentences } from '../words.js';
import { CUE_WORDS, DEFAULT_SCOPE_WORDS, GENERIC, SCOPE_WORDS, topicDef, triggers } from './lexicon.js';
import { analyzeSentence, contentKey, REQUEST_KEY, type SentenceAnalysis } from './sentence.js';
import { isFormatUnit, providedAnalyses } from './precompute.js';
import { formatObject, neutralParagraphLabel } from './object.js';
/**
 * An absolute prohibition ("Never …", "No …", "Do not …", "… is forbidden"), not a soft one ("Do
 * not default to bullets" is one). A ban is read only from a sentence with one directive: in "Do
 * not wrap the JSON in Markdown or a code fence" the JSON is what is wrapped, not what is banned.
 */
const ABSOLUTE_BAN = /^\W*(?:never|no|do\s+not|don['’]t|must\s+not|mustn['’]t|under\s+no\s+circumstances)\b|\b(?:is|are)\s+(?:forbidden|prohibited|not\s+allowed)\b/i;
/** A ban limited to the chat ("Do not output Markdown in the chat") leaves files and documents alone. */
const CHAT_PLACE = /\b(?:in|into|to)\s+(?:the|this|your)\s+(?:chat|conversation|chat\s+window)\b/i;
/** A ban on one kind of reply ("No tables in chat replies", "No emojis in commit messages") is not a ban everywhere. */
const KIND_OF_REPLY = /\b(?:in|for|on)\s+(?!your\b|all\b|any\b|the\b|every\b|each\b|my\b|our\b)[\w-]+\s+(?:replies|answers|responses|messages|output|outputs)\b/i;
/** A sentence that names the reply it rules: "every answer", "your replies", "Reply in …", "Start each response with …". */
const REPLY_NAMED = /\b(?:every|each|all|your|any)\s+(?:answers?|repl(?:y|ies)|responses?)\b|\b(?:structure|format|in|to)\s+(?:answers|replies|responses)\b|^\W*(?:(?:always|never|only|please|do\s+not|don['’]t)\s+)?(?:answer|reply|respond)\b/i;
/** A sentence that speaks of the reply at all ("… to organise long answers"): about the reply, whatever object its section documents. */
const MENTIONS_REPLY = /\b(?:answers?|repl(?:y|ies)|responses?)\b/i;
/** A ban that says it holds everywhere. */
const EVERYWHERE = /\b(?:any|all|every|anywhere|ever)\b/i;
const SOFT_BAN = /\b(?:avoid|default|minimi[sz]e|try|prefer|generally|usually|normally|typically|unless|except|rarely|sparingly|too\s+many|excessive(?:ly)?|more\s+than)\b/i;

// ---------------------------------------------------------------------------------------------
// Per-document extraction and comparison
// ---------------------------------------------------------------------------------------------

/** Every formatting directive of a document, in source order (memoized per document). */
export const formatDirectives = memoized((doc: PromptDocument): readonly FormatDirective[] => {
  const list: FormatDirective[] = [];
  for (const prompt of doc.prompts) {
    const scopeOf = unitScopes(doc, prompt);
    const units = prompt.units;
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      if (!isFormatUnit(unit)) continue;
      // read on the counting thread in a parallel run (precompute.ts)
      const pre = providedAnalyses(prompt, unit);
      if (pre === null || (pre === undefined && !triggers(unit.text))) continue;
      unitDirectives(doc, prompt, unit, scopeOf, list, pre);
    }
  }
  return list;
});

/**
 * The directives of one triggered unit, appended to `list`. Kept out of the loop above so that the
 * loop stays small for the compiler, and every directive is built with the same fields in the same
 * order (absent ones undefined): one object shape for the comparisons downstream.
 */
function unitDirectives(doc: PromptDocument, prompt: Prompt, unit: Unit, scopeOf: ScopeOf, list: FormatDirective[], pre?: readonly SentenceAnalysis[]): void {
  const sentences = unitSentences(prompt, unit);
  const single = sentences.length === 1;
  const analyses = pre ?? sentences.map((sentence) => analyzeSentence(sentence, single));
  if (!analyses.some((a) => a.directives.length)) return;
  // asked only now: most triggered units hold no directive
  const structural = scopeOf(unit);
  if (structural.hidden) return;
  const rawLabel = unit.context === 'paragraph' ? paragraphLabel(doc, prompt, unit) : '';
  // "Context:", "Rules:" above the lines name no scope (object.ts)
  const label = rawLabel && !neutralParagraphLabel(rawLabel) ? rawLabel : '';
  const labelled = label ? { ...structural, key: `${structural.key} / ${label}` } : structural;
  // the field, file or command the unit is about (object.ts): a rule there is not the reply's,
  // unless its sentence names the reply
  const object = formatObject(doc, prompt, unit);
  const objectScope = object ? { ...labelled, key: `${labelled.key} / ${object}` } : labelled;
  const conditionKey = structural.condition ?? structural.key;
  // a rule that names the reply ("every answer", "Reply in plain text") is about the reply: a topic
  // title or lead-in ("## API Documentation", "Platform evaluation:") does not narrow it, a
  // condition ("## When reviewing code") still does
  const replyKey = label ? `${conditionKey} / ${label}` : conditionKey;
  const repeatKeyOf = (withObject: boolean) => `${label ? `${conditionKey} / ${label}` : conditionKey}${withObject && object ? ` / ${object}` : ''}`;
  // in a unit of several sentences ("- In a section called RISKS, … Use at most 16 words.")
  // every sentence narrows the others: the key is the whole unit's
  // (the content words of a sentence with no directive are read once for both keys)
  const contentKeys: (readonly string[] | undefined)[] = [];
  const unitKeyOf = (key: (a: (typeof analyses)[number]) => string) =>
    single ? undefined : [...new Set(analyses.flatMap((a, i) => (a.directives.length ? key(a).split(' ') : (contentKeys[i] ??= contentKey(sentences[i]!)))).filter(Boolean))].sort().join(' ');
  // a rule about a named part of the output ("… into a section called SUMMARY", "Keep the SUMMARY
  // to one line") is keyed by the part's name, whatever else the sentence says about its content
  const part = namedPart(unit.text);
  const unitKey = part ?? unitKeyOf((a) => a.key);
  const unitConflictKey = part ?? unitKeyOf((a) => a.conflictKey ?? a.key);
  for (let si = 0; si < sentences.length; si++) {
    const sentence = sentences[si]!;
    const a = analyses[si]!;
    const replyNamed = REPLY_NAMED.test(sentence);
    const namesReply = replyKey !== labelled.key && replyNamed;
    const aboutReply = replyNamed || MENTIONS_REPLY.test(sentence);
    for (const d of a.directives) {
      // a ban on text around the output is read in a short unit only: in a long paragraph ("I want
      // you to act as … do not write explanations …", one prompt of a list of prompts) it is a
      // remark of that paragraph's task
      if (d.value === 'commentary' && d.polarity === -1 && (sentences.length > 2 || (unit.context === 'paragraph' && paragraphSize(doc, prompt, unit) > 4))) continue;
      // a choice among tools holds for the project, whatever file a section documents
      const onObject = !!object && !aboutReply && !topicDef(d.topic).choice;
      const scope = onObject ? objectScope : labelled;
      const repeatKey = repeatKeyOf(onObject);
      const conflictKey = d.narrow !== undefined ? d.narrow : d.value === 'commentary' ? '' : (unitConflictKey ?? a.conflictKey ?? a.key);
      list.push({
        topic: d.topic,
        topicLabel: topicDef(d.topic)?.label ?? d.topic,
        value: d.value,
        polarity: d.polarity,
        bounds: d.bounds,
        against: d.against,
        // text added around the output meets the output contract of its whole structural scope
        scope: `${scope.key}\u0001${d.value === 'commentary' ? '' : (unitKey ?? a.key)}`,
        repeatScope: `${repeatKey}\u0001${d.value === 'commentary' ? '' : (unitKey ?? a.key)}`,
        parallel: structural.parallel.length ? structural.parallel : undefined,
        // conflicts: a choice among tools or code styles is compared on what narrows it, not on
        // every word; other directives on their key without asides
        conflictScope: `${scope.key}\u0001${conflictKey}`,
        replyScope: onObject ? undefined : namesReply && !topicDef(d.topic).choice ? `${replyKey}\u0001${conflictKey}` : choiceScope(d.topic, scope.key, conditionKey, conflictKey),
        loose: d.loose,
        noConflict: d.noConflict,
        prompt,
        unit,
        sentence,
        unitSentences: sentences.length,
        condition: a.condition && single ? { scope: scope.key, marker: a.condition.marker, words: a.condition.words } : undefined,
        universal: /\b(?:every|all|always)\b/i.test(sentence) || undefined,
        only: a.only,
        generalScope: single && a.key === REQUEST_KEY ? `${scope.key}\u0001` : undefined,
        // an aside may restrict a ban ("Never use headings (answers are shown in a chat bubble)"),
        // unless the ban says it holds everywhere ("Don't use tables in any output; …")
        ban:
          (single && a.directives.length === 1 && d.polarity === -1 && (!a.key || (!a.conflictKey && EVERYWHERE.test(sentence))) && !d.narrow && ABSOLUTE_BAN.test(sentence) && !SOFT_BAN.test(sentence) && !CHAT_PLACE.test(sentence) && !KIND_OF_REPLY.test(sentence)) ||
          (single && d.polarity === -1 && !d.narrow && banClause(sentence, d))
            ? true
            : undefined,
        banScope:
          single && d.polarity === 1 && !d.loose && !d.narrow && !a.condition && (a.conflictKey ?? a.key) && !/\b(?:request|unless:)/.test(a.key) ? scope.key : undefined,
      });
    }
  }
}

/** "a section called RISKS", "a heading titled NEXT STEPS": the part of the output a rule shapes. */
const PART_DEFINED = /\b(?:section|heading|part|field|block)\s+(?:called|named|titled|labell?ed|headed)\s+(?:["`*]+([^"`*\n]{2,60})["`*]|([A-Z][A-Z0-9]*(?:[ -][A-Z0-9][A-Z0-9]*)*)\b(?![-_a-z])|([A-Z][a-z0-9]+(?:-[A-Z][a-z0-9]+)+\b(?!-)))/;
/**
 * "Keep the SUMMARY to one line", "The ONE-SENTENCE TAKEAWAY has to be …": a part named in capitals
 * as the subject; also a name of capitalised words joined by hyphens ("the One-Sentence-Summary"),
 * which no ordinary phrase is written as.
 */
const PART_NAMED = /^\W*(?:(?:[Kk]eep|[Ww]rite|[Mm]ake|[Ll]imit|[Ff]ormat|[Pp]resent|[Gg]ive|[Cc]ap)\s+)?(?:[Tt]he|[Yy]our)\s+(?:()([A-Z][A-Z0-9]*(?:[ -][A-Z0-9][A-Z0-9]*)*)\b(?![-_a-z])|([A-Z][a-z0-9]+(?:-[A-Z][a-z0-9]+)+\b(?!-)))/;
/** Capitals that name a format or stress a word, not a part of the output. */
const NOT_A_PART = /^(?:JSON|YAML|XML|HTML|CSV|API|URL|README|MARKDOWN|IMPORTANT|NOTE|ALWAYS|NEVER|MUST|ONLY|ALL|ANY|OUTPUT|AI|LLM|UI|PR)$/;
function namedPart(text: string): string | undefined {
  const m = PART_DEFINED.exec(text) ?? PART_NAMED.exec(text.trim());
  // a quoted name is taken whole ("PHASE 1: Core Reading" is not "PHASE 2: Extended Reading")
  const name = m?.[1]?.trim() || m?.[2] || m?.[3];
  if (!name || name.replace(/[^A-Za-z]/g, '').length < 4 || (m?.[2] && name.replace(/[^A-Z]/g, '').length < 4) || NOT_A_PART.test(name)) return undefined;
  return `part:${name.toLowerCase().replace(/[\s-]+/g, '-')}`;
}

/**
 * A ban that stands alone in the first clause of a sentence, the rest saying what to do instead
 * ("Do not use tables; list the results as numbered paragraphs."): the clause is read as a ban.
 */
function banClause(sentence: string, d: { topic: string; value: string }): boolean {
  const semi = sentence.indexOf(';');
  if (semi < 0) return false;
  const clause = sentence.slice(0, semi).trim();
  if (!ABSOLUTE_BAN.test(clause) || SOFT_BAN.test(clause) || CHAT_PLACE.test(clause) || KIND_OF_REPLY.test(clause)) return false;
  const a = analyzeSentence(`${clause}.`, true);
  return a.directives.length === 1 && !a.key && a.directives[0]!.polarity === -1 && a.directives[0]!.topic === d.topic && a.directives[0]!.value === d.value;
}

/**
 * The scope a rule holds in, from its titles and lead-ins: their conditions ("## When writing
 * Python") and their scope words ("## Frontend", "## Commit messages"), not their topic ("## Testing
 * Guidelines", "## Style", "# IDENTITY"): a tool chosen or a tone set under a topic title is the
 * project's or the reply's. Undefined when that is the structural scope already.
 */
function choiceScope(topic: string, structuralKey: string, conditionKey: string, conflictKey: string): string | undefined {
  const cues = CUE_WORDS.get(topic);
  const defaults = DEFAULT_SCOPE_WORDS.get(topic);
  const words = new Set(conditionKey.split(/[\s/]+/).filter(Boolean));
  for (const w of structuralKey.split(/[\s/]+/)) if (w && SCOPE_WORDS.has(w) && !GENERIC.has(w) && !cues?.has(w) && !defaults?.has(w)) words.add(w);
  const key = [...words].sort().join(' ');
  return key === structuralKey ? undefined : `${key}\u0001${conflictKey}`;
}
