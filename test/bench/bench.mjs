#!/usr/bin/env node
// `npm run bench` (after a build): the engine's speed and memory against its targets, compared in
// the same run with Alembic itself on the same synthetic tree (see DESIGN.md, "Performance").
//
//   node test/bench/bench.mjs [--sizes 1000,5000] [--runs 5] [--edits 50] [--strict]
//
// For each size it generates a project (test/bench/generate.mjs) in a temp folder and times, as
// whole processes, round after round (median of --runs, after one untimed warm-up round that fills
// the page cache):
//   /usr/bin/python3 -m alembic -c <ini> heads       Debian's Alembic (plain python3 may lack it)
//   node dist/cli.js graph <ini> --format json
//   node dist/cli.js check <ini> --format json       every rule
// and, on a throwaway PostgreSQL cluster with the database at head (issue 8):
//   /usr/bin/python3 -m alembic -c <ini> current     vs   node dist/cli.js status <ini> --format json
//   readVersionTable alone (connect, check, read, disconnect), median of max(--runs, 20)
// then drives dist/server.js over LSP stdio: initialize → first full diagnostics, p50/p95 of
// --edits didChange → publishDiagnostics round trips on one file (after 10 unmeasured edits: the
// target is the steady state of typing), the server's VmRSS after indexing, and the native New
// Revision (the alembic/planRevision request, one head as parent: issue 9, ≤ 300 ms). Once per run:
// the runner's overhead over a bare `python3 -m alembic heads` (client/src/alembic/runner.ts, ≤ 50 ms).
// Exits non-zero when our heads differ from `alembic heads` (a correctness guard) or a step fails;
// with --strict also when a target is missed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brokenDrafts, writeProject } from './generate.mjs';
import { startPostgres } from '../support/pg-cluster.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const PYTHON = '/usr/bin/python3';
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SERVER = path.join(ROOT, 'dist', 'server.js');
/** Issue 7's targets: graph ≤ 0.15× and check ≤ 0.2× of `alembic heads`, initialize → diagnostics ≤ 0.5 s, any edit p95 ≤ 30 ms. */
const TARGETS = {
  graph: 0.15,
  check: 0.2,
  firstMs: 500,
  editP95Ms: 30,
  rssMb: 250,
  status: 0.1,
  versionReadMs: 20,
  treeRefreshMs: 150,
  /** Issue 9: the native New Revision, and what the runner adds to Alembic's own wall time. */
  planRevisionMs: 300,
  runnerOverheadMs: 50,
};
/** Edits before the measured ones (DESIGN: "warm: re-check after one edit"). */
const WARM_UP_EDITS = 10;

function parseArgs(argv) {
  const opts = { sizes: [1000, 5000], runs: 5, edits: 50, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
    else if (arg === '--runs') opts.runs = Number(argv[++i]);
    else if (arg === '--edits') opts.edits = Number(argv[++i]);
    else if (arg === '--strict') opts.strict = true;
    else {
      console.error(`bench: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return opts;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Runs a whole process once; returns {ms, stdout, stderr, status}. */
function timeProcess(cmd, args, cwd, env = process.env) {
  const t0 = performance.now();
  const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (result.error) throw result.error;
  return { ms, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/**
 * Times the commands in turn, round after round (so a busy moment of the machine hits all of them),
 * after one untimed warm-up round; returns each one's median and its first result. `before` runs
 * untimed ahead of a command (it moves files Alembic must not see in or out of the tree).
 */
function timeRounds(commands, cwd, runs) {
  const results = commands.map(() => ({ times: [], result: undefined }));
  for (let round = 0; round <= runs; round++) {
    commands.forEach((command, i) => {
      command.before?.();
      const run = timeProcess(command.cmd, command.args, cwd, command.env);
      if (round === 0) {
        const problem = command.accept(run);
        if (problem) throw new Error(`${command.label}: ${problem}\n${run.stderr.slice(0, 2000)}`);
        results[i].result = run;
      } else results[i].times.push(run.ms);
    });
  }
  return results.map(({ times, result }) => ({ ms: median(times), times, result }));
}

/** `alembic heads` lines look like `abc123 (audit) (head)`: the first word is the id. */
const alembicHeads = (stdout) =>
  stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter(Boolean)
    .sort();
const sameSet = (a, b) => a.length === b.length && [...a].sort().every((value, i) => value === [...b].sort()[i]);

// ---------------------------------------------------------------------------------------------
// The language server, spoken to over stdio as an editor does (cf. test/lsp/harness.ts).

class Server {
  constructor(rootDir) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.diagnostics = new Map();
    this.publishes = 0;
    this.graphChanges = 0;
    this.waiters = new Set();
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishes++;
      this.notify(params.uri);
    });
    this.connection.onNotification('alembic/graphChanged', () => {
      this.graphChanges++;
      this.notify(undefined);
    });
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
    this.rootDir = rootDir;
  }

  notify(uri) {
    for (const waiter of [...this.waiters]) waiter(uri);
  }

  /** Resolves with the time (performance.now()) at which `predicate(uri)` first holds after a notification. */
  waitFor(what, predicate, ms = 120_000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; server stderr: ${this.stderr.slice(0, 2000)}`));
      }, ms);
      const check = (uri) => {
        if (!predicate(uri)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(performance.now());
      };
      this.waiters.add(check);
    });
  }

  initialize() {
    const uri = pathToFileURL(this.rootDir).toString();
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.rootDir) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
  }

  rssMb() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)[1]) / 1024;
  }

  async stop() {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill('SIGKILL');
    }
    await exited;
    this.connection.dispose();
  }
}

const codesOf = (diagnostics) => (diagnostics ?? []).map((d) => String(d.code));

/** Three editor states of one migration, each with different diagnostics from the one before. */
function editedText(original, step) {
  const at = original.indexOf('\ndef downgrade()');
  const head = at === -1 ? original : original.slice(0, at);
  const state = step % 2 === 0 ? 'clean' : step % 4 === 1 ? 'empty' : 'syntax';
  const column = `typed_${step}`;
  const body =
    state === 'clean'
      ? // the file's own downgrade (it undoes the upgrade: downgrade-asymmetry stays quiet), retyped
        `${original.slice(at).replace(/\n*$/, '')}\n    # ${column}\n`
      : state === 'empty'
        ? `\ndef downgrade() -> None:\n    pass  # ${column}\n`
        : `\ndef downgrade(:\n    op.drop_column('users', '${column}')\n`;
  const expect =
    state === 'clean'
      ? (codes) => codes.length === 0
      : state === 'empty'
        ? (codes) => codes.join() === 'empty-downgrade'
        : (codes) => codes.includes('syntax-error');
  return { text: `${head}${body}`, expect, state };
}

async function benchServer(project, edits) {
  const server = new Server(project.dir);
  const t0 = performance.now();
  await server.initialize();
  await server.connection.sendNotification('initialized', {});
  const indexed = await server.waitFor('the first full diagnostics', () => server.graphChanges > 0);
  const firstMs = indexed - t0;
  const filesWithDiagnostics = [...server.diagnostics.values()].filter((d) => d.length > 0).length;
  const rssIndexed = server.rssMb();

  // Edit a clean revision in the middle of the chain: one file open, typed into, re-checked.
  const target = project.files.get(project.revisions[Math.floor(project.revisions.length * 0.6)].id);
  const uri = pathToFileURL(target).toString();
  const original = readFileSync(target, 'utf8');
  let version = 1;
  const opened = editedText(original, 1);
  const openWait = server.waitFor('diagnostics of the opened file', (u) => u === uri && opened.expect(codesOf(server.diagnostics.get(uri))));
  void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text: opened.text } });
  await openWait;
  const latencies = [];
  const states = [];
  let publishesBefore = server.publishes;
  let warmUpMax = 0;
  // WARM_UP_EDITS unmeasured edits first: the target is the steady state of someone typing.
  for (let step = 2; step < WARM_UP_EDITS + edits + 2; step++) {
    if (step === WARM_UP_EDITS + 2) publishesBefore = server.publishes;
    const edit = editedText(original, step);
    const done = server.waitFor(`diagnostics after edit ${step} (${edit.state})`, (u) => u === uri && edit.expect(codesOf(server.diagnostics.get(uri))));
    const sent = performance.now();
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: edit.text }] });
    const ms = (await done) - sent;
    if (step < WARM_UP_EDITS + 2) {
      warmUpMax = Math.max(warmUpMax, ms);
      continue;
    }
    latencies.push(ms);
    states.push(edit.state);
  }
  if (process.env.BENCH_DEBUG) console.error(latencies.map((ms, i) => `${states[i][0]}${ms.toFixed(1)}`).join(' '));
  const publishesPerEdit = (server.publishes - publishesBefore) / edits;

  // Edits to down_revision (a parent that exists, then one that does not): each one changes the graph.
  const parent = /^down_revision[^=\n]*= '([0-9a-f]+)'/m.exec(original)[1];
  const clean = editedText(original, 0).text;
  const danglingText = clean.replace(`'${parent}'`, `'${parent.slice(0, 8)}dead'`);
  const graphLatencies = [];
  for (let step = 0; step < 24; step++) {
    const dangling = step % 2 === 0;
    const text = dangling ? danglingText : clean;
    const done = server.waitFor(
      `diagnostics after down_revision edit ${step}`,
      (u) => u === uri && codesOf(server.diagnostics.get(uri)).includes('unknown-down-revision') === dangling,
    );
    const sent = performance.now();
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
    const ms = (await done) - sent;
    if (step >= 4) graphLatencies.push(ms);
  }
  // The edited file comes first; the rest of the project (the revisions above it, the tree's
  // notification) once typing pauses (FOLLOW_UP_MS in publishDiagnostics.ts). One more edit, then no more.
  const told = server.graphChanges;
  const lastSent = performance.now();
  void server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: ++version },
    contentChanges: [{ text: danglingText }],
  });
  const wholeMs = (await server.waitFor('the whole project after the last down_revision edit', () => server.graphChanges > told)) - lastSent;
  const rssAfterEdits = server.rssMb();

  // New Revision (native): the planRevision request on the indexed project (one head as parent), median of 20 after one warm-up.
  const graph = await server.connection.sendRequest('alembic/graph');
  const head = graph.projects[0].heads[0];
  const planTimes = [];
  for (let i = 0; i <= 20; i++) {
    const t0 = performance.now();
    const plan = await server.connection.sendRequest('alembic/planRevision', { config: project.ini, message: `bench revision ${i}`, parents: [head] });
    if (i > 0) planTimes.push(performance.now() - t0);
    if (!plan.path) throw new Error(`planRevision: ${plan.error}`);
  }
  await server.stop();
  return {
    planP50: median(planTimes),
    planMax: Math.max(...planTimes),
    firstMs,
    filesWithDiagnostics,
    rssIndexed,
    rssAfterEdits,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    publishesPerEdit,
    warmUpMax,
    graphP50: percentile(graphLatencies, 50),
    graphP95: percentile(graphLatencies, 95),
    wholeMs,
  };
}

// ---------------------------------------------------------------------------------------------
// The database (issue 8): a throwaway cluster, the database at head, then
//   python3 -m alembic current                       vs   alembic-lint status --format json
// and readVersionTable (server/src/database/versionTable.ts, run through tsx) alone: connect + read.

/** Median ms of `runs` readVersionTable calls (each one connects, checks the table, reads it, disconnects), after one warm-up. */
function timeVersionTableRead(url, runs) {
  const script = `
    const { readVersionTable } = require('./server/src/database/versionTable.ts');
    (async () => {
      const times = [];
      let last;
      for (let i = 0; i <= ${runs}; i++) {
        const t0 = performance.now();
        last = await readVersionTable(process.env.BENCH_URL, { name: 'alembic_version' });
        if (i > 0) times.push(performance.now() - t0);
      }
      console.log(JSON.stringify({ times, last }));
    })();`;
  const result = spawnSync(process.execPath, ['--import=tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_URL: url } });
  if (result.status !== 0) throw new Error(`readVersionTable bench failed: ${result.stderr}`);
  const { times, last } = JSON.parse(result.stdout);
  if (!last.ok) throw new Error(`readVersionTable: ${last.fault.message}`);
  return { ms: median(times), rows: last.rows.length };
}

/**
 * What a Revisions view refresh costs once the language server has indexed the project: the graph
 * request, a version-table read with pg (connect, select, disconnect, as the extension does), and
 * the databaseState request that turns the rows into states. Median of `runs`, after one warm-up.
 */
async function timeTreeRefresh(project, url, runs) {
  const { Client } = require('pg');
  const server = new Server(project.dir);
  try {
    await server.initialize();
    await server.connection.sendNotification('initialized', {});
    await server.waitFor('the first full diagnostics', () => server.graphChanges > 0);
    const config = project.ini;
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const graph = await server.connection.sendRequest('alembic/graph');
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version_num FROM "alembic_version"');
      await client.end();
      const state = await server.connection.sendRequest('alembic/databaseState', { config, rows: rows.map((r) => r.version_num) });
      if (i > 0) times.push(performance.now() - t0);
      if (!graph.projects.length || !state?.atHead) throw new Error('tree refresh bench: no project, or the database is not at head');
    }
    return median(times);
  } finally {
    await server.connection.sendRequest('shutdown').catch(() => undefined);
    server.child.kill();
  }
}

async function benchDatabase(project, size, heads, opts, failures) {
  const pg = await startPostgres({});
  try {
    // The database at head without running 5,000 upgrades through Alembic (minutes): the version
    // table is created and the heads inserted with pg (psql as the superuser), exactly what
    // `alembic stamp heads` writes; the heads are `alembic-lint graph`'s, checked equal to
    // `alembic heads` above.
    const values = heads.map((id) => `('${id}')`).join(', ');
    await pg.psql(
      `CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT INTO alembic_version VALUES ${values}; GRANT SELECT ON alembic_version TO "${pg.user}";`,
      pg.database,
    );
    project.draftsOut();
    const env = { ...process.env, DATABASE_URL: pg.url };
    const spawnEnv = (cmd, args) => ({ cmd, args, env });
    const [alembic, status] = timeRounds(
      [
        {
          label: `alembic current (${size})`,
          ...spawnEnv(PYTHON, ['-m', 'alembic', '-c', project.ini, 'current']),
          env: { ...process.env, DATABASE_URL: pg.sqlalchemyUrl },
          accept: (r) => (r.status === 0 ? undefined : `exit ${r.status}`),
        },
        {
          label: `alembic-lint status (${size})`,
          ...spawnEnv(process.execPath, [CLI, 'status', project.ini, '--format', 'json', '--fail-if-pending']),
          accept: (r) => (r.status === 0 ? undefined : `exit ${r.status}`),
        },
      ],
      project.dir,
      opts.runs,
    );
    const ours = JSON.parse(status.result.stdout).projects[0];
    const theirs = alembicHeads(alembic.result.stdout);
    if (!ours.atHead || !sameSet(ours.current, theirs))
      failures.push(`${size}: status says current ${ours.current.join(' ')}, alembic current ${theirs.join(' ')}`);
    const read = timeVersionTableRead(pg.url, Math.max(opts.runs, 20));
    const refresh = await timeTreeRefresh(project, pg.url, Math.max(opts.runs, 20));
    return { alembicCurrent: alembic.ms, status: status.ms, read: read.ms, rows: read.rows, refresh };
  } finally {
    await pg.stop();
  }
}

/**
 * What the runner (client/src/alembic/runner.ts: spawn, line splitting, masking, result reading)
 * adds to Alembic's own wall time: `python3 -m alembic heads` on the basic fixture, spawned bare and
 * through the runner in alternation (so a busy moment hits both), in one Node process run through
 * tsx; the median of the paired differences over `runs` pairs, after one warm-up pair.
 */
function timeRunnerOverhead(runs) {
  const script = `
    const { spawn } = require('node:child_process');
    const { AlembicRunner } = require('./client/src/alembic/runner.ts');
    const ini = require('node:path').join(process.cwd(), 'test/fixtures/basic/alembic.ini');
    const bare = () => new Promise((resolve, reject) => {
      const t0 = performance.now();
      const child = spawn('${PYTHON}', ['-m', 'alembic', '-c', ini, 'heads'], { cwd: require('node:path').dirname(ini), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', () => {});
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error('bare alembic heads: exit ' + code))));
    });
    (async () => {
      const runner = new AlembicRunner();
      const bareTimes = [], runnerTimes = [], differences = [];
      for (let i = 0; i <= ${runs}; i++) {
        const b = await bare();
        const t0 = performance.now();
        const result = await runner.run({ python: '${PYTHON}', ini, args: ['heads'], onLine: () => {} });
        const r = performance.now() - t0;
        if (result.exitCode !== 0) throw new Error('runner alembic heads: ' + result.lastErrorLine);
        if (i > 0) { bareTimes.push(b); runnerTimes.push(r); differences.push(r - b); }
      }
      console.log(JSON.stringify({ bareTimes, runnerTimes, differences }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['--import=tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`runner overhead bench failed: ${result.stderr}`);
  const { bareTimes, runnerTimes, differences } = JSON.parse(result.stdout);
  return { bare: median(bareTimes), runner: median(runnerTimes), overhead: median(differences) };
}

// ---------------------------------------------------------------------------------------------

function benchSize(size, opts, failures) {
  const dir = mkdtempSync(path.join(tmpdir(), `alembic-bench-${size}-`));
  try {
    const project = { dir, ...writeProject(dir, size) };
    const row = { size, bytes: 0 };
    for (const file of project.files.values()) row.bytes += readFileSync(file).length;

    // Our tools also see half-written drafts (syntax errors) Alembic cannot import: they are in the
    // tree only while our commands run.
    const drafts = brokenDrafts().map((draft) => ({ ...draft, file: path.join(project.versions, draft.name) }));
    const draftsIn = () => drafts.forEach((draft) => writeFileSync(draft.file, draft.text));
    const draftsOut = () => drafts.forEach((draft) => rmSync(draft.file, { force: true }));
    project.draftsOut = draftsOut;
    const exit =
      (...codes) =>
      (r) =>
        codes.includes(r.status) ? undefined : `exit ${r.status}`;
    const [alembic, graph, check] = timeRounds(
      [
        { label: `alembic heads (${size})`, cmd: PYTHON, args: ['-m', 'alembic', '-c', project.ini, 'heads'], accept: exit(0), before: draftsOut },
        {
          label: `alembic-lint graph (${size})`,
          cmd: process.execPath,
          args: [CLI, 'graph', project.ini, '--format', 'json'],
          accept: exit(0),
          before: draftsIn,
        },
        { label: `alembic-lint check (${size})`, cmd: process.execPath, args: [CLI, 'check', project.ini, '--format', 'json'], accept: exit(0, 1) },
      ],
      dir,
      opts.runs,
    );
    row.alembic = alembic.ms;
    row.graph = graph.ms;
    row.check = check.ms;
    row.heads = JSON.parse(graph.result.stdout).projects[0].heads;

    // The correctness guard: our heads are Alembic's heads.
    const expectedHeads = alembicHeads(alembic.result.stdout);
    row.alembicHeads = expectedHeads.length;
    const ours = JSON.parse(graph.result.stdout).projects[0].heads;
    if (!sameSet(ours, expectedHeads)) failures.push(`${size}: heads differ: alembic heads ${expectedHeads.join(' ')}; alembic-lint graph ${ours.join(' ')}`);

    const report = JSON.parse(check.result.stdout);
    const rules = new Set(report.findings.map((f) => f.rule));
    row.findings = report.findings.length;
    for (const rule of [
      'syntax-error',
      'missing-downgrade',
      'empty-downgrade',
      'multiple-heads',
      'filename-template',
      'filename-revision-mismatch',
      'unresolved-identifier',
      'chronology',
    ]) {
      if (!rules.has(rule)) failures.push(`${size}: check reported no ${rule} (the generated tree has one)`);
    }
    if (report.summary.files !== size + drafts.length) failures.push(`${size}: check read ${report.summary.files} files, expected ${size + drafts.length}`);
    return { row, project };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const verdict = (ok) => (ok ? 'ok' : 'MISS');

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(rows[0]));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows.slice(1)) console.log(line(row));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const failures = [];
  const lines = [['measure', 'revisions', 'time', 'vs alembic heads', 'target', '']];
  const misses = [];
  const judge = (ok, what) => {
    if (!ok) misses.push(what);
    return verdict(ok);
  };
  for (const size of opts.sizes) {
    console.error(`bench: ${size} revisions …`);
    const { row, project } = benchSize(size, opts, failures);
    try {
      const lsp = await benchServer(project, opts.edits);
      const db = await benchDatabase(project, size, row.heads, opts, failures);
      const ratio = (ms) => `${(ms / row.alembic).toFixed(3)} ×`;
      lines.push([
        'python3 -m alembic heads',
        size,
        fmtMs(row.alembic),
        '1 ×',
        '',
        `${row.alembicHeads} heads, ${(row.bytes / 1024 / 1024).toFixed(1)} MB of migrations`,
      ]);
      lines.push([
        'alembic-lint graph --format json',
        size,
        fmtMs(row.graph),
        ratio(row.graph),
        `≤ ${TARGETS.graph} ×`,
        judge(row.graph <= TARGETS.graph * row.alembic, `graph at ${size}`),
      ]);
      lines.push([
        'alembic-lint check --format json',
        size,
        fmtMs(row.check),
        ratio(row.check),
        `≤ ${TARGETS.check} ×`,
        `${judge(row.check <= TARGETS.check * row.alembic, `check at ${size}`)} (${row.findings} findings)`,
      ]);
      lines.push([
        'lsp: initialize → full diagnostics',
        size,
        fmtMs(lsp.firstMs),
        ratio(lsp.firstMs),
        `≤ ${TARGETS.firstMs} ms`,
        `${judge(lsp.firstMs <= TARGETS.firstMs, `initialize at ${size}`)} (${lsp.filesWithDiagnostics} files with diagnostics)`,
      ]);
      lines.push([
        'lsp: edit → diagnostics p50',
        size,
        fmtMs(lsp.p50),
        '',
        '',
        `${lsp.publishesPerEdit.toFixed(1)} publishes per edit, max ${fmtMs(lsp.max)} (first ${WARM_UP_EDITS} edits, unmeasured: max ${fmtMs(lsp.warmUpMax)})`,
      ]);
      lines.push([
        'lsp: edit → diagnostics p95',
        size,
        fmtMs(lsp.p95),
        '',
        `≤ ${TARGETS.editP95Ms} ms`,
        judge(lsp.p95 <= TARGETS.editP95Ms, `edit p95 at ${size}`),
      ]);
      lines.push([
        'lsp: down_revision edit → diagnostics p50/p95',
        size,
        `${fmtMs(lsp.graphP50)} / ${fmtMs(lsp.graphP95)}`,
        '',
        `≤ ${TARGETS.editP95Ms} ms`,
        `${judge(lsp.graphP95 <= TARGETS.editP95Ms, `down_revision edit p95 at ${size}`)} (each such edit rebuilds the graph; the edited file's diagnostics)`,
      ]);
      lines.push([
        'lsp: down_revision edit → whole project',
        size,
        fmtMs(lsp.wholeMs),
        '',
        '',
        'the revisions above it and the tree notification, after typing pauses (150 ms)',
      ]);
      lines.push([
        'lsp: server VmRSS after indexing',
        size,
        `${lsp.rssIndexed.toFixed(0)} MB`,
        '',
        `≤ ${TARGETS.rssMb} MB`,
        `${judge(lsp.rssIndexed <= TARGETS.rssMb, `RSS at ${size}`)} (${lsp.rssAfterEdits.toFixed(0)} MB after the edits)`,
      ]);
      lines.push([
        'lsp: New Revision (native) planRevision p50',
        size,
        fmtMs(lsp.planP50),
        '',
        `≤ ${TARGETS.planRevisionMs} ms`,
        `${judge(lsp.planP50 <= TARGETS.planRevisionMs, `New Revision plan at ${size}`)} (max ${fmtMs(lsp.planMax)})`,
      ]);
      lines.push(['python3 -m alembic current (database at head)', size, fmtMs(db.alembicCurrent), '', '', `${db.rows} rows in alembic_version`]);
      lines.push([
        'alembic-lint status --format json',
        size,
        fmtMs(db.status),
        `${(db.status / db.alembicCurrent).toFixed(3)} × current`,
        `≤ ${TARGETS.status} ×`,
        judge(db.status <= TARGETS.status * db.alembicCurrent, `status at ${size}`),
      ]);
      lines.push([
        'tree refresh (graph + version table + states)',
        size,
        fmtMs(db.refresh),
        '',
        `≤ ${TARGETS.treeRefreshMs} ms`,
        judge(db.refresh <= TARGETS.treeRefreshMs, `tree refresh at ${size}`),
      ]);
      lines.push([
        'readVersionTable (connect + read, local)',
        size,
        fmtMs(db.read),
        '',
        `≤ ${TARGETS.versionReadMs} ms`,
        judge(db.read <= TARGETS.versionReadMs, `version table read at ${size}`),
      ]);
    } finally {
      rmSync(project.dir, { recursive: true, force: true });
    }
  }
  const runner = timeRunnerOverhead(Math.max(opts.runs, 20));
  lines.push([
    'runner overhead (runner − bare alembic heads)',
    3,
    fmtMs(runner.overhead),
    '',
    `≤ ${TARGETS.runnerOverheadMs} ms`,
    `${judge(runner.overhead <= TARGETS.runnerOverheadMs, 'runner overhead')} (bare ${fmtMs(runner.bare)}, through the runner ${fmtMs(runner.runner)}; basic fixture)`,
  ]);
  console.log('');
  printTable(lines);
  console.log('');
  if (misses.length) console.log(`targets missed: ${misses.join(', ')}`);
  else console.log('every target met');
  for (const failure of failures) console.error(`bench: FAILED: ${failure}`);
  if (failures.length || (opts.strict && misses.length)) process.exit(1);
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
