/**
 * Scores the conflict rules on the labelled pairs of `pairs.yaml`: a positive is found when a
 * conflicting-* rule reports on one of its two statements with related information pointing at the
 * other; a negative is a false alarm when any conflicting-* rule reports anything at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import conflictingFormatRule from '../../rules/conflicting-format-rule.js';
import conflictingInstruction from '../../rules/conflicting-instruction.js';
import conflictingPersona from '../../rules/conflicting-persona.js';
import { lintDocument, lintTask, modelFor } from '../../server/src/engine/linter.js';
import type { Finding } from '../../server/src/engine/types.js';
import { createSourceFile } from '../../server/src/model/source.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { testConfig } from '../helpers/config.js';

export interface Pair {
  readonly id: string;
  readonly slot: string;
  readonly style: string;
  readonly where: 'file' | 'task';
  readonly conflict: boolean;
  readonly a: string;
  readonly b: string;
}

export interface Outcome {
  readonly pair: Pair;
  /** Some conflicting-* finding at all. */
  readonly fired: boolean;
  /** A finding on one statement related to the other. */
  readonly found: boolean;
  readonly messages: readonly string[];
  readonly errors: readonly string[];
}

export const RULES = [conflictingFormatRule, conflictingInstruction, conflictingPersona];
const config = testConfig({ rules: Object.fromEntries(RULES.map((r) => [r.meta.id, ['error', {}]])) });

export function loadPairs(file = path.join(import.meta.dirname, 'pairs.yaml')): Pair[] {
  return parseYaml(fs.readFileSync(file, 'utf8')) as Pair[];
}

interface Span {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

const inside = (s: Span, p: string, offset: number): boolean => p === s.path && offset >= s.start && offset < s.end;

function hits(f: Finding, here: Span, there: Span): boolean {
  return inside(here, f.path, f.range.start) && !!f.related?.some((r) => inside(there, r.path, r.range.start));
}

export function run(pair: Pair): Outcome {
  const findings: Finding[] = [];
  const errors: string[] = [];
  let spanA: Span;
  let spanB: Span;
  if (pair.where === 'file') {
    const sep = pair.a.startsWith('- ') && pair.b.startsWith('- ') ? '\n' : '\n\n';
    const text = `${pair.a}${sep}${pair.b}\n`;
    const file = '/virtual/AGENTS.md';
    spanA = { path: file, start: 0, end: pair.a.length };
    spanB = { path: file, start: pair.a.length + sep.length, end: text.length };
    const out = lintDocument(parseDocument(createSourceFile(file, text)), config, RULES);
    findings.push(...out.findings);
    errors.push(...out.ruleErrors);
  } else {
    const a = parseDocument(createSourceFile('/virtual/AGENTS.md', `${pair.a}\n`));
    const b = parseDocument(createSourceFile('/virtual/CLAUDE.md', `${pair.b}\n`));
    spanA = { path: a.file.path, start: 0, end: a.file.text.length };
    spanB = { path: b.file.path, start: 0, end: b.file.text.length };
    for (const doc of [a, b]) {
      const out = lintDocument(doc, config, RULES);
      findings.push(...out.findings);
      errors.push(...out.ruleErrors);
    }
    const out = lintTask({ name: 'pair', docs: [a, b], model: modelFor('gpt-4o', {}), warnAt: 0.8 }, config, RULES);
    findings.push(...out.findings);
    errors.push(...out.ruleErrors);
  }
  return {
    pair,
    fired: findings.length > 0,
    found: findings.some((f) => hits(f, spanA, spanB) || hits(f, spanB, spanA)),
    messages: findings.map((f) => `${path.basename(f.path)}:${f.start.line + 1} ${f.ruleId}: ${f.message}`),
    errors,
  };
}

export interface SlotScore {
  positives: number;
  found: number;
  negatives: number;
  falseAlarms: number;
}

export function score(outcomes: readonly Outcome[]): Map<string, SlotScore> {
  const bySlot = new Map<string, SlotScore>();
  const add = (slot: string, o: Outcome) => {
    const s = bySlot.get(slot) ?? { positives: 0, found: 0, negatives: 0, falseAlarms: 0 };
    bySlot.set(slot, s);
    if (o.pair.conflict) {
      s.positives++;
      if (o.found) s.found++;
    } else {
      s.negatives++;
      if (o.fired) s.falseAlarms++;
    }
  };
  for (const o of outcomes) {
    add(o.pair.slot, o);
    add('ALL', o);
  }
  return bySlot;
}

export function table(scores: ReadonlyMap<string, SlotScore>): string {
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(0)}%` : '-');
  const rows = [...scores].sort(([a], [b]) => (a === 'ALL' ? 1 : b === 'ALL' ? -1 : a.localeCompare(b)));
  const lines = ['| slot | recall | false alarms |', '| --- | --- | --- |'];
  for (const [slot, s] of rows) lines.push(`| ${slot} | ${s.found}/${s.positives} (${pct(s.found, s.positives)}) | ${s.falseAlarms}/${s.negatives} (${pct(s.falseAlarms, s.negatives)}) |`);
  return lines.join('\n');
}

/** The slot table with Wilson 95% intervals, as the held-out sets and other writers' batches print it. */
export function intervalTable(scores: ReadonlyMap<string, SlotScore>): string {
  const rate = (k: number, n: number): string => {
    if (n === 0) return '-';
    const [lo, hi] = wilson(k, n);
    const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
    return `${k}/${n} ${pct(k / n)} [${pct(lo)}–${pct(hi)}]`;
  };
  const rows = [...scores].sort(([a], [b]) => (a === 'ALL' ? 1 : b === 'ALL' ? -1 : a.localeCompare(b)));
  return ['| slot | recall [Wilson 95%] | false alarms [Wilson 95%] |', '| --- | --- | --- |', ...rows.map(([slot, s]) => `| ${slot} | ${rate(s.found, s.positives)} | ${rate(s.falseAlarms, s.negatives)} |`)].join('\n');
}

/** The overall score of the cases within one file and of those across two files. */
export function scoreByWhere(outcomes: readonly Outcome[]): Map<string, SlotScore> {
  const byWhere = new Map<string, SlotScore>();
  for (const where of ['file', 'task'] as const) {
    const s = score(outcomes.filter((o) => o.pair.where === where)).get('ALL');
    if (s) byWhere.set(where, s);
  }
  return byWhere;
}

/** Prints every miss and false alarm with what the rules said (never on a blind set unless it is retired). */
export function printMistakes(outcomes: readonly Outcome[]): void {
  for (const o of outcomes) {
    if (o.pair.conflict ? o.found : !o.fired) continue;
    console.log(`${o.pair.conflict ? 'MISS ' : 'FALSE'} ${o.pair.id} [${o.pair.slot}, ${o.pair.where}] ${JSON.stringify(o.pair.a)} / ${JSON.stringify(o.pair.b)}`);
    for (const m of o.messages) console.log(`      ${m}`);
  }
}

/** Wilson score interval for k successes out of n, 95% (z = 1.96), as fractions. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

