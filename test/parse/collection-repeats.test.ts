/**
 * In a collection of prompts (a body already read as three or more prompts), a template kept twice
 * (the same heading tree, or a long run of the same lines, found again inside what is one prompt so
 * far) is another template of the collection; outside a collection the same block is a section
 * pasted twice into one prompt and stays a repeat (server/src/parse/boundaries.ts, repeatedRuns).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';
import { REPO } from '../helpers/cli.js';

const collection = fs.readFileSync(path.join(REPO, 'fixtures/rules/duplicate-instruction/valid/collection-template-kept-twice.md'), 'utf8');
// the same planner prompt alone: the other two prompts of the collection (its first 12 lines) dropped
const alone = collection.split('\n').slice(12).join('\n');
const dup = allRules.filter((r) => r.meta.id === 'duplicate-instruction');
const lines = (text: string) => {
  const doc = parseDocument(createSourceFile('p.md', text));
  return { doc, found: lintDocument(doc, testConfig(), dup).findings.map((f) => doc.file.lines.positionAt(f.range.start).line + 1) };
};

describe('a template kept twice in a collection', () => {
  it('starts a prompt of its own at its second copy', () => {
    const { doc, found } = lines(collection);
    const starts = doc.prompts.map((p) => [p.boundary, doc.file.text.slice(p.range.start, p.range.end).split('\n')[0]]);
    expect(starts).toEqual([
      ['file', 'You are Quill, a writing assistant for the docs team.'],
      ['identity', '---'],
      ['identity', '---'],
      ['repeat', 'Respond with text only while you plan.'],
    ]);
    expect(found).toEqual([]);
  });

  it('outside a collection, the same section pasted twice is reported, line by line', () => {
    expect(alone.split('\n')[0]).toBe('You are Quill Planner, an agent that plans documentation work.');
    const { doc, found } = lines(alone);
    expect(doc.prompts).toHaveLength(1);
    // the nine copied lines of the second copy (lines 40-48 of the prompt alone)
    expect(found).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48]);
  });
});
