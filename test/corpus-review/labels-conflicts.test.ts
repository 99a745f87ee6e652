/**
 * Every conflict finding read on the corpus, kept as labels (`labels-conflicts.jsonl`: rule, file,
 * line, fingerprint, verdict, reason). A finding judged false must not come back; one judged true
 * must stay. The fingerprint is the first 16 hex digits of sha1(rule, the finding's source line,
 * the related source line), each line trimmed, joined by newlines: it survives line moves in the
 * corpus but not edits of either line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleById } from '../../rules/index.js';
import { lintDocument } from '../../server/src/engine/linter.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';
import { corpusPresent, corpusRoot } from '../helpers/corpus.js';

interface Label {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly fingerprint: string;
  readonly verdict: 'true' | 'false';
  readonly reason: string;
}

const labels = fs
  .readFileSync(path.join(import.meta.dirname, 'labels-conflicts.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Label);

export function fingerprint(rule: string, line: string, relatedLine: string): string {
  return crypto.createHash('sha1').update(`${rule}\n${line.trim()}\n${relatedLine.trim()}`).digest('hex').slice(0, 16);
}

function findingPrints(label: Label): string[] {
  const rule = ruleById(label.rule)!;
  const text = fs.readFileSync(path.join(corpusRoot, label.file), 'utf8');
  const doc = parseDocument(createSourceFile(path.join(corpusRoot, label.file), text));
  const out = lintDocument(doc, testConfig({ rules: { [rule.meta.id]: ['error', {}] } }), [rule]);
  const lines = doc.file.text.split(/\r?\n/);
  return out.findings.map((f) => fingerprint(label.rule, lines[f.start.line] ?? '', lines[f.related?.[0]?.start.line ?? -1] ?? ''));
}

describe('labelled corpus findings of the conflict rules', () => {
  it('are well formed', () => {
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(ruleById(l.rule), l.rule).toBeDefined();
      expect(l.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(['true', 'false']).toContain(l.verdict);
      expect(l.reason.length).toBeGreaterThan(10);
    }
  });

  const needCorpus = !corpusPresent;
  for (const l of labels) {
    it.skipIf(needCorpus)(`${l.verdict === 'false' ? 'stays silent on' : 'still finds'} ${l.rule} at ${l.file}:${l.line}${needCorpus ? ' (skipped: no corpus at ../shared/corpus)' : ''}`, () => {
      const prints = findingPrints(l);
      if (l.verdict === 'false') expect(prints).not.toContain(l.fingerprint);
      else expect(prints).toContain(l.fingerprint);
    });
  }
});
