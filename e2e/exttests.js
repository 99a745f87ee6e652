// Extension-host tests inside code-server (the @vscode/test-electron contract: a module exporting
// run(): Promise), via the hooks VS Code's own web integration tests use: the `payload` URL
// parameter (extensionDevelopmentPath/extensionTestsPath) and window.codeAutomationExit(code).
// Env: CS_HOST (127.0.0.1:PORT), EXT_DEV_PATH, EXT_TESTS_PATH, WORKSPACE, CHROMIUM.
// The mocha runner (client/test/index.ts) writes its results where PROMPT_LINT_E2E_REPORT points
// (set on code-server's environment by run.sh, so the extension host inherits it).
const { chromium } = require('playwright-core');
const fs = require('fs'), os = require('os'), path = require('path'), util = require('util');
const HOST = process.env.CS_HOST;
const remote = (p) => `vscode-remote://${HOST}${path.resolve(p)}`;
const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(process.env.EXT_DEV_PATH)],
  ['extensionTestsPath', remote(process.env.EXT_TESTS_PATH)],
  ['skipWelcome', 'true'],
]);
const url = `http://${HOST}/?folder=${encodeURIComponent(path.resolve(process.env.WORKSPACE))}&payload=${encodeURIComponent(payload)}`;
const t0 = Date.now();
(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0];
  let exit;
  const exited = new Promise((r) => { exit = r; });
  // Extension-host console output is forwarded here; drop the workbench's own noise.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(args || []));
    if (!/open-vsx|Creating a socket|connection token|Service Worker|ChatSessionStore|builtin extensions cache/.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  await page.goto(url);
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 150000))]);
  console.log(`exttests: exit code ${code} after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
