#!/usr/bin/env node
// Runs the extension-host mocha suite (dist/test/vscode-suite.js, built from test/vscode/) inside a
// real VS Code: a private code-server, its workbench opened once in Debian's headless Chromium with
// extensionDevelopmentPath/extensionTestsPath in the `payload` query parameter. VS Code calls
// window.codeAutomationExit(code) when the suite's run() settles.
//
//   node test/support/run-vscode-suite.mjs [--no-build] [--keep]
//
// The default fixture gets a database: a throwaway PostgreSQL cluster (pg-cluster.mjs), upgraded by
// the real Alembic to the fixture's 2nd of 3 revisions (so the 3rd is pending), named by the
// workspace's .env (DATABASE_URL, with the password); the extension host gets the URL as
// ALEMBIC_TEST_DATABASE_URL (the database suite connects, disconnects and breaks the connection).
//
// Env: VSCODE_SUITE_TIMEOUT_MS (default 300000), ALEMBIC_VSCODE_GREP (mocha grep), DEBUG_CONSOLE=1
// (all browser console lines), ALEMBIC_EXT_DEV / ALEMBIC_EXT_TESTS / ALEMBIC_FIXTURE (run another
// extension, test module or fixture: used to try the runner itself).
// Prints the suite's output and, last, `vscode-suite: N passed, N failed`; exit 0 only when all passed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { SYSTEM_PYTHON, run } from './bootstrap.mjs';
import { ensureCodeServer, launchChromium, startCodeServer } from './code-server.mjs';
import { startPostgres } from './pg-cluster.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const keep = args.includes('--keep') || !!process.env.KEEP_CODE_SERVER_TMP;
const extDev = path.resolve(process.env.ALEMBIC_EXT_DEV || repo);
const extTests = path.resolve(process.env.ALEMBIC_EXT_TESTS || path.join(repo, 'dist/test/vscode-suite.js'));
const fixture = path.resolve(process.env.ALEMBIC_FIXTURE || path.join(repo, 'test/fixtures/basic'));
/** The fixture database's revision (test/fixtures/basic: 1a2b… → 2b3c… → 3c4d…, the last pending). */
const FIXTURE_CURRENT = '2b3c4d5e6f7a';
const withDatabase = !process.env.ALEMBIC_FIXTURE;
const TIMEOUT = Number(process.env.VSCODE_SUITE_TIMEOUT_MS) || 300_000;
const OUT_DIR = path.join(repo, '.test-output', 'vscode-suite');
// Two sessions by default: the trusted workspace (every suite but the restricted one), then the same
// fixture in Restricted Mode (only the restricted suite). ALEMBIC_VSCODE_PASSES=trusted|restricted runs one.
const PASSES = (process.env.ALEMBIC_VSCODE_PASSES || 'trusted,restricted').split(',').map((p) => p.trim() === 'trusted');
let currentWorkspace;
// Interrupted: code-server.mjs's exit hook kills the server and removes its folder; the workspace is ours.
for (const [sig, num] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
]) {
  process.on(sig, () => {
    console.error(`[vscode-suite] ${sig}: stopping`);
    if (!keep && currentWorkspace) fs.rmSync(currentWorkspace, { recursive: true, force: true });
    summary(0, 1);
    process.exit(128 + num);
  });
}

const T0 = Date.now();
const el = () => `${((Date.now() - T0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[vscode-suite ${el()}] ${msg}`);
// The workbench's own chatter that also reaches codeAutomationLog (kept in the console log file;
// VERBOSE=1 prints it too). Everything else, the suite's and the extension's output, is printed.
const NOISE = [
  /^\[(AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /ENOTFOUND/,
  /^Updating additional builtin extensions cache/,
  /Timed out waiting for authentication provider/,
  /^Started local extension host/,
  /^\[Extension Host\] (debugger|Debugger)/,
];

function build() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node esbuild.mjs failed (exit ${code})`))));
  });
}

function summary(passes, failures) {
  console.log(`vscode-suite: ${passes} passed, ${failures} failed`);
}

async function main() {
  if (!args.includes('--no-build') && !process.env.ALEMBIC_EXT_TESTS) {
    log('building (node esbuild.mjs)');
    await build();
  }
  for (const f of [extTests, path.join(extDev, 'package.json')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing (build with \`node esbuild.mjs\`)`);
  }
  if (!fs.existsSync(fixture)) throw new Error(`fixture ${fixture} is missing`);

  let passes = 0,
    failures = 0;
  for (const trusted of PASSES) {
    const result = await runPass(trusted);
    passes += result.passes;
    failures += result.failures;
  }
  log('done');
  summary(passes, failures);
  return failures ? 1 : 0;
}

/** One code-server session on a fresh copy of the fixture: trusted (the suites), or in Restricted Mode (the restricted suite). */
async function runPass(trusted) {
  const label = trusted ? 'trusted' : 'restricted';
  const outDir = trusted ? OUT_DIR : path.join(OUT_DIR, 'restricted');
  log(`${label} pass`);
  // A throwaway copy of the fixture: the tests edit documents and may write .test-output there.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-ws-'));
  fs.cpSync(fixture, workspace, { recursive: true });
  currentWorkspace = workspace;
  const resultFile = path.join(workspace, '.test-output', 'vscode-suite.json');
  fs.rmSync(outDir, { recursive: true, force: true });

  let pg;
  if (withDatabase) {
    pg = await startPostgres({ log: { info: (...a) => log(a.join(' ')) }, user: 'alembic_test', database: 'alembic_test' });
    await run(SYSTEM_PYTHON, ['-m', 'alembic', '-c', path.join(workspace, 'alembic.ini'), 'upgrade', FIXTURE_CURRENT], {
      cwd: workspace,
      env: { ...process.env, DATABASE_URL: pg.url, PYTHONDONTWRITEBYTECODE: '1' },
    });
    fs.writeFileSync(path.join(workspace, '.env'), `DATABASE_URL=${pg.url}\n`);
    log(`PostgreSQL on 127.0.0.1:${pg.port}, upgraded to ${FIXTURE_CURRENT}; .env written`);
  }

  let cs,
    browser,
    page,
    consoleLog,
    exitCode = null,
    failure = null;
  try {
    await ensureCodeServer({ log });
    cs = await startCodeServer({
      workspace,
      log,
      env: {
        ALEMBIC_VSCODE_SUITE_RESULT: resultFile,
        ...(pg ? { ALEMBIC_TEST_DATABASE_URL: pg.url } : {}),
        ...(trusted ? {} : { ALEMBIC_VSCODE_RESTRICTED: '1' }),
      },
      // Restricted Mode: trust on, the folder never trusted, no startup question (it opens restricted).
      ...(trusted ? {} : { workspaceTrust: true, settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } }),
    });
    browser = await launchChromium({ tmpDir: path.join(cs.tmp, 'chromium-tmp'), env: cs.env });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    let settle;
    const settled = new Promise((r) => (settle = r));
    fs.mkdirSync(outDir, { recursive: true });
    consoleLog = fs.createWriteStream(path.join(outDir, 'workbench-console.log'));
    let firstLine = true;
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const line = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      consoleLog.write(`${el()} [${type}] ${line}\n`);
      if (!process.env.VERBOSE && NOISE.some((re) => re.test(line))) return;
      if (firstLine) {
        firstLine = false;
        log('first output from the workbench or extension host');
      }
      (type === 'error' ? console.error : console.log)(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
    // Browser console and page errors: into the log file (codeAutomationLog already carries the
    // workbench's log service); printed only with DEBUG_CONSOLE=1.
    page.on('console', (m) => {
      consoleLog.write(`${el()} [browser ${m.type()}] ${m.text()}\n`);
      if (process.env.DEBUG_CONSOLE) console.log(`[browser ${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => {
      consoleLog.write(`${el()} [pageerror] ${e.stack || e.message}\n`);
      if (process.env.DEBUG_CONSOLE) console.log(`[pageerror] ${e.message}`);
    });
    page.on('crash', () => settle({ error: 'the workbench page crashed' }));
    const csExit = setInterval(() => {
      try {
        process.kill(cs.pid, 0);
      } catch {
        settle({ error: 'code-server exited during the run' });
      }
    }, 1000);

    const url = cs.url(workspace, [
      ['extensionDevelopmentPath', cs.remote(extDev)],
      ['extensionTestsPath', cs.remote(extTests)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(url, { timeout: 120_000 });
    log(`workbench loaded; waiting for the suite (deadline ${TIMEOUT / 1000} s)`);
    const timer = setTimeout(() => settle({ error: `no result after ${TIMEOUT / 1000} s` }), TIMEOUT);
    const outcome = await settled;
    clearTimeout(timer);
    clearInterval(csExit);
    if (outcome.error) failure = outcome.error;
    else exitCode = outcome.code;
    log(`extension host finished: codeAutomationExit(${exitCode ?? '-'})${failure ? ' ' + failure : ''}`);
  } catch (e) {
    failure = e.stack || String(e);
  }

  // The suite's own report (per test, with errors): it names the count even when console output was lost.
  let result = null;
  try {
    result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    /* none written */
  }
  if (result) {
    console.log(`\n[vscode-suite] ${result.runner}`);
    for (const t of result.tests) {
      console.log(
        `  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title}${t.durationMs != null ? ` (${t.durationMs} ms)` : ''}`,
      );
      if (t.error)
        console.log(
          t.error
            .split('\n')
            .map((l) => '         ' + l)
            .join('\n'),
        );
    }
  }
  const passes = result?.passes ?? 0;
  let failures = result?.failures ?? 0;
  if (failure || exitCode !== 0 || !result) failures = Math.max(failures, 1);
  if (failures) {
    if (failure) console.error(`[vscode-suite] ${failure}`);
    if (!result) console.error(`[vscode-suite] the suite wrote no result (${resultFile})`);
    // Keep what explains the failure.
    try {
      fs.mkdirSync(outDir, { recursive: true });
      if (page) await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
      if (cs) {
        fs.cpSync(cs.logFile, path.join(outDir, 'code-server.log'));
        if (fs.existsSync(path.join(cs.userDataDir, 'logs'))) fs.cpSync(path.join(cs.userDataDir, 'logs'), path.join(outDir, 'logs'), { recursive: true });
      }
      console.error(`[vscode-suite] screenshot and logs in ${path.relative(process.cwd(), outDir) || outDir}`);
    } catch (e) {
      console.error(`[vscode-suite] could not save logs: ${e.message}`);
    }
  }

  try {
    await browser?.close();
  } catch {
    /* gone */
  }
  if (consoleLog) await new Promise((r) => consoleLog.end(r));
  await cs?.stop({ keepTmp: keep });
  await pg?.stop();
  if (keep) log(`kept workspace ${workspace}`);
  else fs.rmSync(workspace, { recursive: true, force: true });
  currentWorkspace = undefined;
  log(`${label} pass done`);
  return { passes, failures };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[vscode-suite] ${e.stack || e}`);
    summary(0, 1);
    process.exit(1);
  },
);
