/**
 * Entry of dist/lsp.js: the language server's protocol thread, without the engine. Its lint worker
 * is dist/lint-worker.js; when it lints in process (PROMPT_LINT_LSP_WORKER=0, or after repeated
 * worker crashes) it requires dist/lint-worker.js in this thread instead (esbuild.mjs maps the
 * backend's `import('./lint-host.js')` to it).
 */
import { startServer } from '../../server/src/lsp/server';

startServer();
