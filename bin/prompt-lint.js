#!/usr/bin/env node
// Runs the compiled CLI (built by `npm run build`, also run by `npm ci` through `prepare`).
import { run } from '../dist/server/src/cli/main.js';

const code = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
process.exitCode = code;
