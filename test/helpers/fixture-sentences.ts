/** Every sentence of the rule fixtures' prompt files (list markers removed): material for the readers' prefilter oracles. */
import fs from 'node:fs';
import path from 'node:path';
import { sentencesOf } from '../../rules/lib/words.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/rules');

export function fixtureSentences(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(?:md|mdc|txt|prompt|ya?ml)$/.test(e.name) && !e.name.endsWith('.expected.txt')) {
        for (const line of fs.readFileSync(p, 'utf8').split('\n')) out.push(...sentencesOf(line.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '')));
      }
    }
  };
  walk(FIXTURES);
  return out;
}
