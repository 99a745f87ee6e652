/**
 * Cursor: project rules `.cursor/rules/**\/*.{mdc,md}` (Always / Auto Attached by globs / Agent
 * Requested by description / Manual), the legacy `.cursorrules`, and AGENTS.md.
 * What loads, when and why, with sources and what is unconfirmed: docs/agents/cursor.md.
 */
import path from 'node:path';
import { agentName, distinctContexts, listedFields, sampleTargets } from './common.js';
import { globList, readFrontmatter, stringField } from './frontmatter.js';
import { firstMatch } from './globs.js';
import { dirChain, filesUnder, isInside, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import { memo } from './fs.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'cursor';

interface CursorRule {
  readonly file: string;
  /** The folder holding `.cursor/rules`: globs are relative to it, and the rule applies inside it. */
  readonly base: string;
  readonly mode: 'always' | 'globs' | 'description' | 'manual';
  readonly globs: readonly string[];
  /** `alwaysApply` written as the string "true" (reported to be read as false). */
  readonly quotedTrue: boolean;
}

function ruleDirs(root: string, fsys: ContextFs): string[] {
  return walkDirectories(root, fsys)
    .filter((d) => fsys.list(path.join(d, '.cursor', 'rules')).length > 0)
    .map((d) => path.join(d, '.cursor', 'rules'));
}

function readRules(root: string, fsys: ContextFs): CursorRule[] {
  return memo(fsys, `cursor-rules\0${root}`, () => parseRules(root, fsys));
}

/**
 * `.mdc` and `.md` files alike: "Cursor supports `.md` and `.mdc` extensions" (cursor.com/docs/context/rules,
 * 2026). A file without frontmatter (the plain `.md` rule of the docs' example) is manual.
 */
function parseRules(root: string, fsys: ContextFs): CursorRule[] {
  const rules: CursorRule[] = [];
  for (const dir of ruleDirs(root, fsys)) {
    const base = path.dirname(path.dirname(dir));
    for (const file of filesUnder(dir, fsys, (n) => RULE_FILE.test(n))) {
      const text = fsys.readText(file);
      if (text === undefined) continue;
      const fm = readFrontmatter(text).data;
      const quotedTrue = typeof fm.alwaysApply === 'string' && fm.alwaysApply.trim().toLowerCase() === 'true';
      const globs = globList(fm.globs);
      const mode = fm.alwaysApply === true ? 'always' : globs.length > 0 ? 'globs' : stringField(fm.description) ? 'description' : 'manual';
      rules.push({ file, base, mode, globs, quotedTrue });
    }
  }
  return rules;
}

const RULE_FILE = /\.mdc?$/;

/** The rules by the folder holding their `.cursor/rules`, in walk order. */
function rulesByBase(root: string, fsys: ContextFs): ReadonlyMap<string, readonly CursorRule[]> {
  return memo(fsys, `cursor-rules-by-base\0${root}`, () => {
    const out = new Map<string, CursorRule[]>();
    for (const rule of readRules(root, fsys)) out.set(rule.base, [...(out.get(rule.base) ?? []), rule]);
    return out;
  });
}

function resolve(root: string, target: string, fsys: ContextFs): EffectiveContext {
  const entries: ContextEntry[] = [];
  const problems: ContextProblem[] = [];
  const targetIsFile = fsys.isFile(target);
  const cwd = targetDirectory(target, fsys);
  for (const [i, dir] of dirChain(root, cwd).entries()) {
    const file = path.join(dir, 'AGENTS.md');
    if (fsys.isFile(file)) entries.push({ path: file, kind: i === 0 ? 'always' : 'ancestor', detail: `AGENTS.md of ${i === 0 ? 'the repository root' : `${repoRelative(root, dir)}/`}`, loading: 'always', depth: 0 });
  }
  const legacy = path.join(root, '.cursorrules');
  if (fsys.isFile(legacy)) entries.push({ path: legacy, kind: 'always', detail: '.cursorrules (legacy, still read)', loading: 'always', depth: 0 });
  const onDemand: ContextEntry[] = [];
  // a nested folder's rules apply inside it: the rules of the folders on the way to cwd, in walk
  // order (an ancestor comes before its subfolders), not every rule of the repository per context
  const byBase = rulesByBase(root, fsys);
  const applying = isInside(root, cwd) ? dirChain(root, cwd).flatMap((dir) => byBase.get(dir) ?? []) : [];
  // the target relative to each rule folder, once per folder (rules share a few folders)
  const relTo = new Map<string, string>();
  for (const rule of applying) {
    const note = rule.quotedTrue ? ' (alwaysApply is the string "true", reported to be read as false)' : '';
    if (rule.mode === 'always') {
      entries.push({ path: rule.file, kind: 'always', detail: 'alwaysApply: true', loading: 'always', depth: 0 });
    } else if (rule.mode === 'globs') {
      let rel = targetIsFile ? relTo.get(rule.base) : undefined;
      if (targetIsFile && rel === undefined) relTo.set(rule.base, (rel = path.relative(rule.base, target).split(path.sep).join('/')));
      const glob = rel !== undefined ? firstMatch(rule.globs, rel) : undefined;
      if (glob !== undefined) entries.push({ path: rule.file, kind: 'glob', detail: `globs: ${glob} matches ${rel}${note}`, loading: 'always', depth: 0 });
      else onDemand.push({ path: rule.file, kind: 'on-demand', detail: `auto attached when a file matching ${rule.globs.join(', ')} is in context${note}`, loading: 'on-demand', depth: 0 });
    } else if (rule.mode === 'description') {
      const text = fsys.readText(rule.file) ?? '';
      const listed = listedFields(text, ['description']);
      entries.push({ path: rule.file, kind: 'listed', detail: `agent requested: the description is offered to the model${note}`, loading: 'always', part: { kind: 'frontmatter-fields', bytes: Buffer.byteLength(listed, 'utf8'), fields: ['description'] }, depth: 0 });
      onDemand.push({ path: rule.file, kind: 'on-demand', detail: 'agent requested: the body loads when the model picks the rule', loading: 'on-demand', depth: 0 });
    } else {
      onDemand.push({ path: rule.file, kind: 'manual', detail: `manual: loads when you @-mention ${path.basename(rule.file).replace(RULE_FILE, '')}${note}`, loading: 'on-demand', depth: 0 });
    }
  }
  return { agent: AGENT, root, target, entries: [...entries, ...onDemand], problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  return fsys.isFile(path.join(root, '.cursorrules')) || ruleDirs(root, fsys).length > 0;
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys);
  const rules = readRules(root, fsys);
  const withFiles = dirs.filter((d, i) => i === 0 || fsys.isFile(path.join(d, 'AGENTS.md')) || fsys.list(path.join(d, '.cursor', 'rules')).length > 0);
  const globbed = rules.filter((r) => r.mode === 'globs');
  const samples = sampleTargets(root, fsys, globbed.map((r) => r.globs), dirs, (globs, rel) => firstMatch(globs, rel) !== undefined);
  return distinctContexts([...withFiles, ...samples], (t) => resolve(root, t, fsys), fsys, options);
}

export const cursor: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve, contexts };
