/** A ResolvedConfig built in memory, so rule tests do not depend on config files. */
import type { ResolvedConfig } from '../../server/src/config/types.js';

export function testConfig(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    sources: [],
    baseDir: '/virtual',
    model: 'gpt-4o',
    rules: {},
    include: [],
    exclude: [],
    budgets: [],
    tasks: [],
    prices: {},
    promptKeys: [],
    maxFileSize: 2 * 1024 * 1024,
    agents: { derive: true, off: [], budgets: {} },
    ...overrides,
  } as ResolvedConfig;
}
