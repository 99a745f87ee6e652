/**
 * Command-line option parsing for every subcommand: Node's `parseArgs`, with messages in the
 * words of ESLint and markdownlint-cli2 users ("unknown option '--fxi'; did you mean '--fix'?")
 * instead of Node's parser errors, and `--help` that wins over everything else on the line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeMatches } from '../config/validate.js';
import { UsageError } from '../engine/engine.js';
import { isKnownModel, unknownModelMessage } from '../tokens/models.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export type ParsedCommandLine<T extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

/** Whether the line asks for help (`-h`/`--help` before any `--`): help is printed whatever else is wrong. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * Parses `argv` against `options`. Problems become UsageErrors (exit 2) naming the option, with a
 * suggestion for a misspelt one; `command` ("tokens", "budget"…) says where to look for help.
 */
export function parseCommandLine<T extends OptionSpec>(argv: readonly string[], options: T, command?: string): ParsedCommandLine<T> {
  const help = `prompt-lint ${command ? `${command} ` : ''}--help`;
  const loose = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const long = Object.keys(options);
  for (const token of loose.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) {
      const shown = token.rawName.replace(/=.*$/, '');
      const close = shown.startsWith('--') ? closeMatches(shown.slice(2), long) : [];
      const hint = close.length ? `; did you mean ${close.map((c) => `'--${c}'`).join(' or ')}?` : '';
      throw new UsageError(`unknown option '${shown}'${hint} (${help} lists the options)`);
    }
    const name = `--${token.name}`;
    if (spec.type === 'boolean' && token.value !== undefined) {
      throw new UsageError(`option '${name}' takes no value, got '${token.value}'`);
    }
    if (spec.type === 'string') {
      if (token.value === undefined) throw new UsageError(`option '${name}' needs a value (${help})`);
      if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
        throw new UsageError(`option '${name}' needs a value, got the option '${token.value}' (write ${name}=${token.value} if that is the value)`);
      }
    }
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's wording (with its stray quote) is replaced; the cases above should leave none.
    const message = String((error as Error).message).split('. ')[0]!.replace(/'/g, '');
    throw new UsageError(`${message} (${help})`);
  }
}

/** `--model M`: an unknown model is a usage error with suggestions, before any file is read. */
export function checkModelFlag(model: string | undefined): void {
  if (model !== undefined && !isKnownModel(model)) throw new UsageError(`--model: ${unknownModelMessage(model)}`);
}
