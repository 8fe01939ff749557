// code-server: the real VS Code workbench and Node extension host, served to a browser.
// This machine (and CI) cannot download VS Code or Electron, but the npm registry carries
// code-server, which needs Node 24. Both are installed into a cache folder outside the checkout,
// keyed by version, and reused. See shared/recipes/vscode-e2e/README.md.
//
//   ensureCodeServer({log})          -> {node, entry}      install once, then reuse
//   startCodeServer({workspace, ...}) -> {port, tmp, url(folder, payload?), remote(path), stop()}
//   launchChromium({tmpDir?, env?})   -> playwright-core Browser (Debian's /usr/bin/chromium)
//
// Plain Node ESM, builtins only (playwright-core is imported lazily by launchChromium).
// What a run leaves is removed at process exit, or on Ctrl+C, through cleanup.mjs.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { atExit } from './cleanup.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// User settings of every run: no welcome page, nothing that reaches for the network or signs in.
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
};

const defaultLog = (msg) => console.log(`[code-server] ${msg}`);

/** `${XDG_CACHE_HOME:-~/.cache}/alembic-migrations` */
export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'alembic-migrations');
}

// ---------------------------------------------------------------------------------------------
// installation

/** Runs a command (argument array), output appended to logFile; rejects with the log's tail on failure. */
function run(cmd, args, { env, cwd, logFile }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', out, out] });
    child.on('error', (e) => {
      fs.closeSync(out);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal || 'exit ' + code}); full log: ${logFile}\n${tail}`));
    });
  });
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, '.installed.json'), 'utf8'));
  } catch {
    return null;
  }
}
function writeMarker(dir, data) {
  fs.writeFileSync(path.join(dir, '.installed.json'), JSON.stringify({ ...data, at: new Date().toISOString() }) + '\n');
}

const pidAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

/** A cross-process lock (mkdir is atomic); a lock whose owner died is taken over. */
async function withLock(lockDir, log, fn) {
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      const age = (() => {
        try {
          return Date.now() - fs.statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if ((owner && !pidAlive(owner)) || (!owner && age > 10_000)) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${lockDir} (held by pid ${owner})`);
      if (!told) {
        log(`another process (pid ${owner}) is installing; waiting for it`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function node24Paths(dir) {
  const root = path.join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  return { root, bin: path.join(root, 'bin'), node: path.join(root, 'bin', 'node'), include: path.join(root, 'include', 'node') };
}

/**
 * Installs Node 24 and code-server into the cache (once; a marker file is written only after a
 * complete install, so an interrupted one is redone) and returns the Node 24 binary and
 * code-server's entry script.
 */
export async function ensureCodeServer({ log = defaultLog } = {}) {
  const cache = cacheRoot();
  fs.mkdirSync(cache, { recursive: true });
  const nodeDir = path.join(cache, 'node24');
  const csDir = path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const n24 = node24Paths(nodeDir);
  const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const ready = () =>
    readMarker(nodeDir)?.version === NODE24_VERSION && fs.existsSync(n24.node) && readMarker(csDir)?.version === CODE_SERVER_VERSION && fs.existsSync(entry);
  if (ready()) return { node: n24.node, entry };

  return withLock(path.join(cache, '.install-lock'), log, async () => {
    if (ready()) return { node: n24.node, entry }; // installed by whoever held the lock
    const logFile = path.join(cache, 'install.log');
    fs.writeFileSync(logFile, '');
    // npm runs under whatever `node` is first on PATH: Node 24 for both installs (code-server's
    // postinstall refuses other versions). npm_config_nodedir: node-gyp must use Node 24's headers
    // (a user npmrc may point nodedir at another Node's, and downloading them is impossible here).
    // Under `npm test` the parent npm exports its user agent ("npm/… node/v20.… …"), which the inner
    // npm would take as its own: code-server's postinstall reads the Node major from it and refuses
    // to install. Each inner npm names the Node it really runs on.
    const npmEnv = (extra) => {
      const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
      delete env.npm_config_user_agent;
      return env;
    };

    if (!(readMarker(nodeDir)?.version === NODE24_VERSION && fs.existsSync(n24.node))) {
      const t0 = Date.now();
      log(`installing Node ${NODE24_VERSION} from the npm registry into ${nodeDir}`);
      fs.rmSync(nodeDir, { recursive: true, force: true });
      fs.mkdirSync(nodeDir, { recursive: true });
      await run('npm', ['install', '--prefix', nodeDir, '--no-save', '--no-package-lock', `node@${NODE24_VERSION}`], {
        env: npmEnv({}),
        cwd: nodeDir,
        logFile,
      });
      if (!fs.existsSync(n24.node)) throw new Error(`node@${NODE24_VERSION} installed, but ${n24.node} is missing (log: ${logFile})`);
      if (!fs.existsSync(n24.include)) throw new Error(`Node ${NODE24_VERSION} headers missing at ${n24.include} (log: ${logFile})`);
      writeMarker(nodeDir, { version: NODE24_VERSION });
      log(`Node ${NODE24_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }

    if (!(readMarker(csDir)?.version === CODE_SERVER_VERSION && fs.existsSync(entry))) {
      const t0 = Date.now();
      log(`installing code-server ${CODE_SERVER_VERSION} into ${csDir} (2 to 3 minutes on 2 cores; once per machine)`);
      fs.rmSync(csDir, { recursive: true, force: true });
      fs.mkdirSync(csDir, { recursive: true });
      try {
        await run('npm', ['install', '--prefix', csDir, '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
          env: npmEnv({ PATH: `${n24.bin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: n24.root }),
          cwd: csDir,
          logFile,
        });
      } catch (e) {
        e.message +=
          '\n(code-server builds native modules with node-gyp: it needs the Debian packages ' +
          'build-essential python3 pkg-config libkrb5-dev, which test/support/bootstrap.mjs installs)';
        throw e;
      }
      if (!fs.existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing (log: ${logFile})`);
      writeMarker(csDir, { version: CODE_SERVER_VERSION, node: NODE24_VERSION });
      log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    return { node: n24.node, entry };
  });
}

// ---------------------------------------------------------------------------------------------
// running

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Environment that keeps a run's sockets, profiles, caches and logs inside its temp folder. */
export function isolatedEnv(tmp, base = process.env) {
  const env = { ...base };
  for (const [k, d] of [
    ['TMPDIR', 'tmp'],
    ['HOME', 'home'],
    ['XDG_CONFIG_HOME', 'xdg/config'],
    ['XDG_DATA_HOME', 'xdg/data'],
    ['XDG_CACHE_HOME', 'xdg/cache'],
    ['XDG_RUNTIME_DIR', 'xdg/runtime'],
  ]) {
    env[k] = path.join(tmp, d);
    fs.mkdirSync(env[k], { recursive: true, mode: 0o700 });
  }
  return env;
}

async function waitHealthy(port, child, deadlineMs, logFile) {
  const deadline = Date.now() + deadlineMs;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = signal || `exit ${code}`;
  });
  for (;;) {
    if (exited) throw new Error(`code-server exited before it was ready (${exited}); log: ${logFile}\n${tail(logFile)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server not healthy on port ${port} after ${deadlineMs / 1000} s; log: ${logFile}\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts a private code-server.
 *   workspace               folder the workbench opens by default (url() without a folder)
 *   extensionDevelopmentPath  added to every url()'s payload (unless the payload names one)
 *   vsix                    installed into the run's extensions dir before starting
 *   settings                merged over QUIET_SETTINGS (no welcome page, no network) in User/settings.json
 *   env                     extra environment for code-server and the extension host
 *   healthTimeoutMs         deadline for /healthz (default 60 s)
 * Returns {port, tmp, env, logFile, userDataDir, url(folder?, payload?), remote(absPath), stop()}.
 */
export async function startCodeServer({
  port,
  workspace,
  extensionDevelopmentPath,
  vsix,
  settings = {},
  env = {},
  log = defaultLog,
  healthTimeoutMs = 60_000,
  node,
  entry,
  workspaceTrust = false,
} = {}) {
  if (!node || !entry) ({ node, entry } = await ensureCodeServer({ log }));
  port ||= await freePort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-cs-'));
  const childEnv = { ...isolatedEnv(tmp), ...env };
  const userDataDir = path.join(tmp, 'ud');
  const extensionsDir = path.join(tmp, 'ext');
  const logFile = path.join(tmp, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  fs.writeFileSync(path.join(tmp, 'config.yaml'), '');
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(tmp, 'config.yaml')];

  if (vsix) {
    log(`installing ${vsix}`);
    try {
      await run(node, [entry, ...common, '--install-extension', path.resolve(vsix)], { env: childEnv, cwd: tmp, logFile });
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  }

  const args = [
    entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    // Workspace trust off (every folder trusted), unless the run is about Restricted Mode.
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--vscode-option',
    'enable-smoke-test-driver',
    ...common,
  ];
  const out = fs.openSync(logFile, 'a');
  const t0 = Date.now();
  const child = spawn(node, args, { env: childEnv, cwd: tmp, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  // code-server runs detached (a Ctrl+C on the terminal does not reach it): until stop() has run,
  // the process group is killed and the folder removed when this process ends (cleanup.mjs).
  const forget = atExit(() => {
    killGroup(child.pid, 'SIGKILL');
    if (!process.env.KEEP_CODE_SERVER_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const exitedPromise = new Promise((resolve) => child.once('exit', resolve));

  let stopped = false;
  async function stop({ keepTmp = !!process.env.KEEP_CODE_SERVER_TMP } = {}) {
    if (stopped) return;
    stopped = true;
    // the whole process group: server, extension host, file watcher, agent host
    if (killGroup(child.pid, 'SIGTERM')) {
      const gone = await Promise.race([exitedPromise.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      killGroup(child.pid, 'SIGKILL'); // stragglers of the group (children outlive the parent on SIGTERM)
      if (!gone) await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 2000))]);
    }
    if (keepTmp) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    forget();
  }

  try {
    await waitHealthy(port, child, healthTimeoutMs, logFile);
  } catch (e) {
    await stop({ keepTmp: true });
    throw e;
  }
  log(`code-server ${CODE_SERVER_VERSION} ready on 127.0.0.1:${port} in ${((Date.now() - t0) / 1000).toFixed(1)} s (log ${logFile})`);

  const authority = `127.0.0.1:${port}`;
  const remote = (absPath) => `vscode-remote://${authority}${path.resolve(absPath)}`;
  /** Workbench URL for `folder` (default: workspace); payload: [[key, value], ...] as VS Code's `payload` query param. */
  function url(folder = workspace, payload) {
    const p = payload ? [...payload] : [];
    if (extensionDevelopmentPath && !p.some(([k]) => k === 'extensionDevelopmentPath')) {
      p.unshift(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
    }
    if (p.length && !p.some(([k]) => k === 'skipWelcome')) p.push(['skipWelcome', 'true']);
    const q = [];
    if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
    if (p.length) q.push(`payload=${encodeURIComponent(JSON.stringify(p))}`);
    return `http://${authority}/${q.length ? '?' + q.join('&') : ''}`;
  }
  return { port, tmp, env: childEnv, logFile, userDataDir, extensionsDir, pid: child.pid, url, remote, stop };
}

/**
 * Debian's Chromium through playwright-core (never a downloaded browser).
 * tmpDir: where Chromium's throwaway profile goes (playwright creates it in os.tmpdir()).
 * env: environment for the browser process (e.g. the code-server run's isolated env).
 */
export async function launchChromium({ tmpDir, env, headless = true, args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium package (test/support/bootstrap.mjs does)`);
  }
  const saved = process.env.TMPDIR;
  if (tmpDir) {
    fs.mkdirSync(tmpDir, { recursive: true });
    process.env.TMPDIR = tmpDir;
  }
  try {
    return await chromium.launch({ executablePath, headless, args: [...CHROMIUM_ARGS, ...args], ...(env ? { env } : {}) });
  } finally {
    if (tmpDir) {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }
}
