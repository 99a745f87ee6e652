// Which files of an npm package go into the fresh corpus (bench/fresh-corpus/fetch.mjs), as code:
//
// 1. by path: a prompt-like name or place (`promptKind`), walkable by prompt-lint, not a README,
//    changelog or licence; 200 bytes to 200 KB, UTF-8 text;
// 2. by content: the text addresses a model (`addressesModel`): it gives instructions, it does not
//    describe a package to people;
// 3. no copies: a file whose text is identical to, or a near copy of (word 5-gram Jaccard ≥ 0.6),
//    a file of the shared corpus or a file already picked is dropped (`NearCopyIndex`);
// 4. at most `PER_PACKAGE` files of one package, taken in a seeded random order, kind by kind in
//    turns (`pickOrder`), so that no package and no one kind of a package dominates.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { rng } from '../random.mjs';

export const MIN_BYTES = 200;
export const MAX_BYTES = 200 * 1024;
export const PER_PACKAGE = 15;
export const NEAR_JACCARD = 0.6;
export const SHINGLE = 5;

const DOC_NAMES = /^(readme|changelog|changes|history|license|licence|copying|notice|contributing|code_of_conduct|security|authors|support|funding|upgrading|migration)([._-].*)?$/i;
const WALKABLE_EXT = new Set(['.md', '.mdc', '.markdown', '.mdx', '.yaml', '.yml', '.txt', '.prompt', '.prompty', '.j2', '.jinja', '.jinja2']);
const WALKABLE_DOTFILES = new Set(['.cursorrules', '.windsurfrules', '.clinerules', '.roorules', '.goosehints']);

/**
 * The corpus kind of a path inside a package, or undefined when the path is not prompt-like.
 * Kinds: the shared corpus's (agent-instructions, cursor-rules, copilot-prompt, system-prompt-md,
 * system-prompt-txt, yaml-prompt-config, prompty) and three finer ones for Claude Code's
 * claude-agent, claude-command and skill.
 */
export function promptKind(rel) {
  const p = rel.replace(/\\/g, '/');
  const lower = p.toLowerCase();
  const base = path.posix.basename(lower);
  const ext = path.posix.extname(base);
  const dirs = lower.split('/').slice(0, -1);
  if (dirs.includes('node_modules')) return undefined;
  if (!WALKABLE_EXT.has(ext) && !WALKABLE_DOTFILES.has(base)) return undefined;
  if (DOC_NAMES.test(base)) return undefined;
  const isMd = ['.md', '.mdc', '.markdown', '.mdx'].includes(ext);
  const isYaml = ext === '.yaml' || ext === '.yml';
  const under = (...names) => dirs.some((d) => names.includes(d));

  if (ext === '.prompty') return 'prompty';
  if (WALKABLE_DOTFILES.has(base) || ext === '.mdc') return 'cursor-rules';
  const role = isMd ? folderRole(dirs) : undefined;
  if (['claude.md', 'claude.local.md', 'agents.md', 'gemini.md', 'qwen.md', 'crush.md', 'warp.md'].includes(base) || (base === 'agent.md' && role !== 'claude-agent')) return 'agent-instructions';
  if (base === 'copilot-instructions.md' || /\.(instructions|prompt|chatmode)\.md$/.test(base)) return 'copilot-prompt';
  if (/\.prompt\.ya?ml$/.test(base)) return 'yaml-prompt-config';
  if (base === 'skill.md') return 'skill';
  if (/\.agent\.md$/.test(base)) return 'claude-agent';
  if (/^(promptfooconfig|agents|tasks|crew|prompts?)\.ya?ml$/.test(base)) return 'yaml-prompt-config';
  if (/(^|[._-])system[._-]?prompt[^/]*\.(md|txt)$/.test(base) || /\.system\.(md|txt)$/.test(base)) return ext === '.txt' ? 'system-prompt-txt' : 'system-prompt-md';
  if (isMd && (under('.cursor', '.windsurf', '.clinerules', '.kiro', '.roo', '.trae', '.continue', '.augment', '.amazonq') || /(^|\/)\.roo\/rules/.test(lower)) && under('rules', 'steering', '.clinerules', 'rules-code', 'rules-architect')) return 'cursor-rules';
  if (isMd && under('.github') && under('instructions', 'prompts', 'chatmodes', 'agents')) return 'copilot-prompt';
  if (role) return role;
  if (under('prompts', 'prompt', 'system-prompts', 'system_prompts')) {
    if (isYaml) return 'yaml-prompt-config';
    if (ext === '.txt' || ext === '.prompt' || ext === '.j2' || ext.startsWith('.jinja')) return 'system-prompt-txt';
    if (isMd) return 'system-prompt-md';
  }
  return undefined;
}

const FOLDER_ROLES = { skills: 'skill', agents: 'claude-agent', subagents: 'claude-agent', droids: 'claude-agent', commands: 'claude-command', 'slash-commands': 'claude-command' };

/** The kind the innermost skills/agents/commands folder gives (`templates/agents/cursor/commands/x.md`: a command). */
function folderRole(dirs) {
  for (let i = dirs.length - 1; i >= 0; i--) if (Object.hasOwn(FOLDER_ROLES, dirs[i])) return FOLDER_ROLES[dirs[i]];
  return undefined;
}

/** The text without fenced code blocks and YAML frontmatter (what a model reads as prose). */
function prose(text) {
  return text
    .replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

// Words that tell a model what to do or who it is; a README describes, a changelog lists versions.
const DIRECTIVE = /\b(you are|you're|your (?:task|role|job|goal|mission|responsibilit(?:y|ies)|output|response)|you (?:must|should|will|need to|may not|can't|cannot)|always|never|must(?: not)?|do not|don't|avoid|ensure|make sure|act as|respond|reply|follow (?:these|the)|instructions?|guidelines?|step \d|ask the user|the user)\b/gi;
// A line that starts (after a list marker or emphasis) with an imperative verb: "Use ...", "- **Check** ...".
const IMPERATIVE_LINE = /^[ \t]*(?:[-*+]|\d+[.)])?[ \t]*(?:\*\*|__)?(?:use|run|check|read|write|create|generate|analy[sz]e|review|provide|include|return|output|keep|prefer|follow|focus|identify|verify|ask|list|explain|summari[sz]e|update|add|remove|implement|consider|document|validate|apply|report|present|stop|skip|wait|load|save|execute|invoke|call|display|show|search|find|fix|test|confirm|determine|extract|produce|format|use)\b/gim;
const SECOND_PERSON = /\byour?\b/gi;
const README_HEADING = /^#{1,3}\s*(installation|install|usage|license|licence|contributing|changelog|api(?: reference)?|getting started|features|quick ?start|requirements|roadmap|acknowledg(?:e)?ments|badges|table of contents|faq)\b/gim;
const VERSION_HEADING = /^#{1,4}\s*\[?v?\d+\.\d+(?:\.\d+)?\b/gm;
const BADGE = /\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g;

/**
 * Whether a prompt-like file's text addresses a model. Its prose (code blocks and frontmatter left
 * out) scores a point per directive phrase ("you are", "your task", "always", "never", "must",
 * "do not", "ensure", "respond", "the user", ...), a point per line opening with an imperative verb
 * ("Use ...", "- **Check** ..."), and half a point per "you"/"your"; it must reach 3 points and at
 * least one point per 200 words. And it must not read as a package's documentation: no badges,
 * fewer than 2 README section headings (Installation, Usage, License, ...), fewer than 3 version
 * headings (a changelog). The words are English: a text in another language without English
 * directives fails. Returns `{ ok, reason }`.
 */
export function addressesModel(text) {
  const body = prose(text);
  const words = body.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  if (words < 30) return { ok: false, reason: `too little prose (${words} words)` };
  const score = (body.match(DIRECTIVE)?.length ?? 0) + (body.match(IMPERATIVE_LINE)?.length ?? 0) + 0.5 * (body.match(SECOND_PERSON)?.length ?? 0);
  const readme = body.match(README_HEADING)?.length ?? 0;
  const versions = body.match(VERSION_HEADING)?.length ?? 0;
  const badges = body.match(BADGE)?.length ?? 0;
  if (badges > 0) return { ok: false, reason: 'badges: a README' };
  if (versions >= 3) return { ok: false, reason: `${versions} version headings: a changelog` };
  if (readme >= 2) return { ok: false, reason: `${readme} README headings` };
  if (score < 3) return { ok: false, reason: `directive score ${score}` };
  if (score * 200 < words) return { ok: false, reason: `directive score ${score} in ${words} words` };
  return { ok: true, reason: `directive score ${score} in ${words} words` };
}

/** Whether bytes are UTF-8 text (no NUL, decodes without replacement characters). */
export function isText(bytes) {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** cyrb53: a 53-bit string hash (public domain), for shingles. */
function hash53(str, seed = 0) {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The set of word 5-grams of a text (lower-cased letter/digit runs), hashed. */
export function shingles(text, n = SHINGLE) {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set();
  for (let i = 0; i + n <= words.length; i++) out.add(hash53(words.slice(i, i + n).join(' ')));
  return out;
}

export function jaccard(a, b) {
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

export const textHash = (text) => createHash('sha256').update(text.replace(/^\uFEFF/, '')).digest('hex');

/**
 * Documents by their exact text and their 5-gram sets, answering which one a new text copies:
 * identical text, or Jaccard ≥ `threshold` of the 5-gram sets. Exact Jaccard through an inverted
 * index; `restrictTo` (a set of shingles) keeps only the postings a later query can hit.
 */
export class NearCopyIndex {
  constructor(threshold = NEAR_JACCARD) {
    this.threshold = threshold;
    this.exact = new Map();
    this.sizes = [];
    this.ids = [];
    this.postings = new Map();
  }

  add(id, text, restrictTo) {
    const doc = this.ids.length;
    this.ids.push(id);
    if (!this.exact.has(textHash(text))) this.exact.set(textHash(text), id);
    const set = shingles(text);
    this.sizes.push(set.size);
    for (const s of set) {
      if (restrictTo && !restrictTo.has(s)) continue;
      let list = this.postings.get(s);
      if (!list) this.postings.set(s, (list = []));
      list.push(doc);
    }
  }

  /** `{ id, jaccard }` of the closest document copied (identical: jaccard 1), or null. */
  copyOf(text, set = shingles(text)) {
    const same = this.exact.get(textHash(text));
    if (same !== undefined) return { id: same, jaccard: 1 };
    const inter = new Map();
    for (const s of set) for (const doc of this.postings.get(s) ?? []) inter.set(doc, (inter.get(doc) ?? 0) + 1);
    let best = null;
    for (const [doc, n] of inter) {
      const j = n / (set.size + this.sizes[doc] - n);
      if (j >= this.threshold && (!best || j > best.jaccard)) best = { id: this.ids[doc], jaccard: j };
    }
    return best;
  }
}

/** A copy of `list` in a random order seeded by `seed` (a string: the package's name). */
export function seededOrder(list, seed) {
  const random = rng(createHash('sha1').update(seed).digest().readUInt32BE(0));
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A package's candidates in the order they are tried: the seeded order (`seededOrder`), then taken
 * kind by kind in turns (the first of each kind, in the order kinds first appear, then the second
 * of each, ...), so that a package shipping 300 skills and 10 agents gives some of each.
 */
export function pickOrder(candidates, seed) {
  const byKind = new Map();
  for (const c of seededOrder(candidates, seed)) {
    if (!byKind.has(c.kind)) byKind.set(c.kind, []);
    byKind.get(c.kind).push(c);
  }
  const lists = [...byKind.values()];
  const out = [];
  for (let i = 0; out.length < candidates.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/** The folder of a package under files/: its name with the scope's `@` dropped and `/` as `__`. */
export const packageDir = (name) => name.replace(/^@/, '').replace(/\//g, '__');
