/**
 * Recall and false alarms of the conflict rules on the labelled pairs, by slot. The floors are data
 * (`floors.json`: the lowest recall and the most false alarms accepted per slot); raise them as the
 * rules improve. `CONFLICTS_VERBOSE=1` prints every miss and false alarm.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPairs, run, score, table } from './score.js';

interface Floor {
  readonly recall: number;
  readonly falseAlarms: number;
}

const floors = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'floors.json'), 'utf8')) as { ruleErrors: number; slots: Record<string, Floor> };
const pairs = loadPairs();
const outcomes = pairs.map(run);
const scores = score(outcomes);

console.log(`\n${table(scores)}\n`);
if (process.env.CONFLICTS_VERBOSE) {
  for (const o of outcomes) {
    if (o.pair.conflict ? o.found : !o.fired) continue;
    console.log(`${o.pair.conflict ? 'MISS ' : 'FALSE'} ${o.pair.id} [${o.pair.where}] ${JSON.stringify(o.pair.a)} / ${JSON.stringify(o.pair.b)}`);
    for (const m of o.messages) console.log(`      ${m}`);
    for (const e of o.errors) console.log(`      ERROR ${e}`);
  }
}

describe('the labelled conflict set', () => {
  it('is as large and as balanced as promised', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    expect(pairs.filter((p) => !p.conflict).length * 2).toBeGreaterThanOrEqual(pairs.length);
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    expect(pairs.some((p) => p.where === 'task')).toBe(true);
  });

  it('has a floor for every slot', () => {
    expect(Object.keys(floors.slots).sort()).toEqual([...scores.keys()].sort());
  });

  it('raises no more rule errors than recorded', () => {
    const errors = outcomes.flatMap((o) => o.errors.map((e) => `${o.pair.id}: ${e}`));
    expect(errors.length, errors.join('\n')).toBeLessThanOrEqual(floors.ruleErrors);
  });

  for (const [slot, s] of scores) {
    it(`${slot}: recall and false alarms hold their floors`, () => {
      const floor = floors.slots[slot]!;
      expect(s.found / s.positives, `recall of ${slot}`).toBeGreaterThanOrEqual(floor.recall);
      expect(s.falseAlarms, `false alarms of ${slot}`).toBeLessThanOrEqual(floor.falseAlarms);
    });
  }
});
