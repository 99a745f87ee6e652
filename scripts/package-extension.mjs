#!/usr/bin/env node
// `npm run package`: the VS Code extension, client/dist/prompt-lint.vsix, in a checkout where
// `npm ci` ran (its `prepare` builds the engine and the token tables the extension ships).
// client/ keeps its own dependencies (vscode-languageclient, @vscode/vsce, …; client/package-lock.json,
// apart from the CLI's so that `npm install prompt-lint` never pulls them): installed here with
// `npm ci` unless client/node_modules already matches that lock file (the stamp e2e/setup.sh writes too).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const client = path.join(root, 'client');

function run(cwd, args) {
  console.log(`> (${path.relative(root, cwd) || '.'}) npm ${args.join(' ')}`);
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm run package: \`npm ${args.join(' ')}\` failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
    process.exit(1);
  }
}

if (!fs.existsSync(path.join(root, 'dist', 'tokens')) || !fs.existsSync(path.join(root, 'dist', 'server'))) run(root, ['run', 'build']);

const stamp = path.join(client, 'node_modules', '.prompt-lint-lock.sha256');
const want = createHash('sha256').update(fs.readFileSync(path.join(client, 'package-lock.json'))).digest('hex');
const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (have !== want) {
  run(client, ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  fs.writeFileSync(stamp, `${want}\n`);
}
run(client, ['run', 'package']);
console.log(`npm run package: ${path.relative(process.cwd(), path.join(client, 'dist', 'prompt-lint.vsix'))}`);
