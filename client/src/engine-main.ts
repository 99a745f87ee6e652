/**
 * Entry of dist/engine.js: the engine, the rules and their lexicons, with the lint service's host
 * (lint-host.ts). In a worker thread it runs the lint worker; in the protocol thread (linting in
 * process) it only exports the host.
 */
import { isMainThread } from 'node:worker_threads';

export { createService, handleRequest } from '../../server/src/lsp/lint-host';

if (!isMainThread) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../server/src/lsp/lint-worker');
}
