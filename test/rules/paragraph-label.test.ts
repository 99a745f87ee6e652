/**
 * paragraphLabel / paragraphStart are computed in one pass per prompt: same answers as walking back
 * from each unit (the former code, kept here as the oracle), on generated documents.
 */
import { describe, expect, it } from 'vitest';
import { paragraphLabel, paragraphStart } from '../../rules/lib/paragraph-label.js';
import { createSourceFile } from '../../server/src/model/source.js';
import type { Prompt, PromptDocument, Unit } from '../../server/src/model/types.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { rng } from '../helpers/random.js';

function walkedLabel(doc: PromptDocument, prompt: Prompt, unit: Unit): string {
  const text = doc.file.text;
  for (let i = unit.index - 1, next = unit; i >= 0; i--) {
    const prev = prompt.units[i]!;
    if (prev.context !== unit.context || /\n[ \t]*\r?\n/.test(text.slice(prev.range.end, next.range.start))) break;
    if (/:$/.test(prev.text) && prev.text.split(/\s+/).length <= 4) return prev.text.slice(0, -1).trim().toLowerCase();
    next = prev;
  }
  return '';
}

function walkedStart(doc: PromptDocument, prompt: Prompt, unit: Unit): number {
  const text = doc.file.text;
  let first = unit;
  for (let i = unit.index - 1; i >= 0; i--) {
    const prev = prompt.units[i]!;
    if (prev.context !== unit.context || /\n[ \t]*\r?\n/.test(text.slice(prev.range.end, first.range.start))) break;
    first = prev;
  }
  return first.index;
}

const LINES = [
  'Java:',
  'Python code:',
  'For the long answers written here:',
  'Indent code with four spaces.',
  'Use tabs. Keep lines short.',
  '- Answer in English.',
  '- Output:',
  '  - Use JSON.',
  '## Style',
  '> Quoted: text.',
  '1. First step:',
  '```',
  'code: here',
  '```',
  '| a | b |',
  '',
  '',
  'Be brief:   ',
];

function generated(seed: number): string {
  const next = rng(seed);
  const lines: string[] = [];
  for (let k = 0; k < 120; k++) lines.push(LINES[Math.floor(next() * LINES.length)]!);
  return lines.join(next() < 0.5 ? '\n' : '\r\n') + '\n';
}

describe('paragraph labels and starts', () => {
  it('match the walk back from each unit on generated documents', () => {
    let labelled = 0;
    let joined = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const doc = parseDocument(createSourceFile(`/x/p${seed}.md`, generated(seed)));
      for (const prompt of doc.prompts) {
        for (const unit of prompt.units) {
          const label = paragraphLabel(doc, prompt, unit);
          const start = paragraphStart(doc, prompt, unit);
          expect([label, start]).toEqual([walkedLabel(doc, prompt, unit), walkedStart(doc, prompt, unit)]);
          if (label) labelled++;
          if (start !== unit.index) joined++;
        }
      }
    }
    // the generated documents exercise both answers, not only the empty ones
    expect(labelled).toBeGreaterThan(50);
    expect(joined).toBeGreaterThan(50);
  });

  it('read a label line above the paragraph and stop at a blank line', () => {
    const doc = parseDocument(createSourceFile('/x/a.md', 'Java:\nIndent with four spaces. Use braces.\n\nPython:\nIndent with two spaces.\n'));
    const prompt = doc.prompts[0]!;
    const of = (needle: string) => prompt.units.find((u) => u.text.startsWith(needle))!;
    expect(paragraphLabel(doc, prompt, of('Use braces'))).toBe('java');
    expect(paragraphLabel(doc, prompt, of('Indent with two'))).toBe('python');
    expect(paragraphStart(doc, prompt, of('Indent with two'))).toBe(of('Python').index);
  });
});
