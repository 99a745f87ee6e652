/**
 * Entry of dist/server.js, the language server the extension ships: what
 * `bin/prompt-lint-language-server.js --node-ipc` runs (VS Code forks this module with `--node-ipc`;
 * vscode-languageserver picks the transport from the arguments), bundled with the engine.
 *
 * The server lints in a worker thread started from `./lint-worker.js` next to it; esbuild.mjs
 * writes dist/lint-worker.js as `require('./server.js')`, so in a worker thread this same bundle
 * runs the worker's module instead (one copy of the engine and its rank tables, not two).
 */
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../../server/src/lsp/server') as typeof import('../../server/src/lsp/server')).startServer();
} else {
  require('../../server/src/lsp/lint-worker');
}
