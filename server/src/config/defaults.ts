/** Built-in configuration: what prompt-lint looks at and how when no config file says otherwise. */

/**
 * Well-known prompt files, as globs relative to the project directory. A file matching none of these
 * is still linted when named on the command line (or found by walking a named directory).
 */
export const DEFAULT_INCLUDE: readonly string[] = Object.freeze([
  // Agent instruction files
  '**/CLAUDE.md',
  '**/CLAUDE.local.md',
  '**/AGENTS.md',
  '**/GEMINI.md',
  // Cursor
  '**/.cursor/rules/**/*.{md,mdc}',
  '**/*.mdc',
  '**/.cursorrules',
  // Windsurf, Cline, Roo
  '**/.windsurfrules',
  '**/.windsurf/rules/**/*.md',
  '**/.clinerules',
  '**/.clinerules/**/*.md',
  '**/.roomodes',
  '**/.roo/rules*/**/*.md',
  // GitHub Copilot / VS Code
  '**/.github/copilot-instructions.md',
  '**/.github/instructions/**/*.md',
  '**/*.prompt.md',
  '**/*.instructions.md',
  '**/*.agent.md',
  '**/*.chatmode.md',
  // Claude Code skills, agents, commands
  '**/SKILL.md',
  '**/.claude/{agents,commands,skills}/**/*.md',
  // Prompt formats and prompt folders
  '**/*.prompty',
  '**/*.prompt.{yml,yaml}',
  '**/prompts/**/*.{md,txt,yaml,yml,prompt}',
  '**/promptfooconfig.{yaml,yml}',
  // CrewAI
  '**/agents.yaml',
  '**/tasks.yaml',
  // System prompts by name
  '**/system-prompt*.{md,txt}',
  '**/*.system.md',
]);

/** Never linted unless named explicitly; user `exclude` globs are added to these. */
export const DEFAULT_EXCLUDE: readonly string[] = Object.freeze([
  '**/node_modules/**',
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/.cache/**',
  '**/.venv/**',
  '**/venv/**',
  '**/__pycache__/**',
  '**/vendor/**',
  '**/target/**',
]);

/** Largest file linted, in bytes. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** Model used for token counts and costs when no config names one. */
export const DEFAULT_MODEL = 'gpt-4o';

/** Fraction of a budget at which a warning starts. */
export const DEFAULT_WARN_AT = 0.8;

/** Config file names looked for in each directory, highest priority first (one per directory is used). */
export const CONFIG_FILENAMES: readonly string[] = Object.freeze([
  '.promptlintrc.json',
  '.promptlintrc.yaml',
  '.promptlintrc.yml',
  'package.json',
]);

/** Key of the configuration object inside package.json. */
export const PACKAGE_JSON_KEY = 'promptlint';
