/** A repository in a temp dir and the contexts a resolver would answer for it, for rules over effective contexts. */
import fs from 'node:fs';
import path from 'node:path';
import type { AgentId, ContextEntry, ContextProblem, EffectiveContext } from '../../server/src/agents/types.js';
import type { ContextSource } from '../../server/src/engine/context-tasks.js';
import { Engine } from '../../server/src/engine/engine.js';
import { tempTree } from '../helpers/cli.js';

export interface Repo {
  readonly root: string;
  context(agent: AgentId, files: readonly string[], problems?: readonly Omit<ContextProblem, 'agent'>[]): EffectiveContext;
  /** Lints every file of the tree with these contexts: `file:line:col rule message` lines. */
  lint(contexts: readonly EffectiveContext[], ruleIds: readonly string[], config?: unknown): Promise<string[]>;
}

export function repo(files: Record<string, string>): Repo {
  const root = fs.realpathSync(tempTree(files));
  const entry = (rel: string, i: number): ContextEntry => ({ path: path.join(root, rel), kind: i ? 'import' : 'ancestor', detail: '', loading: 'always', depth: i ? 1 : 0 });
  return {
    root,
    context: (agent, list, problems = []) => ({ agent, root, target: root, entries: list.map(entry), problems: problems.map((p) => ({ ...p, agent })) }),
    async lint(contexts, ruleIds, config) {
      if (config) fs.writeFileSync(path.join(root, '.promptlintrc.json'), JSON.stringify({ root: true, ...config }));
      const source: ContextSource = { rootOf: () => root, contexts: () => contexts };
      const engine = new Engine({ cwd: root, contexts: source });
      const reports = await engine.lintFiles(Object.keys(files).map((f) => path.join(root, f)));
      return reports.flatMap((r) =>
        r.findings
          .filter((f) => ruleIds.includes(f.ruleId))
          .map((f) => `${path.relative(root, f.path)}:${f.start.line + 1}:${f.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`),
      );
    },
  };
}
