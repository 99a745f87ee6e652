/**
 * looksLikeCode's snake_case-call test is written with look-aheads so that a long run of word
 * characters is read once (the slow-input suite found `\b\w+_\w+\(` quadratic on `a@____…_.a`).
 * The old pattern is the oracle on random short strings, where it is fast.
 */
import { describe, expect, it } from 'vitest';
import { looksLikeCode } from '../../rules/lib/candidates.js';
import { rng } from '../helpers/random.js';

const OLD_CALL = /\b\w+_\w+\(/;
const NEW_CALL = /\b(?=\w+_\w)(?=(\w+))\1\(/;

describe('looksLikeCode: snake_case calls', () => {
  it('the linear pattern accepts exactly what the old one did', () => {
    const alphabet = ['a', 'B', '_', '(', '1', ' ', '.', '@', 'é', '-'];
    const random = rng(11);
    let differ = 0;
    for (let i = 0; i < 100_000; i++) {
      const len = 1 + Math.floor(random() * 14);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      if (OLD_CALL.test(s) !== NEW_CALL.test(s)) differ++;
    }
    expect(differ).toBe(0);
  });

  it('reads snake_case calls as code and prose as prose', () => {
    expect(looksLikeCode('Call get_user_by_id(42) first')).toBe(true);
    expect(looksLikeCode('Use snake_case names for variables.')).toBe(false);
    expect(looksLikeCode('Mail a@' + '_'.repeat(50_000) + '.a about it.')).toBe(false);
  });
});
