// What a person sees: Debian's Chromium, driven by playwright-core, against a private code-server
// that runs the extension from this checkout (extensionDevelopmentPath in the workbench URL's
// payload) on a throwaway copy of test/fixtures/basic.
//
//   npx mocha --import=tsx 'test/e2e/**/*.test.ts'
//
// Screenshots go to .test-output/e2e/ (problems.png, quick-fix.png, revisions.png, output.png,
// failure-*.png); quick-fix.png is also copied to docs/images/ for the README.
// Env: ALEMBIC_EXT_DEV / ALEMBIC_FIXTURE run another extension or fixture (to try the harness itself).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ensureCodeServer, launchChromium, startCodeServer, type CodeServer } from '../support/code-server.mjs';

const repo = path.resolve(__dirname, '../..');
const extDev = path.resolve(process.env.ALEMBIC_EXT_DEV || repo);
const fixture = path.resolve(process.env.ALEMBIC_FIXTURE || path.join(repo, 'test/fixtures/basic'));
const shots = path.join(repo, '.test-output', 'e2e');
const FLAGGED = '3c4d5e6f7a8b_create_posts_table.py';
/** The fixture's revisions as the Revisions view lists them: newest first. */
const REVISIONS = [
  { id: '3c4d5e6f7a8b', message: 'create posts table', file: '3c4d5e6f7a8b_create_posts_table.py' },
  { id: '2b3c4d5e6f7a', message: 'add email to users', file: '2b3c4d5e6f7a_add_email_to_users.py' },
  { id: '1a2b3c4d5e6f', message: 'create users table', file: '1a2b3c4d5e6f_create_users_table.py' },
];
const UI_TIMEOUT = 60_000;
/** The README's screenshots, kept current by the tests that take them. */
const README_IMAGES = path.join(repo, 'docs', 'images');

describe('e2e: the workbench in Chromium', function () {
  this.timeout(120_000);
  let workspace: string;
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(15 * 60_000); // a first run on a fresh machine installs code-server (about 100 s)
    fs.mkdirSync(shots, { recursive: true });
    for (const f of fs.readdirSync(shots)) if (f.startsWith('failure-')) fs.rmSync(path.join(shots, f));
    if (extDev === repo && !fs.existsSync(path.join(repo, 'dist/client.js'))) {
      const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
      assert.strictEqual(r.status, 0, 'node esbuild.mjs failed');
    }
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-e2e-ws-'));
    fs.cpSync(fixture, workspace, { recursive: true });
    await ensureCodeServer();
    cs = await startCodeServer({ workspace, extensionDevelopmentPath: extDev });
    browser = await launchChromium({ tmpDir: path.join(cs.tmp, 'chromium-tmp'), env: cs.env });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(cs.url(workspace));
    await page.waitForSelector('.monaco-workbench');
    await page.waitForSelector('.explorer-folders-view .monaco-list-row');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = `failure-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
      await page.screenshot({ path: path.join(shots, name) }).catch(() => undefined);
      console.log(`    screenshot: ${path.relative(process.cwd(), path.join(shots, name))}`);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  it(`Problems shows the missing-downgrade warning for ${FLAGGED}`, async () => {
    // Quick open the migration.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(FLAGGED);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FLAGGED }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: FLAGGED }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: 'create_table' }).first().waitFor();

    // Problems panel: a file row for the migration, and under it the warning about downgrade().
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const fileRow = panel.locator('.monaco-list-row', { hasText: FLAGGED }).first();
    const warningRow = panel.locator('.monaco-list-row', { has: page.locator('.codicon-warning'), hasText: /downgrade/i }).first();
    try {
      await fileRow.waitFor({ state: 'visible' });
      await warningRow.waitFor({ state: 'visible' });
    } catch (e) {
      const shown = await panel.innerText().catch(() => '?');
      throw new Error(`${(e as Error).message.split('\n')[0]}\nthe Problems panel shows: ${JSON.stringify(shown)}`);
    }

    const warningText = await warningRow.innerText();
    assert.match(warningText, /downgrade/i);
    assert.match(warningText, /alembic/, `the row should name its source: ${JSON.stringify(warningText)}`);
    assert.match(warningText, /missing-downgrade/, `the row should show the rule id: ${JSON.stringify(warningText)}`);
    // The warning belongs to that file: its row comes right after the file's row, one level deeper.
    const fileIndex = Number(await fileRow.getAttribute('data-index'));
    const warnIndex = Number(await warningRow.getAttribute('data-index'));
    assert.ok(warnIndex > fileIndex, `warning row ${warnIndex} should be under file row ${fileIndex}`);
    const rowsBetween = await panel
      .locator('.monaco-list-row[aria-level="1"]')
      .evaluateAll((rows, [lo, hi]) => rows.map((r) => Number(r.getAttribute('data-index'))).filter((i) => i > lo && i < hi), [fileIndex, warnIndex]);
    assert.deepStrictEqual(rowsBetween, [], 'another file row sits between the migration and its warning');
    assert.strictEqual(await warningRow.getAttribute('aria-level'), '2');

    await page.screenshot({ path: path.join(shots, 'problems.png') });
  });

  it(`the missing-downgrade warning offers its quick fix at the cursor (Ctrl+.)`, async () => {
    // The flagged file is open from the previous test; put the cursor on the warning (upgrade's name, 21:5).
    await page.locator('.tab', { hasText: FLAGGED }).first().click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'create_table' }).first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(':21:5');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Add a downgrade() stub' }).first();
    try {
      await fix.waitFor({ state: 'visible' });
    } catch (e) {
      const shown = await page
        .locator('.action-widget')
        .innerText()
        .catch(() => 'no action widget');
      throw new Error(`${(e as Error).message.split('\n')[0]}\nthe quick-fix menu shows: ${JSON.stringify(shown)}`);
    }
    const shot = path.join(shots, 'quick-fix.png');
    await page.screenshot({ path: shot });
    fs.mkdirSync(README_IMAGES, { recursive: true });
    fs.copyFileSync(shot, path.join(README_IMAGES, 'quick-fix.png'));
    await page.keyboard.press('Escape');
    await fix.waitFor({ state: 'hidden' });
  });

  it('the Revisions view lists the fixture’s revisions, newest first; a click on a row opens its migration', async () => {
    const container = page.locator('.activitybar .action-item a.action-label[aria-label^="Alembic"]').first();
    await container.waitFor({ state: 'visible' });
    await container.click();
    const sidebar = page.locator('.part.sidebar');
    // One view in the container: VS Code may show its name as a pane header or merged into the title.
    const revisions = sidebar
      .locator('.pane-header, .composite.title')
      .filter({ hasText: /Revisions/i })
      .first();
    await revisions.waitFor({ state: 'visible' });
    assert.match(await sidebar.locator('.composite.title').first().innerText(), /alembic/i);

    // The rows a person reads: each revision's message and id, newest first.
    for (const r of REVISIONS) await sidebar.locator('.monaco-list-row', { hasText: r.message }).first().waitFor({ state: 'visible' });
    const rows = await sidebar.locator('.monaco-list-row').evaluateAll((els) =>
      els
        .map((el) => ({ index: Number(el.getAttribute('data-index')), text: el.textContent ?? '' }))
        .sort((a, b) => a.index - b.index)
        .map((row) => row.text.replace(/\s+/g, ' ').trim()),
    );
    // The first row is the database's (this fixture names none: "No database connected"), then the revisions.
    assert.strictEqual(rows.length, REVISIONS.length + 1, `rows: ${JSON.stringify(rows)}`);
    assert.match(rows[0], /No database connected/, `rows: ${JSON.stringify(rows)}`);
    REVISIONS.forEach((r, i) => {
      const row = rows[i + 1];
      assert.ok(row.includes(r.message) && row.includes(r.id.slice(0, 8)), `row ${i + 1} should show ${r.id} "${r.message}": ${JSON.stringify(row)}`);
    });
    await page.screenshot({ path: path.join(shots, 'revisions.png') });

    // A click on a row opens the migration in an editor.
    await sidebar.locator('.monaco-list-row', { hasText: REVISIONS[1].message }).first().click();
    await page.locator('.tab.active', { hasText: REVISIONS[1].file }).waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines', { hasText: 'add_column' }).first().waitFor({ state: 'visible' });
  });

  it('the command palette lists the Alembic commands; "Alembic: Show Output" shows the Alembic log', async () => {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Alembic: ');
    const list = page.locator('.quick-input-list');
    const showOutput = list.locator('.monaco-list-row', { hasText: 'Alembic: Show Output' }).first();
    await showOutput.waitFor({ state: 'visible' });
    await list.locator('.monaco-list-row', { hasText: 'Alembic: Restart Language Server' }).first().waitFor({ state: 'visible' });
    const listed = await list.innerText();
    assert.doesNotMatch(listed, /Alembic: Open File/, `alembic.openRevision takes a file: it stays out of the palette; listed: ${JSON.stringify(listed)}`);

    await input.fill('>Alembic: Show Output');
    await showOutput.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    // The Output panel, on the Alembic channel: the line the extension logged when its server started.
    const log = page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'Alembic language server started' }).first();
    try {
      await log.waitFor({ state: 'visible' });
    } catch (e) {
      const shown = await page
        .locator('.part.panel')
        .innerText()
        .catch(() => '?');
      throw new Error(`${(e as Error).message.split('\n')[0]}\nthe panel shows: ${JSON.stringify(shown.slice(0, 2000))}`);
    }
    await page.screenshot({ path: path.join(shots, 'output.png') });
  });
});
