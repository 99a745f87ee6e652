// Command-line options for the benches and the review scripts: Node's parseArgs, with `--help`
// printing the script's header comment and a bad option one line and exit 2 (Node's own error
// is a stack trace with an unclosed quote, as issue 13 item 8 found for the CLI).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The comment lines at the top of a script (after `#!`), without their `// `. */
export function scriptUsage(scriptUrl) {
  const lines = fs.readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n');
  const out = [];
  for (const line of lines.slice(lines[0]?.startsWith('#!') ? 1 : 0)) {
    if (!line.startsWith('//')) break;
    out.push(line.replace(/^\/\/ ?/, ''));
  }
  return out.join('\n');
}

/** parseArgs(config) over process.argv, or help (exit 0) or a one-line usage error (exit 2). */
export function parseCliArgs(scriptUrl, config) {
  const args = process.argv.slice(2);
  const name = path.basename(fileURLToPath(scriptUrl));
  if (args.includes('--help') || args.includes('-h')) {
    console.log(scriptUsage(scriptUrl) || `${name}: no usage text`);
    process.exit(0);
  }
  try {
    return parseArgs({ args, ...config });
  } catch (error) {
    if (!String(error?.code).startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`${name}: ${error.message}\n(${name} --help lists the options)`);
    process.exit(2);
  }
}
