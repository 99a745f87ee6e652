/** --format sarif / github / markdown: SARIF checked by Microsoft's SARIF Multitool and the JSON schema. */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { allRules, docsUrl } from '../../rules/index.js';
import { escapeData, escapeProperty, formatGithub, workflowCommand } from '../../server/src/cli/formatters/github.js';
import { formatMarkdown } from '../../server/src/cli/formatters/markdown.js';
import { FINGERPRINT_KEY, toSarif } from '../../server/src/cli/formatters/sarif.js';
import { Engine } from '../../server/src/engine/engine.js';
import type { Rule } from '../../server/src/engine/types.js';
import { cli, tempTree } from '../helpers/cli.js';
import { describeWith, sarifMultitool } from '../helpers/outside-tools.js';
import { multitoolValidate, sarifSchema, tempDir } from './helpers.js';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    columnKind: string;
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion } }[];
      relatedLocations?: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: SarifRegion } }[];
      fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[] }[];
      partialFingerprints: Record<string, string>;
    }[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
  }[];
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const MULTITOOL = sarifMultitool();
// The schema ships with the Multitool: without it the SARIF tests are skipped (or fail in CI).
const validateSchema = ajv.compile(MULTITOOL.missing ? {} : sarifSchema());

/** Both validators: the Multitool (spec rules, errors and warnings) and the JSON schema (which the Multitool skips on some enum errors). */
function validate(log: unknown, name: string): void {
  const dir = tempDir('prompt-lint-sarif-');
  const file = path.join(dir, `${name}.sarif`);
  fs.writeFileSync(file, JSON.stringify(log, null, 2));
  const problems = multitoolValidate(file).filter((r) => r.level === 'error' || r.level === 'warning');
  expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
  const ok = validateSchema(log);
  expect(ok, JSON.stringify(validateSchema.errors, null, 2)).toBe(true);
}

/** A test rule: each "TODO" is reported, related to the first one; the fix deletes it, a suggestion rewrites it. */
const noTodo: Rule = {
  meta: {
    id: 'no-todo',
    description: 'No TODO markers in prompts',
    tags: ['test'],
    defaultSeverity: 'warning',
    fixable: true,
    hasSuggestions: true,
    schema: {},
    defaultOptions: {},
    messages: { todo: 'Remove the TODO marker', rewrite: 'Rewrite as a note' },
  },
  check(doc, ctx) {
    const text = doc.file.text;
    const first = text.indexOf('TODO');
    for (let i = first; i !== -1; i = text.indexOf('TODO', i + 1)) {
      ctx.report({
        messageId: 'todo',
        range: { start: i, end: i + 4 },
        fix: [{ range: { start: i, end: i + 5 }, text: '' }],
        suggest: [{ messageId: 'rewrite', edits: [{ range: { start: i, end: i + 4 }, text: 'NOTE' }] }],
        tokensSaved: 2,
        ...(i !== first ? { related: [{ path: doc.file.path, range: { start: first, end: first + 4 }, message: 'first TODO' }] } : {}),
      });
    }
  },
};

describeWith([MULTITOOL], '--format sarif', () => {
  it('the CLI output is valid SARIF 2.1.0, with every rule described and 1-based UTF-16 locations', () => {
    const cwd = tempTree({
      '.promptlintrc.json': JSON.stringify({ budgets: [{ files: '**/CLAUDE.md', maxTokens: 10 }] }),
      'CLAUDE.md': '# Rules\n\n🙂 <!-- prompt-lint-disable no-such-rule -->\n\nYou are a careful assistant. Always answer in English and keep answers short.\n',
      'prompts/bad.prompt.yml': 'messages:\n  - role: system\n    content: "unterminated\n',
    });
    const r = cli(['--format', 'sarif'], { cwd });
    expect(r.status, r.stderr).toBe(1);
    const log = JSON.parse(r.stdout) as SarifLog;
    validate(log, 'cli');

    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.name).toBe('prompt-lint');
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${cwd}/`);
    // Rule metadata: every registered rule, with its description, default level and docs URL.
    for (const rule of allRules) {
      const d = run.tool.driver.rules.find((x) => x.id === rule.meta.id)!;
      expect(d.helpUri).toBe(docsUrl(rule.meta.id));
      expect(d.shortDescription.text).toBe(rule.meta.description);
      if (rule.meta.defaultSeverity !== 'off') expect(d.defaultConfiguration.level).toBe(rule.meta.defaultSeverity);
    }
    const byRule = (id: string) => run.results.filter((x) => x.ruleId === id);
    const directive = byRule('invalid-directive')[0]!;
    expect(directive.level).toBe('error');
    expect(run.tool.driver.rules[directive.ruleIndex]!.id).toBe('invalid-directive');
    const loc = directive.locations[0]!.physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'CLAUDE.md', uriBaseId: '%SRCROOT%' });
    // Line 3; the emoji before the comment is two UTF-16 code units.
    expect(loc.region.startLine).toBe(3);
    const line = '🙂 <!-- prompt-lint-disable no-such-rule -->';
    expect(loc.region.startColumn).toBe(line.indexOf('no-such-rule') + 1);
    expect(loc.region.endColumn).toBe(line.indexOf('no-such-rule') + 'no-such-rule'.length + 1);
    expect(byRule('token-budget')).toHaveLength(1);
    expect(byRule('parse-error')[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('prompts/bad.prompt.yml');
    for (const res of run.results) expect(res.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a labelled reminder (info) is a result at level "note", and the log validates', () => {
    // line 8 restates line 3's format rule after "REMINDER:" (info); line 12 restates line 4's list rule unlabelled (warning)
    const cwd = tempTree({
      'AGENTS.md': '# Digest bot\n\nReply in plain text only.\nUse numbered lists for steps.\n\n## Digest\n\nREMINDER: Do not call tools. Respond with plain text only.\n\n## Setup\n\nPresent steps as a numbered list.\n',
    });
    const r = cli(['--format', 'sarif', '--rule', 'repeated-format-rule=error'], { cwd });
    const log = JSON.parse(r.stdout) as SarifLog;
    validate(log, 'info');
    const levels = log.runs[0]!.results.filter((x) => x.ruleId === 'repeated-format-rule').map((x) => [x.locations[0]!.physicalLocation.region.startLine, x.level]);
    expect(levels).toEqual([
      [8, 'note'],
      [12, 'error'],
    ]);
  });

  it('fixes (artifactChanges with deletedRegion and insertedContent) and related locations validate too', async () => {
    const cwd = tempTree({ 'notes.prompt.md': 'Line one.\n🙂 TODO check the tone.\nAnd TODO again, ünïcode.\n' });
    const engine = new Engine({ cwd, rules: [noTodo] });
    const reports = await engine.lintFiles([path.join(cwd, 'notes.prompt.md')]);
    const log = toSarif(reports, cwd) as unknown as SarifLog;
    validate(log, 'fixes');
    const [first, second] = log.runs[0]!.results;
    expect(first!.ruleId).toBe('no-todo');
    expect(first!.locations[0]!.physicalLocation.region).toEqual({ startLine: 2, startColumn: 4, endLine: 2, endColumn: 8 });
    expect(first!.fixes).toHaveLength(2);
    expect(first!.fixes![0]!.artifactChanges[0]).toEqual({
      artifactLocation: { uri: 'notes.prompt.md', uriBaseId: '%SRCROOT%' },
      replacements: [{ deletedRegion: { startLine: 2, startColumn: 4, endLine: 2, endColumn: 9 }, insertedContent: { text: '' } }],
    });
    expect(first!.fixes![1]!.description.text).toBe('Rewrite as a note');
    expect(second!.relatedLocations).toEqual([
      { id: 1, message: { text: 'first TODO' }, physicalLocation: { artifactLocation: { uri: 'notes.prompt.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 4, endLine: 2, endColumn: 8 } } },
    ]);
    // Applying the SARIF fix by its line/column region gives what --fix gives.
    const text = fs.readFileSync(path.join(cwd, 'notes.prompt.md'), 'utf8');
    const lines = text.split('\n');
    const del = second!.fixes![0]!.artifactChanges[0]!.replacements[0]!.deletedRegion;
    const l = lines[del.startLine - 1]!;
    expect(l.slice(0, del.startColumn - 1) + l.slice(del.endColumn - 1)).toBe('And again, ünïcode.');
  });

  it('the validators do catch broken logs (so a pass means something)', () => {
    const cwd = tempTree({ 'CLAUDE.md': '<!-- prompt-lint-disable no-such-rule -->\n' });
    const good = JSON.parse(cli(['--format', 'sarif'], { cwd }).stdout) as SarifLog;
    const broken = structuredClone(good);
    broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    const dir = tempDir('prompt-lint-sarif-');
    fs.writeFileSync(path.join(dir, 'broken.sarif'), JSON.stringify(broken));
    expect(multitoolValidate(path.join(dir, 'broken.sarif')).some((r) => r.level === 'error')).toBe(true);
    const badLevel = structuredClone(good) as unknown as { runs: { results: { level: string }[] }[] };
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    expect(validateSchema(badLevel)).toBe(false);
  });
});

describe('--format github', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    expect(workflowCommand('error', 'x: y, z', { file: 'dir/a,b:c.md', line: 3, col: 2, title: 'rule-id' })).toBe('::error file=dir/a%2Cb%3Ac.md,line=3,col=2,title=rule-id::x: y, z');
  });

  it('one annotation per finding: file, line, col, endLine, endColumn, title = rule id; the message escaped', async () => {
    const cwd = tempTree({ 'odd,name:1.prompt.md': 'Intro.\nA TODO here; 50% sure.\n' });
    const engine = new Engine({ cwd, rules: [noTodo] });
    const reports = await engine.lintFiles([path.join(cwd, 'odd,name:1.prompt.md')]);
    const out = formatGithub(reports, { cwd, color: false, fixing: false });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::warning file=odd%2Cname%3A1.prompt.md,line=2,col=3,endLine=2,endColumn=6,title=no-todo::Remove the TODO marker (fixable with --fix)%0Ahttps://github.com/prompt-lint/prompt-lint/blob/main/docs/rules/no-todo.md',
    );
    expect(lines.at(-1)).toBe('prompt-lint: 1 problem (0 errors, 1 warning)');
  });

  it('the CLI prints ::error lines for errors and exits 1', () => {
    const cwd = tempTree({ 'CLAUDE.md': 'Intro.\n<!-- prompt-lint-disable no-such-rule -->\n' });
    const r = cli(['--format', 'github'], { cwd });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=CLAUDE\.md,line=2,col=\d+,endLine=2,endColumn=\d+,title=invalid-directive::/m);
  });
});

describe('--format markdown', () => {
  it('a table of findings with rule links, cells escaped, and tokens per file', async () => {
    const cwd = tempTree({ 'a|b.prompt.md': 'Use <b>TODO</b> | pipes.\n' });
    const engine = new Engine({ cwd, rules: [noTodo] });
    const reports = await engine.lintFiles([path.join(cwd, 'a|b.prompt.md')]);
    const md = formatMarkdown(reports, { cwd, color: false, fixing: false });
    expect(md).toContain('### prompt-lint: ⚠️ 1 problem (0 errors, 1 warning)');
    expect(md).toContain('| ⚠️ warning | `a\\|b.prompt.md` | 1:8 | [no-todo](https://github.com/prompt-lint/prompt-lint/blob/main/docs/rules/no-todo.md) | Remove the TODO marker _(fixable)_ |');
    expect(md).toContain('1 problem can be fixed with `prompt-lint --fix`, saving 2 tokens per call.');
    expect(md).toMatch(/<details><summary>Tokens: \d+ in 1 file \(gpt-4o\)/);
    const clean = cli(['--format', 'markdown'], { cwd: tempTree({ 'CLAUDE.md': '# Hi\n\nBe brief.\n' }) });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('### prompt-lint: ✅ no problems in 1 file');
  });
});
