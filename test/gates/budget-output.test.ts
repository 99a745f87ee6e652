/** The budget gate's table and Markdown (issue 13.14): units, limits, places, money. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commit, initRepo, runCli } from './helpers.js';

const para = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `- When the customer asks about ${topic} (case ${i + 1}), answer from the policy and cite the section.`).join('\n') + '\n';

describe('budget output', () => {
  it('a task over its cost budget: Limit shows both limits, the failure has file:line, money in one format, an unchanged cost delta is $0', async () => {
    const work = initRepo();
    const config = {
      tasks: [
        { name: 'bot', files: ['prompts/a.md', 'prompts/b.md'], callsPerDay: 1000, maxTokens: 2000, maxCostPerDay: 0.25 },
        { name: 'steady', files: ['prompts/c.md'], callsPerDay: 1000, maxTokens: 1000 },
      ],
    };
    commit(work, 'one', { '.promptlintrc.json': JSON.stringify(config), 'prompts/a.md': 'Short.\n', 'prompts/b.md': 'Short too.\n', 'prompts/c.md': 'Steady.\n' });
    fs.writeFileSync(path.join(work, 'prompts/b.md'), `# Policy\n\n${para('refunds', 8)}`);

    const json = JSON.parse((await runCli(['budget', '--base', 'HEAD', '--format', 'json'], work)).stdout) as { violations: { file: string; line: number; message: string }[] };
    const [v] = json.violations;
    expect(v!.file).toBe('prompts/b.md');
    // $0.25 a day at 1,000 calls of gpt-4o ($2.50 per 1M) is 100 tokens: the message speaks dollars, not tokens.
    expect(v!.message).toMatch(/^Task `bot` costs \$0\.\d+ per day \([\d,]+ tokens × 1,000 calls\), \$0\.\d+ per day over its \$0\.25-per-day budget \(\+[\d.]+%\); the running total passes \$0\.25 per day on this line; largest parts: b\.md [\d,]+ tokens \(\d+%\), a\.md [\d,]+ tokens \(\d+%\)$/);

    const table = await runCli(['budget', '--base', 'HEAD'], work);
    expect(table.status).toBe(1);
    const rows = table.stdout.split('\n');
    const bot = rows.find((r) => r.startsWith('✖ bot'))!;
    expect(bot).toContain('2,000 tokens · $0.25/day');
    // No zero-padded money ($0.2500 beside $1.53): beyond cents, only significant digits.
    expect(table.stdout).not.toMatch(/\$[\d,]+\.\d{2,}0(?!\d)/);
    const steady = rows.find((r) => r.startsWith('steady'))!;
    expect(steady.trimEnd().endsWith('$0')).toBe(true);
    expect(table.stdout).toContain(`  prompts/b.md:${v!.line}: Task \`bot\` costs`);

    const md = (await runCli(['budget', '--base', 'HEAD', '--format', 'markdown'], work)).stdout;
    expect(md).toContain(`- ❌ \`prompts/b.md\`:${v!.line}: Task \`bot\` costs`);
    expect(md).toMatch(/\| ❌ bot \| .* \| 2,000 tokens · \$0\.25\/day \|/);
  });
});
