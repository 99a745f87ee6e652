/**
 * Fixes inside YAML strings. A rule's edits are source ranges inside one prompt-bearing scalar; in
 * YAML, deleting source text is not deleting decoded text (a folded or literal block keeps the
 * indentation of the line that moves up, an escape such as `\t` is one decoded character written as
 * two). So the edits are first applied to the decoded string (what the model reads), and the source
 * edit is accepted only when parsing the edited file gives exactly that string; otherwise the whole
 * scalar is written again (a literal block for a block scalar, else a double-quoted string) and
 * checked the same way. When neither decodes to the expected string there is no fix.
 */
import { parseAllDocuments, visit, Scalar } from 'yaml';
import type { Prompt, PromptDocument } from '../model/types.js';
import { applyEdits } from './edits.js';
import { textOffsetOf } from '../model/source.js';
import type { TextEdit } from './types.js';

/** The string scalars of a YAML text by the source offset where each starts. */
function scalarsOf(text: string): Map<number, Scalar> {
  const out = new Map<number, Scalar>();
  let docs;
  try {
    docs = parseAllDocuments(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false, logLevel: 'silent' });
  } catch {
    return out;
  }
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    if (doc.errors.length) return new Map();
    visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.range) out.set(node.range[0], node);
      },
    });
  }
  return out;
}

const parsed = new WeakMap<PromptDocument, Map<number, Scalar>>();

/** The scalar that holds `prompt` (its value range contains the prompt's range). */
function scalarOf(doc: PromptDocument, prompt: Prompt): Scalar | undefined {
  let scalars = parsed.get(doc);
  if (!scalars) parsed.set(doc, (scalars = scalarsOf(doc.file.text)));
  let best: Scalar | undefined;
  for (const node of scalars.values()) {
    const [start, end] = node.range!;
    if (start <= prompt.range.start && prompt.range.end <= end && (!best || start >= best.range![0])) best = node;
  }
  return best;
}

/** The value of the string scalar starting at `start` in `text`, or undefined. */
function valueAt(text: string, start: number): string | undefined {
  const node = scalarsOf(text).get(start);
  return typeof node?.value === 'string' ? node.value : undefined;
}

/** `value` as a YAML double-quoted string (JSON's escapes are YAML's; line separators escaped too). */
function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `value` as a literal block scalar whose lines are indented by `indent`, or undefined when one cannot hold it. */
function literalBlock(value: string, indent: string, endsWithBreak: boolean): string | undefined {
  if (!value || /^[ \t\n]/.test(value) || /[\r\t]|[^\S\n]\n|[^\S\n]$/.test(value)) return undefined;
  const trailing = /\n*$/.exec(value)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 1 ? value.slice(0, -1) : value.slice(0, value.length - trailing);
  const lines = body.split('\n').map((line) => (line ? indent + line : ''));
  return `|${chomp}\n${lines.join('\n')}${endsWithBreak ? '\n' : ''}`;
}

/**
 * `edits` (source ranges inside `prompt`, a string of a YAML file) as edits that change the decoded
 * string exactly as the same edits change the prompt's text; undefined when no edit can.
 */
export function yamlSafeEdits(doc: PromptDocument, prompt: Prompt, edits: readonly TextEdit[]): TextEdit[] | undefined {
  if (doc.kind !== 'yaml' || !edits.length) return [...edits];
  const node = scalarOf(doc, prompt);
  if (!node || typeof node.value !== 'string') return undefined;
  const source = doc.file.text;
  const [start, end] = node.range!;
  // what the model should read afterwards: the same edits applied to the decoded text
  const decoded = node.value;
  const inText = edits.map((e) => ({ range: { start: textOffsetOf(prompt, e.range.start), end: textOffsetOf(prompt, e.range.end) }, text: e.text }));
  const base = decoded.indexOf(prompt.text);
  if (base < 0) return undefined;
  const expected = decoded.slice(0, base) + applyEdits(prompt.text, inText).text + decoded.slice(base + prompt.text.length);
  const path = edits[0]!.path;
  const asIs = applyEdits(source, edits).text;
  if (valueAt(asIs, start) === expected) return [...edits];
  const candidates: string[] = [];
  const written = source.slice(start, end);
  const isBlock = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  if (isBlock) {
    const indent = /\n([ ]+)\S/.exec(written)?.[1];
    const block = indent ? literalBlock(expected, indent, written.endsWith('\n')) : undefined;
    if (block) candidates.push(block);
  }
  // a block scalar's range holds its last line break, which the quoted string must keep
  candidates.push(doubleQuoted(expected) + (isBlock && written.endsWith('\n') ? '\n' : ''));
  for (const text of candidates) {
    const edit: TextEdit = { ...(path ? { path } : {}), range: { start, end }, text };
    if (valueAt(applyEdits(source, [edit]).text, start) === expected) return [edit];
  }
  return undefined;
}
