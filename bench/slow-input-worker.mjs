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

// Times are CPU times of the process (the caller's thread only waits meanwhile): on a machine
// shared with other work, wall time measures the other work too. The wall time is kept as `wallMs`.
const cpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

function lint(text, name) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const report = engine.lintLoaded(engine.loadText(name, text));
  const ms = cpuMs(c0);
  const wallMs = performance.now() - t0;
  if (report.skipped) throw new Error(`not linted: ${report.skipped}`);
  return { ms, wallMs, findings: report.findings.length, ruleErrors: report.ruleErrors.length };
}

function runRegex(source, flags, text) {
  const re = new RegExp(source, flags);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
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
    return { ms: cpuMs(c0), wallMs: performance.now() - t0, matches };
  }
  const m = re.exec(text);
  return { ms: cpuMs(c0), wallMs: performance.now() - t0, matches: m ? 1 : 0 };
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
