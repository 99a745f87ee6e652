/** The `splitPrompts` config option reaches the parser through the engine: false reads each file as one prompt. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A project with two variant prompts in one file (each block opens with "You are …") and the given config. */
function project(config: object | undefined): { engine: Engine; file: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-split-'));
  dirs.push(cwd);
  const file = path.join(cwd, 'variants.md');
  const block = (title: string, who: string) => `# ${title}\n\nYou are ${who} for a bicycle repair shop.\n\nQuote prices only from the current price list.\n\n`;
  fs.writeFileSync(file, block('Friendly', 'a friendly support agent') + block('Formal', 'a formal support agent'));
  if (config) fs.writeFileSync(path.join(cwd, '.promptlintrc.json'), JSON.stringify(config));
  return { engine: new Engine({ cwd }), file };
}

const prompts = (engine: Engine, file: string) => {
  const loaded = engine.loadFile(file);
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.doc.prompts.length;
};
const duplicates = (engine: Engine, file: string) => engine.lintLoaded(engine.loadFile(file), false).findings.filter((f) => f.ruleId === 'duplicate-instruction').length;

describe('splitPrompts', () => {
  it('detects prompt boundaries by default and with true', () => {
    for (const config of [undefined, { splitPrompts: true }]) {
      const { engine, file } = project(config);
      expect(prompts(engine, file)).toBe(2);
      expect(duplicates(engine, file)).toBe(0);
    }
  });

  it('false reads the file as one prompt, so the repeat across the variants is reported', () => {
    const { engine, file } = project({ splitPrompts: false });
    expect(prompts(engine, file)).toBe(1);
    expect(duplicates(engine, file)).toBe(1);
  });

  it('a value that is not a boolean is a config error', () => {
    const { engine, file } = project({ splitPrompts: 'no' });
    expect(() => engine.loadFile(file)).toThrow(/splitPrompts/);
  });
});
