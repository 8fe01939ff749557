// The GitHub Action (action.yml, composite), run locally: its steps are read from action.yml (with
// Debian's PyYAML) and each `run:` goes to bash as the runner would run it — the step's env with
// `${{ inputs.* }}` put in (defaults from action.yml unless the test gives a value),
// GITHUB_ACTION_PATH = a git snapshot of this checkout without dist/, GITHUB_OUTPUT a file, the
// working directory a fixture project.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyFixture, PYTHON } from './helpers';
import { npmEnv, REPO_ROOT, snapshotRepository, type RepoSnapshot } from './repoSnapshot';

interface ActionStep {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = JSON.parse(
  execFileSync(PYTHON, ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(REPO_ROOT, 'action.yml')], {
    encoding: 'utf8',
  }),
) as Action;

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

describe('the GitHub Action (action.yml steps run locally)', function () {
  this.timeout(300_000); // the first build step runs npm ci (npm's cache first) and esbuild
  let snapshot: RepoSnapshot;
  const cleanups: (() => void)[] = [];
  before(() => {
    snapshot = snapshotRepository();
    cleanups.push(() => snapshot.dispose());
  });
  after(() => cleanups.forEach((cleanup) => cleanup()));

  /** Runs every step of action.yml in `workspace`; stops at the first failing step, like the runner. */
  function runAction(workspace: string, inputs: Record<string, string> = {}) {
    const outputFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'alembic-action-')), 'output');
    writeFileSync(outputFile, '');
    cleanups.push(() => rmSync(path.dirname(outputFile), { recursive: true, force: true }));
    const expand = (value: string) =>
      value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
        assert.ok(Object.hasOwn(action.inputs, name), `action.yml uses an undeclared input ${name}`);
        return inputs[name] ?? action.inputs[name].default ?? '';
      });
    const steps: { name: string; status: number | null; output: string }[] = [];
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash');
      const env = npmEnv({
        GITHUB_ACTION_PATH: snapshot.dir,
        GITHUB_OUTPUT: outputFile,
        GITHUB_WORKSPACE: workspace,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(value)])),
      });
      const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
        cwd: workspace,
        env,
        encoding: 'utf8',
        timeout: 280_000,
      });
      steps.push({ name: step.name, status: result.status, output: `${result.stdout}${result.stderr}` });
      if (result.status !== 0) break;
    }
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const last = steps[steps.length - 1];
    return { steps, status: steps.every((step) => step.status === 0) ? 0 : last.status, output: last.output, outputs };
  }

  it('is a composite action whose first run builds the CLI in the action folder, then checks the project with SARIF and annotations', () => {
    assert.equal(action.runs.using, 'composite');
    assert.equal(existsSync(path.join(snapshot.dir, 'dist')), false);
    const project = copyFixture('basic');
    cleanups.push(project.cleanup);
    const run = runAction(project.dir);
    assert.equal(run.status, 0, run.steps.map((step) => `--- ${step.name} (${step.status})\n${step.output}`).join('\n'));
    assert.ok(existsSync(path.join(snapshot.dir, 'dist', 'cli.js')), 'the build step must have built dist/cli.js');
    // The log: the text findings and one annotation on the file's line.
    assert.match(run.output, /migrations\/versions\/3c4d5e6f7a8b_create_posts_table\.py:21:5: warning .*\[missing-downgrade\]/);
    assert.match(
      run.output,
      /^::warning file=migrations\/versions\/3c4d5e6f7a8b_create_posts_table\.py,line=21,col=5,endLine=\d+,endColumn=\d+,title=alembic-lint missing-downgrade::Migration 3c4d5e6f7a8b has no downgrade\(\) function/m,
    );
    // The SARIF: where the input says, named by the step's output, with the finding relative to the workspace.
    const sarifFile = path.join(project.dir, 'alembic-lint.sarif');
    assert.equal(run.outputs['sarif-file'], sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as SarifLog;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.name, 'alembic-lint');
    assert.deepEqual(
      sarif.runs[0].results.map((result) => [
        result.ruleId,
        result.level,
        result.locations[0].physicalLocation.artifactLocation.uri,
        result.locations[0].physicalLocation.region.startLine,
      ]),
      [['missing-downgrade', 'warning', 'migrations/versions/3c4d5e6f7a8b_create_posts_table.py', 21]],
    );
  });

  it('fail-on warning fails the job on that warning and still writes the SARIF; a second run does not rebuild', () => {
    const project = copyFixture('basic');
    cleanups.push(project.cleanup);
    const run = runAction(project.dir, { 'fail-on': 'warning', 'sarif-file': 'reports/alembic.sarif' });
    assert.equal(run.steps[0].status, 0);
    assert.match(run.steps[0].output, /dist\/cli\.js is built/);
    assert.doesNotMatch(run.steps[0].output, /npm ci/);
    assert.equal(run.status, 1);
    const sarif = JSON.parse(readFileSync(path.join(project.dir, 'reports', 'alembic.sarif'), 'utf8')) as SarifLog;
    assert.equal(sarif.runs[0].results.length, 1);
  });

  it('fails on an error by default; fail-on none lets it pass; args reach check', () => {
    const project = copyFixture('basic');
    cleanups.push(project.cleanup);
    const posts = path.join(project.dir, 'migrations', 'versions', '3c4d5e6f7a8b_create_posts_table.py');
    writeFileSync(
      posts,
      readFileSync(posts, 'utf8').replace("down_revision: Union[str, None] = '2b3c4d5e6f7a'", "down_revision: Union[str, None] = 'ffff00000000'"),
    );
    const strict = runAction(project.dir);
    assert.equal(strict.status, 1);
    assert.match(strict.output, /^::error file=migrations\/versions\/3c4d5e6f7a8b_create_posts_table\.py,.*title=alembic-lint unknown-down-revision::/m);
    const lenient = runAction(project.dir, { 'fail-on': 'none' });
    assert.equal(lenient.status, 0, lenient.output);
    const silenced = runAction(project.dir, { args: '--rule unknown-down-revision=off --rule missing-downgrade=off' });
    assert.equal(silenced.status, 0, silenced.output);
    assert.match(silenced.output, /^0 errors, \d+ warnings?, 0 infos/m);
    assert.doesNotMatch(silenced.output, /unknown-down-revision|missing-downgrade/);
  });

  it('an unreadable project fails the job with one error annotation; an unknown fail-on is refused', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'alembic-action-empty-'));
    cleanups.push(() => rmSync(empty, { recursive: true, force: true }));
    const missing = runAction(empty);
    assert.equal(missing.status, 2);
    assert.match(missing.output, /^::error title=alembic-lint::/m);
    const bad = runAction(empty, { 'fail-on': 'warnings' });
    assert.equal(bad.status, 2);
    assert.match(bad.output, /fail-on must be one of error, warning, info, none, got 'warnings'/);
  });
});
