import path from 'node:path';
import { CONFIG_FILENAMES, PACKAGE_JSON_KEY } from '../config/defaults.js';

const CONFIG_NAMES = CONFIG_FILENAMES.map((n) => (n === 'package.json' ? `package.json ("${PACKAGE_JSON_KEY}" key)` : n)).join(', ');

export const HELP = `Usage: prompt-lint [options] [paths or globs...]
       prompt-lint tokens [paths...] [--model M] [--format table|json]   (see tokens --help)
       prompt-lint budget --base <git-ref> [--head <git-ref>] [--max-growth <percent>] (see budget --help)
       prompt-lint report [paths...] [--html FILE] [--format table|json]   (see report --help)
       prompt-lint context [path] [--agent A] [--format tree|json|markdown] (see context --help)

Lints LLM prompt files: exact token counts, budgets, repeated and conflicting instructions.
With no paths, lints the well-known prompt files under the current directory
(CLAUDE.md, AGENTS.md, .cursor/rules, *.prompt.md, SKILL.md, *.prompty, prompt YAML...).

Configuration: the nearest of ${CONFIG_NAMES}
in the file's directory or above (docs/configuration.md); --init writes a starter file.

Options:
  -f, --format <name>        stylish (default), json, compact, sarif, github, markdown
  -o, --output-file <file>   write the report to this file instead of standard output
  -c, --config <file>        use this config file instead of looking for .promptlintrc.*
      --rule <id=severity>   set a rule: off, warn (or warning) or error (repeatable)
      --model <id>           count and price with this model (default from config: gpt-4o)
      --fix                  apply fixes and write the files (what changed: on stderr)
      --fix-dry-run          apply fixes in memory: what would change on stderr, the
                             fixed text as "output" in --format json (also for --stdin)
      --max-warnings <n>     exit 1 when there are more than n warnings (infos never count)
      --baseline <file>      report only findings not recorded in this baseline
      --baseline-write <f>   record today's findings in a baseline file (then report none)
      --quiet                report errors only
      --stdin                lint text from standard input
      --stdin-filename <n>   the file name to assume for --stdin
      --ignore-pattern <g>   also skip files matching this glob (repeatable)
      --no-ignore            do not honour .gitignore or the config's "exclude"
      --cache                reuse results of unchanged files
      --cache-location <p>   cache file (default node_modules/.cache/prompt-lint/results.json)
      --concurrency <n>      worker threads: a number, auto (default) or off
      --color, --no-color    force colour on or off
      --print-config <file>  print the configuration that applies to a file (JSON)
      --list-rules           list the rules with their default severity
      --init                 write a starter .promptlintrc.json here
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no errors, 1 lint errors or too many warnings, 2 usage, config or internal error.
Docs: https://github.com/prompt-lint/prompt-lint
`;

/**
 * A run without paths that found no prompt file: said (like markdownlint-cli2's "0 files"), exit 0,
 * since a repository without prompt files is a valid state for a shared CI job. Paths or globs
 * that match nothing stay errors (exit 2).
 */
export function noFilesMessage(cwd: string): string {
  return `prompt-lint: 0 files linted: no file under ${path.resolve(cwd)} has a well-known prompt file name (docs/configuration.md#which-files-are-linted); name files or folders to lint others\n`;
}

export const TOKENS_HELP = `Usage: prompt-lint tokens [paths...] [--model M] [--format table|json]

Tokens, bytes, share and cost per file and per section, counted with the configured model
(exact for OpenAI models; "~" marks an estimate). With no paths, the well-known prompt files.

Options:
      --model <id>           count and price with this model
  -f, --format <name>        table (default) or json
  -c, --config <file>        use this config file instead of looking for .promptlintrc.*
      --calls-per-day <n>    price files at this many calls per day
  -h, --help                 print this help
`;

export const CONTEXT_HELP = `Usage: prompt-lint context [path] [--agent A] [--format tree|json|markdown]

What each coding agent loads when it works on PATH (a file or a directory; default: the current
directory): the instruction files in the order the agent sends them, why each loads (ancestor
directory, imported from X:line, glob Y matches, always), with tokens, bytes and cost per file
and in total, and the share of the model's context window. What loads only on demand (skill
bodies, path rules that do not match, manual rules) is listed apart and not counted.
Without --agent: every agent whose files the repository has. Sources: docs/agents/.

Options:
  -a, --agent <id>           claude-code, codex, cursor, copilot, gemini-cli or windsurf
                             (repeatable, or comma-separated)
  -f, --format <name>        tree (default), json or markdown
      --model <id>           count and price every agent's context with this model (default:
                             the config's model; Claude for Claude Code, Gemini for Gemini CLI)
  -c, --config <file>        use this config file instead of looking for .promptlintrc.*
      --calls-per-day <n>    also price the context at this many calls per day
  -h, --help                 print this help
`;
