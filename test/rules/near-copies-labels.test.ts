/**
 * The judged findings of duplicate-instruction's `reworded` option (bench/near-copies-labels.jsonl:
 * uniform samples of its findings on the tuning half, judged as the prompt's maintainer would, by
 * session: `sample`; see docs/decisions/near-copies.md). A finding judged true must not disappear.
 * One judged false is still reported (the option is off by default for that reason), and its test
 * says so by name and asserts it, so that a change that drops it shows here (then record it as fixed).
 * Skips with a message when the corpus is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/duplicate-instruction.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';
import { corpusHalf, corpusPresent, corpusRoot } from '../helpers/corpus.js';

interface Label {
  file: string;
  line: number;
  earlier: number;
  verdict: boolean;
  reason: string;
  /** the sample it was judged in (s11; s12-A on the build before session 12's change, s12-B and s12-C after it) */
  sample?: string;
  /**
   * since judged: 'fixed' (false, no longer reported), 'summary' (in a recap or digest: reported only
   * with `summaries: true`) or 'copy' (true, but the two sentences are the same: no longer read as
   * reworded, left to the copy path, which reports it word for word or sets it apart)
   */
  now?: 'fixed' | 'summary' | 'copy' | 'reminder';
  nowReason?: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const labels: Label[] = fs
  .readFileSync(path.join(HERE, '../../bench/near-copies-labels.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Label);

describe('reworded findings judged on the tuning half', () => {
  it('are well formed, and all on the tuning half', () => {
    expect(labels.length).toBe(117);
    for (const l of labels) {
      expect(l.reason.length, JSON.stringify(l)).toBeGreaterThan(0);
      expect(corpusHalf(l.file), `${l.file} is in the held-out half`).toBe('tuning');
    }
  });

  if (!corpusPresent) {
    it.skip(`no corpus at ${corpusRoot}: the judged findings are not re-checked`, () => {});
    return;
  }

  const configs = {
    plain: testConfig({ rules: { 'duplicate-instruction': ['warning', { ...rule.meta.defaultOptions, reworded: true }] } }),
    summaries: testConfig({ rules: { 'duplicate-instruction': ['warning', { ...rule.meta.defaultOptions, reworded: true, summaries: true }] } }),
    reminders: testConfig({ rules: { 'duplicate-instruction': ['warning', { ...rule.meta.defaultOptions, reworded: true, reminders: true }] } }),
  };
  const found = new Map<string, Set<string>>();
  const pairsOf = (file: string, which: keyof typeof configs = 'plain') => {
    const config = configs[which];
    let pairs = found.get(`${which}:${file}`);
    if (!pairs) {
      const text = fs.readFileSync(path.join(corpusRoot, file), 'utf8').replace(/^\uFEFF/, '');
      const doc = parseDocument(createSourceFile(path.join(corpusRoot, file), text));
      pairs = new Set(
        lintDocument(doc, config, [rule])
          // with reminders: true, a pair set apart as a reminder is reported under its own message
          .findings.filter((f) => f.messageId === 'reworded' || (which === 'reminders' && f.related?.length))
          .map((f) => `${f.start.line + 1}<${doc.file.lines.positionAt(f.related![0]!.range.start).line + 1}`),
      );
      found.set(`${which}:${file}`, pairs);
    }
    return pairs;
  };
  for (const l of labels) {
    const name = `${l.file}:${l.line} restates line ${l.earlier} (${l.reason})`;
    const pair = `${l.line}<${l.earlier}`;
    if (l.now === 'fixed') it(`false, fixed: ${name} (${l.nowReason})`, () => expect(pairsOf(l.file).has(pair)).toBe(false));
    else if (l.now === 'copy') it(`true, left to the copy path: ${name} (${l.nowReason})`, () => expect(pairsOf(l.file).has(pair)).toBe(false));
    else if (l.now === 'summary')
      it(`in a summary: ${name} (${l.nowReason})`, () => {
        expect(pairsOf(l.file).has(pair), 'reported by default').toBe(false);
        expect(pairsOf(l.file, 'summaries').has(pair), 'not reported with summaries: true').toBe(true);
      });
    else if (l.now === 'reminder')
      it(`set apart as a reminder: ${name} (${l.nowReason})`, () => {
        expect(pairsOf(l.file).has(pair), 'reported by default').toBe(false);
        expect(pairsOf(l.file, 'reminders').has(pair), 'not reported with reminders: true').toBe(true);
      });
    else if (l.verdict) it(`true: ${name}`, () => expect(pairsOf(l.file).has(`${l.line}<${l.earlier}`)).toBe(true));
    else it(`false, still reported: ${name}`, () => expect(pairsOf(l.file).has(`${l.line}<${l.earlier}`), 'no longer reported: mark it dropped').toBe(true));
  }
});
