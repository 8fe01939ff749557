// The Alembic runner's pure parts against real Alembic 1.8 output (captured from real runs into
// test/fixtures/alembic-output/), and the runner's process handling with Node standing in for
// Python (`runPython` with `-e`): masking, streaming, one process per project, cancellation.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLockTableExhausted, lastErrorLine, lockExhaustionExplanation, migrationStep } from '../../client/src/alembic/alembicOutput';
import { InterpreterDiscovery, interpreterCandidates, noInterpreterMessage, type ProbeResult } from '../../client/src/alembic/interpreterDiscovery';
import { hasAlembicCheck, interpretAlembicCheck, topLevelItems } from '../../client/src/alembic/modelCheck';
import { envPyReadsDatabaseUrl, projectEnvironment, runEnvironment } from '../../client/src/alembic/runEnvironment';
import { AlembicRunner, RunnerBusyError, type RunResult } from '../../client/src/alembic/runner';
import { parseTracebacks, raisingLocation } from '../../client/src/alembic/tracebackLocations';

const OUTPUT = path.resolve(__dirname, '..', 'fixtures', 'alembic-output');
const output = (name: string) => readFileSync(path.join(OUTPUT, name), 'utf8');
const BOOM = '/home/dev/shop/migrations/versions/4d5e6f7a8b9c_boom.py';
const OTHER = '/home/dev/shop/migrations/versions/3c4d5e6f7a8b_create_posts_table.py';

describe('Alembic output: tracebacks, error lines, steps', () => {
  it('a chained SQL error raised in a helper: both tracebacks, the deepest migration frame of the last one', () => {
    const text = output('sql-error-in-helper.txt');
    const tracebacks = parseTracebacks(text);
    assert.equal(tracebacks.length, 2, 'the psycopg2 cause, then the SQLAlchemy exception');
    assert.equal(tracebacks[0].exception, 'psycopg2.errors.UndefinedTable: relation "no_such_table" does not exist');
    const last = tracebacks[1];
    assert.ok(last.frames.length > 20);
    assert.deepEqual(last.frames[0], { file: '<frozen runpy>', line: 198, function: '_run_module_as_main' });
    assert.equal(last.exception, 'sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedTable) relation "no_such_table" does not exist');
    assert.match(last.exceptionText!, /\[SQL: SELECT \* FROM no_such_table\]/);
    // Two frames are in the migration (upgrade() calls helper()): the raising line is the deeper one.
    assert.deepEqual(raisingLocation(text, [OTHER, BOOM]), {
      file: BOOM,
      line: 11,
      function: 'helper',
      source: 'op.execute("SELECT * FROM no_such_table")',
      exception: last.exception,
    });
    assert.equal(lastErrorLine(text), last.exception);
  });

  it('a plain raise in upgrade(): its line; relative frame paths are taken from where Alembic ran', () => {
    const text = output('raise-in-upgrade.txt');
    assert.deepEqual(raisingLocation(text, [BOOM]), {
      file: BOOM,
      line: 12,
      function: 'upgrade',
      source: 'raise ValueError("backfill found 3 rows without an owner")',
      exception: 'ValueError: backfill found 3 rows without an owner',
    });
    const relative = text.replaceAll('"/home/dev/shop/', '"');
    assert.equal(raisingLocation(relative, [BOOM], '/home/dev/shop')?.line, 12);
    assert.equal(raisingLocation(text, [OTHER]), undefined, 'no frame in those files');
    assert.equal(lastErrorLine(text), 'ValueError: backfill found 3 rows without an owner');
    assert.deepEqual(
      migrationStep(
        text
          .split('\n')
          .filter((l) => l.includes('Running upgrade'))
          .pop()!,
      ),
      {
        direction: 'upgrade',
        from: ['3c4d5e6f7a8b'],
        to: '4d5e6f7a8b9c',
      },
    );
  });

  it("a CommandError: Alembic's FAILED line, not the ERROR log record", () => {
    assert.equal(lastErrorLine(output('unknown-revision.txt')), "FAILED: Can't locate revision identified by 'zzzz'");
    assert.deepEqual(parseTracebacks(output('unknown-revision.txt')), []);
  });

  it('steps: from base, merges, downgrades', () => {
    assert.deepEqual(migrationStep('INFO  [alembic.runtime.migration] Running upgrade  -> 1a2b3c4d5e6f, create users table'), {
      direction: 'upgrade',
      from: [],
      to: '1a2b3c4d5e6f',
    });
    assert.deepEqual(migrationStep('INFO  [alembic.runtime.migration] Running upgrade aaaa, bbbb -> cccc, merge heads'), {
      direction: 'upgrade',
      from: ['aaaa', 'bbbb'],
      to: 'cccc',
    });
    assert.deepEqual(migrationStep('INFO  [alembic.runtime.migration] Running downgrade 2b3c -> 1a2b, add email'), {
      direction: 'downgrade',
      from: ['2b3c'],
      to: '1a2b',
    });
    assert.equal(migrationStep('INFO  [alembic.runtime.migration] Will assume transactional DDL.'), undefined);
  });

  it("PostgreSQL's lock-table exhaustion: recognised, explained with both fixes and the revision reached", () => {
    const text = output('out-of-shared-memory.txt');
    assert.equal(isLockTableExhausted(text), true);
    assert.equal(isLockTableExhausted(output('raise-in-upgrade.txt')), false);
    const reached = text
      .split('\n')
      .map(migrationStep)
      .filter((s) => s)
      .pop();
    const explanation = lockExhaustionExplanation(reached);
    assert.match(explanation, /out of shared memory/);
    assert.match(explanation, /transaction_per_migration=True/);
    assert.match(explanation, /max_locks_per_transaction/);
    assert.match(explanation, /aaaa00000005 -> aaaa00000006/);
  });
});

describe('run environment', () => {
  it('env.py reads DATABASE_URL: string literals in code count; comments, longer texts and f-strings do not', () => {
    assert.equal(envPyReadsDatabaseUrl('import os\nurl = os.environ["DATABASE_URL"]\n'), true);
    assert.equal(envPyReadsDatabaseUrl("import os\nurl = os.getenv('DATABASE_URL', 'x')\n"), true);
    assert.equal(envPyReadsDatabaseUrl('from decouple import config\nurl = config(\n    "DATABASE_URL"\n)\n'), true);
    assert.equal(envPyReadsDatabaseUrl('# url = os.environ["DATABASE_URL"]\nurl = "sqlite://"\n'), false);
    assert.equal(envPyReadsDatabaseUrl('"""Reads DATABASE_URL from the environment."""\nurl = None\n'), false);
    assert.equal(envPyReadsDatabaseUrl('url = os.environ["DATABASE_URL_RO"]\n'), false);
    // The tokenizer gives up on f-strings; the real parser then decides.
    assert.equal(envPyReadsDatabaseUrl('import os\nname = f"{x}"\nurl = os.environ["DATABASE_URL"]\n'), true);
    assert.equal(envPyReadsDatabaseUrl('import os\nname = f"{x}"\n# os.environ["DATABASE_URL"]\n'), false);
    assert.equal(envPyReadsDatabaseUrl(readFileSync(path.resolve(__dirname, '..', 'fixtures', 'basic', 'migrations', 'env.py'), 'utf8')), true);
  });

  it('.env adds what the process lacks, DATABASE_URL wins when given, Python is unbuffered', () => {
    const env = runEnvironment({
      base: { PATH: '/bin', DATABASE_URL: 'postgresql://shell/db' },
      dotEnv: { DATABASE_URL: 'postgresql://dotenv/db', APP_MODE: 'dev' },
    });
    assert.equal(env.DATABASE_URL, 'postgresql://shell/db');
    assert.equal(env.APP_MODE, 'dev');
    assert.equal(env.PYTHONUNBUFFERED, '1');
    assert.equal(runEnvironment({ base: {}, dotEnv: { DATABASE_URL: 'a' }, databaseUrl: 'postgresql://ours/db' }).DATABASE_URL, 'postgresql://ours/db');
  });

  it("a project's environment: its .env, and our DATABASE_URL only when env.py reads it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'projenv-'));
    try {
      const ini = path.join(dir, 'alembic.ini');
      writeFileSync(path.join(dir, '.env'), 'APP_MODE=dev\n# DATABASE_URL=postgresql://commented/out\n');
      writeFileSync(path.join(dir, 'reads.py'), 'import os\nurl = os.environ.get("DATABASE_URL")\n');
      writeFileSync(path.join(dir, 'ignores.py'), 'url = "postgresql://fixed/db"  # not DATABASE_URL\n');
      const reads = projectEnvironment({ ini, envPyFile: path.join(dir, 'reads.py'), databaseUrl: 'postgresql://ours/db', base: {} });
      assert.deepEqual([reads.databaseUrlPassed, reads.env.DATABASE_URL, reads.env.APP_MODE], [true, 'postgresql://ours/db', 'dev']);
      const ignores = projectEnvironment({ ini, envPyFile: path.join(dir, 'ignores.py'), databaseUrl: 'postgresql://ours/db', base: {} });
      assert.deepEqual([ignores.databaseUrlPassed, ignores.env.DATABASE_URL], [false, undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('model check output', () => {
  it('`alembic check` exists from 1.9', () => {
    assert.equal(hasAlembicCheck('1.8.1'), false);
    assert.equal(hasAlembicCheck('1.9.0'), true);
    assert.equal(hasAlembicCheck('1.16.4'), true);
    assert.equal(hasAlembicCheck('2.0'), true);
  });

  it("reads `alembic check`'s FAILED list into one difference per operation", () => {
    const repr =
      "[('add_column', None, 'hero', Column('power', String(), table=<hero>, nullable=False)), [('modify_nullable', None, 'team', 'name', {'existing_type': VARCHAR()}, True, False)]]";
    assert.deepEqual(topLevelItems(repr), [
      "('add_column', None, 'hero', Column('power', String(), table=<hero>, nullable=False))",
      "[('modify_nullable', None, 'team', 'name', {'existing_type': VARCHAR()}, True, False)]",
    ]);
    const run = (exitCode: number, lastErrorLine?: string): RunResult => ({
      exitCode,
      signal: null,
      cancelled: false,
      durationMs: 1,
      stdout: '',
      outputTail: '',
      lastErrorLine,
    });
    const found = interpretAlembicCheck(run(255, `FAILED: New upgrade operations detected: ${repr}`));
    assert.equal(found.status, 'differences');
    assert.deepEqual(found.status === 'differences' && found.differences.map((d) => d.kind), ['add_column', 'modify_nullable']);
    assert.equal(interpretAlembicCheck(run(0)).status, 'match');
    const failed = interpretAlembicCheck(run(255, 'FAILED: Target database is not up to date.'));
    assert.deepEqual(failed.status === 'failed' && failed.message, 'FAILED: Target database is not up to date.');
  });
});

describe('interpreter discovery (order and messages, with a stand-in probe)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'interp-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const executable = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nexit 1\n');
    chmodSync(file, 0o755);
    return file;
  };

  it('setting, active interpreter, .venv/venv beside the project, then in the workspace, then every python3 and python on PATH; each path once', async () => {
    const project = path.join(root, 'ws', 'db');
    mkdirSync(project, { recursive: true });
    const projectVenv = executable(path.join(project, '.venv', 'bin', 'python'));
    const workspaceVenv = executable(path.join(root, 'ws', 'venv', 'bin', 'python'));
    const bin1 = path.join(root, 'bin1');
    const bin2 = path.join(root, 'bin2');
    const first = executable(path.join(bin1, 'python3'));
    const second = executable(path.join(bin2, 'python3'));
    symlinkSync(second, path.join(bin1, 'python')); // the same file under another name: probed once
    writeFileSync(path.join(bin2, 'python'), 'not executable');
    const candidates = await interpreterCandidates({
      projectDir: project,
      workspaceRoot: path.join(root, 'ws'),
      pythonPath: '/opt/py/bin/python3',
      activeInterpreter: async () => projectVenv,
      env: { PATH: [bin1, 'relative/bin', bin2].join(path.delimiter) },
    });
    assert.deepEqual(
      candidates.map((c) => [c.path, c.source]),
      [
        ['/opt/py/bin/python3', 'setting'],
        [projectVenv, 'python-extension'],
        [workspaceVenv, 'workspace-venv'],
        [first, 'path'],
        [second, 'path'],
      ],
    );
  });

  it('first with Alembic wins; every probe runs once per session; the failure names each candidate and the fixes', async () => {
    const bin = path.join(root, 'bin');
    const noAlembic = executable(path.join(bin, 'python3'));
    const withAlembic = executable(path.join(bin, 'python'));
    const probed: string[] = [];
    const answers: Record<string, ProbeResult> = {
      [noAlembic]: { ok: false, reason: 'no module named alembic' },
      [withAlembic]: { ok: true, alembicVersion: '1.8.1', pythonVersion: '3.11.2' },
    };
    const discovery = new InterpreterDiscovery(async (python) => {
      probed.push(python);
      return answers[python] ?? { ok: false, reason: 'not found' };
    });
    const options = { projectDir: root, pythonPath: path.join(root, 'missing', 'python'), env: { PATH: bin } };
    const found = await discovery.discover(options);
    assert.ok(found.ok);
    assert.deepEqual(found.interpreter, { path: withAlembic, source: 'path', origin: 'python on PATH', alembicVersion: '1.8.1', pythonVersion: '3.11.2' });
    assert.deepEqual(
      found.refused.map((r) => r.reason),
      ['not found', 'no module named alembic'],
    );
    await discovery.discover(options);
    await discovery.listCandidates(options);
    assert.equal(probed.length, 3, 'each candidate probed once in the session');

    const message = noInterpreterMessage(found.refused);
    assert.match(message, new RegExp(`${path.join(root, 'missing', 'python').replaceAll('/', '\\/')} \\(alembic\\.pythonPath\\): not found`));
    assert.match(message, /\(python3 on PATH\): no module named alembic/);
    assert.match(message, /alembic\.pythonPath/);
    assert.match(message, /pip install alembic/);
    assert.match(message, /python3-alembic/);
  });
});

describe('runner process handling (Node standing in for Python)', function () {
  this.timeout(20_000);
  let dir: string;
  let ini: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runner-'));
    ini = path.join(dir, 'alembic.ini');
    writeFileSync(ini, '[alembic]\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const node = process.execPath;

  it('streams lines with passwords masked, runs in the ini folder with an argument array, returns stdout raw', async () => {
    const runner = new AlembicRunner();
    const lines: string[] = [];
    const script = String.raw`console.log(process.cwd()); console.log(process.argv.slice(1).join('|')); console.error('connecting to postgresql://app:s3cret@db/x'); process.stdout.write('no newline at the end')`;
    const result = await runner.runPython({
      python: node,
      ini,
      pythonArgs: ['-e', script, 'a b', '$(touch x)'],
      onLine: (line, stream) => lines.push(`${stream}: ${line}`),
    });
    assert.equal(result.exitCode, 0);
    assert.deepEqual(
      lines.sort(),
      [`stdout: ${dir}`, 'stdout: a b|$(touch x)', 'stdout: no newline at the end', 'stderr: connecting to postgresql://app:***@db/x'].sort(),
    );
    assert.ok(!result.outputTail.includes('s3cret'));
    assert.match(result.stdout, /no newline at the end$/);
  });

  it('one process per project: a second request is rejected with what runs; another project may run', async () => {
    const runner = new AlembicRunner();
    // The first run lasts until the test cancels it (no race with a timer on a slow machine).
    const stop = new AbortController();
    let first: ReturnType<AlembicRunner['runPython']> | undefined;
    await new Promise<void>((resolve) => {
      first = runner.runPython({
        python: node,
        ini,
        pythonArgs: ['-e', 'console.log("ready"); setTimeout(() => {}, 60000)'],
        title: 'alembic upgrade head',
        signal: stop.signal,
        onLine: (line) => line === 'ready' && resolve(),
      });
    });
    await assert.rejects(
      runner.runPython({ python: node, ini, pythonArgs: ['-e', ''] }),
      (error: Error) => error instanceof RunnerBusyError && /already running .*alembic upgrade head/.test(error.message),
    );
    const otherIni = path.join(dir, 'other.ini');
    assert.equal((await runner.runPython({ python: node, ini: otherIni, pythonArgs: ['-e', ''] })).exitCode, 0);
    assert.equal(runner.runningFor(ini)?.title, 'alembic upgrade head');
    stop.abort();
    assert.equal((await first)?.cancelled, true);
    assert.equal(runner.runningFor(ini), undefined);
  });

  it('cancel: SIGINT first; a process that ignores it gets SIGTERM after the grace period; the failure line and traceback are read', async () => {
    const runner = new AlembicRunner({ cancelGraceMs: 300 });
    const run = (script: string) => {
      const controller = new AbortController();
      const result = runner.runPython({
        python: node,
        ini,
        pythonArgs: ['-e', script],
        signal: controller.signal,
        onLine: (line) => line === 'ready' && controller.abort(),
      });
      return result;
    };
    const polite = await run(
      'process.on("SIGINT", () => { console.error("KeyboardInterrupt"); process.exit(130); }); console.log("ready"); setTimeout(() => process.exit(3), 15000)',
    );
    assert.equal(polite.cancelled, true);
    assert.equal(polite.exitCode, 130);
    const stubborn = await run('process.on("SIGINT", () => {}); console.log("ready"); setTimeout(() => process.exit(3), 15000)');
    assert.equal(stubborn.cancelled, true);
    assert.equal(stubborn.signal, 'SIGTERM');
    assert.ok(stubborn.durationMs >= 300, `${stubborn.durationMs} ms`);

    const failing = await runner.runPython({
      python: node,
      ini,
      pythonArgs: ['-e', `process.stderr.write(${JSON.stringify(output('raise-in-upgrade.txt'))}); process.exit(1)`],
      migrationFiles: [BOOM],
    });
    assert.equal(failing.lastErrorLine, 'ValueError: backfill found 3 rows without an owner');
    assert.deepEqual(failing.raisedAt && [failing.raisedAt.file, failing.raisedAt.line], [BOOM, 12]);
    assert.deepEqual(failing.lastStep, { direction: 'upgrade', from: ['3c4d5e6f7a8b'], to: '4d5e6f7a8b9c' });
  });

  it('an interpreter that does not exist: rejected with the reason', async () => {
    await assert.rejects(new AlembicRunner().run({ python: path.join(dir, 'nope'), ini, args: ['heads'] }), /Could not start .*nope.*ENOENT/);
  });
});
