/**
 * The robustness suite (issue 12, "Done means"): seeded adversarial files (generate.ts) run through
 * the real CLI in a few batches. Every run must end with exit 0 or 1 (never 2, a crash or a stack
 * trace) within a bounded time; `--fix` must be idempotent, keep YAML parseable, and lose no line
 * that has no identical twin left (checked on raw lines, not with the fixer's normalization).
 * The counts are printed: inputs tried, crashes, hangs, data-loss cases. Seed: ROBUSTNESS_SEED.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BIN } from '../helpers/cli.js';
import { generateFiles, type GeneratedFile } from './generate.js';

const SEED = Number(process.env.ROBUSTNESS_SEED ?? 20261206);
const BATCHES = 3;
const PER_BATCH = 32;
/** A run that takes longer than this is a hang (a guard, not a speed assertion: linear inputs take a few seconds). */
const HANG_MS = 90_000;

interface Counts {
  inputs: number;
  runs: number;
  crashes: string[];
  hangs: string[];
  dataLoss: string[];
  notIdempotent: string[];
  brokenYaml: string[];
}
const counts: Counts = { inputs: 0, runs: 0, crashes: [], hangs: [], dataLoss: [], notIdempotent: [], brokenYaml: [] };

afterAll(() => {
  console.log(
    `robustness (seed ${SEED}): ${counts.inputs} inputs tried in ${counts.runs} CLI runs; ` +
      `crashes ${counts.crashes.length}, hangs ${counts.hangs.length}, data-loss cases ${counts.dataLoss.length}, ` +
      `non-idempotent fixes ${counts.notIdempotent.length}, YAML broken by a fix ${counts.brokenYaml.length}`,
  );
});

function run(args: string[], cwd: string, label: string): { status: number | null; stdout: string; stderr: string } {
  counts.runs++;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: HANG_MS, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') counts.hangs.push(`${label}: no exit within ${HANG_MS / 1000} s`);
  else if (r.signal) counts.crashes.push(`${label}: killed by ${r.signal}`);
  else if (r.status !== 0 && r.status !== 1) counts.crashes.push(`${label}: exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  else if (/internal error|\n\s+at .+:\d+:\d+\)?\n|bad_alloc|Maximum call stack/.test(r.stderr)) counts.crashes.push(`${label}: ${r.stderr.slice(0, 500)}`);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function writeBatch(files: readonly GeneratedFile[]): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-robust-')));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.content);
  return dir;
}

const words = (line: string) => line.split(/\s+/).filter(Boolean);

/** `small`'s words appear in `big` in order (a line with words removed by a fix). */
function isWordSubsequence(small: string, big: string): boolean {
  const b = words(big);
  let j = 0;
  for (const w of words(small)) {
    while (j < b.length && b[j] !== w) j++;
    if (j === b.length) return false;
    j++;
  }
  return true;
}

/**
 * Lines of `before` that `after` lost without an identical twin surviving: for each trimmed line
 * whose count went down, some line of `after` must equal it, or be it with words removed (a fix
 * that edits within a line). The oracle knows nothing of the fixer's comparison keys.
 */
function lostLines(before: string, after: string): string[] {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const raw of text.split(/\r\n|\r|\n/)) {
      const line = raw.trim();
      if (line) m.set(line, (m.get(line) ?? 0) + 1);
    }
    return m;
  };
  const a = count(before);
  const b = count(after);
  const lost: string[] = [];
  const afterLines = [...b.keys()];
  for (const [line, n] of a) {
    if ((b.get(line) ?? 0) >= n) continue;
    if (b.has(line)) continue; // a twin survives
    if (afterLines.some((m) => words(m).length > 0 && isWordSubsequence(m, line))) continue; // edited in place
    lost.push(line);
  }
  return lost;
}

function yamlParses(text: string): boolean {
  try {
    return parseAllDocuments(text, { maxAliasCount: -1 } as never).every((d) => !('errors' in d) || d.errors.length === 0);
  } catch {
    return false;
  }
}

interface BatchResult {
  crashes: string[];
  hangs: string[];
  dataLoss: string[];
  notIdempotent: string[];
  brokenYaml: string[];
}

/** One batch: lint, then --fix twice, checking each run; results also summed into `counts`. */
function runBatch(b: number): BatchResult {
  const files = generateFiles(SEED + b, PER_BATCH);
  counts.inputs += files.length;
  const dir = writeBatch(files);
  const label = `seed ${SEED + b}`;
  const result: BatchResult = { crashes: [], hangs: [], dataLoss: [], notIdempotent: [], brokenYaml: [] };
  const crashesBefore = counts.crashes.length;
  const hangsBefore = counts.hangs.length;

  // Lint: exit 0/1, JSON output with a report per file.
  const lint = run(['-f', 'json', ...files.map((f) => f.name)], dir, `${label} lint`);
  if (lint.status === 0 || lint.status === 1) {
    const reports = JSON.parse(lint.stdout) as { filePath: string }[];
    const missing = files.filter((f) => !reports.some((r) => path.basename(r.filePath) === f.name));
    if (missing.length) result.crashes.push(`${label} lint: no report for ${missing.map((f) => f.name).join(', ')}`);
  }

  // Fix twice: the second run changes nothing; nothing unique is lost; YAML still parses.
  const before = new Map(files.map((f) => [f.name, fs.readFileSync(path.join(dir, f.name))]));
  run(['--fix', '-f', 'compact', ...files.map((f) => f.name)], dir, `${label} fix 1`);
  const once = new Map(files.map((f) => [f.name, fs.readFileSync(path.join(dir, f.name))]));
  run(['--fix', '-f', 'compact', ...files.map((f) => f.name)], dir, `${label} fix 2`);
  for (const f of files) {
    const twice = fs.readFileSync(path.join(dir, f.name));
    if (!twice.equals(once.get(f.name)!)) result.notIdempotent.push(`${label} ${f.name} (${f.kind})`);
    const original = before.get(f.name)!;
    if (original.equals(once.get(f.name)!)) continue;
    const lost = lostLines(original.toString('utf8'), once.get(f.name)!.toString('utf8'));
    if (lost.length) result.dataLoss.push(`${label} ${f.name} (${f.kind}): lost ${JSON.stringify(lost.slice(0, 3))}${lost.length > 3 ? ` and ${lost.length - 3} more` : ''}`);
    if (/\.ya?ml$/.test(f.name) && yamlParses(original.toString('utf8')) && !yamlParses(once.get(f.name)!.toString('utf8'))) {
      result.brokenYaml.push(`${label} ${f.name} (${f.kind})`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  result.crashes.push(...counts.crashes.slice(crashesBefore));
  result.hangs.push(...counts.hangs.slice(hangsBefore));
  counts.crashes.push(...result.crashes.filter((c) => !counts.crashes.includes(c)));
  counts.dataLoss.push(...result.dataLoss);
  counts.notIdempotent.push(...result.notIdempotent);
  counts.brokenYaml.push(...result.brokenYaml);
  return result;
}

describe('robustness: generated adversarial files through the CLI', () => {
  for (let b = 0; b < BATCHES; b++) {
    describe(`batch ${b + 1}/${BATCHES} (seed ${SEED + b}): lint, then --fix twice`, () => {
      let result: BatchResult | undefined;
      const get = () => (result ??= runBatch(b));
      it('every run exits 0 or 1 with a report per file: no crash, no stack trace, no hang', () => {
        expect(get().crashes, 'crashes').toEqual([]);
        expect(get().hangs, 'hangs').toEqual([]);
      });
      it('--fix is idempotent and leaves YAML parseable', () => {
        expect(get().notIdempotent, '--fix not idempotent').toEqual([]);
        expect(get().brokenYaml, 'YAML broken by --fix').toEqual([]);
      });
      it('--fix loses no line without an identical twin left (data loss)', () => {
        expect(get().dataLoss, 'data loss').toEqual([]);
      });
    });
  }
});

describe('the oracle itself', () => {
  it('lostLines: a deleted duplicate is fine, a deleted unique line or a near-twin is lost, an in-line edit is fine', () => {
    expect(lostLines('- a b.\n- a b.\n- c.\n', '- a b.\n- c.\n')).toEqual([]);
    expect(lostLines('- a b.\n- c.\n', '- a b.\n')).toEqual(['- c.']);
    expect(lostLines('- ✅ Use early returns.\n- ❌ Use early returns.\n', '- ✅ Use early returns.\n')).toEqual(['- ❌ Use early returns.']);
    expect(lostLines('- Basically, keep it short.\n', '- keep it short.\n')).toEqual([]);
  });

  it('the generator is deterministic and covers every kind', () => {
    const a = generateFiles(7, 60);
    const b = generateFiles(7, 60);
    expect(a.map((f) => f.content.toString('base64'))).toEqual(b.map((f) => f.content.toString('base64')));
    const kinds = new Set(a.map((f) => f.kind.split(' ')[0]));
    for (const k of ['mutation', 'line', 'encoding', 'deep', 'alias']) expect(kinds.has(k), k).toBe(true);
  });
});
