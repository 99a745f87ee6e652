/** Real temporary repositories for resolver tests: a `.git` directory and the files given. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Engine } from '../../server/src/engine/engine.js';
import type { FileReport } from '../../server/src/engine/engine.js';

export function makeRepo(files: Record<string, string>, options: { git?: boolean } = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-agents-')));
  if (options.git !== false) fs.mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return root;
}

export function removeRepo(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Entries as `relative path | kind | loading` lines, easy to compare by hand. */
export function summary(root: string, ctx: { entries: readonly { path: string; kind: string; loading: string }[] }): string[] {
  return ctx.entries.map((e) => `${path.relative(root, e.path).split(path.sep).join('/')} | ${e.kind} | ${e.loading}`);
}

/** `repo(files)`: a temporary repository made for one test and removed after it. */
export function tempRepos(): (files: Record<string, string>, options?: { git?: boolean }) => string {
  const repos: string[] = [];
  afterEach(() => {
    while (repos.length) removeRepo(repos.pop()!);
  });
  return (files, options) => {
    const r = makeRepo(files, options);
    repos.push(r);
    return r;
  };
}

/** Lints `files` (relative to `root`) with the real engine, as the CLI would from `root`. */
export async function lintRepo(root: string, files: string[]): Promise<FileReport[]> {
  return new Engine({ cwd: root }).lintFiles(files.map((f) => path.join(root, f)));
}

/** `file:line:col` (1-based, relative to `root`) of a rule's findings, sorted. */
export const findingsAt = (root: string, reports: FileReport[], rule: string): string[] =>
  reports
    .flatMap((r) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${path.relative(root, f.path)}:${f.start.line + 1}:${f.start.character + 1}`))
    .sort();
