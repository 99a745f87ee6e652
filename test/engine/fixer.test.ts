/** The engine's fixer for unit deletions (server/src/engine/fixer.ts), on the units of a parsed prompt. */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../server/src/engine/edits.js';
import { mergeDeletions } from '../../server/src/engine/fixer.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';

/** Deletes the units whose text is in `texts` (each occurrence after the first), through the fixer. */
function deleteRepeats(code: string): { output: string; edits: number } {
  const doc = parseDocument(createSourceFile('/virtual/p.md', code));
  const prompt = doc.prompts[0]!;
  const seen = new Set<string>();
  const units = prompt.units.filter((u) => u.isInstruction && u.context !== 'heading' && (seen.has(u.text) || !seen.add(u.text)));
  const merged = mergeDeletions(code, prompt, units.map((u) => ({ range: u.removalRange, section: u.section })));
  expect(merged.flatMap((m) => m.members).sort((a, b) => a - b)).toEqual(units.map((_, i) => i));
  return { output: applyEdits(code, merged.map((m) => ({ range: m.range, text: '' }))).text, edits: merged.length };
}

describe('mergeDeletions', () => {
  it('merges neighbouring sentences into one edit with no trailing space', () => {
    const s = 'Keep answers short and clear.';
    expect(deleteRepeats(`${s} ${s} ${s}\n`)).toEqual({ output: `${s}\n`, edits: 1 });
  });

  it('takes an emptied paragraph with one blank line', () => {
    const a = 'Cite every source you use.';
    const b = 'Answer in plain English.';
    expect(deleteRepeats(`${a} ${b}\n\n${b} ${a}\n\nDone for today.\n`).output).toBe(`${a} ${b}\n\nDone for today.\n`);
  });

  it('takes a section pasted twice with its heading', () => {
    const section = '## Style\n\n- Use short sentences in every answer.\n- Prefer active voice in every answer.\n';
    expect(deleteRepeats(`# Guide\n\n${section}\n${section}`).output).toBe(`# Guide\n\n${section}`);
  });

  it('keeps a heading of its own over an emptied section (another link target is not a twin)', () => {
    const body = '\n- Use short sentences in every answer.\n- Prefer active voice in every answer.\n';
    const code = `# Guide\n\n## [Mentioned in](https://example.com/a)\n${body}\n## [Mentioned in](https://example.com/b)\n${body}`;
    expect(deleteRepeats(code).output).toContain('## [Mentioned in](https://example.com/b)');
  });

  it('merges 20,000 touching deletions into one edit', () => {
    const line = '- Keep each commit focused on one change.\n';
    const { output, edits } = deleteRepeats(`# Rules\n\n${line.repeat(20000)}`);
    expect({ output, edits }).toEqual({ output: `# Rules\n\n${line}`, edits: 1 });
  });
});

describe('mergeDeletions keeps line breaks', () => {
  it('a sentence that ended a line of a paragraph goes with the space before it, not the break after it', () => {
    const code = '# Tools\n\nRead a file at the given path. Use it to read any text file.\nParameters: none.\n\nUse it to read any text file.\n';
    const doc = parseDocument(createSourceFile('/virtual/p.md', code));
    const prompt = doc.prompts[0]!;
    const unit = prompt.units.filter((u) => u.text === 'Use it to read any text file.')[0]!;
    const [merged] = mergeDeletions(code, prompt, [{ range: unit.removalRange, section: unit.section }]);
    expect(applyEdits(code, [{ range: merged!.range, text: '' }]).text).toBe('# Tools\n\nRead a file at the given path.\nParameters: none.\n\nUse it to read any text file.\n');
  });
});
