// The runner layer against the real thing: Debian's Alembic 1.8 (/usr/bin/python3) on the harness's
// PostgreSQL. Interpreter discovery on this machine's mix (the PATH `python3` is a pyenv Python
// without Alembic, /usr/bin/python3 has it, a fake .venv lacks it); upgrade, downgrade, stamp,
// merge, autogenerate against SQLModel models, offline SQL and the model check through the runner;
// a migration that raises (database unchanged, raising file and line); PostgreSQL's lock-table
// exhaustion; cancellation mid-run; two runs at once; the native New Revision against
// `alembic revision -m`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InterpreterDiscovery, findOnPath } from '../../client/src/alembic/interpreterDiscovery';
import { checkModels } from '../../client/src/alembic/modelCheck';
import { envPyReadsDatabaseUrl, readDotEnv, runEnvironment } from '../../client/src/alembic/runEnvironment';
import { AlembicRunner, RunnerBusyError, type RunResult } from '../../client/src/alembic/runner';
import type { PlanRevisionResult } from '../../server/src/protocol';
import { DEMO, writeDemoProject } from '../support/demo-project.mjs';
import { LspSession } from '../lsp/harness';
import { migrationSource } from '../unit/migrationBuilder';
import { alembicOk, appliedRevisions, copyFixture, dropDatabase, freshDatabase, PYTHON, query, tableExists } from './helpers';

const USERS = '1a2b3c4d5e6f';
const EMAIL = '2b3c4d5e6f7a';
const POSTS = '3c4d5e6f7a8b';
const ALEMBIC_VERSION = execFileSync(PYTHON, ['-c', 'import alembic; print(alembic.__version__)'], { encoding: 'utf8' }).trim();

/** Waits for `condition` (polling every 50 ms), failing after `ms`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const processGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

describe('integration: interpreter discovery on this machine', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'discovery-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The real interpreter behind the first `python3` on PATH (a pyenv shim resolves to its version's binary). */
  const firstPython3 = () => findOnPath('python3')[0];
  const realExecutable = (python: string) => execFileSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', cwd: dir }).trim();

  it('skips a .venv and a PATH python3 without Alembic and settles on /usr/bin/python3; the list shows every candidate with versions', async () => {
    const first = firstPython3();
    assert.ok(first, 'a python3 on PATH');
    // A fake .venv: its python is a symlink to an interpreter without Alembic.
    const withoutAlembic = realExecutable(first);
    mkdirSync(path.join(dir, '.venv', 'bin'), { recursive: true });
    symlinkSync(withoutAlembic, path.join(dir, '.venv', 'bin', 'python'));
    const discovery = new InterpreterDiscovery();
    const found = await discovery.discover({ projectDir: dir });
    assert.ok(found.ok, JSON.stringify(found));
    assert.equal(realpathSync(found.interpreter.path), realpathSync(PYTHON));
    assert.equal(found.interpreter.alembicVersion, ALEMBIC_VERSION);
    assert.match(found.interpreter.pythonVersion, /^3\.\d+\.\d+$/);
    assert.deepEqual(found.refused[0], {
      path: path.join(dir, '.venv', 'bin', 'python'),
      source: 'project-venv',
      origin: '.venv beside the project',
      reason: 'no module named alembic',
    });
    if (realpathSync(first) !== realpathSync(PYTHON)) {
      assert.deepEqual(
        found.refused.find((r) => r.path === first),
        { path: first, source: 'path', origin: 'python3 on PATH', reason: 'no module named alembic' },
        'the first python3 on PATH (pyenv here) lacks Alembic',
      );
    }
    const listed = await discovery.listCandidates({ projectDir: dir });
    const usable = listed.filter((c) => c.ok);
    assert.ok(usable.some((c) => c.ok && c.alembicVersion === ALEMBIC_VERSION));
    assert.ok(listed.length >= found.refused.length + 1);
  });

  it('when none has Alembic: one message naming each candidate tried, why, and the fixes', async () => {
    // PATH holds only a python3 that is the pyenv interpreter itself (a shim would need bash from the rest of PATH).
    const withoutAlembic = realExecutable(firstPython3());
    mkdirSync(path.join(dir, '.venv', 'bin'), { recursive: true });
    symlinkSync(withoutAlembic, path.join(dir, '.venv', 'bin', 'python'));
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(withoutAlembic, path.join(bin, 'python3'));
    const result = await new InterpreterDiscovery().discover({
      projectDir: dir,
      pythonPath: path.join(dir, 'nope', 'python3'),
      env: { ...process.env, PATH: bin },
    });
    assert.ok(!result.ok, JSON.stringify(result));
    assert.deepEqual(
      result.refused.map((r) => [r.path, r.origin, r.reason]),
      [
        [path.join(dir, 'nope', 'python3'), 'alembic.pythonPath', 'not found'],
        [path.join(dir, '.venv', 'bin', 'python'), '.venv beside the project', 'no module named alembic'],
        [path.join(bin, 'python3'), 'python3 on PATH', 'no module named alembic'],
      ],
    );
    for (const candidate of result.refused) assert.ok(result.message.includes(`${candidate.path} (${candidate.origin}): ${candidate.reason}`), result.message);
    assert.match(result.message, /Select Python Interpreter/);
    assert.match(result.message, /alembic\.pythonPath/);
    assert.match(result.message, /pip install alembic/);
    assert.match(result.message, /python3-alembic/);
  });
});

describe('integration: running Alembic through the runner', function () {
  this.timeout(120_000);
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The basic fixture on a fresh database; env carries DATABASE_URL (its env.py reads it). */
  async function basicProject(extra: Record<string, string> = {}) {
    const project = copyFixture('basic');
    cleanups.push(project.cleanup);
    const databaseUrl = await freshDatabase('runner');
    cleanups.push(() => dropDatabase(databaseUrl));
    const ini = path.join(project.dir, 'alembic.ini');
    const versions = path.join(project.dir, 'migrations', 'versions');
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(versions, name), text);
    assert.equal(envPyReadsDatabaseUrl(readFileSync(path.join(project.dir, 'migrations', 'env.py'), 'utf8')), true);
    const env = runEnvironment({ databaseUrl });
    const migrationFiles = () => readdirSync(versions).map((f) => path.join(versions, f));
    return { dir: project.dir, ini, versions, databaseUrl, env, migrationFiles };
  }

  const ok = (result: RunResult) => {
    assert.equal(result.exitCode, 0, `${result.lastErrorLine}\n${result.outputTail}`);
    return result;
  };

  it('upgrade, downgrade, stamp and merge, with every output line streamed and the steps read', async () => {
    const comments = '4d5e6f7a8b9c';
    const p = await basicProject({ [`${comments}_add_comments.py`]: migrationSource(comments, { down: EMAIL, message: 'add comments' }) });
    const runner = new AlembicRunner();
    const lines: string[] = [];
    const run = (...args: string[]) => runner.run({ python: PYTHON, ini: p.ini, args, env: p.env, onLine: (line) => lines.push(line) });

    const up = ok(await run('upgrade', POSTS));
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [POSTS]);
    assert.deepEqual(up.lastStep, { direction: 'upgrade', from: [EMAIL], to: POSTS });
    assert.ok(
      lines.some((l) => l.includes(`Running upgrade  -> ${USERS}, create users table`)),
      lines.join('\n'),
    );
    assert.ok(up.durationMs > 0);

    ok(await run('merge', '-m', 'merge heads', 'heads', '--rev-id', 'abcdef123456'));
    const heads = ok(await run('heads'));
    assert.equal(heads.stdout.trim(), 'abcdef123456 (head)');

    ok(await run('upgrade', 'heads'));
    assert.deepEqual(await appliedRevisions(p.databaseUrl), ['abcdef123456']);
    assert.equal(await tableExists(p.databaseUrl, `t_${comments}`), true);

    const down = ok(await run('downgrade', comments));
    assert.deepEqual(down.lastStep?.direction, 'downgrade');
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [POSTS, comments].sort());

    ok(await run('downgrade', `${comments}@-1`));
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [POSTS]);
    assert.equal(await tableExists(p.databaseUrl, `t_${comments}`), false);

    ok(await run('stamp', USERS, '--purge'));
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [USERS]);
    assert.equal(await tableExists(p.databaseUrl, 'posts'), true, 'stamp changes the version table only');

    const failed = await run('downgrade', 'zzzz');
    assert.notEqual(failed.exitCode, 0);
    assert.equal(failed.lastErrorLine, "FAILED: Can't locate revision identified by 'zzzz'");
  });

  it('offline upgrade --sql from a revision to head: the SQL, and the database untouched', async () => {
    const p = await basicProject();
    const result = ok(await new AlembicRunner().run({ python: PYTHON, ini: p.ini, args: ['upgrade', `${EMAIL}:head`, '--sql'], env: p.env }));
    assert.match(result.stdout, /CREATE TABLE posts \(/);
    assert.doesNotMatch(result.stdout, /CREATE TABLE users/);
    assert.match(result.stdout, new RegExp(`UPDATE alembic_version SET version_num='${POSTS}' WHERE alembic_version.version_num = '${EMAIL}'`));
    assert.deepEqual(await appliedRevisions(p.databaseUrl), []);
  });

  it('a migration that raises: the database stays where it was, and the raising file and line are found', async () => {
    const boom = '5e6f7a8b9c0d';
    const p = await basicProject();
    const runner = new AlembicRunner();
    ok(await runner.run({ python: PYTHON, ini: p.ini, args: ['upgrade', 'head'], env: p.env }));
    const file = path.join(p.versions, `${boom}_backfill_owners.py`);
    const source = migrationSource(boom, { down: POSTS, message: 'backfill owners' }).replace(
      /def upgrade\(\) -> None:\n(.*\n)*?(?=\n\ndef downgrade)/,
      'def check_owners() -> None:\n    raise ValueError("3 posts have no owner")\n\n\ndef upgrade() -> None:\n    op.create_table("owners", sa.Column("id", sa.Integer(), primary_key=True))\n    check_owners()\n',
    );
    writeFileSync(file, source);
    const raisingLine = source.split('\n').findIndex((line) => line.includes('raise ValueError')) + 1;
    const result = await runner.run({ python: PYTHON, ini: p.ini, args: ['upgrade', 'head'], env: p.env, migrationFiles: p.migrationFiles() });
    assert.equal(result.exitCode, 1);
    assert.equal(result.lastErrorLine, 'ValueError: 3 posts have no owner');
    assert.deepEqual(result.raisedAt, {
      file,
      line: raisingLine,
      function: 'check_owners',
      source: 'raise ValueError("3 posts have no owner")',
      exception: 'ValueError: 3 posts have no owner',
    });
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [POSTS], 'still at the previous head');
    assert.equal(await tableExists(p.databaseUrl, 'owners'), false, 'transactional DDL: the table it created is gone');
  });

  it("PostgreSQL's lock table runs out in a single-transaction upgrade: explained, with the revision reached", async () => {
    // Six migrations creating 1,500 tables each, in Alembic's one transaction: more locks than max_locks_per_transaction allows.
    const files: Record<string, string> = {};
    let down: string | null = null;
    for (let i = 1; i <= 6; i++) {
      const id = `bbbb0000000${i}`;
      files[`${id}_tables_${i}.py`] = [
        `"""tables ${i}"""`,
        'from alembic import op',
        '',
        `revision = '${id}'`,
        `down_revision = ${down ? `'${down}'` : 'None'}`,
        'branch_labels = None',
        'depends_on = None',
        '',
        '',
        'def upgrade():',
        `    op.execute("""DO $$ BEGIN FOR i IN 1..1500 LOOP EXECUTE format('CREATE TABLE t${i}_%s (id int)', i); END LOOP; END $$;""")`,
        '',
        '',
        'def downgrade():',
        '    pass',
        '',
      ].join('\n');
      down = id;
    }
    const p = await basicProject();
    for (const name of readdirSync(p.versions)) rmSync(path.join(p.versions, name));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(p.versions, name), text);
    const result = await new AlembicRunner().run({ python: PYTHON, ini: p.ini, args: ['upgrade', 'head'], env: p.env });
    assert.notEqual(result.exitCode, 0);
    assert.match(result.lastErrorLine ?? '', /out of shared memory/);
    assert.ok(result.lockExhaustion, result.outputTail);
    assert.match(result.lockExhaustion, /transaction_per_migration=True/);
    assert.match(result.lockExhaustion, /max_locks_per_transaction/);
    assert.ok(result.lastStep && result.lastStep.to.startsWith('bbbb'));
    assert.ok(result.lockExhaustion.includes(`-> ${result.lastStep.to}`), result.lockExhaustion);
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [], 'rolled back: where it was');
  });

  it('cancellation mid-run (a migration in pg_sleep): done within about 6 s, database unchanged, no process left; a second run meanwhile is refused', async () => {
    const p = await basicProject();
    const runner = new AlembicRunner();
    ok(await runner.run({ python: PYTHON, ini: p.ini, args: ['upgrade', EMAIL], env: p.env }));
    writeFileSync(
      path.join(p.versions, `${POSTS}_create_posts_table.py`),
      readFileSync(path.join(p.versions, `${POSTS}_create_posts_table.py`), 'utf8').replace(
        "    op.create_index(op.f('ix_posts_user_id'), 'posts', ['user_id'], unique=False)",
        "    op.create_index(op.f('ix_posts_user_id'), 'posts', ['user_id'], unique=False)\n    op.execute('SELECT pg_sleep(30)')",
      ),
    );
    const controller = new AbortController();
    const running = runner.run({ python: PYTHON, ini: p.ini, args: ['upgrade', 'head'], env: p.env, signal: controller.signal });
    const pid = runner.runningFor(p.ini)?.pid;
    assert.ok(pid);
    await until('the migration to sleep in PostgreSQL', async () => {
      const rows = await query(p.databaseUrl, "SELECT 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'");
      return rows.length > 0;
    });
    await assert.rejects(
      runner.run({ python: PYTHON, ini: p.ini, args: ['current'], env: p.env }),
      (error: Error) => error instanceof RunnerBusyError && /already running .*alembic upgrade head/.test(error.message),
    );
    const cancelledAt = Date.now();
    controller.abort();
    const result = await running;
    const took = Date.now() - cancelledAt;
    assert.equal(result.cancelled, true);
    assert.ok(took < 6_500, `cancelled in ${took} ms`);
    assert.ok(processGone(pid), 'the Alembic process is gone');
    assert.deepEqual(await appliedRevisions(p.databaseUrl), [EMAIL], 'database unchanged');
    assert.equal(await tableExists(p.databaseUrl, 'posts'), false);
    assert.equal(runner.runningFor(p.ini), undefined);
    // The server may still be sleeping for the dead client: end that backend so the next run is not blocked.
    await query(p.databaseUrl, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'");
  });
});

describe('integration: autogenerate and the model check against SQLModel models', function () {
  this.timeout(180_000);
  let dir: string;
  let databaseUrl: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'demo-runner-'));
    databaseUrl = await freshDatabase('models');
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  });

  it(`models match at head; a new model field is a difference (Alembic ${ALEMBIC_VERSION}: ${'the helper script'}), autogenerate writes it, and after upgrade the models match again`, async () => {
    const project = writeDemoProject(dir, { databaseUrl });
    const env = runEnvironment({ dotEnv: readDotEnv(path.join(dir, '.env')) });
    assert.equal(env.DATABASE_URL, databaseUrl, 'from the project .env');
    const runner = new AlembicRunner();
    const run = (...args: string[]) => runner.run({ python: PYTHON, ini: project.ini, args, env });
    assert.equal((await run('upgrade', 'head')).exitCode, 0);
    const check = () => checkModels(runner, { python: PYTHON, alembicVersion: ALEMBIC_VERSION, ini: project.ini, env });

    assert.equal((await check()).status, 'match');

    const models = path.join(dir, 'app', 'models.py');
    writeFileSync(models, readFileSync(models, 'utf8').replace('    secret_name: str\n', '    secret_name: str\n    power: Optional[str] = None\n'));
    const differences = await check();
    assert.equal(differences.status, 'differences', JSON.stringify(differences));
    assert.deepEqual(differences.status === 'differences' && differences.differences, [{ kind: 'add_column', text: 'add column hero.power' }]);
    assert.equal(readdirSync(project.versionsDir).length, DEMO.revisions.length, 'the check writes nothing');

    const autogenerate = await run('revision', '--autogenerate', '-m', 'add power to hero');
    assert.equal(autogenerate.exitCode, 0, autogenerate.outputTail);
    const created = readdirSync(project.versionsDir).find((f) => f.endsWith('_add_power_to_hero.py'));
    assert.ok(created, readdirSync(project.versionsDir).join(', '));
    const text = readFileSync(path.join(project.versionsDir, created), 'utf8');
    assert.match(text, /op\.add_column\('hero', sa\.Column\('power', sqlmodel\.sql\.sqltypes\.AutoString\(\), nullable=True\)\)/);
    assert.equal((await run('upgrade', 'head')).exitCode, 0);
    assert.equal((await check()).status, 'match');

    // Below head, the comparison would be meaningless: Alembic's own refusal.
    assert.equal((await run('downgrade', '-1')).exitCode, 0);
    const behind = await check();
    assert.deepEqual(behind.status === 'failed' && behind.message, 'FAILED: Target database is not up to date.');
  });
});

describe('integration: native New Revision equals `alembic revision -m`', function () {
  this.timeout(120_000);
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Asks the language server for the plan in `ours`, writes it, runs Alembic with the same id in `theirs`. */
  async function compare(ours: string, theirs: string, ini: string, versionsDir: string, message: string) {
    const session = await LspSession.start(ours);
    cleanups.push(() => session.stop());
    await session.waitFor('first publish', () => session.graphChanges > 0);
    const plan = (await session.connection.sendRequest('alembic/planRevision', { config: path.join(ours, ini), message })) as PlanRevisionResult;
    assert.ok('path' in plan, JSON.stringify(plan));
    assert.equal(path.dirname(plan.path), path.join(ours, versionsDir));
    writeFileSync(plan.path, plan.text);
    const heads = await alembicOk(path.join(ours, ini), ['heads']);
    assert.equal(heads.stdout.trim(), `${plan.revision} (head)`, 'Alembic takes it as the new head');
    await alembicOk(path.join(theirs, ini), ['revision', '-m', message, '--rev-id', plan.revision]);
    const name = path.basename(plan.path);
    assert.ok(readdirSync(path.join(theirs, versionsDir)).includes(name), `Alembic names it ${name} too`);
    const withoutDate = (text: string) => text.replace(/^Create Date: .*$/m, 'Create Date: <date>');
    assert.equal(withoutDate(plan.text), withoutDate(readFileSync(path.join(theirs, versionsDir, name), 'utf8')));
    return plan;
  }

  it("the basic fixture's annotated template", async () => {
    const ours = copyFixture('basic');
    const theirs = copyFixture('basic');
    cleanups.push(ours.cleanup, theirs.cleanup);
    const plan = await compare(ours.dir, theirs.dir, 'alembic.ini', 'migrations/versions', "Add orders: it's quick");
    assert.match(plan.text, new RegExp(`down_revision: Union\\[str, None\\] = '${POSTS}'`));
  });

  it('the demo (package script_location, dated file_template)', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'native-demo-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    writeDemoProject(path.join(base, 'ours'));
    writeDemoProject(path.join(base, 'theirs'));
    await compare(path.join(base, 'ours'), path.join(base, 'theirs'), 'alembic.ini', DEMO.versionsDir, 'add mission status');
  });

  it("Alembic's multidb template (alembic init -t multidb)", async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'native-multidb-'));
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    for (const side of ['ours', 'theirs']) {
      mkdirSync(path.join(base, side));
      execFileSync(PYTHON, ['-m', 'alembic', 'init', '-t', 'multidb', 'migrations'], { cwd: path.join(base, side), stdio: 'ignore' });
    }
    const plan = await compare(path.join(base, 'ours'), path.join(base, 'theirs'), 'alembic.ini', 'migrations/versions', 'first multidb revision');
    assert.match(plan.text, /def upgrade_engine1\(\)/);
    assert.match(plan.text, /def downgrade_engine2\(\)/);
  });
});
