#!/usr/bin/env node
// The judged table of duplicate-instruction: every finding of the rule that a reviewer judged
// (test/corpus-review/labels.jsonl and test/corpus-review/heldout/verdicts-*.jsonl; one verdict per
// fingerprint by the majority of the verdicts on record, the latest winning a tie), joined with the
// findings a build reports today on those files (by fingerprint), each with features computed from
// the parsed document: copy kind, words, same section or not, distance, list context, depth,
// labelled reminder, position in its prompt, prompts in the file, the source repository
// (MANIFEST.tsv column 2).
//
// It prints the judged precision of the build (true / judged findings it reports) overall and per
// source repository, and with --table writes one JSON line per judged finding (no corpus text:
// file, line, source, verdict, cause, reported, features). --compare A.jsonl B.jsonl compares two
// tables (before / after a change) leave-one-source-out: per source repository, the judged false
// findings a change removes and the judged true ones it loses, and the gain with each source left
// out in turn (a change whose gain rests on one repository is overfitting).
//
// --summary prints the table's summary as Markdown (no corpus text): the judged findings a build
// reports, true / all per source repository, per cause of the false ones, and per feature bucket.
//
// --corpus DIR reads another corpus (a folder with MANIFEST.tsv): for the fresh corpus
// (../fresh-corpus) the verdicts are test/corpus-review/fresh/verdicts-*.jsonl instead of the shared
// corpus's labels and held-out verdicts.
//
//   node bench/dup-judged.mjs [--dist dist] [--corpus ../fresh-corpus] [--table out.jsonl] [--summary]
//   node bench/dup-judged.mjs --compare before.jsonl after.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { parseCliArgs } from './cli-args.mjs';
import { CORPUS as SHARED_CORPUS, FRESH_CORPUS, loadDist, manifestRows, PLAIN_CONFIG, readCorpusText, ROOT } from '../test/helpers/corpus-sampler.mjs';
import { fingerprint } from '../test/corpus-review/fingerprint.mjs';
import { corpusHalf } from '../test/helpers/corpus-split.mjs';

const { values, positionals } = parseCliArgs(import.meta.url, {
  options: {
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    table: { type: 'string' },
    compare: { type: 'boolean', default: false },
    summary: { type: 'boolean', default: false },
    rule: { type: 'string', default: 'duplicate-instruction' },
    corpus: { type: 'string' },
  },
  allowPositionals: true,
});

const CORPUS = values.corpus ? path.resolve(values.corpus) : SHARED_CORPUS;
const FRESH = CORPUS === FRESH_CORPUS;

const wilson = (k, n) => {
  if (!n) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const r = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - r) / d, (c + r) / d];
};
const pct = (k, n) => (n ? `${k}/${n} = ${Math.round((100 * k) / n)}%` : '0/0');
const interval = (k, n) => wilson(k, n).map((x) => Math.round(100 * x)).join('–');

if (values.compare) {
  const [a, b] = positionals.map((f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
  // a reported finding by its place (file, line, related line); a judged one not reported by its fingerprint
  const key = (r) => (r.reported ? `${r.file}\u0000${r.line}:${r.column}\u0000${r.related}` : `${r.file}\u0000${r.fingerprint}\u0000-`);
  const after = new Map(b.map((r) => [key(r), r]));
  for (const r of b) if (r.reported && !a.some((x) => key(x) === key(r))) a.push({ ...r, reported: false });
  const bySource = new Map();
  const bump = (src, k) => {
    const s = bySource.get(src) ?? { falseGone: 0, trueGone: 0, falseNew: 0, trueNew: 0 };
    s[k]++;
    bySource.set(src, s);
  };
  let [tb, nb, ta, na] = [0, 0, 0, 0];
  for (const r of a) {
    const r2 = after.get(key(r));
    if (r.reported) (nb++, r.verdict === 'true' && tb++);
    if (r2?.reported) (na++, r2.verdict === 'true' && ta++);
    if (r.reported && !r2?.reported) bump(r.source, r.verdict === 'true' ? 'trueGone' : 'falseGone');
    if (!r.reported && r2?.reported) bump(r.source, r.verdict === 'true' ? 'trueNew' : 'falseNew');
  }
  console.log(`judged precision before ${pct(tb, nb)} (${interval(tb, nb)}), after ${pct(ta, na)} (${interval(ta, na)})`);
  const rows = [...bySource].sort((x, y) => y[1].falseGone - x[1].falseGone);
  const gain = (s) => s.falseGone - s.trueGone - s.falseNew + s.trueNew;
  const total = rows.reduce((t, [, s]) => t + gain(s), 0);
  console.log(`sources changed: ${rows.length}; false removed ${rows.reduce((t, [, s]) => t + s.falseGone, 0)}, true lost ${rows.reduce((t, [, s]) => t + s.trueGone, 0)}, false added ${rows.reduce((t, [, s]) => t + s.falseNew, 0)}, true added ${rows.reduce((t, [, s]) => t + s.trueNew, 0)}`);
  console.log('source\tfalse removed\ttrue lost\tfalse added\ttrue added\tnet gain with this source left out');
  for (const [src, s] of rows) console.log(`${src}\t${s.falseGone}\t${s.trueGone}\t${s.falseNew}\t${s.trueNew}\t${total - gain(s)}`);
  const positive = rows.filter(([, s]) => gain(s) > 0).length;
  console.log(`net gain ${total}; sources with a net gain ${positive}; smallest gain with one source left out ${Math.min(total, ...rows.map(([, s]) => total - gain(s)))}`);
  process.exit(0);
}

// --- the verdicts on record, one per fingerprint -------------------------------------------------
const REVIEW = path.join(ROOT, 'test/corpus-review');
const sourceOf = new Map(manifestRows(CORPUS).map((r) => [r[0], r[1]]));
const sessionOrder = (f) => {
  const m = /verdicts-(\d{4}-\d\d-\d\d)(?:-s(\d+))?\.jsonl$/.exec(f);
  return m ? `${m[1]}-${String(m[2] ?? 5).padStart(2, '0')}` : '9999';
};
const verdictFiles = (dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('verdicts-'))
    .sort((x, y) => sessionOrder(x).localeCompare(sessionOrder(y)))
    .map((f) => path.join(dir, f));
const files = FRESH ? verdictFiles(path.join(REVIEW, 'fresh')) : CORPUS !== SHARED_CORPUS ? [] : [
  ...fs
    .readdirSync(path.join(REVIEW, 'heldout'))
    .filter((f) => f.startsWith('verdicts-'))
    .sort((x, y) => sessionOrder(x).localeCompare(sessionOrder(y)))
    .map((f) => path.join(REVIEW, 'heldout', f)),
  path.join(REVIEW, 'labels.jsonl'),
];
const votes = new Map();
for (const [order, f] of files.entries()) {
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const v = JSON.parse(line);
    if (v.rule !== values.rule || (v.verdict !== 'true' && v.verdict !== 'false')) continue;
    const k = `${v.file}\u0000${v.fingerprint}`;
    const list = votes.get(k) ?? [];
    list.push({ ...v, order });
    votes.set(k, list);
  }
}
const judged = new Map();
for (const [k, list] of votes) {
  const t = list.filter((v) => v.verdict === 'true').length;
  const f = list.length - t;
  const latest = list.reduce((x, y) => (y.order >= x.order ? y : x));
  const verdict = t > f ? 'true' : f > t ? 'false' : latest.verdict;
  const cause = [...list].reverse().find((v) => v.cause)?.cause ?? null;
  judged.set(k, { file: list[0].file, fingerprint: list[0].fingerprint, line: latest.line, verdict, votes: `${t}t/${f}f`, cause, reason: latest.reason });
}

// --- today's findings on the judged files, with features --------------------------------------
const { allRules, parseDocument, createSourceFile, lintDocument } = await loadDist(values.dist);
const rules = allRules.filter((r) => r.meta.id === values.rule);
const REMINDER = /^\W*(?:(?:important|key|final|critical|quick|friendly|gentle)\s+)?(?:reminder|remember|again|as (?:noted|mentioned|stated|said) (?:above|before|earlier)|to repeat|once again|i repeat)\b/i;

function unitAt(doc, offset) {
  for (const p of doc.prompts) for (const u of p.units) if (u.range.start <= offset && offset < Math.max(u.range.end, u.range.start + 1)) return { prompt: p, unit: u };
  return undefined;
}
const depthOf = (p, s) => (s >= 0 ? p.sections[s].depth : 0);
const pathOf = (p, s) => {
  const out = [];
  for (let k = s; k >= 0; k = p.sections[k].parent) out.unshift(k);
  return out;
};

function features(doc, f) {
  const at = unitAt(doc, f.range.start);
  const rel = f.related?.[0];
  const other = rel ? unitAt(doc, rel.range.start) : undefined;
  const text = doc.file.text;
  const later = text.slice(f.range.start, f.range.end);
  const words = later.split(/\s+/).filter(Boolean).length;
  const out = { messageId: f.messageId, severity: f.severity, words, lines: f.start.line - (rel?.start.line ?? f.start.line), chars: f.range.start - (rel?.range.end ?? f.range.start), prompts: doc.prompts.length, fileChars: text.length };
  if (!at || !other) return out;
  const { prompt, unit } = at;
  const samePrompt = other.prompt === prompt;
  out.samePrompt = samePrompt;
  out.context = unit.context;
  out.otherContext = other.unit.context;
  out.sameSection = samePrompt && other.unit.section === unit.section;
  if (samePrompt) {
    const pa = pathOf(prompt, other.unit.section);
    const pb = pathOf(prompt, unit.section);
    let common = 0;
    while (common < pa.length && common < pb.length && pa[common] === pb[common]) common++;
    out.sectionDepth = depthOf(prompt, unit.section);
    out.otherDepth = depthOf(prompt, other.unit.section);
    out.sameDepth = out.sectionDepth === out.otherDepth;
    out.siblings = !out.sameSection && pa.length === pb.length && common === pa.length - 1;
    out.commonAncestors = common;
    const len = prompt.text.length || 1;
    const start = prompt.toSource(0);
    out.promptChars = prompt.text.length;
    out.posLater = Math.round((100 * (f.range.start - start)) / len) / 100;
    out.posEarlier = Math.round((100 * (rel.range.start - start)) / len) / 100;
    out.unitsBetween = unit.index - other.unit.index;
    out.promptUnits = prompt.units.length;
  }
  out.reminderLabel = REMINDER.test(later.replace(/^[\s>*_#-]+/, ''));
  // how many units of the prompt carry the same text (a line carried by 3+ items is template-like)
  const norm = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const key = norm(unit.text);
  out.copies = prompt.units.filter((u) => norm(u.text) === key).length;
  if (!samePrompt) return out;
  const units = prompt.units;
  const same = (x, y) => x && y && norm(x.text) === norm(y.text);
  // a pasted run: the unit before or after the later copy repeats the one before or after the earlier copy
  out.run = !!(same(units[unit.index - 1], units[other.unit.index - 1]) && unit.index - 1 !== other.unit.index) || !!(same(units[unit.index + 1], units[other.unit.index + 1]) && unit.index + 1 !== other.unit.index + 0 && other.unit.index + 1 !== unit.index);
  // how many units of the later copy's section repeat a unit of the earlier copy's section
  const inSec = (s) => units.filter((u) => u.section === s);
  const earlierKeys = new Set(inSec(other.unit.section).map((u) => norm(u.text)));
  const laterSec = inSec(unit.section);
  out.sectionUnits = laterSec.length;
  out.otherSectionUnits = inSec(other.unit.section).length;
  out.sharedInSections = laterSec.filter((u) => earlierKeys.has(norm(u.text))).length;
  out.kLater = laterSec.indexOf(unit);
  out.kEarlier = inSec(other.unit.section).indexOf(other.unit);
  out.lastLater = out.kLater === laterSec.length - 1;
  out.lastEarlier = out.kEarlier === out.otherSectionUnits - 1;
  out.sectionsHolding = new Set(units.filter((u) => norm(u.text) === key).map((u) => u.section)).size;
  out.titles = [prompt.sections[other.unit.section]?.title ?? '', prompt.sections[unit.section]?.title ?? ''].map((t) => t.slice(0, 40));
  return out;
}

const byFile = new Map();
for (const j of judged.values()) byFile.set(j.file, [...(byFile.get(j.file) ?? []), j]);
const table = [];
let [tr, n] = [0, 0];
const perSource = new Map();
for (const [file, list] of byFile) {
  let text;
  try {
    text = readCorpusText(file, CORPUS);
  } catch {
    continue;
  }
  const doc = parseDocument(createSourceFile(path.join(CORPUS, file), text));
  const verdictOf = new Map(list.map((j) => [j.fingerprint, j]));
  const seen = new Set();
  // every finding reported today whose fingerprint was judged (several findings may share one: the
  // same line copied into several places has one fingerprint, and each copy counts)
  for (const f of lintDocument(doc, PLAIN_CONFIG, rules).findings) {
    const j = verdictOf.get(fingerprint(text, f));
    if (!j) continue;
    seen.add(j.fingerprint);
    const row = { file, source: sourceOf.get(file) ?? '?', fingerprint: j.fingerprint, verdict: j.verdict, votes: j.votes, cause: j.cause, reason: j.reason, reported: true, line: f.start.line + 1, column: f.start.character + 1, related: (f.related?.[0]?.start.line ?? -1) + 1, ...features(doc, f) };
    table.push(row);
    n++;
    if (j.verdict === 'true') tr++;
    const s = perSource.get(row.source) ?? [0, 0];
    s[1]++;
    if (j.verdict === 'true') s[0]++;
    perSource.set(row.source, s);
  }
  for (const j of list) if (!seen.has(j.fingerprint)) table.push({ file, source: sourceOf.get(file) ?? '?', fingerprint: j.fingerprint, verdict: j.verdict, votes: j.votes, cause: j.cause, reason: j.reason, reported: false, line: j.line });
}
console.log(`judged fingerprints on record: ${judged.size} (${[...judged.values()].filter((j) => j.verdict === 'true').length} true); findings of this build with a judged fingerprint: ${n}; judged precision ${pct(tr, n)} (Wilson ${interval(tr, n)})`);
for (const [src, [t, m]] of [...perSource].sort((x, y) => y[1][1] - x[1][1])) console.log(`  ${src}\t${pct(t, m)}`);
if (values.table) fs.writeFileSync(values.table, table.map((r) => JSON.stringify(r)).join('\n') + '\n');

if (values.summary) {
  const rows = table.filter((r) => r.reported);
  const bucket = (title, keyOf) => {
    const m = new Map();
    for (const r of rows) {
      const k = String(keyOf(r));
      const v = m.get(k) ?? [0, 0];
      v[1]++;
      if (r.verdict === 'true') v[0]++;
      m.set(k, v);
    }
    console.log(`\n| ${title} | true / judged | precision |\n| --- | --- | --- |`);
    for (const [k, [t, c]] of [...m].sort((x, y) => y[1][1] - x[1][1])) console.log(`| ${k} | ${t}/${c} | ${Math.round((100 * t) / c)}% |`);
  };
  const band = (x, edges) => {
    for (const [i, e] of edges.entries()) if (x <= e) return i === 0 ? `≤ ${e}` : edges[i - 1] + 1 === e ? `${e}` : `${edges[i - 1] + 1}–${e}`;
    return `> ${edges[edges.length - 1]}`;
  };
  console.log(`\nJudged findings reported: ${rows.length}, true ${rows.filter((r) => r.verdict === 'true').length} (${pct(tr, n)}, Wilson ${interval(tr, n)}); judged fingerprints not reported: ${table.filter((r) => !r.reported).length}.`);
  bucket('half of the shared corpus (the held-out half is where the old reviews sampled)', (r) => corpusHalf(r.file));
  bucket('source repository', (r) => r.source);
  bucket('cause given for a false verdict (s13 reviewers; "-" none)', (r) => (r.verdict === 'false' ? (r.cause ?? (/^\[([a-z-]+)/.exec(r.reason ?? '')?.[1] ?? '-')) : 'true'));
  bucket('copy kind (message)', (r) => r.messageId);
  bucket('same section', (r) => r.sameSection);
  bucket('sibling sections', (r) => r.siblings);
  bucket('part of a pasted run (a neighbour repeats too)', (r) => r.run);
  bucket('context of the later copy', (r) => r.context);
  bucket('words of the later copy', (r) => band(r.words, [5, 10, 20]));
  bucket('lines between the copies', (r) => band(r.lines, [5, 20, 100]));
  bucket('units of the prompt carrying the line', (r) => band(r.copies, [2, 3]));
  bucket('sections carrying the line', (r) => band(r.sectionsHolding, [1, 2]));
  bucket('earlier copy in the first tenth of its prompt', (r) => r.posEarlier <= 0.1);
  bucket('later copy in the last tenth of its prompt', (r) => r.posLater >= 0.9);
  bucket('labelled reminder', (r) => r.reminderLabel);
  bucket('prompts in the file', (r) => band(r.prompts, [1, 2]));
}
