// What the demo e2e suites share: the `npm start` demo (its project, a throwaway PostgreSQL at the
// 4th revision, a private code-server with this checkout as the extension) opened in Chromium, a
// screenshot of a failed test, and the command palette driven as a person drives it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { ensureCodeServer, launchChromium, startCodeServer, type CodeServer } from '../support/code-server.mjs';
import { upgradeDemo, writeDemoProject } from '../support/demo-project.mjs';
import { startPostgres, type PgCluster } from '../support/pg-cluster.mjs';

export const repo = path.resolve(__dirname, '../..');
export const shots = path.join(repo, '.test-output', 'e2e');
export const UI_TIMEOUT = 60_000;

export interface DemoWorkbench {
  /** The temporary folder holding the demo project (and whatever `prepare` wrote). */
  base: string;
  /** The demo project, opened in the workbench. */
  workspace: string;
  pg: PgCluster;
  cs: CodeServer;
  browser: Browser;
  page: Page;
}

/** The demo in a fresh workbench; `prepare(base)` runs before code-server starts (other projects beside it). */
export async function openDemoWorkbench(prefix: string, prepare?: (base: string) => void): Promise<DemoWorkbench> {
  fs.mkdirSync(shots, { recursive: true });
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `alembic-e2e-${prefix}-`));
  const workspace = path.join(base, 'heroes');
  const session: Partial<DemoWorkbench> = { base, workspace };
  try {
    session.pg = await startPostgres({ user: 'alembic_demo', database: 'alembic_demo' });
    writeDemoProject(workspace, { databaseUrl: session.pg.url });
    await upgradeDemo(workspace, { databaseUrl: session.pg.url });
    prepare?.(base);
    await ensureCodeServer();
    session.cs = await startCodeServer({ workspace, extensionDevelopmentPath: repo });
    session.browser = await launchChromium({ tmpDir: path.join(session.cs.tmp, 'chromium-tmp'), env: session.cs.env });
    session.page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
    session.page.setDefaultTimeout(UI_TIMEOUT);
    await session.page.goto(session.cs.url(workspace));
    await session.page.waitForSelector('.monaco-workbench');
    return session as DemoWorkbench;
  } catch (error) {
    await closeDemoWorkbench(session);
    throw error;
  }
}

export async function closeDemoWorkbench(session: Partial<DemoWorkbench> | undefined): Promise<void> {
  await session?.browser?.close().catch(() => undefined);
  await session?.cs?.stop();
  await session?.pg?.stop();
  if (session?.base) fs.rmSync(session.base, { recursive: true, force: true });
}

/** afterEach: a failed test leaves `failure-<label>-<title>.png` beside the other screenshots. */
export async function screenshotOnFailure(test: Mocha.Test | undefined, page: Page | undefined, label: string): Promise<void> {
  if (test?.state !== 'failed' || !page) return;
  const name = `failure-${label}-${test.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`.slice(0, 120);
  await page.screenshot({ path: path.join(shots, name) }).catch(() => undefined);
  console.log(`    screenshot: ${path.relative(process.cwd(), path.join(shots, name))}`);
}

/** Runs a command from the palette as a person does (Ctrl+Shift+P, its title, Enter); resolves with Date.now() at the Enter key. */
export async function palette(page: Page, title: string): Promise<number> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  const enterAt = Date.now();
  await page.keyboard.press('Enter');
  return enterAt;
}
