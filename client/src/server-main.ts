/**
 * Entry of dist/server.js, the language server the extension ships: what
 * `bin/prompt-lint-language-server.js --node-ipc` runs (VS Code forks this module with `--node-ipc`;
 * vscode-languageserver picks the transport from the arguments).
 *
 * The server ships as two bundles (issue 13.16), each loaded through V8's code cache (load-bundle.ts):
 * dist/lsp.js, the protocol side (lsp-main.ts, about a quarter of the code), in this thread, and
 * dist/engine.js, the engine with the rules and lexicons (engine-main.ts), in the lint worker that
 * the server starts from dist/lint-worker.js (worker-main.ts). A thread compiles only what it runs.
 * The worker is started first, so that it loads the engine while this thread loads the protocol
 * side, and the server adopts it (lint-backend.ts). With PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1 the
 * protocol thread lints the first documents itself and starts the worker only after the first
 * publish (issue 13.16, sixth pass): off by default, since a quiet-machine A/B in code-server
 * showed no gain at a second start and a slower first start (docs/lsp.md, sixth pass).
 */
import fs from 'node:fs';
import path from 'node:path';
import { prestartLintWorker } from '../../server/src/lsp/lint-backend';
import { cacheFileName, CACHE_DIR_ENV } from '../../server/src/tokens/cache';
import { offerTokenTable, type TokenShareOffer } from '../../server/src/tokens/share';
import { loadBundle } from './load-bundle';

/**
 * The default token table (o200k_base), indexed in this thread for the prestarted worker when the
 * token cache does not hold it yet (the first start after an install; tokens/share.ts): once this
 * thread listens (it then waits for the editor), while the worker still loads its engine; if the
 * worker gets there first, it indexes the table itself. Off with PROMPT_LINT_SHARE_TOKEN_TABLE=0 (an
 * A/B switch).
 */
function tokenShare(): TokenShareOffer | undefined {
  if (process.env.PROMPT_LINT_SHARE_TOKEN_TABLE === '0') return undefined;
  const dir = process.env[CACHE_DIR_ENV];
  // the worker reads the indexed table from the cache in a few ms (a stale file: it indexes the table itself)
  if (dir && fs.existsSync(path.join(dir, cacheFileName('o200k_base')))) return undefined;
  return offerTokenTable('o200k_base', path.join(__dirname, 'tokens', 'o200k_base.tokens'));
}

let share: TokenShareOffer | undefined;
// The worker prestarted (default), or with PROMPT_LINT_FIRST_LINTS_IN_PROCESS=1 (an A/B switch) one
// thread until the first diagnostics (StartupBackend in lint-backend.ts).
if (process.env.PROMPT_LINT_FIRST_LINTS_IN_PROCESS === '1') (globalThis as { [key: symbol]: unknown })[Symbol.for('prompt-lint.firstLintsInProcess')] = true;
else if (process.env.PROMPT_LINT_LSP_WORKER !== '0' && process.env.PROMPT_LINT_PRESTART !== '0') {
  share = tokenShare();
  prestartLintWorker(path.join(__dirname, 'lint-worker.js'), share);
}
loadBundle(path.join(__dirname, 'lsp.js'));
// after the protocol side has started listening: its start (and `initialize`) is not held back
if (share) setImmediate(() => share!.index());
