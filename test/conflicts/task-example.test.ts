/**
 * The issue-16 example, end to end through the built CLI: CLAUDE.md and AGENTS.md are joined by a
 * config `tasks:` entry (an effective context), and their conflicts are found across the two files,
 * each finding on the file it belongs to with a message naming the other file's line.
 */
import { describe, expect, it } from 'vitest';
import { cli, tempTree } from '../helpers/cli.js';

interface JsonMessage {
  ruleId: string | null;
  message: string;
  line: number;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
}

const CLAUDE = '# Project\n\n- Use pnpm.\n- Answer in at most three sentences.\n';
const AGENTS = '# Agents\n\nUse npm.\n\nGive thorough, detailed explanations.\n';
const CONFIG = 'tasks:\n  - name: claude-code\n    files: [CLAUDE.md, AGENTS.md]\n    model: claude-sonnet-4\n';

const conflicts = (results: JsonResult[], file: string) =>
  results.filter((r) => r.filePath.endsWith(file)).flatMap((r) => r.messages.filter((m) => m.ruleId?.startsWith('conflicting-')));

describe('conflicts across the files of a task (issue 16)', () => {
  it('finds the package manager and the length conflicts, on AGENTS.md, pointing at CLAUDE.md', () => {
    const cwd = tempTree({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, '.promptlintrc.yaml': CONFIG });
    const r = cli(['--format', 'json', 'CLAUDE.md', 'AGENTS.md'], { cwd });
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    const results = JSON.parse(r.stdout) as JsonResult[];
    const onAgents = conflicts(results, 'AGENTS.md');
    expect(onAgents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: 'conflicting-format-rule', line: 3, message: 'package manager: `npm` here, `pnpm` at CLAUDE.md:3' }),
        expect.objectContaining({ ruleId: 'conflicting-format-rule', line: 5, message: expect.stringMatching(/^length: .* at CLAUDE\.md:4/) }),
      ]),
    );
    expect(onAgents).toHaveLength(2);
    // reported once, on the later file of the task, not again on the earlier one
    expect(conflicts(results, 'CLAUDE.md')).toEqual([]);
    expect(r.status).toBe(1);
  });

  it('is silent when nothing joins the two files (no task, effective contexts turned off)', () => {
    // with `agents` on (the default) the two are compared as files two agents read for one place
    // (drift, issue 16): see test/engine for that; here only the task joins them
    const cwd = tempTree({ 'CLAUDE.md': CLAUDE, 'AGENTS.md': AGENTS, '.promptlintrc.json': '{ "root": true, "agents": false }' });
    const r = cli(['--format', 'json', 'CLAUDE.md', 'AGENTS.md'], { cwd });
    const results = JSON.parse(r.stdout) as JsonResult[];
    expect([...conflicts(results, 'AGENTS.md'), ...conflicts(results, 'CLAUDE.md')]).toEqual([]);
  });
});
