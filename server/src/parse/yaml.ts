/**
 * YAML prompt configs (.yaml, .yml, .roomodes): every string whose key is a prompt key becomes a
 * Prompt, parsed as Markdown, with a per-character map from the decoded string back to the YAML
 * source (decoded by yaml-scalar.ts). This module finds the prompt strings: which keys in which
 * surroundings hold prompts, and which subtrees hold test data.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type YAMLMap } from 'yaml';
import type { Directive, ParseProblem, Prompt, Range, SourceFile } from '../model/types.js';
import { createPrompt } from '../model/shapes.js';
import { findYamlDirectives, type DirectiveScan } from './directives.js';
import { yamlProblems } from './frontmatter.js';
import type { BlockCache } from './block-cache.js';
import { parseMarkdownBody } from './markdown.js';
import { decodeScalar, scalarTextMap } from './yaml-scalar.js';

/** YAML keys whose string values are prompts; some only count in the right surroundings (see `isPromptValue`). */
export const DEFAULT_PROMPT_KEYS: readonly string[] = Object.freeze([
  'system',
  'prompt',
  'prompts',
  'template',
  'instructions',
  'instruction',
  'system_prompt',
  'systemPrompt',
  'system_message',
  'content', // only in messages/prompts lists or beside a role key
  'text', // only under prompts
  'raw', // only under prompts (promptfoo `{ raw: … }`)
  'role', // crewAI agents (beside goal/backstory), not chat role names
  'goal', // crewAI agents (beside role/backstory)
  'backstory', // crewAI agents (beside role/goal)
  'description', // only beside crewAI role/goal/expected_output
  'expected_output',
  'persona',
  'customInstructions',
  'roleDefinition',
  'whenToUse',
]);

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'developer', 'tool', 'function', 'model', 'human', 'ai', 'bot']);
const PROMPT_ROLES = new Set(['system', 'user', 'assistant']);
/** Keys that only hold prompts in particular surroundings; lists of strings under them are not prompts. */
const CONDITIONAL_KEYS = new Set(['content', 'text', 'raw', 'role', 'goal', 'backstory', 'description']);
/**
 * Subtrees that hold test data, not prompts: promptfoo `tests` (their vars are user inputs and
 * red-team attacks), `assert` and `metadata`. `defaultTest.vars` is kept: it often carries the
 * system message.
 */
const SKIPPED_SUBTREES = new Set(['tests', 'assert', 'metadata']);
const SYSTEM_KEYS = new Set(['system', 'system_prompt', 'systemPrompt', 'system_message']);

// ---- finding prompt strings ---------------------------------------------------------------------

interface Found {
  node: Scalar;
  path: string;
  role?: string;
}

function pathKey(path: string, key: string): string {
  const seg = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (seg.startsWith('"')) return `${path}[${seg}]`;
  return path ? `${path}.${seg}` : seg;
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function isReference(value: string): boolean {
  return /^\s*file:\/\//.test(value);
}

interface WalkCtx {
  keys: ReadonlySet<string>;
  found: Found[];
  problems: ParseProblem[];
}

interface Where {
  /** Keys of the enclosing mappings, outermost first. */
  ancestors: string[];
  /** Key of the sequence that directly holds the current mapping, if any. */
  seqKey?: string;
}

/** Whether the string under `key` in `map` is a prompt (the surroundings rules). */
function isPromptValue(key: string, value: string, mapKeys: ReadonlySet<string>, where: Where, roleValue: string | undefined): boolean {
  switch (key) {
    case 'content':
      return mapKeys.has('role') || where.seqKey === 'messages' || where.seqKey === 'prompts';
    case 'text':
    case 'raw':
      return where.ancestors.includes('prompts');
    case 'description':
      // crewAI agents (role + goal + backstory) and tasks (description + expected_output)
      return mapKeys.has('goal') || mapKeys.has('expected_output') || (roleValue !== undefined && !CHAT_ROLES.has(roleValue.trim().toLowerCase()));
    case 'role':
      // a crewAI agent's role ("Senior Researcher"), not a chat role or a user's role field
      return !CHAT_ROLES.has(value.trim().toLowerCase()) && (mapKeys.has('goal') || mapKeys.has('backstory'));
    case 'goal':
      // crewAI agents; promptfoo red-team test metadata also has `goal:` and is not a prompt
      return mapKeys.has('role') || mapKeys.has('backstory');
    case 'backstory':
      return mapKeys.has('role') || mapKeys.has('goal');
    default:
      return true;
  }
}

function walk(node: unknown, path: string, where: Where, ctx: WalkCtx, depth: number): void {
  if (depth > 200) return;
  if (isMap(node)) {
    const map = node as YAMLMap;
    const mapKeys = new Set<string>();
    let roleValue: string | undefined;
    for (const pair of map.items) {
      if (isScalar(pair.key)) {
        const k = String(pair.key.value);
        if (mapKeys.has(k) && pair.key.range) {
          // yaml's own uniqueKeys check is quadratic in the map size; this one is linear
          ctx.problems.push({ message: 'Map keys must be unique', range: { start: pair.key.range[0], end: pair.key.range[1] }, severity: 'error' });
        }
        mapKeys.add(k);
        if (k === 'role') roleValue = scalarString(pair.value);
      }
    }
    const siblingRole = roleValue && PROMPT_ROLES.has(roleValue.trim().toLowerCase()) ? roleValue.trim().toLowerCase() : undefined;
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      const k = String(pair.key.value);
      const childPath = pathKey(path, k);
      const v = pair.value;
      const promptKey = ctx.keys.has(k);
      const str = scalarString(v);
      if (str !== undefined) {
        if (promptKey && str.trim() !== '' && !isReference(str) && isPromptValue(k, str, mapKeys, where, roleValue)) {
          ctx.found.push({ node: v as Scalar, path: childPath, role: k !== 'role' ? (siblingRole ?? (SYSTEM_KEYS.has(k) ? 'system' : undefined)) : undefined });
        }
        continue;
      }
      if (SKIPPED_SUBTREES.has(k)) continue;
      const inner: Where = { ancestors: [...where.ancestors, k], seqKey: undefined };
      if (isSeq(v)) {
        v.items.forEach((item, i) => {
          const itemPath = `${childPath}[${i}]`;
          const s = scalarString(item);
          if (s !== undefined) {
            if (promptKey && !CONDITIONAL_KEYS.has(k) && s.trim() !== '' && !isReference(s)) {
              ctx.found.push({ node: item as Scalar, path: itemPath, role: SYSTEM_KEYS.has(k) ? 'system' : undefined });
            }
            return;
          }
          walk(item, itemPath, { ancestors: inner.ancestors, seqKey: k }, ctx, depth + 1);
        });
      } else {
        walk(v, childPath, inner, ctx, depth + 1);
      }
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => walk(item, `${path}[${i}]`, { ancestors: where.ancestors, seqKey: where.seqKey }, ctx, depth + 1));
    return;
  }
  // scalars and aliases: nothing to do
}

export interface YamlParse {
  prompts: Prompt[];
  directives: Directive[];
  problems: ParseProblem[];
  /** promptfoo `providers:` ids, as written. */
  providers?: string[];
}

/**
 * A promptfoo config (named so, or a top-level map with both `prompts` and `providers`): its
 * `prompts:` are alternatives, and its `providers:` name the models they are sent to.
 */
function promptfooConfig(file: SourceFile, doc: Document.Parsed): { providers: string[] } | undefined {
  const top = doc.contents;
  if (!isMap(top)) return undefined;
  const get = (key: string) => top.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
  const providersNode = get('providers');
  const named = /(^|[\\/])promptfooconfig[^\\/]*\.ya?ml$/i.test(file.path);
  if (!named && !(providersNode !== undefined && get('prompts') !== undefined)) return undefined;
  const providers: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === 'string' && value.trim()) providers.push(value.trim());
  };
  const items = isSeq(providersNode) ? providersNode.items : providersNode !== undefined ? [providersNode] : [];
  for (const item of items) {
    if (isScalar(item)) add(item.value);
    else if (isMap(item)) {
      // `- id: openai:gpt-4o` or the older `- openai:gpt-4o: { config }`
      const id = item.items.find((pair) => isScalar(pair.key) && pair.key.value === 'id');
      if (id && isScalar(id.value)) add(id.value.value);
      else if (item.items.length === 1 && isScalar(item.items[0]!.key)) add(item.items[0]!.key.value);
    }
  }
  return { providers };
}

/** Builds a Prompt from a decoded YAML string. */
function promptFromScalar(file: SourceFile, f: Found, id: string, alternatives: string | undefined, blocks: BlockCache | undefined): Prompt | undefined {
  const dec = decodeScalar(f.node, file.text);
  if (!dec || dec.value.length === 0) return undefined;
  const floor = f.node.range ? f.node.range[0] : 0;
  const map = scalarTextMap(dec, file.text, floor);
  const range: Range = { start: map.start(0), end: Math.max(map.start(0), map.end(dec.value.length)) };
  const body = parseMarkdownBody(dec.value, map, range, blocks);
  const n = dec.value.length;
  return createPrompt({
    id,
    label: id,
    role: f.role || undefined,
    range,
    text: dec.value,
    toSource: (i: number) => (i >= n ? range.end : map.start(Math.max(0, Math.floor(i)))),
    sections: body.sections,
    units: body.units,
    boundary: 'yaml',
    alternatives,
  });
}

/** Parses a YAML file (all documents) into prompts, directives and problems (`blocks`: see scanMarkdown). */
export function parseYaml(file: SourceFile, promptKeys: readonly string[] = DEFAULT_PROMPT_KEYS, blocks?: BlockCache): YamlParse {
  const text = file.text;
  const problems: ParseProblem[] = [];
  const prompts: Prompt[] = [];
  const scan: DirectiveScan = { directives: [], problems: [] };
  let docs: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, { keepSourceTokens: true, prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    // an empty stream is an (empty) array-like without documents
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    problems.push({ message: `YAML could not be parsed: ${(err as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) }, severity: 'error' });
  }
  const keys = new Set(promptKeys);
  const seen = new Map<string, number>();
  let providers: string[] | undefined;
  docs.forEach((doc, di) => {
    const promptfoo = di === 0 ? promptfooConfig(file, doc) : undefined;
    if (promptfoo) providers = promptfoo.providers;
    problems.push(...yamlProblems(doc.errors, 'error', 0, text.length), ...yamlProblems(doc.warnings, 'warning', 0, text.length));
    const found: Found[] = [];
    try {
      walk(doc.contents, di > 0 ? `documents[${di}]` : '', { ancestors: [] }, { keys, found, problems }, 0);
    } catch (err) {
      problems.push({ message: `YAML structure could not be read: ${(err as Error).message}`, range: { start: 0, end: Math.min(text.length, 1) }, severity: 'error' });
    }
    for (const f of found) {
      let id = f.path || 'value';
      const count = (seen.get(id) ?? 0) + 1;
      seen.set(id, count);
      if (count > 1) id = `${id}#${count}`;
      const p = promptFromScalar(file, f, id, promptfoo && /^prompts\[\d+\]/.test(id) ? 'prompts' : undefined, blocks);
      if (p) prompts.push(p);
    }
  });
  findYamlDirectives(text, 0, text.length, scan);
  problems.push(...scan.problems);
  problems.sort((a, b) => a.range.start - b.range.start);
  return { prompts, directives: scan.directives, problems, ...(providers ? { providers } : {}) };
}
