/**
 * Tasks derived from what coding agents load (docs/decisions/effective-context-tasks.md): with no
 * config, each distinct effective context of a repository is linted as a task, and the files that
 * different agents read for the same place are compared for contradictions (drift). Pure planning:
 * the contexts come from a ContextSource (the agent resolvers over the disk, a git tree or editor
 * buffers); the result is plain data that crosses worker threads inside a RunUnit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findRepoRoot, nodeContextFs, repoContexts } from '../agents/index.js';
import { sentView } from '../agents/common.js';
import type { AgentId, ContextEntry, ContextProblem, EffectiveContext, ResolveOptions } from '../agents/types.js';
import type { ResolvedAgents } from '../config/types.js';
import type { TaskContext } from './types.js';

/** Where effective contexts come from. */
export interface ContextSource {
  /** The repository (project) root a file belongs to; undefined when it belongs to none. */
  rootOf(file: string): string | undefined;
  /**
   * The distinct effective contexts of every agent whose files the repository has (or of
   * `agents`), under the limits the repository configures (`limitsFromRuleOptions`). With
   * `files`, a source may leave out contexts that load none of them (agents/scope.ts); what it
   * leaves out to stay bounded (a folder of thousands of agent files) it tells `onNotice`.
   */
  contexts(root: string, agents?: readonly AgentId[], limits?: ResolveOptions['limits'], files?: readonly string[], onNotice?: (message: string) => void): readonly EffectiveContext[];
}

/**
 * The resolvers over the disk, for one run (their file system caches what it reads). A file
 * outside any git repository belongs to the run's directory when it lies under it, so that the
 * files of one folder are one repository and not one per subdirectory.
 */
export function diskContexts(cwd: string): ContextSource {
  const fsys = nodeContextFs();
  const base = path.resolve(cwd);
  return {
    rootOf(file) {
      const root = findRepoRoot(file);
      if (fs.existsSync(path.join(root, '.git'))) return root;
      const rel = path.relative(base, file);
      return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? base : root;
    },
    contexts: (root, agents, limits, files, onNotice) => repoContexts(root, { fs: fsys, limits, ...(agents ? { agents } : {}), ...(files ? { files } : {}), ...(onNotice ? { onNotice } : {}) }),
  };
}

/** A task the engine derives: the context it stands for, its name, and the rules that judge it. */
export interface DerivedTask extends TaskContext {
  readonly name: string;
  /** Ids of the rules that run over it; every task rule when absent. */
  readonly rules?: readonly string[];
  /**
   * Drift: the files each agent reads together at this place. A pair that one agent reads is its
   * context's to judge (as waste or contradiction); drift reports only pairs no one agent reads.
   */
  readonly together?: readonly (readonly string[])[];
  /**
   * Files a problem of this context points at that the agent does not read at all (an AGENTS.md
   * past Codex's byte budget, a CLAUDE.md over 4 MiB): the engine loads them so that rules can
   * report there (`TaskView.unread`); they are no members, nothing compares or counts them.
   */
  readonly unread?: readonly string[];
}

/** Whether a finding of a drift task pairs files that one agent reads together (its context task has it). */
export function readTogether(task: DerivedTask, path: string, related: readonly string[]): boolean {
  return !!task.together?.some((files) => files.includes(path) && related.every((r) => files.includes(r)));
}

/** Whether the `agents` setting leaves this agent's contexts to be linted. */
export function agentEnabled(agents: ResolvedAgents | undefined, agent: AgentId): boolean {
  if (!agents) return true;
  if (!agents.derive) return false;
  if (agents.only && !agents.only.includes(agent)) return false;
  return !agents.off.includes(agent);
}

/** The files of an entry list that the agent sends on every request, each once, in order. */
export function alwaysEntries(entries: readonly ContextEntry[]): ContextEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => e.loading === 'always' && !seen.has(e.path) && (seen.add(e.path), true));
}

/**
 * The files of a derived task that rules read: every file the agent sends on every request, whole,
 * truncated or listed. A listed file (a skill: only its name and description are sent) and a
 * truncated one are read through `memberText`, so only what the agent sends is compared and counted.
 */
export function taskMembers(task: TaskContext): string[] {
  return task.entries.map((e) => e.path);
}

/**
 * The text rules see of a member: its own, or what the agent sends of it with the rest blanked
 * (`sentView`: offsets and lines stay): a listed entry's listing, a truncated file's head (what
 * lies past the cut is no more compared or counted than a file the agent does not read).
 * `undefined`: the file's text as it is.
 */
export function memberText(task: TaskContext, file: string, text: string): string | undefined {
  const entry = task.entries.find((e) => e.path === file);
  return entry && sentView(entry, text);
}

/**
 * One task per distinct effective context (same agent, same files in the same order: one task,
 * whatever directory it was resolved for; a one-file context only when a problem or a budget
 * needs it), then one drift task per place several agents are
 * resolved for, over the union of their files, judged by `driftRules` only: a line that CLAUDE.md
 * and AGENTS.md both hold is no waste when each agent reads one of them, but a contradiction
 * between them is drift.
 */
export function deriveTasks(
  contexts: readonly EffectiveContext[],
  driftRules: readonly string[],
  hasBudget: (agent: AgentId) => boolean = () => false,
  excluded: (file: string) => boolean = () => false,
): DerivedTask[] {
  // a file the config excludes is not linted: it is no member and no problem is placed in it
  // (the agent still loads it; `context` shows it). .gitignore is not applied: CLAUDE.local.md is
  // git-ignored by design and loaded all the same.
  contexts = contexts.map((c) => ({ ...c, entries: c.entries.filter((e) => !excluded(e.path)), problems: c.problems.filter((p) => !excluded(p.at.file)) }));
  const out: DerivedTask[] = [];
  const byMembers = new Map<string, { task: DerivedTask; problems: Map<string, ContextProblem> }>();
  const problemKey = (p: ContextProblem) => `${p.kind}\0${p.at.file}\0${p.at.line}\0${p.at.column}`;
  // a problem in a file the agent does not read is the same in every context that meets it (the
  // dropped AGENTS.md of each deeper directory): it goes to the first task only, reported once
  const unreadTaken = new Set<string>();
  const kept = (context: EffectiveContext) =>
    context.problems.filter((p) => {
      // a file with an entry, even on demand (a skill body), is read: its problems are its context's
      if (context.entries.some((e) => e.path === p.at.file)) return true;
      const key = problemKey(p);
      if (unreadTaken.has(key)) return false;
      unreadTaken.add(key);
      return true;
    });
  for (const context of contexts) {
    const entries = alwaysEntries(context.entries);
    const unread = context.problems.some((p) => !context.entries.some((e) => e.path === p.at.file));
    if (!entries.length && !unread) continue;
    const key = `${context.agent}\0${entries.map((e) => e.path).join('\0')}`;
    const known = byMembers.get(key);
    if (known) {
      for (const p of kept(context)) known.problems.set(problemKey(p), p);
      continue;
    }
    const problems = new Map(kept(context).map((p) => [problemKey(p), p] as const));
    const task: DerivedTask = {
      kind: 'context',
      name: `${context.agent} @ ${placeName(context.root, context.target)}`,
      agents: [context.agent],
      root: context.root,
      target: context.target,
      entries,
      problems: [],
    };
    byMembers.set(key, { task, problems });
  }
  for (const { task, problems } of byMembers.values()) {
    // A context of one file has nothing to compare: it is a task only when there is something to
    // judge over it (a problem the resolver found, an agent budget), so that the file otherwise
    // stays a unit of its own (the CLI caches and pipelines those).
    if (taskMembers(task).length < 2 && problems.size === 0 && !hasBudget(task.agents[0]!)) continue;
    const members = new Set(taskMembers(task));
    const unread = [...new Set([...problems.values()].filter((p) => unreadTaken.has(problemKey(p))).map((p) => p.at.file))].filter((f) => !members.has(f));
    if (!members.size && !unread.length) continue;
    out.push({ ...task, problems: [...problems.values()], ...(unread.length ? { unread } : {}) });
  }

  // drift: the agents resolved for one place, their files together
  const byPlace = new Map<string, EffectiveContext[]>();
  for (const context of contexts) {
    const place = `${context.root}\0${context.target}`;
    byPlace.set(place, [...(byPlace.get(place) ?? []), context]);
  }
  const driftSeen = new Set<string>();
  for (const group of byPlace.values()) {
    const agents = [...new Set(group.map((c) => c.agent))];
    if (agents.length < 2) continue;
    const lists = group.map((c) => alwaysEntries(c.entries));
    const union = alwaysEntries(lists.flat());
    // nothing to add when one agent already reads every file of the place
    if (union.length < 2 || lists.some((l) => l.length === union.length)) continue;
    const key = union.map((e) => e.path).sort().join('\0');
    if (driftSeen.has(key)) continue;
    driftSeen.add(key);
    const first = group[0]!;
    out.push({
      kind: 'drift',
      name: `${agents.join(' / ')} @ ${placeName(first.root, first.target)}`,
      agents,
      root: first.root,
      target: first.target,
      entries: union,
      problems: [],
      rules: driftRules,
      together: lists.map((l) => l.map((e) => e.path)),
    });
  }
  return out;
}

/** A stable key for a derived task: its kind, agents and files. */
export function derivedTaskKey(task: DerivedTask): string {
  return `${task.kind}\0${task.agents.join(',')}\0${task.entries.map((e) => e.path).join('\0')}`;
}

function placeName(root: string, target: string): string {
  const rel = path.relative(root, target).split(path.sep).join('/');
  return rel === '' ? '.' : rel;
}
