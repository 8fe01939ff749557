// Bootstrap helpers shared by the test runners (`npm test`, `npm start`).
// Node builtins only: this runs before node_modules may exist.
//
//   ensureNpmDeps()                        npm ci when node_modules is missing or older than package-lock.json
//   ensureSystemPackages(names, {reason})  Debian packages: install when root, else say how
//   PACKAGES                               the Debian package lists the layers need
//   createLogger(name) / log               progress lines on stderr, with a step timer
//   run(cmd, args, opts)                   child process (argument array), resolves on exit 0, rejects otherwise
//   freePort()                             a free TCP port on 127.0.0.1
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/bootstrap.mjs). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Debian packages, by what needs them. */
export const PACKAGES = Object.freeze({
  /** Alembic's own script templates (/usr/lib/python3/dist-packages/alembic/templates), read by the Mako unit test. */
  alembicTemplates: Object.freeze(['python3-alembic']),
  /** A throwaway PostgreSQL cluster and the real Alembic (Debian's /usr/bin/python3). */
  db: Object.freeze(['postgresql', 'python3-alembic', 'python3-sqlalchemy', 'python3-psycopg2', 'python3-sqlmodel']),
  /** The real pre-commit (its node language installs the alembic-lint hook from this repository with npm). */
  precommit: Object.freeze(['pre-commit', 'git']),
  /** Headless browser for the UI tests (driven by playwright-core, never downloaded). */
  browser: Object.freeze(['chromium']),
  /** node-gyp builds of code-server's native modules (kerberos compiles from source). */
  codeServerBuild: Object.freeze(['build-essential', 'python3', 'pkg-config', 'libkrb5-dev']),
});
export const ALL_PACKAGES = Object.freeze([...new Set(Object.values(PACKAGES).flat())]);

/** The Python that has Alembic on Debian (the `python3` on PATH may be another one). */
export const SYSTEM_PYTHON = process.env.ALEMBIC_PYTHON || '/usr/bin/python3';

// ---------------------------------------------------------------------------------------------
// Logging

const fmtSeconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

/**
 * A tiny logger writing to stderr (stdout stays for results: test output, the "Open …" line).
 * `step(title, fn)` logs the start, runs fn, logs the duration, and returns fn's result;
 * a failing step is logged with its duration and rethrown. `timings` keeps [title, ms] pairs.
 */
export function createLogger(name = 'test') {
  const prefix = `[${name}]`;
  const write = (stream, args) => stream.write(`${prefix} ${args.map(String).join(' ')}\n`);
  const timings = [];
  return {
    info: (...args) => write(process.stderr, args),
    warn: (...args) => write(process.stderr, ['warning:', ...args]),
    error: (...args) => write(process.stderr, ['error:', ...args]),
    timings,
    async step(title, fn) {
      const t0 = Date.now();
      write(process.stderr, [`${title} …`]);
      try {
        const result = await fn();
        const ms = Date.now() - t0;
        timings.push([title, ms]);
        write(process.stderr, [`${title}: done in ${fmtSeconds(ms)}`]);
        return result;
      } catch (err) {
        const ms = Date.now() - t0;
        timings.push([title, ms]);
        write(process.stderr, [`${title}: FAILED after ${fmtSeconds(ms)}`]);
        throw err;
      }
    },
  };
}
export const log = createLogger('bootstrap');
export { fmtSeconds };

// ---------------------------------------------------------------------------------------------
// Processes

/**
 * Runs `cmd args` (never through a shell). Resolves with {code, stdout, stderr} on exit 0;
 * rejects with an Error carrying the same fields otherwise.
 * opts: {cwd, env, stdio: 'inherit' | 'pipe' (default 'pipe'), input, detached}
 * With stdio 'inherit' the child's output goes to our stderr (stdout is kept for results).
 */
export function run(cmd, args, opts = {}) {
  const { cwd = ROOT, env = process.env, stdio = 'pipe', input, detached = false } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env,
      detached,
      stdio: stdio === 'inherit' ? ['ignore', process.stderr, process.stderr] : [input == null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    if (input != null) child.stdin.end(input);
    child.on('error', (err) => {
      err.message = `${cmd}: ${err.message}`;
      reject(err);
    });
    child.on('close', (code, signal) => {
      const result = { code, signal, stdout, stderr };
      if (code === 0) return resolve(result);
      const detail = stdio === 'inherit' ? '' : `\n${stderr.trim() || stdout.trim()}`;
      reject(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}${detail}`), result));
    });
  });
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until `probe()` resolves truthy, polling every `interval` ms, failing after `timeout` ms. */
export async function waitFor(probe, { timeout = 30_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${fmtSeconds(timeout)} waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// ---------------------------------------------------------------------------------------------
// npm

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * True when node_modules holds exactly what package-lock.json pins: npm's own record of what it
 * installed (node_modules/.package-lock.json) has every locked package at its locked version and
 * integrity, but for optional ones left out (other platforms' binaries), and nothing else.
 */
export function installedFromLock(root) {
  const hiddenFile = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hiddenFile)) return false;
  let locked;
  let installed;
  try {
    locked = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    installed = JSON.parse(readFileSync(hiddenFile, 'utf8')).packages ?? {};
  } catch {
    return false;
  }
  for (const [name, entry] of Object.entries(locked)) {
    if (name === '') continue;
    const have = installed[name];
    if (!have) {
      if (entry.optional) continue;
      return false;
    }
    if (have.version !== entry.version || have.integrity !== entry.integrity) return false;
  }
  return Object.keys(installed).every((name) => name in locked);
}

/**
 * Runs `npm ci` when node_modules is missing or was installed from another package-lock.json.
 * After a successful `npm ci` the lock's sha256 is kept in node_modules/.lock-hash.
 */
export async function ensureNpmDeps({ root = ROOT, logger = log } = {}) {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.lock-hash');
  if (!existsSync(lock)) throw new Error(`${lock} is missing: cannot install the npm dependencies reproducibly`);
  const want = sha256(lock);
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (have === want) return false;
  if (installedFromLock(root)) {
    // A plain `npm ci` (or `npm install` that left the lock alone) by the user: nothing to redo.
    writeFileSync(stamp, `${want}\n`);
    return false;
  }
  const why = !existsSync(path.join(root, 'node_modules'))
    ? 'node_modules is missing'
    : have
      ? 'package-lock.json changed since the last npm ci'
      : 'node_modules was not installed by npm ci here';
  await logger.step(`npm ci (${why})`, () => run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }));
  writeFileSync(stamp, `${want}\n`);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

let aptUpdated = false;

async function isInstalled(name) {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', name]);
    return / ok installed$/.test(stdout.trim()); // e.g. 'install ok installed'; not 'deinstall ok config-files'
  } catch (err) {
    if (err.code === 'ENOENT') throw err; // no dpkg-query at all
    return false; // dpkg-query exits 1 for unknown packages
  }
}

/**
 * Makes sure the Debian packages `names` are installed. Missing ones are installed with apt-get
 * when we are root (apt-get update runs once per process); otherwise the command to run is
 * printed and an Error is thrown. On a machine without dpkg a warning is printed and nothing is
 * checked (the tests then fail on whatever is really missing).
 */
export async function ensureSystemPackages(names, { reason = 'the tests', logger = log } = {}) {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return [];
  let missing;
  try {
    missing = [];
    for (const name of wanted) if (!(await isInstalled(name))) missing.push(name);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    logger.warn(`dpkg-query not found: cannot check the Debian packages needed for ${reason} (${wanted.join(' ')})`);
    return [];
  }
  if (missing.length === 0) return [];

  const list = missing.join(' ');
  if (process.getuid?.() !== 0) {
    console.error(`Missing Debian packages: ${list}. Install them with: sudo apt-get install -y ${list}`);
    throw new Error(`Missing Debian packages needed for ${reason}: ${list}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await logger.step(`apt-get install ${list} (for ${reason})`, async () => {
    if (!aptUpdated) {
      await run('apt-get', ['update'], { env, stdio: 'inherit' });
      aptUpdated = true;
    }
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, stdio: 'inherit' });
  });
  const still = [];
  for (const name of missing) if (!(await isInstalled(name))) still.push(name);
  if (still.length) throw new Error(`apt-get install did not install: ${still.join(' ')}`);
  return missing;
}
