// `alembic-lint check --fail-on` and `alembic-lint --version` as a user runs them: node dist/cli.js
// on real projects in temp folders.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tempProject, type TempProject } from './tempProject';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

const projects: TempProject[] = [];
after(() => projects.forEach((project) => project.dispose()));

/** A project whose one finding is `missing-downgrade` (a warning). */
function warningProject() {
  const project = tempProject([
    ['aaaa0001', { down: null, message: 'create users' }],
    ['bbbb0002', { down: 'aaaa0001', message: 'add email', downgrade: false }],
  ]);
  projects.push(project);
  return project;
}

/** A project whose one finding is `chronology` (an info): the child is dated before its parent. */
function infoProject() {
  const project = tempProject([
    ['aaaa0001', { down: null, message: 'create users', createDate: '2024-02-01 00:00:00.000000' }],
    ['bbbb0002', { down: 'aaaa0001', message: 'add email', createDate: '2024-01-01 00:00:00.000000' }],
  ]);
  projects.push(project);
  return project;
}

describe('alembic-lint check --fail-on', () => {
  it('by default fails only on errors: a warning is printed and the run passes', () => {
    const project = warningProject();
    const result = cli(['check'], project.dir);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /bbbb0002_add_email\.py:\d+:\d+: warning .*\[missing-downgrade\]/);
    assert.match(result.stdout, /0 errors, 1 warning, 0 infos/);
  });

  it('--fail-on warning fails on the warning and still prints it; --fail-on error is the default', () => {
    const project = warningProject();
    const failing = cli(['check', '--fail-on', 'warning'], project.dir);
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /warning .*\[missing-downgrade\]/);
    assert.equal(cli(['check', '--fail-on', 'error'], project.dir).status, 0);
    assert.equal(cli(['check', '--fail-on=info'], project.dir).status, 1);
  });

  it('an info fails only with --fail-on info', () => {
    const project = infoProject();
    const json = JSON.parse(cli(['check', '--format', 'json'], project.dir).stdout) as { findings: { rule: string; severity: string }[] };
    assert.deepEqual(
      json.findings.map((finding) => [finding.rule, finding.severity]),
      [['chronology', 'info']],
    );
    assert.equal(cli(['check', '--fail-on', 'warning'], project.dir).status, 0);
    assert.equal(cli(['check', '--fail-on', 'info'], project.dir).status, 1);
  });

  it('a rule turned down with --rule no longer fails the run', () => {
    const project = warningProject();
    assert.equal(cli(['check', '--fail-on', 'warning', '--rule', 'missing-downgrade=info'], project.dir).status, 0);
  });

  it('a clean project passes at every level', () => {
    const project = tempProject([
      ['aaaa0001', { down: null, message: 'create users' }],
      ['bbbb0002', { down: 'aaaa0001', message: 'add email' }],
    ]);
    projects.push(project);
    const result = cli(['check', '--fail-on', 'info'], project.dir);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /^0 errors, 0 warnings, 0 infos in 2 files/);
  });

  it('refuses an unknown level, and --fail-on outside check, with exit 2', () => {
    const project = warningProject();
    const bad = cli(['check', '--fail-on', 'warnings'], project.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--fail-on expects error, warning or info, got 'warnings'/);
    const misplaced = cli(['graph', '--fail-on', 'warning'], project.dir);
    assert.equal(misplaced.status, 2);
    assert.match(misplaced.stderr, /--fail-on applies to check only/);
  });
});

describe('alembic-lint --version', () => {
  it("prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = cli(['--version'], ROOT);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  });

  it('puts the same version in the SARIF driver', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const project = warningProject();
    const sarif = JSON.parse(cli(['check', '--format', 'sarif'], project.dir).stdout) as { runs: { tool: { driver: { version: string } } }[] };
    assert.equal(sarif.runs[0].tool.driver.version, version);
  });
});
