#!/usr/bin/env node
// `npm start`: the extension in a real VS Code (code-server) on a demo project with a live database.
//
//   1. npm dependencies and Debian packages (PostgreSQL, Alembic, code-server's build tools), build
//   2. a throwaway PostgreSQL cluster (test/support/pg-cluster.mjs)
//   3. the demo project in a temp folder (test/support/demo-project.mjs): SQLModel Hero/Team app,
//      script_location = app:migrations, date-prefixed files, five migrations, the 3rd without
//      downgrade(); the real Alembic upgrades the database to the 4th, so the 5th is pending
//   4. code-server with this checkout as the extension under development
//
// Prints progress on stderr and exactly one line on stdout:  Open http://127.0.0.1:<port>/?folder=<path>…
// (the URL also carries VS Code's `payload` parameter that loads this extension in development mode).
// Ctrl-C (SIGINT), SIGTERM or SIGHUP, sent to this process or to `npm start` (the script execs
// node, so npm passes the signal straight here), stops code-server (its process group) and
// PostgreSQL side by side and removes the temp folders, in a second or three; a second Ctrl-C
// a moment later kills them at once. Leaves the same way when the parent process disappears.
//
// Env: PORT (default: a free port).
//
// The demo database URL is in <demo>/.env (DATABASE_URL, with the password); <demo>/.vscode/settings.json
// has alembic.pythonPath = /usr/bin/python3 and alembic.databaseUrl WITHOUT the password (passwords
// belong in SecretStorage, never in settings files): the extension asks for it, or reads .env.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGES, ROOT, createLogger, ensureNpmDeps, ensureSystemPackages, fmtSeconds, freePort, run } from './bootstrap.mjs';
import { atExit, runExitTasks } from './cleanup.mjs';
import { DEMO, upgradeDemo, writeDemoProject } from './demo-project.mjs';
import { startPostgres } from './pg-cluster.mjs';

export { DEMO, upgradeDemo, writeDemoProject } from './demo-project.mjs';

async function main() {
  const log = createLogger('demo');
  const t0 = Date.now();
  let pg;
  let server;
  let stopping = false;

  // Whatever way we exit, cleanup.mjs kills what is still running (code-server's process group,
  // PostgreSQL) and removes the temp folders; shutdown() below is the orderly way, and quicker
  // for it: code-server and PostgreSQL stop side by side.
  async function shutdown(reason, code, { keepLogs = false } = {}) {
    if (stopping) return;
    stopping = true;
    const t = Date.now();
    log.info(`${reason}: stopping`);
    const results = await Promise.allSettled([server?.stop({ keepTmp: keepLogs }), pg?.stop()]);
    results.forEach((r, i) => r.status === 'rejected' && log.error(`stopping ${['code-server', 'PostgreSQL'][i]}: ${r.reason?.message}`));
    runExitTasks(); // the demo folder, and whatever startup had not handed over yet
    log.info(`stopped in ${fmtSeconds(Date.now() - t)}`);
    process.exit(code);
  }
  process.on('SIGINT', () => shutdown('SIGINT', 130));
  process.on('SIGTERM', () => shutdown('SIGTERM', 143));
  process.on('SIGHUP', () => shutdown('SIGHUP', 129));

  try {
    await ensureNpmDeps({ logger: log });
    await ensureSystemPackages([...PACKAGES.db, ...PACKAGES.codeServerBuild], { reason: 'npm start (PostgreSQL, Alembic, code-server)', logger: log });
    await log.step('build', () => run('npm', ['run', '--silent', 'build'], { stdio: 'inherit' }));

    const codeServer = await log.step('code-server (install once, then reused)', async () => {
      const { ensureCodeServer } = await import('./code-server.mjs');
      return ensureCodeServer({ log: (m) => log.info(m) });
    });

    pg = await log.step('PostgreSQL', () => startPostgres({ log, user: 'alembic_demo', database: 'alembic_demo' }));

    const demoBase = mkdtempSync(path.join(os.tmpdir(), 'alembic-demo-'));
    atExit(() => rmSync(demoBase, { recursive: true, force: true }));
    const workspace = path.join(demoBase, 'heroes');
    writeDemoProject(workspace, { databaseUrl: pg.url });
    log.info(`demo project in ${workspace}`);
    await log.step(`alembic upgrade ${DEMO.current} (4 of 5 migrations)`, () => upgradeDemo(workspace, { databaseUrl: pg.url }));

    const port = Number(process.env.PORT) || (await freePort());
    const { startCodeServer } = await import('./code-server.mjs');
    server = await log.step(`code-server on 127.0.0.1:${port}`, () =>
      startCodeServer({
        port,
        workspace,
        extensionDevelopmentPath: ROOT,
        settings: { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off' },
        log: (m) => log.info(m),
        ...codeServer,
      }),
    );

    log.info(`ready in ${fmtSeconds(Date.now() - t0)}; Ctrl-C stops everything`);
    console.log(`Open ${server.url(workspace)}`);

    // Stay up until a signal; leave when code-server dies on its own, or when whoever started us
    // is gone (a parent that was killed cannot pass a signal on: we would run forever).
    const parent = process.ppid;
    const watch = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(watch);
        shutdown(`the parent process (pid ${parent}) is gone`, 1);
        return;
      }
      try {
        process.kill(server.pid, 0);
      } catch {
        clearInterval(watch);
        shutdown(`code-server exited (log: ${server.logFile})`, 1, { keepLogs: true });
      }
    }, 1000);
  } catch (err) {
    log.error(err?.stack ?? String(err));
    await shutdown('startup failed', 1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(path.join(ROOT, 'package.json'))) throw new Error(`not a checkout: ${ROOT}`);
  main();
}
