/**
 * GitHub Copilot: `.github/copilot-instructions.md` (every request), path-specific
 * `.github/instructions/**\/*.instructions.md` by `applyTo` (and `excludeAgent`), and the nearest
 * AGENTS.md. What loads, on which surface, with sources: docs/agents/copilot.md.
 */
import path from 'node:path';
import { agentName, distinctContexts, overLimitProblem, sampleTargets } from './common.js';
import { globList, readFrontmatter } from './frontmatter.js';
import { firstMatch } from './globs.js';
import { limitOf } from './limits.js';
import { dirChain, filesUnder, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import { memo } from './fs.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'copilot';

interface PathInstructions {
  readonly file: string;
  readonly globs: readonly string[];
  readonly exclude: readonly string[];
}

function instructions(root: string, fsys: ContextFs): PathInstructions[] {
  return memo(fsys, `copilot-instructions\0${root}`, () => readInstructions(root, fsys));
}

function readInstructions(root: string, fsys: ContextFs): PathInstructions[] {
  return filesUnder(path.join(root, '.github', 'instructions'), fsys, (n) => n.endsWith('.instructions.md')).map((file) => {
    const fm = readFrontmatter(fsys.readText(file) ?? '').data;
    return { file, globs: globList(fm.applyTo), exclude: globList(fm.excludeAgent) };
  });
}

/** Whether an instruction file's frontmatter excludes Copilot code review (`excludeAgent: "code-review"`, quoted or not, or in a list). */
export function excludesCodeReview(text: string): boolean {
  return globList(readFrontmatter(text).data.excludeAgent).includes('code-review');
}

function codeReviewLimit(file: string, fsys: ContextFs, problems: ContextProblem[], options?: ResolveOptions): void {
  const text = fsys.readText(file);
  if (text === undefined) return;
  const p = overLimitProblem(AGENT, file, text, limitOf('copilotCodeReviewChars', options?.limits), 'code review reads nothing');
  if (p) problems.push(p);
}

function resolve(root: string, target: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext {
  const entries: ContextEntry[] = [];
  const onDemand: ContextEntry[] = [];
  const problems: ContextProblem[] = [];
  const targetIsFile = fsys.isFile(target);
  const repoWide = path.join(root, '.github', 'copilot-instructions.md');
  if (fsys.isFile(repoWide)) {
    entries.push({ path: repoWide, kind: 'always', detail: 'repository-wide instructions (every request)', loading: 'always', depth: 0 });
    codeReviewLimit(repoWide, fsys, problems, options);
  }
  const rel = targetIsFile ? repoRelative(root, target) : undefined;
  for (const ins of instructions(root, fsys)) {
    const excluded = ins.exclude.length > 0 ? ` (excludeAgent: ${ins.exclude.join(', ')})` : '';
    if (ins.globs.length === 0) {
      onDemand.push({ path: ins.file, kind: 'manual', detail: `no applyTo: attached only by hand${excluded}`, loading: 'on-demand', depth: 0 });
      continue;
    }
    const glob = rel !== undefined ? firstMatch(ins.globs, rel) : undefined;
    if (glob !== undefined) entries.push({ path: ins.file, kind: 'glob', detail: `applyTo: ${glob} matches ${rel}${excluded}`, loading: 'always', depth: 0 });
    else onDemand.push({ path: ins.file, kind: 'on-demand', detail: `applies to files matching ${ins.globs.join(', ')}${excluded}`, loading: 'on-demand', depth: 0 });
    if (!ins.exclude.includes('code-review')) codeReviewLimit(ins.file, fsys, problems, options);
  }
  // the nearest AGENTS.md on the path wins
  const chain = dirChain(root, targetDirectory(target, fsys));
  for (let i = chain.length - 1; i >= 0; i--) {
    const file = path.join(chain[i], 'AGENTS.md');
    if (!fsys.isFile(file)) continue;
    entries.push({ path: file, kind: i === 0 ? 'always' : 'ancestor', detail: `nearest AGENTS.md (${i === 0 ? 'the repository root' : `${repoRelative(root, chain[i])}/`})`, loading: 'always', depth: 0 });
    break;
  }
  return { agent: AGENT, root, target, entries: [...entries, ...onDemand], problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  return fsys.isFile(path.join(root, '.github', 'copilot-instructions.md')) || instructions(root, fsys).length > 0;
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys);
  const withAgents = dirs.filter((d, i) => i === 0 || fsys.isFile(path.join(d, 'AGENTS.md')));
  const samples = sampleTargets(root, fsys, instructions(root, fsys).filter((i) => i.globs.length > 0).map((i) => i.globs), dirs, (globs, rel) => firstMatch(globs, rel) !== undefined);
  return distinctContexts([...withAgents, ...samples], (t) => resolve(root, t, fsys, options), fsys, options);
}

export const copilot: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve, contexts };
