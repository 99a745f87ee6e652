#!/usr/bin/env node
// Bundles the compiled CLI and its worker into one file each (dist/prompt-lint.cjs,
// dist/prompt-lint-worker.mjs): a cold start then reads two files instead of ~200 modules. The CLI
// is CommonJS, the form Node 20 can start with V8's code cache (server/src/cli/code-cache.ts).
// Run by `npm run build` after tsc; bin/prompt-lint.js falls back to the unbundled modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let build;
try {
  ({ build } = await import('esbuild'));
} catch (error) {
  // esbuild's binary is an optional dependency (absent with --omit=optional): the CLI still
  // works from the compiled modules, only its cold start is slower.
  console.error(`bundle skipped: esbuild unavailable (${error.message.split('\n')[0]})`);
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// CJS dependencies (ajv, yaml, the tokenizer's rank files) need `require` inside the ESM bundle.
const banner = "import { createRequire as __plCreateRequire } from 'node:module'; const require = __plCreateRequire(import.meta.url);";

/**
 * The generated config validator loads Ajv's runtime helpers with `createRequire(import.meta.url)`,
 * which esbuild cannot see: every start resolved and loaded those files from node_modules (~6 ms).
 * Its own `require` instead, which esbuild bundles (as client/esbuild.mjs does for the extension).
 */
const bundleValidatorRuntime = {
  name: 'bundle-validator-runtime',
  setup(b) {
    b.onLoad({ filter: /config-validator\.generated\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const re = /const require = createRequire\(import\.meta\.url\);?/;
      if (!re.test(text)) throw new Error(`scripts/bundle.mjs: ${args.path} no longer makes its require with createRequire: update bundleValidatorRuntime`);
      return { contents: text.replace(re, '/* bundled by scripts/bundle.mjs: module require */'), loader: 'js' };
    });
  },
};

try {
  await build({
    entryPoints: {
      'prompt-lint-worker': path.join(root, 'dist/server/src/cli/worker.js'),
    },
    outdir: path.join(root, 'dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: banner },
    // Half the size on disk (the install stays small, issue 13.5). Without esbuild's keepNames (as
    // client/esbuild.mjs builds the server): it wrapped every function expression in a call that
    // redefines its `name` each time the expression runs, 5–9 % of a CLI run's CPU (docs/performance.md,
    // "Twelfth session"). Stack traces show minified names; the compiled modules (dist/server) show them all.
    minify: true,
    // The tokenizer's vocabularies are loaded on demand; keep them out of the start-up path.
    external: ['gpt-tokenizer/*'],
    logLevel: 'warning',
  });
  // The CLI as CommonJS, which Node 20 can compile with V8's code cache (made by scripts/code-cache.mjs):
  // `run` exported, without entry.ts's top-level code (bin/prompt-lint.js sets the V8 flags before
  // compiling, then calls run), `import.meta.url` passed in by the wrapper.
  await build({
    stdin: { contents: "export { run } from './dist/server/src/cli/main.js';", resolveDir: root, sourcefile: 'prompt-lint-cjs-entry.js' },
    outfile: path.join(root, 'dist/prompt-lint.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    define: { 'import.meta.url': '__plMetaUrl' },
    plugins: [bundleValidatorRuntime],
    minify: true,
    external: ['gpt-tokenizer/*'],
    logLevel: 'warning',
  });
} catch (error) {
  console.error(`bundle skipped: ${error.message.split('\n')[0]}`);
}
