/** Temp config trees and a small set of rule metas for the config tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { RuleMeta, SeveritySetting } from '../../server/src/engine/types.js';
import { ConfigError } from '../../server/src/config/errors.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp directory (real path) with the given files; a value of null makes an empty directory. */
export function tree(files: Record<string, string | null>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptlint-config-')));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) {
      fs.mkdirSync(abs, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function meta(id: string, defaultSeverity: SeveritySetting, schema: Record<string, unknown>, defaultOptions: Record<string, unknown>): RuleMeta {
  return { id, description: id, tags: [], defaultSeverity, fixable: false, hasSuggestions: false, schema, defaultOptions, messages: {} };
}

export const RULES: readonly RuleMeta[] = [
  meta(
    'duplicate-instruction',
    'warning',
    { type: 'object', properties: { threshold: { type: 'number', minimum: 0, maximum: 1 } }, additionalProperties: false },
    { threshold: 0.9 },
  ),
  meta(
    'token-budget',
    'error',
    {
      type: 'object',
      properties: { maxTokens: { type: 'integer', minimum: 1 }, countCode: { type: 'boolean' } },
      additionalProperties: false,
    },
    { maxTokens: 4000, countCode: true },
  ),
  meta('conflicting-instructions', 'error', { type: 'object', properties: {}, additionalProperties: false }, {}),
  meta('vague-quantifier', 'off', { type: 'object', properties: { words: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }, { words: ['some'] }),
];

/** 1-based line and column of the nth (0-based) occurrence of `needle` in `text`. */
export function posOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}

/** Runs fn and returns the ConfigError it throws (fails if it throws nothing or something else). */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
