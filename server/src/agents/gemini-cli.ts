/**
 * Gemini CLI: GEMINI.md in each directory from the project root down to the working directory,
 * with their `@` imports (depth 5); GEMINI.md files below load just in time when a tool touches
 * their folder. What loads, when and why, with sources: docs/agents/gemini-cli.md.
 */
import path from 'node:path';
import { agentName, distinctContexts } from './common.js';
import { expandImports } from './imports.js';
import { limitOf, limitSource } from './limits.js';
import { dirChain, isInside, namedFilesIn, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'gemini-cli';
const FILE = 'GEMINI.md';

function resolve(root: string, target: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext {
  const depth = limitOf('geminiImportDepth', options?.limits);
  const entries: ContextEntry[] = [];
  const problems: ContextProblem[] = [];
  const seen = new Set<string>();
  const cwd = targetDirectory(target, fsys);
  for (const [i, dir] of dirChain(root, cwd).entries()) {
    const file = path.join(dir, FILE);
    if (!fsys.isFile(file) || seen.has(file)) continue;
    const text = fsys.readText(file);
    if (text === undefined) continue;
    seen.add(file);
    entries.push({ path: file, kind: 'ancestor', detail: `GEMINI.md of ${i === 0 ? 'the project root' : `${repoRelative(root, dir)}/`}`, loading: 'always', depth: 0 });
    expandImports(file, text, 0, [], { agent: AGENT, root, maxDepth: depth.value, depthSource: limitSource(depth), fs: fsys, seen, dialect: 'gemini' }, entries, problems);
  }
  if (!fsys.isFile(target)) {
    for (const file of namedFilesIn(root, fsys, [FILE])) {
      const dir = path.dirname(file);
      if (dir !== cwd && isInside(cwd, dir) && !seen.has(file)) {
        entries.push({ path: file, kind: 'on-demand', detail: `loads just in time when a tool reads ${repoRelative(root, dir)}/`, loading: 'on-demand', depth: 0 });
      }
    }
  }
  return { agent: AGENT, root, target, entries, problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  return namedFilesIn(root, fsys, [FILE]).length > 0;
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys).filter((d, i) => i === 0 || fsys.isFile(path.join(d, FILE)));
  return distinctContexts(dirs, (t) => resolve(root, t, fsys, options), fsys, options);
}

export const geminiCli: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve, contexts };
