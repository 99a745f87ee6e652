/** `prompt-lint budget`: real git repositories in temp dirs, several commits, a rename, a deletion, a task. */
import fs from 'node:fs';
import path from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BudgetDiff } from '../../server/src/gates/budget-diff.js';
import { commit, git, initRepo, runCli, tempDir } from './helpers.js';

const enc = new Tiktoken(o200k);
const count = (text: string) => enc.encode(text, [], []).length;
const GPT4O_PER_1M = 2.5;

const para = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `- When the customer asks about ${topic} (case ${i + 1}), answer from the policy and cite the section.`).join('\n') + '\n';

const CONFIG_V1 = {
  model: 'gpt-4o',
  budgets: [{ files: '**/CLAUDE.md', maxTokens: 400 }],
  tasks: [{ name: 'support', files: ['prompts/persona.md', 'prompts/policy.md'], callsPerDay: 1000, maxTokens: 1500 }],
};
const CONFIG_V3 = {
  ...CONFIG_V1,
  tasks: [{ name: 'support', files: ['prompts/persona.md', 'prompts/policy-v2.md'], callsPerDay: 1000, maxTokens: 1500 }],
};

const FILES_1 = {
  '.promptlintrc.json': JSON.stringify(CONFIG_V1, null, 2),
  'CLAUDE.md': `# Project\n\nYou maintain the billing service.\n\n## Style\n\n${para('style', 3)}`,
  'AGENTS.md': `# Agents\n\n${para('agents', 2)}`,
  'old/notes.prompt.md': `# Notes\n\n${para('notes', 6)}`,
  'prompts/persona.md': '# Persona\n\nYou are Ada, a calm and precise support agent for Acme billing.\n',
  'prompts/policy.md': `# Policy\n\n${para('refunds', 6)}`,
  'README.md': '# Not a prompt\n\nThis file is never counted.\n',
};
const CLAUDE_2 = `${FILES_1['CLAUDE.md']}\n## Tests\n\n${para('tests', 2)}`;
const POLICY_3 = `# Policy\n\n${para('refunds', 6)}${para('invoices', 4)}`;
const NOTES_3 = `# Notes\n\n${para('notes', 6)}- One more note.\n`;
const GEMINI_3 = `# Gemini\n\n${para('gemini', 1)}`;

let repo: string;
let c1: string;
let c2: string;
let c3: string;

async function budget(args: string[], cwd = repo) {
  const r = await runCli(['budget', ...args], cwd);
  return { ...r, diff: args.includes('json') && r.stdout ? (JSON.parse(r.stdout) as BudgetDiff) : undefined };
}

beforeAll(() => {
  repo = initRepo();
  c1 = commit(repo, 'base', FILES_1);
  c2 = commit(repo, 'grow CLAUDE.md', { 'CLAUDE.md': CLAUDE_2 });
  // c3: rename (with an edit) notes and the policy, delete AGENTS.md, add GEMINI.md, the task follows the rename.
  c3 = commit(repo, 'rename, delete, add', {
    'old/notes.prompt.md': null,
    'guides/notes.prompt.md': NOTES_3,
    'prompts/policy.md': null,
    'prompts/policy-v2.md': POLICY_3,
    'AGENTS.md': null,
    'GEMINI.md': GEMINI_3,
    '.promptlintrc.json': JSON.stringify(CONFIG_V3, null, 2),
  });
});

describe('prompt-lint budget', () => {
  it('compares two commits per file: renames followed, deletions and additions shown, exact token counts', async () => {
    const r = (await budget(['--base', c1, '--head', c3, '--format', 'json']));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const d = r.diff!;
    expect(d.base.commit).toBe(c1);
    expect(d.head.commit).toBe(c3);
    const file = (p: string) => d.files.find((f) => f.path === p)!;
    expect(d.files.map((f) => `${f.status} ${f.from ? `${f.from} → ` : ''}${f.path}`).sort()).toEqual([
      'added GEMINI.md',
      'deleted AGENTS.md',
      'modified CLAUDE.md',
      'renamed old/notes.prompt.md → guides/notes.prompt.md',
      'renamed prompts/policy.md → prompts/policy-v2.md',
      'unchanged prompts/persona.md',
    ]);
    expect(file('CLAUDE.md')).toMatchObject({ base: { tokens: count(FILES_1['CLAUDE.md']) }, head: { tokens: count(CLAUDE_2) }, delta: count(CLAUDE_2) - count(FILES_1['CLAUDE.md']) });
    expect(file('guides/notes.prompt.md')).toMatchObject({ base: { tokens: count(FILES_1['old/notes.prompt.md']) }, head: { tokens: count(NOTES_3) } });
    expect(file('AGENTS.md')).toMatchObject({ base: { tokens: count(FILES_1['AGENTS.md']) }, delta: -count(FILES_1['AGENTS.md']) });
    expect(file('AGENTS.md').head).toBeUndefined();
    expect(file('GEMINI.md')).toMatchObject({ head: { tokens: count(GEMINI_3) }, delta: count(GEMINI_3) });
    expect(file('GEMINI.md').base).toBeUndefined();
    expect(file('GEMINI.md').deltaPercent).toBeUndefined();
    const claude = file('CLAUDE.md');
    expect(claude.deltaPercent).toBeCloseTo(((claude.head!.tokens - claude.base!.tokens) / claude.base!.tokens) * 100, 1);
    expect(claude.head!.costPerCall).toBeCloseTo((claude.head!.tokens * GPT4O_PER_1M) / 1e6, 12);
    expect(d.files.some((f) => f.path === 'README.md')).toBe(false);
    expect(d.totals.head - d.totals.base).toBe(d.totals.delta);
  });

  it('per task: members at base found through the rename, tokens, cost per call and per day', async () => {
    const d = (await budget(['--base', c1, '--head', c3, '--format', 'json'])).diff!;
    expect(d.tasks).toHaveLength(1);
    const t = d.tasks[0]!;
    expect(t).toMatchObject({
      name: 'support',
      source: '.promptlintrc.json',
      files: { head: ['prompts/persona.md', 'prompts/policy-v2.md'], base: ['prompts/persona.md', 'prompts/policy.md'] },
      maxTokens: 1500,
    });
    const baseTokens = count(FILES_1['prompts/persona.md']) + count(FILES_1['prompts/policy.md']);
    const headTokens = count(FILES_1['prompts/persona.md']) + count(POLICY_3);
    expect(t.base!.tokens).toBe(baseTokens);
    expect(t.head.tokens).toBe(headTokens);
    expect(t.delta).toBe(headTokens - baseTokens);
    expect(t.head.callsPerDay).toBe(1000);
    expect(t.head.costPerDay).toBeCloseTo(((headTokens * GPT4O_PER_1M) / 1e6) * 1000, 9);
    expect(t.costPerDayDelta).toBeCloseTo((((headTokens - baseTokens) * GPT4O_PER_1M) / 1e6) * 1000, 9);
  });

  it('fails on growth past --max-growth (percent) or --max-growth-tokens, per file and per task', async () => {
    const d = (await budget(['--base', c1, '--head', c3, '--format', 'json'])).diff!;
    const policy = d.files.find((f) => f.path === 'prompts/policy-v2.md')!;
    const pct = policy.deltaPercent!;
    expect(pct).toBeGreaterThan(30);

    const over = (await budget(['--base', c1, '--head', c3, '--max-growth', '30', '--format', 'json']));
    expect(over.status).toBe(1);
    const messages = over.diff!.violations.map((v) => v.message);
    expect(messages).toContain(`prompts/policy-v2.md grew ${pct}% (+${policy.delta} tokens, ${policy.base!.tokens} → ${policy.head!.tokens} tokens), over --max-growth 30%`);
    expect(messages.some((m) => m.startsWith('Task `support` grew'))).toBe(true);
    expect(over.stderr).toMatch(/budget failures?/);

    expect((await budget(['--base', c1, '--head', c3, '--max-growth', String(Math.ceil(pct) + 50)])).status).toBe(0);
    const tokensOver = (await budget(['--base', c1, '--head', c3, '--max-growth-tokens', String(policy.delta - 1), '--format', 'json']));
    expect(tokensOver.status).toBe(1);
    expect(tokensOver.diff!.violations.some((v) => v.file === 'prompts/policy-v2.md' && v.kind === 'growth')).toBe(true);
    // An added file has no percentage to grow from, but counts against the token threshold.
    const gemini = count(GEMINI_3);
    const added = (await budget(['--base', c1, '--head', c3, '--max-growth-tokens', String(gemini - 1), '--format', 'json']));
    expect(added.diff!.violations.some((v) => v.file === 'GEMINI.md')).toBe(true);
    // c1 → c2 only grew CLAUDE.md.
    const small = (await budget(['--base', c1, '--head', c2, '--max-growth', '1', '--format', 'json']));
    expect(small.status).toBe(1);
    expect(small.diff!.violations.map((v) => v.file)).toEqual(['CLAUDE.md']);
  });

  it('head defaults to the working tree; a budget exceeded at head fails with the line where it runs out', async () => {
    const work = initRepo();
    commit(work, 'one', { '.promptlintrc.json': JSON.stringify(CONFIG_V1), 'CLAUDE.md': FILES_1['CLAUDE.md'], 'prompts/persona.md': 'Persona.\n', 'prompts/policy.md': 'Policy.\n' });
    expect((await budget(['--base', 'HEAD'], work)).status).toBe(0);
    const big = `${FILES_1['CLAUDE.md']}\n## More\n\n${para('everything', 25)}`;
    fs.writeFileSync(path.join(work, 'CLAUDE.md'), big);
    const r = (await budget(['--base', 'HEAD', '--format', 'json'], work));
    expect(r.status).toBe(1);
    expect(r.diff!.head).toEqual({ ref: 'working tree' });
    const v = r.diff!.violations.find((x) => x.kind === 'budget')!;
    expect(v.file).toBe('CLAUDE.md');
    expect(v.message).toMatch(/^CLAUDE\.md:\d+: Prompt is [\d,]+ tokens, [\d,]+ tokens over its 400-token budget/);
    // An untracked new prompt in the working tree is an added file.
    fs.writeFileSync(path.join(work, 'AGENTS.md'), 'New agents file.\n');
    expect((await budget(['--base', 'HEAD', '--format', 'json'], work)).diff!.files.find((f) => f.path === 'AGENTS.md')?.status).toBe('added');

    const md = (await budget(['--base', 'HEAD', '--format', 'markdown'], work));
    expect(md.status).toBe(1);
    expect(md.stdout).toMatch(/^### prompt-lint budget: ❌ 1 failure/);
    expect(md.stdout).toContain('| ❌ modified | `CLAUDE.md` |');
    expect(md.stdout).toContain('| Task | Base | Head | Δ tokens | Δ % | Limit | Cost/call | Cost/day | Δ cost/day |');
    const gh = (await budget(['--base', 'HEAD', '--format', 'github'], work));
    expect(gh.stdout).toMatch(/^::error file=CLAUDE\.md,line=\d+,title=prompt-lint budget::CLAUDE\.md%3A|^::error file=CLAUDE\.md,line=\d+,title=prompt-lint budget::CLAUDE\.md:/m);
    expect(gh.stdout).toMatch(/^::notice title=prompt-lint budget::/m);
    const table = (await budget(['--base', 'HEAD'], work));
    expect(table.stdout).toMatch(/✖ modified\s+CLAUDE\.md/);
    expect(table.stdout).toContain('✖ 1 budget failure:');
  });

  it('a task limit exceeded at head fails', async () => {
    const work = initRepo();
    const config = { tasks: [{ name: 'bot', files: ['prompts/a.md', 'prompts/b.md'], callsPerDay: 10, maxTokens: 60 }] };
    commit(work, 'one', { '.promptlintrc.json': JSON.stringify(config), 'prompts/a.md': 'Short.\n', 'prompts/b.md': 'Short too.\n' });
    fs.writeFileSync(path.join(work, 'prompts/b.md'), para('limits', 4));
    const r = (await budget(['--base', 'HEAD', '--format', 'json'], work));
    expect(r.status).toBe(1);
    expect(r.diff!.violations).toEqual([expect.objectContaining({ kind: 'task-limit', task: 'bot', message: expect.stringMatching(/^Task `bot` is [\d,]+ tokens, [\d,]+ tokens over its 60-token budget/) })]);
  });

  it('the config at head decides: --head <ref> reads the config from that commit, not the working tree', async () => {
    fs.writeFileSync(path.join(repo, '.promptlintrc.json'), JSON.stringify({ include: ['**/CLAUDE.md'] }));
    try {
      const fromRef = (await budget(['--base', c1, '--head', c3, '--format', 'json'])).diff!;
      expect(fromRef.tasks.map((t) => t.name)).toEqual(['support']);
      expect(fromRef.files.length).toBeGreaterThan(1);
      const fromTree = (await budget(['--base', c1, '--format', 'json'])).diff!;
      expect(fromTree.tasks).toEqual([]);
      expect(fromTree.files.map((f) => f.path)).toEqual(['CLAUDE.md']);
    } finally {
      git(repo, 'checkout', '-q', '--', '.promptlintrc.json');
    }
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('without a config file, both sides use the defaults (the well-known prompt files), also for --head <ref>', async () => {
    const work = initRepo();
    const a = commit(work, 'one', { 'CLAUDE.md': 'One.\n', 'notes.md': 'Not a prompt file.\n' });
    const b = commit(work, 'two', { 'CLAUDE.md': 'One. Two.\n', 'x.prompt.md': 'New.\n', 'notes.md': 'Not a prompt file, changed.\n' });
    const d = (await budget(['--base', a, '--head', b, '--format', 'json'], work)).diff!;
    expect(d.files.map((f) => `${f.status} ${f.path}`)).toEqual(['modified CLAUDE.md', 'added x.prompt.md']);
    expect(d.head.commit).toBe(b);
  });

  it('usage errors exit 2 with a clear message: bad ref, no --base, not a repository, bad threshold', async () => {
    const bad = (await budget(['--base', 'no-such-branch']));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--base no-such-branch: not a commit in this repository/);
    const badHead = (await budget(['--base', c1, '--head', 'deadbeef']));
    expect(badHead.status).toBe(2);
    expect(badHead.stderr).toMatch(/--head deadbeef: not a commit/);
    expect((await budget([])).stderr).toMatch(/budget needs --base/);
    expect((await budget(['--base', c1, '--max-growth', 'lots'])).status).toBe(2);
    const outside = (await budget(['--base', 'HEAD'], tempDir()));
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/not inside a git repository/);
    expect((await budget(['--base', c1, '--format', 'xml'])).status).toBe(2);
  });
});

describe('prompt-lint budget: task members in the trees (engine/task-files.ts)', () => {
  it('takes a glob\'s matches sorted after the plain entries before it, and names a member missing at head', async () => {
    const r = initRepo();
    const config = (files: string[]) => JSON.stringify({ model: 'gpt-4o', tasks: [{ name: 'docs', files }] });
    const base = commit(r, 'base', {
      '.promptlintrc.json': config(['prompts/intro.md', 'prompts/parts/*.md']),
      'prompts/intro.md': '# Intro\n\nYou answer questions about the docs.\n',
      'prompts/parts/b.md': '# B\n\nCite the page.\n',
      'prompts/parts/a.md': '# A\n\nKeep answers short.\n',
    });
    const head = commit(r, 'head', { '.promptlintrc.json': config(['prompts/intro.md', 'prompts/parts/*.md', 'prompts/gone.md']) });
    const d = (await budget(['--base', base, '--head', head, '--format', 'json'], r)).diff!;
    const t = d.tasks.find((x) => x.name === 'docs')!;
    expect(t.files.head).toEqual(['prompts/intro.md', 'prompts/parts/a.md', 'prompts/parts/b.md']);
    expect(t.files.base).toEqual(['prompts/intro.md', 'prompts/parts/a.md', 'prompts/parts/b.md']);
    expect(t.violations).toEqual([{ kind: 'missing', file: '.promptlintrc.json', task: 'docs', message: 'Task `docs` names a file that does not exist at head: prompts/gone.md' }]);
  });
});
