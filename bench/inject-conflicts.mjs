#!/usr/bin/env node
// Recall of the conflict rules in place: each one-line conflicting pair of test/conflicts/pairs.yaml
// (within-file cases) is injected into real corpus prompts (Markdown files with at least two
// sections), once with both halves in the first section's body and once with the first half in the
// first section and the second in the last section, and the run counts how often a conflicting-*
// finding lands on one injected line with related information on the other. The corpus is read in
// place, never copied. `node bench/inject-conflicts.mjs [--files 20] [--dist dist]`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from './cli-args.mjs';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const { values } = parseCliArgs(import.meta.url, { options: { 'per-host': { type: 'boolean', default: false }, files: { type: 'string', default: '20' }, dist: { type: 'string', default: path.join(ROOT, 'dist') } } });
const load = (rel) => import(pathToFileURL(path.join(path.resolve(values.dist), rel)).href);
const { allRules } = await load('rules/index.js');
const { lintDocument } = await load('server/src/engine/linter.js');
const { createSourceFile } = await load('server/src/model/source.js');
const { parseDocument } = await load('server/src/parse/index.js');
const rules = allRules.filter((r) => r.meta.id.startsWith('conflicting-'));
const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: Object.fromEntries(rules.map((r) => [r.meta.id, ['error', {}]])), include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 << 20 };

const pairs = parseYaml(fs.readFileSync(path.join(ROOT, 'test/conflicts/pairs.yaml'), 'utf8')).filter((p) => p.conflict && p.where === 'file' && !p.a.includes('\n') && !p.b.includes('\n'));
// Markdown prompts with at least two second-level sections, whose own text draws no conflict finding
const hosts = [];
for (const rel of fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]).sort()) {
  if (!rel.endsWith('.md')) continue;
  const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8').replace(/\r\n/g, '\n');
  if (text.length > 20000 || text.startsWith('---')) continue;
  const heads = [...text.matchAll(/^## .+$/gm)];
  if (heads.length < 2) continue;
  if (lintDocument(parseDocument(createSourceFile('/v/h.md', text)), config, rules).findings.length) continue;
  hosts.push({ rel, text, heads });
  if (hosts.length >= Number(values.files)) break;
}
const plain = (s) => s.replace(/^- /, '');
function inject(host, a, b, across) {
  const lines = host.text.split('\n');
  const firstHead = lines.findIndex((l) => l.startsWith('## '));
  const lastHead = lines.map((l, i) => (l.startsWith('## ') ? i : -1)).filter((i) => i >= 0).pop();
  const out = [...lines];
  const bAt = across ? lastHead + 1 : firstHead + 1;
  out.splice(bAt, 0, '', plain(b), '');
  out.splice(firstHead + 1, 0, '', plain(a), '');
  const text = out.join('\n');
  return { text, aLine: text.split('\n').indexOf(plain(a)), bLine: text.split('\n').lastIndexOf(plain(b)) };
}
for (const across of [false, true]) {
  let found = 0;
  let total = 0;
  const perHost = [];
  for (const host of hosts) {
    const before = found;
    for (const p of pairs) {
      const { text, aLine, bLine } = inject(host, p.a, p.b, across);
      const doc = parseDocument(createSourceFile('/v/h.md', text));
      const fs2 = lintDocument(doc, config, rules).findings;
      total++;
      const hit = fs2.some((f) => [aLine, bLine].includes(f.start.line) && f.related?.some((r) => [aLine, bLine].includes(r.start.line) && r.start.line !== f.start.line));
      if (hit) found++;
    }
    perHost.push(`${found - before}/${pairs.length} ${host.rel} (## ${host.heads[0][0].slice(3, 40)})`);
  }
  if (values['per-host']) console.log(perHost.join('\n'));
  console.log(`${across ? 'first and last section' : 'same section'}: ${found} of ${total} found (${pairs.length} pairs x ${hosts.length} host prompts)`);
}
