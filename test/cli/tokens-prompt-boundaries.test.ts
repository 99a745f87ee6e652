/** `prompt-lint tokens` shows how a file was read: one row per prompt, with the reason for its boundary. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempTree } from '../helpers/cli.js';

const fixture = (name: string) => fs.readFileSync(path.join(REPO, 'fixtures/rules/duplicate-instruction/valid', name), 'utf8');

describe('prompt-lint tokens lists the prompts of a file with their reasons', () => {
  it.each([
    ['prompt-library-by-use-case.md', ['prompt 1 (file): Prompt Library: Customer Support', 'prompt 2 (collection): Refund requests', 'prompt 3 (collection): Late deliveries', 'prompt 4 (collection): Damaged items']],
    ['agent-prompts-side-by-side.md', ['prompt 1 (file): Research crew', 'prompt 2 (complete): Planner', 'prompt 3 (complete): Writer']],
    ['outline-before-full-prompt.md', ['prompt 1 (file): Onboarding buddy', 'prompt 2 (outline): What it does', 'prompt 3 (outline): As deployed']],
    ['role-text-then-full-prompt.txt', ['prompt 1 (file): You are Pilot, a careful release enginee', 'prompt 2 (opening): Full prompt (release mode)']],
  ])('%s', (name, labels) => {
    const cwd = tempTree({ [name]: fixture(name) });
    const r = cli(['tokens', name], { cwd });
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').flatMap((line) => /^\s+\[(prompt \d+ \([a-z]+\)[^\]]*)\]/.exec(line)?.[1] ?? []);
    expect(rows).toEqual(labels);
  });
});
