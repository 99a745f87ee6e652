/** Which parser reads a file, decided by its name alone. */
import path from 'node:path';
import type { FileKind } from '../model/types.js';

const MARKDOWN_EXT = new Set(['.md', '.mdc', '.markdown', '.mdx']);
const YAML_EXT = new Set(['.yaml', '.yml']);
const TEXT_EXT = new Set(['.txt', '.prompt', '.j2', '.jinja', '.jinja2']);
/** Dotfiles that agents read as Markdown instructions. */
const MARKDOWN_NAMES = new Set(['.cursorrules', '.windsurfrules', '.clinerules', '.roorules', '.goosehints']);
const YAML_NAMES = new Set(['.roomodes']);

/** The parser for a path, or undefined when prompt-lint does not read that kind of file. */
export function fileKind(filePath: string): FileKind | undefined {
  const base = path.basename(filePath).toLowerCase();
  if (MARKDOWN_NAMES.has(base)) return 'markdown';
  if (YAML_NAMES.has(base)) return 'yaml';
  const ext = path.extname(base);
  if (ext === '.prompty') return 'prompty';
  if (MARKDOWN_EXT.has(ext)) return 'markdown';
  if (YAML_EXT.has(ext)) return 'yaml';
  if (TEXT_EXT.has(ext)) return 'text';
  if (ext === '' && !base.startsWith('.')) return 'text';
  return undefined;
}

/**
 * Whether a directory walk or a glob picks this file up: a readable kind with a prompt-ish name.
 * Extensionless files (LICENSE, Makefile) are read as text only when named explicitly.
 */
export function isWalkable(filePath: string): boolean {
  const base = path.basename(filePath).toLowerCase();
  if (MARKDOWN_NAMES.has(base) || YAML_NAMES.has(base)) return true;
  return path.extname(base) !== '' && fileKind(filePath) !== undefined;
}
