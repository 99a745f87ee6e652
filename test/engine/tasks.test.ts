/** Tasks: several files composed into one context, budgeted as a whole. */
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { Engine, UsageError } from '../../server/src/engine/engine.js';
import { tempTree } from '../helpers/cli.js';

const enc = new Tiktoken(o200k);
const count = (t: string) => enc.encode(t, [], []).length;

const persona = '# Persona\n\nYou are Quill, the writing assistant of the docs team.\n';
const task = Array.from({ length: 12 }, (_, i) => `- Step ${i + 1}: check one more part of the style guide.`).join('\n') + '\n';
const policy = '# Policy\n\nNever publish customer names.\n';

describe('task budgets', () => {
  it('reports where the running count over the task files crosses the limit, in the file where it happens', async () => {
    const total = count(persona) + count(task) + count(policy);
    const limit = count(persona) + 40;
    const cwd = tempTree({
      'prompts/persona.md': persona,
      'prompts/task.md': task,
      'prompts/policy.md': policy,
      '.promptlintrc.json': JSON.stringify({
        root: true,
        tasks: [{ name: 'docs-writer', files: ['prompts/persona.md', 'prompts/task.md', 'prompts/policy.md'], maxTokens: limit, callsPerDay: 1000 }],
      }),
    });
    const engine = new Engine({ cwd });
    const reports = await engine.lintFiles([path.join(cwd, 'prompts/persona.md')]);
    const taskReport = reports.find((r) => r.path.endsWith('task.md'))!;
    expect(taskReport, 'the crossing file gets a report even though it was not named').toBeDefined();
    const f = taskReport.findings.find((x) => x.ruleId === 'token-budget')!;
    expect(f.severity).toBe('error');
    expect(f.message).toContain('Task `docs-writer`');
    expect(f.message).toContain(`${total - limit} tokens over`);
    expect(f.message).toMatch(/per day at 1,000 calls/);
    // The crossing line in task.md: the first whose prefix (after the persona) exceeds the limit.
    const lines = task.split('\n');
    let crossing = 0;
    while (count(persona) + count(lines.slice(0, crossing + 1).join('\n') + '\n') <= limit) crossing++;
    expect(Math.abs(f.start.line - crossing)).toBeLessThanOrEqual(1);
    expect(reports.find((r) => r.path.endsWith('persona.md'))!.findings).toEqual([]);
  });

  it('expands globs in order and names a missing task file as a usage error', async () => {
    const cwd = tempTree({
      'p/a.md': persona,
      'p/b.md': policy,
      '.promptlintrc.json': JSON.stringify({ root: true, tasks: [{ name: 't', files: ['p/*.md', 'p/missing.md'], maxTokens: 5 }] }),
    });
    const engine = new Engine({ cwd });
    await expect(engine.lintFiles([path.join(cwd, 'p/a.md')])).rejects.toThrow(UsageError);
    await expect(engine.lintFiles([path.join(cwd, 'p/a.md')])).rejects.toThrow(/missing\.md/);
  });
});
