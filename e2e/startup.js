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
// Usage: node e2e/startup.js [--rounds 5] [--keep-logs DIR] label=path/to/a.vsix label=path/to/b.vsix …
//        node e2e/startup.js --rounds 5 --builds a=path/to/a.vsix,b=path/to/b.vsix
// Prints, per build and start, the timeline (every mark's median, ms after the click and after the
// activation: code-server's extension host, the extension, the LSP messages each way, the server's
// marks, the squiggle) and at the end the activation → first diagnostics medians per build.
// --keep-logs DIR keeps each start's VS Code logs. A .vsix of a commit: e2e/build-vsix.sh REF OUT.
// Needs the harness (e2e/setup.sh). Results also in e2e/artifacts/startup.json.
const { chromium } = require('playwright-core');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs'), os = require('os'), path = require('path'), net = require('net');

const HERE = __dirname;
const BIN = path.join(HERE, 'node_modules', '.bin', 'code-server');
const ART = path.join(HERE, 'artifacts');
const args = process.argv.slice(2);
/** `--name VALUE` taken out of args (undefined when absent). */
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
if (args.includes('--help') || args.includes('-h')) {
  const lines = fs.readFileSync(__filename, 'utf8').split('\n');
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const rounds = Number(option('--rounds') ?? 5);
const keepLogs = option('--keep-logs');
// --builds a=x.vsix,b=y.vsix is the same as the two positional arguments
const buildList = option('--builds');
if (buildList) args.push(...buildList.split(','));
const unknown = args.find((a) => a.startsWith('-'));
if (unknown || !Number.isInteger(rounds) || rounds < 1) {
  console.error(unknown ? `e2e/startup.js: unknown option ${unknown} (see --help)` : 'e2e/startup.js: --rounds needs a positive integer');
  process.exit(2);
}
const builds = args.map((a) => {
  const [label, file] = a.includes('=') ? a.split('=') : [path.basename(a), a];
  return { label, vsix: path.resolve(file) };
});
if (!builds.length) {
  console.error('usage: node e2e/startup.js [--rounds 5] [--keep-logs DIR] label=a.vsix label=b.vsix (or --builds a=x.vsix,b=y.vsix)');
  process.exit(2);
}
for (const b of builds) {
  if (!fs.existsSync(b.vsix)) {
    console.error(`e2e/startup.js: no such .vsix: ${b.vsix}`);
    process.exit(2);
  }
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

/** Finds files named `name` under `dir`. */
function findAll(dir, name, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) findAll(p, name, out);
    else if (entry.name === name) out.push(p);
  }
  return out;
}

/** A VS Code log line's time (local time, ms precision) as epoch ms. */
function logTime(line) {
  const t = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return t ? new Date(`${t[1]}T${t[2]}`).getTime() : undefined;
}

/**
 * From code-server's extension host log: when the extension host started, when it activated
 * prompt-lint and on which activation event (ms since the click).
 */
function exthostMarks(logs, opened) {
  const marks = {};
  let activationEvent;
  for (const file of [...findAll(logs, 'exthost.log'), ...findAll(logs, 'remoteexthost.log')]) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const t = logTime(line);
      if (t === undefined) continue;
      if (/Extension host with pid \d+ started/.test(line)) marks['exthost started'] = t - opened;
      const act = /ExtensionService#_doActivateExtension prompt-lint\.prompt-lint, startup: (\w+), activationEvent: '([^']+)'/.exec(line);
      if (act) {
        marks['exthost activates prompt-lint'] = t - opened;
        activationEvent = act[2];
      }
      if (/eager extensions activated/i.test(line) && marks['exthost eager extensions activated'] === undefined) marks['exthost eager extensions activated'] = t - opened;
    }
  }
  return { marks, activationEvent };
}

/** CPU ticks (1/100 s) of every process now, with its command line; and the machine's busy ticks. */
function cpuSnapshot() {
  const procs = new Map();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      procs.set(pid, { ticks: Number(fields[11]) + Number(fields[12]), cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // gone meanwhile
    }
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { procs, busy: cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4] };
}

/**
 * CPU time (ms) used between two snapshots, by who: this start's prompt-lint server, code-server's
 * extension host, the built-in Markdown language server, code-server's other processes, the
 * browser, everything else on the machine (other people's work).
 */
function cpuBetween(before, after, exts, data) {
  const by = { 'prompt-lint server': 0, 'extension host': 0, 'markdown server': 0, 'code-server': 0, browser: 0, 'rest of the machine': 0 };
  let ours = 0;
  for (const [pid, p] of after.procs) {
    const ms = (p.ticks - (before.procs.get(pid)?.cmd === p.cmd ? before.procs.get(pid).ticks : 0)) * 10;
    if (ms <= 0) continue;
    let who;
    if (p.cmd.includes(exts) && /dist\/server\.js/.test(p.cmd)) who = 'prompt-lint server';
    else if (/markdown-language-features/.test(p.cmd)) who = 'markdown server';
    else if (/--type=extensionHost/.test(p.cmd)) who = 'extension host';
    else if (p.cmd.includes(data) && /code-server/.test(p.cmd)) who = 'code-server';
    else if (/chrom/.test(p.cmd)) who = 'browser';
    if (who) {
      by[who] += ms;
      ours += ms;
    }
  }
  by['rest of the machine'] = Math.max(0, (after.busy - before.busy) * 10 - ours);
  return by;
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
    const cpuBefore = cpuSnapshot();
    await row.click();
    const opened = Date.now();
    const editorShown = page.locator('.monaco-editor .view-lines', { hasText: 'Support agent' }).first().waitFor({ timeout: 90000 }).then(() => Date.now() - opened, () => undefined);
    await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first().waitFor({ timeout: 90000 });
    const squiggleMs = Date.now() - opened;
    const cpuAtSquiggle = serverCpuMs(exts);
    const cpuToSquiggle = cpuBetween(cpuBefore, cpuSnapshot(), exts, data);
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
    const m = /first diagnostics -?\d+ ms after a prompt file was opened \(server start (-?\d+|NaN) ms\); (\d+) ms after activation \(prompt file open at (\d+) ms, server start requested at (\d+|undefined) ms; activated at ([^,)]+)[,)]/.exec(text);
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
      for (const [, name, ms] of (startup.split(';')[0] ?? '').matchAll(/(listening|initialize|initialized|engine loaded|first document opened|first lint requested|lint worker loaded|pre-lint done|warm-up done|first lint answered) (\d+)/g)) {
        sinceClick[`server ${name}`] = processStart + Number(ms);
      }
    }
    // The extension's message timeline (a build that logs it): the first LSP message of each kind, each way
    const messages = /start-up messages \(ms after activation[^)]*\): (.*)/.exec(text)?.[1];
    if (messages && sinceClick.activated !== undefined) {
      for (const part of messages.split(', ')) {
        const mm = /^(.*) (-?\d+)$/.exec(part);
        if (mm) sinceClick[`client ${mm[1]}`] = sinceClick.activated + Number(mm[2]);
      }
    }
    const activateCalled = /activate\(\) called (\d+) ms after the extension started/.exec(text);
    if (activateCalled && sinceClick.activated !== undefined) sinceClick['activate() called'] = sinceClick.activated + Number(activateCalled[1]);
    // code-server's extension host: when it started and when it activated this extension, and why
    const exthost = exthostMarks(path.join(data, 'logs'), opened);
    Object.assign(sinceClick, exthost.marks);
    if (keepLogs) fs.cpSync(path.join(data, 'logs'), path.join(keepLogs, `${path.basename(path.dirname(data))}-${path.basename(ws)}`), { recursive: true });
    // the server's first lint ran on the settings sent at initialize (a build that does so logs it)
    const provisional = /first lint of a document on the settings sent at initialize/.test(text);
    const activationToFirstDiagnosticsMs = m ? Number(m[2]) : undefined;
    // VS Code's activation of the extension (its extension host's log) → the first diagnostics: the
    // same for every build, whatever the extension does before its activate() is called
    const vscodeActivationToFirstDiagnosticsMs = sinceClick.firstDiagnostics !== undefined && sinceClick['exthost activates prompt-lint'] !== undefined ? sinceClick.firstDiagnostics - sinceClick['exthost activates prompt-lint'] : undefined;
    return { provisional, activationEvent: exthost.activationEvent, activationToFirstDiagnosticsMs, vscodeActivationToFirstDiagnosticsMs, cpuToSquiggle, squiggleMs, editorShownMs: await editorShown, firstDiagnosticsMs: line ? Number(line[1]) : undefined, serverReadyMs: line ? Number(line[2]) : undefined, cpuAtSquiggle, sinceClick, startup };
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
        res.loadAfter = os.loadavg()[0];
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
      console.log(`  ${b.label}, ${which} start: activation → first diagnostics ${median(pick('activationToFirstDiagnosticsMs'))} ms (median of ${pick('activationToFirstDiagnosticsMs').length} [${pick('activationToFirstDiagnosticsMs').join(', ')}]); ` +
        `activation events: ${[...new Set(rs.map((x) => x.activationEvent))].join(', ')}`);
      const cpus = rs.map((x) => x.cpuToSquiggle).filter(Boolean);
      if (cpus.length) console.log(`  CPU ms between the click and the squiggle (medians; ${os.cpus().length} cores give ${os.cpus().length * median(pick('squiggleMs'))} ms in that time): ` + Object.keys(cpus[0]).map((k) => `${k} ${median(cpus.map((c) => c[k]))}`).join(', '));
      const clicks = rs.map((x) => x.sinceClick).filter(Boolean);
      if (clicks.length) {
        // every mark any start has, by its median time after the click: the timeline
        const names = [...new Set(clicks.flatMap((c) => Object.keys(c)))];
        const at = Object.fromEntries(names.map((n) => [n, median(clicks.map((c) => c[n]).filter((v) => typeof v === 'number'))]));
        at['editor shown'] = median(pick('editorShownMs'));
        at['squiggle in the page'] = median(pick('squiggleMs'));
        const rel = at.activated;
        console.log(`  timeline, ms after the click (medians; in brackets: after activation):`);
        for (const n of Object.keys(at).sort((x, y) => at[x] - at[y])) console.log(`    ${String(at[n]).padStart(6)} ${rel !== undefined ? `[${String(at[n] - rel).padStart(6)}]` : ''} ${n}`);
      }
    }
  }
  console.log(`load average after: ${load()}`);
  // the figures per build, first start / second start: medians, and the load average after each round
  const med = (b, which, key) => median(results[b.label].filter((x) => !x.error).map((x) => x[which][key]).filter((v) => typeof v === 'number'));
  console.log('medians, first start / second start (ms):');
  for (const b of builds) {
    const loads = results[b.label].map((x) => x.loadAfter).filter((v) => typeof v === 'number').map((v) => v.toFixed(1));
    console.log(`  ${b.label}: activation → first diagnostics ${med(b, 'first', 'activationToFirstDiagnosticsMs')} / ${med(b, 'second', 'activationToFirstDiagnosticsMs')}; ` +
      `VS Code's activation (exthost log) → first diagnostics ${med(b, 'first', 'vscodeActivationToFirstDiagnosticsMs')} / ${med(b, 'second', 'vscodeActivationToFirstDiagnosticsMs')}; ` +
      `click → squiggle ${med(b, 'first', 'squiggleMs')} / ${med(b, 'second', 'squiggleMs')} (loads ${loads.join(', ')})`);
  }
  fs.mkdirSync(ART, { recursive: true });
  fs.writeFileSync(path.join(ART, 'startup.json'), JSON.stringify({ rounds, builds, results }, null, 2) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
