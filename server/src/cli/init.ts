/**
 * `prompt-lint --init`: writes a starter `.promptlintrc.json` in the current directory (the
 * schema for editor completion, `root: true`, the model, one budget per well-known agent file
 * found, every rule at its default), and refuses to overwrite a config that is already there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILENAMES } from '../config/defaults.js';
import { UsageError, type Engine } from '../engine/engine.js';

const AGENT_FILES = ['CLAUDE.md', 'AGENTS.md', 'GEMINI.md', '.github/copilot-instructions.md'];

export function initConfig(engine: Engine, cwd: string): { file: string; text: string } {
  for (const name of CONFIG_FILENAMES.filter((n) => n !== 'package.json')) {
    if (fs.existsSync(path.join(cwd, name))) throw new UsageError(`--init: ${name} already exists here; edit it (docs/configuration.md)`);
  }
  const present = AGENT_FILES.filter((f) => fs.existsSync(path.join(cwd, f)));
  const config = {
    $schema: './node_modules/prompt-lint/schema/promptlintrc.schema.json',
    root: true,
    model: 'gpt-4o',
    rules: Object.fromEntries(engine.rules.map((r) => [r.meta.id, r.meta.defaultSeverity === 'warning' ? 'warn' : r.meta.defaultSeverity])),
    budgets: [{ files: present.length ? present : ['CLAUDE.md', 'AGENTS.md'], maxTokens: 4000, warnAt: 0.8 }],
  };
  const file = path.join(cwd, '.promptlintrc.json');
  const text = JSON.stringify(config, null, 2) + '\n';
  fs.writeFileSync(file, text, { flag: 'wx' });
  return { file, text };
}
