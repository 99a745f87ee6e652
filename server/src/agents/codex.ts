/**
 * Codex (and the AGENTS.md convention it defines): from the repository root down to the working
 * directory, at most one file per directory (AGENTS.override.md, else AGENTS.md), concatenated,
 * with one byte budget (`project_doc_max_bytes`, 32 KiB) for the whole chain.
 * Sources: docs/agents/codex.md.
 */
import path from 'node:path';
import { agentName, distinctContexts } from './common.js';
import { limitOf, limitSource } from './limits.js';
import { dirChain, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import { lineStarts, offsetOfByte, positionAt } from './positions.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'codex';
export const AGENTS_FILES = ['AGENTS.override.md', 'AGENTS.md'];

export type CodexOptions = ResolveOptions;

/** The AGENTS.md file Codex reads in `dir`: the override first, else AGENTS.md. */
export function agentsFileOf(dir: string, fsys: ContextFs): string | undefined {
  for (const name of AGENTS_FILES) {
    const file = path.join(dir, name);
    if (fsys.isFile(file)) return file;
  }
  return undefined;
}

export function resolveCodex(root: string, target: string, fsys: ContextFs, options: CodexOptions = {}): EffectiveContext {
  const limit = limitOf('codexProjectDocMaxBytes', options.limits);
  const maxBytes = limit.value;
  const source = limitSource(limit);
  const entries: ContextEntry[] = [];
  const problems: ContextProblem[] = [];
  let remaining = maxBytes;
  const chain = dirChain(root, targetDirectory(target, fsys));
  for (const [i, dir] of chain.entries()) {
    const file = agentsFileOf(dir, fsys);
    if (!file) continue;
    const text = fsys.readText(file);
    if (text === undefined || text.trim() === '') continue;
    const name = path.basename(file);
    const detail = `${name} of ${i === 0 ? 'the repository root' : `${repoRelative(root, dir)}/`}${name === 'AGENTS.override.md' && fsys.isFile(path.join(dir, 'AGENTS.md')) ? ' (overrides AGENTS.md there)' : ''}`;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (remaining <= 0) {
      problems.push({
        kind: 'over-limit',
        agent: AGENT,
        at: { file, line: 1, column: 1 },
        message: `${repoRelative(root, file)} is not read: the AGENTS.md chain above it already used the ${maxBytes.toLocaleString('en-US')}-byte project_doc_max_bytes budget`,
        source,
      });
      continue;
    }
    if (bytes > remaining) {
      const cut = offsetOfByte(text, remaining);
      const kept = Buffer.byteLength(text.slice(0, cut), 'utf8');
      problems.push({
        kind: 'over-limit',
        agent: AGENT,
        at: positionAt(file, lineStarts(text), cut),
        message: `Codex truncates ${repoRelative(root, file)} here: the AGENTS.md chain reaches the ${maxBytes.toLocaleString('en-US')}-byte project_doc_max_bytes budget (${(bytes - kept).toLocaleString('en-US')} bytes of this file are dropped)`,
        source,
      });
      entries.push({ path: file, kind: 'ancestor', detail: `${detail}, truncated to ${kept.toLocaleString('en-US')} bytes`, loading: 'always', part: { kind: 'truncated', bytes: kept }, depth: 0 });
      remaining = 0;
      continue;
    }
    remaining -= bytes;
    entries.push({ path: file, kind: 'ancestor', detail, loading: 'always', depth: 0 });
  }
  return { agent: AGENT, root, target, entries, problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  return walkDirectories(root, fsys).some((d) => agentsFileOf(d, fsys) !== undefined);
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys).filter((d, i) => i === 0 || agentsFileOf(d, fsys) !== undefined);
  return distinctContexts(dirs, (t) => resolveCodex(root, t, fsys, options), fsys, options);
}

export const codex: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve: (root, target, fsys, options) => resolveCodex(root, target, fsys, options), contexts };
