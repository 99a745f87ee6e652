// The worker of the slow-input suite: lints a text with the built engine of `workerData.root`
// (dist/), or runs one regex over a text, and answers with the time taken. Run in a worker thread
// so that the caller can stop a case that does not finish (Worker.terminate()).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { root } = workerData;
const { Engine } = await import(path.join(root, 'dist/server/src/engine/engine.js'));
// no config above the temp dir: defaults, as the bench of the corpus
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-slow-'));
fs.writeFileSync(path.join(cwd, '.promptlintrc.json'), JSON.stringify({ root: true }));
const engine = new Engine({ cwd });

function lint(text, name) {
  const t0 = performance.now();
  const report = engine.lintLoaded(engine.loadText(name, text));
  const ms = performance.now() - t0;
  if (report.skipped) throw new Error(`not linted: ${report.skipped}`);
  return { ms, findings: report.findings.length, ruleErrors: report.ruleErrors.length };
}

function runRegex(source, flags, text) {
  const re = new RegExp(source, flags);
  const t0 = performance.now();
  if (re.global || re.sticky) {
    // as the code uses them: every match in turn (a sticky regex from every position it stops at)
    re.lastIndex = 0;
    let matches = 0;
    for (let i = 0; i <= text.length; ) {
      if (re.sticky) re.lastIndex = i;
      const m = re.exec(text);
      if (!m) {
        if (!re.sticky) break;
        i++;
        continue;
      }
      matches++;
      i = m.index + Math.max(1, m[0].length);
      if (!re.sticky) re.lastIndex = i;
    }
    return { ms: performance.now() - t0, matches };
  }
  const m = re.exec(text);
  return { ms: performance.now() - t0, matches: m ? 1 : 0 };
}

parentPort.on('message', (job) => {
  try {
    const result = job.kind === 'lint' ? lint(job.text, job.name) : runRegex(job.source, job.flags, job.text);
    parentPort.postMessage({ id: job.id, ...result });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error?.message ?? error) });
  }
});
parentPort.postMessage({ ready: true });
