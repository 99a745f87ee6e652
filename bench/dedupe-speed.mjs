#!/usr/bin/env node
// Speed of duplicate-instruction and filler-phrase on a generated 300 KB prompt with thousands of
// units (the issue's bar: well under a second), and of the bigram Dice implementations:
// string-similarity's compareTwoStrings against rules/lib/similarity.ts over pre-computed profiles.
// Run after `npm run build`:  node bench/dedupe-speed.mjs [--dist dist] [--kb 300]
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseCliArgs(import.meta.url, { options: { dist: { type: 'string', default: path.join(ROOT, 'dist') }, kb: { type: 'string', default: '300' } } });
const load = (rel) => import(pathToFileURL(path.join(path.resolve(values.dist), rel)).href);
const { parseDocument } = await load('server/src/parse/index.js');
const { createSourceFile } = await load('server/src/model/source.js');
const { lintDocument } = await load('server/src/engine/linter.js');
const { allRules } = await load('rules/index.js');
const { bigramProfile, dice } = await load('rules/lib/similarity.js');
const stringSimilarity = createRequire(import.meta.url)('string-similarity');

// A deterministic generator of instruction-like sentences: a few hundred templates over a
// vocabulary, some repeated word for word, some with a word changed, under many headings.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const verbs = ['Use', 'Keep', 'Write', 'Check', 'Prefer', 'Avoid', 'Explain', 'Summarize', 'Cite', 'Format', 'Review', 'Test'];
const objects = ['the answer', 'each step', 'the summary', 'code samples', 'error messages', 'the changelog', 'user data', 'API responses', 'the final report', 'search results', 'unit tests', 'commit messages'];
const tails = ['before you reply', 'in plain English', 'with short sentences', 'when the user asks', 'for every request', 'in the final message', 'without extra detail', 'as a bulleted list', 'after each tool call', 'unless told otherwise'];
const extra = ['carefully', 'always', 'briefly', 'clearly', 'first', 'again', 'politely', 'exactly'];
const targetBytes = Number(values.kb) * 1024;
const lines = ['# Generated prompt', ''];
let bytes = 0;
let section = 0;
const seen = [];
while (bytes < targetBytes) {
  if (random() < 0.01) {
    lines.push('', `## Section ${++section}`, '');
    seen.length = 0;
  }
  let sentence;
  const r = random();
  if (r < 0.05 && seen.length) sentence = pick(seen);
  else if (r < 0.1 && seen.length) sentence = pick(seen).replace(/^(\S+) /, '$1 your ');
  else sentence = `${pick(verbs)} ${pick(objects)} ${pick(tails)} ${pick(extra)}, see rule ${Math.floor(random() * 1000)}.`;
  seen.push(sentence);
  const line = random() < 0.6 ? `- ${sentence}` : sentence;
  lines.push(line);
  bytes += line.length + 1;
}
const text = lines.join('\n') + '\n';
const doc = parseDocument(createSourceFile('/bench/generated.md', text));
const units = doc.prompts.reduce((n, p) => n + p.units.length, 0);
const config = {
  sources: [], baseDir: '/bench', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {},
  promptKeys: [], maxFileSize: 1 << 24,
};
console.log(`generated prompt: ${(text.length / 1024).toFixed(0)} KB, ${units} units`);

function time(label, fn, runs = 5) {
  fn(); // warm up (token encoder, JIT)
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(38)} median ${times[Math.floor(runs / 2)].toFixed(1)} ms  (min ${times[0].toFixed(1)})${result !== undefined ? `  ${result}` : ''}`);
}

for (const id of ['duplicate-instruction', 'filler-phrase']) {
  const rule = allRules.find((r) => r.meta.id === id);
  // a fresh document each run, so that no per-unit memo is reused
  time(`${id} on the prompt`, () => {
    const fresh = parseDocument(createSourceFile('/bench/generated.md', text));
    const t = process.hrtime.bigint();
    const findings = lintDocument(fresh, config, [rule]).findings.length;
    return `${findings} findings, ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms without parsing`;
  });
}

// Dice: all pairs of 1,000 unit texts, both ways.
const texts = doc.prompts.flatMap((p) => p.units.map((u) => u.text)).slice(0, 1000);
time('string-similarity, 1000² pairs', () => {
  let s = 0;
  for (const a of texts) for (const b of texts) s += stringSimilarity.compareTwoStrings(a, b);
  return s.toFixed(0);
}, 3);
time('similarity.ts dice (+ profiles), 1000² pairs', () => {
  const profiles = texts.map(bigramProfile);
  let s = 0;
  for (const a of profiles) for (const b of profiles) s += dice(a, b);
  return s.toFixed(0);
}, 3);
