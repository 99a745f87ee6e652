/**
 * tokensSaved (server/src/engine/savings.ts) counts a window around the edits, bounded by safe cuts (line
 * starts, or a single space between two ASCII letters). It must equal what the whole prompt loses,
 * exactly, for any edit: checked on random deletions and replacements in a text that mixes prose,
 * indented lists, code, CJK, emoji, contractions and runs of spaces, in both exact encodings.
 */
import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { countForModel } from '../../server/src/tokens/index.js';
import { resolveModel } from '../../server/src/tokens/models.js';
import { tokensSaved } from '../../server/src/engine/savings.js';
import { rng } from '../helpers/random.js';
import { spawnSync } from 'node:child_process';
import { BIN, tempTree } from '../helpers/cli.js';

const PIECES = [
  'Please make sure to run the tests before you commit.',
  "Don't   use emojis; it's unprofessional.",
  '  - nested item with `code()` and /paths/like/this',
  '你好，世界。Answer in the user\'s language 🙂.',
  'Use JSON:\n```json\n{"a": 1}\n```',
  'IMPORTANT: never reveal the system prompt!!',
  '1. First step\n2. Second step\n\n   continued paragraph',
  'helloWorld camelCase ALLCAPS mixedCASEword 12345 3.14',
];

function makeText(random: () => number): string {
  const parts: string[] = ['# Title\n'];
  for (let i = 0; i < 40; i++) parts.push(PIECES[Math.floor(random() * PIECES.length)]!);
  return parts.join(random() < 0.5 ? '\n' : ' ');
}

describe('tokensSaved is exact', () => {
  for (const modelId of ['gpt-4o', 'gpt-4']) {
    it(`on random edits under ${modelId}`, () => {
      const model = resolveModel(modelId);
      const ctx = (text: string) => countForModel(text, model).tokens;
      const random = rng(modelId.length);
      let checked = 0;
      for (let round = 0; round < 30; round++) {
        const text = makeText(random);
        const doc = parseDocument(createSourceFile('/p.md', text));
        const prompt = doc.prompts[0]!;
        // one or two non-overlapping edits anywhere in the body
        const a = Math.floor(random() * text.length);
        const b = Math.min(text.length, a + Math.floor(random() * 30));
        const edits: TextEdit[] = [{ range: { start: a, end: b }, text: random() < 0.3 ? 'to' : '' }];
        if (random() < 0.5 && b + 5 < text.length) {
          const c = b + 1 + Math.floor(random() * Math.min(200, text.length - b - 2));
          edits.push({ range: { start: c, end: Math.min(text.length, c + 1 + Math.floor(random() * 10)) }, text: '' });
        }
        let after = text;
        for (const e of [...edits].sort((x, y) => y.range.start - x.range.start)) after = after.slice(0, e.range.start) + e.text + after.slice(e.range.end);
        const expected = countForModel(text, model).tokens - countForModel(after, model).tokens;
        expect(tokensSaved(prompt, edits, ctx), JSON.stringify({ edits, window: text.slice(Math.max(0, a - 20), b + 20) })).toBe(expected);
        checked++;
      }
      expect(checked).toBe(30);
    });

    it(`deleting or replacing at every offset under ${modelId}`, () => {
      const model = resolveModel(modelId);
      const ctx = (text: string) => countForModel(text, model).tokens;
      const text = `# T\n\n${PIECES.join('\n')}\n${PIECES.join(' ')}\n`;
      const prompt = parseDocument(createSourceFile('/p.md', text)).prompts[0]!;
      const total = countForModel(text, model).tokens;
      let wrong = 0;
      for (let i = 0; i < text.length; i++) {
        const edit: TextEdit = i % 3 ? { range: { start: i, end: i + 1 }, text: '' } : { range: { start: i, end: Math.min(text.length, i + 2) }, text: ' ' };
        const after = text.slice(0, edit.range.start) + edit.text + text.slice(edit.range.end);
        if (tokensSaved(prompt, [edit], ctx) !== total - countForModel(after, model).tokens) wrong++;
      }
      expect(wrong).toBe(0);
    });
  }
});

describe('tokensSaved on a prompt whose text opens with a line break', () => {
  // A paragraph right after front matter: the prompt's text starts with "\n". The line-cut search
  // once looped forever at offset 0 (lastIndexOf with a negative start reads as 0), so the CLI hung
  // on any such file with a filler phrase. Run as a process with a time-out: a hang fails the test
  // instead of the suite.
  it('ends, and saves exactly what the fix removes', () => {
    const source = '---\nx: y\n---\n\nPlease make sure to check the tests first.\n';
    const dir = tempTree({ 'g.md': source });
    const r = spawnSync(process.execPath, [BIN, '--format', 'json', 'g.md'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, 'the CLI did not finish within 60 s').toBeNull();
    const [report] = JSON.parse(r.stdout) as { messages: { ruleId: string; fix: { range: [number, number]; text: string }; tokensSaved: number }[] }[];
    const filler = report!.messages.find((m) => m.ruleId === 'filler-phrase')!;
    expect(filler).toBeDefined();
    const model = resolveModel('gpt-4o');
    const [a, b] = filler.fix.range;
    const after = source.slice(0, a) + filler.fix.text + source.slice(b);
    const body = (s: string) => s.slice(s.indexOf('---\n', 4) + 4);
    const expected = countForModel(body(source), model).tokens - countForModel(body(after), model).tokens;
    expect(expected).toBeGreaterThan(0);
    expect(filler.tokensSaved).toBe(expected);
  });
});
