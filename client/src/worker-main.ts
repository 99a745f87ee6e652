/**
 * Entry of dist/lint-worker.js: loads dist/engine.js (engine-main.ts) through the code cache. In the
 * lint worker thread that runs the worker; required from the protocol thread (linting in process),
 * it exports the lint service's host.
 */
import path from 'node:path';
import { loadBundle } from './load-bundle';

module.exports = loadBundle(path.join(__dirname, 'engine.js'));
