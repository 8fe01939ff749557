// A throwaway PostgreSQL cluster for tests and the demo. Node builtins only.
//
//   const pg = await startPostgres({log});
//   pg.url            postgresql://<user>:<password>@127.0.0.1:<port>/<database>   (for `pg`)
//   pg.sqlalchemyUrl  postgresql+psycopg2://…                                       (for Alembic)
//   await pg.stop();  fast shutdown, then the temp folder is removed
//
// How: initdb in a fresh temp folder (as user `postgres` through runuser when we are root:
// initdb and pg_ctl refuse to run as root), a free port on 127.0.0.1, a socket in the temp
// folder. Local socket connections are `trust` (the harness creates roles through them);
// TCP connections need a password (scram-sha-256), so a wrong password is a real failure.
// A login role with CREATEDB and a database it owns are created for the tests.
//
// Nothing is left running: stop() is idempotent; until it is called the cluster is registered
// with cleanup.mjs (stopped at process exit and on SIGINT/SIGTERM/SIGHUP, together with whatever
// else the process started); and a detached watchdog process stops the cluster if this process
// dies without running any of that (SIGKILL).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, run, waitFor } from './bootstrap.mjs';
import { atExit } from './cleanup.mjs';

const isRoot = () => process.getuid?.() === 0;
const SUPERUSER = 'postgres';

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql (or $PG_BIN). */
export function findPgBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length === 0) {
    throw new Error(`No PostgreSQL server found in ${base}/*/bin (install the Debian package "postgresql", or set PG_BIN)`);
  }
  return path.join(base, versions[0], 'bin');
}

function lookupUser(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`user "${name}" does not exist (it comes with the Debian package "postgresql")`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Can the user `postgres` reach a folder inside `dir`? (every ancestor must be o+x) */
function traversableByOthers(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/** Wraps a PostgreSQL server command so that it runs as `postgres` when we are root. */
function asServerUser(bin, args) {
  return isRoot() ? ['runuser', ['-u', SUPERUSER, '--', bin, ...args]] : [bin, args];
}

// A watchdog, detached: polls our pid and, once we are gone, stops the cluster and removes the
// temp folder. Killed by stop(). Runs `node -e` so that it needs no file of its own.
const WATCHDOG = `
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const [parent, cmd, argsJson, tmp] = process.argv.slice(1);
const alive = () => { try { process.kill(Number(parent), 0); return true; } catch { return false; } };
const timer = setInterval(() => {
  if (alive()) return;
  clearInterval(timer);
  spawnSync(cmd, JSON.parse(argsJson), { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
}, 500);
process.on('SIGTERM', () => process.exit(0));
`;

/**
 * Starts a fresh cluster. Options:
 *   log       a logger ({info}) for progress lines; default: silent
 *   user, database, password   of the created login role / database (defaults: alembic_test / alembic_test / random)
 *   tmpBase   where to create the temp folder (default os.tmpdir(), or /tmp when `postgres` cannot reach it)
 */
export async function startPostgres({ log, user = 'alembic_test', database = 'alembic_test', password = randomBytes(12).toString('hex'), tmpBase } = {}) {
  const info = (msg) => log?.info?.(msg);
  const t0 = Date.now();
  const bin = findPgBin();
  const root = isRoot();
  let base = tmpBase ?? os.tmpdir();
  if (root && !traversableByOthers(base)) base = '/tmp';
  const tmp = mkdtempSync(path.join(base, 'alembic-pg-'));
  const dataDir = path.join(tmp, 'data');
  const socketDir = path.join(tmp, 'socket');
  const logFile = path.join(tmp, 'postgres.log');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(socketDir, { mode: 0o700 });
  if (root) {
    const { uid, gid } = lookupUser(SUPERUSER);
    for (const p of [tmp, dataDir, socketDir]) chownSync(p, uid, gid);
  }

  const pgCtl = path.join(bin, 'pg_ctl');
  const stopArgs = (mode) => asServerUser(pgCtl, ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']);
  let watchdog;
  let stopped = false;
  const pidFile = path.join(dataDir, 'postmaster.pid');
  // Immediate shutdown, synchronous: what runs at process exit, also when exit comes in the
  // middle of stop().
  const stopNow = () => {
    if (existsSync(pidFile)) {
      const [cmd, args] = stopArgs('immediate');
      spawnSync(cmd, args, { stdio: 'ignore' });
    }
    try {
      watchdog?.kill('SIGTERM');
    } catch {}
    rmSync(tmp, { recursive: true, force: true });
  };
  const forget = atExit(stopNow);
  const cluster = {
    host: '127.0.0.1',
    port: 0,
    user,
    password,
    database,
    url: '',
    sqlalchemyUrl: '',
    dataDir,
    socketDir,
    logFile,
    bin,
    /** Fast shutdown, then the temp folder is removed. Safe to call twice. */
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        if (existsSync(pidFile)) {
          const [cmd, args] = stopArgs('fast');
          await run(cmd, args);
        }
      } finally {
        watchdog?.kill('SIGTERM');
        rmSync(tmp, { recursive: true, force: true });
        forget();
      }
    },
    /** Synchronous variant for exit handlers (immediate shutdown). */
    stopSync() {
      if (stopped) return;
      stopped = true;
      forget();
      stopNow();
    },
    /** Runs SQL as the superuser over the socket (psql, ON_ERROR_STOP). Returns stdout. */
    async psql(sql, db = 'postgres') {
      const { stdout } = await run(path.join(bin, 'psql'), [
        '-X',
        '-q',
        '-A',
        '-t',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        socketDir,
        '-p',
        String(cluster.port),
        '-U',
        SUPERUSER,
        '-d',
        db,
        '-c',
        sql,
      ]);
      return stdout.trim();
    },
  };

  try {
    // 1. initdb: socket connections trusted, TCP connections need a scram password.
    {
      const [cmd, args] = asServerUser(path.join(bin, 'initdb'), [
        '-D',
        dataDir,
        '-U',
        SUPERUSER,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
        '--no-instructions',
      ]);
      await run(cmd, args);
    }
    // 2. Watchdog, before the server exists, so that it is never unguarded.
    {
      const [cmd, args] = stopArgs('immediate');
      watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), cmd, JSON.stringify(args), tmp], {
        detached: true,
        stdio: 'ignore',
      });
      watchdog.unref();
    }
    // 3. Start on a free port (retry when another process grabbed it in between).
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Settings go to postgresql.auto.conf-style lines at the end of postgresql.conf, so that
      // pg_ctl needs no option string; the last occurrence wins on a retry.
      appendFileSync(
        path.join(dataDir, 'postgresql.conf'),
        [
          '',
          `port = ${port}`,
          `listen_addresses = '127.0.0.1'`,
          `unix_socket_directories = '${socketDir}'`,
          'fsync = off', // throwaway data: trade durability for speed
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 50',
          '',
        ].join('\n'),
      );
      const [cmd, args] = asServerUser(pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60']);
      try {
        // detached: a Ctrl-C in the terminal must reach us, not the postmaster: we stop it in order.
        await run(cmd, args, { detached: true });
        cluster.port = port;
        break;
      } catch (err) {
        const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
        if (attempt < 3 && /could not bind|Address already in use/i.test(tail)) continue;
        throw new Error(`PostgreSQL did not start: ${err.message}\n--- ${logFile} (tail) ---\n${tail}`);
      }
    }
    // 4. Ready for TCP connections (pg_ctl -w checked the socket).
    await waitFor(
      async () =>
        await run(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(cluster.port), '-t', '2']).then(
          () => true,
          () => false,
        ),
      { timeout: 30_000, interval: 50, what: `PostgreSQL on 127.0.0.1:${cluster.port}` },
    );
    // 5. The test role (password, CREATEDB) and its database.
    const lit = (s) => `'${s.replaceAll("'", "''")}'`;
    const ident = (s) => `"${s.replaceAll('"', '""')}"`;
    await cluster.psql(`CREATE ROLE ${ident(user)} LOGIN CREATEDB PASSWORD ${lit(password)}`);
    await cluster.psql(`CREATE DATABASE ${ident(database)} OWNER ${ident(user)}`);
  } catch (err) {
    cluster.stopSync();
    throw err;
  }

  const auth = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  const hostPart = `127.0.0.1:${cluster.port}/${encodeURIComponent(database)}`;
  cluster.url = `postgresql://${auth}@${hostPart}`;
  cluster.sqlalchemyUrl = `postgresql+psycopg2://${auth}@${hostPart}`;
  cluster.startMs = Date.now() - t0;
  info(`PostgreSQL ${path.basename(path.dirname(bin))} ready on 127.0.0.1:${cluster.port} in ${(cluster.startMs / 1000).toFixed(1)}s (data ${dataDir})`);
  return cluster;
}
