#!/usr/bin/env node
// Rewrites the `files:` pattern of .pre-commit-hooks.yaml from the default include globs
// (server/src/config/defaults.ts), so that the hooks lint what `prompt-lint` lints. Needs a build
// (`npm run build`); test/gates/precommit-pattern.test.ts fails when the file is out of date.
import fs from 'node:fs';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../dist/server/src/config/defaults.js';
import { precommitFilesPattern } from '../dist/server/src/config/precommit-pattern.js';

const file = new URL('../.pre-commit-hooks.yaml', import.meta.url);
const yaml = fs.readFileSync(file, 'utf8');
let next = yaml;
for (const [anchor, globs] of [['prompt-files', DEFAULT_INCLUDE], ['prompt-excludes', DEFAULT_EXCLUDE]]) {
  const block = new RegExp(`(  \\w+: &${anchor} \\|\\n)((?: {4}.*\\n)*)`);
  if (!block.test(next)) throw new Error(`.pre-commit-hooks.yaml: no "&${anchor} |" block found`);
  next = next.replace(block, (_, head) => head + precommitFilesPattern(globs));
}
if (next !== yaml) {
  fs.writeFileSync(file, next);
  console.log('.pre-commit-hooks.yaml: files and exclude patterns updated');
} else {
  console.log('.pre-commit-hooks.yaml: files and exclude patterns up to date');
}
