/**
 * An unknown model in an override, a budget or a task (issue 12.5): the language server shows the
 * config error and keeps linting the prompt on the built-in defaults, instead of failing the lint
 * and dropping every diagnostic of the prompt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient, makeWorkspace } from './helpers/client.js';

const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

const PROMPT = '# Support\n\nAlways answer in English and keep it short.\nAlways answer in English and keep it short.\n';

describe('unknown model in the config (language server)', () => {
  for (const [where, config] of [
    ['an override', { overrides: [{ files: 'prompts/**', model: 'gpt-4-omni' }] }],
    ['a budget', { budgets: [{ files: 'prompts/**', maxTokens: 1000, model: 'gpt-4-omni' }] }],
    ['a task', { tasks: [{ name: 't', files: ['prompts/a.md'], model: 'gpt-4-omni' }] }],
  ] as const) {
    it(`in ${where}: the config error is shown and the prompt keeps its other diagnostics`, async () => {
      const root = makeWorkspace({ '.promptlintrc.json': JSON.stringify({ root: true, ...config }, null, 2), 'prompts/a.md': PROMPT });
      const client = await TestClient.start({ root });
      clients.push(client);
      const uri = await client.open('prompts/a.md');
      const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'config-error') && p.diagnostics.some((d) => d.code === 'duplicate-instruction'));
      const configError = published.diagnostics.find((d) => d.code === 'config-error')!;
      expect(configError.message).toMatch(/unknown model "gpt-4-omni"; did you mean "gpt-4o/);
      expect(published.diagnostics.find((d) => d.code === 'duplicate-instruction')!.range.start.line).toBe(3);
      const onConfig = await client.waitForDiagnostics(client.uri('.promptlintrc.json'), (p) => p.diagnostics.length > 0);
      expect(onConfig.diagnostics[0]!.message).toMatch(/model: unknown model "gpt-4-omni"/);
    });
  }
});
