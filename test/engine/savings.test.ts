/** The savings total counts the fixes that apply together, once. */
import { describe, expect, it } from 'vitest';
import { countFindings } from '../../server/src/engine/counts.js';
import type { FileReport } from '../../server/src/engine/engine.js';
import type { Finding } from '../../server/src/engine/types.js';

const finding = (start: number, end: number, tokensSaved: number): Finding => ({
  ruleId: 'duplicate-instruction',
  severity: 'warning',
  message: 'm',
  messageId: 'm',
  path: '/x.md',
  range: { start, end },
  start: { line: 0, character: start },
  end: { line: 0, character: end },
  fix: [{ path: '/x.md', range: { start, end }, text: '' }],
  tokensSaved,
  url: 'https://example.invalid',
});

describe('savings', () => {
  it('overlapping fixes of two rules are counted once; disjoint ones add up', () => {
    const report: FileReport = { path: '/x.md', ruleErrors: [], findings: [finding(0, 10, 5), finding(5, 8, 7), finding(20, 30, 3)] };
    const c = countFindings(report);
    expect(c.tokensSaved).toBe(8);
    expect(c.fixableWarningCount).toBe(3);
  });
});
