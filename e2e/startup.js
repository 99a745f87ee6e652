// Start-up A/B in the real editor (issue 13.16): for each round and each .vsix given, a fresh
// code-server profile with that .vsix installed, a new window on the e2e workspace, AGENTS.md
// opened from the Explorer, then: the first squiggle (as seen in the page) and the extension's own
// log line "first diagnostics N ms after a prompt file was opened (server start M ms)", and the
// server's "start-up (…)" line where the build logs one. Twice per profile: the first start after
// the install, then a second code-server on the same profile (another copy of the workspace), as
// a user's next window (caches the extension keeps in its global storage are then warm). Builds
// are interleaved round by round, so that the machine's load hurts them alike; prints medians and
// the load average.
//
// Usage: node e2e/startup.js [--rounds 5] label=path/to/a.vsix label=path/to/b.vsix …
// Needs the harness (e2e/setup.sh). Results also in e2e/artifacts/startup.json.
const { chromium } = require('playwright-core');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs'), os = require('os'), path = require('path'), net = require('net');

const HERE = __dirname;
const BIN = path.join(HERE, 'node_modules', '.bin', 'code-server');
const ART = path.join(HERE, 'artifacts');
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
const builds = args.map((a) => {
  const [label, file] = a.includes('=') ? a.split('=') : [path.basename(a), a];
  return { label, vsix: path.resolve(file) };
});
if (!builds.length) {
  console.error('usage: node e2e/startup.js [--rounds 5] label=a.vsix label=b.vsix');
  process.exit(2);
}

const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function findLog(dir) {
  if (!fs.existsSync(dir)) return undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findLog(p);
      if (found) return found;
    } else if (entry.name === 'prompt-lint.log') return p;
  }
  return undefined;
}

/**
 * CPU time (ms, all threads) the extension's server process has used so far: found by its entry
 * under this profile's extensions folder (Linux /proc). The work, which the machine's load stretches
 * less than the clock; read when the squiggle shows, so it includes what the server did meanwhile.
 */
function serverCpuMs(extsDir) {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(extsDir) || !/dist\/server\.js\0/.test(cmd)) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function startAndOpen(browser, data, exts, ws) {
  fs.rmSync(path.join(data, 'logs'), { recursive: true, force: true });
  const port = await freePort();
  const cs = spawn(BIN, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--config', '/dev/null', '--user-data-dir', data, '--extensions-dir', exts, ws], { stdio: 'ignore', detached: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 240) throw new Error('code-server did not start');
      await sleep(250);
    }
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'AGENTS.md' }).first();
    await row.waitFor({ timeout: 90000 });
    await row.click();
    const opened = Date.now();
    const editorShown = page.locator('.monaco-editor .view-lines', { hasText: 'Support agent' }).first().waitFor({ timeout: 90000 }).then(() => Date.now() - opened, () => undefined);
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ timeout: 90000 });
    const squiggleMs = Date.now() - opened;
    const cpuAtSquiggle = serverCpuMs(exts);
    let line, startup, text = '';
    for (let i = 0; i < 100 && !line; i++) {
      const log = findLog(path.join(data, 'logs'));
      text = log ? fs.readFileSync(log, 'utf8') : '';
      line = /first diagnostics (-?\d+) ms after a prompt file was opened \(server start (-?\d+) ms\)/.exec(text);
      startup = /start-up \(ms since the server process started\): (.*)/.exec(text)?.[1];
      if (!line) await sleep(100);
    }
    // Each milestone in ms since the click (negative: before it), on the extension host's clock: the
    // first-diagnostics line gives the activation's time and the others' ms after it (the log file's
    // own timestamps are those of its buffered writes, seconds late under load)
    const m = /first diagnostics -?\d+ ms after a prompt file was opened \(server start (-?\d+|NaN) ms\); (\d+) ms after activation \(prompt file open at (\d+) ms, server start requested at (\d+|undefined) ms; activated at ([^)]+)\)/.exec(text);
    const sinceClick = {};
    if (m) {
      const activated = new Date(m[5]).getTime() - opened;
      Object.assign(sinceClick, { activated, promptOpen: activated + Number(m[3]), startRequested: activated + Number(m[4]), serverReady: activated + Number(m[3]) + Number(m[1]), firstDiagnostics: activated + Number(m[2]) });
    }
    // The server's own marks, on the same clock: its process start (a build that logs it), then ms since
    const started = /process started at (\S+?)[;)]?(?:;|$)/.exec(startup ?? '');
    if (started) {
      const processStart = new Date(started[1]).getTime() - opened;
      sinceClick.processStarted = processStart;
      for (const [, name, ms] of (startup.split(';')[0] ?? '').matchAll(/(listening|initialize|engine loaded|first document opened|first lint requested|lint worker loaded|first lint answered) (\d+)/g)) {
        sinceClick[`server ${name}`] = processStart + Number(ms);
      }
    }
    // the server's first lint ran on the settings sent at initialize (a build that does so logs it)
    const provisional = /first lint of a document on the settings sent at initialize/.test(text);
    return { provisional, squiggleMs, editorShownMs: await editorShown, firstDiagnosticsMs: line ? Number(line[1]) : undefined, serverReadyMs: line ? Number(line[2]) : undefined, cpuAtSquiggle, sinceClick, startup };
  } finally {
    await page.close().catch(() => undefined);
    try {
      process.kill(-cs.pid, 'SIGTERM');
    } catch {
      // gone
    }
    await sleep(1000);
  }
}

async function once(browser, build) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-lint-startup-'));
  const data = path.join(tmp, 'data'), exts = path.join(tmp, 'exts');
  fs.mkdirSync(path.join(data, 'User'), { recursive: true });
  fs.copyFileSync(path.join(HERE, 'settings.json'), path.join(data, 'User', 'settings.json'));
  for (const ws of ['ws1', 'ws2']) fs.cpSync(path.join(HERE, 'workspace'), path.join(tmp, ws), { recursive: true });
  try {
    const install = spawnSync(BIN, ['--user-data-dir', data, '--extensions-dir', exts, '--install-extension', build.vsix], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`install of ${build.vsix} failed: ${install.stderr}`);
    const first = await startAndOpen(browser, data, exts, path.join(tmp, 'ws1'));
    const second = await startAndOpen(browser, data, exts, path.join(tmp, 'ws2'));
    return { first, second };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

(async () => {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`load average before: ${load()} (${os.cpus().length} cores); ${rounds} rounds of ${builds.map((b) => b.label).join(', ')}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results = Object.fromEntries(builds.map((b) => [b.label, []]));
  try {
    for (let r = 0; r < rounds; r++) {
      for (const b of builds) {
        const res = await once(browser, b).catch((e) => ({ error: String(e.message || e) }));
        results[b.label].push(res);
        console.log(`round ${r + 1} ${b.label}: ${JSON.stringify(res)} (load ${load()})`);
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
  for (const b of builds) {
    for (const which of ['first', 'second']) {
      const rs = results[b.label].filter((x) => !x.error).map((x) => x[which]);
      const pick = (k) => rs.map((x) => x[k]).filter((x) => typeof x === 'number');
      console.log(`${b.label} (${(fs.statSync(b.vsix).size / 1024).toFixed(0)} KB .vsix), ${which} start: prompt file opened → first diagnostics ${median(pick('firstDiagnosticsMs'))} ms ` +
        `(server ready ${median(pick('serverReadyMs'))} ms), first squiggle in the page ${median(pick('squiggleMs'))} ms, server CPU time by then ${median(pick('cpuAtSquiggle'))} ms; ` +
        `medians of ${rs.length} [${pick('firstDiagnosticsMs').join(', ')}]; squiggles [${pick('squiggleMs').join(', ')}]`);
      const clicks = rs.map((x) => x.sinceClick).filter(Boolean);
      if (clicks.length) {
        const names = ['activated', 'promptOpen', 'startRequested', 'processStarted', 'server listening', 'server initialize', 'server engine loaded', 'serverReady', 'server first document opened', 'server first lint requested', 'server lint worker loaded', 'server first lint answered', 'firstDiagnostics'];
        console.log(`  ms after the click (medians): editor shown ${median(pick('editorShownMs'))}, ` +
          names.map((n) => `${n} ${median(clicks.map((c) => c[n]).filter((v) => typeof v === 'number'))}`).join(', ') + `, squiggle ${median(pick('squiggleMs'))}`);
      }
    }
  }
  console.log(`load average after: ${load()}`);
  fs.mkdirSync(ART, { recursive: true });
  fs.writeFileSync(path.join(ART, 'startup.json'), JSON.stringify({ rounds, builds, results }, null, 2) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
