/** Model table, resolution, counting for a model and cost formatting. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL,
  applyFactor,
  costPerCall,
  costPerDay,
  countForModel,
  countTokens,
  formatCost,
  formatTokens,
  listModels,
  resolveModel,
} from '../../server/src/tokens/index.js';

const REQUIRED = {
  o200k_base: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o1', 'o3', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano'],
  cl100k_base: ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo'],
} as const;
const ESTIMATED = ['claude-opus-4', 'claude-sonnet-4', 'claude-3-7-sonnet', 'claude-3-5-haiku', 'claude-haiku-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.0-flash', 'llama-3.1-8b', 'llama-3.1-70b', 'llama-3.1-405b', 'llama-3.3-70b', 'llama-4-scout', 'llama-4-maverick'];

describe('model table', () => {
  it('every entry has a positive context window, a price, and either an encoding or an estimate', () => {
    const ids = new Set<string>();
    for (const m of listModels()) {
      expect(ids.has(m.id), `duplicate ${m.id}`).toBe(false);
      ids.add(m.id);
      expect(Number.isInteger(m.contextWindow) && m.contextWindow > 0, m.id).toBe(true);
      expect(Number.isFinite(m.inputPricePer1M) && m.inputPricePer1M > 0, m.id).toBe(true);
      expect(!!m.encoding !== !!m.estimate, `${m.id}: exactly one of encoding/estimate`).toBe(true);
      if (m.estimate) {
        expect(m.estimate.factor).toBeGreaterThan(0);
        expect(m.estimate.method.length).toBeGreaterThan(10);
      }
    }
  });

  it.each(Object.entries(REQUIRED))('OpenAI models on %s are exact', (enc, ids) => {
    for (const id of ids) {
      const m = resolveModel(id);
      expect(m.id).toBe(id);
      expect(m.family).toBe('openai');
      expect(m.encoding).toBe(enc);
      const c = countForModel('Hello, world!', m);
      expect(c.exact).toBe(true);
      expect(c.tokens).toBe(countTokens('Hello, world!', enc as 'o200k_base'));
    }
  });

  it.each(ESTIMATED)('%s is an estimate: exact:false, base count × factor rounded up', (id) => {
    const m = resolveModel(id);
    expect(m.encoding).toBeUndefined();
    const text = 'You are a helpful assistant. Answer in French.\n'.repeat(7);
    const c = countForModel(text, m);
    expect(c.exact).toBe(false);
    expect(c.encoding).toBe(m.estimate!.base);
    expect(c.tokens).toBe(Math.ceil(countTokens(text, m.estimate!.base) * m.estimate!.factor - 1e-9));
  });

  it('the default model is gpt-4o', () => {
    expect(DEFAULT_MODEL).toBe('gpt-4o');
    expect(resolveModel(DEFAULT_MODEL).encoding).toBe('o200k_base');
  });
});

describe('resolveModel', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['GPT-4o', 'gpt-4o'],
    ['openai/gpt-4.1-mini', 'gpt-4.1-mini'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['gpt-5-2025-08-07', 'gpt-5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'claude-3-5-haiku'],
    ['claude-haiku-4', 'claude-haiku-4-5'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
    ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'llama-3.1-405b'],
    ['llama3.3:70b', 'llama-3.3-70b'],
    ['meta-llama/Llama-4-Scout-17B-16E-Instruct', 'llama-4-scout'],
  ])('%s → %s', (input, expected) => {
    expect(resolveModel(input).id).toBe(expected);
  });

  it('does not alias different models that share a prefix', () => {
    expect(resolveModel('gpt-4o').id).toBe('gpt-4o');
    expect(resolveModel('gpt-4-turbo').id).toBe('gpt-4-turbo');
    expect(() => resolveModel('gpt-4o-audio-preview')).toThrow(/Unknown model/);
    expect(resolveModel('o3-pro').inputPricePer1M).toBe(20);
  });

  it('unknown ids throw an Error listing close known ids', () => {
    let message = '';
    try {
      resolveModel('gpt-4x');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Unknown model 'gpt-4x'\. Did you mean: /);
    const suggestions = message.slice(message.indexOf('Did you mean: ') + 14, message.indexOf('?'));
    expect(suggestions.split(', ')).toContain('gpt-4');
    expect(() => resolveModel('claude-sonet-4')).toThrow(/Did you mean: claude-sonnet-4/);
    expect(() => resolveModel('')).toThrow(/Unknown model/);
  });

  it('config prices override list prices (by given, normalized or canonical id)', () => {
    expect(resolveModel('gpt-4o', { 'gpt-4o': 1 }).inputPricePer1M).toBe(1);
    expect(resolveModel('gpt-4o-2024-08-06', { 'gpt-4o': 1.5 }).inputPricePer1M).toBe(1.5);
    expect(resolveModel('gpt-4o-2024-08-06', { 'gpt-4o-2024-08-06': 2, 'gpt-4o': 1 }).inputPricePer1M).toBe(2);
    expect(resolveModel('claude-sonnet-4', { 'gpt-4o': 1 }).inputPricePer1M).toBe(3);
    expect(resolveModel('gpt-4o', { 'gpt-4o': 0 }).inputPricePer1M).toBe(0);
    expect(() => resolveModel('gpt-4o', { 'gpt-4o': -1 })).toThrow(/Invalid price/);
    // The table itself is not modified.
    expect(resolveModel('gpt-4o').inputPricePer1M).toBe(2.5);
  });
});

describe('cost and formatting', () => {
  it('computes cost per call and per day', () => {
    const m = resolveModel('gpt-4o'); // $2.50 / 1M
    expect(costPerCall(1_000_000, m)).toBeCloseTo(2.5, 12);
    expect(costPerCall(4_000, m)).toBeCloseTo(0.01, 12);
    expect(costPerDay(4_000, m, 1_000)).toBeCloseTo(10, 9);
  });

  it('formats costs', () => {
    expect(formatCost(0.0123)).toBe('$0.012');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(0.25)).toBe('$0.25');
    expect(formatCost(0.999)).toBe('$1.00');
    expect(formatCost(0.1)).toBe('$0.10');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(1234.5)).toBe('$1,234.50');
    expect(formatCost(0.000012)).toBe('$0.000012');
    expect(formatCost(0.0000001)).toBe('$0.0000001');
    expect(formatCost(0.00123456)).toBe('$0.0012');
  });

  it('formats token counts, estimates with ~', () => {
    expect(formatTokens(12345, true)).toBe('12,345');
    expect(formatTokens(12345, false)).toBe('~12,345');
    expect(formatTokens(0, true)).toBe('0');
  });

  it('rounds estimates up without float noise', () => {
    expect(applyFactor(100, 1.2)).toBe(120);
    expect(applyFactor(101, 1.2)).toBe(122);
    expect(applyFactor(0, 1.2)).toBe(0);
    expect(applyFactor(7, 1)).toBe(7);
  });
});
