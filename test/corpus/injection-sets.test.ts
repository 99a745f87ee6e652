/**
 * The outside writers' injected-defect sets (bench/injections/*.jsonl) are data that recall figures
 * rest on, so their shape is checked here, independently of any detector: each set's files lie in
 * the corpus half its README row names, ids are unique, types are the bench's, and (with the corpus
 * present) every insert lands inside its file and every `exact` case's copied line is found word for
 * word on its source line. Failures name only the case id, so the blind set stays unread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { corpusPresent, corpusRoot } from '../helpers/corpus.js';
import { corpusHalf } from '../helpers/corpus-split.mjs';

interface Case {
  id: string;
  type: string;
  file: string;
  inserts: { after: number; text: string }[];
  source: number | null;
}

const SETS: Record<string, 'heldout' | 'tuning'> = {
  'blind-s9.jsonl': 'heldout',
  'blind-s12.jsonl': 'heldout',
  'dev-s9.jsonl': 'tuning',
  'dev2-s10.jsonl': 'tuning',
  'dev3-s11.jsonl': 'tuning',
};
const TYPES = new Set(['exact', 'near', 'format-restated', 'format-conflict', 'persona', 'filler']);
const DIR = path.join(REPO, 'bench/injections');

/** A line's words as a reader compares them: list marker, Markdown emphasis and spacing folded. */
const words = (s: string) =>
  s
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('injected-defect sets', () => {
  it('every set in the folder is listed here with its half', () => {
    const onDisk = fs.readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort();
    expect(onDisk).toEqual(Object.keys(SETS).sort());
  });

  for (const [name, half] of Object.entries(SETS)) {
    const cases: Case[] = fs
      .readFileSync(path.join(DIR, name), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Case);

    it(`${name}: unique ids, known types, files of the ${half} half`, () => {
      expect(cases.length).toBeGreaterThan(0);
      expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
      for (const c of cases) {
        expect(TYPES.has(c.type), c.id).toBe(true);
        expect(c.inserts.length, c.id).toBeGreaterThan(0);
        expect(corpusHalf(c.file), c.id).toBe(half);
      }
    });

    it.skipIf(!corpusPresent)(`${name}: inserts land inside their files; exact copies match their source lines`, () => {
      for (const c of cases) {
        const lines = fs.readFileSync(path.join(corpusRoot, c.file), 'utf8').split('\n');
        for (const ins of c.inserts) {
          expect(ins.after, c.id).toBeGreaterThanOrEqual(0);
          expect(ins.after, c.id).toBeLessThanOrEqual(lines.length);
        }
        if (c.type !== 'exact' || c.source == null) continue;
        // the copied text may span two source lines (a wrapped sentence)
        const source = words(`${lines[c.source - 1]} ${lines[c.source] ?? ''}`);
        // the copy is the first inserted line (a writer may add a line of their own after it)
        const copied = words(c.inserts[0]!.text.split('\n').find((l) => l.trim()) ?? '');
        expect(copied.length, c.id).toBeGreaterThan(0);
        expect(source.includes(copied) || copied.includes(words(lines[c.source - 1]!)), c.id).toBe(true);
      }
    });
  }
});
