/**
 * A promptfoo config sends one of its prompts per call, to the models its `providers:` name
 * (issue 13, item 15). Expected counts come from js-tiktoken, not from prompt-lint.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { buildCostReport } from '../../server/src/gates/cost-report.js';
import { providerModel } from '../../server/src/tokens/models.js';
import { cli, tempTree } from '../helpers/cli.js';

const PROMPTS = ['Answer briefly: {{question}}', 'You are a careful support agent. Answer the question below in two sentences and cite the help centre: {{question}}', 'Reply: {{question}}'];
const promptfoo = (providers: string) => `prompts:\n${PROMPTS.map((p) => `  - '${p}'`).join('\n')}\nproviders:\n${providers}\n`;

async function o200kCount(): Promise<(text: string) => number> {
  const { Tiktoken } = await import('js-tiktoken/lite');
  const o200k = (await import('js-tiktoken/ranks/o200k_base')).default;
  const encoder = new Tiktoken(o200k);
  return (text) => encoder.encode(text, [], []).length;
}

type TokensJson = { tokens: { model: string; tokens: number; costPerCall: number } }[];
const tokensJson = (args: string[], cwd: string) => JSON.parse(cli(['tokens', '--format', 'json', ...args], { cwd }).stdout) as TokensJson;

describe('promptfoo providers name the model', () => {
  it('reads provider ids with their prefixes, and passes over ids of no known model', () => {
    expect(providerModel(['openai:gpt-4o-mini'])).toBe('gpt-4o-mini');
    expect(providerModel(['openai:chat:gpt-4o'])).toBe('gpt-4o');
    expect(providerModel(['file://providers/custom.js', 'exec:./run.sh', 'anthropic:messages:claude-3-5-haiku-20241022'])).toBe('claude-3-5-haiku-20241022');
    expect(providerModel(['bedrock:anthropic.claude-3-5-sonnet-20240620-v1:0'])).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(providerModel(['exec:./run.sh', 'openai:no-such-model'])).toBeUndefined();
  });

  it('counts a promptfoo config with its first provider’s model when no config names one', () => {
    const cwd = tempTree({
      'promptfooconfig.yaml': promptfoo('  - id: openai:chat:gpt-4o-mini\n    config:\n      temperature: 0\n  - anthropic:messages:claude-3-5-haiku-20241022'),
      'other.yaml': promptfoo('  - exec:./run.sh'),
    });
    const [named, other] = [tokensJson(['promptfooconfig.yaml'], cwd)[0]!, tokensJson(['other.yaml'], cwd)[0]!];
    expect(named.tokens.model).toBe('gpt-4o-mini');
    // a file with both `prompts` and `providers` is a promptfoo config whatever its name; no known model: the default
    expect(other.tokens.model).toBe('gpt-4o');
  });

  it('a model named by --model or a config wins over providers', () => {
    const cwd = tempTree({ 'promptfooconfig.yaml': promptfoo('  - openai:gpt-4o-mini'), '.promptlintrc.json': '{ "root": true, "model": "gpt-4.1" }' });
    expect(tokensJson([], cwd)[0]!.tokens.model).toBe('gpt-4.1');
    expect(tokensJson(['--model', 'gpt-4o'], cwd)[0]!.tokens.model).toBe('gpt-4o');
  });

  it('the old map form `- openai:gpt-4o-mini: {…}` names a model too', () => {
    const cwd = tempTree({ 'promptfooconfig.yaml': promptfoo('  - openai:gpt-4o-mini:\n      config:\n        temperature: 0') });
    expect(tokensJson([], cwd)[0]!.tokens.model).toBe('gpt-4o-mini');
  });
});

describe('alternatives are not summed, wherever cost is shown', () => {
  it("the report's cost per call of a promptfoo config is its largest prompt's, and the total adds that", async () => {
    const count = await o200kCount();
    const cwd = tempTree({ 'promptfooconfig.yaml': promptfoo('  - openai:gpt-4o'), 'AGENTS.md': 'Run the tests before you commit.\n' });
    const engine = new Engine({ cwd });
    const files = ['promptfooconfig.yaml', 'AGENTS.md'].map((f) => path.join(cwd, f));
    const report = await buildCostReport({ engine, cwd, files });
    const config = report.files.find((f) => f.path === 'promptfooconfig.yaml')!;
    const largest = Math.max(...PROMPTS.map(count));
    const gpt4oPer1M = 2.5;
    expect(config.costPerCall).toBeCloseTo((largest * gpt4oPer1M) / 1e6, 12);
    // all three are still in the file: its tokens are their sum
    expect(config.tokens).toBe(PROMPTS.map(count).reduce((a, b) => a + b, 0));
    const agents = report.files.find((f) => f.path === 'AGENTS.md')!;
    expect(report.totals.costPerCall).toBeCloseTo(config.costPerCall + agents.costPerCall, 12);
  });
});

describe('tokens table: names are shown as text', () => {
  it('a newline or an escape sequence in a file name or heading does not break the table', () => {
    const cwd = tempTree({ 'a\nb.md': '# Title\x1b[31m red\n\nRun the tests.\n' });
    const table = cli(['tokens', 'a\nb.md'], { cwd }).stdout;
    expect(table).not.toContain('\x1b');
    const row = table.split('\n').find((line) => line.startsWith('a\\nb.md'));
    expect(row, table).toBeDefined();
    expect(table).toContain('# Title\\x1b[31m red (line 1)');
  });
});
