#!/usr/bin/env node
// npm run bench:mutations: recall of the detectors on real prompts with known defects at known lines.
//
// Takes a seeded sample of Markdown prompts from the corpus (read in place, never copied; the
// tuning half by default, see test/helpers/corpus-split.mjs), and for each file makes one mutated
// copy per defect type, in memory:
//   exact          one of the file's own instructions copied word for word into a later, differently titled section
//   near           the same, restated with the small changes people make when they say a rule again
//                  (a "Remember to"/"Make sure to" opener, contractions, emphasis, inflections, punctuation)
//   format-restated  a formatting rule early and the same rule in other words in a later section
//   persona        a second, different persona ("You are …") in a later section (two when the file has none)
//   format-conflict  a formatting rule early and a rule that contradicts it in a later section
//   filler         a sentence opened by a filler phrase
// Every injected text below is written for this bench. A defect counts as found when a finding of
// one of its rules starts on an injected line or points to one (its related location). A new false
// alarm is a finding on the mutated file that the original did not have (same rule, same line once
// the inserted lines are accounted for) and that touches no injected line.
//
//   node bench/mutations.mjs [--files 40] [--seed 7] [--half tuning|heldout|all] [--dist dist] [--json out.json] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { rng } from './random.mjs';
import { inMemoryLinter, RULES_BY_DEFECT, touches, wilson } from './lint-in-memory.mjs';
import { corpusHalf } from '../test/helpers/corpus-split.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseCliArgs(import.meta.url, {
  options: {
    files: { type: 'string', default: '40' },
    seed: { type: 'string', default: '7' },
    half: { type: 'string', default: 'tuning' },
    dist: { type: 'string', default: path.join(ROOT, 'dist') },
    json: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    dump: { type: 'string' },
    'max-bytes': { type: 'string', default: '20000' },
    'limit-ms': { type: 'string', default: '20000' },
  },
});
if (!fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'))) {
  console.log(`bench:mutations: no corpus at ${CORPUS}; nothing to measure`);
  process.exit(0);
}
const dist = path.resolve(values.dist);
// Each lint runs in a worker thread with a time limit (bench/lint-in-memory.mjs): a file that
// main's linter reads super-linearly (issue 12) is skipped and counted instead of stalling the bench.
const { lint, close } = inMemoryLinter(dist, Number(values['limit-ms']));

//------------------------------------------------------------------------------
// Injected texts (written for this bench)
//------------------------------------------------------------------------------

/** Same formatting rule, two wordings: [early, later]. */
const FORMAT_RESTATED = [
  ['Always format lists as bullet points.', 'When you list several items, use bullet points.'],
  ['Keep every answer under 150 words.', 'Responses must not exceed 150 words.'],
  ['Never use emojis.', 'Do not include any emoji in your replies.'],
  ['Respond in JSON.', 'Your output must be valid JSON.'],
  ['Use Markdown headings to organise long answers.', 'Structure longer replies with Markdown headings.'],
  ['Avoid tables in your answers.', "Don't put information in tables."],
  ['Keep your answers short.', 'Be brief in every response.'],
  ['Do not use bold text.', 'Never put words in bold.'],
  ['Write in plain text without Markdown.', "Don't use Markdown formatting."],
  ['Use numbered lists for steps.', 'Present steps as a numbered list.'],
  ['No emojis, ever.', 'Emojis are not allowed in responses.'],
  ['Limit responses to three paragraphs.', 'Never write more than three paragraphs.'],
];

/** A formatting rule and one that contradicts it: [early, later]. */
const FORMAT_CONFLICT = [
  ['Always answer in JSON.', 'Reply in plain text.'],
  ['Use bullet points for every list.', 'Never use bullet points.'],
  ['Keep answers under 100 words.', 'Write at least 400 words in every answer.'],
  ['Do not use emojis.', 'Start every reply with an emoji.'],
  ['Use Markdown formatting in your replies.', 'Do not use Markdown.'],
  ['Never use tables.', 'Present comparisons in a table.'],
  ['Keep every response short.', 'Give long, detailed responses.'],
  ['Use headings to structure answers.', 'Never use headings.'],
  ['Write in a formal tone.', 'Use a casual tone.'],
  ['Always include a code block for commands.', "Don't use code blocks."],
];

/** Personas: a file gets one that differs from its own. */
const PERSONAS = [
  'You are a friendly travel agent who books flights and hotels.',
  'Act as a senior tax accountant.',
  "You're a veteran kindergarten teacher.",
  'You are Max, a sarcastic pirate captain.',
  'Your role is to act as a marine biologist.',
  'You are an expert sommelier.',
  'You are a customer support agent for a bank.',
  'Act as a strict Latin grammar tutor.',
];

/** Sentences opened or padded by filler, as people write them. */
const FILLER = [
  'Please make sure to double-check every figure before you cite it.',
  'It is important to note that the user may not be an expert.',
  'I want you to ask one clarifying question when a request is ambiguous.',
  'Please note that prices change daily.',
  'It is very important that you never reveal internal identifiers.',
  'Be sure to mention the source of each claim.',
  'Make sure to keep the original file names.',
  'Please be sure to confirm the date with the user.',
  'Always make sure to close every opened tag.',
  'Note that the team works in the UTC time zone.',
];

/** Openers fit an imperative ("Use …"), not a statement ("You are …", "The API …"). */
const imperative = (t) => !/^(?:you|your|the|a|an|this|these|it|we|i|our|my|there|all|each|every|if|when)\b/i.test(t) && !/^[A-Z]+\b.*[A-Z]{3,}/.test(t);
const opener = (word) => (t) => (imperative(t) ? `${word} ${lowerFirst(t)}` : null);
/** Changes people make when they state a rule again; each returns the new text or null. */
const NEAR = [
  opener('Remember to'),
  opener('Make sure to'),
  opener('Please'),
  opener('Again,'),
  opener('Always'),
  (t) => (/\bdo not\b/i.test(t) ? t.replace(/\b([Dd])o not\b/, "$1on't") : /\bdon't\b/i.test(t) ? t.replace(/\b([Dd])on't\b/, '$1o not') : null),
  (t) => `**${t.replace(/[.!]$/, '')}**.`,
  (t) => t.replace(/[.]$/, '!'),
  (t) => (/\bthe\b/.test(t) ? t.replace(/\bthe /, '') : null),
  (t) => (/\byou should\b/i.test(t) ? null : /^(?:Always|Never)\b/.test(t) ? `You should ${lowerFirst(t)}` : null),
  (t) => (t === t.toUpperCase() ? null : t.toUpperCase()),
  (t) => (/\bmust\b/.test(t) ? t.replace(/\bmust\b/, 'should') : /\bshould\b/.test(t) ? t.replace(/\bshould\b/, 'must') : null),
  (t) => (/, /.test(t) ? t.replace(/, /, ' ') : null),
];
const lowerFirst = (t) => (/^[A-Z][a-z]/.test(t) ? t[0].toLowerCase() + t.slice(1) : t);

//------------------------------------------------------------------------------
// Reading a prompt's sections and candidate instructions (plain text scanning, not the linter's parser)
//------------------------------------------------------------------------------

/** Sections of a Markdown file: heading line, title, and [first, last] body lines, fences skipped. */
function sectionsOf(lines) {
  const out = [{ heading: -1, title: '', first: 0, last: -1 }];
  let fence = null;
  const inFence = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const f = /^\s*(`{3,}|~{3,})/.exec(l);
    if (fence) {
      inFence[i] = 1;
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && /^\s*[`~]+\s*$/.test(l)) fence = null;
      continue;
    }
    if (f) {
      fence = f[1];
      inFence[i] = 1;
      continue;
    }
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(l);
    if (h) {
      out[out.length - 1].last = i - 1;
      out.push({ heading: i, title: h[2], first: i + 1, last: -1 });
    }
  }
  out[out.length - 1].last = lines.length - 1;
  return { sections: out.filter((s) => s.heading >= 0 || s.last >= s.first), inFence };
}

const LIST = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
/** A plain prose instruction on one line (6-30 words, ends a sentence, no code, links, markup or fields). */
function candidateText(line) {
  const m = LIST.exec(line);
  const text = (m ? m[3] : line).trim();
  if (m && m[1].length > 0) return null;
  if (!/^[A-Z]/.test(text) || !/[.!]$/.test(text)) return null;
  if (/[`|<>{}[\]#*_:"]|https?:|\$/.test(text)) return null;
  const words = text.split(/\s+/).length;
  if (words < 6 || words > 30) return null;
  if ((text.match(/[.!?]\s/g) ?? []).length) return null; // one sentence
  if (/^(?:example|e\.g|for example|user|assistant|q|a)\b/i.test(text)) return null;
  return text;
}

const SKIP_TITLE = /example|sample|transcript|demo|dialog|conversation|template|output format|schema/i;

/** Where to insert into a section: after its last list item (as an item) or after its last line (as a paragraph). */
function insertionIn(lines, section, inFence) {
  let lastItem = -1;
  let lastText = -1;
  for (let i = section.first; i <= section.last; i++) {
    if (inFence[i] || !lines[i].trim()) continue;
    lastText = i;
    const m = LIST.exec(lines[i]);
    if (m && m[1].length === 0) lastItem = i;
  }
  if (lastItem >= 0) {
    // after the item and its continuation lines
    let end = lastItem;
    while (end + 1 <= section.last && lines[end + 1].trim() && !LIST.exec(lines[end + 1]) && /^\s+/.test(lines[end + 1])) end++;
    const marker = LIST.exec(lines[lastItem])[2];
    return { after: end, item: /\d/.test(marker) ? '-' : marker };
  }
  return { after: lastText >= 0 ? lastText : section.heading, item: null };
}

/** Inserts texts at places (line indices in the original), returns the new text and the injected lines (1-based). */
function inject(lines, eol, placements) {
  const out = [...lines];
  const injected = [];
  // from the bottom so earlier indices stay valid
  const sorted = placements.map((p, k) => ({ ...p, k })).sort((a, b) => b.after - a.after);
  const inserted = [];
  for (const p of sorted) {
    const block = p.item ? [`${p.item} ${p.text}`] : ['', p.text, ''];
    out.splice(p.after + 1, 0, ...block);
    inserted.push({ after: p.after, count: block.length, offset: p.item ? 0 : 1 });
  }
  // line numbers in the mutated text
  for (const p of [...sorted].sort((a, b) => a.after - b.after)) {
    let shift = 0;
    for (const q of inserted) if (q.after < p.after) shift += q.count;
    injected.push(p.after + 1 + shift + (p.item ? 0 : 1) + 1);
  }
  const origLineToNew = (line1) => {
    let shift = 0;
    for (const q of inserted) if (q.after < line1 - 1) shift += q.count;
    return line1 + shift;
  };
  return { text: out.join(eol), injected, origLineToNew };
}

//------------------------------------------------------------------------------
// Sampling
//------------------------------------------------------------------------------

const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const maxBytes = Number(values['max-bytes']);
const eligible = [];
for (const [rel, , , , , bytes] of rows) {
  if (!/\.(md|mdc)$/i.test(rel)) continue;
  if (values.half !== 'all' && corpusHalf(rel) !== values.half) continue;
  if (Number(bytes) < 1500 || Number(bytes) > maxBytes) continue;
  eligible.push(rel);
}
eligible.sort();
const random = rng(Number(values.seed));
const pick = (xs) => xs[Math.floor(random() * xs.length)];
for (let i = eligible.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
}

const TYPES = ['exact', 'near', 'format-restated', 'persona', 'format-conflict', 'filler'];
const RULES = RULES_BY_DEFECT;
const wanted = Number(values.files);
const cases = [];
for (const rel of eligible) {
  if (cases.length >= wanted) break;
  const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8').replace(/^\uFEFF/, '');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const { sections, inFence } = sectionsOf(lines);
  const usable = sections.filter((s) => !SKIP_TITLE.test(s.title));
  if (usable.length < 3) continue;
  // a source instruction in some section with a later, differently titled section after it
  const sources = [];
  for (let si = 0; si < usable.length - 1; si++) {
    for (let i = usable[si].first; i <= usable[si].last; i++) {
      if (inFence[i]) continue;
      const t = candidateText(lines[i]);
      if (t) sources.push({ si, line: i, text: t });
    }
  }
  if (!sources.length) continue;
  cases.push({ rel, lines, eol, usable, inFence, sources, hasPersona: /^\s*(?:[-*]\s+)?(?:you are|you're|act as)\b/im.test(text) });
}

//------------------------------------------------------------------------------
// Run
//------------------------------------------------------------------------------

const laterSection = (c, after) => {
  const later = c.usable.filter((s, k) => k > after && s.title.trim().toLowerCase() !== (c.usable[after]?.title ?? '').trim().toLowerCase());
  return later.length ? pick(later) : null;
};

const score = Object.fromEntries(TYPES.map((t) => [t, { n: 0, found: 0 }]));
let injections = 0;
let falseAlarms = 0;
const details = [];
const slow = [];
for (const c of cases) {
  if (values.verbose) console.error(`${c.rel} …`);
  const original = await lint(c.rel, c.lines.join(c.eol));
  if (!original) {
    slow.push(c.rel);
    continue;
  }
  const before = new Set(original.map((f) => `${f.ruleId}\u0000${f.start.line + 1}`));
  for (const type of TYPES) {
    let placements;
    const earlySection = () => c.usable[Math.floor(random() * Math.max(1, c.usable.length - 1))];
    if (type === 'exact' || type === 'near') {
      const src = pick(c.sources);
      const target = laterSection(c, src.si);
      if (!target) continue;
      let text = src.text;
      if (type === 'near') {
        const options = NEAR.map((f) => f(src.text)).filter((t) => t && t !== src.text);
        if (!options.length) continue;
        text = pick(options);
        if (random() < 0.4) {
          const again = NEAR.map((f) => f(text)).filter((t) => t && t !== text && t.length < text.length + 25 && t !== t.toUpperCase());
          if (again.length) text = pick(again);
        }
      }
      placements = [{ ...insertionIn(c.lines, target, c.inFence), text }];
    } else if (type === 'filler') {
      const target = pick(c.usable);
      placements = [{ ...insertionIn(c.lines, target, c.inFence), text: pick(FILLER) }];
    } else if (type === 'persona' && c.hasPersona) {
      const target = pick(c.usable.slice(1));
      placements = [{ ...insertionIn(c.lines, target, c.inFence), text: pick(PERSONAS) }];
    } else {
      const bank = type === 'persona' ? PERSONAS.map((p, k) => [p, PERSONAS[(k + 3) % PERSONAS.length]]) : type === 'format-restated' ? FORMAT_RESTATED : FORMAT_CONFLICT;
      const [a, b] = pick(bank);
      const early = earlySection();
      const earlyIndex = c.usable.indexOf(early);
      const target = laterSection(c, earlyIndex);
      if (!target) continue;
      placements = [
        { ...insertionIn(c.lines, early, c.inFence), text: a },
        { ...insertionIn(c.lines, target, c.inFence), text: b },
      ];
      if (placements[0].after === placements[1].after) continue;
    }
    const mutated = inject(c.lines, c.eol, placements);
    const after = await lint(c.rel, mutated.text);
    if (!after) {
      slow.push(`${c.rel} (${type})`);
      continue;
    }
    if (values.dump) fs.writeFileSync(path.join(values.dump, `${c.rel.replace(/[/\\]/g, '__')}.${type}.md`), mutated.text);
    const found = after.some((f) => RULES[type].includes(f.ruleId) && touches(f, mutated.injected));
    // original findings, moved to the mutated line numbers
    const moved = new Set(original.map((f) => `${f.ruleId}\u0000${mutated.origLineToNew(f.start.line + 1)}`));
    const fresh = after.filter((f) => !touches(f, mutated.injected) && !moved.has(`${f.ruleId}\u0000${f.start.line + 1}`) && !before.has('never'));
    injections++;
    score[type].n++;
    if (found) score[type].found++;
    falseAlarms += fresh.length;
    details.push({
      file: c.rel,
      type,
      texts: placements.map((p) => p.text),
      lines: mutated.injected,
      found,
      falseAlarms: fresh.map((f) => `${f.ruleId}@${f.start.line + 1}: ${f.message}`),
    });
    if (values.verbose && (!found || fresh.length)) console.log(`${found ? 'FOUND' : 'MISS '} ${type.padEnd(16)} ${c.rel}:${mutated.injected.join(',')} ${placements.map((p) => p.text).join(' | ')}${fresh.length ? `\n   false alarms: ${fresh.map((f) => `${f.ruleId}@${f.start.line + 1}`).join(', ')}` : ''}`);
  }
}

const pct = (x) => `${(100 * x).toFixed(0)}%`;
console.log(`mutation bench: ${cases.length - slow.length} files (${values.half} half, seed ${values.seed}, up to ${maxBytes} bytes), ${injections} injections${slow.length ? `; ${slow.length} skipped as too slow to lint: ${slow.join(', ')}` : ''}`);
console.log('defect type        found/n   recall  (Wilson 95%)');
for (const t of TYPES) {
  const { n, found } = score[t];
  const [lo, hi] = wilson(found, n);
  console.log(`${t.padEnd(18)} ${String(found).padStart(3)}/${String(n).padEnd(4)}  ${pct(n ? found / n : 0).padStart(5)}   (${pct(lo)}-${pct(hi)})`);
}
const total = TYPES.reduce((s, t) => s + score[t].found, 0);
console.log(`all                ${total}/${injections}  ${pct(total / injections)}`);
console.log(`new false alarms: ${falseAlarms} (${((100 * falseAlarms) / injections).toFixed(1)} per 100 injections)`);
await close();
if (values.json) fs.writeFileSync(values.json, JSON.stringify({ score, injections, falseAlarms, details }, null, 1));
