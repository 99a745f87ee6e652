/**
 * Which documents prompt-lint handles: the CLI's built-in well-known prompt files (the same globs,
 * imported from the engine at build time) plus the `prompt-lint` language this extension contributes.
 * A plain README.md matches nothing, so ordinary Markdown is left alone, unless the user sets
 * `promptLint.validate` to `all`: then every Markdown, YAML and plain-text file goes to the server.
 */
import * as vscode from 'vscode';
import { DEFAULT_INCLUDE } from '../../server/src/config/defaults';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type PromptLintSettings } from './protocol';

/**
 * The language this extension gives prompt files that no other language claims (.mdc, .prompty,
 * .prompt, .cursorrules, …). Its own id: VS Code's built-in prompt-file support owns `prompt` (Copilot's
 * *.prompt.md) and validates every document of that language with its own checker (issue 13).
 */
export const PROMPT_LANGUAGE = 'prompt-lint';

/** Usable both as a VS Code DocumentSelector and as the language client's. */
export type Selector = { scheme: string; language?: string; pattern?: string }[];

const PROMPT_FILES: Selector = [
  { scheme: 'file', language: PROMPT_LANGUAGE },
  ...DEFAULT_INCLUDE.map((pattern) => ({ scheme: 'file', pattern })),
];
const ALL_FILES: Selector = [
  ...PROMPT_FILES,
  ...['markdown', 'yaml', 'plaintext'].map((language) => ({ scheme: 'file', language })),
];

/** The window-level `promptLint.validate`: the selector is one per client, not per folder. */
export function validateMode(): PromptLintSettings['validate'] {
  const mode = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('validate');
  return mode === 'all' ? 'all' : DEFAULT_SETTINGS.validate;
}

export function promptSelector(mode = validateMode()): Selector {
  return mode === 'all' ? ALL_FILES : PROMPT_FILES;
}

export function isPromptDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(promptSelector(), doc) > 0;
}

/**
 * Files at a workspace folder's root that show the workspace uses prompt files (kept equal to the
 * `workspaceContains:` activation events in package.json): an agent's instruction file or a
 * prompt-lint config, in a folder where prompt-lint is enabled.
 */
export const WORKSPACE_PROMPT_FILES = [
  'CLAUDE.md',
  'AGENTS.md',
  'GEMINI.md',
  '.cursorrules',
  '.github/copilot-instructions.md',
  '.promptlintrc.json',
  '.promptlintrc.yaml',
  '.promptlintrc.yml',
] as const;
