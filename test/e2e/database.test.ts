// What a new user sees after `npm start`: the demo project (five migrations, the database at the
// 4th) in Chromium against a private code-server and a throwaway PostgreSQL cluster: the Revisions
// view marks the 5th pending, the 4th current, the others applied, and the status bar says
// "1 pending", with no prompt (alembic.databaseUrl has no password; .env's DATABASE_URL has it).
// Screenshot: .test-output/e2e/database.png.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ensureCodeServer, launchChromium, startCodeServer, type CodeServer } from '../support/code-server.mjs';
import { DEMO, upgradeDemo, writeDemoProject } from '../support/demo-project.mjs';
import { startPostgres, type PgCluster } from '../support/pg-cluster.mjs';

const repo = path.resolve(__dirname, '../..');
const shots = path.join(repo, '.test-output', 'e2e');
const UI_TIMEOUT = 60_000;

describe('e2e: the demo database in the Revisions view and the status bar', function () {
  this.timeout(120_000);
  let base: string;
  let pg: PgCluster | undefined;
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(15 * 60_000);
    fs.mkdirSync(shots, { recursive: true });
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-e2e-demo-'));
    const workspace = path.join(base, 'heroes');
    pg = await startPostgres({ user: 'alembic_demo', database: 'alembic_demo' });
    writeDemoProject(workspace, { databaseUrl: pg.url });
    await upgradeDemo(workspace, { databaseUrl: pg.url });
    await ensureCodeServer();
    cs = await startCodeServer({ workspace, extensionDevelopmentPath: repo });
    browser = await launchChromium({ tmpDir: path.join(cs.tmp, 'chromium-tmp'), env: cs.env });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(cs.url(workspace));
    await page.waitForSelector('.monaco-workbench');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const name = `failure-database-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`.slice(0, 120);
      await page.screenshot({ path: path.join(shots, name) }).catch(() => undefined);
      console.log(`    screenshot: ${path.relative(process.cwd(), path.join(shots, name))}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close().catch(() => undefined);
    await cs?.stop();
    await pg?.stop();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('the pending revision is marked pending, the current one current, the others applied; the status bar says "1 pending"', async () => {
    const container = page.locator('.activitybar .action-item a.action-label[aria-label^="Alembic"]').first();
    await container.waitFor({ state: 'visible' });
    await container.click();
    const sidebar = page.locator('.part.sidebar');
    const revisions = [...DEMO.revisions].reverse(); // newest first
    const rowOf = (message: string) => sidebar.locator('.monaco-list-row', { hasText: message }).first();
    const head = rowOf(revisions[0].message);
    try {
      await head.filter({ hasText: 'pending' }).waitFor({ state: 'visible' });
    } catch (e) {
      const shown = await sidebar.innerText().catch(() => '?');
      throw new Error(`${(e as Error).message.split('\n')[0]}\nthe sidebar shows: ${JSON.stringify(shown)}`);
    }
    // The database row: its name, the current revision, the count.
    const database = sidebar.locator('.monaco-list-row', { hasText: 'alembic_demo' }).first();
    assert.match(await database.innerText(), new RegExp(`${DEMO.current.slice(0, 8)} · 1 pending`));
    // Each revision's state, in words and by icon.
    assert.match(await head.innerText(), new RegExp(`${DEMO.head.slice(0, 8)} head · pending`));
    assert.equal(await head.locator('.codicon-circle-large-outline').count(), 1, 'the pending icon');
    const current = rowOf(revisions[1].message);
    assert.match(await current.innerText(), /· current/);
    assert.equal(await current.locator('.codicon-debug-stackframe').count(), 1, 'the current icon');
    for (const applied of revisions.slice(2)) {
      const row = rowOf(applied.message);
      assert.doesNotMatch(await row.innerText(), /pending|current/, applied.message);
      assert.equal(await row.locator('.codicon-pass').count(), 1, `the applied icon on ${applied.message}`);
    }
    // The status bar: database name, current short id, the pending count; no prompt was needed.
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: '1 pending' }).first();
    await status.waitFor({ state: 'visible' });
    const text = (await status.innerText()).replace(/\s+/g, ' ').trim();
    assert.match(text, new RegExp(`alembic_demo ${DEMO.current.slice(0, 8)}`), text);
    assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'no password prompt');
    await page.screenshot({ path: path.join(shots, 'database.png') });
  });
});
