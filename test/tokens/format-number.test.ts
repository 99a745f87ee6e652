// formatNumber groups integers itself (creating ICU's number formatter cost the language server's
// start 20–100 ms, issue 13.16): it must write every number exactly as `toLocaleString('en-US')`.
import { describe, expect, it } from 'vitest';
import { formatInt, formatNumber, formatTokens } from '../../server/src/tokens/index.js';
import { rng } from '../helpers/random.js';

describe('formatNumber', () => {
  it('writes integers as en-US does', () => {
    const ints = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 99999, 100000, 123456, 999999, 1000000, 1234567, 12345678, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER];
    const rand = rng(16);
    for (let i = 0; i < 2000; i++) ints.push(Math.floor(rand() * 10 ** Math.floor(rand() * 16)));
    for (const n of [...ints, ...ints.map((x) => -x)]) expect(formatNumber(n), String(n)).toBe(n.toLocaleString('en-US'));
  });

  it('leaves the rest to Intl (fractions, -0, beyond 2^53, NaN, Infinity)', () => {
    for (const n of [-0, 0.5, 1234.5678, -1234.5, 1e21, 2 ** 60, NaN, Infinity, -Infinity]) expect(formatNumber(n), String(n)).toBe(n.toLocaleString('en-US'));
  });

  it('formatInt and formatTokens round first', () => {
    expect(formatInt(1234.6)).toBe('1,235');
    expect(formatInt(-0.2)).toBe((-0).toLocaleString('en-US'));
    expect(formatTokens(12345, true)).toBe('12,345');
    expect(formatTokens(12345.4, false)).toBe('~12,345');
  });
});
