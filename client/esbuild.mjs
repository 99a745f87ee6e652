// Builds the extension into dist/ (everything the .vsix needs, no node_modules):
//   dist/extension.js              the client (CommonJS, `vscode` external)
//   dist/server.js                 the language server and the whole engine, from the repo's sources
//   dist/lint-worker.js            its lint worker thread: `require('./server.js')`
//   dist/promptlintrc.schema.json  the config schema (jsonValidation / yamlValidation)
//   dist/tokens/*.tokens           the token tables, copied from the root's dist/tokens (`npm run build`)
//   dist/test/*.js                 extension-host tests (not packaged)
// Usage: node esbuild.mjs [--production] [--watch]   (dev build: all four, with source maps)
//        node esbuild.mjs --tests                   (only dist/test, e.g. next to a --production build)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const testsOnly = process.argv.includes('--tests');
const dist = path.join(here, 'dist');

/**
 * The server's entry: src/server-main.ts, which starts the server exactly as
 * `bin/prompt-lint-language-server.js --node-ipc` does, bundled from the repo's TypeScript sources.
 * PROMPT_LINT_SERVER_ENTRY overrides it (a file path).
 */
function serverEntry() {
  return process.env.PROMPT_LINT_SERVER_ENTRY ? path.resolve(process.env.PROMPT_LINT_SERVER_ENTRY) : path.join(here, 'src', 'server-main.ts');
}

/**
 * The engine loads data modules with `createRequire(import.meta.url)` (lazily, on first use).
 * A require from createRequire is invisible to esbuild, so turn it back into the module's own
 * `require`, which esbuild bundles (still lazily initialised).
 */
const bundleCreateRequire = {
  name: 'bundle-create-require',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      const re = /const require = createRequire\(import\.meta\.url\);?/;
      if (!re.test(text)) return undefined;
      return { contents: text.replace(re, '/* bundled by client/esbuild.mjs: module require */'), loader: 'ts' };
    });
  },
};

/** A server without a lint worker (older or in-process builds): the worker branch bundles nothing. */
const optionalWorker = {
  name: 'optional-lint-worker',
  setup(build) {
    build.onResolve({ filter: /\/lsp\/lint-worker$/ }, (args) => {
      const source = path.resolve(args.resolveDir, `${args.path}.ts`);
      return fs.existsSync(source) ? { path: source } : { path: source, namespace: 'missing-worker' };
    });
    build.onLoad({ filter: /.*/, namespace: 'missing-worker' }, () => ({ contents: '', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  logOverride: { 'require-resolve-not-external': 'silent' },
  // `import.meta.url` in CommonJS output: the bundle's own file URL.
  define: { 'import.meta.url': '__promptLintImportMetaUrl' },
  banner: { js: "var __promptLintImportMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

function copySchema() {
  fs.mkdirSync(dist, { recursive: true });
  fs.copyFileSync(path.join(root, 'schema', 'promptlintrc.schema.json'), path.join(dist, 'promptlintrc.schema.json'));
}

/**
 * The server reads the token tables from dist/tokens/ beside its bundle (server/src/tokens/
 * shipped.ts): 2.3 MB of tables, where bundling gpt-tokenizer's vocabulary modules made the server
 * 10 MB of JavaScript to compile at every start.
 */
function copyTokenTables() {
  const from = path.join(root, 'dist', 'tokens');
  const tables = fs.existsSync(from) ? fs.readdirSync(from).filter((f) => f.endsWith('.tokens')) : [];
  if (tables.length < 2) throw new Error(`client/esbuild.mjs: no token tables (*.tokens) in ${from}: run \`npm run build\` (or \`npm ci\`) at the repository root first`);
  fs.rmSync(path.join(dist, 'tokens'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dist, 'tokens'), { recursive: true });
  for (const f of tables) fs.copyFileSync(path.join(from, f), path.join(dist, 'tokens', f));
}

/** The server starts its lint worker from `./lint-worker.js` beside it: the same bundle (see server-main.ts). */
function writeWorkerShim() {
  fs.writeFileSync(path.join(dist, 'lint-worker.js'), "// The language server's lint worker thread: see client/src/server-main.ts.\nrequire('./server.js');\n");
}

const testEntries = fs.existsSync(path.join(here, 'test'))
  ? fs.readdirSync(path.join(here, 'test')).filter((f) => f.endsWith('.ts')).map((f) => path.join(here, 'test', f))
  : [];

const extensionBuild = { ...common, entryPoints: { extension: path.join(here, 'src', 'extension.ts') }, outdir: dist, external: ['vscode'] };
// gpt-tokenizer stays out: the server reads the shipped tables (copyTokenTables) and needs it only without them.
const serverBuild = () => ({ ...common, entryPoints: { server: serverEntry() }, outdir: dist, external: ['gpt-tokenizer', 'gpt-tokenizer/*'], plugins: [optionalWorker, bundleCreateRequire] });
const testBuild = { ...common, minify: false, entryPoints: testEntries, outdir: path.join(dist, 'test'), external: ['vscode', 'mocha'] };
const builds = testsOnly ? [testBuild] : [extensionBuild, serverBuild(), ...(production || !testEntries.length ? [] : [testBuild])];

const t0 = Date.now();
copySchema();
if (!testsOnly) {
  writeWorkerShim();
  copyTokenTables();
}
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('client/esbuild.mjs: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const size = (f) => `${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`;
  const built = testsOnly ? `dist/test (${testEntries.length} files)` : `dist/extension.js ${size('extension.js')}, dist/server.js ${size('server.js')}`;
  console.log(`client/esbuild.mjs: ${built} in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
