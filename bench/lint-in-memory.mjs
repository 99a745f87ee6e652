// Lints texts in memory with a built dist, in a worker thread with a time limit, for the recall
// benches (bench/mutations.mjs, bench/blind-injections.mjs): a file that a build reads
// super-linearly is reported as null (skipped and counted) instead of stalling the bench.
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const load = (rel) => import(pathToFileURL(path.join(workerData.dist, rel)).href);
(async () => {
  const { allRules } = await load('rules/index.js');
  const { parseDocument } = await load('server/src/parse/index.js');
  const { createSourceFile } = await load('server/src/model/source.js');
  const { lintDocument } = await load('server/src/engine/linter.js');
  const config = { sources: [], baseDir: '/virtual', model: 'gpt-4o', rules: {}, include: [], exclude: [], budgets: [], tasks: [], prices: {}, promptKeys: [], maxFileSize: 2 * 1024 * 1024 };
  const rules = allRules.filter((r) => r.meta.id !== 'token-budget');
  parentPort.on('message', ({ file, text }) => {
    const findings = lintDocument(parseDocument(createSourceFile(file, text)), config, rules).findings;
    parentPort.postMessage(findings.map((f) => ({ ruleId: f.ruleId, message: f.message, start: f.start, related: (f.related ?? []).map((r) => ({ start: r.start })) })));
  });
})();
`;

/** A linter over one dist: `lint(file, text)` resolves to the findings, or null past the time limit. */
export function inMemoryLinter(dist, limitMs) {
  let worker;
  const lint = (file, text) => {
    worker ??= new Worker(WORKER, { eval: true, workerData: { dist: path.resolve(dist) } });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.terminate();
        worker = undefined;
        resolve(null);
      }, limitMs);
      worker.once('message', (findings) => {
        clearTimeout(timer);
        resolve(findings);
      });
      worker.postMessage({ file, text });
    });
  };
  return { lint, close: () => worker?.terminate() };
}

/** Wilson 95% interval of k successes in n. */
export function wilson(k, n) {
  if (!n) return [0, 0];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** Which rules may find each injected defect type. */
export const RULES_BY_DEFECT = {
  exact: ['duplicate-instruction'],
  near: ['duplicate-instruction', 'repeated-format-rule', 'repeated-persona'],
  'format-restated': ['repeated-format-rule', 'duplicate-instruction'],
  persona: ['conflicting-persona', 'repeated-persona'],
  'format-conflict': ['conflicting-format-rule', 'conflicting-instruction'],
  filler: ['filler-phrase'],
};

/** A finding found an injection when it starts on an injected line or points to one (1-based lines). */
export const touches = (f, injected) => injected.includes(f.start.line + 1) || (f.related ?? []).some((r) => injected.includes(r.start.line + 1));
