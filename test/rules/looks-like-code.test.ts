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

/** looksLikeCode before its character prefilter (session 13): every branch of the pattern, then unbalanced double quotes. */
function unfiltered(text: string): boolean {
  if (/(?:^|\s)\/\/\s|=>|\btype \w+ = |\b(?=\w+_\w)(?=(\w+))\1\(|\b[a-z]+[A-Z]\w*\(|\b[A-Za-z_]\w*\(\s*\)|\$[A-Z][A-Z ]*\$|\|.*\|/.test(text)) return true;
  const prose = text.replace(/`[^`]*`/g, '');
  return (prose.match(/"/g)?.length ?? 0) % 2 === 1;
}

describe('looksLikeCode: the character prefilter', () => {
  it('answers as the unfiltered test on random strings built from every branch’s characters', () => {
    const alphabet = ['a', 'Z', 'e', 't', 'y', 'p', ' ', '/', '=', '>', '(', ')', '$', '|', '_', '"', '`', 'x', 'A'];
    const random = rng(13);
    let differ = 0;
    let code = 0;
    for (let i = 0; i < 100_000; i++) {
      const len = 1 + Math.floor(random() * 12);
      let s = '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      if (random() < 0.05) s = `type ${s} = 1`;
      const expected = unfiltered(s);
      if (expected) code++;
      if (looksLikeCode(s) !== expected) differ++;
    }
    expect(code).toBeGreaterThan(10_000);
    expect(differ).toBe(0);
  });

  it('still reads each shape of code', () => {
    for (const text of ['// keep this line', 'map(x => x + 1)', 'type Id = string', 'call fetchAll(now)', 'run init() first', 'Hello $USER NAME$ there', '| a | b |', 'say "hi to them']) {
      expect(looksLikeCode(text), text).toBe(true);
    }
    expect(looksLikeCode('Write short, plain sentences.')).toBe(false);
    expect(looksLikeCode('Say "hi" to them.')).toBe(false);
  });
});
