/** Helpers the resolvers share: building entries and problems, distinct contexts per directory. */
import path from 'node:path';
import { LIMITS, limitSource, type AgentLimit } from './limits.js';
import { fileStart, lineStarts, offsetOfByte, positionAt } from './positions.js';
import type { AgentId, ContextEntry, ContextFs, ContextProblem, EffectiveContext, FilePosition, ResolveOptions } from './types.js';
import { inScope } from './scope.js';
import { readFrontmatter } from './frontmatter.js';
import { memo } from './fs.js';
import { globDirPrefix } from './globs.js';

/** A file bigger than its documented limit: an `over-limit` problem at the first character past it. */
export function overLimitProblem(agent: AgentId, file: string, text: string, limit: AgentLimit, consequence: string): ContextProblem | undefined {
  const size = limit.unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : limit.unit === 'characters' ? text.length : 0;
  if (size <= limit.value) return undefined;
  const offset = limit.unit === 'bytes' ? offsetOfByte(text, limit.value) : limit.value;
  return {
    kind: 'over-limit',
    agent,
    at: positionAt(file, lineStarts(text), offset),
    message: `${path.basename(file)} has ${size.toLocaleString('en-US')} ${limit.unit}; ${agentName(agent)} ${consequence} past ${limit.value.toLocaleString('en-US')} ${limit.unit}${limit.confirmed ? '' : ' (documented limit, unconfirmed today)'}`,
    source: limitSource(limit),
  };
}

export function agentName(agent: AgentId): string {
  return AGENT_NAMES[agent];
}

export const AGENT_NAMES: Readonly<Record<AgentId, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  cursor: 'Cursor',
  copilot: 'GitHub Copilot',
  'gemini-cli': 'Gemini CLI',
  windsurf: 'Windsurf',
};

/** Two contexts load the same thing when their entries (path, kind, loading, part) match in order. */
export function contextKey(ctx: EffectiveContext): string {
  return ctx.entries.map((e) => `${e.path}\0${e.kind}\0${e.loading}\0${e.part ? `${e.part.kind}:${e.part.bytes}` : ''}`).join('\n');
}

/**
 * The contexts of `targets`, one per distinct entry list and problems (the first target of each kept), without empty ones.
 * With a scope (`options.scope`, scope.ts), directory targets outside it are not resolved; file
 * targets (one sample per glob set) always are, so that which one comes first stays the same.
 */
export function distinctContexts(targets: readonly string[], resolve: (target: string) => EffectiveContext, fsys?: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const seen = new Set<string>();
  const out: EffectiveContext[] = [];
  const scope = options?.scope;
  let left = options?.maxTargets ?? Number.POSITIVE_INFINITY;
  for (const t of targets) {
    if (scope && fsys && !scope.all && !fsys.isFile(t) && !inScope(scope, t)) continue;
    if (left-- <= 0) {
      options?.skipped?.(t);
      continue;
    }
    const ctx = resolve(t);
    if (ctx.entries.length === 0 && ctx.problems.length === 0) continue;
    // the same files with other problems (a deeper AGENTS.md that Codex drops) is another context
    const key = `${contextKey(ctx)}\n${ctx.problems.map((p) => `${p.kind}\0${p.at.file}:${p.at.line}:${p.at.column}`).join('\n')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ctx);
  }
  return out;
}

/**
 * The text an entry sends: the whole file; the first `part.bytes` bytes when truncated; the
 * listed frontmatter fields (`name: …` and `description: …` lines) of a skill or an agent-requested
 * rule. `undefined` when the file cannot be read.
 */
export function entryText(entry: ContextEntry, fsys: ContextFs): string | undefined {
  const text = fsys.readText(entry.path);
  if (text === undefined) return text;
  const span = sentSpan(entry, text);
  return span ? text.slice(span.start, span.end) : listedFields(text, entry.part!.fields ?? LISTED_FIELDS);
}

/**
 * The part of a file's text an entry sends, as UTF-16 offsets: the whole file, or its first
 * `part.bytes` bytes when truncated, less the frontmatter of a rule file whose agent reads it as
 * settings (`readsFrontmatter`). `undefined` for a listed entry (its fields are not one span).
 * The `context` command, the budget gate and token-budget all count this one span.
 */
export function sentSpan(entry: Pick<ContextEntry, 'path' | 'part'>, text: string): { start: number; end: number } | undefined {
  if (entry.part?.kind === 'frontmatter-fields') return undefined;
  const end = entry.part?.kind === 'truncated' ? offsetOfByte(text, entry.part.bytes) : text.length;
  const start = readsFrontmatter(entry.path) ? Math.min(readFrontmatter(text).bodyStart, end) : 0;
  return { start, end };
}

/**
 * Every span of a file's text an entry sends, in file order: `sentSpan`, or for a listed entry the
 * text of each listed field (adjacent fields, such as `name` and `description` on consecutive
 * lines, as one span). The derived tasks' rules see and count only these (docs/agents/README.md).
 */
export function sentSpans(entry: Pick<ContextEntry, 'path' | 'part'>, text: string): { start: number; end: number }[] {
  const span = sentSpan(entry, text);
  if (span) return span.end > span.start ? [span] : [];
  const fm = readFrontmatter(text);
  const spans = (entry.part!.fields ?? LISTED_FIELDS)
    .map((f) => fm.fieldSpans.get(f))
    .filter((s): s is { start: number; end: number } => s !== undefined)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && /^\s*$/.test(text.slice(last.end, s.start))) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * The text of an entry the agent sends only in part, as rules see it, with what the agent does not
 * read blanked (line breaks kept, so every offset and position stays) so that no rule compares or
 * counts it: for a listed entry everything outside the listed fields and the frontmatter's `---`
 * lines; for a truncated one everything from the cut on. `undefined` for an entry sent whole.
 */
export function sentView(entry: Pick<ContextEntry, 'path' | 'part'>, text: string): string | undefined {
  if (entry.part?.kind === 'truncated') {
    const cut = offsetOfByte(text, entry.part.bytes);
    return cut < text.length ? text.slice(0, cut) + text.slice(cut).replace(/[^\r\n]/g, ' ') : undefined;
  }
  if (entry.part?.kind !== 'frontmatter-fields') return undefined;
  const fm = readFrontmatter(text);
  const keep = [...sentSpans(entry, text)];
  if (fm.present) {
    keep.push({ start: 0, end: text.indexOf('\n') + 1 || text.length });
    const close = text.lastIndexOf('\n', Math.max(0, fm.bodyStart - 2));
    keep.push({ start: close + 1, end: fm.bodyStart });
  }
  const kept = new Uint8Array(text.length);
  for (const k of keep) kept.fill(1, k.start, k.end);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out += kept[i] || c === '\n' || c === '\r' ? c : ' ';
  }
  return out;
}

/**
 * Rule files whose frontmatter is the agent's settings (when and where the rule applies), not
 * instructions: Cursor `.mdc` rules, Copilot `*.instructions.md`, Windsurf `.windsurf/rules/*`,
 * Claude Code `.claude/rules/*`. Their frontmatter is not counted (docs/agents/README.md). Files
 * read as plain Markdown (CLAUDE.md, AGENTS.md, GEMINI.md, copilot-instructions.md) count whole.
 */
export function readsFrontmatter(file: string): boolean {
  const p = file.split(path.sep).join('/');
  return /\.mdc$|\.instructions\.md$/.test(p) || /(^|\/)\.(windsurf|claude|cursor)\/rules\//.test(p);
}

export const LISTED_FIELDS = ['name', 'description'] as const;

/** The frontmatter lines of `fields` joined by line breaks (what a listing sends of the file). */
export function listedFields(text: string, fields: readonly string[]): string {
  const fm = readFrontmatter(text);
  return fields.map((f) => fm.fieldText.get(f)).filter((s): s is string => s !== undefined).join('\n');
}

export { fileStart, LIMITS };

/**
 * One sample file per glob set: the first file of the repository (in walk order) that matches
 * any glob of the set, so `contexts()` can resolve a context in which a path rule loads. `matches`
 * reads the globs as `globMatches` does (globs.ts), so that `globDirPrefix` can pass files over.
 */
export function sampleTargets(root: string, fsys: ContextFs, globSets: ReadonlyArray<readonly string[]>, dirs: readonly string[], matches: (globs: readonly string[], rel: string) => boolean): string[] {
  const out = new Map<number, string>();
  if (globSets.length === 0) return [];
  // rules often share their globs (the same `src/**/*.ts` in many folders): one search per distinct set
  const byGlobs = memo(fsys, `samples\0${root}\0${dirs.length}`, () => new Map<string, string | undefined>());
  const files = memo(fsys, `files\0${root}\0${dirs.length}`, () => {
    const list: Array<{ abs: string; rel: string }> = [];
    for (const dir of dirs) {
      for (const name of fsys.list(dir)) {
        const abs = path.join(dir, name);
        if (fsys.isFile(abs)) list.push({ abs, rel: path.relative(root, abs).split(path.sep).join('/') });
      }
    }
    return list;
  });
  const found = new Set<string>();
  for (let i = 0; i < globSets.length; i++) {
    const key = globSets[i].join('\0');
    if (!byGlobs.has(key)) {
      // a set whose every glob names its folders (`packages/api/**`) can only match files in them:
      // the others are passed over before the matcher runs (100 rule folders × 600 files on bench/contexts.mjs)
      const prefixes = globSets[i].map(globDirPrefix);
      const within = prefixes.every((p) => p !== undefined) ? (rel: string) => prefixes.some((p) => rel.startsWith(p!) && (rel.length === p!.length || rel[p!.length] === '/')) : () => true;
      byGlobs.set(key, files.find((f) => within(f.rel) && matches(globSets[i], f.rel))?.abs);
    }
    const hit = byGlobs.get(key);
    if (hit !== undefined && !found.has(hit)) {
      found.add(hit);
      out.set(i, hit);
    }
  }
  return [...out.values()];
}

/**
 * Agents that send an imported file's text where its `@path` is written, inside the importing
 * file: Gemini CLI's memory import processor replaces the `@path` with the file's content
 * (google-gemini/gemini-cli packages/core/src/utils/memoryImportProcessor.ts @ 04fbf507, tree
 * format, the default). Claude Code's docs say each file is followed by what it imports: entry order.
 */
const INLINES_IMPORTS: ReadonlySet<AgentId> = new Set(['gemini-cli']);

/**
 * Items of a context's files (lines, token slices) in the order the agent sends them: file by file
 * in entry order, except that for an agent that inlines imports an imported file's items come right
 * after the item (line) holding its `@path`. `offsetOf` places an import's `from` in its file.
 */
export function sendOrder<T>(
  context: { readonly agents: readonly AgentId[]; readonly entries: readonly ContextEntry[] } | undefined,
  files: readonly string[],
  items: (file: string) => readonly T[],
  offsetOfItem: (item: T) => number,
  offsetOf: (at: FilePosition) => number | undefined,
): T[] {
  if (!context || context.agents.length !== 1 || !INLINES_IMPORTS.has(context.agents[0]!)) return files.flatMap((f) => items(f));
  const present = new Set(files);
  const inlined = new Map<string, { file: string; offset: number }[]>();
  const hosted = new Set<string>();
  for (const e of context.entries) {
    if (e.kind !== 'import' || !e.from || !present.has(e.path) || !present.has(e.from.file) || hosted.has(e.path)) continue;
    const offset = offsetOf(e.from);
    if (offset === undefined) continue;
    hosted.add(e.path);
    inlined.set(e.from.file, [...(inlined.get(e.from.file) ?? []), { file: e.path, offset }]);
  }
  const out: T[] = [];
  const done = new Set<string>();
  const emit = (file: string): void => {
    if (done.has(file)) return;
    done.add(file);
    const list = items(file);
    const kids = [...(inlined.get(file) ?? [])].sort((a, b) => a.offset - b.offset);
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      if (i === 0) while (k < kids.length && kids[k]!.offset < offsetOfItem(list[0]!)) emit(kids[k++]!.file);
      out.push(list[i]!);
      const next = i + 1 < list.length ? offsetOfItem(list[i + 1]!) : Number.POSITIVE_INFINITY;
      while (k < kids.length && kids[k]!.offset < next) emit(kids[k++]!.file);
    }
    while (k < kids.length) emit(kids[k++]!.file);
  };
  for (const f of files) if (!hosted.has(f)) emit(f);
  for (const f of files) emit(f);
  return out;
}
