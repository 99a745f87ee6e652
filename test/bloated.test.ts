/**
 * The savings, shown: `prompt-lint --fix` on a copy of fixtures/bloated/ (a 31 KB support prompt
 * that grew for months: its persona stated three ways, formatting rules and whole sections pasted
 * twice, filler, word-for-word and near repetitions, a few real contradictions), through the real
 * CLI after the build.
 *
 * What is compared: the prompt's token count (`prompt-lint tokens --format json`, o200k_base for
 * the default gpt-4o) before and after `--fix`, against the savings the lint run reported before
 * fixing: the stylish total ("The fixes would save N tokens per call") and the sum of `tokensSaved`
 * over the JSON messages that carry a fix. They are equal, exactly, because every rule measures a
 * fix as the difference of the encoding of the lines around it with and without the edit, bounded
 * by safe cut points where no BPE merge crosses (server/src/engine/savings.ts); fixes that would touch
 * (neighbouring sentences, a whole pasted section) are merged into one edit whose savings are
 * counted once, so the first pass applies every fix and no later pass finds anything new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparisonForm } from '../rules/lib/comparison-forms.js';
import { createSourceFile } from '../server/src/model/source.js';
import type { PromptDocument, Unit } from '../server/src/model/types.js';
import { parseDocument } from '../server/src/parse/index.js';
import { cli, REPO, tempTree } from './helpers/cli.js';

const FIXTURE = path.join(REPO, 'fixtures/bloated/support-assistant.md');
const NAME = 'support-assistant.md';

interface JsonMessage {
  ruleId: string;
  line: number;
  column: number;
  fix?: { range: [number, number]; text: string };
  tokensSaved?: number;
  related?: { line: number; column: number }[];
}

function tokensOf(cwd: string): number {
  const r = cli(['tokens', '--format', 'json', NAME], { cwd });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout)[0].tokens.tokens as number;
}

function parse(text: string): PromptDocument {
  return parseDocument(createSourceFile(`/virtual/${NAME}`, text));
}

const promptOf = new WeakMap<Unit, PromptDocument['prompts'][number]>();

function units(doc: PromptDocument): Unit[] {
  return doc.prompts.flatMap((p) => p.units.filter((u) => u.isInstruction).map((u) => (promptOf.set(u, p), u)));
}

const keyOf = (u: Unit) => comparisonForm(promptOf.get(u)!, u).norm.key;

describe('bloated prompt: --fix saves what the lint run reported', () => {
  const original = fs.readFileSync(FIXTURE, 'utf8');
  let cwd = '';
  let before = 0;
  let after = 0;
  let reported = 0;
  let messages: JsonMessage[] = [];
  let fixed = '';

  beforeAll(() => {
    cwd = tempTree({ [NAME]: original, '.promptlintrc.json': JSON.stringify({ root: true }) });
    before = tokensOf(cwd);
    const stylish = cli([NAME], { cwd });
    expect(stylish.status, stylish.stderr).toBeLessThan(2);
    const saved = /The fixes would save ([\d,]+) tokens per call/.exec(stylish.stdout);
    expect(saved, stylish.stdout).not.toBeNull();
    reported = Number(saved![1]!.replace(/,/g, ''));
    const json = cli(['--format', 'json', NAME], { cwd });
    messages = JSON.parse(json.stdout)[0].messages as JsonMessage[];
    const fix = cli(['--fix', NAME], { cwd });
    expect(fix.status, fix.stderr).toBeLessThan(2);
    fixed = fs.readFileSync(path.join(cwd, NAME), 'utf8');
    after = tokensOf(cwd);
  });

  it('is a prompt of at least 30 KB with repetitions and filler to fix', () => {
    expect(Buffer.byteLength(original)).toBeGreaterThanOrEqual(30 * 1024);
    const fixable = messages.filter((m) => m.fix);
    expect(fixable.filter((m) => m.ruleId === 'duplicate-instruction').length).toBeGreaterThan(20);
    expect(fixable.filter((m) => m.ruleId === 'filler-phrase').length).toBeGreaterThan(10);
    expect(reported).toBeGreaterThan(500);
  });

  it('the JSON savings add up to the stylish total', () => {
    const sum = messages.filter((m) => m.fix).reduce((s, m) => s + (m.tokensSaved ?? 0), 0);
    expect(sum).toBe(reported);
  });

  it('the token count dropped by exactly the reported savings', () => {
    expect(before - after).toBe(reported);
  });

  it('the output still parses, with no double blank line, empty bullet or empty section left', () => {
    const doc = parse(fixed);
    expect(doc.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(fixed).not.toMatch(/\n[ \t]*\n[ \t]*\n/);
    expect(fixed).not.toMatch(/^[ \t]*(?:[-*+]|\d+\.)[ \t]*$/m);
    expect(fixed).not.toMatch(/^#{1,6} .*\n+(?=#{1,6} |$(?![\s\S]))/m);
  });

  it('a second --fix changes nothing', () => {
    const again = cli(['--fix', NAME], { cwd });
    expect(again.status, again.stderr).toBeLessThan(2);
    expect(fs.readFileSync(path.join(cwd, NAME), 'utf8')).toBe(fixed);
    const json = JSON.parse(cli(['--format', 'json', NAME], { cwd }).stdout)[0].messages as JsonMessage[];
    expect(json.filter((m) => m.fix)).toEqual([]);
  });

  it('every removed unit has a surviving twin: no unique instruction is lost', () => {
    const source = parse(original);
    const count = (list: Unit[]) => list.reduce((m, u) => m.set(keyOf(u), (m.get(keyOf(u)) ?? 0) + 1), new Map<string, number>());
    const kept = count(units(parse(fixed)));
    const lines = source.file.lines;
    const unitAt = (line: number, column: number) =>
      units(source).find((u) => u.range.start === lines.offsetAt({ line: line - 1, character: column - 1 }));
    let removed = 0;
    for (const [key, n] of count(units(source))) {
      const left = kept.get(key) ?? 0;
      removed += n - left;
      if (left > 0) continue; // a copy of this instruction survives
      // every copy is gone: each must have been removed by a finding whose twin survives
      for (const unit of units(source).filter((u) => keyOf(u) === key)) {
        const at = lines.positionAt(unit.range.start).line + 1;
        const finding = messages.find((m) => m.fix && m.related?.length && unitAt(m.line, m.column) === unit);
        expect(finding, `line ${at} was removed without a twin: ${unit.text}`).toBeDefined();
        const twin = unitAt(finding!.related![0]!.line, finding!.related![0]!.column);
        expect(twin && (kept.get(keyOf(twin)) ?? 0) > 0, `the twin of line ${at} survives`).toBe(true);
      }
    }
    expect(removed).toBeGreaterThan(20);
});
});
