/**
 * The pre-commit hooks' `files`/`exclude` patterns are the default include/exclude globs (issue
 * 13.13): generated from them, and checked here to match the same paths as the globs do, with
 * JavaScript and with Python's `re` (what pre-commit uses).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../server/src/config/defaults.js';
import { precommitFilesPattern, precommitFilesRegExp } from '../../server/src/config/precommit-pattern.js';
import { REPO } from '../helpers/cli.js';

const hooksText = fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8');
const hooks = parse(hooksText) as { id: string; files: string; exclude: string }[];

const SAMPLES = [
  'CLAUDE.md', 'docs/CLAUDE.md', 'CLAUDE.local.md', 'AGENTS.md', 'a/b/GEMINI.md', 'claude.md', 'README.md',
  '.cursor/rules/a.mdc', '.cursor/rules/x/b.md', 'rules/c.mdc', '.cursorrules', 'x/.windsurfrules', '.windsurf/rules/a.md',
  '.clinerules', '.clinerules/a.md', '.roomodes', '.roo/rules-code/a.md', '.roo/other/a.md',
  '.github/copilot-instructions.md', 'copilot-instructions.md', '.github/instructions/a/b.md', 'x.prompt.md', 'a/x.instructions.md',
  'y.agent.md', 'z.chatmode.md', 'skills/x/SKILL.md', '.claude/agents/a.md', '.claude/commands/x/y.md', '.claude/settings.md',
  'a.prompty', 'b.prompt.yml', 'c.prompt.yaml', 'prompts/support.md', 'src/prompts/a/b.txt', 'prompts/x.json', 'prompts/x.prompt',
  'promptfooconfig.yaml', 'e/promptfooconfig.yml', 'agents.yaml', 'crew/tasks.yaml', 'agents.yml', 'system-prompt.md',
  'system-prompt-v2.txt', 'a.system.md', 'system.md', 'node_modules/x/CLAUDE.md', 'dist/prompts/a.md', 'vendor/AGENTS.md',
  'a/.git/CLAUDE.md', 'build.md', 'distx/CLAUDE.md',
];

function expected(globs: readonly string[]): boolean[] {
  const match = picomatch([...globs], { dot: true });
  return SAMPLES.map((p) => match(p));
}

describe('.pre-commit-hooks.yaml', () => {
  it('files and exclude are generated from the default include and exclude (run scripts/precommit-hooks.mjs after changing them)', () => {
    expect(hooksText).toContain(`  files: &prompt-files |\n${precommitFilesPattern(DEFAULT_INCLUDE)}`);
    expect(hooksText).toContain(`  exclude: &prompt-excludes |\n${precommitFilesPattern(DEFAULT_EXCLUDE)}`);
    expect(hooks.map((h) => h.id)).toEqual(['prompt-lint', 'prompt-lint-fix']);
    for (const h of hooks) {
      expect(h.files).toBe(hooks[0]!.files);
      expect(h.exclude).toBe(hooks[0]!.exclude);
    }
  });

  it('the patterns match what the globs match (JavaScript)', () => {
    expect(SAMPLES.map((p) => precommitFilesRegExp(DEFAULT_INCLUDE).test(p))).toEqual(expected(DEFAULT_INCLUDE));
    expect(SAMPLES.map((p) => precommitFilesRegExp(DEFAULT_EXCLUDE).test(p))).toEqual(expected(DEFAULT_EXCLUDE));
    // The files the new user's commit skipped are in.
    for (const p of ['prompts/support.md', '.claude/agents/a.md', 'agents.yaml', 'tasks.yaml', 'a.system.md']) {
      expect(precommitFilesRegExp(DEFAULT_INCLUDE).test(p), p).toBe(true);
    }
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python && !process.env.CI)('the patterns match what the globs match with Python re, as pre-commit runs them' + (python ? '' : ' (SKIPPED: python3 not found)'), () => {
    const script = 'import json,re,sys\nd=json.load(sys.stdin)\nprint(json.dumps([[bool(re.search(p, s)) for s in d["samples"]] for p in d["patterns"]]))';
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify({ patterns: [hooks[0]!.files, hooks[0]!.exclude], samples: SAMPLES }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expected(DEFAULT_INCLUDE), expected(DEFAULT_EXCLUDE)]);
  });
});
