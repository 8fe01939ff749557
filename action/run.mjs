#!/usr/bin/env node
// The steps of the GitHub Action (action.yml), as one script so they can be run and tested anywhere.
//
//   node action/run.mjs build   builds dist/cli.js in the action's folder when it is not there
//                               (npm ci, whose prepare script builds the production bundle)
//   node action/run.mjs check   runs `alembic-lint check` on INPUT_PATH from the working directory:
//                               the findings as text in the log and as annotations (workflow
//                               commands), SARIF 2.1.0 into INPUT_SARIF_FILE, `sarif-file` into
//                               $GITHUB_OUTPUT; exits 1 when a finding reaches INPUT_FAIL_ON
//                               (error, warning, info; none: never), 2 when the project cannot be read.
//
// Inputs come as the environment action.yml sets: INPUT_PATH, INPUT_FAIL_ON, INPUT_SARIF_FILE,
// INPUT_ARGS (more check arguments, split on whitespace). Only Node builtins.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ACTION_ROOT, 'dist', 'cli.js');
const LEVELS = ['error', 'warning', 'info', 'none'];

function input(name, fallback) {
  const value = process.env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`]?.trim();
  return value ? value : fallback;
}

function build() {
  if (existsSync(CLI)) {
    console.log(`alembic-lint: ${path.relative(process.cwd(), CLI) || CLI} is built`);
    return 0;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // npm ci runs the package's prepare script, which builds the bundle; esbuild again only if it did not.
  for (const [cmd, args] of [
    [npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline']],
    [process.execPath, ['esbuild.mjs', '--production']],
  ]) {
    if (cmd === process.execPath && existsSync(CLI)) break;
    console.log(`alembic-lint: ${path.basename(cmd)} ${args.join(' ')}`);
    const result = spawnSync(cmd, args, { cwd: ACTION_ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) {
      console.log(`::error title=alembic-lint::building alembic-lint failed (${path.basename(cmd)} exited with ${result.status ?? result.signal})`);
      return 1;
    }
  }
  return 0;
}

/** Workflow-command escaping: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts */
const escapeData = (text) => String(text).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

const ANNOTATION = { error: 'error', warning: 'warning', note: 'notice' };

/** One `::error file=…,line=…::message` per SARIF result, so findings show on the pull request's diff. */
export function annotations(sarif) {
  const lines = [];
  for (const run of sarif.runs ?? []) {
    for (const result of run.results ?? []) {
      const location = result.locations?.[0]?.physicalLocation;
      const region = location?.region ?? {};
      const file = location?.artifactLocation?.uri ? decodeURIComponent(location.artifactLocation.uri) : undefined;
      const properties = [
        file && `file=${escapeProperty(file)}`,
        region.startLine && `line=${region.startLine}`,
        region.startColumn && `col=${region.startColumn}`,
        region.endLine && `endLine=${region.endLine}`,
        region.endColumn && `endColumn=${region.endColumn}`,
        `title=${escapeProperty(`alembic-lint ${result.ruleId}`)}`,
      ].filter(Boolean);
      lines.push(`::${ANNOTATION[result.level] ?? 'warning'} ${properties.join(',')}::${escapeData(result.message?.text ?? '')}`);
    }
  }
  return lines;
}

function check() {
  const target = input('path', '.');
  const failOn = input('fail-on', 'error');
  const sarifFile = path.resolve(input('sarif-file', 'alembic-lint.sarif'));
  const extra = input('args', '').split(/\s+/).filter(Boolean);
  if (!LEVELS.includes(failOn)) {
    console.log(`::error title=alembic-lint::fail-on must be one of ${LEVELS.join(', ')}, got '${failOn}'`);
    return 2;
  }
  if (!existsSync(CLI)) {
    console.log(`::error title=alembic-lint::${CLI} is missing: run the build step first`);
    return 2;
  }
  const cli = (args) => spawnSync(process.execPath, [CLI, 'check', target, ...extra, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

  // The run that decides: text for the log, the exit code at the chosen level.
  const text = cli(failOn === 'none' ? [] : ['--fail-on', failOn]);
  process.stdout.write(text.stdout);
  process.stderr.write(text.stderr);
  if (text.status === 2 || text.status === null) {
    const reason = text.stderr.trim().split('\n')[0] || `alembic-lint exited with ${text.status ?? text.signal}`;
    console.log(`::error title=alembic-lint::${escapeData(reason.replace(/^alembic-lint: /, ''))}`);
    return 2;
  }

  const sarif = cli(['--format', 'sarif']);
  if (sarif.status !== 0 && sarif.status !== 1) {
    process.stderr.write(sarif.stderr);
    return 2;
  }
  mkdirSync(path.dirname(sarifFile), { recursive: true });
  writeFileSync(sarifFile, sarif.stdout);
  console.log(`alembic-lint: SARIF written to ${path.relative(process.cwd(), sarifFile) || sarifFile}`);
  for (const line of annotations(JSON.parse(sarif.stdout))) console.log(line);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\n`);

  if (failOn === 'none') return 0;
  return text.status;
}

const step = process.argv[2];
if (step === 'build') process.exitCode = build();
else if (step === 'check') process.exitCode = check();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.error('usage: node action/run.mjs build|check');
  process.exitCode = 2;
}
