/**
 * Robustness sweep over the real corpus (../shared/corpus, when present): every file goes through
 * the whole engine with every rule on; nothing throws, no rule errs, every finding lies inside its file.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import { tempTree } from '../helpers/cli.js';
import { corpusFiles, corpusPresent as present, corpusRoot as CORPUS } from '../helpers/corpus.js';

describe.skipIf(!present)('corpus sweep', () => {
  it('lints every corpus file with every rule, findings inside their files', () => {
    const rows = corpusFiles()!;
    // An empty root config so that no config file above the corpus applies; every rule on.
    const cwd = tempTree({ '.promptlintrc.json': JSON.stringify({ root: true }) });
    const engine = new Engine({ cwd, configFile: path.join(cwd, '.promptlintrc.json') });
    const problems: string[] = [];
    let findings = 0;
    let linted = 0;
    for (const { path: rel } of rows) {
      const file = path.join(CORPUS, rel);
      try {
        const loaded = engine.loadFile(file);
        if (!loaded.ok) continue;
        linted++;
        const report = engine.lintLoaded(loaded);
        problems.push(...report.ruleErrors);
        const length = loaded.doc.file.text.length;
        for (const f of report.findings) {
          findings++;
          if (!(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= length)) {
            problems.push(`${rel}: ${f.ruleId} range [${f.range.start}, ${f.range.end}) outside [0, ${length}]`);
          }
          for (const e of f.fix ?? []) {
            if (e.range.end > length) problems.push(`${rel}: ${f.ruleId} fix outside the file`);
          }
        }
      } catch (error) {
        problems.push(`${rel}: ${(error as Error).stack}`);
      }
    }
    console.log(`corpus sweep: ${linted} of ${rows.length} files linted, ${findings} findings`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(linted).toBeGreaterThan(rows.length * 0.95);
  });
});

if (!present) console.log(`corpus sweep skipped: no corpus at ${CORPUS}`);
