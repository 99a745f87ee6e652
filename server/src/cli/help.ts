export const HELP = `Usage: prompt-lint [options] [paths or globs...]
       prompt-lint tokens [paths...] [--model M] [--format table|json]
       prompt-lint budget --base <git-ref> [--head <git-ref>] [--max-growth <percent>] (see budget --help)
       prompt-lint report [paths...] [--html FILE] [--format table|json]

Lints LLM prompt files: exact token counts, budgets, repeated and conflicting instructions.
With no paths, lints the well-known prompt files under the current directory
(CLAUDE.md, AGENTS.md, .cursor/rules, *.prompt.md, SKILL.md, *.prompty, prompt YAML...).

Options:
  -f, --format <name>        stylish (default), json, compact, sarif, github, markdown
  -c, --config <file>        use this config file instead of looking for .promptlintrc.*
      --rule <id=severity>   set a rule: off, warn or error (repeatable)
      --model <id>           count and price with this model (default from config: gpt-4o)
      --fix                  apply fixes and write the files (what changed: on stderr)
      --fix-dry-run          apply fixes in memory: what would change on stderr, the
                             fixed text as "output" in --format json (also for --stdin)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --baseline <file>      report only findings not recorded in this baseline
      --baseline-write <f>   record today's findings in a baseline file (then report none)
      --quiet                report errors only
      --stdin                lint text from standard input
      --stdin-filename <n>   the file name to assume for --stdin
      --cache                reuse results of unchanged files
      --cache-location <p>   cache file (default node_modules/.cache/prompt-lint/results.json)
      --concurrency <n>      worker threads: a number, auto (default) or off
      --color, --no-color    force colour on or off
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no errors, 1 lint errors or too many warnings, 2 usage, config or internal error.
Docs: https://github.com/prompt-lint/prompt-lint
`;

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
