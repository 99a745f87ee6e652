/**
 * `@path` imports, as Claude Code (CLAUDE.md, rules) and Gemini CLI (GEMINI.md, its "CLAUDE.md
 * compatibility mode") read them: an `@` at the start of a line or after white space, then a path
 * up to the next white space (a space escaped as `\ ` belongs to the path). Imports inside fenced
 * or indented code blocks, inline code spans and HTML comments are ignored; a relative path
 * resolves against the importing file's directory; `@~/` names the user's home directory.
 * Sources: docs/agents/claude-code.md, docs/agents/gemini-cli.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { findCodeSpans } from '../parse/sentences.js';
import { lineStarts, positionAt } from './positions.js';
import type { AgentId, ContextEntry, ContextFs, ContextProblem, FilePosition } from './types.js';
import { isInside, repoRelative } from './paths.js';
import { memo } from './fs.js';

export interface ImportToken {
  /** The path as written, escapes removed, `#fragment` dropped. */
  readonly path: string;
  /** Offset of the `@` and of the end of the token. */
  readonly start: number;
  readonly end: number;
}

let md: ReturnType<typeof MarkdownIt> | undefined;
function blockParser(): ReturnType<typeof MarkdownIt> {
  if (!md) {
    md = new MarkdownIt('default', { html: true });
    md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
  }
  return md;
}

const TOKEN = /(^|[ \t])@((?:[^\s\\]|\\ |\\(?=\S))+)/g;
/** Gemini CLI's reader: the path runs to the next white space, a backslash included. */
const GEMINI_TOKEN = /(^|[ \t])@(\S+)/g;

/**
 * Whose reading of `@` imports: Claude Code's (escaped spaces, `#fragment` dropped, HTML comments
 * stripped) or Gemini CLI's (memoryImportProcessor.ts: the path ends at any white space, only code
 * blocks and code spans are skipped). See docs/agents/README.md.
 */
export type ImportDialect = 'claude' | 'gemini';

/** Lines (0-based) inside code blocks or HTML blocks that are comments (comments only for Claude Code). */
function skippedLines(text: string, dialect: ImportDialect): Set<number> {
  const skip = new Set<number>();
  if (!text.includes('```') && !text.includes('~~~') && !text.includes('    ') && !text.includes('\t') && !text.includes('<!--')) return skip;
  for (const t of blockParser().parse(text, {})) {
    if (!t.map) continue;
    const isCode = t.type === 'fence' || t.type === 'code_block';
    const isComment = dialect === 'claude' && t.type === 'html_block' && /^\s*<!--/.test(t.content);
    if (!isCode && !isComment) continue;
    for (let l = t.map[0]; l < t.map[1]; l++) skip.add(l);
  }
  return skip;
}

/** The `@path` tokens of a text, in order. */
export function scanImports(text: string, dialect: ImportDialect = 'claude'): ImportToken[] {
  if (!text.includes('@')) return [];
  const starts = lineStarts(text);
  const skip = skippedLines(text, dialect);
  const token = dialect === 'claude' ? TOKEN : GEMINI_TOKEN;
  const out: ImportToken[] = [];
  for (let l = 0; l < starts.length; l++) {
    const lineStart = starts[l];
    const lineEnd = l + 1 < starts.length ? starts[l + 1] : text.length;
    const line = text.slice(lineStart, lineEnd).replace(/[\r\n]+$/, '');
    if (!line.includes('@') || skip.has(l)) continue;
    const spans = line.includes('`') ? findCodeSpans(line) : [];
    const comments = dialect === 'claude' && line.includes('<!--') ? inlineComments(line) : [];
    token.lastIndex = 0;
    for (let m = token.exec(line); m; m = token.exec(line)) {
      const at = m.index + m[1].length;
      if (spans.some((s) => at >= s.start && at < s.end) || comments.some((s) => at >= s.start && at < s.end)) continue;
      let raw = dialect === 'claude' ? m[2].replace(/\\ /g, ' ') : m[2];
      const hash = raw.indexOf('#');
      if (dialect === 'claude' && hash > 0) raw = raw.slice(0, hash);
      if (!looksLikeImport(raw)) continue;
      out.push({ path: raw, start: lineStart + at, end: lineStart + at + 1 + m[2].length });
    }
  }
  return out;
}

function inlineComments(line: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /<!--[\s\S]*?(?:-->|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * Claude Code tries any token starting with `./`, `~/`, `/` (not `/` alone) or a letter, digit,
 * `.`, `_` or `-`; a token of other punctuation (`@@`, `@#`, `@(`) is not an import.
 */
function looksLikeImport(p: string): boolean {
  if (p.length === 0 || p === '/') return false;
  return p.startsWith('./') || p.startsWith('~/') || p.startsWith('/') || /^[A-Za-z0-9._-]/.test(p);
}

/** Extensions of files people import into instruction files (text, config, code). */
const FILE_EXTENSIONS = new Set(
  'md markdown mdc mdx txt text rst adoc json jsonc json5 yaml yml toml ini cfg conf xml html htm css scss ts tsx js jsx mjs cjs py rb go rs java kt kts swift c h cc cpp hpp cs php sh bash zsh fish ps1 sql graphql gql proto env lock csv tsv prompt prompty tmpl j2 jinja'.split(' '),
);

/** Files commonly named without an extension (the Claude Code docs' own example imports `@README`). */
const BARE_FILE_NAMES = new Set(['README', 'LICENSE', 'CHANGELOG', 'CONTRIBUTING', 'Makefile', 'Dockerfile', 'Justfile', 'Procfile', 'Gemfile', 'Rakefile']);

/**
 * Does the token look like a file path to its author? A path starting with `./`, `../`, `/` or
 * `~/`, or one whose last segment has a file extension. `@octocat` (a mention), `@anthropic-ai/sdk`
 * (an npm package), `@app.route` or `@Override` (decorators) in prose are not imports their author
 * meant: the agent may try them, but a missing target is no mistake worth reporting. Measured on the
 * corpus: docs/agents/README.md.
 */
export function looksLikePath(p: string): boolean {
  const bare = p.replace(/[.,;:!?)\]}'"]+$/, '');
  if (/^(?:\.{1,2}\/|\/|~\/)/.test(bare)) return true;
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  if (BARE_FILE_NAMES.has(last)) return true;
  const dot = last.lastIndexOf('.');
  return dot > 0 && FILE_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

export interface ImportOptions {
  readonly agent: AgentId;
  readonly root: string;
  /** Deepest import followed: a file found by the agent is depth 0, its imports depth 1. */
  readonly maxDepth: number;
  /** The documented limit, for the problem's `source`. */
  readonly depthSource: string;
  readonly fs: ContextFs;
  /** Files already in the context: imported again, they are not repeated. */
  readonly seen: Set<string>;
  /** Whose import syntax (default Claude Code's). */
  readonly dialect?: ImportDialect;
}

/** The real path of a file on disk (symlinks resolved); the path itself when it is not on disk (an editor buffer). */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * `realPath` once per file and file system object: every context of a repository follows the
 * same imports (each package's CLAUDE.md chain goes through the root's), and a `ContextFs` serves one
 * run, whose reads it caches already.
 */
function realPathIn(fsys: ContextFs, file: string): string {
  const known = memo(fsys, 'realpath', () => new Map<string, string>());
  let real = known.get(file);
  if (real === undefined) known.set(file, (real = realPath(file)));
  return real;
}

/**
 * The import tokens and line starts of a file's text, scanned once per file system object, dialect
 * and text: the contexts of a repository expand the imports of the same files again and again (the
 * root CLAUDE.md's in every directory's chain). The text is compared, so a caller's other text of
 * the same path is scanned anew.
 */
function scanned(file: string, text: string, opts: ImportOptions): { tokens: ImportToken[]; starts: number[] } {
  const byFile = memo(opts.fs, 'import-tokens', () => new Map<string, { text: string; tokens: ImportToken[]; starts: number[] }>());
  const key = `${opts.dialect ?? 'claude'}\0${file}`;
  const hit = byFile.get(key);
  if (hit && hit.text === text) return hit;
  const tokens = scanImports(text, opts.dialect);
  const entry = { text, tokens, starts: tokens.length ? lineStarts(text) : [] };
  byFile.set(key, entry);
  return entry;
}

/** What each agent does with an import of a path outside the project (docs/agents/<agent>.md). */
const OUTSIDE_BEHAVIOUR: Partial<Record<string, string>> = {
  'claude-code': 'Claude Code asks for a one-time approval before importing it; not resolved here',
  'gemini-cli': 'Gemini CLI refuses it ("Path traversal attempt") and does not import it',
};

/**
 * The entries pulled in by the imports of `file` (depth-first, each right after its importer, as
 * the agents inline them) and the problems met: missing targets, cycles, chains deeper than the
 * agent follows, paths outside the repository (never read).
 */
export function expandImports(file: string, text: string, depth: number, stack: readonly string[], opts: ImportOptions, entries: ContextEntry[], problems: ContextProblem[]): void {
  const { tokens, starts } = scanned(file, text, opts);
  if (tokens.length === 0) return;
  for (const tok of tokens) {
    const at: FilePosition = positionAt(file, starts, tok.start, tok.end);
    const where = `${repoRelative(opts.root, file)}:${at.line}`;
    if (tok.path.startsWith('~/') || tok.path === '~') {
      problems.push({ kind: 'outside-root', agent: opts.agent, at, message: `@${tok.path} is in the user's home directory: not resolved in the repository (its tokens are not counted)` });
      continue;
    }
    const target = path.resolve(path.dirname(file), tok.path);
    if (!isInside(opts.root, target)) {
      if (opts.fs.isFile(target) || looksLikePath(tok.path)) {
        problems.push({ kind: 'outside-root', agent: opts.agent, at, message: `@${tok.path} is outside the repository: ${OUTSIDE_BEHAVIOUR[opts.agent] ?? 'not resolved'} (its tokens are not counted)` });
      }
      continue;
    }
    if (!opts.fs.isFile(target)) {
      if (!looksLikePath(tok.path)) continue;
      const trailing = /[.,;:!?)]+$/.exec(tok.path);
      const hint = trailing && opts.fs.isFile(target.slice(0, -trailing[0].length)) ? ` (the trailing '${trailing[0]}' is read as part of the path)` : '';
      problems.push({ kind: 'missing-import', agent: opts.agent, at, message: `@${tok.path} imports nothing: ${repoRelative(opts.root, target)} does not exist${hint}` });
      continue;
    }
    // by real path: a symlink to a file on the chain (loop.md → CLAUDE.md) closes the cycle there
    const realTarget = realPathIn(opts.fs, target);
    if (target === file || stack.includes(target) || [...stack, file].some((f) => realPathIn(opts.fs, f) === realTarget)) {
      const chain = [...stack, file, target].map((f) => repoRelative(opts.root, realPathIn(opts.fs, f))).join(' → ');
      problems.push({ kind: 'import-cycle', agent: opts.agent, at, message: `@${tok.path} closes an import cycle: ${chain}` });
      continue;
    }
    if (depth + 1 > opts.maxDepth) {
      problems.push({
        kind: 'import-too-deep',
        agent: opts.agent,
        at,
        message: `@${tok.path} is ${depth + 1} imports deep; ${opts.agent} follows at most ${opts.maxDepth}: ${repoRelative(opts.root, target)} is not loaded`,
        source: opts.depthSource,
      });
      continue;
    }
    if (opts.seen.has(target)) continue;
    const child = opts.fs.readText(target);
    if (child === undefined) continue;
    opts.seen.add(target);
    entries.push({ path: target, kind: 'import', detail: `imported from ${where}`, from: at, loading: 'always', depth: depth + 1 });
    expandImports(target, child, depth + 1, [...stack, file], opts, entries, problems);
  }
}
