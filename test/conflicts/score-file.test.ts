/**
 * Scores the conflict rules on any labelled set in the format of `pairs.yaml`, named by
 * `CONFLICTS_FILE` (a batch from another writer, scored once before any fix touches it). Prints the
 * table by slot and by where with Wilson 95% intervals; `CONFLICTS_VERBOSE=1` also prints every
 * miss and false alarm (never use it on a blind set). Skipped, visibly, when no file is named.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPairs, run, score, wilson, type SlotScore } from './score.js';

const file = process.env.CONFLICTS_FILE;

const rate = (k: number, n: number): string => {
  if (n === 0) return '-';
  const [lo, hi] = wilson(k, n);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  return `${k}/${n} ${pct(k / n)} [${pct(lo)}–${pct(hi)}]`;
};

function rows(scores: ReadonlyMap<string, SlotScore>): string {
  const sorted = [...scores].sort(([a], [b]) => (a === 'ALL' ? 1 : b === 'ALL' ? -1 : a.localeCompare(b)));
  return ['| slot | recall [Wilson 95%] | false alarms [Wilson 95%] |', '| --- | --- | --- |', ...sorted.map(([slot, s]) => `| ${slot} | ${rate(s.found, s.positives)} | ${rate(s.falseAlarms, s.negatives)} |`)].join('\n');
}

describe.skipIf(!file)(`a labelled set named by CONFLICTS_FILE${file ? '' : ' (skipped: CONFLICTS_FILE is not set)'}`, () => {
  it('runs every case without a rule error', () => {
    const pairs = loadPairs(path.resolve(file!));
    const outcomes = pairs.map(run);
    const byWhere = new Map<string, SlotScore>();
    for (const where of ['file', 'task'] as const) {
      const s = score(outcomes.filter((o) => o.pair.where === where)).get('ALL');
      if (s) byWhere.set(where, s);
    }
    console.log(`\n${file} (${pairs.length} cases)\n\n${rows(score(outcomes))}\n\nBy where:\n\n${rows(byWhere)}\n`);
    if (process.env.CONFLICTS_VERBOSE) {
      for (const o of outcomes) {
        if (o.pair.conflict ? o.found : !o.fired) continue;
        console.log(`${o.pair.conflict ? 'MISS ' : 'FALSE'} ${o.pair.id} [${o.pair.slot}, ${o.pair.where}] ${JSON.stringify(o.pair.a)} / ${JSON.stringify(o.pair.b)}`);
        for (const m of o.messages) console.log(`      ${m}`);
      }
    }
    const errors = outcomes.flatMap((o) => o.errors.map((e) => `${o.pair.id}: ${e}`));
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
