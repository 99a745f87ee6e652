/**
 * Entry point of the parsers: SourceFile → PromptDocument. Never throws: problems (invalid YAML,
 * unclosed frontmatter or code fences, unknown directives, internal errors) are reported in
 * `PromptDocument.problems` with source ranges.
 */
import { isMap, parseDocument as parseYamlDocument } from 'yaml';
import path from 'node:path';
import type { FileKind, Frontmatter, ParseProblem, Prompt, PromptDocument, Range, SourceFile } from '../model/types.js';
import { createDocument, createPrompt, createSection } from '../model/shapes.js';
import { fileKind } from './detect.js';
import { findCommentDirectives, type DirectiveScan } from './directives.js';
import { findFrontmatter, parseFrontmatter } from './frontmatter.js';
import type { BlockCache } from './block-cache.js';
import { parseMarkdownBody } from './markdown.js';
import { parsePromptyBody } from './prompty.js';
import { parseTextBody } from './text.js';
import { findBoundaries, splitPrompt } from './boundaries.js';
import { findFencedPrompts, splitFenced } from './fenced.js';
import { offsetMap } from './units.js';
import { DEFAULT_PROMPT_KEYS, parseYaml } from './yaml.js';

export { DEFAULT_PROMPT_KEYS } from './yaml.js';
export { fileKind } from './detect.js';

export interface ParseOptions {
  /** Parser to use; by default decided from the file name (`fileKind`), else plain text. */
  kind?: FileKind;
  /** YAML keys whose strings are prompts (default `DEFAULT_PROMPT_KEYS`). */
  promptKeys?: readonly string[];
  /**
   * Prompt boundaries inside a Markdown or text body (parse/boundaries.ts): undefined detects them,
   * false reads each body as one prompt. A `<!-- prompt-lint-prompt -->` directive overrides either.
   */
  splitPrompts?: boolean;
  /**
   * Parse Markdown incrementally, reusing the chunks this cache holds from texts parsed before
   * (parse/block-cache.ts): for whoever parses the same texts on every edit (the language server).
   */
  blocks?: BlockCache;
}

/** Parses a source file into the document model. Never throws. */
export function parseDocument(file: SourceFile, options: ParseOptions = {}): PromptDocument {
  let kind: FileKind = 'text';
  try {
    kind = options.kind ?? fileKind(file.path) ?? 'text';
    switch (kind) {
      case 'markdown':
        return parseMarkdownFile(file, options.splitPrompts, options.blocks);
      case 'yaml':
        return parseYamlFile(file, options.promptKeys ?? DEFAULT_PROMPT_KEYS, options.blocks);
      case 'prompty':
        return parsePromptyFile(file, options.blocks);
      default:
        return parseTextFile(file, options.splitPrompts);
    }
  } catch (err) {
    return fallbackDocument(file, kind, err);
  }
}

function sortProblems(problems: ParseProblem[]): ParseProblem[] {
  return problems.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function wholePrompt(file: SourceFile, range: Range, sections: Prompt['sections'], units: Prompt['units']): Prompt {
  const text = file.text.slice(range.start, range.end);
  const n = text.length;
  return createPrompt({
    id: 'body',
    label: 'body',
    range,
    text,
    toSource: (i: number) => range.start + Math.min(Math.max(0, Math.floor(i)), n),
    sections,
    units,
    boundary: 'file',
  });
}

interface Head {
  frontmatter?: Frontmatter;
  bodyStart: number;
  problems: ParseProblem[];
  scan: DirectiveScan;
}

/** Frontmatter handling shared by Markdown, .prompty and text files. */
function readHead(file: SourceFile, unclosedIsProblem: boolean): Head {
  const scan: DirectiveScan = { directives: [], problems: [] };
  const found = findFrontmatter(file.text);
  if (found.kind === 'ok') {
    const fm = parseFrontmatter(file.text, found, scan);
    return { frontmatter: fm.frontmatter, bodyStart: found.bodyStart, problems: fm.problems, scan };
  }
  const problems: ParseProblem[] = [];
  if (found.kind === 'unclosed' && unclosedIsProblem) {
    problems.push({
      message: "Frontmatter opened with '---' is never closed (no closing '---' line); the file is read as having no frontmatter",
      range: found.open,
      severity: 'warning',
    });
  }
  return { bodyStart: 0, problems, scan };
}

function unclosedFenceProblems(ranges: readonly Range[], base: number): ParseProblem[] {
  return ranges.map((r) => ({
    message: 'Code fence is never closed; everything after it is read as code',
    range: { start: r.start + base, end: r.end + base },
    severity: 'warning' as const,
  }));
}

function parseMarkdownFile(file: SourceFile, split: boolean | undefined, blocks: BlockCache | undefined): PromptDocument {
  const head = readHead(file, true);
  const { bodyStart } = head;
  const range = { start: bodyStart, end: file.text.length };
  const bodyText = file.text.slice(bodyStart);
  const parsed = parseMarkdownBody(bodyText, offsetMap(bodyStart), range, blocks);
  findCommentDirectives(bodyText, bodyStart, parsed.scan.codeRanges, head.scan);
  const problems = [...head.problems, ...unclosedFenceProblems(parsed.scan.unclosedFences, bodyStart), ...head.scan.problems];
  const whole = wholePrompt(file, range, parsed.sections, parsed.units);
  // a prompt held in a ```markdown / ```text fence is read as a prompt (parse/fenced.ts); then each part's own boundaries
  const parts = splitFenced(file.text, whole, findFencedPrompts(file.text, whole), blocks);
  let prompts = parts.flatMap((p) => splitPrompt(file.text, p, findBoundaries(file.text, p, split)));
  if (parts.length > 1) prompts = prompts.map((p, k) => createPrompt({ ...p, id: k === 0 ? whole.id : `${whole.id}#${k + 1}`, label: p.label === 'body' ? `prompt ${k + 1} (file)` : p.label.replace(/^prompt \d+/, `prompt ${k + 1}`) }));
  return createDocument(file, 'markdown', head.frontmatter, prompts, head.scan.directives, sortProblems(problems));
}

function parsePromptyFile(file: SourceFile, blocks: BlockCache | undefined): PromptDocument {
  const head = readHead(file, true);
  const parsed = parsePromptyBody(file.text, head.bodyStart, blocks);
  const bodyText = file.text.slice(head.bodyStart);
  const code = parsed.codeRanges.map((r) => ({ start: r.start - head.bodyStart, end: r.end - head.bodyStart }));
  findCommentDirectives(bodyText, head.bodyStart, code, head.scan);
  const problems = [...head.problems, ...unclosedFenceProblems(parsed.unclosedFences, 0), ...head.scan.problems];
  return createDocument(file, 'prompty', head.frontmatter, parsed.prompts, head.scan.directives, sortProblems(problems));
}

/**
 * Text files have frontmatter only when it is closed and holds a YAML mapping (dotprompt
 * `.prompt` files); a `---` separator line starting a .txt prompt is text.
 */
function textHasFrontmatter(file: SourceFile): boolean {
  const found = findFrontmatter(file.text);
  if (found.kind !== 'ok') return false;
  if (found.content.end === found.content.start) return true;
  try {
    const doc = parseYamlDocument(file.text.slice(found.content.start, found.content.end), { prettyErrors: false, logLevel: 'silent' });
    return isMap(doc.contents) || (doc.contents === null && doc.errors.length === 0) || path.extname(file.path).toLowerCase() === '.prompt';
  } catch {
    return false;
  }
}

function parseTextFile(file: SourceFile, split: boolean | undefined): PromptDocument {
  const head: Head = textHasFrontmatter(file) ? readHead(file, false) : { bodyStart: 0, problems: [], scan: { directives: [], problems: [] } };
  const { bodyStart } = head;
  const range = { start: bodyStart, end: file.text.length };
  const bodyText = file.text.slice(bodyStart);
  const parsed = parseTextBody(bodyText, offsetMap(bodyStart), range);
  findCommentDirectives(bodyText, bodyStart, parsed.codeRanges, head.scan, true);
  const whole = wholePrompt(file, range, parsed.sections, parsed.units);
  return createDocument(file, 'text', head.frontmatter, splitPrompt(file.text, whole, findBoundaries(file.text, whole, split)), head.scan.directives, sortProblems([...head.problems, ...head.scan.problems]));
}

function parseYamlFile(file: SourceFile, promptKeys: readonly string[], blocks: BlockCache | undefined): PromptDocument {
  const parsed = parseYaml(file, promptKeys, blocks);
  return createDocument(file, 'yaml', undefined, parsed.prompts, parsed.directives, sortProblems(parsed.problems), parsed.providers);
}

/** The document returned when a parser fails unexpectedly: the whole file as one prompt, no units. */
function fallbackDocument(file: SourceFile, kind: FileKind, err: unknown): PromptDocument {
  const text = typeof file.text === 'string' ? file.text : '';
  const range = { start: 0, end: text.length };
  const message = err instanceof Error ? err.message : String(err);
  const prompt = createPrompt({
    id: 'body',
    label: 'body',
    range,
    text,
    toSource: (i: number) => Math.min(Math.max(0, Math.floor(i)), text.length),
    sections: [createSection(0, '', 0, range, undefined, -1)],
    units: [],
  });
  return createDocument(file, kind, undefined, [prompt], [], [
    { message: `Internal parser error (please report): ${message}`, range: { start: 0, end: Math.min(1, text.length) }, severity: 'error' },
  ]);
}
