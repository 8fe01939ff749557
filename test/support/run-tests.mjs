#!/usr/bin/env node
// `npm test`: installs what the tests need, builds, type-checks, lints, and runs the test layers.
//
//   node test/support/run-tests.mjs                       everything (what CI runs)
//   node test/support/run-tests.mjs --layer unit,lsp      a subset of the layers (dev speed)
//   node test/support/run-tests.mjs --electron            the extension-host suite under @vscode/test-electron
//   node test/support/run-tests.mjs --bench               the benchmark (test/bench/bench.mjs)
//
// Steps before the layers (each a row of the final table, a failure fails the run): build,
// typecheck (tsc --noEmit), lint (`npm run lint:eslint` and `npm run format:check`: ESLint and
// `prettier --check`, both run even when the first fails).
//
// Layers, in order, each a child process in its own process group:
//   unit         mocha test/unit/**/*.test.ts
//   lsp          mocha test/lsp/**/*.test.ts
//   integration  mocha test/integration/**/*.test.ts   (+ --require test/integration/setup.ts: one PostgreSQL cluster)
//   vscode       node test/support/run-vscode-suite.mjs (prints `vscode-suite: N passed, N failed`)
//   e2e          mocha test/e2e/**/*.test.ts
// Mocha layers report through test/support/count-reporter.cjs (spec output + a JSON count file).
// A layer that ran no test is a failure. Each layer's output is also kept in .test-output/<layer>.log.
// The last line printed is `N passed, N failed` (totals); the exit code is 0 only when nothing failed.
//
// Env: LAYER_TIMEOUT_MS overrides every layer's wall-clock deadline (defaults below).
// Only Node builtins: this runs before node_modules may exist.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ALL_PACKAGES, PACKAGES, ROOT, createLogger, ensureNpmDeps, ensureSystemPackages, fmtSeconds, run } from './bootstrap.mjs';

const OUT = path.join(ROOT, '.test-output');
const log = createLogger('test');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const node = process.execPath;
const min = 60_000;

const everything = ALL_PACKAGES;
const LAYERS = [
  { name: 'unit', packages: PACKAGES.alembicTemplates, spec: 'test/unit/**/*.test.ts', mochaTimeout: 10_000, deadline: 10 * min },
  { name: 'lsp', packages: [], spec: 'test/lsp/**/*.test.ts', mochaTimeout: 30_000, deadline: 10 * min },
  {
    name: 'integration',
    packages: [...PACKAGES.db, ...PACKAGES.precommit],
    spec: 'test/integration/**/*.test.ts',
    require: ['test/integration/setup.ts'],
    mochaTimeout: 60_000,
    deadline: 15 * min,
  },
  {
    name: 'vscode',
    packages: everything,
    command: [node, ['test/support/run-vscode-suite.mjs', '--no-build']],
    summary: /^vscode-suite: (\d+) passed, (\d+) failed/m,
    deadline: 20 * min,
  },
  { name: 'e2e', packages: everything, spec: 'test/e2e/**/*.test.ts', mochaTimeout: 180_000, deadline: 25 * min },
];

// ---------------------------------------------------------------------------------------------
// Arguments

function usage(message) {
  if (message) console.error(`run-tests: ${message}`);
  console.error(`usage: node test/support/run-tests.mjs [--layer ${LAYERS.map((l) => l.name).join(',')}] | --electron | --bench`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { layers: LAYERS, mode: 'layers' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--electron') opts.mode = 'electron';
    else if (arg === '--bench') opts.mode = 'bench';
    else if (arg === '--layer' || arg === '--layers' || arg.startsWith('--layer=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!value) usage('--layer needs a comma-separated list');
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !LAYERS.some((l) => l.name === n));
      if (unknown.length) usage(`unknown layer(s): ${unknown.join(', ')}`);
      opts.layers = LAYERS.filter((l) => names.includes(l.name)); // keep the canonical order
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument: ${arg}`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Children

const children = new Set(); // process groups still running, for signal forwarding

/**
 * Runs one child in its own process group; its output goes to our stdout/stderr and to logFile.
 * Resolves {code, signal, stdout, timedOut, ms}; never rejects on a non-zero exit.
 */
function runChild(cmd, args, { env = process.env, logFile, deadline }) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const file = logFile ? createWriteStream(logFile) : null;
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      process.stdout.write(d);
      file?.write(d);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
      file?.write(d);
    });
    const timer = deadline
      ? setTimeout(() => {
          timedOut = true;
          log.error(`${path.basename(args[0] ?? cmd)}: no result after ${fmtSeconds(deadline)}: stopping it`);
          killGroup(child, 'SIGTERM');
          setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref();
        }, deadline)
      : null;
    const finish = (code, signal, error) => {
      clearTimeout(timer);
      children.delete(child);
      file?.end();
      resolve({ code, signal, stdout, stderr, timedOut, error, ms: Date.now() - t0 });
    };
    child.on('error', (err) => finish(null, null, err));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (interrupted) process.exit(130); // second Ctrl-C: give up waiting
    interrupted = true;
    log.warn(`${sig}: stopping the running layer (again to quit at once)`);
    for (const child of children) killGroup(child, sig);
  });
}

// ---------------------------------------------------------------------------------------------
// Layers

function readCount(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

async function runLayer(layer) {
  const logFile = path.join(OUT, `${layer.name}.log`);
  const deadline = Number(process.env.LAYER_TIMEOUT_MS) || layer.deadline;
  const row = { name: layer.name, passed: 0, failed: 0, ms: 0, note: '' };
  const env = { ...process.env, TEST_OUTPUT_DIR: OUT };
  log.info(`layer ${layer.name} …`);

  let result;
  if (layer.command) {
    const [cmd, args] = layer.command;
    result = await runChild(cmd, args, { env, logFile, deadline });
    const m = layer.summary.exec(result.stdout);
    if (m) {
      row.passed = Number(m[1]);
      row.failed = Number(m[2]);
      row.failures = [...result.stdout.matchAll(/^\s*FAIL (.+)$/gm)].map((f) => ({ title: f[1], error: '' }));
    } else row.note = 'printed no summary line';
  } else {
    const countFile = path.join(OUT, 'counts', `${layer.name}.json`);
    rmSync(countFile, { force: true });
    const args = [MOCHA, '--import=tsx', '--reporter', 'test/support/count-reporter.cjs', '--timeout', String(layer.mochaTimeout), '--exit'];
    args.push(process.stdout.isTTY ? '--color' : '--no-color');
    for (const r of layer.require ?? []) args.push('--require', r);
    args.push(layer.spec);
    result = await runChild(node, args, { env: { ...env, COUNT_FILE: countFile }, logFile, deadline });
    const count = readCount(countFile);
    if (count) {
      row.passed = count.passes;
      row.failed = count.failures;
      row.failures = count.failed ?? [];
    } else if (/No test files found/.test(result.stderr)) row.note = `ran no test (no file matches ${layer.spec})`;
    else row.note = 'mocha ended before reporting (see the log)';
  }
  row.ms = result.ms;

  if (result.error) row.note = `could not start: ${result.error.message}`;
  else if (result.timedOut) row.note = `timed out after ${fmtSeconds(deadline)}`;
  else if (!row.note && row.passed + row.failed === 0) row.note = 'ran no test';
  else if (!row.note && result.code !== 0 && row.failed === 0) row.note = `exit ${result.signal ?? result.code}`;
  // A layer that failed without a failing test still counts as one failure in the totals.
  if ((row.note || result.code !== 0) && row.failed === 0) row.failed = 1;
  log.info(`layer ${layer.name}: ${row.passed} passed, ${row.failed} failed${row.note ? ` (${row.note})` : ''} in ${fmtSeconds(row.ms)}`);
  return row;
}

function printTable(rows) {
  const header = ['step', 'passed', 'failed', 'time', ''];
  const lines = rows.map((r) => [r.name, r.passed ?? '', r.failed ?? '', fmtSeconds(r.ms), r.note ?? ''].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells
      .map((c, i) => (i === 1 || i === 2 || i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(fmt(header));
  console.log(fmt(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(fmt(l));
  console.log('');
}

/** Build or type-check as a row: {name, failed: 0|1, ms}. */
async function stepRow(name, cmd, args) {
  log.info(`${name} …`);
  const result = await runChild(cmd, args, { logFile: path.join(OUT, `${name}.log`), deadline: 10 * min });
  const ok = result.code === 0;
  log.info(`${name}: ${ok ? 'ok' : 'FAILED'} in ${fmtSeconds(result.ms)}`);
  return { name, passed: '', failed: ok ? 0 : 1, ms: result.ms, note: ok ? '' : `exit ${result.signal ?? result.code}` };
}

/** ESLint and `prettier --check` as one row, both run; the note says what each found. */
async function lintRow() {
  log.info('lint …');
  const checks = [
    { label: 'eslint', script: 'lint:eslint', found: (out) => /(\d+) problems?/.exec(out)?.[0] },
    {
      label: 'prettier --check',
      script: 'format:check',
      found: (out) => {
        const m = /Code style issues found in (?:(\d+) files|the above file)/.exec(out);
        return m ? `${m[1] ?? 1} file(s) not formatted (npm run format)` : undefined;
      },
    },
  ];
  const notes = [];
  let ms = 0;
  for (const check of checks) {
    const logFile = path.join(OUT, `${check.script.replace(':', '-')}.log`);
    const result = await runChild('npm', ['run', '--silent', check.script], { logFile, deadline: 10 * min });
    ms += result.ms;
    if (result.code !== 0) notes.push(`${check.label}: ${check.found(result.stdout + result.stderr) ?? `exit ${result.signal ?? result.code}`}`);
  }
  log.info(`lint: ${notes.length ? `FAILED (${notes.join('; ')})` : 'ok'} in ${fmtSeconds(ms)}`);
  return { name: 'lint', passed: '', failed: notes.length ? 1 : 0, ms, note: notes.join('; ') };
}

/** The failing tests by name, after the table: the end of a CI log is what gets read. */
function printFailures(rows) {
  const failing = rows.flatMap((r) => (r.failures ?? []).map((f) => ({ layer: r.name, ...f })));
  if (!failing.length) return;
  console.log('failing:');
  for (const f of failing) console.log(`  [${f.layer}] ${f.title}${f.error ? `\n      ${f.error}` : ''}`);
  console.log('');
}

function finish(rows) {
  printTable(rows);
  printFailures(rows);
  const passed = rows.reduce((n, r) => n + (Number(r.passed) || 0), 0);
  const failed = rows.reduce((n, r) => n + (Number(r.failed) || 0), 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || interrupted ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Modes

async function prepare(packages, reason) {
  mkdirSync(OUT, { recursive: true });
  await ensureNpmDeps({ logger: log });
  await ensureSystemPackages(packages, { reason, logger: log });
}

async function runLayers(layers) {
  const packages = [...new Set(layers.flatMap((l) => l.packages))];
  await prepare(packages, `the ${layers.map((l) => l.name).join(', ')} test layer(s)`);
  const rows = [];
  const build = await stepRow('build', 'npm', ['run', '--silent', 'build']);
  rows.push(build);
  if (build.failed) {
    log.error('the build failed: no layer can run');
    return finish(rows);
  }
  rows.push(await stepRow('typecheck', 'npm', ['run', '--silent', 'typecheck']));
  if (!interrupted) rows.push(await lintRow());
  for (const layer of layers) {
    if (interrupted) break;
    rows.push(await runLayer(layer));
  }
  if (interrupted) rows.push({ name: 'interrupted', passed: '', failed: 1, ms: 0, note: 'stopped by a signal' });
  finish(rows);
}

async function runElectron() {
  await prepare([], 'the electron suite');
  const build = await stepRow('build', 'npm', ['run', '--silent', 'build']);
  if (build.failed) return finish([build]);
  const result = await runChild(node, ['test/support/run-electron.mjs', '--no-build'], { logFile: path.join(OUT, 'electron.log') });
  const m = /^[\w-]+: (\d+) passed, (\d+) failed/m.exec(result.stdout);
  const row = { name: 'electron', passed: m ? Number(m[1]) : 0, failed: m ? Number(m[2]) : 0, ms: result.ms, note: '' };
  if (result.code !== 0 && row.failed === 0) {
    row.failed = 1;
    row.note = `exit ${result.signal ?? result.code}`;
  }
  finish([build, row]);
}

async function runBench() {
  const bench = path.join(ROOT, 'test', 'bench', 'bench.mjs');
  if (!existsSync(bench)) {
    console.error('run-tests: test/bench/bench.mjs does not exist yet: there is no benchmark to run');
    process.exit(2);
  }
  await prepare(PACKAGES.db, 'the benchmark (it compares with python3 -m alembic)');
  await run('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const child = spawn(node, [bench], { cwd: ROOT, stdio: 'inherit' });
  child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const opts = parseArgs(process.argv.slice(2));
const main = opts.mode === 'electron' ? runElectron : opts.mode === 'bench' ? runBench : () => runLayers(opts.layers);
main().catch((err) => {
  log.error(err?.stack ?? String(err));
  console.log('0 passed, 1 failed');
  process.exit(1);
});
