/**
 * Sentence analysis: the formatting directives one sentence states (topic, value, polarity, length
 * bounds) and the key of what else it says, memoized by text. See format-directives.ts for the model.
 */
import { SentenceCache } from '../sentence-cache.js';
import { numberValue, PhraseSet, stemSet, tokenize, type Token } from '../words.js';
import type { Polarity } from '../format-directives.js';
import {
  BANNED_COMMENTARY_NOUNS,
  CHOICE_WORDS,
  COMMAND_WORDS,
  NARROWING_VERBS,
  SCOPE_WORDS,
  COMMENTARY_EXCLUDES,
  COMMENTARY_NOUNS,
  COMMENTARY_POSITIONS,
  CONDITIONS,
  CUE_FREE,
  CUE_WORDS,
  DIRECTIVE_VERBS,
  DOUBLE_NEGATION,
  GENERIC,
  INTENSIFIERS_AFTER_NEGATION,
  LABEL_WORDS,
  LANGUAGE_VERBS,
  LEADERS,
  LENGTH_UNITS,
  MAX_AFTER,
  MAX_CUES,
  MIN_AFTER,
  MIN_CUES,
  MODALS,
  MODIFIER_NOUNS,
  NEEDS_CUE,
  NEGATION,
  NEGATION_BREAKERS,
  NEUTRAL_KEY,
  CONFLICT_NEUTRAL,
  DILIGENCE_WORDS,
  DEFAULT_SCOPE_WORDS,
  NOT_NEGATION,
  OUTPUT_ANCHORS,
  OUTPUT_ONLY,
  POST_NEGATION,
  PROHIBITION_FORMS,
  REQUEST,
  REQUEST_VERBS,
  STOP,
  SUBJECT_LABELS,
  VALUES,
  lexicon,
  topicDef,
  triggers,
  type ValueRef,
} from './lexicon.js';

// ---------------------------------------------------------------------------------------------
// Sentence analysis
// ---------------------------------------------------------------------------------------------

export interface RawDirective {
  topic: string;
  value: string;
  polarity: Polarity;
  bounds?: { unit: string; min: number; max: number };
  /** Token index of the value the directive was read from (value phrases only). */
  at?: number;
  /** The other end of the length scale that the same sentence also demands ("very brief but exhaustive"). */
  against?: { short: string; long: string };
  /**
   * For choices among tools and code styles: the words that narrow where the choice holds (a place,
   * a kind of file or test, a condition), and nothing else. Choices are compared on this, not on
   * the sentence's whole key: a reason, an aside or a command in code does not make two choices
   * of one slot different rules.
   */
  narrow?: string;
  /** Read only through a command in code or a loose statement of a choice: for conflicts, not repeats. */
  loose?: boolean;
  /** For repeats only: a diligence word ("Be thorough") that names no output is no length to conflict with. */
  noConflict?: boolean;
}

export interface SentenceAnalysis {
  readonly directives: readonly RawDirective[];
  readonly key: string;
  /** The key without what asides add ("(it is faster)", "; the user commits"): what conflicts compare. */
  readonly conflictKey?: string;
  /** The key is exactly one condition clause and nothing else. */
  readonly condition?: { readonly marker: string; readonly words: readonly string[] };
  /** An output format that allows nothing else. */
  readonly only?: boolean;
}

export const QUOTED = /"[^"]{1,200}"|\u201C[^\u201D]{1,200}\u201D|(?<![\p{L}\p{N}])'[^']{1,120}'(?![\p{L}\p{N}])/gu;

export const sentenceCache = new SentenceCache<SentenceAnalysis>();
export const EMPTY: SentenceAnalysis = Object.freeze({ directives: [], key: '' });

/** Directives of one sentence with the sentence's comparison key (memoized by text where the caches are on). */
export function analyzeSentence(sentence: string, triggered = false): SentenceAnalysis {
  // a sentence that names no value is rejected before the cache, whose look-up hashes it whole
  if (!triggered && !triggers(sentence)) return EMPTY;
  let a = sentenceCache.get(sentence);
  if (a) return a;
  a = analyze(sentence);
  sentenceCache.set(sentence, a);
  return a;
}

/** A lead-in that introduces the shape of the output, not a list of cases ("… with the following format:", "… as follows:"). */
const TEMPLATE_LEAD_IN = /\b(?:(?:the|this|these|that)\s+(?:following\s+|exact\s+)?(?:format|structure|schema|template|shape)|as follows)\s*:$/i;

/** A label that marks a restatement as deliberate (read as such by repeated-format-rule). */
const REMINDER_LABEL = /^\W*(?:(?:a\s+)?(?:quick\s+|final\s+)?reminder|remember|to\s+repeat|(?:once\s+)?again|as\s+(?:a\s+)?reminder|as\s+(?:noted|mentioned|stated|said|discussed|explained)(?:\s+(?:above|before|earlier|previously))?)\s*[:,\u2013\u2014-]\s*/i;

/** A cap stated as a permission ("The TITLE may run up to 40 words"): a length rule all the same. */
const PERMITTED_CAP = /\b(?:may|can)\s+(?:[a-z]+\s+){0,2}(?:up\s+to|at\s+most)\s+[\w,]+[\s-]*(?:words?|sentences?|lines?|paragraphs?|characters?|bullets?)\b/i;

/**
 * The analysis of a sentence known to name a value (`analyzeSentence` has tested it). `prefilters`
 * false skips none of the work that cannot change the result (the oracle of
 * test/rules/format-prefilter.test.ts).
 */
export function analyze(sentence: string, prefilters = true): SentenceAnalysis {
  let commandRead = false;
  // tools named through a sub-command (`pnpm dlx`): a ban on the sub-command is not a ban on the tool
  const viaSubCommand = new Set<string>();
  // `uv` in inline code is the word uv; "two-space indentation" is "two space indentation"
  // (each replacement that needs a character the text lacks is skipped: none adds one a later one needs)
  let s = sentence
    .trim()
    // a reminder label ("As noted above, …", "REMINDER: …") says the rule again; it narrows nothing
    .replace(REMINDER_LABEL, '');
  if (!prefilters || s.includes('`')) {
    s = s
      // a tool in code or capitalised is the tool's name: "`prettier`", "Prettier" need no cue word
      .replace(/`([A-Za-z][\w.-]{0,20})`/g, (m, w: string) => (CHOICE_WORDS.has(w.toLowerCase()) ? toolName(w) : m))
      .replace(/`([^`\n]{1,60})`/g, (span, inner: string) => {
        const read = commandSpan(span, inner);
        if (read !== span) {
          commandRead = true;
          if (inner.trim().split(/\s+/).length > 1) viaSubCommand.add(read.toLowerCase());
        }
        return read;
      });
  }
  // "We've standardized on pnpm", "we're using": the subject and its verb
  if (!prefilters || s.includes("'") || s.includes('\u2019')) s = s.replace(/\b(we|you|they)['\u2019](?:ve|re)\b/gi, '$1');
  if (!prefilters || s.includes('-')) s = s.replace(/\b(2|two|4|four)-space\b/gi, '$1 space');
  s = s.replace(/\ba couple of\b/gi, 'two');
  // Markdown emphasis shown by example ("no **bold**, no *italics*") names the emphasis itself
  if (!prefilters || s.includes('*') || s.includes('_')) s = s.replace(/(?<![\w*])(\*\*|\*|__|_)([A-Za-z][A-Za-z -]{0,30}[A-Za-z]|[A-Za-z])\1(?![\w*])/g, '$2');
  s = s
    // "Markdown emphasis", "Markdown bold" are the emphasis, not Markdown as the output format
    .replace(/\bmarkdown\s+(?=(?:emphasis|bold|italics?)\b)/gi, '')
    // "to every question" is every answer
    .replace(/\b(?:to|for)\s+(?:every|each|any|all)\s+(?:questions?|requests?|queries|query|prompts?)\b/gi, '');
  // questions, templates, embedded JSON and list lead-ins ("Use headings in these ways:") are not
  // directives; nor is a definition of a term in code ("`--use-npm`: bootstrap the app using npm"),
  // but a lead-in to a template of its own output is ("Only output JSON in the following format:")
  if ((!prefilters || sentence.includes('`')) && /^[-*+\s]*`[^`]{1,60}`\s*(?::|\s[-\u2013\u2014])\s/.test(sentence)) return EMPTY;
  if (!s || s.endsWith('?') || (s.endsWith(':') && !TEMPLATE_LEAD_IN.test(s)) || /[{}]|\[\[|\]\]/.test(!prefilters || s.includes('`') ? s.replace(/`[^`\n]*`/g, '') : s) || s.length > 400) return EMPTY;
  // quoted strings are literal: they take part in the key but never in the directive
  const quotes: string[] = [];
  const stripped =
    !prefilters || s.includes('"') || s.includes('\u201C') || s.includes("'")
      ? s.replace(QUOTED, (q) => {
          quotes.push(`"${q.slice(1, -1).toLowerCase().trim()}"`);
          return ' QUOTED ';
        })
      : s;
  const tokens = tokenize(stripped);
  if (!tokens.length) return EMPTY;
  const values = VALUES.matchAll(tokens);
  // nothing below can state a directive without a value phrase, a count or a commentary noun: the
  // rest of the reading (a third of the triggered sentences: the trigger also sees values in code,
  // quotes and hyphenated words) would end in EMPTY
  if (prefilters && !mayState(tokens, values)) return EMPTY;
  const imperative = isDirective(tokens) || PERMITTED_CAP.test(stripped) || MATCH_LANGUAGE.test(stripped);
  const described = !imperative && describesChoice(tokens, values);
  if (!imperative && !described) return EMPTY;
  // read only through a command in code or a statement with "with"/"using" ("Run `pnpm test`",
  // "Dependencies are managed with pnpm"): good enough to meet another choice, too loose for a repeat
  const loose = commandRead || (described && !describesChoice(tokens, values, true));

  const consumed = new Uint8Array(tokens.length);
  const directives: RawDirective[] = [];
  const residual: string[] = [];
  // a rationale ("…, because customers read on phones", "… so that the form can show it") says
  // why, not where: it neither holds directives nor narrows the key
  const dropped = rationaleSpan(tokens);
  for (let k = 0; k < tokens.length; k++) if (dropped[k]) consumed[k] = 1;

  // 1. numeric length limits
  for (const d of numericLimits(tokens, consumed)) {
    directives.push(d);
    // "in 5 bullets", "3-5 bullet points": a count of bullets asks for bullets too
    if (d.bounds?.unit === 'bullets' && d.bounds.min >= 1) directives.push({ topic: 'list-style', value: 'bullets', polarity: 1 });
  }

  // 2. value phrases, with polarity
  const valueAt = new Map<number, { value: ValueRef | null; length: number }>();
  for (const m of values) {
    if (consumed[m.index]) continue;
    // "yarn", "black", "tabs": a value of some choices counts only beside a word of its topic
    const cues = m.value ? NEEDS_CUE.get(m.value.topic) : undefined;
    if (cues && !CUE_FREE.get(m.value!.topic)?.has(m.value!.value) && !tokens.some((t) => cues.has(t.stem)) && !namedTool(tokens, m.index, m.value!.topic)) continue;
    valueAt.set(m.index, { value: m.value, length: m.length });
  }
  // no count read, no value left after the cues and the rationale: only a commentary noun can
  // still give a directive (see `mayState`)
  if (prefilters && !directives.length && !hasValue(valueAt) && !tokens.some(isCommentaryNoun)) return EMPTY;
  // an aside that states no value ("(it is faster)", "- never touch requirements.txt by hand",
  // "; the user commits") neither narrows the key nor holds a directive of this reading
  const aside = asides(tokens);
  // what an aside adds goes into the repeat key only: two restatements must agree word for word,
  // two rules in conflict need not agree on their remarks
  const asideResidual: string[] = [];
  const polarityAt = polarities(tokens, valueAt);
  const inCondition = conditionSpans(tokens);
  const hasLanguageVerb = tokens.some((t) => LANGUAGE_VERBS.has(t.stem));
  const colonAt = tokens.findIndex((t) => t.raw === ':');
  const labelled = colonAt > 0 && colonAt <= 3 && !tokens.some((t) => NEGATION.has(t.stem));
  const commas = tokens.filter((t) => t.raw === ',').length;
  // values named in a report of a former state: their clause narrows no choice of the sentence
  const formerAt: { topic: string; at: number }[] = [];
  for (const [index, m] of valueAt) {
    if (consumed[index]) continue;
    for (let k = index; k < index + m.length; k++) consumed[k] = 1;
    const ref = m.value;
    if (inCondition[index]) {
      // "If the user writes in English, …": a value inside a condition is part of the scope
      for (let k = index; k < index + m.length; k++) if (!GENERIC.has(tokens[k]!.stem)) residual.push(tokens[k]!.stem);
      continue;
    }
    // a value that opens a prohibition is its subject ("Headings are not allowed in responses")
    if (ref && topicDef(ref.topic).precededBy && !topicDef(ref.topic).precededBy!.includes(tokens[index - 1]?.lower ?? '') && !(index === 0 && polarityAt.get(index) === -1)) {
      // "wide tables", "drop tables": not a presentation choice
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
      continue;
    }
    if (!ref) {
      // an ignored phrase ("table of contents", "JSON file") narrows the key
      for (let k = index; k < index + m.length; k++) if (tokens[k]!.kind === 'word') residual.push(tokens[k]!.stem);
      continue;
    }
    const def = topicDef(ref.topic);
    const former = def.choice ? formerValue(tokens, index, m.length) : undefined;
    if (former === 'mention') {
      // "The old setup used Poetry", "We migrated from Poetry to uv", "Legacy Poetry scripts were
      // removed": a report of a former state names the value; it chooses nothing now
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
      formerAt.push({ topic: ref.topic, at: index });
      continue;
    }
    if (ref.topic === 'format') describeValue(tokens, index + m.length, consumed, dropped);
    const next = tokens[index + m.length];
    const prev = tokens[index - 1];
    if (ref.topic === 'length' && m.length === 1 && next && MODIFIER_NOUNS.has(next.stem) && (index === 0 || /^(?:for|in|on|to|with|of)$/.test(prev?.lower ?? '')) && values.some((v) => v.value && v.value.topic !== 'length')) {
      // "Use headings for long answers", "Short answers need no headings": which answers, not how long
      residual.push(`len:${ref.value}`, next.stem);
      consumed[index + m.length] = 1;
      continue;
    }
    if (ref.topic === 'length' && m.length === 1 && next && MODIFIER_NOUNS.has(next.stem) && actsOn(tokens, index)) {
      // "Break up long paragraphs", "Shorten long answers": what is acted on, not a length asked for
      residual.push(`len:${ref.value}`, next.stem);
      consumed[index + m.length] = 1;
      continue;
    }
    // "a short bulleted list": an adjective before a list or table qualifies the output's shape
    // ("comprehensive Markdown explanation" still describes the explanation)
    if (def.modifierNouns && next && next.kind === 'word' && !dropped[index + m.length] && !isFunctionWord(next) && !MODIFIER_NOUNS.has(next.stem) && !/ly$/.test(next.lower) && !/^(?:list-style|tables)$/.test(valueAt.get(index + m.length)?.value?.topic ?? '')) {
      // "casual users", "short functions": a description, not a style directive
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem, next.stem);
      consumed[index + m.length] = 1;
      continue;
    }
    if (def.needsLanguageVerb && isUsersLanguage(tokens, index)) {
      // "Some users write in Hindi", "customers who speak Dutch": who the user is, a condition
      residual.push(`user:${tokens[index]!.stem}`);
      continue;
    }
    if (def.needsLanguageVerb) {
      // "in Spanish", "in plain English", "Language: Spanish"
      const inBefore = (prev && prev.lower === 'in') || (tokens[index - 2]?.lower === 'in' && prev?.kind === 'word') || (prev?.raw === ':' && index <= 3);
      // "speak only French", "Use English when …" / "Use English for all replies"
      const onlyAfterVerb = (prev?.lower === 'only' && LANGUAGE_VERBS.has(tokens[index - 2]?.stem ?? '')) || (!!prev && /^(?:speak|speaks|speaking|communicate|communicates|converse|talk|talks)$/.test(prev.lower));
      const usedAlone = !!prev && /^(?:use|using)$/.test(prev.lower) && (!next || next.kind === 'punct' || /^(?:when|whenever|for|with|in|only|at|throughout|everywhere|always)$/.test(next.lower));
      // "Keep all responses in English", "Responses must be written in German": the output named
      const outputInLanguage = inBefore && prev?.lower === 'in' && tokens.some((t, k) => k < index && /^(?:respons|repli|repl|answer|messag|output)/.test(t.stem));
      if (!outputInLanguage && !(hasLanguageVerb && (inBefore || onlyAfterVerb || usedAlone || ref.value === "the user's language")) && !(next && next.lower === 'only')) {
        (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
        continue;
      }
    }
    if (ref.topic === 'length' && (next?.lower === 'than' || prev?.raw === '%' || prev?.kind === 'number' || (prev && LENGTH_UNITS.matchAt(tokens, index - 1) !== undefined))) {
      // "50% shorter", "shorter than the original", "two sentences long": a relative edit or a
      // measure's adjective, not a length for the answer
      continue;
    }
    if (ref.topic === 'format' && /^(?:the|your)$/.test(prev?.lower ?? '') && /^(?:in|within|inside)$/.test(tokens[index - 2]?.lower ?? '') && [...valueAt.keys()].some((k) => k < index - 2 && valueAt.get(k)?.value && valueAt.get(k)!.value!.topic !== 'format')) {
      // "Don't use bold formatting in the Markdown": the Markdown is where, the bold is the rule;
      // the whole reply is that place, so it narrows nothing ("Never put words in bold" repeats it)
      continue;
    }
    if (ref && index === 0 && next?.kind === 'word' && !valueAt.has(index + m.length) && SUBJECT_VERBS.test(tokens[index + m.length + 1]?.lower ?? '')) {
      // "Prose fields must use bullets": the value names the subject, it is no rule of its own
      residual.push(tokens[index]!.stem, next.stem);
      continue;
    }
    if (prev && ref.topic === 'format' && prev.lower === 'for') {
      // "Use for XML extraction": what a tool is for, not the answer's format
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
      continue;
    }
    if (prev && (prev.raw === '-' || (prev.raw === '.' && prev.end === tokens[index]!.start && tokens[index - 2]?.end === prev.start))) {
      // "semi-formal", "non-JSON"; "rule.yaml", "config.json": a file name, not a format
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
      continue;
    }
    // "We no longer use Poetry", "black is no longer used": the present state is without it
    const polarity = former === 'ban' ? -1 : (polarityAt.get(index) ?? 1);
    // "Be thorough": care in the work as often as length, unless the sentence names the output
    const noConflict = ref.topic === 'length' && DILIGENCE_WORDS.has(tokens[index]!.lower) && m.length === 1 && !tokens.some((t) => MODIFIER_NOUNS.has(t.stem) || OUTPUT_ANCHORS.has(t.lower)) ? true : undefined;
    if (polarity === 0) {
      (aside[index] ? asideResidual : residual).push(tokens[index]!.stem);
      continue;
    }
    if (polarity === 1 && def.negativeOnly?.includes(ref.value)) continue;
    if (polarity === -1 && (/^(?:with|containing|that|which|whose)$/.test(tokens[index + m.length]?.lower ?? '') || (tokens[index + m.length]?.lower === 'for' && /^(?:a|an|one|single)$/.test(tokens[index + m.length + 1]?.lower ?? '')))) {
      // "Never write a list with only one item", "No JSON with comments", "Don't build a table for a
      // single row": a ban of one kind, not of the value
      residual.push(`kind:${tokens[index]!.stem}`);
      continue;
    }
    if (polarity === -1 && viaSubCommand.has(tokens[index]!.lower)) {
      residual.push(tokens[index]!.stem);
      continue;
    }
    if (def.choice && inExamples(tokens, index)) {
      // "CSS-in-JS libraries (styled-components, emotion, etc.)": examples of a kind, no choice
      residual.push(tokens[index]!.stem);
      continue;
    }
    // "`conda` / `venv`", "Poetry or Rye": alternatives offered, no choice made
    const after = tokens[index + m.length];
    // "Packages: `Microsoft.NET.Test.Sdk`, `NUnit`, `NUnit3TestAdapter`": a label over an enumeration lists, it does not choose
    const enumerated = labelled && commas >= 2 && (prev?.raw === ',' || after?.raw === ',');
    // "Add `isort` to the hooks or use Ruff": a clause opened by "or" offers an alternative too
    const orClause = tokens[index - 2]?.lower === 'or' && prev?.kind === 'word';
    if (polarity === 1 && def.choice && (enumerated || orClause || prev?.raw === '/' || after?.raw === '/' || prev?.lower === 'or' || after?.lower === 'or' || inAlternatives(tokens, index, m.length, valueAt, ref.topic))) {
      residual.push(tokens[index]!.stem);
      continue;
    }
    directives.push({ topic: ref.topic, value: ref.value, polarity, at: index, ...(noConflict ? { noConflict } : {}) });
    const alias = def.alias?.[ref.value];
    if (alias) directives.push({ topic: alias[0]!, value: alias[1]!, polarity });
    // "Markdown headings", "Markdown tables": Markdown itself
    if (ref.topic !== 'format' && tokens.slice(index, index + m.length).some((t) => t.lower === 'markdown')) directives.push({ topic: 'format', value: 'markdown', polarity });
  }
  // "Do not wrap the JSON in Markdown or a code fence": what is wrapped is kept, the wrapping is the rule
  const wrapAt = tokens.findIndex((t) => /^(?:wrap|wraps|wrapped|enclose|enclosed|surround|surrounded)$/.test(t.lower));
  if (wrapAt !== -1) {
    const inAt = tokens.findIndex((t, k) => k > wrapAt && t.lower === 'in');
    for (let k = directives.length - 1; inAt !== -1 && k >= 0; k--) {
      const d = directives[k]!;
      if (d.at === undefined || d.at <= wrapAt || d.at >= inAt || !directives.some((o) => o.at !== undefined && o.at > inAt)) continue;
      directives.splice(k, 1);
      residual.push(tokens[d.at]!.stem);
    }
  }
  // "No Markdown should be output to chat": the chat is where, files are left alone
  if (directives.some((d) => d.topic === 'format') && CHAT_DESTINATION.test(sentence)) residual.push('place:chat');
  // "Write code comments in English": the comments are what the language rule is about
  if (directives.some((d) => !topicDef(d.topic).objectOfOthers)) {
    for (let k = directives.length - 1; k >= 0; k--) {
      const d = directives[k]!;
      if (!topicDef(d.topic).objectOfOthers || d.at === undefined) continue;
      directives.splice(k, 1);
      residual.push(tokens[d.at]!.stem);
    }
  }
  // "Don't post any comments to the issue": comments on an issue or a pull request, not in code
  // (asked only of a sentence with such a directive: the patterns read the whole sentence)
  if (directives.some((d) => d.topic === 'comments') && COMMENTS_ELSEWHERE.test(sentence) && !COMMENTS_IN_CODE.test(sentence)) for (let k = directives.length - 1; k >= 0; k--) if (directives[k]!.topic === 'comments') directives.splice(k, 1);
  // "Generate `results/tdd.json` …", "Write `notes.md` in Markdown": the format of that file, not of the reply
  if (directives.some((d) => d.topic === 'format')) for (const t of tokens) if (t.kind === 'code' && FILE_NAME.test(t.raw.replace(/`/g, ''))) residual.push(`file:${t.lower.replace(/`/g, '')}`);
  const commentary = addsCommentary(tokens, directives) ?? bansCommentary(tokens, directives);
  if (commentary) directives.push(commentary);
  if (!directives.length) return EMPTY;
  markExtremeLength(tokens, directives, valueAt);
  for (const d of directives) {
    if (d.at === undefined || !topicDef(d.topic).choice) continue;
    // ("The old services used Poetry, but the repo now uses uv": the old services do not narrow uv)
    const others = [...directives.filter((o) => o.topic === d.topic && o.at !== undefined && o.value !== d.value).map((o) => o.at!), ...formerAt.filter((f) => f.topic === d.topic).map((f) => f.at)];
    d.narrow = narrowing(tokens, dropped, d.at, d.topic, others, valueAt);
    // "**TypeScript (Jest):** `jest --listTests`": an item labelled with its option is one alternative of a list
    const label = OPTION_LABEL.test(sentence) ? labelEnd(tokens) : -1;
    if (label > 0 && d.at < label && tokens.slice(0, label).some((t, k) => t.kind === 'word' && (k < d.at! || k >= d.at! + (valueAt.get(d.at!)?.length ?? 1)) && !CUE_WORDS.get(d.topic)?.has(t.stem))) {
      d.narrow = `${d.narrow ? `${d.narrow} ` : ''}option:${d.value}`;
    }
  }
  // "Some use Jest, others Vitest", "Use Jest or Vitest": a choice left open is none made
  for (const topic of new Set(directives.filter((d) => topicDef(d.topic).choice && d.polarity === 1).map((d) => d.topic))) {
    const open = directives.filter((d) => d.topic === topic && d.polarity === 1);
    if (new Set(open.map((d) => d.value)).size > 1 && OPEN_CHOICE.test(sentence) && !/\bbut\b|\binstead\b/i.test(sentence)) for (const d of open) d.noConflict = true;
  }

  // 3. the key: content words that the lexicon does not explain, plus conditions with content;
  // quoted strings count unless they only describe a value or sit in a rationale
  let q = 0;
  for (let k = 0; k < tokens.length; k++) if (tokens[k]!.raw === 'QUOTED') {
    const quote = quotes[q++];
    if (quote !== undefined && !dropped[k]) (aside[k] ? asideResidual : residual).push(quote);
  }
  // "Keep each bullet under 15 words": a length per item is another measure than the answer's
  if (directives.some((d) => d.bounds)) {
    for (let k = 0; k + 1 < tokens.length; k++) {
      // "each prose bullet": the measured thing is the head noun, when a length unit follows the first word
      const t = tokens[k + 2] && tokens[k + 2]!.kind === 'word' && LENGTH_UNITS.matchAt(tokens, k + 2) ? tokens[k + 2]! : tokens[k + 1]!;
      if (/^(?:each|every|per)$/.test(tokens[k]!.lower) && t.kind === 'word' && !GENERIC.has(t.stem) && !STOP.has(t.stem)) residual.push(`per:${t.stem}`);
    }
  }
  const before = residual.length;
  let words = keyWords(tokens, consumed);
  const withoutAsides = consumed.slice();
  // an aside is what follows the rule; when the rule itself follows ("Some users write in Hindi;
  // reply to them in Hindi."), the part before it is its context, and nothing is set aside
  const ruleInAside = directives.some((d) => d.at !== undefined) && directives.every((d) => d.at === undefined || aside[d.at]);
  if (!ruleInAside) for (let k = 0; k < tokens.length; k++) if (aside[k]) withoutAsides[k] = 1;
  // the object phrase, not the verb, says where a rule holds: "Responses must not contain any
  // headers" and "Headings are not allowed in responses" rule the same thing
  // words listed with a value ("formal, academic, precise"; "light, casual and playful") describe it
  for (const d of directives) if (d.at !== undefined) for (const k of enumeratedWith(tokens, d.at, valueAt)) withoutAsides[k] = 1;
  const notObjects = verbsAndDistributives(tokens);
  for (let k = 0; k < tokens.length; k++) if (notObjects[k]) withoutAsides[k] = 1;
  let conflictWords = keyWords(tokens, withoutAsides);
  const cueWords = directives.map((d) => CUE_WORDS.get(d.topic)).filter((c) => c !== undefined);
  if (cueWords.length) {
    words = words.filter((w) => !cueWords.some((c) => c.has(w)));
    conflictWords = conflictWords.filter((w) => !cueWords.some((c) => c.has(w)));
  }
  // a marker in code ("`-` bullets", "`#` headings") shows the value, it names nothing
  conflictWords = conflictWords.filter((w) => !CONFLICT_NEUTRAL.has(w) && /[\p{L}\p{N}]/u.test(w));
  if (onlyIfRequested(tokens, words, directives)) onlyIfRequested(tokens, conflictWords, directives, true);
  const conflictKey = [...new Set([...residual, ...conflictWords])].sort().join(' ');
  residual.push(...asideResidual, ...words);
  const key = [...new Set(residual)].sort().join(' ');
  const marker = words[0]?.endsWith(':') ? words[0].slice(0, -1) : undefined;
  const condition = before === 0 && marker && words.length > 1 && !words.slice(1).some((w) => w.endsWith(':')) ? { marker, words: words.slice(1) } : undefined;
  const only = directives.some((d) => d.topic === 'format' && d.value !== 'commentary' && d.polarity === 1) && tokens.some((_, i) => OUTPUT_ONLY.matchAt(tokens, i) !== undefined);
  // the commentary is compared with the output contract of its whole structural scope
  const commentaryOnly = directives.every((d) => d.value === 'commentary');
  if (loose) for (const d of directives) if (topicDef(d.topic).choice) d.loose = true;
  // "Use Pest for expressive syntax (optional)", "You can use pnpm": a choice allowed is none made
  if (directives.some((d) => topicDef(d.topic).choice && d.polarity === 1) && OPTIONAL.test(sentence)) for (const d of directives) if (topicDef(d.topic).choice && d.polarity === 1) d.noConflict = true;
  return {
    directives: dedupe(directives),
    key: commentaryOnly ? '' : key,
    conflictKey: commentaryOnly ? '' : conflictKey,
    ...(condition ? { condition } : {}),
    ...(only ? { only } : {}),
  };
}

/**
 * A necessary condition for `analyze` to read a directive from `tokens` (after `VALUES.matchAll`):
 * each directive comes from a value phrase with a value (not an ignored phrase), from a count
 * (`numericLimits` starts at a token with a `numberValue`), or from `addsCommentary` (which needs a
 * word of `COMMENTARY_NOUNS`). Tested against the full reading in test/rules/format-prefilter.test.ts.
 */
export function mayState(tokens: readonly Token[], values: readonly { value: ValueRef | null }[]): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]!.value) return true;
  for (let i = 0; i < tokens.length; i++) if (numberValue(tokens[i]!) !== undefined) return true;
  for (let i = 0; i < tokens.length; i++) if (isCommentaryNoun(tokens[i]!)) return true;
  return false;
}

/** Whether a value phrase with a value is left to read (ignored phrases give none). */
function hasValue(valueAt: ReadonlyMap<number, { value: ValueRef | null }>): boolean {
  for (const m of valueAt.values()) if (m.value) return true;
  return false;
}

/** A word of `COMMENTARY_NOUNS`, by stem or as written (what `addsCommentary` counts as its noun). */
function isCommentaryNoun(t: Token): boolean {
  return COMMENTARY_NOUNS.has(t.stem) || COMMENTARY_NOUNS.has(t.lower);
}

/** Comments that live on an issue, a pull request or a chat (posted, left for people), not in code. */
const COMMENTS_ELSEWHERE = /\b(?:post(?:s|ed|ing)?|issues?|PRs?|pull\s+requests?|tickets?|threads?|github|gitlab|jira|slack|discussions?)\b/i;
const COMMENTS_IN_CODE = /\b(?:code|source|inline|docstrings?|functions?|classes|methods?|lines?\s+of\s+code|comment\s+out)\b|\/\/|#\s/i;
/** A file name or path in code (`quality/results.json`, `*.md`, `README.md`). */
const FILE_NAME = /^[\w*./-]*\.[A-Za-z]{1,5}$/;
/** Words that leave a choice open between the values a sentence names. */
const OPEN_CHOICE = /\b(?:or|others?|some|either|whichever|varies|vary|depending)\b/i;

/** A label set off as one ("**TypeScript (Jest):**", "TypeScript (Jest):"), not a clause before a colon ("We're a pnpm shop: …"). */
const OPTION_LABEL = /^\W*(?:\*\*[^*\n]{1,60}\*\*\s*:|__[^_\n]{1,60}__\s*:|[^:\n]{1,60}\([^)\n]{1,30}\)\s*:)/;

/** Index of the colon that ends a short leading label ("**TypeScript (Jest):** …"), or -1. */
function labelEnd(tokens: readonly Token[]): number {
  const colon = tokens.findIndex((t) => t.raw === ':');
  return colon > 0 && colon <= 6 ? colon : -1;
}

const OPTIONAL = /\boptional(?:ly)?\b|\bif you (?:like|want|prefer)\b|\b(?:you|we) (?:may|can|could)\b/i;
const CHAT_DESTINATION = /\b(?:to|in|into)\s+(?:the\s+|this\s+|your\s+)?chat\b/i;
const SUBJECT_VERBS = /^(?:must|should|shall|will|are|is|need|needs|have|has)$/;
const AUXILIARY = /^(?:must|should|shall|will|can|may|might|could|would|do|does|don't|doesn't|dont|never|always|please|not|cannot|can't|won't|shouldn't|mustn't|also|then|to)$/;
const COPULA = /^(?:is|are|be|been|being|was|were|get|gets|got)$/;
const IRREGULAR_PARTICIPLES = /^(?:done|run|kept|made|set|put|shown|written|given|told|read|left|built|sent|held|meant|found|seen)$/;
const SUBJECT_MARKERS = /^(?:must|should|shall|will|can|may|might|could|would|is|are|was|were|do|does|don't|doesn't|never|always|cannot|can't|won't|shouldn't|mustn't|need|needs|has|have)$/;

/**
 * Tokens that say how a rule is carried out, not what it rules, outside condition clauses: the verb
 * of an imperative clause ("Split long answers …"), the verb after an auxiliary or a negation
 * ("must not contain"), a participle after a copula ("should be shown"), and a distributive
 * phrase ("for each topic", "per section"). Conflicts compare the rest: a rule is narrowed by its
 * objects, subjects and conditions, in whatever verb another writer states it.
 */
export function verbsAndDistributives(tokens: readonly Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  const inCondition = conditionSpans(tokens);
  let clauseStart = true;
  // an imperative clause has no subject: no auxiliary or copula after its first word
  let clauseHasSubject = false;
  // … or a verb of the lexicon later in the clause ("Database columns use snake_case")
  const clauseSubject = (from: number) => {
    if (DIRECTIVE_VERBS.has(tokens[from]!.stem)) return false;
    for (let k = from + 1; k < tokens.length; k++) {
      const t = tokens[k]!;
      // a label ("Method names: …") names what the rule is about
      if (t.raw === ':') return true;
      if (t.kind === 'punct' && /^[,;()]$/.test(t.raw)) return false;
      if (SUBJECT_MARKERS.test(t.lower) || (t.kind === 'word' && DIRECTIVE_VERBS.has(t.stem))) return true;
    }
    return false;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      // a comma opens a clause after a condition ("When you list items, use …"), not inside an
      // enumeration ("a friendly, confident tone")
      if (/^[;:()]$/.test(t.raw) || (t.raw === ',' && inCondition[i - 1])) clauseStart = true;
      continue;
    }
    if (inCondition[i]) {
      clauseStart = false;
      continue;
    }
    const prev = tokens[i - 1];
    if (clauseStart) {
      if (t.kind === 'word' && (LEADERS.has(t.stem) || AUXILIARY.test(t.lower) || (t.lower.length > 4 && t.lower.endsWith('ly')))) continue;
      clauseStart = false;
      clauseHasSubject = clauseSubject(i);
      if (t.kind === 'word' && !clauseHasSubject) {
        out[i] = 1;
        continue;
      }
    }
    if (t.kind !== 'word' || !prev) continue;
    if (AUXILIARY.test(prev.lower) && prev.lower !== 'to' && prev.lower !== 'then') out[i] = 1;
    else if ((COPULA.test(prev.lower) || (prev.lower === 'not' && COPULA.test(tokens[i - 2]?.lower ?? ''))) && (/(?:ed|en|wn)$/.test(t.lower) || IRREGULAR_PARTICIPLES.test(t.lower))) out[i] = 1;
    else if (prev.lower === 'per' || (/^(?:each|every)$/.test(prev.lower) && /^(?:for|of)$/.test(tokens[i - 2]?.lower ?? ''))) {
      for (let k = i; k < tokens.length && tokens[k]!.kind === 'word' && !/^(?:and|or|in|on|with|as|to|for|of)$/.test(tokens[k]!.lower); k++) out[k] = 1;
    }
  }
  return out;
}

/**
 * The single words enumerated with the value at `at` ("formal, academic, precise", "light, casual
 * and playful"): a comma list in which the value is one item. Items of more than one word are
 * phrases of their own and stay.
 */
function enumeratedWith(tokens: readonly Token[], at: number, valueAt: ReadonlyMap<number, { value: ValueRef | null; length: number }>): number[] {
  const out: number[] = [];
  const len = valueAt.get(at)?.length ?? 1;
  const sep = (t: Token | undefined) => !!t && (t.raw === ',' || t.lower === 'and' || t.lower === 'or');
  const item = (k: number) => tokens[k]?.kind === 'word' && !valueAt.has(k);
  // forwards: ", word" or "and word" up to a non-separator
  let k = at + len;
  while (sep(tokens[k])) {
    let j = k;
    while (sep(tokens[j])) j++;
    if (!item(j) || (!sep(tokens[j + 1]) && tokens[j + 1]?.kind === 'word')) break;
    out.push(j);
    k = j + 1;
  }
  k = at - 1;
  while (sep(tokens[k])) {
    let j = k;
    while (sep(tokens[j])) j--;
    if (!item(j)) break;
    out.push(j);
    k = j - 1;
  }
  return out;
}

/** A value inside parentheses that list examples ("(styled-components, emotion, etc.)", "(e.g. Jest)"). */
function inExamples(tokens: readonly Token[], index: number): boolean {
  let open = -1;
  for (let k = index - 1; k >= 0; k--) {
    if (tokens[k]!.raw === ')') return false;
    if (tokens[k]!.raw === '(') {
      open = k;
      break;
    }
  }
  if (open === -1) return false;
  // "for" only as "for example" / "for instance": "(2 spaces for each level)" states the value
  for (let k = open + 1; k < tokens.length && tokens[k]!.raw !== ')'; k++) {
    if (/^(?:etc|e\.g|eg|such)$/.test(tokens[k]!.lower)) return true;
    if (tokens[k]!.lower === 'for' && /^(?:example|examples|instance)$/.test(tokens[k + 1]?.lower ?? '')) return true;
  }
  return false;
}

/** The verb before a length adjective acts on what it describes ("Break up long paragraphs"), it asks for no length. */
function actsOn(tokens: readonly Token[], index: number): boolean {
  let k = index - 1;
  while (k >= 0 && tokens[k]!.kind === 'word' && /^(?:the|a|an|any|all|your|these|those|overly|very|too)$/.test(tokens[k]!.lower)) k--;
  const verb = tokens[k];
  if (!verb || verb.kind !== 'word') return false;
  if (/^(?:up|down|out|apart)$/.test(verb.lower)) return true;
  return /^(?:break|split|shorten|trim|cut|condense|rewrite|chunk|divide|reduce|summari[sz]e)$/.test(verb.lower);
}

/** "venv, pipenv, or uv": a value in a comma list of its topic's values that ends in "or". */
function inAlternatives(tokens: readonly Token[], index: number, length: number, valueAt: ReadonlyMap<number, { value: ValueRef | null; length: number }>, topic: string): boolean {
  if (!tokens.some((t) => t.lower === 'or')) return false;
  const sep = (t: Token | undefined) => !!t && (t.raw === ',' || t.lower === 'or');
  const sameTopic = (k: number) => valueAt.get(k)?.value?.topic === topic;
  let k = index + length;
  while (sep(tokens[k])) k++;
  if (k > index + length && sameTopic(k)) return true;
  k = index - 1;
  if (!sep(tokens[k])) return false;
  while (sep(tokens[k])) k--;
  for (const [start, v] of valueAt) if (start + v.length - 1 === k && v.value?.topic === topic) return true;
  return false;
}

const USER_SUBJECTS = /^(?:user|users|customer|customers|client|clients|people|someone|visitors|they|who|guests|students)$/;

/** A language that the user speaks or writes in: "users write in Hindi", "customers who speak Dutch". */
function isUsersLanguage(tokens: readonly Token[], index: number): boolean {
  for (let k = index - 1; k >= Math.max(0, index - 3); k--) {
    const t = tokens[k]!;
    if (/^(?:write|writes|writing|speak|speaks|speaking|talk|talks|prefer|prefers|use|uses)$/.test(t.lower)) return USER_SUBJECTS.test(tokens[k - 1]?.lower ?? '');
  }
  return false;
}

/**
 * A command in inline code that runs a choice (`npm install`, `yarn add <pkg>`, `python -m unittest`,
 * `ruff format .`): read as the choice's words, so that it meets "Use pnpm."; other code is kept.
 */
function commandSpan(span: string, inner: string): string {
  const words = inner.split(/\s+/).filter(Boolean);
  const choice = words.findIndex((w) => CHOICE_WORDS.has(w.toLowerCase()));
  if (choice === -1 || words.length > 6) return span;
  // the sub-command (`npm ci`, `yarn add`) says nothing about the choice; other words make it another command
  if (words.slice(choice + 1).some((w) => /^[a-z]+$/.test(w) && !COMMAND_WORDS.has(w))) return span;
  return toolName(words[choice]!);
}

/** A tool's name as a proper name ("prettier" → "Prettier"): read without a cue word (see `namedTool`). */
function toolName(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/**
 * A value of a tool slot written as a name ("Prettier", "Black", `yarn`): capitalised, or in code.
 * Such a value needs no cue word of its slot: "Do not run Prettier on this codebase".
 */
function namedTool(tokens: readonly Token[], index: number, topic: string): boolean {
  const t = tokens[index]!;
  return !!topicDef(topic).groups && !!topicDef(topic).cueFree && /^[A-Z]/.test(t.raw);
}

/**
 * The words of a sentence that narrow where a choice holds (see `RawDirective.narrow`): scope words
 * of the lexicon (languages, kinds of file, parts of a project, kinds of test), paths and globs in
 * code, verbs that do something else to the tool ("disable Prettier"), and the content of condition
 * clauses; never the words of a reason, of an aside in parentheses, of a clause that states another
 * value of the slot ("Use npm, but pnpm in `packages/legacy`"), nor the words that only name the slot.
 */
export function narrowing(
  tokens: readonly Token[],
  dropped: Uint8Array,
  at: number,
  topic: string,
  others: readonly number[],
  valueAt: ReadonlyMap<number, { value: ValueRef | null; length: number }>,
): string {
  const clause = new Int32Array(tokens.length);
  const paren = new Uint8Array(tokens.length);
  let c = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.raw === '(') depth++;
    const spacedDash = (t.raw === '-' || t.raw === '\u2013' || t.raw === '\u2014') && (tokens[i - 1]?.end ?? -1) < t.start;
    if ((t.kind === 'punct' && /^[,;:()\u2014\u2013]$/.test(t.raw)) || spacedDash || t.lower === 'but') c++;
    clause[i] = c;
    paren[i] = depth > 0 ? 1 : 0;
    if (t.raw === ')') depth = Math.max(0, depth - 1);
  }
  const own = clause[at]!;
  const skip = new Set(others.map((i) => clause[i]!).filter((x) => x !== own));
  // other clauses ("… - never touch requirements.txt", "…; run the linter") say other things,
  // except a leading one ("In `packages/web`, use pnpm") and conditions
  const leading = tokens[0]?.raw === '(' ? -1 : clause[0]!;
  const cues = CUE_WORDS.get(topic);
  const defaults = DEFAULT_SCOPE_WORDS.get(topic);
  const inCondition = conditionSpans(tokens);
  // an occasion ("after pulling", "before you commit") says when the tool runs, not where it holds
  const occasion = new Uint8Array(tokens.length);
  // ("after a function declaration" is a place in the code)
  for (let i = 0; i < tokens.length; i++) if (inCondition[i] && (occasion[i - 1] || ((i === 0 || !inCondition[i - 1]) && /^(?:after|before)$/.test(tokens[i]!.lower) && isOccasion(tokens[i + 1])))) occasion[i] = 1;
  const out = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (dropped[i] || occasion[i] || skip.has(clause[i]!) || (paren[i] && !paren[at])) continue;
    if (clause[i] !== own && clause[i] !== leading && !inCondition[i]) continue;
    if (valueAt.has(i) && !inCondition[i]) continue;
    if (t.kind === 'code') {
      if (/[/*]/.test(t.raw)) out.add(t.lower);
      continue;
    }
    if (t.kind !== 'word' || cues?.has(t.stem) || cues?.has(t.lower) || ((defaults?.has(t.lower) ) && !inCondition[i])) continue;
    // a verb narrows when it acts on the tool ("never disable Prettier"), not after it ("every file you touch")
    // "Wrap every string in double quotes": wrapping is how a quote style is used
    const wrapsInValue = topic === 'quote-style' && t.lower.startsWith('wrap');
    if (SCOPE_WORDS.has(t.stem) || SCOPE_WORDS.has(t.lower) || (NARROWING_VERBS.has(t.stem) && i < at && !wrapsInValue)) out.add(t.stem);
    // "Do not use Tailwind CSS for games": what follows "for" after the tool is where it holds
    else if (i > at && forObject(tokens, i) && !STOP.has(t.stem) && !STOP.has(t.lower) && !GENERIC.has(t.stem) && !NEGATION.has(t.stem)) out.add(t.stem);
    // "new tests", "legacy code" narrow; "new dependencies" only names the slot
    else if (SCOPE_ADJECTIVES.has(t.lower) && !cues?.has(tokens[i + 1]?.stem ?? '')) out.add(t.stem);
    else if (inCondition[i] && !STOP.has(t.stem) && !GENERIC.has(t.stem) && !NEGATION.has(t.stem)) out.add(CLAUSE_MARKERS.has(t.lower) ? `${t.lower}:` : t.stem);
  }
  return [...out].sort().join(' ');
}

/** The noun right after "for" (or "for the/our/all …"). */
function forObject(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1]?.lower;
  if (prev === 'for') return true;
  return tokens[i - 2]?.lower === 'for' && /^(?:the|our|your|a|an|any|each|every|all|these|those|this|that)$/.test(prev ?? '');
}

/** What follows "after"/"before" in an occasion: a verb form or a person ("before committing", "after you pull", "before every commit"). */
function isOccasion(t: Token | undefined): boolean {
  return !!t && t.kind === 'word' && (/ing$/.test(t.lower) || /^(?:you|we|they|each|every|any|all|pulling|commit|commits|merge|merging|push|pushing|release|deploy)$/.test(t.lower));
}

/** Verbs whose "that" opens their object, not a relative clause ("Make sure that …", "Note that …"). */
const THAT_CLAUSE_VERBS = /^(?:ensure|sure|note|remember|say|says|confirm|check|verify|mean|means|know|assume|such|so|now|given|except|believe|think|state|states|require|requires|insist|clear)$/;

const EXTREME = lexicon.extremeLength;
const LENGTH_INTENSIFIERS = new Set(EXTREME.intensifiers);
const EXTREME_SHORT = new Set(EXTREME.extremeShort);
const EXTREME_LONG = new Set(EXTREME.extremeLong);

/**
 * A sentence that demands both ends of the length scale at their extremes ("Be very brief but
 * exhaustive.", "Give a very short, exhaustive answer."): its short directive gets the long value
 * as `against`. "Concise but thorough" is a common, followable request and is not read.
 */
export function markExtremeLength(
  tokens: readonly Token[],
  directives: readonly RawDirective[],
  valueAt: ReadonlyMap<number, { value: ValueRef | null; length: number }>,
): void {
  const phrase = (d: RawDirective) => {
    const m = valueAt.get(d.at!);
    return m ? tokens.slice(d.at!, d.at! + m.length).map((t) => t.lower).join(' ') : '';
  };
  const intensified = (d: RawDirective) => LENGTH_INTENSIFIERS.has(tokens[d.at! - 1]?.lower ?? '') || /^(?:most|possible)$/.test(tokens[d.at! + 1]?.lower ?? '');
  const shorts = directives.filter((d) => d.topic === 'length' && d.value === 'short' && d.polarity === 1 && d.at !== undefined);
  const longs = directives.filter((d) => d.topic === 'length' && d.value === 'long' && d.polarity === 1 && d.at !== undefined);
  for (const sh of shorts) {
    for (const lo of longs) {
      const shortExtreme = intensified(sh) || EXTREME_SHORT.has(phrase(sh));
      const longExtreme = intensified(lo) || EXTREME_LONG.has(phrase(lo));
      if (shortExtreme && longExtreme) {
        sh.against = { short: `${intensified(sh) ? `${tokens[sh.at! - 1]!.lower} ` : ''}${phrase(sh)}`, long: phrase(lo) };
        return;
      }
    }
  }
}

/**
 * Tokens of asides: a group in parentheses, or the part after a semicolon, a spaced dash, an em
 * dash or a colon past the fourth word, that is not a condition. Their words stay out of the key; a value in them is still read
 * ("Use 4-space indentation (no tabs)") but never narrows the key when it is not a directive.
 */
export function asides(tokens: readonly Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  const mark = (from: number, to: number) => {
    if (CLAUSE_CONDITIONS.matchAt(tokens, from + 1)) return;
    out.fill(1, from, to);
  };
  if (/^(?:regardless|whatever)$/.test(tokens[0]?.lower ?? '') || (tokens[0]?.lower === 'no' && tokens[1]?.lower === 'matter') || (tokens[0]?.lower === 'even' && /^(?:if|when|though)$/.test(tokens[1]?.lower ?? ''))) {
    let j = 1;
    while (j < tokens.length && !(tokens[j]!.kind === 'punct' && /^[,;:.!?]$/.test(tokens[j]!.raw))) j++;
    out.fill(1, 0, j);
  }
  for (let i = 1; i < tokens.length; i++) {
    // a relative clause or a simile describes the output, it does not say where the rule holds
    // ("explanations that cover every edge case", "answer like a friendly human agent")
    const t = tokens[i]!;
    const prev = tokens[i - 1]!;
    // not a result clause ("so brief that you leave out steps")
    const relative = /^(?:that|which|who)$/.test(t.lower) && prev.kind === 'word' && !THAT_CLAUSE_VERBS.test(prev.lower) && !STOP.has(prev.stem) && !tokens.slice(Math.max(0, i - 4), i).some((x) => /^(?:so|such)$/.test(x.lower));
    const simile = (t.lower === 'like' && /^(?:a|an|the|you|someone)$/.test(tokens[i + 1]?.lower ?? '')) || (t.lower === 'as' && /^(?:if|though)$/.test(tokens[i + 1]?.lower ?? ''));
    // an example or a concession says what the rule covers, not where it holds ("explanations,
    // including background", "Reply in Spanish, even if the customer writes in another language")
    // a participle clause after a comma describes the manner ("…, walking through every step")
    const example = t.lower === 'including' || (t.lower === 'such' && tokens[i + 1]?.lower === 'as') || (prev.raw === ',' && t.kind === 'word' && t.lower.length > 4 && t.lower.endsWith('ing') && !CLAUSE_CONDITIONS.matchAt(tokens, i));
    const concession = (t.lower === 'even' && /^(?:if|when|though)$/.test(tokens[i + 1]?.lower ?? '')) || ((t.lower === 'regardless' || (t.lower === 'no' && tokens[i + 1]?.lower === 'matter')) && prev.kind === 'punct');
    if (relative || simile || example || concession) {
      let j = i + 1;
      while (j < tokens.length && !(tokens[j]!.kind === 'punct' && /^[,;:.!?)]$/.test(tokens[j]!.raw))) j++;
      out.fill(1, i, j);
      i = j;
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.raw === '(' && i > 0) {
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.raw !== ')' && tokens[j]!.raw !== '(') j++;
      if (tokens[j]?.raw === ')') mark(i, j + 1);
      i = j;
      continue;
    }
    const spacedDash = (t.raw === '-' || t.raw === '\u2013') && i > 0 && tokens[i - 1]!.end < t.start && (tokens[i + 1]?.start ?? 0) > t.end;
    // a colon past a label ("Tone: formal") elaborates as a dash does ("plain text: an <analysis> block …")
    if ((t.raw === ';' || t.raw === '\u2014' || spacedDash || (t.raw === ':' && i > 3)) && i > 1) {
      mark(i, tokens.length);
      break;
    }
  }
  return out;
}

/**
 * "After the JSON, add a short explanation", "Begin every response with a one-sentence summary":
 * text around the output, which an output contract that allows nothing else ("JSON only")
 * forbids. Not when it names a field of the output ("in the `notes` field") or is negated.
 */
export function addsCommentary(tokens: readonly Token[], directives: readonly RawDirective[]): RawDirective | undefined {
  let position = false;
  let noun = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'code' || COMMENTARY_EXCLUDES.has(t.stem)) return undefined;
    if (/^(?:no|not|never|don't|without)$/.test(t.lower)) return undefined;
    // the position is the output's: "after the JSON", "begin every response", "after the result"
    // the anchor is a noun: right after the position or after a determiner ("then the JSON"), not a
    // verb ("then offer to answer questions")
    if (COMMENTARY_POSITIONS.matchAt(tokens, i) && tokens.slice(i + 1, i + 4).some((x, k) => OUTPUT_ANCHORS.has(x.lower) && (k === 0 || /^(?:the|your|each|every|a|an|its|this|that|any|all)$/.test(tokens[i + k]!.lower)))) position = true;
    if (isCommentaryNoun(t)) noun = true;
  }
  // a long sentence that mentions explanations describes something else (a checklist, a pattern)
  if (!position || !noun || tokens.length > 24 || directives.some((d) => d.topic === 'format')) return undefined;
  return { topic: 'format', value: 'commentary', polarity: 1 };
}

/** Nouns of text added around the output that a ban names ("no notes, no explanations", "Exclude extra commentary"). */
const BANNED_COMMENTARY = new RegExp(`^(?:${BANNED_COMMENTARY_NOUNS})$`);
/** Words that may stand between the ban and its noun ("no closing notes", "any extra commentary or explanations"). */
const COMMENTARY_FILLERS = /^(?:extra|additional|any|closing|further|other|such|introductory|explanatory|unnecessary|unrequested|or|and|nor|,)$/;
const COMMENTARY_BAN_CUES = /^(?:no|not|never|don't|dont|without|avoid|exclude|omit|skip|nor)$/;

/**
 * A ban on text around the output ("Output is the condensed text only: no notes, no explanations",
 * "Do not give warnings or notes", "Exclude extra commentary or explanations."): read so that a
 * restatement of it is found. Not in a sentence about code or fields ("no notes in the `summary` key").
 */
export function bansCommentary(tokens: readonly Token[], directives: readonly RawDirective[]): RawDirective | undefined {
  if (directives.some((d) => d.value === 'commentary')) return undefined;
  // ("KEY STRATEGIC LESSON" names a section, not a key of an object: only code and fields exclude)
  for (const t of tokens) if (t.kind === 'code' || /^(?:fields?|propert(?:y|ies)|attributes?)$/.test(t.lower)) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!COMMENTARY_BAN_CUES.test(tokens[i]!.lower)) continue;
    for (let k = i + 1; k < Math.min(tokens.length, i + 6); k++) {
      const t = tokens[k]!;
      if (BANNED_COMMENTARY.test(t.lower)) return { topic: 'format', value: 'commentary', polarity: -1 };
      // "do not give warnings": the verb after the cue
      if (!(COMMENTARY_FILLERS.test(t.lower) || (k === i + 1 && t.kind === 'word' && /^(?:give|add|include|write|output|provide|append|offer)$/.test(t.lower)) || (tokens[i]!.lower === 'not' && k === i + 1))) break;
    }
  }
  return undefined;
}

/** Ends the clause a former state is read in: a stop, a semicolon, a colon, a dash, a bracket, a contrast. */
const FORMER_CLAUSE_END = /^(?:[.;:!?()\[\]\u2013\u2014]|but|whereas|while|however|instead)$/;
/** A comma before one of these opens a new clause ("…, so use uv"). */
const FORMER_CLAUSE_AFTER_COMMA = /^(?:so|and|then|which|who|now|today)$/;
/** Words that say the clause reports the past on their own ("previously", "formerly", "used to"). */
const FORMER_WORDS = /^(?:previously|formerly|former|originally)$/;
/** Words that say "the earlier one" and need a past verb to report the past ("the old setup used …"): "old services use X" is a scope. */
const FORMER_ADJECTIVES = /^(?:old|older|legacy|previous|earlier|original|prior)$/;
/** A past verb of a clause that reports a former state. */
const PAST_VERBS = /^(?:used|was|were|had|relied|depended|ran|required|needed|came|shipped)$/;
/** What follows a value that was taken out ("Poetry was replaced by uv", "X has been removed"). */
const REPLACED = /^(?:replaced|removed|dropped|deprecated|retired|abandoned|ditched|superseded|sunset|phased|migrated|swapped)$/;
/** The verbs of a move from one value to another ("migrated from X to Y", "switched from X"). */
const MOVE_VERBS = /^(?:migrat|switch|move|transit|port|convert|chang|upgrad|swap)/;
/** Words that keep a clause in the present ("still", "now", "currently"). */
const PRESENT_WORDS = /^(?:still|now|currently|today|nowadays|continue|continues)$/;

/**
 * A value named in a report of a former state, not chosen: 'mention' when the clause reports the
 * past ("The old setup used Poetry", "We used to use Poetry", "Previously the repo used Poetry",
 * "Poetry was replaced by uv", "We migrated from Poetry to uv", "Legacy Poetry scripts were
 * removed"), 'ban' when it says the value is gone now ("We no longer use Poetry"), else undefined.
 * The new value of a move ("… to uv", "… by uv", "… with Biome") stays a choice, and a clause that
 * says "still" or "now" is the present.
 */
export function formerValue(tokens: readonly Token[], index: number, length: number): 'mention' | 'ban' | undefined {
  let start = index;
  while (start > 0) {
    const t = tokens[start - 1]!;
    if (FORMER_CLAUSE_END.test(t.lower) || (t.raw === '-' && t.end !== tokens[start]!.start)) break;
    if (t.raw === ',' && FORMER_CLAUSE_AFTER_COMMA.test(tokens[start]!.lower)) break;
    start--;
  }
  let end = index + length;
  while (end < tokens.length) {
    const t = tokens[end]!;
    if (FORMER_CLAUSE_END.test(t.lower) || (t.raw === '-' && tokens[end - 1]!.end !== t.start)) break;
    if (t.raw === ',' && FORMER_CLAUSE_AFTER_COMMA.test(tokens[end + 1]?.lower ?? '')) break;
    end++;
  }
  const clause = tokens.slice(start, end);
  if (clause.some((t) => PRESENT_WORDS.test(t.lower))) return undefined;
  const at = index - start;
  const before = clause.slice(0, at);
  const after = clause.slice(at + length);
  // "no longer": the value is out now
  if (clause.some((t, k) => t.lower === 'no' && clause[k + 1]?.lower === 'longer' && clause[k + 2]?.lower !== 'than')) return 'ban';
  // the new value of a move or a replacement: "… to uv", "… by uv", "… with Biome", "… for Biome"
  const lastLink = [...before].reverse().find((t) => /^(?:to|by|with|for|from|into)$/.test(t.lower));
  const isNew = !!lastLink && lastLink.lower !== 'from' && before.some((t) => REPLACED.test(t.lower) || MOVE_VERBS.test(t.lower));
  if (isNew) return undefined;
  // "migrated from Poetry", "moved away from Poetry", "switched from X to Y"
  if (lastLink?.lower === 'from' && before.some((t) => MOVE_VERBS.test(t.lower) || t.lower === 'away')) return 'mention';
  // "Poetry was replaced by uv", "Poetry has been removed", "replaced Poetry with uv", "removed Poetry"
  if (after.slice(0, 4).some((t) => REPLACED.test(t.lower)) && after.slice(0, 3).some((t) => /^(?:was|were|has|have|had|been|got|is|are)$/.test(t.lower))) return 'mention';
  // ("the deprecated tool" is a description: "Never use the deprecated X" still bans X)
  if (before.slice(-3).some((t, k, near) => REPLACED.test(t.lower) && !/^(?:the|a|an|any|all|this|that|these|those)$/.test((near[k - 1] ?? before[before.length - 4])?.lower ?? ''))) return 'mention';
  // "used to use Poetry" (not "Prettier is used to format"), "previously", "formerly", "in the past"
  const usedTo = clause.some((t, k) => t.lower === 'used' && clause[k + 1]?.lower === 'to' && !/^(?:is|are|be|being|been|get|gets|got)$/.test(clause[k - 1]?.lower ?? ''));
  if (usedTo || clause.some((t, k) => FORMER_WORDS.test(t.lower) || (t.lower === 'in' && clause[k + 1]?.lower === 'the' && clause[k + 2]?.lower === 'past'))) return 'mention';
  // "The old setup used Poetry", "Legacy Poetry scripts were removed", "… managed with Poetry before", "… was used until 2023"
  const pastVerb = clause.some((t, k) => PAST_VERBS.test(t.lower) && !(t.lower === 'used' && /^(?:is|are|be|being|been|get|gets|has|have)$/.test(clause[k - 1]?.lower ?? '')));
  if (pastVerb && (clause.some((t) => FORMER_ADJECTIVES.test(t.lower) || t.lower === 'until') || clause[clause.length - 1]?.lower === 'before')) return 'mention';
  return undefined;
}

/**
 * A sentence that states a choice without an imperative: "We use yarn.", "This repo uses bun as
 * its package manager.", "Tests use pytest.", "Semicolons are forbidden.", "Your tone is serious".
 */
export function describesChoice(tokens: readonly Token[], values: readonly { value: ValueRef | null; index: number }[], strict = false): boolean {
  if (!values.some((v) => v.value)) return false;
  if (SUBJECT_LABELS.matchAt(tokens, 0) && tokens.some((t) => /^(?:is|are|should|must|will|stays|remains|happens|happen)$/.test(t.lower))) return true;
  for (let i = 0; i < tokens.length; i++) if (PROHIBITION_FORMS.matchAt(tokens, i)) return true;
  const choice = values.filter((v) => v.value && topicDef(v.value.topic).choice);
  if (!choice.length) return false;
  // "We use yarn", "Dependencies are managed with pnpm", "Tests are written using Vitest", "npm is the way we install"
  if (!strict && choice.some((v) => v.index === 0 && /^(?:is|are)$/.test(tokens[1]?.lower ?? ''))) return true;
  // "The project's test framework is Vitest", "Our package manager is pnpm"
  if (!strict && choice.some((v) => /^(?:is|are)$/.test(tokens[v.index - 1]?.lower ?? '') && CUE_WORDS.get(v.value!.topic)?.has(tokens[v.index - 2]?.stem ?? ''))) return true;
  const verbs = strict ? STRICT_CHOICE_VERBS : CHOICE_VERBS;
  if (tokens.some((t, i) => verbs.has(t.lower) && choice.some((v) => v.index > i && v.index - i <= 4))) return true;
  // "We write our tests in Jest", "The suite runs on pytest", "Unit tests run under Vitest"
  if (strict) return false;
  if (tokens.some((t, i) => /^(?:in|on|under)$/.test(t.lower) && choice.some((v) => v.index === i + 1) && tokens.slice(Math.max(0, i - 6), i).some((x) => WRITE_RUN.test(x.lower)))) return true;
  // "Python deps are handled by Poetry", "Formatting is done by Biome"
  return tokens.some((t, i) => t.lower === 'by' && choice.some((v) => v.index === i + 1) && /^(?:\w+ed|done|run|written)$/.test(tokens[i - 1]?.lower ?? '') && /^(?:is|are|get|gets)$/.test(tokens[i - 2]?.lower ?? ''));
}

/**
 * "Only use emojis if the user asks for them" is "no emojis unless requested": a positive
 * directive restricted by "only" to a request-only case becomes the negative with the canonical
 * exception, so it meets "Avoid emojis unless asked." (`words` and `directives` are rewritten).
 */
export function onlyIfRequested(tokens: readonly Token[], words: string[], directives: RawDirective[], wordsOnly = false): boolean {
  const at = words.length - 2;
  if (at < 0 || words[at + 1] !== REQUEST_WORD || !/^(?:if|when|whenever):$/.test(words[at]!)) return false;
  if (!wordsOnly && !directives.every((d) => d.polarity === 1 && !d.bounds)) return false;
  if (!tokens.some((t) => t.lower === 'only')) return false;
  words[at] = 'unless:';
  if (!wordsOnly) for (const d of directives) d.polarity = -1;
  return true;
}

export const RATIONALE = new PhraseSet<true>();
for (const p of lexicon.rationaleCues) RATIONALE.add(p, true);

/** Tokens of a rationale or purpose clause: from a cue ("because", "so that", "to keep things …") to the end of the sentence. */
export function rationaleSpan(tokens: readonly Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  for (let i = 1; i < tokens.length; i++) {
    if (!RATIONALE.matchAt(tokens, i)) continue;
    out.fill(1, i);
    break;
  }
  return out;
}

/**
 * "JSON with the fields "answer" and "next_step"": what follows an output format and describes it
 * (up to the next clause break) is part of the value, not of the key.
 */
export function describeValue(tokens: readonly Token[], from: number, consumed: Uint8Array, dropped: Uint8Array): void {
  if (!/^(?:with|containing)$/.test(tokens[from]?.lower ?? '')) return;
  for (let k = from; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'punct' && t.raw !== '-' && t.raw !== '_') break;
    if (CLAUSE_CONDITIONS.matchAt(tokens, k) || RATIONALE.matchAt(tokens, k)) break;
    consumed[k] = 1;
    dropped[k] = 1;
  }
}

const SCOPE_ADJECTIVES = new Set(lexicon.scopeAdjectives);
const CHOICE_VERBS = new Set(['use', 'uses', 'with', 'using', 'via', 'through', 'take', 'takes', 'prefer', 'prefers', 'require', 'requires', 'need', 'needs', 'follow', 'follows', 'standardized', 'standardised', 'rely', 'relies', 'choose', 'chose', 'picked', 'adopted']);
const STRICT_CHOICE_VERBS = new Set(['use', 'uses']);
const WRITE_RUN = /^(?:write|writes|written|wrote|run|runs|running|ran|execute|executes|executed)$/;
const CLAUSE_MARKERS = new Set(['if', 'unless', 'when', 'whenever', 'except', 'where', 'until', 'before', 'after', 'once']);
export const CLAUSE_CONDITIONS = new PhraseSet<true>();
for (const p of ['if', 'unless', 'when', 'whenever', 'except', 'where', 'until', 'before', 'after', 'once', 'in case']) CLAUSE_CONDITIONS.add(p, true);

/** Tokens inside a condition clause ("if …", "unless …", "when …" up to the next comma or stop). */
export function conditionSpans(tokens: readonly Token[]): Uint8Array {
  const out = new Uint8Array(tokens.length);
  let on = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && /^[,;:.!—–]$/.test(t.raw)) on = false;
    else if (CLAUSE_CONDITIONS.matchAt(tokens, i)) on = true;
    if (on) out[i] = 1;
  }
  return out;
}

export function dedupe(ds: RawDirective[]): RawDirective[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.topic}\0${d.value}\0${d.polarity}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function isFunctionWord(t: Token): boolean {
  return STOP.has(t.stem) || STOP.has(t.lower) || CONDITIONS.has(t.stem);
}

/** "Match the language the user asks in.", "Always mirror the user's language.": an imperative of the response language only. */
const MATCH_LANGUAGE = /^\W*(?:(?:always|please)\s+)?(?:match|mirror)\s+(?:the\s+)?(?:user['’]?s\s+|same\s+)?language\b/i;

/** Imperative, modal, negation or label form. */
export function isDirective(tokens: readonly Token[]): boolean {
  // label form: "Tone: formal", "Output format: JSON"
  const colon = tokens.findIndex((t) => t.raw === ':');
  if (colon > 0 && colon <= 3 && tokens.slice(0, colon).every((t) => t.kind === 'word' && (GENERIC.has(t.stem) || STOP.has(t.stem) || LABEL_WORDS.has(t.stem)))) return true;
  // imperative: the first word of the sentence, or of a clause after a comma ("When you list
  // items, use bullets"), is a directive verb once leaders ("please", "always") are skipped (asked
  // first: it reads a few words, the test below all of them)
  // a rule without a verb: "All answers in English.", "Every reply under 100 words."
  if (/^(?:all|every)$/.test(tokens[0]?.lower ?? '') && /^(?:answer|repli|repl|respons|output|messag)/.test(tokens[1]?.stem ?? '')) return true;
  // a cap without a verb: "Max 120 chars per bullet.", "At most three sentences per answer."
  if (capFragment(tokens)) return true;
  // a described habit: "The assistant replies in Korean.", "You respond in JSON."
  const subject = /^(?:you|we)$/.test(tokens[0]?.lower ?? '') ? 1 : tokens[0]?.lower === 'the' && /^(?:assistant|bot|agent|model|ai)$/.test(tokens[1]?.lower ?? '') ? 2 : 0;
  if (subject && tokens[subject]?.kind === 'word' && /s$/.test(tokens[subject]!.lower) === (subject === 2) && DIRECTIVE_VERBS.has(tokens[subject]!.stem)) return true;
  let clauseStart = true;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.raw === ',' || t.raw === ';' || t.raw === ':') clauseStart = true;
      continue;
    }
    if (!clauseStart) continue;
    if (t.kind === 'word' && LEADERS.has(t.stem)) continue;
    if (t.kind === 'word' && DIRECTIVE_VERBS.has(t.stem)) return true;
    // a verb of a task ("Create a summary …") states a form when it gives a count with its bound
    // ("… in less than 25 words", "a 300-word introduction")
    if (t.kind === 'word' && TASK_VERBS.test(t.lower) && COUNTED.test(tokens.map((x) => x.raw).join(' '))) return true;
    // "Before the JSON, briefly explain …": an adverb before the verb
    if (t.kind === 'word' && t.lower.length > 4 && t.lower.endsWith('ly')) continue;
    clauseStart = false;
  }
  for (let i = 0; i < tokens.length; i++) {
    if (MODALS.matchAt(tokens, i)) return true;
    if (NEGATION.matchAt(tokens, i) && !NOT_NEGATION.matchAt(tokens, i) && /^(?:never|don't|dont|do|avoid|refrain|no|omit|skip|exclude)$/.test(tokens[i]!.lower)) {
      // "Never …", "Do not …", "Avoid …", "No emojis."; also mid-sentence after a subject ("Responses never use …")
      return true;
    }
  }
  return false;
}

/** Verbs that name a task as often as a form: a rule only with a count ("Create … in under 25 words"). */
const TASK_VERBS = /^(?:create|compose|draft|generate|produce|craft|prepare)$/;
/** A count of a length unit with a bound or as an adjective: "in less than 25 words", "of at most 3 sentences", "a 300 - word intro". */
const COUNTED = /\b(?:in|of|within|under|below)\s+(?:(?:less|fewer)\s+than\s+|no\s+more\s+than\s+|at\s+most\s+|under\s+|about\s+|around\s+|exactly\s+)?\d+(?:\s*[-–]\s*\d+)?\s+(?:words?|sentences?|lines?|paragraphs?|characters?|chars)\b|\b\d+\s*-\s*(?:word|sentence|line|paragraph|character)\b/i;

/** Bound words that open a cap or a floor written without a verb. */
const FRAGMENT_BOUND = /^(?:max|maximum|min|minimum|at most|at least|no more than|no fewer than|no less than)$/;
/** Most words a verbless cap may hold ("Max 120 chars per bullet/item"): a longer sentence has a verb. */
const FRAGMENT_WORDS = 8;

/**
 * A bound, a number and a length unit opening a short sentence: a cap or a floor stated without a
 * verb. Only the explicit bound words count ("Up to 10 lines of context are shown" describes).
 */
function capFragment(tokens: readonly Token[]): boolean {
  if (tokens.filter((t) => t.kind === 'word').length > FRAGMENT_WORDS) return false;
  for (const cue of [MAX_CUES.matchAt(tokens, 0), MIN_CUES.matchAt(tokens, 0)]) {
    if (!cue) continue;
    const phrase = tokens.slice(0, cue.length).map((t) => t.lower).join(' ');
    if (!FRAGMENT_BOUND.test(phrase)) continue;
    let j = cue.length;
    if (tokens[j]?.lower === 'of') j++;
    if (!tokens[j] || numberValue(tokens[j]!) === undefined) continue;
    j++;
    if (tokens[j] && (tokens[j]!.raw === '-' || tokens[j]!.raw === '\u2013') && tokens[j + 1] && numberValue(tokens[j + 1]!) !== undefined) j += 2;
    if (LENGTH_UNITS.matchAt(tokens, j)) return true;
  }
  return false;
}

/** Polarity of each value match: negated by a preceding cue in the same clause or a following "is not allowed". */
export function polarities(tokens: readonly Token[], valueAt: ReadonlyMap<number, { value: ValueRef | null; length: number }>): Map<number, Polarity | 0> {
  const out = new Map<number, Polarity | 0>();
  let negated = false;
  let cueEnd = -10;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const not = NOT_NEGATION.matchAt(tokens, i);
    if (not) {
      i += not.length - 1;
      continue;
    }
    const value = valueAt.get(i);
    if (value) {
      let polarity: Polarity = negated ? -1 : 1;
      if (negated && i - cueEnd <= 3 && tokens.slice(cueEnd, i).some((x) => INTENSIFIERS_AFTER_NEGATION.has(x.stem))) {
        // "don't be overly formal", "not just bullet points": neither a yes nor a no
        out.set(i, 0);
        i += value.length - 1;
        continue;
      }
      for (let k = i + value.length; k < Math.min(tokens.length, i + value.length + 5); k++) {
        const x = tokens[k]!;
        if (x.kind === 'punct' && x.raw !== '-') break;
        if (POST_NEGATION.matchAt(tokens, k)) {
          polarity = -1;
          break;
        }
      }
      out.set(i, polarity);
      i += value.length - 1;
      continue;
    }
    const other = DOUBLE_NEGATION.matchAt(tokens, i);
    if (other) {
      // "do not respond with anything other than JSON" means JSON
      if (negated) negated = false;
      else {
        negated = true;
        cueEnd = i + other.length;
      }
      i += other.length - 1;
      continue;
    }
    const cue = NEGATION.matchAt(tokens, i);
    if (cue) {
      negated = true;
      cueEnd = i + cue.length;
      i += cue.length - 1;
      continue;
    }
    if (t.kind === 'punct') {
      if (t.raw === ',' || t.raw === '/' || t.raw === '&') {
        // a negated enumeration goes on: "never use Markdown, HTML or XML"
        const nextIdx = i + 1 < tokens.length && /^(?:or|and|nor)$/.test(tokens[i + 1]!.lower) ? i + 2 : i + 1;
        // an item that is no value itself ("yarn" without a cue) still goes on to the next: "npm/yarn/pnpm"
        const after = tokens[nextIdx + 1];
        const listGoesOn = tokens[nextIdx]?.kind === 'word' && !!after && (after.raw === ',' || after.raw === '/' || /^(?:or|and|nor)$/.test(after.lower));
        if (!valueAt.has(nextIdx) && !listGoesOn) negated = false;
      } else if (t.raw === ':' && cueEnd === i) {
        // a label made of the cue ("Avoid: bullet summaries, …", "Never: emojis") negates what it labels
      } else if (t.raw === '-' ? spacedDash(tokens, i) : t.raw !== '(' && t.raw !== ')') negated = false;
      continue;
    }
    if (NEGATION_BREAKERS.has(t.stem) && negated && i - cueEnd > 1) negated = false;
  }
  return out;
}

/**
 * A dash with a space on both sides opens a new clause, as a semicolon does: in "No external npm
 * packages required - pure Bun APIs" Bun is what to use (a hyphen, as in "no bullet-points", or a
 * dash right after a word, goes on).
 */
function spacedDash(tokens: readonly Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  return !!prev && !!next && prev.end < tokens[i]!.start && next.start > tokens[i]!.end;
}

export const LIMIT_VERBS = new Set(lexicon.limitVerbs);

/** Numeric length limits ("under 100 words", "2-3 sentences", "at least 500 words"). */
/** Adjectives that may stand between a count and its unit ("3 short sentences"). */
const COUNT_ADJECTIVES = /^(?:short|brief|concise|full|complete|crisp|tight|succinct)$/;
/** Words that state a count loosely ("around 60 words"), and the margin read either side of it. */
const APPROXIMATE = /^(?:around|about|approximately|roughly|~)$/;
const APPROXIMATE_MARGIN = 0.25;

export function numericLimits(tokens: readonly Token[], consumed: Uint8Array): RawDirective[] {
  const out: RawDirective[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (consumed[i]) continue;
    const n1 = numberValue(tokens[i]!);
    if (n1 === undefined) continue;
    let j = i + 1;
    let lo = n1;
    let hi = n1;
    // ranges: 2-3, 2 to 3, two or three, between 100 and 200
    const sep = j < tokens.length ? tokens[j] : undefined;
    if (sep && (sep.raw === '-' || sep.raw === '\u2013' || sep.lower === 'to' || sep.lower === 'or' || sep.lower === 'and')) {
      const n2 = j + 1 < tokens.length ? numberValue(tokens[j + 1]!) : undefined;
      if (n2 !== undefined) {
        lo = Math.min(n1, n2);
        hi = Math.max(n1, n2);
        j += 2;
      }
    }
    if (j < tokens.length && tokens[j]!.raw === '-') j++; // "500-word"
    // "1-3 short sentences", "two brief paragraphs": a length adjective between the count and its unit
    if (COUNT_ADJECTIVES.test(tokens[j]?.lower ?? '') && LENGTH_UNITS.matchAt(tokens, j + 1)) j++;
    const unitMatch = LENGTH_UNITS.matchAt(tokens, j);
    if (!unitMatch) continue;
    const unit = unitMatch.value;
    const end = j + unitMatch.length;
    // cue before the number (up to 4 tokens back)
    let bound: 'max' | 'min' | 'exact' = 'exact';
    let negatedBefore = false;
    for (let k = Math.max(0, i - 5); k < i; k++) {
      const maxCue = MAX_CUES.matchAt(tokens, k);
      const minCue = MIN_CUES.matchAt(tokens, k);
      const cue = maxCue && minCue ? (maxCue.length >= minCue.length ? maxCue : minCue) : (maxCue ?? minCue);
      if (cue && k + cue.length <= i) {
        bound = cue === maxCue ? 'max' : 'min';
        for (let c = k; c < k + cue.length; c++) consumed[c] = 1; // "exceed", "at most": not part of the key
        k += cue.length - 1;
        continue;
      }
      if (/^(?:never|not|don't|dont)$/.test(tokens[k]!.lower) && !NOT_NEGATION.matchAt(tokens, k)) negatedBefore = true;
    }
    if (MAX_AFTER.matchAt(tokens, end)) bound = 'max';
    else if (MIN_AFTER.matchAt(tokens, end)) bound = 'min';
    if (negatedBefore && bound === 'min') bound = 'max'; // "never more than", "don't exceed"
    else if (negatedBefore && bound === 'max') continue; // "not under 100 words": unclear, skip
    // "Limit replies to 80 words": a limit verb before the number makes it a cap
    if (bound === 'exact' && lo === hi && tokens.slice(0, i).some((t) => LIMIT_VERBS.has(t.lower))) bound = 'max';
    // "Keep replies to two sentences": "keep … to" a number is a cap too
    if (bound === 'exact' && lo === hi && tokens[i - 1]?.lower === 'to' && tokens.slice(0, i).some((t) => t.lower === 'keep')) bound = 'max';
    // "around 60 words", "roughly 200 words": a count stated loosely, read with a margin either side
    const approximate = bound === 'exact' && lo === hi && APPROXIMATE.test(i > 0 ? tokens[i - 1]!.lower : '');
    // "exactly fifteen words": a stated count
    if (bound === 'exact' && lo === hi && !approximate && !/^(?:in|of|to|with|a|an|using|exactly|precisely)$/.test(i > 0 ? tokens[i - 1]!.lower : '')) continue;
    let min = approximate ? Math.floor(lo * (1 - APPROXIMATE_MARGIN)) : lo;
    let max = approximate ? Math.ceil(hi * (1 + APPROXIMATE_MARGIN)) : hi;
    if (bound === 'max') min = 0;
    if (bound === 'min') max = Number.POSITIVE_INFINITY;
    for (let k = i; k < end; k++) consumed[k] = 1;
    const label = bound === 'max' ? `at most ${hi} ${unit}` : bound === 'min' ? `at least ${lo} ${unit}` : approximate ? `about ${lo} ${unit}` : lo === hi ? `${lo} ${unit}` : `${lo}-${hi} ${unit}`;
    out.push({ topic: 'length', value: label, polarity: 1, bounds: { unit, min, max } });
    i = end - 1;
  }
  return out;
}

/** Content words of a sentence that holds no directive (for the key of a unit of several sentences). */
export function contentKey(sentence: string): string[] {
  const tokens = tokenize(sentence);
  return keyWords(tokens, new Uint8Array(tokens.length));
}

/**
 * A condition that only says someone asks: request words, and at most one other word right
 * before a request verb (the asker: "unless the traveller explicitly asks for them").
 */
export function isRequest(words: readonly string[]): boolean {
  let other = 0;
  for (let i = 0; i < words.length; i++) {
    if (REQUEST.has(words[i]!)) continue;
    if (++other > 1) return false;
    let j = i + 1; // "the traveller explicitly asks"
    while (j < words.length && REQUEST.has(words[j]!) && !REQUEST_VERBS.has(words[j]!)) j++;
    if (!REQUEST_VERBS.has(words[j] ?? '')) return false;
  }
  return true;
}

/** The one word a request-only condition ("unless asked", "if the user requests it") is keyed by. */
export const REQUEST_WORD = 'request';
/** The key of a sentence whose only content is the request exception. */
export const REQUEST_KEY = `${REQUEST_WORD} unless:`;

/** Content words left over (the key), with condition markers kept when their clause has content. */
/** Whether token i is a letter of "e.g." or "i.e." (tokenized as letter, dot, letter). */
function inLatinAbbreviation(tokens: readonly Token[], i: number): boolean {
  const at = (k: number) => tokens[k]?.lower ?? '';
  const pair = (a: string, b: string) => (at(i) === a && tokens[i + 1]?.raw === '.' && at(i + 2) === b) || (at(i) === b && tokens[i - 1]?.raw === '.' && at(i - 2) === a);
  return pair('e', 'g') || pair('i', 'e');
}

/** Parts of the output that, quantified by "every", "each" or "all", mean the whole of it. */
const WHOLE_OUTPUT_PARTS = /^(?:sections?|parts?)$/;

export function keyWords(tokens: readonly Token[], consumed: Uint8Array): string[] {
  const out: string[] = [];
  let condition: string | undefined;
  let conditionWords: string[] = [];
  const flush = () => {
    if (condition && conditionWords.length && isRequest(conditionWords)) {
      // "unless asked", "unless the user explicitly requests otherwise": one canonical exception
      out.push(`${condition === 'except' ? 'unless' : condition}:`, REQUEST_WORD);
    } else if (condition && conditionWords.length) out.push(`${condition}:`, ...conditionWords);
    else if (!condition) out.push(...conditionWords);
    condition = undefined;
    conditionWords = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (t.raw === ',' || t.raw === ';' || t.raw === ':' || t.raw === '(' || t.raw === ')') flush();
      continue;
    }
    const cond = CONDITIONS.matchAt(tokens, i);
    if (cond && !consumed[i]) {
      flush();
      condition = cond.value;
      i += cond.length - 1;
      continue;
    }
    if (consumed[i]) continue;
    if (t.kind === 'code' || t.kind === 'number') {
      conditionWords.push(t.lower);
      continue;
    }
    if (t.raw === 'QUOTED') continue;
    // "Use lots of emojis! 🎉": a symbol is no word of the key
    if (!/[\p{L}\p{N}]/u.test(t.raw)) continue;
    if (STOP.has(t.stem) || STOP.has(t.lower) || GENERIC.has(t.stem) || DIRECTIVE_VERBS.has(t.stem)) continue;
    if (NEGATION.has(t.stem) || MODALS.has(t.stem)) continue;
    if (!condition && NEUTRAL_KEY.has(t.stem)) continue;
    // "e.g.", "i.e.": an abbreviation that introduces examples, no word of the key
    if (inLatinAbbreviation(tokens, i)) continue;
    // "every section", "all parts": the whole output, not one part of it
    if (WHOLE_OUTPUT_PARTS.test(t.lower) && /^(?:every|each|all)$/.test(tokens[i - 1]?.lower ?? '')) continue;
    conditionWords.push(t.stem);
  }
  flush();
  return out;
}

