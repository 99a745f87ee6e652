// Builds the extension into dist/ (everything the .vsix needs, no node_modules):
//   dist/extension.js              the client (CommonJS, `vscode` external)
//   dist/server.js                 the language server's entry: loads dist/lsp.js through the code cache
//   dist/lsp.js                    the protocol side of the server (no engine), from the repo's sources
//   dist/lint-worker.js            its lint worker thread's entry: loads dist/engine.js the same way
//   dist/engine.js                 the engine, rules and lexicons, and the lint worker
//   dist/promptlintrc.schema.json  the config schema (jsonValidation / yamlValidation)
//   dist/tokens/*.tokens           the token tables, copied from the root's dist/tokens (`npm run build`)
//   dist/test/*.js                 extension-host tests (not packaged)
// Usage: node esbuild.mjs [--production] [--watch] [--outdir DIR] [--server-only]   (dev build: all, with source maps)
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
// --outdir DIR: build elsewhere (tests build a server of their own; DIR/../package.json is the package's)
const outdirAt = process.argv.indexOf('--outdir');
const dist = outdirAt > 0 ? path.resolve(process.argv[outdirAt + 1]) : path.join(here, 'dist');

/**
 * The protocol side's entry: src/lsp-main.ts, which starts the server exactly as
 * `bin/prompt-lint-language-server.js --node-ipc` does, bundled from the repo's TypeScript sources.
 * PROMPT_LINT_SERVER_ENTRY overrides it (a file path).
 */
function serverEntry() {
  return process.env.PROMPT_LINT_SERVER_ENTRY ? path.resolve(process.env.PROMPT_LINT_SERVER_ENTRY) : path.join(here, 'src', 'lsp-main.ts');
}

/**
 * The protocol side never loads the engine in its own thread unless it lints in process: the
 * backend's `import('./lint-host.js')` becomes `require('./lint-worker.js')` (dist/lint-worker.js, the
 * engine bundle's entry, which exports the host when required from the protocol thread; see
 * src/engine-main.ts). A require, not an import(): the bundle runs in a vm.Script (load-bundle.ts).
 */
const engineFromWorkerBundle = {
  name: 'engine-from-worker-bundle',
  setup(build) {
    build.onLoad({ filter: /[\\/]lsp[\\/]lint-backend\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const re = /import\('\.\/lint-host\.js'\)/;
      if (!re.test(text)) throw new Error(`client/esbuild.mjs: ${args.path} no longer imports ./lint-host.js: update engineFromWorkerBundle`);
      return { contents: text.replace(re, "Promise.resolve().then(() => require('./lint-worker.js') as typeof import('./lint-host.js'))"), loader: 'ts' };
    });
    build.onResolve({ filter: /^\.\/lint-worker\.js$/ }, (args) => (args.kind === 'require-call' ? { path: './lint-worker.js', external: true } : undefined));
  },
};

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

/**
 * Start-up switches for A/B builds (issue 13.16), read by the client and the server's entry:
 * PROMPT_LINT_PRESTART=0 (the server does not start its lint worker before loading the protocol side),
 * PROMPT_LINT_EARLY_START=0 (the extension starts the server only when a prompt file opens) and
 * PROMPT_LINT_EARLY_FORK=1 (the extension forks the server at activation, before its client starts),
 * PROMPT_LINT_FIRST_LINTS_IN_PROCESS=0 (the worker lints from the first document on, prestarted),
 * PROMPT_LINT_START_AT_LOAD=0 (the extension starts in activate(), not as its bundle loads),
 * PROMPT_LINT_FORK_AT_LOAD=0 (started at load, it forks the server in its set-up, not as the bundle begins to run),
 * PROMPT_LINT_SHARE_TOKEN_TABLE=0 (the lint worker indexes the token table itself at a first start).
 * Set when building, they are fixed in the bundles; unset, the bundles read them at run time.
 */
const switches = Object.fromEntries(
  ['PROMPT_LINT_PRESTART', 'PROMPT_LINT_EARLY_START', 'PROMPT_LINT_EARLY_FORK', 'PROMPT_LINT_FIRST_LINTS_IN_PROCESS', 'PROMPT_LINT_START_AT_LOAD', 'PROMPT_LINT_FORK_AT_LOAD', 'PROMPT_LINT_SHARE_TOKEN_TABLE'].filter((name) => process.env[name] !== undefined).map((name) => [`process.env.${name}`, JSON.stringify(process.env[name])]),
);

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
  define: { 'import.meta.url': '__promptLintImportMetaUrl', ...switches },
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

/** Code caches of an older build (their names carry a hash of the bundle): not shipped, not kept. */
function removeCodeCaches() {
  if (!fs.existsSync(dist)) return;
  for (const f of fs.readdirSync(dist)) if (f.endsWith('.v8cache')) fs.rmSync(path.join(dist, f), { force: true });
  // the caches the extension keeps in its own folder when it runs from here (server-process.ts, cacheEnv)
  fs.rmSync(path.join(dist, '.cache'), { recursive: true, force: true });
}

const testEntries = fs.existsSync(path.join(here, 'test'))
  ? fs.readdirSync(path.join(here, 'test')).filter((f) => f.endsWith('.ts')).map((f) => path.join(here, 'test', f))
  : [];

// (the banner's first statement: when the extension host began to run the bundle, for the start-up marks)
const extensionBuild = { ...common, banner: { js: `globalThis[Symbol.for('prompt-lint.extensionLoadStart')] = Date.now(); ${common.banner.js}` }, entryPoints: { extension: path.join(here, 'src', 'extension.ts') }, outdir: dist, external: ['vscode'] };
// The two entries (server.js, lint-worker.js) only load the bundles through the code cache.
const loaderBuild = { ...common, entryPoints: { server: path.join(here, 'src', 'server-main.ts'), 'lint-worker': path.join(here, 'src', 'worker-main.ts') }, outdir: dist };
const lspBuild = () => ({ ...common, entryPoints: { lsp: serverEntry() }, outdir: dist, external: ['gpt-tokenizer', 'gpt-tokenizer/*'], plugins: [engineFromWorkerBundle, bundleCreateRequire] });
// gpt-tokenizer stays out: the server reads the shipped tables (copyTokenTables) and needs it only without them.
const engineBuild = { ...common, entryPoints: { engine: path.join(here, 'src', 'engine-main.ts') }, outdir: dist, external: ['gpt-tokenizer', 'gpt-tokenizer/*'], plugins: [optionalWorker, bundleCreateRequire] };
const testBuild = { ...common, minify: false, entryPoints: testEntries, outdir: path.join(dist, 'test'), external: ['vscode', 'mocha'] };
// --server-only: the language server alone (needs only the root's dependencies, not client/node_modules)
const serverOnly = process.argv.includes('--server-only');
const builds = testsOnly ? [testBuild] : serverOnly ? [loaderBuild, lspBuild(), engineBuild] : [extensionBuild, loaderBuild, lspBuild(), engineBuild, ...(production || !testEntries.length ? [] : [testBuild])];

const t0 = Date.now();
copySchema();
if (!testsOnly) {
  removeCodeCaches();
  copyTokenTables();
}
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('client/esbuild.mjs: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  const size = (f) => `${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KB`;
  const built = testsOnly ? `dist/test (${testEntries.length} files)` : `${serverOnly ? '' : `dist/extension.js ${size('extension.js')}, `}dist/lsp.js ${size('lsp.js')}, dist/engine.js ${size('engine.js')}`;
  console.log(`client/esbuild.mjs: ${built} in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
