/**
 * The outside writer's development set of session 13 (`dev4.yaml`, ids d4-*), split by a fixed rule
 * chosen before any result was seen: the number at the end of an id, odd → dev4a (tuned on), even →
 * dev4b (scored only at the start and the end, its misses never printed). Floors per half are data
 * (`dev4-floors.json`). `CONFLICTS_VERBOSE=1` prints the misses and false alarms of dev4a only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { intervalTable, loadPairs, printMistakes, run, score, type Pair } from './score.js';

interface Floor {
  readonly recall: number;
  readonly falseAlarms: number;
}

/** dev4a or dev4b, by the last number of the id (odd or even). */
export function half(p: Pair): 'dev4a' | 'dev4b' {
  const n = /(\d+)\D*$/.exec(p.id);
  if (!n) throw new Error(`dev4 id without a number: ${p.id}`);
  return Number(n[1]) % 2 === 1 ? 'dev4a' : 'dev4b';
}

const file = path.join(import.meta.dirname, 'dev4.yaml');
const floors = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'dev4-floors.json'), 'utf8')) as { halves: Record<string, Floor> };
const pairs = loadPairs(file);

describe('dev4, an outside writer\'s development set', () => {
  it('has unique ids, each with a number', () => {
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    for (const p of pairs) expect(() => half(p)).not.toThrow();
  });

  for (const name of ['dev4a', 'dev4b'] as const) {
    it(`${name}: recall and false alarms hold their floors`, () => {
      const outcomes = pairs.filter((p) => half(p) === name).map(run);
      const scores = score(outcomes);
      console.log(`\n${name} (${outcomes.length} cases)\n\n${intervalTable(scores)}\n`);
      if (name === 'dev4a' && process.env.CONFLICTS_VERBOSE) printMistakes(outcomes);
      const errors = outcomes.flatMap((o) => o.errors.map((e) => `${o.pair.id}: ${e}`));
      expect(errors, errors.join('\n')).toEqual([]);
      const all = scores.get('ALL')!;
      const floor = floors.halves[name]!;
      expect(all.found / all.positives, `recall of ${name}`).toBeGreaterThanOrEqual(floor.recall);
      expect(all.falseAlarms, `false alarms of ${name}`).toBeLessThanOrEqual(floor.falseAlarms);
    });
  }
});
