#!/usr/bin/env node
// node bench/corpus-json.mjs --build <checkout> --out FILE: the CLI's JSON output (`--format json`,
// one root config, no ignore files) over every path of the corpus's MANIFEST.tsv, in batches of 200,
// concatenated into FILE, for a byte-identity check of two builds (`cmp A B`). The corpus is read in
// place; nothing of it is printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCliArgs } from './cli-args.mjs';

const { values } = parseCliArgs(import.meta.url, { options: { build: { type: 'string' }, out: { type: 'string' }, corpus: { type: 'string', default: '/work/shared/corpus' }, help: { type: 'boolean' } } });
if (values.help || !values.build || !values.out) {
  console.error('usage: node bench/corpus-json.mjs --build <checkout> --out FILE [--corpus DIR]');
  process.exit(2);
}
const corpus = path.resolve(values.corpus);
const rows = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t')[0]);
const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-json-')), 'promptlintrc.json');
fs.writeFileSync(config, JSON.stringify({ root: true }));
const bin = path.join(path.resolve(values.build), 'bin/prompt-lint.js');
const fd = fs.openSync(values.out, 'w');
let cpu = 0;
for (let i = 0; i < rows.length; i += 200) {
  const batch = rows.slice(i, i + 200).map((rel) => path.join(corpus, rel));
  const r = spawnSync(process.execPath, [bin, '-c', config, '--no-ignore', '--format', 'json', ...batch], { cwd: corpus, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) {
    console.error(`batch ${i / 200}: exit ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`);
    process.exit(2);
  }
  fs.writeSync(fd, r.stdout + '\n');
}
fs.closeSync(fd);
console.log(`${rows.length} files, ${Math.ceil(rows.length / 200)} batches → ${values.out}`);
