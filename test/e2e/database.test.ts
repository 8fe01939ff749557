// What a new user sees after `npm start`: the demo project (five migrations, the database at the
// 4th) in Chromium against a private code-server and a throwaway PostgreSQL cluster: the Revisions
// view marks the 5th pending, the 4th current, the others applied, and the status bar says
// "1 pending", with no prompt (alembic.databaseUrl has no password; .env's DATABASE_URL has it).
// Screenshots: .test-output/e2e/database.png, and docs/images/revisions.png for the README.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { DEMO } from '../support/demo-project.mjs';
import type { PgCluster } from '../support/pg-cluster.mjs';
import { closeDemoWorkbench, openDemoWorkbench, palette as runFromPalette, repo, screenshotOnFailure, shots, type DemoWorkbench } from './demoWorkbench';

describe('e2e: the demo database in the Revisions view and the status bar', function () {
  this.timeout(120_000);
  let session: DemoWorkbench | undefined;
  let workspace: string;
  let pg: PgCluster | undefined;
  let page: Page;

  before(async function () {
    this.timeout(15 * 60_000);
    session = await openDemoWorkbench('demo');
    ({ workspace, pg, page } = session);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, 'database');
  });

  after(async function () {
    this.timeout(60_000);
    await closeDemoWorkbench(session);
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

    // The README's picture (docs/images/revisions.png): the sidebar dragged wide enough for whole
    // rows, the current revision's migration open beside it.
    const box = await sidebar.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 560, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction("document.querySelector('.part.sidebar').getBoundingClientRect().width > 500");
    await current.click();
    await page.locator('.tab.active', { hasText: revisions[1].id }).waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines', { hasText: 'def upgrade' }).first().waitFor({ state: 'visible' });
    fs.mkdirSync(path.join(repo, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: path.join(repo, 'docs', 'images', 'revisions.png') });
  });

  const palette = (title: string): Promise<number> => runFromPalette(page, title);

  /** The real Alembic's answer, against the demo database. */
  function alembic(...args: string[]): string {
    const run = spawnSync('/usr/bin/python3', ['-m', 'alembic', '-c', path.join(workspace, DEMO.ini), ...args], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: pg!.url },
    });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout;
  }

  it('"Alembic: Upgrade to Head" from the palette asks nothing; Alembic says head; the tree and the status bar follow', async () => {
    await palette('Alembic: Upgrade to Head');
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: `alembic_demo ${DEMO.head.slice(0, 8)}` }).first();
    await status.waitFor({ state: 'visible' });
    assert.doesNotMatch(await status.innerText(), /pending/);
    assert.equal(await page.locator('.monaco-dialog-box:visible').count(), 0, 'no confirmation for a local upgrade');
    assert.match(alembic('current'), new RegExp(`${DEMO.head} \\(head\\)`));
    const head = page.locator('.part.sidebar .monaco-list-row', { hasText: [...DEMO.revisions].reverse()[0].message }).first();
    await head.filter({ hasText: '· current' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: path.join(shots, 'upgrade-to-head.png') });
  });

  it('"Alembic: New Revision…" with a message: the file opens, named by file_template, on top of the head; Alembic lists it as the head', async () => {
    const versions = path.join(workspace, DEMO.versionsDir);
    const before = new Set(fs.readdirSync(versions));
    await palette('Alembic: New Revision…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('add powers table');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'add_powers_table' }).waitFor({ state: 'visible' });
    const created = fs.readdirSync(versions).filter((name) => !before.has(name));
    assert.equal(created.length, 1, created.join());
    assert.match(created[0], /^\d{8}_[0-9a-f]{12}_add_powers_table\.py$/);
    const id = /_([0-9a-f]{12})_/.exec(created[0])![1];
    assert.match(fs.readFileSync(path.join(versions, created[0]), 'utf8'), new RegExp(`down_revision[^=]*= '${DEMO.head}'`));
    assert.match(alembic('heads'), new RegExp(`^${id} \\(head\\)`, 'm'));
    await page.screenshot({ path: path.join(shots, 'new-revision.png') });
  });

  it('"Alembic: Downgrade One" asks first in a dialog naming what it undoes; Cancel leaves the database as it was', async () => {
    await palette('Alembic: Downgrade One');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(DEMO.head.slice(0, 12)));
    assert.match(text, /Downgrade/);
    await page.screenshot({ path: path.join(shots, 'downgrade-asks.png') });
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.match(alembic('current'), new RegExp(DEMO.head));
  });
});
