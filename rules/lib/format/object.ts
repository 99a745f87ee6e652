/**
 * The object a formatting rule is about, read from the structure around it (issue 15, item 2): a
 * length cap on one field, file or command is not a cap on the reply, and two caps on different
 * objects do not conflict ("Maximum 30 characters" under `### Name (name.txt)` and "Maximum 80
 * characters" under `### Short Description (short_description.txt)`). Read only from positive
 * evidence, never from a title's topic words:
 * - a section whose title names a file (`### PRPROMPTS/README.md`, `### Rules (.cursor/rules/*.mdc)`,
 *   `### 1. feature_scaffold.md`), the nearest such section above the unit;
 * - a member of a family of sibling sections titled with one identifier each, under a parent that
 *   says what they are (`## Commands` > `### list`, `### query`): one template per command;
 * - the label of a list item or line that names a field or a file ("- Keywords (keywords.txt): max
 *   100 characters", "- Meta description: at most 160 characters"), unless the label only names
 *   the measure, the reply or a stress word ("**Length**: 300-400 words", "Output:", "Important:").
 * A sentence that names the reply ("every answer", "Reply in …") is about the reply wherever it stands.
 */
import type { Prompt, PromptDocument, Section, Unit } from '../../../server/src/model/types.js';
import { memoized } from '../memo.js';
import { stem, stemSet } from '../words.js';
import { DIRECTIVE_VERBS, GENERIC, LABEL_WORDS, lexicon, LEADERS, NEUTRAL_KEY, STOP, triggers } from './lexicon.js';

/** File extensions that make a name in a title a file's ("README.md", "name.txt"), not a product's ("Node.js" is excluded by its capital). */
const EXT = 'md|mdc|mdx|txt|json|jsonc|ya?ml|toml|xml|html?|csv|tsv|py|ts|tsx|js|jsx|mjs|cjs|sh|go|rs|java|kt|rb|php|css|scss|sql|env|ini|cfg|conf|rst|adoc|prompt|j2|hbs|lock|gradle|swift|dart';
/** A file name or path: a lowercase, snake or all-caps stem (or a path or glob) and a known extension. */
const FILE_NAME = new RegExp(`(?:^|[\\s(\`"'/\\[])(?:[\\w.*{}-]+/)*(?:\\.?[a-z0-9_*{}][\\w*{}-]*|[A-Z0-9_]+(?:[-_][A-Z0-9]+)*|\\*)\\.(?:${EXT})(?![\\w.])`);
/** One identifier as a whole title: `read_file`, "list", "read-neighbors". */
const IDENTIFIER_TITLE = /^`?[a-z][a-z0-9]*(?:[-_:.][a-z0-9]+)*`?$/;
/** Parent titles under which identifier-titled sections document one thing each. */
const CATALOGUE_WORDS = stemSet(lexicon.objectCatalogues as string[]);
/** Label words that name the measure, the reply or a stress, not an object ("Length:", "Output:", "Note:"). */
const NEUTRAL_LABEL = stemSet(lexicon.neutralLabelWords as string[]);

function fileObject(title: string): string | undefined {
  const m = FILE_NAME.exec(title);
  return m ? `file:${m[0].trim().replace(/^[(`"'[]/, '').toLowerCase()}` : undefined;
}

/** Per prompt: the object each section gives the units under it ('' for none). */
const sectionObjects = memoized((prompt: Prompt): readonly string[] => {
  const sections = prompt.sections;
  const own = sections.map((s) => (s.depth === 0 ? '' : (fileObject(s.title) ?? '')));
  // families of identifier titles under a catalogue parent
  const siblings = new Map<number, Section[]>();
  for (const s of sections) {
    if (s.depth === 0 || !IDENTIFIER_TITLE.test(s.title.trim())) continue;
    const list = siblings.get(s.parent) ?? [];
    list.push(s);
    siblings.set(s.parent, list);
  }
  for (const [parent, list] of siblings) {
    if (list.length < 2) continue;
    const title = sections[parent]?.title ?? '';
    if (!title.toLowerCase().split(/[^a-z]+/).some((w) => w && CATALOGUE_WORDS.has(stem(w)))) continue;
    for (const s of list) if (!own[s.index]) own[s.index] = `item:${s.title.trim().replace(/`/g, '').toLowerCase()}`;
  }
  // the nearest object up the chain
  const out = own.slice();
  for (const s of sections) {
    if (out[s.index]) continue;
    for (let p = s.parent, seen = 0; p >= 0 && seen < 64; p = sections[p]?.parent ?? -1, seen++) {
      if (own[p]) {
        out[s.index] = own[p]!;
        break;
      }
    }
  }
  return out;
});

/** "- **Keywords** (keywords.txt): …", "Meta description: …": a short label before a colon. */
const LABEL = /^\W*?(?:\*\*|__)?([A-Za-z][^:*_\n]{0,60}?)(?:\*\*|__)?\s*(\([^()]*\))?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*\S/;

function labelObject(text: string): string | undefined {
  const m = LABEL.exec(text);
  if (!m) return undefined;
  const label = m[1]!.trim();
  const file = fileObject(`${label} ${m[2] ?? ''}`);
  if (file) return file;
  const words = label.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // a field's name is a few content words ("Meta description", "Keywords"); a phrase with a
  // preposition or an article ("Coordinate with the user") says what to do, not what is ruled
  if (!words.length || words.length > 3 || triggers(label) || words.some((w) => STOP.has(w) || STOP.has(stem(w)))) return undefined;
  const first = stem(words[0]!);
  // an imperative ("Keep it short:", "Remember:") is a rule, not a name
  if (DIRECTIVE_VERBS.has(first) || LEADERS.has(first)) return undefined;
  const content = words.map(stem).filter((w) => !STOP.has(w) && !GENERIC.has(w) && !NEUTRAL_KEY.has(w) && !LABEL_WORDS.has(w) && !NEUTRAL_LABEL.has(w));
  return content.length ? `label:${content.sort().join(' ')}` : undefined;
}

/**
 * A paragraph label that names no scope ("Context:", "Rules:", "Output format:", "Important:"): the
 * lines under it are the prompt's rules (paragraph-label.ts reads every short line ending in a colon).
 */
export function neutralParagraphLabel(label: string): boolean {
  const words = label.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean);
  return words.length > 0 && words.every((w) => { const st = stem(w); return STOP.has(st) || STOP.has(w) || GENERIC.has(st) || NEUTRAL_KEY.has(st) || LABEL_WORDS.has(st) || NEUTRAL_LABEL.has(st); });
}

/** The object `unit` is about ('' for none: the reply, or whatever its sentence names). */
export function formatObject(doc: PromptDocument, prompt: Prompt, unit: Unit): string {
  const label = unit.context === 'list-item' || unit.context === 'paragraph' ? labelObject(unit.text) : undefined;
  const section = unit.section >= 0 ? (sectionObjects(prompt)[unit.section] ?? '') : '';
  return [section, label].filter(Boolean).join(' / ');
}
