/** The process entry of `prompt-lint`: tunes V8 for a short batch run, then wires the real process streams to `run`. */
import { tuneV8 } from './v8-flags.js';
import { run } from './main.js';

tuneV8();

process.exitCode = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
