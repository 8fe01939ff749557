// `alembic-lint status` against the real Alembic and a real PostgreSQL: after upgrades to several
// points (two heads on labelled branches included) our current rows are what `alembic current` and
// `alembic history --indicate-current` print, and our applied/pending split is what Alembic's own
// upgrades did (each migration creates a table t_<id>: applied ⇔ its table exists). Then a custom
// version table and schema named in env.py, an empty and an absent table, a row no file defines,
// the URL from each kind of source, and the faults (wrong password, no server, no database, a
// server that never answers): exit 2, one line on stderr naming the server, no password anywhere.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { StatusProject } from '../../server/src/report/statusReport';
import { migrationSource, type MigrationSpec } from '../unit/migrationBuilder';
import { alembicOk, cluster, copyFixture, dropDatabase, freshDatabase, query, runAlembic, urlFor } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any database variable of the test process: each test says what it sets. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (key !== 'DATABASE_URL' && !key.startsWith('PG')) env[key] = value;
  return { ...env, ...extra };
}

function status(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'status', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function statusJson(cwd: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<StatusProject> {
  const result = await status(cwd, ['--format', 'json', ...args], env);
  assert.equal(result.code, 0, `status exited ${result.code}: ${result.stderr}`);
  const { projects } = JSON.parse(result.stdout) as { projects: StatusProject[] };
  assert.equal(projects.length, 1);
  return projects[0];
}

// r0 → r1 (alpha) → r2;  r0 → r3 (beta) → r4 depends on r1: two heads on labelled branches.
const REVISIONS: [string, MigrationSpec][] = [
  ['aa00000000r0', { down: null }],
  ['aa00000000r1', { down: 'aa00000000r0', labels: 'alpha' }],
  ['aa00000000r2', { down: 'aa00000000r1' }],
  ['aa00000000r3', { down: 'aa00000000r0', labels: 'beta' }],
  ['aa00000000r4', { down: 'aa00000000r3', dependsOn: 'aa00000000r1' }],
];

/** The basic fixture (ini, env.py reading DATABASE_URL) with REVISIONS as its versions; `envPy` edits env.py. */
function project(envPy: (text: string) => string = (text) => text): { dir: string; ini: string; cleanup: () => void } {
  const { dir, cleanup } = copyFixture('basic');
  const versions = path.join(dir, 'migrations', 'versions');
  for (const file of readdirSync(versions)) if (file.endsWith('.py')) unlinkSync(path.join(versions, file));
  for (const [id, spec] of REVISIONS) writeFileSync(path.join(versions, `${id}_change.py`), migrationSource(id, spec));
  const envFile = path.join(dir, 'migrations', 'env.py');
  writeFileSync(envFile, envPy(readFileSync(envFile, 'utf8')));
  return { dir, ini: path.join(dir, 'alembic.ini'), cleanup };
}

const sqlalchemy = (url: string) => url.replace(/^postgresql:/, 'postgresql+psycopg2:');
/** The first word of each line Alembic printed on stdout: `alembic current` → the rows. */
const firstWords = (stdout: string) =>
  stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean)
    .sort();

describe('alembic-lint status against Alembic and PostgreSQL', function () {
  this.timeout(120_000);
  const cleanups: (() => void | Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  async function setup(envPy?: (text: string) => string) {
    const p = project(envPy);
    const url = await freshDatabase('status');
    cleanups.push(p.cleanup, () => dropDatabase(url));
    return { ...p, url, env: cleanEnv({ DATABASE_URL: url }), alembicUrl: sqlalchemy(url) };
  }

  it('agrees with alembic current, history --indicate-current and the upgrades Alembic ran, at several points', async () => {
    const { dir, ini, url, env, alembicUrl } = await setup();
    const points: [string, string[]][] = [
      ['aa00000000r1', ['aa00000000r1']],
      ['alpha@head', ['aa00000000r2']],
      ['beta@aa00000000r3', ['aa00000000r2', 'aa00000000r3']],
      ['heads', ['aa00000000r2', 'aa00000000r4']],
    ];
    // Before any upgrade: no version table, everything pending.
    const fresh = await statusJson(dir, env);
    assert.equal(fresh.versionTableExists, false);
    assert.deepEqual([...fresh.pending].sort(), REVISIONS.map(([id]) => id).sort());
    for (const [target, rows] of points) {
      await alembicOk(ini, ['upgrade', target], { databaseUrl: alembicUrl });
      const ours = await statusJson(dir, env);
      const current = await alembicOk(ini, ['current'], { databaseUrl: alembicUrl });
      const history = await alembicOk(ini, ['history', '--indicate-current'], { databaseUrl: alembicUrl });
      const markedCurrent = history.stdout
        .split('\n')
        .filter((line) => /\(current\)/.test(line))
        .map((line) => /-> (\w+)/.exec(line)![1])
        .sort();
      assert.deepEqual(ours.current, rows, `after upgrade ${target}`);
      assert.deepEqual(ours.current, firstWords(current.stdout), `alembic current after ${target}`);
      assert.deepEqual(ours.current, markedCurrent, `history --indicate-current after ${target}`);
      // Applied (or current) ⇔ Alembic ran its upgrade ⇔ its table exists.
      const tables = new Set((await query<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE tablename LIKE 't\\_%'")).map((row) => row.t));
      for (const { revision, state } of ours.revisions) {
        assert.equal(state !== 'pending', tables.has(`t_${revision}`), `${revision} is ${state} after upgrade ${target}`);
        if (rows.includes(revision)) assert.equal(state, 'current');
      }
      assert.deepEqual(
        ours.pending,
        ours.revisions.filter((r) => r.state === 'pending').map((r) => r.revision),
      );
      assert.equal(ours.atHead, target === 'heads');
      const gate = await status(dir, ['--fail-if-pending'], env);
      assert.equal(gate.code, target === 'heads' ? 0 : 1, gate.stderr);
    }
  });

  it('pending is in upgrade order: each parent before its children', async () => {
    const { dir, env } = await setup();
    const ours = await statusJson(dir, env);
    const at = new Map(ours.pending.map((id, i) => [id, i]));
    for (const [id, spec] of REVISIONS) {
      for (const parent of [spec.down ?? [], spec.dependsOn ?? []].flat()) assert.ok(at.get(parent)! < at.get(id)!, `${parent} before ${id}`);
    }
  });

  it('reads the version table and schema env.py names, as Alembic writes them', async () => {
    const { dir, ini, url, env, alembicUrl } = await setup((text) =>
      text.replace('compare_type=True,', 'compare_type=True,\n            version_table="deploy_versions",\n            version_table_schema="meta",'),
    );
    await query(url, 'CREATE SCHEMA meta');
    await alembicOk(ini, ['upgrade', 'aa00000000r1'], { databaseUrl: alembicUrl });
    const ours = await statusJson(dir, env);
    assert.deepEqual([ours.versionTable, ours.versionTableSchema, ours.versionTableExists], ['deploy_versions', 'meta', true]);
    assert.deepEqual(ours.current, firstWords((await alembicOk(ini, ['current'], { databaseUrl: alembicUrl })).stdout));
    assert.deepEqual(ours.current, ['aa00000000r1']);
    // The flags win: the default table does not exist in that database.
    const flagged = await statusJson(dir, env, ['--version-table', 'alembic_version', '--version-table-schema', 'public']);
    assert.deepEqual([flagged.versionTable, flagged.versionTableSchema, flagged.versionTableExists], ['alembic_version', 'public', false]);
    // A table name that needs quoting.
    await query(url, 'CREATE TABLE meta."Odd ""Name""" (version_num varchar(32) NOT NULL)');
    await query(url, `INSERT INTO meta."Odd ""Name""" VALUES ('aa00000000r3')`);
    const odd = await statusJson(dir, env, ['--version-table', 'Odd "Name"']);
    assert.deepEqual([odd.versionTableSchema, odd.current], ['meta', ['aa00000000r3']]);
  });

  it('an empty table: nothing applied; an absent one: a fresh database, said plainly', async () => {
    const { dir, ini, env, alembicUrl } = await setup();
    const absent = await status(dir, [], env);
    assert.equal(absent.code, 0);
    assert.match(absent.stdout, /version table .*alembic_version does not exist: a fresh database/);
    assert.match(absent.stdout, /5 revisions pending/);
    await alembicOk(ini, ['upgrade', 'aa00000000r0'], { databaseUrl: alembicUrl });
    await alembicOk(ini, ['downgrade', 'base'], { databaseUrl: alembicUrl });
    const empty = await statusJson(dir, env);
    assert.deepEqual([empty.versionTableExists, empty.current, empty.pending.length, empty.atHead], [true, [], 5, false]);
    assert.equal(firstWords((await alembicOk(ini, ['current'], { databaseUrl: alembicUrl })).stdout).length, 0);
  });

  it('a row no file defines is reported, and the database is not at head', async () => {
    const { dir, ini, url, env, alembicUrl } = await setup();
    await alembicOk(ini, ['upgrade', 'heads'], { databaseUrl: alembicUrl });
    await query(url, "INSERT INTO alembic_version VALUES ('deadbeef0000')");
    const ours = await statusJson(dir, env);
    assert.deepEqual(ours.unknownToFiles, ['deadbeef0000']);
    assert.deepEqual(ours.pending, []);
    assert.equal(ours.atHead, false);
    assert.ok(ours.current.includes('deadbeef0000'));
    const text = await status(dir, ['--fail-if-pending'], env);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /unknown +deadbeef0000 +in the database but no migration file defines it/);
    // Alembic itself cannot even say where the database is.
    assert.notEqual((await runAlembic(ini, ['current'], { databaseUrl: alembicUrl })).code, 0);
  });

  describe('the URL, from each source', () => {
    const pg = () => cluster();
    let dir: string;
    let database: string;
    before(async () => {
      const p = project();
      dir = p.dir;
      const url = await freshDatabase('source');
      database = decodeURIComponent(new URL(url).pathname.slice(1));
      cleanups.push(p.cleanup, () => dropDatabase(url));
      await alembicOk(p.ini, ['upgrade', 'aa00000000r1'], { databaseUrl: sqlalchemy(url) });
    });
    const withIni = (sqlalchemyUrl: string) => {
      const ini = path.join(dir, 'alembic.ini');
      const text = readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${sqlalchemyUrl.replaceAll('%', '%%')}`);
      writeFileSync(ini, text);
    };
    const check = async (env: NodeJS.ProcessEnv, expected: RegExp) => {
      const result = await status(dir, [], cleanEnv(env));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, expected);
      assert.match(result.stdout, /current +aa00000000r1/);
      assert.ok(!result.stdout.includes(pg().password) && !result.stderr.includes(pg().password), 'no password in the output');
    };
    afterEach(() => {
      withIni('driver://user:pass@localhost/dbname');
      rmSync(path.join(dir, '.env'), { force: true });
    });

    it('sqlalchemy.url in the ini (postgresql+psycopg2://), winning over DATABASE_URL', async () => {
      withIni(sqlalchemy(urlFor(database)));
      await check({ DATABASE_URL: urlFor('nope') }, /\(sqlalchemy\.url in alembic\.ini\)/);
    });
    it('a password-less ini URL takes PGPASSWORD', async () => {
      withIni(`postgresql://${pg().user}@127.0.0.1:${pg().port}/${database}`);
      await check({ PGPASSWORD: pg().password }, /sqlalchemy\.url in alembic\.ini/);
    });
    it('a password-less ini URL takes ~/.pgpass', async () => {
      withIni(`postgresql://${pg().user}@127.0.0.1:${pg().port}/${database}`);
      const home = mkdtempSync(path.join(os.tmpdir(), 'pgpass-home-'));
      cleanups.push(() => rmSync(home, { recursive: true, force: true }));
      writeFileSync(path.join(home, '.pgpass'), `127.0.0.1:${pg().port}:*:${pg().user}:${pg().password}\n`);
      chmodSync(path.join(home, '.pgpass'), 0o600);
      await check({ HOME: home }, /sqlalchemy\.url in alembic\.ini/);
    });
    it('the PG* variables, the host a socket folder', async () => {
      await check(
        { PGHOST: pg().socketDir, PGPORT: String(pg().port), PGUSER: pg().user, PGDATABASE: database },
        /PGHOST, PGPORT, PGUSER, PGDATABASE in the environment/,
      );
    });
    it('.env beside the config: its DATABASE_URL, and its password for a password-less DATABASE_URL', async () => {
      writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${urlFor(database)}\n`);
      await check({}, /DATABASE_URL in .*\.env\)/);
      await check({ DATABASE_URL: `postgresql://${pg().user}@127.0.0.1:${pg().port}/${database}` }, /\(DATABASE_URL in the environment\)/);
    });
    it('a sqlite URL first: exit 2, only PostgreSQL is supported', async () => {
      withIni('sqlite:///app.db');
      const result = await status(dir, [], cleanEnv({ DATABASE_URL: urlFor(database) }));
      assert.equal(result.code, 2);
      assert.match(
        result.stderr.trim(),
        /^alembic-lint: alembic\.ini: sqlalchemy\.url in alembic\.ini \(sqlite:\/\/\/app\.db\) names a sqlite database: only PostgreSQL is supported\.$/,
      );
    });
  });

  describe('faults: exit 2, one line naming the server, never the password', () => {
    let dir: string;
    before(() => {
      const p = project();
      dir = p.dir;
      cleanups.push(p.cleanup);
    });
    const fails = async (env: NodeJS.ProcessEnv, expected: RegExp, args: string[] = [], secrets: string[] = []) => {
      const started = Date.now();
      const result = await status(dir, args, cleanEnv(env));
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.equal(result.stdout, '');
      const lines = result.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0], expected);
      for (const secret of [cluster().password, ...secrets]) assert.ok(!result.stderr.includes(secret), `no password in: ${result.stderr}`);
      return Date.now() - started;
    };
    it('wrong password', async () => {
      const url = `postgresql://${cluster().user}:Wr0ngPassw0rd@127.0.0.1:${cluster().port}/${cluster().database}`;
      await fails(
        { DATABASE_URL: url },
        new RegExp(`password authentication failed for user "${cluster().user}" on 127\\.0\\.0\\.1:${cluster().port}`),
        [],
        ['Wr0ngPassw0rd'],
      );
    });
    it('no password at all', async () => {
      const url = `postgresql://${cluster().user}@127.0.0.1:${cluster().port}/${cluster().database}`;
      await fails({ DATABASE_URL: url, HOME: os.tmpdir() }, new RegExp(`127\\.0\\.0\\.1:${cluster().port} asks a password`));
    });
    it('stopped server (nothing listens on the port)', async () => {
      const port = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as net.AddressInfo;
          server.close(() => resolve(port));
        });
      });
      await fails(
        { DATABASE_URL: `postgresql://u:S3cretPw@127.0.0.1:${port}/db` },
        new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}: connection refused`),
        [],
        ['S3cretPw'],
      );
    });
    it('missing database', async () => {
      await fails({ DATABASE_URL: urlFor('no_such_db') }, new RegExp(`database "no_such_db" does not exist on 127\\.0\\.0\\.1:${cluster().port}`));
    });
    it('a server that never answers: --timeout bounds the wait', async () => {
      const sockets: net.Socket[] = [];
      const server = net.createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as net.AddressInfo;
      try {
        const ms = await fails({ DATABASE_URL: `postgresql://u:pw@127.0.0.1:${port}/db` }, new RegExp(`127\\.0\\.0\\.1:${port}: no answer within 0\\.5 s`), [
          '--timeout',
          '0.5',
        ]);
        assert.ok(ms < 5_000, `answered in ${ms} ms`);
      } finally {
        for (const socket of sockets) socket.destroy();
        server.close();
      }
    });
    it('no URL anywhere, and bad flags', async () => {
      await fails({}, /No database URL found/);
      await fails({}, /--timeout expects a number of seconds/, ['--timeout', 'soon']);
      await fails({}, /Unknown --format 'sarif' for status/, ['--format', 'sarif']);
    });
  });
});
