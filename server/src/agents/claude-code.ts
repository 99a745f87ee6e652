/**
 * Claude Code: the CLAUDE.md chain and its `@` imports, `.claude/rules`, skills.
 * What loads, when and why, with sources: docs/agents/claude-code.md.
 */
import path from 'node:path';
import { agentName, distinctContexts, LISTED_FIELDS, listedFields, overLimitProblem, sampleTargets } from './common.js';
import { readFrontmatter } from './frontmatter.js';
import { firstMatch } from './globs.js';
import { expandImports } from './imports.js';
import { limitOf, limitSource } from './limits.js';
import { dirChain, filesUnder, isInside, namedFilesIn, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import { memo } from './fs.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'claude-code';
/** Memory files of one directory, in the order they are sent (the local file after the shared ones). */
const MEMORY_FILES = ['CLAUDE.md', path.join('.claude', 'CLAUDE.md'), 'CLAUDE.local.md'];

interface Run {
  readonly root: string;
  readonly fs: ContextFs;
  readonly entries: ContextEntry[];
  readonly problems: ContextProblem[];
  readonly seen: Set<string>;
  readonly options?: ResolveOptions;
}

/** Adds a memory (or rule) file and what it imports; files over 4 MiB are skipped, as Claude Code does. */
function addFile(run: Run, file: string, entry: Omit<ContextEntry, 'path' | 'depth'>): void {
  if (run.seen.has(file)) return;
  const text = run.fs.readText(file);
  if (text === undefined) return;
  const tooBig = overLimitProblem(AGENT, file, text, limitOf('claudeFileMaxBytes', run.options?.limits), 'skips the whole file');
  if (tooBig) {
    run.problems.push({ ...tooBig, at: { file, line: 1, column: 1 } });
    return;
  }
  run.seen.add(file);
  run.entries.push({ path: file, depth: 0, ...entry });
  if (entry.loading === 'always') {
    expandImports(file, text, 0, [], { agent: AGENT, root: run.root, maxDepth: limitOf('claudeImportDepth', run.options?.limits).value, depthSource: limitSource(limitOf('claudeImportDepth', run.options?.limits)), fs: run.fs, seen: run.seen }, run.entries, run.problems);
  }
}

interface PathRule {
  readonly file: string;
  readonly globs: readonly string[];
}

function rules(root: string, fsys: ContextFs): { always: string[]; scoped: PathRule[] } {
  return memo(fsys, `claude-rules\0${root}`, () => readRules(root, fsys));
}

function readRules(root: string, fsys: ContextFs): { always: string[]; scoped: PathRule[] } {
  const always: string[] = [];
  const scoped: PathRule[] = [];
  for (const file of filesUnder(path.join(root, '.claude', 'rules'), fsys, (n) => n.endsWith('.md'))) {
    const text = fsys.readText(file);
    if (text === undefined) continue;
    const fm = readFrontmatter(text);
    const paths = fm.data.paths;
    const globs = Array.isArray(paths) ? paths.filter((g): g is string => typeof g === 'string') : typeof paths === 'string' ? paths.split(',').map((s) => s.trim()).filter(Boolean) : [];
    if (globs.length === 0) always.push(file);
    else scoped.push({ file, globs });
  }
  return { always, scoped };
}

function skills(root: string, fsys: ContextFs): string[] {
  return memo(fsys, `claude-skills\0${root}`, () => findSkills(root, fsys));
}

function findSkills(root: string, fsys: ContextFs): string[] {
  const dir = path.join(root, '.claude', 'skills');
  return fsys
    .list(dir)
    .map((name) => path.join(dir, name, 'SKILL.md'))
    .filter((f) => fsys.isFile(f));
}

function resolve(root: string, target: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext {
  const run: Run = { root, fs: fsys, entries: [], problems: [], seen: new Set(), options };
  const targetIsFile = fsys.isFile(target);
  const cwd = targetDirectory(target, fsys);
  const chain = dirChain(root, cwd);
  const { always, scoped } = rules(root, fsys);
  chain.forEach((dir, i) => {
    for (const name of MEMORY_FILES) {
      const file = path.join(dir, name);
      if (!fsys.isFile(file)) continue;
      const where = i === 0 ? 'the repository root' : `${repoRelative(root, dir)}/`;
      const local = name === 'CLAUDE.local.md' ? ' (personal, usually gitignored)' : '';
      addFile(run, file, { kind: 'ancestor', detail: `${name.split(path.sep).join('/')} of ${where}${local}`, loading: 'always' });
    }
    if (i === 0) {
      for (const file of always) addFile(run, file, { kind: 'always', detail: 'project rule without paths: (loads at launch)', loading: 'always' });
      const rel = targetIsFile ? repoRelative(root, target) : undefined;
      for (const rule of scoped) {
        const glob = rel !== undefined ? firstMatch(rule.globs, rel) : undefined;
        if (glob !== undefined) addFile(run, rule.file, { kind: 'glob', detail: `paths: ${glob} matches ${rel}`, loading: 'always' });
      }
    }
  });
  for (const skill of skills(root, fsys)) {
    const text = fsys.readText(skill);
    if (text === undefined) continue;
    const listed = listedFields(text, LISTED_FIELDS);
    run.entries.push({ path: skill, kind: 'listed', detail: 'skill: name and description listed in every session', loading: 'always', part: { kind: 'frontmatter-fields', bytes: Buffer.byteLength(listed, 'utf8'), fields: LISTED_FIELDS }, depth: 0 });
  }
  // The on-demand part: what loads later in the session, never counted in the total.
  const rel = targetIsFile ? repoRelative(root, target) : undefined;
  for (const rule of scoped) {
    if (run.seen.has(rule.file)) continue;
    run.entries.push({ path: rule.file, kind: 'on-demand', detail: `path rule: loads when Claude reads a file matching ${rule.globs.join(', ')}${rel ? ` (not ${rel})` : ''}`, loading: 'on-demand', depth: 0 });
  }
  for (const skill of skills(root, fsys)) {
    run.entries.push({ path: skill, kind: 'on-demand', detail: 'skill body: loads when the skill is invoked', loading: 'on-demand', depth: 0 });
  }
  if (!targetIsFile) {
    for (const file of namedFilesIn(root, fsys, ['CLAUDE.md', 'CLAUDE.local.md'])) {
      const dir = path.dirname(file);
      if (dir === cwd || !isInside(cwd, dir) || run.seen.has(file)) continue;
      run.entries.push({ path: file, kind: 'on-demand', detail: `subdirectory ${path.basename(file)}: loads when Claude reads a file in ${repoRelative(root, dir)}/`, loading: 'on-demand', depth: 0 });
    }
  }
  return { agent: AGENT, root, target, entries: run.entries, problems: run.problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  if (MEMORY_FILES.some((n) => fsys.isFile(path.join(root, n)))) return true;
  if (fsys.list(path.join(root, '.claude', 'rules')).length > 0 || skills(root, fsys).length > 0) return true;
  return namedFilesIn(root, fsys, ['CLAUDE.md', 'CLAUDE.local.md']).length > 0;
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys);
  const withMemory = dirs.filter((d, i) => i === 0 || MEMORY_FILES.some((n) => fsys.isFile(path.join(d, n))));
  const { scoped } = rules(root, fsys);
  const samples = sampleTargets(root, fsys, scoped.map((r) => r.globs), dirs, (globs, rel) => firstMatch(globs, rel) !== undefined);
  return distinctContexts([...withMemory, ...samples], (t) => resolve(root, t, fsys, options), fsys, options);
}

export const claudeCode: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve, contexts };
