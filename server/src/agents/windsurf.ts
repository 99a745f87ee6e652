/**
 * Windsurf (Cascade): `.windsurf/rules/*.md` by `trigger` (always_on, glob, model_decision,
 * manual), AGENTS.md (the root one always on, a subdirectory's as a glob on its folder), the
 * legacy `.windsurfrules`; 12,000 characters per rule file. Sources: docs/agents/windsurf.md.
 */
import path from 'node:path';
import { agentName, distinctContexts, listedFields, overLimitProblem, sampleTargets } from './common.js';
import { globList, readFrontmatter, stringField } from './frontmatter.js';
import { firstMatch } from './globs.js';
import { limitOf } from './limits.js';
import { filesUnder, isInside, namedFilesIn, repoRelative, targetDirectory, walkDirectories } from './paths.js';
import { memo } from './fs.js';
import type { AgentResolver, ContextEntry, ContextFs, ContextProblem, EffectiveContext, ResolveOptions } from './types.js';

const AGENT = 'windsurf';

interface WindsurfRule {
  readonly file: string;
  readonly trigger: 'always_on' | 'glob' | 'model_decision' | 'manual';
  readonly globs: readonly string[];
  /** Why an always_on rule is read as one when its frontmatter does not say so (no trigger, an unknown one). */
  readonly assumed?: string;
}

function ruleFiles(root: string, fsys: ContextFs): WindsurfRule[] {
  return memo(fsys, `windsurf-rules\0${root}`, () => readRuleFiles(root, fsys));
}

function readRuleFiles(root: string, fsys: ContextFs): WindsurfRule[] {
  const out: WindsurfRule[] = [];
  for (const dir of walkDirectories(root, fsys)) {
    const rulesDir = path.join(dir, '.windsurf', 'rules');
    for (const file of filesUnder(rulesDir, fsys, (n) => n.endsWith('.md'))) {
      const fm = readFrontmatter(fsys.readText(file) ?? '').data;
      const t = typeof fm.trigger === 'string' ? fm.trigger.trim() : undefined;
      const globs = globList(fm.globs);
      const trigger = t === 'glob' || t === 'model_decision' || t === 'manual' || t === 'always_on' ? t : 'always_on';
      // docs/agents/windsurf.md: no trigger read as always_on is an unconfirmed choice; an unknown value is not documented
      const assumed = t === undefined ? 'no trigger (read as always_on, unconfirmed)' : trigger !== t ? `unknown trigger \`${t}\` (read as always_on, undocumented)` : undefined;
      out.push({ file, trigger: trigger === 'glob' && globs.length === 0 ? 'manual' : trigger, globs, ...(assumed ? { assumed } : {}) });
    }
  }
  return out;
}

/** Entry of a rule file, truncated at the documented 12,000 characters (with a problem). */
function ruleEntry(file: string, entry: Omit<ContextEntry, 'path' | 'depth'>, fsys: ContextFs, problems: ContextProblem[], options?: ResolveOptions): ContextEntry {
  const text = fsys.readText(file) ?? '';
  const limit = limitOf('windsurfRuleChars', options?.limits);
  const p = overLimitProblem(AGENT, file, text, limit, 'reads nothing');
  if (!p || entry.loading !== 'always') return { path: file, depth: 0, ...entry };
  problems.push(p);
  const bytes = Buffer.byteLength(text.slice(0, limit.value), 'utf8');
  return { path: file, depth: 0, ...entry, detail: `${entry.detail}, truncated to ${limit.value.toLocaleString('en-US')} characters`, part: { kind: 'truncated', bytes } };
}

function resolve(root: string, target: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext {
  const entries: ContextEntry[] = [];
  const onDemand: ContextEntry[] = [];
  const problems: ContextProblem[] = [];
  const targetIsFile = fsys.isFile(target);
  const cwd = targetDirectory(target, fsys);
  const rel = targetIsFile ? repoRelative(root, target) : undefined;
  const legacy = path.join(root, '.windsurfrules');
  if (fsys.isFile(legacy)) entries.push(ruleEntry(legacy, { kind: 'always', detail: '.windsurfrules (legacy)', loading: 'always' }, fsys, problems, options));
  // every AGENTS.md of the workspace, found once per fs (not a walk of every directory per context)
  for (const file of namedFilesIn(root, fsys, ['AGENTS.md'])) {
    const dir = path.dirname(file);
    if (dir === root) entries.push(ruleEntry(file, { kind: 'always', detail: 'AGENTS.md of the workspace root (always on)', loading: 'always' }, fsys, problems, options));
    else if (isInside(dir, cwd)) entries.push(ruleEntry(file, { kind: 'glob', detail: `AGENTS.md of ${repoRelative(root, dir)}/ (a glob rule on ${repoRelative(root, dir)}/**)`, loading: 'always' }, fsys, problems, options));
    else onDemand.push({ path: file, kind: 'on-demand', detail: `AGENTS.md of ${repoRelative(root, dir)}/: applies to files in ${repoRelative(root, dir)}/**`, loading: 'on-demand', depth: 0 });
  }
  for (const rule of ruleFiles(root, fsys)) {
    if (rule.trigger === 'always_on') {
      entries.push(ruleEntry(rule.file, { kind: 'always', detail: rule.assumed ?? 'trigger: always_on', loading: 'always' }, fsys, problems, options));
    } else if (rule.trigger === 'glob') {
      const glob = rel !== undefined ? firstMatch(rule.globs, rel) : undefined;
      if (glob !== undefined) entries.push(ruleEntry(rule.file, { kind: 'glob', detail: `trigger: glob, ${glob} matches ${rel}`, loading: 'always' }, fsys, problems, options));
      else onDemand.push({ path: rule.file, kind: 'on-demand', detail: `trigger: glob, loads when Cascade reads or edits a file matching ${rule.globs.join(', ')}`, loading: 'on-demand', depth: 0 });
    } else if (rule.trigger === 'model_decision') {
      const text = fsys.readText(rule.file) ?? '';
      if (stringField(readFrontmatter(text).data.description)) {
        const listed = listedFields(text, ['description']);
        entries.push({ path: rule.file, kind: 'listed', detail: 'trigger: model_decision, the description is offered to the model', loading: 'always', part: { kind: 'frontmatter-fields', bytes: Buffer.byteLength(listed, 'utf8'), fields: ['description'] }, depth: 0 });
      }
      onDemand.push({ path: rule.file, kind: 'on-demand', detail: 'trigger: model_decision, the body loads when the model picks the rule', loading: 'on-demand', depth: 0 });
    } else {
      onDemand.push({ path: rule.file, kind: 'manual', detail: 'trigger: manual, loads when you @-mention it', loading: 'on-demand', depth: 0 });
    }
  }
  return { agent: AGENT, root, target, entries: [...entries, ...onDemand], problems };
}

function detect(root: string, fsys: ContextFs): boolean {
  return fsys.isFile(path.join(root, '.windsurfrules')) || ruleFiles(root, fsys).length > 0;
}

function contexts(root: string, fsys: ContextFs, options?: ResolveOptions): EffectiveContext[] {
  const dirs = walkDirectories(root, fsys);
  const withAgents = dirs.filter((d, i) => i === 0 || fsys.isFile(path.join(d, 'AGENTS.md')));
  const samples = sampleTargets(root, fsys, ruleFiles(root, fsys).filter((r) => r.trigger === 'glob').map((r) => r.globs), dirs, (globs, rel) => firstMatch(globs, rel) !== undefined);
  return distinctContexts([...withAgents, ...samples], (t) => resolve(root, t, fsys, options), fsys, options);
}

export const windsurf: AgentResolver = { id: AGENT, name: agentName(AGENT), detect, resolve, contexts };
