/**
 * Scores the conflict rules on any labelled set in the format of `pairs.yaml`, named by
 * `CONFLICTS_FILE` (a batch from another writer, scored once before any fix touches it). Prints the
 * table by slot and by where with Wilson 95% intervals; `CONFLICTS_VERBOSE=1` also prints every
 * miss and false alarm (never use it on a blind set). Skipped, visibly, when no file is named.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { intervalTable, loadPairs, printMistakes, run, score, scoreByWhere } from './score.js';

const file = process.env.CONFLICTS_FILE;

describe.skipIf(!file)(`a labelled set named by CONFLICTS_FILE${file ? '' : ' (skipped: CONFLICTS_FILE is not set)'}`, () => {
  it('runs every case without a rule error', () => {
    const pairs = loadPairs(path.resolve(file!));
    const outcomes = pairs.map(run);
    console.log(`\n${file} (${pairs.length} cases)\n\n${intervalTable(score(outcomes))}\n\nBy where:\n\n${intervalTable(scoreByWhere(outcomes))}\n`);
    if (process.env.CONFLICTS_VERBOSE) printMistakes(outcomes);
    const errors = outcomes.flatMap((o) => o.errors.map((e) => `${o.pair.id}: ${e}`));
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
