/**
 * The naming-case slot: which identifier case a rule asks for, for which kind of name
 * ("Functions and variables: camelCase.", "`snake_case` for functions and variables, `PascalCase`
 * for classes", "Database columns use snake_case.", "Name React components in PascalCase.",
 * "Python functions should be named in camelCase.", "… its own file named in PascalCase").
 * conflicting-instruction reports two rules that give one kind of name two different cases in one
 * scope. Read by form, never from a sentence that is conditional, an exception or a conversion
 * ("If the API returns snake_case …", "The serializer converts camelCase to snake_case"), nor from a
 * case that is taken back ("not camelCase", "instead of snake_case"). Lexicon in
 * `rules/data/naming-case.json`.
 */
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import lexicon from '../data/naming-case.json' with { type: 'json' };
import { memoized } from './memo.js';
import { unitScopes } from './scope.js';
import { paragraphLabel } from './paragraph-label.js';
import { neutralParagraphLabel } from './format/object.js';
import { stem, unitSentences } from './words.js';

export interface NamingRule {
  /** The canonical case ("camelCase"). */
  readonly value: string;
  /** The kind of name as read: its head's stem and its narrowing modifiers' stems. */
  readonly head: string;
  readonly modifiers: readonly string[];
  /** The subject as written ("Python functions"). */
  readonly subject: string;
  /** The subject says it holds without exception ("All filenames …, no exceptions"). */
  readonly universal: boolean;
  readonly scope: string;
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly sentence: string;
}

/** A case wording's parts: "camelCase" → camel, Case; "snake_case" → snake, case. */
function wordingParts(w: string): string[] {
  return w
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean);
}

/** A case wording as a pattern: parts joined by nothing, a space, '-' or '_', in or out of backticks. */
function wordingPattern(w: string): string {
  return wordingParts(w)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s_-]?');
}

/** Each case with its wordings, the case's own name first. */
const CASES = Object.entries(lexicon.cases as Record<string, string[]>).map(([value, wordings]) => ({ value, wordings: [value, ...wordings] }));
const ALL_WORDINGS = CASES.flatMap((c) => c.wordings);
/** Wordings as one alternation, longest first. */
const alternationOf = (wordings: readonly string[]) =>
  wordings
    .map(wordingPattern)
    .sort((a, b) => b.length - a.length)
    .join('|');

const CASE_OF: { value: string; re: RegExp }[] = CASES.map(({ value, wordings }) => ({ value, re: new RegExp(`^(?:${alternationOf(wordings)})$`, 'i') }));
/** Any case wording, for finding mentions. */
const ANY_CASE = new RegExp(`\`?\\b(${alternationOf(ALL_WORDINGS)})\\b\`?`, 'gi');
/** Words too common to stand for a case alone ("upper", "case"): a wording made only of them is looked for whole. */
const GENERIC_PARTS = new Set(['all', 'upper', 'lower', 'uppercase', 'lowercase', 'case', 'caps']);
/**
 * A cheap test that a text may name a case: a distinctive part of some wording ("snake", "camel",
 * "kebab"), or a whole wording made only of common words ("upper case").
 */
const QUICK = new RegExp(
  [
    ...new Set(
      ALL_WORDINGS.map((w) => {
        const distinctive = wordingParts(w)
          .map((x) => x.toLowerCase())
          .find((x) => !GENERIC_PARTS.has(x));
        return distinctive ?? wordingPattern(w);
      }),
    ),
  ].join('|'),
  'i',
);

function caseValue(written: string): string | undefined {
  return CASE_OF.find((c) => c.re.test(written.replace(/`/g, '')))?.value;
}

const ALIAS = new Map<string, string>();
for (const [word, aliases] of Object.entries(lexicon.subjectAliases as Record<string, string[]>)) for (const a of aliases) ALIAS.set(a, word);
const DROP = new Set(lexicon.dropWords);
const NON_NARROWING = new Set(lexicon.nonNarrowing.map((w) => stem(ALIAS.get(w) ?? w)));
const phrase = (list: readonly string[]) => list.map((w) => w.replace(/ /g, '\\s+')).join('|');
const NEGATION_BEFORE = new RegExp(`\\b(?:${phrase(lexicon.negations)})\\s*(?:\\S+\\s+)?$`, 'i');
const CONDITION = new RegExp(`\\b(?:${phrase(lexicon.conditions)})\\b`, 'i');
/** Kinds of name that a label before "<case> for <things>" makes the things' own ("Files:", "Folders:"). */
const LABEL_KINDS = new Set(lexicon.labelKinds.map((w) => stem(ALIAS.get(w) ?? w)));
/** Between the kinds of name of one subject ("functions and variables", "files/folders"). */
const LIST_SEPARATOR = /\s*(?:,|&|\/|\band\b|\bor\b)\s*/i;
const UNIVERSAL = /\b(?:all|every|each|no\s+exceptions?|without\s+exception|always|everywhere)\b/i;

/** The kinds of name a subject phrase lists ("functions and variables" → function, variable), or undefined when it is no plain noun phrase. */
function subjectItems(text: string): { head: string; modifiers: string[]; written: string }[] | undefined {
  const cleaned = text
    .replace(/[*_`]+/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .trim();
  if (!cleaned || cleaned.length > 60) return undefined;
  const out: { head: string; modifiers: string[]; written: string }[] = [];
  for (const part of cleaned.split(LIST_SEPARATOR)) {
    if (!part) continue;
    const words = part
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w && !DROP.has(w));
    if (!words.length) continue;
    if (words.length > 3 || words.some((w) => !/^[a-z][a-z0-9.+#-]*$/.test(w))) return undefined;
    const stems = words.map((w) => stem(ALIAS.get(w) ?? w));
    out.push({ head: stems[stems.length - 1]!, modifiers: stems.slice(0, -1).filter((m) => !NON_NARROWING.has(m)), written: part.trim() });
  }
  return out.length ? out : undefined;
}

/** The (subject, case) pairs a sentence states, by form. */
function readSentence(raw: string): { subject: string; value: string }[] {
  if (!QUICK.test(raw)) return [];
  const s = raw
    .trim()
    .replace(/^[-*+>\s]+/, '')
    .replace(/^\d+[.)]\s+/, '')
    .replace(/\*\*|__/g, '');
  // mentions of a case; a mention taken back ("not camelCase", "instead of snake_case") is no value
  const mentions: { at: number; end: number; value: string }[] = [];
  ANY_CASE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANY_CASE.exec(s))) {
    // "`kebab-case.tsx`", "snake_case_file.py": a sample name that holds a case's words, no case
    if (/^(?:[\w\/-]|\.\w)/.test(s.slice(m.index + m[0].length)) && !m[0].endsWith('`')) continue;
    if (/[\w.\/-]$/.test(s.slice(0, m.index)) && !m[0].startsWith('`')) continue;
    // "CamelCase" with a capital is written for camelCase and for PascalCase alike: no value
    if (/^Camel[\s_-]?Case$/.test(m[1]!)) return [];
    const value = caseValue(m[1]!);
    if (!value) continue;
    if (NEGATION_BEFORE.test(s.slice(Math.max(0, m.index - 24), m.index))) return [];
    mentions.push({ at: m.index, end: m.index + m[0].length, value });
  }
  if (!mentions.length) return [];
  // the words before the first mention (and the sentence's own clauses) say whether it is a rule
  const head = s.slice(0, mentions[0]!.at);
  if (CONDITION.test(s.replace(/\([^)]*\)/g, ' ').replace(/\be\.g\..*$/i, ''))) return [];
  const CASE = '`?[A-Za-z_-]+`?';
  const out: { subject: string; value: string }[] = [];
  // "Functions and variables: camelCase." (a label line, nothing but an example after the case)
  const label = new RegExp(`^([A-Za-z][\\w\\s,&/-]{1,50}?)\\s*:\\s*(${CASE})\\s*(?:\\([^)]*\\))?\\s*[.;]?\\s*$`).exec(s);
  if (label && mentions.length === 1 && label[2]!.length === mentions[0]!.end - mentions[0]!.at) return [{ subject: label[1]!, value: mentions[0]!.value }];
  // "`snake_case` for functions and variables, `PascalCase` for classes", "Use camelCase for JSON keys."
  const forSubject = /^\s+for\s+([A-Za-z][\w\s&/-]{1,50}?)\s*(?=[,;.]|\s+\(|\s+and\s+`|$)/;
  let allFor = true;
  for (const [k, mention] of mentions.entries()) {
    // a subject ends where the next case begins ("camelCase for variables and PascalCase for …")
    const f = forSubject.exec(s.slice(mention.end, mentions[k + 1]?.at ?? s.length));
    if (f) out.push({ subject: f[1]!.replace(/\s+(?:and|but|or|while|whereas)$/i, ''), value: mention.value });
    else allFor = false;
  }
  if (out.length && allFor) {
    // only a rule's own words before the first case: nothing, "Use", "Follow PEP 8 naming:", "Prefer"
    if (!/^(?:(?:please\s+)?(?:always\s+)?(?:use|prefer|stick\s+to)\s+|[\w\s-]{0,30}:\s*)?$/i.test(head)) return [];
    // "Files: `PascalCase` for components": the names are the components' files
    const kind = /(?:^|\s)([A-Za-z]+)\s*:\s*$/.exec(head)?.[1];
    if (kind && LABEL_KINDS.has(stem(ALIAS.get(kind.toLowerCase()) ?? kind.toLowerCase()))) {
      return out.map((o) => ({ subject: o.subject.split(LIST_SEPARATOR).filter(Boolean).map((x) => `${x} ${kind}`).join(', '), value: o.value }));
    }
    return out;
  }
  if (mentions.length !== 1) return [];
  const value = mentions[0]!.value;
  const after = s.slice(mentions[0]!.end);
  // nothing of substance after the case but an example, a reason or a purpose
  if (!/^\s*(?:$|[.;:,(]|\s+(?:e\.g\.|like|so\b|to\b|because|since|as\b|throughout|everywhere|always|in\s+(?:all|every|this)\b))/i.test(after)) return [];
  // "Name React components in PascalCase.", "Write constants in camelCase …"
  const imperative = /^(?:always\s+)?(?:name|write|spell)\s+(.{2,50}?)\s+in\s+$/i.exec(head);
  if (imperative) return [{ subject: imperative[1]!, value }];
  // "Database columns use snake_case.", "JSON keys must be snake_case.", "Python functions should be named in camelCase."
  const statement = /^(.{2,50}?)\s+(?:(?:must|should|shall|will)\s+(?:always\s+)?(?:be\s+)?|(?:are|is)\s+(?:always\s+)?)?(?:(?:use|uses|follow|follows|are|is|be)\s+|(?:written|named|spelled|in)\s+)(?:in\s+)?$/i.exec(head);
  if (statement && !/^(?:we|you|i|they|it|this|that|there|which|who)\b/i.test(statement[1]!) && subjectItems(statement[1]!)) return [{ subject: statement[1]!, value }];
  // "… its own file named in PascalCase"
  const named = /(?:^|\s)((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s+(?:named|written)\s+in\s+$/i.exec(head);
  if (named) return [{ subject: named[1]!, value }];
  return [];
}

const LANGUAGES = new Set(lexicon.languages);
/** A language a sentence narrows its rule to: in parentheses, or in a leading or trailing "in <language>"; as its stem. */
function languageOf(sentence: string): string | undefined {
  // a remark in parentheses that is no sample (no code, no file name): "(Python)", "(JS/TS only)"
  const places = [...sentence.matchAll(/\(([^)`.]{1,60})\)/g)].map((m) => m[1]!);
  const lead = /^\W*(?:in|for)\s+([\w#+]+)(?:\s+(?:code|files?))?\s*,/i.exec(sentence)?.[1];
  const trail = /\b(?:in|for)\s+([\w#+]+)(?:\s+(?:code|files?))?\s*[.;:!]?\s*$/i.exec(sentence)?.[1];
  for (const text of [...places, lead ?? '', trail ?? '']) {
    for (const w of text.toLowerCase().split(/[^\w#+]+/)) if (LANGUAGES.has(w)) return stem(w === 'js' ? 'javascript' : w === 'ts' ? 'typescript' : w);
  }
  return undefined;
}

/** Every naming rule of a document (memoized): instruction units, no table rows, no hidden or sample scopes. */
export const namingRules = memoized((doc: PromptDocument): readonly NamingRule[] => {
  const out: NamingRule[] = [];
  for (const prompt of doc.prompts) {
    let scopeOf: ReturnType<typeof unitScopes> | undefined;
    for (const unit of prompt.units) {
      if (!unit.isInstruction || unit.context === 'table-row' || unit.context === 'heading' || !QUICK.test(unit.text)) continue;
      for (const sentence of unitSentences(prompt, unit)) {
        const read = readSentence(sentence);
        if (!read.length) continue;
        scopeOf ??= unitScopes(doc, prompt);
        const scope = scopeOf(unit);
        if (scope.hidden || scope.example) break;
        // a label line above the paragraph ("Java:" / "Python:") scopes it as a heading would; a
        // language named there narrows the names as one named in the sentence does (the format
        // reader counts "Python:" as a neutral label, so its test is not enough here)
        const rawLabel = unit.context === 'paragraph' ? paragraphLabel(doc, prompt, unit) : '';
        const labelLanguage = rawLabel ? languageOf(`(${rawLabel})`) : undefined;
        const key = rawLabel && !labelLanguage && !neutralParagraphLabel(rawLabel) ? `${scope.key} / ${rawLabel}` : scope.key;
        const language = languageOf(sentence) ?? labelLanguage;
        for (const r of read) {
          const items = subjectItems(r.subject);
          if (!items) continue;
          for (const item of items) out.push({ value: r.value, head: item.head, modifiers: language && !item.modifiers.includes(language) ? [...item.modifiers, language] : item.modifiers, subject: item.written, universal: UNIVERSAL.test(sentence), scope: key, prompt, unit, sentence });
        }
      }
    }
  }
  return out;
});

/** Two rules for one kind of name: the same head, and the same narrowing modifiers (or none on a side that holds without exception). */
export function sameNames(a: NamingRule, b: NamingRule): boolean {
  if (a.head !== b.head || a.scope !== b.scope) return false;
  const ma = [...a.modifiers].sort().join(' ');
  const mb = [...b.modifiers].sort().join(' ');
  if (ma === mb) return true;
  return (!ma && a.universal) || (!mb && b.universal);
}
