/**
 * Parser robustness over the real corpus (../shared/corpus, listed in MANIFEST.tsv; not in the
 * repository). Every file parses without throwing, every range lies inside its file, sections nest,
 * and every YAML string scalar decodes with an exact source map. Prints the parse time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { createSourceFile } from '../../server/src/model/source.js';
import type { PromptDocument } from '../../server/src/model/types.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { decodeScalar } from '../../server/src/parse/yaml-scalar.js';
import { repoRoot, violations } from './helpers.js';

const CORPUS = path.resolve(repoRoot, '../shared/corpus');
const MANIFEST = path.join(CORPUS, 'MANIFEST.tsv');
const present = fs.existsSync(MANIFEST);

function corpusFiles(): Array<{ rel: string; text: string }> {
  const lines = fs.readFileSync(MANIFEST, 'utf8').split(/\r?\n/).filter(Boolean);
  const col = lines[0].split('\t').indexOf('path');
  return lines.slice(1).map((l) => {
    const rel = l.split('\t')[col];
    return { rel, text: fs.readFileSync(path.join(CORPUS, rel), 'utf8') };
  });
}

describe.skipIf(!present)(present ? 'corpus sweep' : `corpus sweep (skipped: no corpus at ${CORPUS})`, () => {
  const files = present ? corpusFiles() : [];
  const docs: PromptDocument[] = [];

  it('parses every file without throwing; reports the parse time', () => {
    expect(files.length).toBeGreaterThan(1000);
    const thrown: string[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const { rel, text } of files) {
      try {
        docs.push(parseDocument(createSourceFile(rel, text)));
      } catch (err) {
        thrown.push(`${rel}: ${(err as Error).message}`);
      }
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const bytes = files.reduce((n, f) => n + f.text.length, 0);
    const units = docs.reduce((n, d) => n + d.prompts.reduce((m, p) => m + p.units.length, 0), 0);
    console.log(
      `[parse] corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} M chars, ${units} units in ${ms.toFixed(0)} ms wall ` +
        `(${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU), ${Math.round(files.length / (ms / 1000))} files/s`,
    );
    expect(thrown).toEqual([]);
    expect(docs.flatMap((d) => d.problems.filter((p) => p.message.startsWith('Internal parser error')).map((p) => `${d.file.path}: ${p.message}`))).toEqual([]);
  });

  it('every range lies inside its file, sections nest, units are ordered', () => {
    const bad: string[] = [];
    for (const doc of docs) bad.push(...violations(doc));
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('display text comes from the unit source (Markdown, text, .prompty)', () => {
    const bad: string[] = [];
    for (const doc of docs) if (doc.kind !== 'yaml') bad.push(...violations(doc, { textFromSource: true }).filter((v) => v.includes('display text')));
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('every YAML string scalar decodes with an exact, monotonic source map', () => {
    let scalars = 0;
    const bad: string[] = [];
    for (const doc of docs) {
      if (doc.kind !== 'yaml') continue;
      const text = doc.file.text;
      for (const d of parseAllDocuments(text, { keepSourceTokens: true, logLevel: 'silent' })) {
        visit(d, {
          Scalar(_k, node) {
            if (!isScalar(node) || typeof node.value !== 'string') return;
            scalars++;
            const dec = decodeScalar(node, text);
            if (!dec || !dec.exact) bad.push(`${doc.file.path} @${node.range?.[0]}`);
            else for (let i = 1; i < dec.starts.length; i++) if (dec.starts[i] < dec.starts[i - 1]) {
              bad.push(`${doc.file.path} @${node.range?.[0]}: not monotonic`);
              break;
            }
          },
        });
      }
    }
    expect(scalars).toBeGreaterThan(1000);
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
