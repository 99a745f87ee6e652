// UI e2e: headless Debian chromium drives code-server (with the packaged prompt-lint .vsix installed)
// like a person would: open a prompt with a finding, see the squiggle, the hover, the Problems row
// and the status bar token count, apply the quick fix, see the text change, open the token report.
// Env: CS_URL (workbench URL with ?folder=), WORKSPACE (its path), ARTIFACTS (screenshots and
// ui.json go there), CHROMIUM. Exit 1 on the first failed step.
const { chromium } = require('playwright-core');
const fs = require('fs'), os = require('os'), path = require('path');

/**
 * What the test opens and expects. The issue asks for a conflicting persona (AGENTS.md): its quick
 * fix is the rule's "Keep this persona" suggestion, which deletes the other definition. Until that
 * rule is in the packaged server, CLAUDE.md's .promptlintrc.json budget gives a token-budget
 * finding, which no rule fix applies to: its quick fix is the server's "Disable … for the entire
 * file" (a budget is about the whole file, so there is no "for this line").
 * run.sh sets E2E_SCENARIO from the bundle (or keeps the caller's).
 */
const SCENARIOS = {
  'conflicting-persona': {
    file: 'AGENTS.md',
    rule: 'conflicting-persona',
    // The Problems row lists the other definition (relatedInformation).
    related: /persona is defined as .Penny. here/,
    quickFix: /Keep this persona/,
    // The earlier definition is deleted.
    gone: /You are Penny/,
  },
  'token-budget': {
    file: 'CLAUDE.md',
    rule: 'token-budget',
    quickFix: /Disable token-budget for the entire file/,
    appears: /prompt-lint-disable-file\s+token-budget/,
  },
};
const SCENARIO_NAME = process.env.E2E_SCENARIO || 'token-budget';
const SCENARIO = SCENARIOS[SCENARIO_NAME];

const ART = process.env.ARTIFACTS;
const t0 = Date.now();
const secs = () => +((Date.now() - t0) / 1000).toFixed(1);
const result = { scenario: SCENARIO_NAME, file: SCENARIO.file, rule: SCENARIO.rule, steps: [], screenshots: [], passed: false };
const save = () => fs.writeFileSync(path.join(ART, 'ui.json'), JSON.stringify(result, null, 2) + '\n');
function step(name, detail = '') {
  result.steps.push({ name, at: secs(), ...(detail ? { detail } : {}) });
  console.log(`[ui ${secs().toFixed(1)}s] ${name}${detail ? `: ${detail}` : ''}`);
}

let page;
async function shot(name) {
  const file = path.join(ART, `${name}.png`);
  await page.screenshot({ path: file });
  result.screenshots.push(path.basename(file));
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  // Playwright rejects --user-data-dir in args; launchPersistentContext(freshDir) is the equivalent.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    page = browser.pages()[0] || (await browser.newPage());
    await page.goto(process.env.CS_URL);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    step('workbench loaded');

    // The workspace is untrusted: answer VS Code's trust prompt with "No", i.e. Restricted Mode.
    const distrust = page.locator('.monaco-dialog-box .monaco-button', { hasText: /No, I don.t trust/ });
    await distrust.waitFor({ timeout: 30000 });
    await distrust.click();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 15000 });
    step('Restricted Mode (untrusted workspace)');

    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: SCENARIO.file }).first();
    await row.waitFor({ timeout: 60000 });
    await row.click();
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30000 });
    step(`${SCENARIO.file} opened`);

    const opened = Date.now();
    const squiggles = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning');
    let squiggle = squiggles.first();
    await squiggle.waitFor({ timeout: 60000 });
    // In a new window: the extension activates, starts its server and lints (issue 13.16).
    result.firstSquiggleMs = Date.now() - opened;
    step('squiggle visible', `${result.firstSquiggleMs} ms after the file opened; ${await squiggle.getAttribute('class')}`);

    const status = page.locator('.statusbar-item', { hasText: /tokens/ }).first();
    await status.waitFor({ timeout: 30000 });
    const statusText = (await status.innerText()).replace(/\s+/g, ' ').trim();
    if (!/\d[\d,]* tokens/.test(statusText)) throw new Error(`status bar item without a token count: "${statusText}"`);
    step('status bar token count', statusText);
    result.statusBar = statusText;

    // Hover the scenario's squiggle: the diagnostic's message and rule. Other rules may mark other
    // lines of the file first, so each squiggle is hovered in turn until the scenario's rule shows.
    const hover = page.locator('.monaco-hover', { hasText: SCENARIO.rule }).first();
    let box;
    for (let k = 0, n = await squiggles.count(); ; k++) {
      squiggle = squiggles.nth(k);
      box = await squiggle.boundingBox();
      await page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
      try {
        await hover.waitFor({ state: 'visible', timeout: k + 1 < n ? 5000 : 15000 });
        break;
      } catch (error) {
        if (k + 1 >= n) throw error;
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      }
    }
    step('hover shows the finding', (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 200));
    await shot('01-squiggle-hover-status');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+Shift+M'); // View: Problems
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: SCENARIO.rule }).first();
    await problem.waitFor({ timeout: 30000 });
    const problemText = (await problem.innerText()).replace(/\s+/g, ' ').trim();
    step('Problems panel row', problemText);
    result.problem = problemText;
    if (SCENARIO.related) {
      const related = page.locator('.markers-panel .monaco-list-row', { hasText: SCENARIO.related }).first();
      await related.waitFor({ timeout: 10000 });
      step('Problems panel: related location', (await related.innerText()).replace(/\s+/g, ' ').trim());
    }
    await shot('02-problems-panel');

    // Put the cursor on the squiggle, then Quick Fix… (Ctrl+.). The workbench sometimes drops the
    // first key press while it is still busy with the Problems panel (a CI run waited 20 s for a
    // menu that never opened): up to three tries, as a person would press again.
    const action = page.locator('.action-widget .monaco-list-row', { hasText: SCENARIO.quickFix }).first();
    for (let attempt = 1; ; attempt++) {
      // where the squiggle is now: code lens rows that arrive late move the lines down
      const at = (await squiggle.boundingBox()) ?? box;
      await page.mouse.click(at.x + Math.min(8, at.width / 2), at.y + at.height / 2);
      await page.keyboard.press('Control+Period');
      try {
        await action.waitFor({ timeout: 7000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        step('quick fix menu not open yet: pressing Ctrl+. again', `try ${attempt}`);
        await page.keyboard.press('Escape');
      }
    }
    const actions = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    step('quick fix menu', actions.join(' | '));
    result.quickFixes = actions;
    await shot('03-quick-fix-menu');
    // Walk the menu with the keyboard (as a person would) to the wanted action, then Enter.
    for (let i = 0; i < 10; i++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => '');
      if (SCENARIO.quickFix.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    const lines = page.locator('.monaco-editor .view-line');
    if (SCENARIO.appears) await lines.filter({ hasText: SCENARIO.appears }).first().waitFor({ timeout: 15000 });
    if (SCENARIO.gone) await lines.filter({ hasText: SCENARIO.gone }).first().waitFor({ state: 'detached', timeout: 15000 });
    step('quick fix applied: the text changed', String(SCENARIO.appears ? `added ${SCENARIO.appears}` : `removed ${SCENARIO.gone}`));
    await page.waitForTimeout(1500); // let the code lenses and the status bar catch up
    await shot('04-quick-fix-applied');

    // The status bar item opens the per-section token report.
    await status.click();
    const report = page.locator('.tab', { hasText: /tokens/i }).first();
    await report.waitFor({ timeout: 20000 });
    step('token report opened', (await report.innerText()).replace(/\s+/g, ' ').trim());
    await page.waitForTimeout(1000);
    await shot('05-token-report');

    // A Cursor rule (.mdc with description/globs/alwaysApply front matter): only prompt-lint's
    // findings, no other validator's (issue 13.1: VS Code's prompt-file checker reported
    // "Unexpected token" on every front-matter line when the file had the language id `prompt`).
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10000 });
    await page.keyboard.type('billing.mdc');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'billing.mdc' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'billing.mdc' }).waitFor({ timeout: 15000 });
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });
    const language = (await page.locator('.statusbar-item[id$="status.editor.mode"]').first().innerText().catch(() => '')).trim();
    await page.waitForTimeout(3000); // other validators report on open: give them time
    const focusProblems = page.locator('.markers-panel');
    if (!(await focusProblems.isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
    const mdcRows = page.locator('.markers-panel .monaco-list-row');
    await mdcRows.filter({ hasText: 'filler-phrase' }).first().waitFor({ timeout: 15000 });
    const rows = (await mdcRows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const foreign = rows.filter((t) => /Unexpected token|Unknown metadata|will be ignored/.test(t));
    step('Cursor rule (.mdc) opened', `language ${language || '?'}; Problems: ${rows.join(' | ').slice(0, 300)}`);
    await shot('06-cursor-rule-mdc');
    result.mdc = { language, rows };
    if (foreign.length) throw new Error(`foreign diagnostics on billing.mdc: ${foreign.join(' | ')}`);
    if (/^Prompt$|^prompt$/i.test(language)) throw new Error(`billing.mdc has VS Code's prompt language: ${language}`);
    step('Cursor rule: no diagnostics but ours');

    // The outline of a Markdown prompt: VS Code's tree of its headings, once (issue 13.17: the
    // extension added a second tree of the same headings).
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10000 });
    await page.keyboard.type('CLAUDE.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'CLAUDE.md' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'CLAUDE.md' }).waitFor({ timeout: 15000 });
    await page.keyboard.press('F1');
    await page.keyboard.type('Focus on Outline View');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /Outline/ }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const outlinePane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Outline/i }) });
    await outlinePane.locator('.monaco-list-row', { hasText: 'Code style' }).first().waitFor({ timeout: 20000 });
    await page.waitForTimeout(2000); // a second provider's tree would arrive by now
    // With two providers the outline groups their trees under each provider's name.
    const outlineRows = (await outlinePane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const groups = outlineRows.filter((t) => /^(prompt-lint|Markdown Language Features)$/.test(t));
    step('outline of CLAUDE.md', outlineRows.join(' | ').slice(0, 300));
    await shot('07-outline-claude-md');
    if (groups.length) throw new Error(`the outline shows one tree per provider: ${groups.join(', ')}`);
    step('outline: one tree');

    // "What loads here" (issue 16): for service/CLAUDE.md, Claude Code loads the root CLAUDE.md,
    // service/CLAUDE.md and the AGENTS.md that service/CLAUDE.md imports with @../AGENTS.md.
    await page.keyboard.press('Control+p');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10000 });
    await page.keyboard.type('service/CLAUDE.md');
    // the row of service/CLAUDE.md (label CLAUDE.md, description service), not a recently opened file
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /CLAUDE\.md.*service/ }).first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'CLAUDE.md' }).waitFor({ timeout: 15000 });
    await page.locator('.breadcrumbs-control', { hasText: 'service' }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('F1');
    await page.keyboard.type('Focus on What loads here View');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /What loads here/ }).first().waitFor({ timeout: 15000 });
    await page.keyboard.press('Enter');
    const contextPane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /What loads here/i }) });
    await contextPane.locator('.monaco-list-row', { hasText: 'Claude Code' }).first().waitFor({ timeout: 30000 });
    await contextPane.locator('.monaco-list-row', { hasText: 'AGENTS.md' }).first().waitFor({ timeout: 30000 });
    const contextRows = (await contextPane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    step('What loads here for service/CLAUDE.md', contextRows.join(' | ').slice(0, 400));
    await shot('08-what-loads-here');
    const claudeAt = contextRows.findIndex((t) => t.startsWith('Claude Code'));
    const rowsOfClaude = contextRows.slice(claudeAt + 1);
    // a row is the label then its description ("AGENTS.md64 tokens · imported from …")
    const shownFile = (name) => rowsOfClaude.findIndex((t) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*~?[\\d,]+ tokens`).test(t));
    if (claudeAt < 0 || shownFile('CLAUDE.md') < 0 || shownFile('service/CLAUDE.md') < 0 || !rowsOfClaude.some((t) => /^AGENTS\.md\s*~?[\d,]+ tokens .*imported from .*CLAUDE\.md:3/.test(t))) {
      throw new Error(`What loads here does not show CLAUDE.md and the imported AGENTS.md under Claude Code: ${contextRows.join(' | ')}`);
    }
    step('What loads here: CLAUDE.md + imported AGENTS.md');

    result.passed = true;
    console.log('ui: 1 passed, 0 failed');
  } catch (error) {
    result.error = String(error && error.message || error).split('\n')[0];
    console.error('ui: FAIL', result.error);
    if (page) await shot('ui-failure').catch(() => undefined);
    console.log('ui: 0 passed, 1 failed');
    process.exitCode = 1;
  } finally {
    result.seconds = secs();
    save();
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})();
