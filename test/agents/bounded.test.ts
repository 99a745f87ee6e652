/**
 * A folder without .git that holds thousands of agent files (a home or temporary folder with
 * copies of many repositories) is read as one repository: linting one small file there resolves
 * no context of the folder's other files, and linting all of them resolves at most
 * MAX_CONTEXT_TARGETS places per agent, with a notice that names what was left out and how to
 * narrow the run, instead of growing without bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { MAX_CONTEXT_TARGETS, nodeContextFs, repoContexts } from '../../server/src/agents/index.js';
import { tempRepos } from './helpers.js';

const repo = tempRepos();

/** `folders` project folders, each with an AGENTS.md and a CLAUDE.md, and some.md at the top; no .git. */
function bigFolder(folders: number): Record<string, string> {
  const files: Record<string, string> = { 'some.md': '# Reviewer\n\nYou review pull requests. Be brief.\n' };
  for (let i = 0; i < folders; i++) {
    files[`proj-${String(i).padStart(4, '0')}/AGENTS.md`] = `- Run the tests of project ${i} before you commit.\n`;
    files[`proj-${String(i).padStart(4, '0')}/CLAUDE.md`] = `- Keep the changes of project ${i} small.\n`;
  }
  return files;
}

describe('a folder with thousands of agent files and no .git', () => {
  it('resolves at most maxTargets places per agent and says what it left out', () => {
    const root = repo(bigFolder(12), { git: false });
    const notices: string[] = [];
    const contexts = repoContexts(root, { fs: nodeContextFs(), maxTargets: 5, onNotice: (m) => notices.push(m) });
    // 5 places each: the root and 4 folders. Codex loads nothing at the root (an empty context,
    // dropped); Claude Code lists the folders' CLAUDE.md there as loading on demand
    expect(contexts.filter((c) => c.agent === 'codex').map((c) => path.relative(root, c.target))).toEqual(['proj-0000', 'proj-0001', 'proj-0002', 'proj-0003']);
    expect(contexts.filter((c) => c.agent === 'claude-code').map((c) => path.relative(root, c.target))).toEqual(['', 'proj-0000', 'proj-0001', 'proj-0002', 'proj-0003']);
    expect(notices).toHaveLength(2);
    const codex = notices.find((n) => n.includes('Codex'))!;
    expect(codex).toContain('in 13 places of');
    expect(codex).toContain('no .git above it');
    expect(codex).toContain('only the first 5 were derived');
    expect(codex).toContain('8 were left out (from proj-0004)');
    expect(codex).toContain('set "agents" in .promptlintrc');
  });

  it('linting one small file there resolves no context of the other files; linting them all stops at the limit, with a notice', () => {
    const folders = MAX_CONTEXT_TARGETS + 10;
    const root = repo(bigFolder(folders), { git: false });
    const some = path.join(root, 'some.md');
    const fsys = nodeContextFs();
    expect(repoContexts(root, { fs: fsys, files: [some] })).toEqual([]);

    const notices: string[] = [];
    const engine = new Engine({ cwd: root, onNotice: (m) => notices.push(m) });
    expect(engine.derivedTasks([some])).toEqual([]);
    expect(notices).toEqual([]);

    const all = fs.readdirSync(root, { recursive: true }).map((f) => path.join(root, String(f))).filter((f) => f.endsWith('.md'));
    expect(all).toHaveLength(2 * folders + 1);
    const contexts = repoContexts(root, { fs: nodeContextFs(), files: all, onNotice: (m) => notices.push(m) });
    expect(contexts.filter((c) => c.agent === 'codex')).toHaveLength(MAX_CONTEXT_TARGETS - 1);
    expect(contexts.filter((c) => c.agent === 'claude-code')).toHaveLength(MAX_CONTEXT_TARGETS);
    expect(notices.map((n) => n.replace(/ of \S+ \(/, ' of ROOT ('))).toEqual(
      ['Claude Code', 'Codex'].map(
        (agent) =>
          `effective contexts: ${agent} may load something different in ${(folders + 1).toLocaleString('en-US')} places of ROOT (no .git above it: the folder is read as one repository); only the first ${MAX_CONTEXT_TARGETS.toLocaleString('en-US')} were derived and linted as tasks, 11 were left out (from proj-${String(MAX_CONTEXT_TARGETS - 1).padStart(4, '0')}). Run prompt-lint inside the repository (the folder holding .git), name fewer files, or set "agents" in .promptlintrc ("agents": false turns derived contexts off; docs/configuration.md).`,
      ),
    );
  });

  it('the engine tells the notice once, on stderr unless told otherwise', () => {
    const root = repo(bigFolder(8), { git: false });
    const notices: string[] = [];
    const files = fs.readdirSync(root, { recursive: true }).map((f) => path.join(root, String(f))).filter((f) => f.endsWith('.md'));
    const source = { rootOf: () => root, contexts: (r: string, _a: unknown, _l: unknown, f?: readonly string[], onNotice?: (m: string) => void) => repoContexts(r, { files: f, maxTargets: 3, onNotice }) };
    const engine = new Engine({ cwd: root, contexts: source, onNotice: (m) => notices.push(m) });
    engine.derivedTasks(files);
    engine.derivedTasks(files);
    expect(notices).toHaveLength(2);
    expect(notices.every((n) => n.includes('only the first 3 were derived'))).toBe(true);
  });
});
