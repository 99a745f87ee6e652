#!/usr/bin/env node
// npm run bench:injections: recall on defects that other writers injected into real prompts.
//
// bench/mutations.mjs injects texts written alongside the detectors. The sets here were written by
// writers who saw neither the detectors nor that bench (bench/injections/README.md): each case names
// a corpus file, the lines to insert after given lines of the original, and the defect type. The
// corpus is read in place. A defect counts as found when a finding of one of its rules starts on a
// non-blank inserted line or points to one; a new false alarm is a finding the original did not
// have that touches no inserted line.
//   --set blind  (default) held-out prompts; read only the summary lines, never tune on it
//   --set dev    tuning-half prompts, for finding and fixing misses (--verbose lists them)
//   --set dev2   a second writer's tuning-half set (exact, near, format-restated), used the same way
//   --set dev3   a fourth writer's tuning-half set (near, persona, format-restated, format-conflict), the same way
//   --set blind2 a fifth writer's held-out set (12 of each type, session 12): blind like --set blind
//
//   node bench/injections.mjs [--set blind|blind2|dev|dev2|dev3 | --cases F.jsonl] [--dist dist] [--json out.json] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { applyInserts } from './injected-cases.mjs';
import { inMemoryLinter, RULES_BY_DEFECT, touches, wilson } from './lint-in-memory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    set: { type: 'string', default: 'blind' },
    cases: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    json: { type: 'string' },
    'limit-ms': { type: 'string', default: '20000' },
  },
});
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`bench:injections: no corpus at ${CORPUS}; nothing to measure`);
  process.exit(0);
}

const SETS = { blind: 'bench/injections/blind-s9.jsonl', blind2: 'bench/injections/blind-s12.jsonl', dev: 'bench/injections/dev-s9.jsonl', dev2: 'bench/injections/dev2-s10.jsonl', dev3: 'bench/injections/dev3-s11.jsonl' };
if (!values.cases && !SETS[values.set]) {
  console.error(`bench:injections: --set is blind, blind2, dev, dev2 or dev3, not ${values.set}`);
  process.exit(2);
}
const casesFile = values.cases ?? path.join(ROOT, SETS[values.set]);
const cases = fs.readFileSync(casesFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const { lint, close } = inMemoryLinter(values.dist, Number(values['limit-ms']));
const TYPES = Object.keys(RULES_BY_DEFECT);
const score = Object.fromEntries(TYPES.map((t) => [t, { n: 0, found: 0 }]));
let falseAlarms = 0;
const skipped = [];
const details = [];
for (const c of cases) {
  const text = fs.readFileSync(path.join(CORPUS, c.file), 'utf8').replace(/^\uFEFF/, '');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const original = await lint(c.file, text);
  const mutated = applyInserts(lines, c.inserts);
  const after = original && (await lint(c.file, mutated.lines.join(eol)));
  if (!after) {
    skipped.push(c.id);
    continue;
  }
  const found = after.some((f) => RULES_BY_DEFECT[c.type].includes(f.ruleId) && touches(f, mutated.injected));
  const moved = new Set(original.map((f) => `${f.ruleId}\u0000${mutated.origLineToNew(f.start.line + 1)}`));
  const fresh = after.filter((f) => !touches(f, mutated.injected) && !moved.has(`${f.ruleId}\u0000${f.start.line + 1}`));
  score[c.type].n++;
  if (found) score[c.type].found++;
  falseAlarms += fresh.length;
  details.push({ id: c.id, type: c.type, found, falseAlarms: fresh.map((f) => `${f.ruleId}@${f.start.line + 1}`) });
  if (values.verbose && values.set === 'blind' && !values.cases) continue; // the blind set stays unread
  if (values.verbose && (!found || fresh.length)) console.log(`${found ? 'FOUND' : 'MISS '} ${c.id} ${c.type.padEnd(16)} ${c.file}:${mutated.injected.join(',')} ${c.note ?? ''}${fresh.length ? `\n   false alarms: ${fresh.map((f) => `${f.ruleId}@${f.start.line + 1}`).join(', ')}` : ''}`);
}
await close();
const pct = (x) => `${(100 * x).toFixed(0)}%`;
const n = TYPES.reduce((s, t) => s + score[t].n, 0);
console.log(`injections: ${n} cases from ${path.relative(ROOT, casesFile)}${skipped.length ? `; ${skipped.length} skipped as too slow to lint` : ''}`);
console.log('defect type        found/n   recall  (Wilson 95%)');
for (const t of TYPES) {
  const { n: k, found } = score[t];
  if (!k) continue;
  const [lo, hi] = wilson(found, k);
  console.log(`${t.padEnd(18)} ${String(found).padStart(3)}/${String(k).padEnd(4)}  ${pct(found / k).padStart(5)}   (${pct(lo)}-${pct(hi)})`);
}
const total = TYPES.reduce((s, t) => s + score[t].found, 0);
console.log(`all                ${total}/${n}  ${pct(n ? total / n : 0)}`);
console.log(`new false alarms: ${falseAlarms} (${n ? ((100 * falseAlarms) / n).toFixed(1) : 0} per 100 injections)`);
if (values.json) fs.writeFileSync(values.json, JSON.stringify({ score, falseAlarms, details }, null, 1));
