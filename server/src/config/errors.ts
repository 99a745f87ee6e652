/** Errors in configuration files, command-line rule settings and config resolution. */
import path from 'node:path';

export type PathSegment = string | number;

/**
 * A configuration problem with its location.
 *
 * `line` and `column` are 1-based (UTF-16 code units). They are 0 when the problem has no position
 * in a file (an unreadable file, a `--rule` flag). `keyPath` names the offending key in
 * dotted/bracket form (`rules.token-budget[1].maxTokens`), '' when it is the file as a whole.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Absolute path of the config file, or a pseudo-name such as `--rule` / `--config`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly keyPath: string;
  /** The message without the `file:line:col: keyPath: ` prefix. */
  readonly detail: string;

  constructor(file: string, line: number, column: number, keyPath: string, detail: string) {
    super(formatConfigError(file, line, column, keyPath, detail));
    this.file = file;
    this.line = line;
    this.column = column;
    this.keyPath = keyPath;
    this.detail = detail;
  }
}

/** `file:line:col: keyPath: detail`, with the file relative to the working directory when inside it. */
export function formatConfigError(file: string, line: number, column: number, keyPath: string, detail: string): string {
  let shown = file;
  if (path.isAbsolute(file)) {
    const rel = path.relative(process.cwd(), file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) shown = rel;
  }
  const where = line > 0 ? `${shown}:${line}:${column}` : shown;
  return keyPath ? `${where}: ${keyPath}: ${detail}` : `${where}: ${detail}`;
}

const PLAIN_KEY = /^[A-Za-z0-9_$@/-][A-Za-z0-9_$@/:-]*$/;

/** `['rules', 'token-budget', 1, 'maxTokens']` → `rules.token-budget[1].maxTokens`. */
export function formatKeyPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
