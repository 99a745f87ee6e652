/** The corpus oracle of `--fix` (test/helpers/deletion-oracle.ts) must itself catch lost units. */
import { describe, expect, it } from 'vitest';
import { deletionViolations, lineDiff, yamlDeletionViolations } from '../helpers/deletion-oracle.js';

describe('deletion oracle', () => {
  it('finds the deleted and inserted lines', () => {
    expect(lineDiff(['a', 'b', 'c', 'b'], ['a', 'c', 'b'])).toEqual({ deleted: [1], inserted: [] });
    expect(lineDiff(['a', 'x y', 'c'], ['a', 'x', 'c'])).toEqual({ deleted: [1], inserted: [1] });
  });

  it('accepts deletions of units that survive word for word', () => {
    expect(deletionViolations('# R\n\n- Keep it short.\n- Be kind.\n- Keep it short.\n', '# R\n\n- Keep it short.\n- Be kind.\n')).toEqual([]);
    expect(deletionViolations('Keep it short. Be kind. Keep it short.\n', 'Keep it short. Be kind.\n')).toEqual([]);
    expect(deletionViolations('- Keep it\n  short.\n* Keep it short.\n', '- Keep it\n  short.\n')).toEqual([]);
    // a deleted sentence that ended its line joins the paragraph's next line
    expect(deletionViolations('Use tabs. Be kind.\n\nRead a file. Be kind.\nParameters:\n', 'Use tabs. Be kind.\n\nRead a file. Parameters:\n')).toEqual([]);
  });

  it('accepts a deleted line whose sentences each survive word for word', () => {
    expect(deletionViolations('Wait for a choice. Reply with a number. Do not go on.\n\nWait for a choice. Do not go on.\n', 'Wait for a choice. Reply with a number. Do not go on.\n')).toEqual([]);
    expect(deletionViolations('Wait for a choice. Do not go on.\n\nWait for a choice. Go on.\n', 'Wait for a choice. Do not go on.\n')).not.toEqual([]);
  });

  it('flags a deleted unit whose text does not survive', () => {
    expect(deletionViolations('- ✅ Use early returns.\n- ❌ Use early returns.\n', '- ✅ Use early returns.\n')).not.toEqual([]);
    expect(deletionViolations('- Run the tests.\n- RUN the tests!\n', '- Run the tests.\n')).not.toEqual([]);
    expect(deletionViolations('Amount is < 100. Amount is > 100.\n', 'Amount is < 100.\n')).not.toEqual([]);
    expect(deletionViolations('- Never use the old API.\n- Use the old API.\n', '- Never use the old API.\n')).not.toEqual([]);
    expect(deletionViolations('- Keep it\n  short.\n- Keep it\n  shorter.\n', '- Keep it\n  short.\n')).not.toEqual([]);
    expect(deletionViolations('Keep it short.\n', 'Keep it sh.\n')).not.toEqual([]);
    expect(deletionViolations('Use tabs. Be kind.\n\nRead a file. Be nice.\nParameters:\n', 'Use tabs. Be kind.\n\nRead a file. Parameters:\n')).not.toEqual([]);
  });

  it('compares YAML strings decoded', () => {
    expect(yamlDeletionViolations({ system: 'A b c. A b c.\n', x: 1 }, { system: 'A b c.\n', x: 1 })).toEqual([]);
    expect(yamlDeletionViolations({ system: 'A b c.\tA b d.' }, { system: 'A b c.' })).toHaveLength(1);
    expect(yamlDeletionViolations({ system: 'A', x: 1 }, { system: 'A', x: 2 })).toHaveLength(1);
  });
});
