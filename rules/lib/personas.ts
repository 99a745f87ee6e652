/**
 * Persona and identity definitions, extracted once per document for repeated-persona and
 * conflicting-persona: "You are Claude, …", "You are a senior data scientist.", "Act as a travel
 * guide.", "Your name is Max.", "As a legal assistant, you …", "You are a support agent named
 * Quill", "I am Manus, an AI assistant …" (first person only with an appositive generic role, since
 * "I am Dana, and I need …" is the user), a `Role: Senior Tax Lawyer` label line (or `Role: You are …`), and YAML `role:` /
 * `persona:` fields. A role phrase may open with a series of adjectives ("a calm and careful tax
 * lawyer", "an experienced UI/UX designer"); the head is the noun after it.
 *
 * Precise on purpose. Only instruction units count (never code, quotes, examples or transcripts);
 * the definition must open its sentence (after at most a neutral leader such as "From now on,");
 * "You are responsible for …", "You are now in plan mode" and "You are not allowed to …" define
 * nothing because no name or role noun follows. A role needs a head noun that names a role
 * (lexicon families, generic heads or an agent-noun ending) and is not in `notRoles`.
 */
import type { Rule, RuleContext } from '../../server/src/engine/types.js';
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import lexicon from '../data/personas.json' with { type: 'json' };
import { paragraphStart } from './paragraph-label.js';
import { differentParallels, unitScopes, type ScopeOf, type UnitScope } from './scope.js';
import { entryChecks, type EntryReporter } from './entry-checks.js';
import { SentenceCache } from './sentence-cache.js';
import { asciiLettersEnd, leadingLetters, stem, stemSet, unitSentences } from './words.js';
import { memoized } from './memo.js';

export interface PersonaRole {
  /** Stem of the head noun ("scientist"). */
  readonly head: string;
  /** Stems of the role's other words, soft modifiers removed ("data"). */
  readonly modifiers: readonly string[];
  /** Family of the head, when it has one ("data"); undefined for generic heads. */
  readonly family?: string;
  /** Stems of the complement that names a field after the head ("an expert in tax law" → tax, law). */
  readonly domain?: readonly string[];
  /** The role as written ("a senior data scientist"). */
  readonly text: string;
  /** Stems of the names of products or tools it is about, capitalised in its modifiers or complement ("a Redux Toolkit specialist" → redux, toolkit). */
  readonly named?: readonly string[];
  /**
   * A head of `bareRefinableHeads` followed by the people it serves ("a mentor for junior
   * developers", "a coach for first-time founders"): a role of its own, no longer the bare
   * "a mentor" that any role refines.
   */
  readonly audience?: boolean;
}

export interface Persona {
  /** The name, lower-cased ("claude"), when the definition names one. */
  readonly name?: string;
  /** The name as written ("Claude Code"). */
  readonly nameText?: string;
  readonly role?: PersonaRole;
  /** Prompts that share a persona: a Markdown body, or one YAML mapping (crewAI agent). */
  readonly group: string;
  /**
   * What narrows the persona: titles and lead-ins that open with a condition ("## When reviewing
   * code"). A persona holds for its whole prompt, so topic titles ("## API design") do not separate two.
   */
  readonly scope: string;
  /** The parallel sections the definition is in (one per agent, tool…: see scope.ts); absent for none. */
  readonly parallel?: readonly string[];
  readonly prompt: Prompt;
  readonly unit: Unit;
  readonly sentence: string;
  /** The sentence is only the definition ("You are a helpful assistant."), nothing after it. */
  readonly pure: boolean;
  /** "As a lead, you …": a framing for what follows rather than a definition. */
  readonly framing?: boolean;
  /** "You are also a mentor …", "Additionally, you are …": a role added to the persona, not another one. */
  readonly additive?: boolean;
  /** A YAML `role:` field: a label, which the prose under it describes in its own words. */
  readonly field?: boolean;
  /** Index of the first unit of the definition's paragraph. */
  readonly paragraph?: number;
  readonly unitSentences: number;
}

const FAMILY = new Map<string, string>();
for (const [family, heads] of Object.entries(lexicon.families)) for (const h of heads) FAMILY.set(stem(h), family);
const GENERIC = stemSet(lexicon.genericHeads);
const NOT_ROLES = stemSet(lexicon.notRoles);
/** Role nouns as written, which a stem shared with a word of `notRoles` does not hide ("critic" / "critical"). */
const NOT_ROLE_WORDS = new Set(lexicon.notRoles.map((w) => w.toLowerCase()));
const ROLE_WORDS = new Set([...lexicon.genericHeads, ...Object.values(lexicon.families).flat()].map((w) => w.toLowerCase()));
/** Soft modifiers as written: by stem, "Power" would be "powerful" and "Automate" "automated". */
const SOFT_WORDS = new Set(lexicon.softModifiers.map((w) => w.toLowerCase()));
const NOT_NAMES = new Set(lexicon.notNames);
const SUFFIX = new RegExp(`(?:${lexicon.agentSuffixes.join('|')})s?$`);

// longest first: "remember that" must win over "remember", or "Remember that you are X" is missed
const LEADER = new RegExp(`^(?:(?:${[...lexicon.leaders].sort((a, b) => b.length - a.length).map((l) => l.replace(/ /g, '\\s+')).join('|')})\\s*[,:!]?\\s+)?`, 'i');

/** Opening phrases, each followed by the persona noun phrase. */
/** A capitalised name, then "is a/an" and a role of an AI ("Evolution Pod is a GPT that …"); group 1 is the name. */
const THIRD_PERSON = /^([A-Z][\p{L}\p{N}'’-]*(?:\s+[A-Z][\p{L}\p{N}'’-]*){0,3})\s+is\s+(?=an?\s+(?:[\p{L}-]+\s+){0,4}(?:GPT|AI|assistant|chatbot|bot|model|copilot|agent)\b)/u;

const OPENERS: readonly { re: RegExp; kind: 'role-or-name' | 'name' | 'role' | 'self' | 'label' | 'mode' | 'bare-role' | 'third' }[] = [
  // "You are in Azure Logic Apps Expert mode": a mode named after a role ("You are in plan mode" names none)
  { re: /^(?:you\s+are|you're)\s+(?:now\s+)?(?:operating\s+|working\s+)?in\s+(?!an?\s|the\s)(?=[^.;:!?]{2,60}?\s+mode\b)/i, kind: 'mode' },
  // before the plain "You are …", which would take "called" for the start of a role
  { re: /^you\s+are\s+(?:called|named)\s+/i, kind: 'name' },
  // "You'll be playing a grumpy innkeeper", "You are now playing the role of Max": before "You are …",
  // which would stop at "playing"
  {
    re: /^(?:you\s+are|you're|you\s+will\s+be|you'll\s+be)\s+(?:now\s+)?(?:playing|portraying|acting\s+as|taking\s+on)\s+(?:the\s+(?:role|part|persona|character)\s+of\s+)?/i,
    kind: 'role-or-name',
  },
  { re: /^(?:you\s+are|you're|you\s+will\s+be|you'll\s+be|you\s+shall\s+be)\s+(?:now\s+|also\s+|hereby\s+|essentially\s+|basically\s+|simply\s+|officially\s+)?/i, kind: 'role-or-name' },
  { re: /^(?:(?:i\s+want|i'd\s+like|i\s+would\s+like)\s+you\s+to\s+|please\s+|now\s+)?(?:act|behave|serve|function|roleplay|role-play)\s+(?:as|like)\s+/i, kind: 'role-or-name' },
  // "I want you to be a pastry chef" (a role only: "I want you to be concise" is an instruction)
  { re: /^(?:i\s+want|i'd\s+like|i\s+would\s+like|i\s+need)\s+you\s+to\s+be(?:come)?\s+/i, kind: 'role' },
  // the third person of system prompts: "The assistant is Claude, created by …", "The assistant is a patient tutor"
  { re: /^the\s+(?:ai\s+)?(?:assistant|model|chatbot|bot)\s+is\s+(?:now\s+)?/i, kind: 'role-or-name' },
  { re: /^(?:pretend|imagine)\s+(?:to\s+be|you\s+are|you're|that\s+you\s+are)\s+/i, kind: 'role-or-name' },
  { re: /^(?:play|assume|take\s+on|adopt)\s+the\s+(?:role|persona|character|identity)\s+of\s+/i, kind: 'role-or-name' },
  { re: /^your\s+name\s+is\s+/i, kind: 'name' },
  // "Your role is to act as a tax lawyer", "Your job is to serve as …": the role after the verb
  { re: /^your\s+(?:role|job|task|persona|identity)\s+(?:here\s+)?is\s+to\s+(?:act|serve|function|behave|play)\s+(?:as|like)\s+/i, kind: 'role-or-name' },
  { re: /^your\s+(?:role|persona|identity)\s+is\s+(?:that\s+of\s+|to\s+be\s+|as\s+)?(?=(?:a|an|the)\s)/i, kind: 'role' },
  // "Your role is R statistician on a biostatistics team": a role without its article
  { re: /^your\s+(?:role|persona|identity)\s+(?:here\s+)?is\s+(?=[\p{L}][\p{L}\p{N}+#./-]*\s+[\p{L}])(?!(?:to|that|not|simple|clear|limited|strictly|only|this|these|as|in|on|for|of)\b)/iu, kind: 'bare-role' },
  // "Tableau Expert GPT is a specialized AI model …": a named AI described in the third person
  { re: THIRD_PERSON, kind: 'third' },
  // first-person system prompts: "I am Manus, an AI assistant …" (a name with an appositive role only)
  { re: /^(?:i\s+am|i'm|i’m)\s+/i, kind: 'self' },
  // "Role: Senior Data Engineer" as a Markdown label, like a YAML role field
  { re: /^(?:your\s+)?(?:role|persona|identity)[*_]*\s*:[*_]*\s+/i, kind: 'label' },
];
const AS_A = /^as\s+(an?|the)\s+([^,.;:]{2,80}),\s+(?:you|your)\b/i;

/** Words that end a persona noun phrase ("an experienced software engineer about to open a PR": the role ends before "about"). */
const NP_STOP = new Set(
  (
    'who that which whose with for in at on from by to of and or but whom where when while specializing specialising specialized ' +
    'specialised working helping designed built created made trained powered developed tasked responsible capable known based ' +
    'operating running acting serving focused focusing dedicated here now today able skilled experienced proficient like than ' +
    'whose using assisting supporting integrated embedded deployed called named before after about ready going eager happy glad set'
  ).split(' '),
);

interface Parsed {
  name?: string;
  nameText?: string;
  role?: PersonaRole;
  pure: boolean;
  framing?: boolean;
  additive?: boolean;
}

const sentenceCache = new SentenceCache<Parsed | null>();

/**
 * The persona a sentence defines, or null (memoized by text where the caches are on). `prefilters`
 * false reads every sentence whole, without `mayDefine` or the marks the leaders need: the oracle of
 * test/rules/persona-prefilter.test.ts.
 */
export function parsePersonaSentence(sentence: string, prefilters = true): Parsed | null {
  if (!prefilters) {
    const p = parse(sentence, false);
    return p && ADDITIVE.test(sentence) ? { ...p, additive: true } : p;
  }
  if (!mayDefine(sentence)) return null;
  let p = sentenceCache.get(sentence);
  if (p !== undefined) return p;
  p = parse(sentence);
  if (p && ADDITIVE.test(sentence)) p = { ...p, additive: true };
  sentenceCache.set(sentence, p);
  return p;
}

/** "You are also …", "Additionally, you are …", "You'll also act as …": a role added to the persona. */
const ADDITIVE = /^\W*(?:(?:additionally|in\s+addition|besides|at\s+the\s+same\s+time),?\s+you\b|(?:you\s+are|you're|you\s+will\s+be|you'll\s+be|you)\s+(?:now\s+)?also\b|(?:also|additionally)\s+(?:act|serve)\s+as\b)/i;

/** Cheap test before parsing (factored by first letters: it runs on every instruction unit). */
const TRIGGER =
  /\b(?:you(?:\s+are|'re|\s+will\s+be|'ll\s+be|\s+shall|r\s+(?:name|role|persona|identity)|\s+to\s+be)|act|behave|serve|function|role(?:-?play|[*_]*\s*:)|pretend|imagine|play|assume|take\s+on|adopt|as\s+an?\s|i(?:\s+am|['’]m)|persona[*_]*\s*:|identity[*_]*\s*:|(?:assistant|model|bot)\s+is\s|\sis\s+an?\s+(?:[\w-]+\s+){0,4}(?:GPT|AI|assistant|chatbot|bot|model|copilot|agent)\b)/i;

/**
 * The first words that can open a definition: those of the openers and of "As a …, you" (keep in
 * step with `OPENERS` and `AS_A`: test/rules/personas.test.ts has an example of each opener), and
 * of the leaders. `parse` reads nothing that opens otherwise: every pattern is
 * anchored at the start.
 */
const FIRST_WORDS = new Set([
  'you', 'your', 'i', 'please', 'now', 'act', 'behave', 'serve', 'function', 'roleplay', 'role', 'pretend', 'imagine',
  'play', 'assume', 'take', 'adopt', 'persona', 'identity', 'as', 'the',
  ...lexicon.leaders.map(leadingLetters),
]);

/**
 * False when `raw` cannot define a persona: after what `parse` strips (spaces, then emphasis and
 * quote marks) it does not open with one of `FIRST_WORDS`. Asked before the cache and any pattern,
 * as most triggered sentences only mention "function", "play" or "as a".
 */
function mayDefine(raw: string): boolean {
  // the first word decides most sentences, without a pattern (asked first: the answer is an "or")
  let i = 0;
  const n = raw.length;
  while (i < n && /\s/.test(raw[i]!)) i++;
  while (i < n && '*_~`"\'\u201C'.includes(raw[i]!)) i++;
  const end = asciiLettersEnd(raw, i);
  if (end > i && FIRST_WORDS.has(raw.slice(i, end).toLowerCase())) return true;
  return (LEADER_MARK.test(raw) && (DASH_LEADER.test(raw) || LABEL_LEADER.test(raw))) || THIRD_PERSON.test(raw.trimStart());
}

/**
 * Whether `text` holds the mark that `LABEL_LEADER` (a colon or a dash) or `DASH_LEADER` (a
 * hyphen or a dash) needs after its label: neither pattern can match a text without one, and most
 * sentences have none (`prefilters` false: always true, the oracle of test/rules/persona-prefilter.test.ts).
 */
function hasLeaderMark(text: string, prefilters: boolean): boolean {
  return !prefilters || LEADER_MARK.test(text);
}
const LEADER_MARK = /[:\u2013\u2014-]/;

/**
 * A label of a list item or line before a definition ("**Voice**: You are Max, …", "Identity — you
 * are …"); not a label that marks example text or a speaker ("Example:", "User:").
 */
const LABEL_LEADER =
  /^\s*[*_]{0,2}(?!(?:e\.g|example|examples|sample|input|output|user|human|assistant|customer|q|a|bad|good|wrong|incorrect|don'?t|avoid|never)\b)\p{Lu}[\p{L}'’ -]{1,30}?[*_]{0,2}\s*(?::|[–—])\s*[*_]{0,2}\s*(?=(?:you\s+are|you're|act\s+as|your\s+(?:name|role)\s+is)\b)/iu;

/**
 * A short opening phrase set off by a dash before the definition ("Let's play a game - You are …");
 * not a condition, which scopes what follows ("When reviewing code - you are …").
 */
const DASH_LEADER =
  /^\s*(?!(?:when|whenever|if|unless|while|during|for|in|on|after|before|once)\b)[\p{L}'’ ,!]{2,40}?\s+[-–—]\s+(?=(?:you\s+are|you're|act\s+as|your\s+(?:name|role)\s+is)\b)/iu;

function parse(raw: string, prefilters = true): Parsed | null {
  let s = raw.trim();
  if (hasLeaderMark(s, prefilters)) s = s.replace(LABEL_LEADER, '');
  s = s.replace(/^[*_~`"'\u201C]+/, '');
  if (s.endsWith('?') || /[{}]/.test(s)) return null;
  if (hasLeaderMark(s, prefilters)) s = s.replace(DASH_LEADER, '');
  s = s.replace(LEADER, '');
  const asA = AS_A.exec(s);
  if (asA) {
    const role = parseRole(`${asA[1]} ${asA[2]}`);
    // "As a mentor for new hires, you …" frames a task of the persona: its audience makes no role of its own
    const { audience: _audience, ...framed } = role?.role ?? {};
    return role ? { role: framed as PersonaRole, pure: false, framing: true } : null;
  }
  for (const { re, kind } of OPENERS) {
    const m = re.exec(s);
    if (!m) continue;
    let rest = s.slice(m[0].length);
    if (kind === 'label') return labelRole(rest, prefilters);
    if (kind === 'bare-role') {
      const role = parseRole(`a ${rest}`);
      return role ? { role: role.role, pure: isEnd(role.rest) } : null;
    }
    if (kind === 'third') {
      const name = parseName(m[1]!);
      const role = parseRole(rest);
      // "BuddGPT is a special bot in that it has 5 personas": a description, not a definition
      if (role && /^\s*in\s+that\b/i.test(role.rest)) return null;
      return name && m[1]!.startsWith(name) && role ? { name: name.toLowerCase(), nameText: name, role: role.role, pure: isEnd(role.rest) } : null;
    }
    if (kind === 'mode') {
      const name = /^([^.;:!?]{2,60}?)\s+mode\b/i.exec(rest)![1]!;
      const role = parseRolePhrase(`${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`);
      return role && role.rest.trim() === '' ? { role: role.role, pure: isEnd(rest.slice(rest.search(/\bmode\b/i) + 4)) } : null;
    }
    if (kind !== 'role') {
      // a quoted name ("You are "Nova", the …") is read when the quotes hold the name alone
      const quoted = /^["“'`]([^"”'`,]{2,40}),?["”'`]\s*,?/u.exec(rest);
      const name = quoted ? (parseName(quoted[1]!) === quoted[1] ? quoted[1] : undefined) : parseName(rest);
      if (name) {
        // "You are Claude, an AI assistant made by Anthropic."
        const after = rest.slice(quoted ? quoted[0].length : name.length).replace(/^[\s,]+/, '');
        const appositive = /^(?:an?|the)\s/i.test(after) ? parseRole(after) : undefined;
        // "I am Manus, an AI assistant …": the model speaking of itself; without the appositive
        // "I am X" is as often the user ("I am Dana, and I need …")
        if (kind === 'self' && !(appositive && GENERIC.has(appositive.role.head))) return null;
        const tail = appositive ? appositive.rest : after;
        return { name: name.toLowerCase(), nameText: name, ...(appositive ? { role: appositive.role } : {}), pure: isEnd(tail) };
      }
      if (kind === 'name' || kind === 'self') return null;
    }
    if (!/^(?:an?|the|my|our|your)\s/i.test(rest)) return null;
    const role = parseRole(rest);
    if (!role) return null;
    // "You are an AI chat product called Dia", "an HR professional named Sarah"
    const called = /^\s*,?\s*(?:called|named)\s+/i.exec(role.rest);
    if (called) {
      rest = role.rest.slice(called[0].length);
      const name = parseName(rest);
      if (name) return { name: name.toLowerCase(), nameText: name, role: role.role, pure: isEnd(rest.slice(name.length)) };
    }
    return { role: role.role, pure: isEnd(role.rest) };
  }
  return null;
}

/** "Role: Senior Data Engineer": a short noun phrase of two words or more, nothing after it (or a "You are …" sentence). */
function labelRole(rest: string, prefilters: boolean): Parsed | null {
  // "Role: You are a tax lawyer …" is a definition under a label
  if (/^(?:you\s+are|you're|act\s+as)\s/i.test(rest)) return parse(rest, prefilters);
  // "Persona: Dr. Data, a Power BI evangelist …": a name and its role
  const named = parseName(rest);
  if (named && /^\s*,\s*(?:an?|the)\s/i.test(rest.slice(named.length))) return parse(`You are ${rest}`, prefilters);
  // "Your role: an experienced recruiter screening CVs."
  const text = rest.trim().replace(/[.!]+$/, '').replace(/^(?:an?|the)\s+/i, '');
  if (!/^[\p{L}]/u.test(text) || /[.!?;:]\s|\s-\s/u.test(text)) return null;
  const role = parseRole(`a ${text}`);
  // "role: user" / "role: system" name a chat message role, not a persona
  if (!role || role.role.text.split(/\s+/).length < 3) return null;
  return { role: role.role, pure: isEnd(role.rest) };
}

function isEnd(rest: string): boolean {
  return /^[\s.!*_]*$/.test(rest);
}

/** A proper name: capitalized words ("Claude", "Claude Code", "Meta AI", "Grok 4", "ChatGPT"). */
function parseName(rest: string): string | undefined {
  // "Dr. Data", "Mr. Fix": a title and its name
  const title = /^(?:Dr|Mr|Mrs|Ms|Prof)\.\s+(?=[A-Z])/.exec(rest)?.[0] ?? '';
  if (title) {
    const name = parseName(rest.slice(title.length));
    return name ? title + name : undefined;
  }
  const m = /^([A-Z][\p{L}\p{N}]*(?:[-.·][\p{L}\p{N}]+)*)((?:\s+(?:[A-Z][\p{L}\p{N}]*|\d+(?:\.\d+)?))*)/u.exec(rest);
  if (!m) return undefined;
  // "You are RiSA's support assistant": the name owns the role, it is not the persona's name
  if (/^['’]s\b/.test(rest.slice(m[0].length))) return undefined;
  const first = m[1]!;
  if (NOT_NAMES.has(first) || NOT_NAMES.has(first.toUpperCase())) return undefined;
  if (first.length === 1) return undefined; // "A", "I"
  // an all-caps word is a name only when short and not an English shout ("NOT", "ALWAYS")
  if (/^[A-Z]+$/.test(first) && first.length > 4) return undefined;
  // "You are Responsible for …": a capitalized adjective, not a name
  const next = rest.slice(m[0].length);
  // "YOU WILL BE PAID VERY WELL": a shout goes on in capitals, a name does not
  if (/^[A-Z]+$/.test(first) && /^\s+[A-Z]{2,}\b/.test(rest.slice(first.length))) return undefined;
  if (/^\s+(?:for|to|of|in|with|about|that|at)\b/.test(next) && !/\p{N}|[a-z][A-Z]/u.test(first)) return undefined;
  let name = (first + m[2]).trim();
  // trailing capitalized words that start a new phrase ("Claude Always …") are not part of the name
  name = name.replace(/\s+(?:[A-Z]{2,}|The|A|An|And|Or|But|Your|You)(?:\s.*)?$/, '');
  return name;
}

/**
 * A role noun phrase at the start of `text` ("a senior data scientist who …"). When the phrase
 * reads as no role, a participle after a noun ends it: "a tech reporter writing for …", "the
 * team's release manager reviewing someone else's PR" (read whole first: "a machine learning
 * engineer" keeps its "learning").
 */
function parseRole(text: string): { role: PersonaRole; rest: string } | undefined {
  const whole = parseRolePhrase(text);
  if (whole) return whole;
  const participle = /^((?:an?|the)\s+(?:[\p{L}\p{N}][\p{L}\p{N}'’/.+#-]*\s+){1,5}?[\p{L}\p{N}][\p{L}\p{N}'’/.+#-]*)\s+[a-z]{3,}ing\b/iu.exec(text);
  if (!participle) return undefined;
  const cut = parseRolePhrase(participle[1]!);
  return cut ? { role: cut.role, rest: text.slice(participle[1]!.length) } : undefined;
}

function parseRolePhrase(text: string): { role: PersonaRole; rest: string } | undefined {
  // "a friendly, patient and well-read support agent": a series of adjectives before the noun
  // phrase describes the persona; the role is the phrase after it ("well-read support agent")
  const series = SERIES.exec(text);
  if (series) {
    const adjectives = series[2]!.split(/[\s,]+/).filter((w) => w && !/^(?:and|or)$/i.test(w));
    const after = text.slice(series[0].length);
    // "an IMPLEMENTER, not an architect": a role set against another, not a series of adjectives
    if (!/^(?:an?|the|my|our|your)\s/i.test(after) && !/^(?:not|never|rather|instead)\b/i.test(after) && !adjectives.some(isRoleNoun)) {
      const role = parseRole(series[1]! + after);
      if (role) return { role: { ...role.role, text: series[0] + role.role.text.slice(series[1]!.length) }, rest: role.rest };
    }
  }
  const words: string[] = [];
  const re = NP_WORD;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    const w = m[0];
    if (!/^[\p{L}\p{N}]/u.test(w)) break;
    // "an experienced researcher": a participle right after the article describes the noun
    if (words.length > 0 && NP_STOP.has(w.toLowerCase()) && !(words.length === 1 && PRENOMINAL.has(w.toLowerCase()))) break;
    words.push(w);
    end = m.index + w.length;
    if (words.length > 8) return undefined;
  }
  if (words.length < 2) return undefined;
  // "a true artist in the world of programming": praise, not a role
  if (/^\s+in\s+the\s+(?:world|realm|field|art)\s+of\b/i.test(text.slice(end)) && words.some((w) => /^(?:true|real|genuine|absolute)$/i.test(w))) return undefined;
  const nounWords = words.slice(1); // drop the article
  const headWord = nounWords[nounWords.length - 1]!.toLowerCase();
  const head = stem(headWord);
  // by stem unless the word is a role as written ("critic" is no "critical")
  if ((NOT_ROLES.has(head) && !ROLE_WORDS.has(headWord)) || NOT_ROLE_WORDS.has(headWord)) return undefined;
  const family = FAMILY.get(head);
  if (!family && !GENERIC.has(head) && !SUFFIX.test(headWord)) return undefined;
  if (nounWords.some((w) => NOT_ROLES.has(w.toLowerCase()) && ['part', 'one', 'only', 'first', 'last', 'same', 'kind', 'type', 'sort'].includes(w.toLowerCase()))) return undefined;
  const modifiers = nounWords
    .slice(0, -1)
    .map((w) => w.toLowerCase())
    .filter((w) => !SOFT_WORDS.has(w))
    .map((w) => stem(w));
  // "an expert in contract law": the field an expertise names (an "assistant for the Acme API" names a product)
  const complement = EXPERTISE.has(head) ? COMPLEMENT.exec(text.slice(end))?.[1]?.split(COMPLEMENT_END)[0] : undefined;
  const domain = complement !== undefined ? complementOf(complement) : undefined;
  const named = [...nounWords.slice(0, -1), ...(complement?.match(NP_WORD) ?? [])].filter((w) => /^\p{Lu}/u.test(w) && !SOFT_WORDS.has(w.toLowerCase()) && !AI_ROLE.test(w)).map((w) => stem(w.toLowerCase()));
  const audience = BARE_REFINABLE.has(head) && AUDIENCE.test(text.slice(end));
  return {
    role: { head, modifiers, ...(family ? { family } : {}), ...(domain ? { domain } : {}), ...(named.length ? { named } : {}), ...(audience ? { audience } : {}), text: words.join(' ') },
    rest: text.slice(end),
  };
}

const EXPERTISE = stemSet(lexicon.expertiseHeads);

/**
 * "for junior developers", "to first-time contributors": the people a bare role serves (a plural
 * noun after at most three words), not the user or the team ("a mentor for you", "an agent for the team").
 */
const AUDIENCE = /^\s*,?\s*(?:for|to)\s+(?!(?:you|your|the\s+user|users|the\s+team|them|us|me)\b)(?:[\p{L}-]+\s+){0,3}[\p{L}-]+s\b/iu;

/** "in tax law and estate planning", "specializing in modern Julia development": what an expert is an expert in. */
const COMPLEMENT =
  /^\s*,?\s*(?:(?:who\s+)?speciali[sz](?:es|ing|ed)\s+in|focus(?:ed|ing)\s+on|with\s+(?:deep\s+|broad\s+|extensive\s+)?(?:expertise|experience|knowledge)\s+(?:in|of)|in|on)\s+((?:[^.;:!?()]|\.(?=[\p{L}\p{N}])){1,120})/iu;
/** Where the complement ends: a clause, a second verb, a purpose. */
const COMPLEMENT_END = /\s(?:who|that|which|whose|you|to|when|while|with|by|at|from|using|so|because|where)\b|,\s*(?:and\s+)?(?:you|who|which|that)\b/i;

/** Stems of the words of a generic head's complement (`COMPLEMENT`'s phrase up to `COMPLEMENT_END`). */
function complementOf(phrase: string): readonly string[] | undefined {
  const words = phrase.match(NP_WORD)?.filter((w) => /^[\p{L}\p{N}.]/u.test(w)).map((w) => stem(w.toLowerCase())) ?? [];
  return words.length ? words : undefined;
}

/** A word of a role phrase; "UI/UX", "CI/CD", "C#", "C++" and "Node.js" are one word. */
// a double hyphen is a dash, not a compound: "a coding assistant--with access to tools--specializing in …" ends at "assistant"
const NP_WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}'’]|-(?!-))*(?:[/.+#]+[\p{L}\p{N}](?:[\p{L}\p{N}'’]|-(?!-))*)*[+#]*|[^\s\p{L}\p{N}]/gu;

/** Words of `NP_STOP` that may also stand before the noun, right after the article. */
const PRENOMINAL = new Set('skilled experienced proficient dedicated focused specialized specialised trained integrated embedded deployed'.split(' '));

// "a friendly, patient and well-read", "a helpful and concise", "a deeply pragmatic, effective"
const SERIES_WORD = String.raw`(?:[\p{L}]+ly\s+)?[\p{L}][\p{L}'’-]*`;
const SERIES = new RegExp(
  String.raw`^((?:an?|the)\s+)((?:${SERIES_WORD},\s+){1,4}(?:(?:${SERIES_WORD},?\s+)?(?:and|or)\s+)?|${SERIES_WORD}\s+(?:and|or)\s+)`,
  'iu',
);

function isRoleNoun(word: string): boolean {
  const w = word.toLowerCase();
  const h = stem(w);
  // not the agent-noun endings: "patient", "clever" and "brilliant" are adjectives in a series
  return FAMILY.has(h) || GENERIC.has(h);
}

// ---------------------------------------------------------------------------------------------

/** Prompts that share one persona: a YAML prompt's parent mapping (a crewAI agent), else the prompt. */
function groupOf(doc: PromptDocument, prompt: Prompt): string {
  if (doc.kind !== 'yaml') return prompt.id;
  const cut = prompt.id.search(/(?:\.[^.[\]]+|\[\d+\])$/);
  return cut > 0 ? prompt.id.slice(0, cut) : prompt.id;
}

/** Every persona definition of a document, in source order (memoized per document). */
export const personas = memoized((doc: PromptDocument): readonly Persona[] => {
  const list: Persona[] = [];
  for (const prompt of doc.prompts) {
    const group = groupOf(doc, prompt);
    const field = doc.kind === 'yaml' ? /(?:^|\.)(role|persona)$/.exec(prompt.id)?.[1] : undefined;
    if (field) {
      const p = fieldPersona(prompt, group);
      if (p) list.push(p);
      continue;
    }
    const scopeOf = unitScopes(doc, prompt);
    const units = prompt.units;
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      if (!unit.isInstruction || unit.context === 'table-row' || !TRIGGER.test(unit.text)) continue;
      unitPersonas(doc, prompt, unit, group, scopeOf, list);
    }
  }
  return list;
});

/** The persona definitions of one triggered unit, appended to `list` (its scope asked only when it has one). */
function unitPersonas(doc: PromptDocument, prompt: Prompt, unit: Unit, group: string, scopeOf: ScopeOf, list: Persona[]): void {
  // "\"You are a technical writer. Write documentation in plain language.\"": a unit that is one
  // quotation quotes a persona (a pattern, a sample prompt), it does not define the prompt's own
  if (quotation(doc, unit)) return;
  const sentences = joinTitles(unitSentences(prompt, unit));
  // "* Roast. You are a commentator …": an item that opens with a label of its own is one part of
  // the prompt, and its definition holds for that part only
  const labelled = unit.context === 'list-item' && sentences.length > 1 && /^\W*\p{Lu}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,2}[.:]?\s*$/u.test(sentences[0]!);
  for (const [k, sentence] of sentences.entries()) {
    if (labelled && k > 0) break;
    const p = parsePersonaSentence(sentence);
    if (!p) continue;
    const scope = scopeOf(unit);
    if (scope.hidden) return;
    list.push({
      ...p,
      group,
      scope: scope.condition ?? scope.key,
      ...(scope.parallel.length ? { parallel: scope.parallel } : {}),
      prompt,
      unit,
      sentence,
      unitSentences: sentences.length,
      paragraph: paragraphStart(doc, prompt, unit),
    });
  }
}

/**
 * A unit that opens a quotation which closes at the end of its paragraph ("\"You are a technical
 * writer. Write documentation in plain language.\"", one unit per sentence): the paragraph is one
 * quotation, with no other double quote inside.
 */
function quotation(doc: PromptDocument, unit: Unit): boolean {
  const first = unit.text.charCodeAt(0);
  if (first !== 34 && first !== 0x201c) return false;
  const text = doc.file.text;
  const at = text.indexOf(first === 34 ? '"' : '\u201C', unit.range.start);
  if (at === -1 || at > unit.range.start + 4) return false;
  const close = /["\u201C\u201D]|\n[ \t]*\n/g;
  close.lastIndex = at + 1;
  const m = close.exec(text);
  if (!m || m[0].length !== 1 || m[0] === '\u201C' || m.index - at < 8) return false;
  // the paragraph ends after the closing quote (a blank line, a tag, the end of the text)
  return /^[ \t.,;:]*(?:\r?\n[ \t]*(?:\r?\n|<|$)|$)/.test(text.slice(m.index + 1, m.index + 80));
}

/** A sentence cut after a title ("Persona: Dr." + "Data, a Power BI evangelist …"): joined again. */
const TITLE_END = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof)\.$/;

function joinTitles(sentences: readonly string[]): readonly string[] {
  if (!sentences.some((x, k) => k < sentences.length - 1 && TITLE_END.test(x))) return sentences;
  const out: string[] = [];
  // whether the piece last added ends with a title (asked of the piece, never of the joined text)
  let open = false;
  for (const x of sentences) {
    const prev = out[out.length - 1];
    // a definition is a sentence, not a paragraph: "Dr. Dr. Dr. …" joins no further than one
    if (open && prev !== undefined && prev.length + x.length < MAX_JOINED) out[out.length - 1] = `${prev} ${x}`;
    else out.push(x);
    open = TITLE_END.test(x);
  }
  return out;
}

/** Longest sentence that joining a title to its name may make. */
const MAX_JOINED = 400;

/** A crewAI-style `role: Senior Data Researcher` field. */
function fieldPersona(prompt: Prompt, group: string): Persona | undefined {
  const unit = prompt.units.find((u) => u.isInstruction);
  const text = prompt.text.trim().replace(/\{[^}]*\}\s*/g, '');
  if (!unit || !text || text.split(/\s+/).length > 8 || /[.!?:]\s/.test(text)) return undefined;
  const role = parseRole(`a ${text}`);
  if (!role) return undefined;
  return { role: role.role, group, scope: '', prompt, unit, sentence: prompt.text.trim(), pure: true, unitSentences: 1, field: true };
}

export type PersonaRelation = 'repeat' | 'conflict' | undefined;

/** How two persona definitions relate: the same persona restated, a different one, or unrelated. */
export function personaRelation(a: Persona, b: Persona, loose = false): PersonaRelation {
  if (a.group !== b.group || a.scope !== b.scope || inDifferentParallels(a, b)) return undefined;
  if (a.name && b.name) {
    if (a.name === b.name) return 'repeat';
    // "Claude" and "Claude Code", "ZCode" and "ZCode Explore": related products, not a contradiction
    const ta = a.name.split(/\s+/);
    const tb = b.name.split(/\s+/);
    return ta[0] === tb[0] ? undefined : 'conflict';
  }
  if (a.role && b.role && !a.name && !b.name) {
    if (a.role.head === b.role.head) {
      const ma = new Set(a.role.modifiers);
      const mb = new Set(b.role.modifiers);
      const aInB = [...ma].every((x) => mb.has(x));
      const bInA = [...mb].every((x) => ma.has(x));
      // a generic head ("agent", "assistant") is the same persona only with the same modifiers
      if (a.role.family ? aInB || bInA : aInB && bInA) return 'repeat';
      // "a ZETA plan checker" / "the plan checker": one role with a qualifier added, not a second one
      if (!loose && (aInB || bInA)) return undefined;
      // "a coding agent" / "a travel agent", "a divorce lawyer" / "a patent lawyer"
      return distinctPersonas(a, b, loose) ? 'conflict' : undefined;
    }
    if (a.role.family && b.role.family && a.role.family !== b.role.family) return 'conflict';
    return distinctPersonas(a, b, loose) ? 'conflict' : undefined;
  }
  // "You are Sam, a support agent." against "You are a pastry chef.": the roles decide
  if (a.role && b.role && (!a.name || !b.name) && distinctPersonas(a, b, loose)) return 'conflict';
  return undefined;
}

/**
 * Two definitions of different roles, neither refining the other. Not within one unit ("You are
 * the Migration Auditor. You are a surgical scanner." elaborates), nor against a YAML role label.
 */
function distinctPersonas(a: Persona, b: Persona, loose = false): boolean {
  const oneParagraph = a.prompt === b.prompt && a.paragraph !== undefined && a.paragraph === b.paragraph;
  if (oneParagraph || a.additive || b.additive) return false;
  // a YAML role label and the prose under it describe one role in two wordings, unless the two
  // name different known fields ("role: Private Investment Advisor" / "Act as the compliance officer")
  if (a.field || b.field) {
    const fa = fieldOf(a.role!);
    const fb = fieldOf(b.role!);
    return !!fa && !!fb && fa !== fb;
  }
  // `loose` (the conflict index's per-signature test) leaves out what the signature does not hold
  if (!loose && shareSubject(a.role!, b.role!)) return false;
  return distinctRoles(a.role!, b.role!);
}

/**
 * Two roles of different heads that share a subject word ("a design validation specialist" /
 * "a validation-only agent", "the planning agent" / "a planner"): one persona described twice in
 * other words, not two personas. Words are compared by their root (a stem without -er, -or, -ing,
 * -ion, -ist), so an agent noun meets the activity it names.
 */
function shareSubject(a: PersonaRole, b: PersonaRole): boolean {
  if (a.head === b.head) return false;
  const roots = (r: PersonaRole) => new Set([r.head, ...r.modifiers.filter((m) => !TEMPERAMENT.has(m)), ...(r.domain ?? [])].flatMap((w) => w.split(/[-_]/)).map(subjectRoot).filter((w) => w.length >= 4));
  const ra = roots(a);
  for (const w of roots(b)) if (ra.has(w)) return true;
  return false;
}

function subjectRoot(word: string): string {
  return stem(word).replace(/(?:er|or|ing|ion|ist)$/, '').replace(/(.)\1$/, '$1');
}

/** Two definitions in different members of one family of parallel sections ("### Planner agent" / "### Coder agent"). */
function inDifferentParallels(a: Persona, b: Persona): boolean {
  if (!a.parallel || !b.parallel) return false;
  const at = (p: Persona): UnitScope => ({ key: p.scope, hidden: false, example: false, parallel: p.parallel! });
  return differentParallels(at(a), at(b));
}

const REFINABLE = stemSet(lexicon.refinableHeads);
const BARE_REFINABLE = stemSet(lexicon.bareRefinableHeads);

/** A role that another role may refine ("a helpful assistant", "an agent"). */
function refinable(r: PersonaRole): boolean {
  // "an AI assistant": an AI identity, which any role may describe. A role with a field is concrete:
  // a head of a family, even when its stem equals a refinable one ("engineer" / "engine"), or a
  // generic head whose modifiers name one ("a DevOps expert"; "an AI coding agent" works in
  // software, so "a travel agent" is another persona)
  return !fieldOf(r) && (REFINABLE.has(r.head) || (BARE_REFINABLE.has(r.head) && r.modifiers.length === 0 && !r.audience) || AI_ROLE.test(r.text));
}

const AI_ROLE = /\b(?:AI|LLM|GPT|ChatGPT)\b/;

/**
 * Two roles that cannot be one persona: "a teacher" and "a sales agent", "a travel agent" and "a
 * tax lawyer"; one generic head for two fields ("a coding agent", "a travel agent"); two roles of
 * one field for different subjects or audiences ("a calculus tutor", "a kindergarten teacher").
 */
function distinctRoles(a: PersonaRole, b: PersonaRole): boolean {
  // "a senior Rust engineer" and "a junior frontend intern": one person has one level
  const la = seniority(a);
  const lb = seniority(b);
  if (la && lb && la !== lb) return true;
  // "a site reliability engineer" and "a DevOps intern": a trainee is not the professional
  if ((JUNIOR_HEADS.has(a.head) && b.family && lb !== 'junior') || (JUNIOR_HEADS.has(b.head) && a.family && la !== 'junior')) return true;
  if (refinable(a) || refinable(b)) return subjectAgainstProfession(a, b) || subjectAgainstProfession(b, a);
  // a head known only by its ending ("a stamp collector", "a legacy modernizer"): the noun phrase
  // names a role; two different heads, neither of which refines the other, are two personas
  if ((!a.family && !GENERIC.has(a.head)) || (!b.family && !GENERIC.has(b.head))) return a.head !== b.head;
  const fa = fieldOf(a);
  const fb = fieldOf(b);
  if (a.head === b.head && !a.family) {
    // one generic head: two personas only when both say what they do, in different fields
    return fa !== fb && !!(fa || fb) && specialtyOf(a, true).length > 0 && specialtyOf(b, true).length > 0;
  }
  if (!(fa && fa === fb)) return a.head !== b.head;
  return differentSpecialties(a, b, fa);
}

const SENIOR = /\b(?:senior|principal|staff|chief|veteran|seasoned|lead)\b/i;
const JUNIOR = /\b(?:junior|intern|trainee|apprentice|novice|beginner|entry-level)\b/i;
const JUNIOR_HEADS = stemSet(['intern', 'trainee', 'apprentice']);

/** The level a role states: senior ("a senior engineer", "a staff engineer"), junior ("a junior developer", "an intern"), or none. */
function seniority(r: PersonaRole): 'senior' | 'junior' | '' {
  const junior = JUNIOR.test(r.text);
  const senior = SENIOR.test(r.text);
  return junior === senior ? '' : junior ? 'junior' : 'senior';
}

/**
 * A generic head that names a subject of its own, in no known field ("a maintenance assistant", "a
 * prompt management specialist"): a role, not the "helpful assistant" that any role refines. Its
 * field is unknown, so it differs only from a profession of a known field that is not itself
 * refinable ("a marine biologist", "a tax accountant"); two such roles ("a shopping assistant" /
 * "a fashion expert") are never set against each other: nothing says their fields differ.
 */
const SUBJECT_HEADS = stemSet(lexicon.subjectHeads);

function subjectRole(r: PersonaRole): boolean {
  if (r.family || !SUBJECT_HEADS.has(r.head) || fieldOf(r) || AI_ROLE.test(r.text)) return false;
  return r.modifiers.some((m) => !TEMPERAMENT.has(m) && !GENERIC.has(m)) || (r.domain ?? []).length > 0;
}

/**
 * A role of a subject against a role that is not the bland, refinable identity: a profession of a
 * known field ("a marine biologist"), or a role of a generic head that names what it does ("a
 * Redux Toolkit specialist" / "an expert in Vue and Pinia", "a Power BI specialist" / "a Tableau
 * consultant", "a management consultant" / "a divergent thinker"). Unless the other is a
 * profession, the two differ only when they share no subject word ("an expert in React" / "a React
 * Query specialist" is one persona).
 */
function subjectAgainstProfession(x: PersonaRole, y: PersonaRole): boolean {
  if (!subjectRole(x)) return false;
  if (y.family !== undefined) return !refinable(y);
  if (refinable(y) && !subjectRole(y)) return false;
  if (!subjectRole(y) && !genericWithSubject(y)) return false;
  // two roles of subjects set against each other only when both name products or tools and share
  // none: "a shopping assistant" and "a fashion expert" may be one persona
  if (!x.named || !y.named) return false;
  const sx = subjectWords(x);
  return ![...subjectWords(y)].some((w) => sx.has(w)) && !y.named.some((w) => x.named!.includes(w));
}

/** A role of a generic head that says what it does, by its modifiers or its complement ("a coding agent", "an expert in Vue"). */
function genericWithSubject(r: PersonaRole): boolean {
  return r.family === undefined && GENERIC.has(r.head) && (specialtyOf(r, true).length > 0 || (r.domain ?? []).length > 0);
}

/** The words that say what a role is about: its head, its modifiers besides manner and praise, its complement. */
function subjectWords(r: PersonaRole): Set<string> {
  return new Set([r.head, ...r.modifiers.filter((m) => !TEMPERAMENT.has(m) && !GENERIC.has(m)), ...(r.domain ?? [])]);
}

const TEMPERAMENT = stemSet(lexicon.temperamentModifiers);
const SKILL_FIELDS = new Set(lexicon.skillFields);

/**
 * What a role's modifiers say it does, beyond its manner and its own field: "a strict Latin grammar
 * tutor" → latin, grammar; "a senior backend engineer" → nothing ("backend" names its field).
 * With `fieldWords`, words that name the role's field count too (a generic head says what it does
 * by them: "a coding agent").
 */
function specialtyOf(r: PersonaRole, fieldWords = false): readonly string[] {
  const field = fieldOf(r);
  return r.modifiers.filter((m) => !TEMPERAMENT.has(m) && (fieldWords || FAMILY_MODIFIERS.get(m) !== field));
}

/**
 * Two roles of one field, each with a subject or audience the other lacks ("a calculus tutor" /
 * "a kindergarten teacher", "a divorce lawyer" / "a patent attorney"); not in a field of skills
 * (`skillFields`: "a Python developer" / "a Django developer" is one engineer).
 */
function differentSpecialties(a: PersonaRole, b: PersonaRole, field: string): boolean {
  if (SKILL_FIELDS.has(field)) return false;
  const sa = specialtyOf(a);
  const sb = specialtyOf(b);
  return sa.length > 0 && sb.length > 0 && !sa.some((m) => sb.includes(m));
}

/** The specialty a conflict signature needs: only where `differentSpecialties` can read it. */
function signatureSpecialty(r: PersonaRole): string {
  const field = fieldOf(r);
  if (!field || SKILL_FIELDS.has(field) || !(r.family || GENERIC.has(r.head))) return '';
  return [...new Set(specialtyOf(r))].sort().join(' ');
}

const FAMILY_MODIFIERS = new Map<string, string>();
for (const [family, words] of Object.entries(lexicon.familyModifiers)) for (const w of words) FAMILY_MODIFIERS.set(stem(w), family);

/**
 * The field of a role: its head's family, or for a generic head the family its modifiers name
 * ("a coding agent" works in software, so a software engineer is the same persona; "a customer
 * support agent" names none, and differs from one).
 */
function fieldOf(r: PersonaRole): string | undefined {
  if (r.family || !GENERIC.has(r.head)) return r.family;
  for (const m of r.modifiers) {
    const f = FAMILY_MODIFIERS.get(m);
    if (f) return f;
  }
  // "an expert in tax law", "an expert in software, cloud and cybersecurity": the complement's
  // field, when its words name one field only ("an expert in writing clean code" names two: none)
  let field: string | undefined;
  for (const w of r.domain ?? []) {
    const f = FAMILY_MODIFIERS.get(w);
    if (!f) continue;
    if (field && f !== field) return undefined;
    field = f;
  }
  return field;
}

/**
 * The first entry before `entries[j]` that relates to it as `relation` (see `personaRelation`),
 * defined in another unit and `comparable` with it; -1 when none. Equal to trying every earlier
 * entry in order, but looks only at those that can relate: the same group and scope, and for a
 * repeat the same name, or the same head with modifiers one inside the other; for a conflict, one
 * representative per conflict signature (`conflictSignature`: what `personaRelation` reads besides
 * the paragraph) tells whether the signature's entries can conflict at all, and only those that
 * can are tried, in order. Pairwise, a 1 MB file of definitions took 174 s (issue 12); 20,000
 * "You are a helpful assistant." lines, or many roles of one family, each tried every earlier one.
 * The index is built once per list.
 */
export function firstRelated(
  entries: readonly PersonaEntry[],
  j: number,
  relation: 'repeat' | 'conflict',
  comparable: (earlier: PersonaEntry, later: PersonaEntry) => boolean,
): number {
  const index = relationIndexOf(entries);
  const p = entries[j]!.p;
  const bucket = index.get(bucketKey(p));
  if (!bucket) return -1;
  const ok = (i: number) => entries[i]!.p.unit !== p.unit && comparable(entries[i]!, entries[j]!) && personaRelation(entries[i]!.p, p) === relation;
  const first = (list: readonly number[] | undefined) => {
    if (!list) return -1;
    for (const i of list) {
      if (i >= j) break;
      if (ok(i)) return i;
    }
    return -1;
  };
  const earliest = (a: number, b: number) => (a === -1 ? b : b === -1 ? a : Math.min(a, b));
  if (relation === 'conflict') {
    // a conflict may pair different roles, or a name with a role (distinctPersonas): the entries of
    // every signature that can conflict with this one are tried, in order
    const mine = conflictSignature(p);
    let found = -1;
    for (const [signature, list] of bucket.bySignature) {
      const rep = list[0]!;
      if (rep >= j || (found !== -1 && rep >= found)) continue;
      if (!canConflict(signature, entries[rep]!.p, mine, p)) continue;
      found = earliest(found, first(list));
    }
    return found;
  }
  if (p.name) return first(bucket.byName.get(p.name));
  const role = p.role;
  if (!role) return -1;
  // repeat: the same head; modifiers equal (generic head), or one set inside the other (family)
  const mods = [...new Set(role.modifiers)].sort();
  if (!role.family) return first(bucket.byHeadMods.get(headModsKey(role.head, mods)));
  let found = -1;
  // earlier modifiers inside these: every subset of these (a role has at most 7 modifiers)
  for (let mask = 0; mask < 1 << mods.length; mask++) {
    found = earliest(found, first(bucket.byHeadMods.get(headModsKey(role.head, mods.filter((_, k) => mask & (1 << k))))));
  }
  // these inside earlier modifiers: among those with this role's rarest modifier (or all of the head)
  let scan = bucket.byHead.get(role.head);
  for (const m of mods) {
    const list = bucket.byHeadMod.get(`${role.head}\u0000${m}`);
    if (!list) return found;
    if (!scan || list.length < scan.length) scan = list;
  }
  return earliest(found, first(scan));
}

interface RelationBucket {
  /** Entries of the group and scope by conflict signature, each list in order. */
  readonly bySignature: Map<string, number[]>;
  readonly byName: Map<string, number[]>;
  /** Entries with a role and no name. */
  readonly byHead: Map<string, number[]>;
  readonly byHeadMod: Map<string, number[]>;
  readonly byHeadMods: Map<string, number[]>;
}

const bucketKey = (p: Persona) => `${p.group}\u0000${p.scope}`;
const headModsKey = (head: string, mods: readonly string[]) => `${head}\u0000${mods.join(' ')}`;

/**
 * What decides whether a definition can conflict with another of its group and scope, the
 * paragraph aside (`personaRelation` with `loose` reads nothing else; the words it leaves out,
 * shared subjects and one role's modifiers inside the other's, only remove conflicts, and are
 * asked of each entry in `firstRelated`): the first word of the name (names that
 * share it are related products, different ones conflict), the role's head, family, whether it is
 * refinable or generic, and a YAML role field. A head with neither family nor generic standing
 * conflicts with no role (`distinctRoles`) and, unnamed, with nothing: such heads share one
 * signature, so that many roles known only by their ending are one signature. Two entries of one
 * signature relate alike to any third, except that one paragraph holds no conflict of roles and
 * different parallel sections hold no relation at all.
 */
function conflictSignature(p: Persona): string {
  const name = p.name ? `n:${p.name.split(/\s+/)[0]}` : '-';
  const r = p.role;
  if (!r) return `${name}\u0000-\u0000${p.field ? 1 : 0}`;
  const known = r.family !== undefined || GENERIC.has(r.head);
  // one generic head conflicts only when both roles say what they do; one field, by specialty
  const says = specialtyOf(r, true).length > 0 ? 1 : 0;
  // the subject words, where a role of a subject compares them (subjectAgainstProfession)
  const subjects = r.named && (subjectRole(r) || genericWithSubject(r)) ? [...subjectWords(r), '|', ...r.named].sort().join(' ') : '';
  return `${name}\u0000${r.head}\u0000${r.family ?? ''}\u0000${fieldOf(r) ?? ''}\u0000${refinable(r) ? 1 : 0}${known ? 1 : 0}${says}${subjectRole(r) ? 1 : 0}\u0000${p.field ? 1 : 0}\u0000${signatureSpecialty(r)}\u0000${subjects}\u0000${p.additive ? 1 : 0}\u0000${seniority(r)}`;
}

/** Signature pairs (earlier, later) that can conflict: asked once of a representative, paragraphs apart. */
const conflictPairs = new Map<string, boolean>();

function canConflict(signature: string, earlier: Persona, later: string, p: Persona): boolean {
  const key = `${signature}\u0001${later}`;
  let can = conflictPairs.get(key);
  if (can === undefined) {
    // no paragraph: the pair as if in different paragraphs, where roles may conflict
    can = personaRelation({ ...earlier, paragraph: undefined, parallel: undefined }, { ...p, paragraph: undefined, parallel: undefined }, true) === 'conflict';
    if (conflictPairs.size > 10_000) conflictPairs.clear();
    conflictPairs.set(key, can);
  }
  return can;
}

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** The relation index of one list of entries, built once per list. */
const relationIndexOf = memoized((entries: readonly PersonaEntry[]) => buildRelationIndex(entries));

function buildRelationIndex(entries: readonly PersonaEntry[]): Map<string, RelationBucket> {
  const buckets = new Map<string, RelationBucket>();
  entries.forEach(({ p }, i) => {
    const key = bucketKey(p);
    let b = buckets.get(key);
    if (!b) {
      b = { bySignature: new Map(), byName: new Map(), byHead: new Map(), byHeadMod: new Map(), byHeadMods: new Map() };
      buckets.set(key, b);
    }
    push(b.bySignature, conflictSignature(p), i);
    if (p.name) {
      push(b.byName, p.name, i);
    } else if (p.role) {
      const { head } = p.role;
      const mods = [...new Set(p.role.modifiers)].sort();
      push(b.byHead, head, i);
      for (const m of mods) push(b.byHeadMod, `${head}\u0000${m}`, i);
      push(b.byHeadMods, headModsKey(head, mods), i);
    }
  });
  return buckets;
}

/** How a persona reads in a message. */
export function personaLabel(p: Persona): string {
  return p.nameText ?? p.role?.text ?? '';
}

/** True when the later definition says nothing the earlier one does not (safe to delete). */
export function subsumedBy(later: Persona, earlier: Persona): boolean {
  if (!later.pure || later.unitSentences !== 1) return false;
  if (later.name && later.name !== earlier.name) return false;
  if (later.role) {
    if (!earlier.role || later.role.head !== earlier.role.head) return false;
    const mods = new Set(earlier.role.modifiers);
    if (!later.role.modifiers.every((m) => mods.has(m))) return false;
  }
  return true;
}

/** A persona definition with the document it stands in: what the persona rules compare. */
export interface PersonaEntry {
  readonly doc: PromptDocument;
  readonly p: Persona;
}

export type PersonaReporter = EntryReporter<PersonaEntry>;

/**
 * A document's entries, one list per document: both persona rules then share the relation index
 * `firstRelated` builds per list (built once instead of twice: a third of the persona rules' time
 * on 1 MB of definitions, issue 12).
 */
const documentEntries = memoized((doc: PromptDocument): readonly PersonaEntry[] => personas(doc).map((p) => ({ doc, p })));

/**
 * The check/checkTask pair of the persona rules: definitions are compared within one prompt (or
 * one YAML agent group), and across the files of a task (groups do not span files).
 */
export function personaChecks(report: PersonaReporter): Pick<Rule, 'check' | 'checkTask'> {
  return entryChecks<PersonaEntry>({
    // one list per document in a file, shared by both persona rules (see documentEntries)
    entries: (doc, inTask) => (inTask ? personas(doc).map((p) => ({ doc, p: { ...p, group: '' } })) : documentEntries(doc)),
    inFile: (a, b) => a.p.prompt === b.p.prompt || a.p.group === b.p.group,
    report,
  });
}
