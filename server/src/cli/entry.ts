/** The process entry of `prompt-lint`: wires the real process streams to `run`. */
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
