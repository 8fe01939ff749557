// The pre-commit hook, with the real pre-commit (Debian's package): a fixture git repository whose
// .pre-commit-config.yaml points at a snapshot of this checkout (repo: its path, rev: its commit).
// pre-commit's node language installs the hook as it would from GitHub (npm install, npm pack,
// npm install -g of the tarball; node and npm on PATH, so nodeenv uses them: no download), and
// runs `alembic-lint check --fail-on warning`. npm may use the registry for the build tools; it
// prefers its cache.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture } from './helpers';
import { git, GIT_IDENTITY, npmEnv, snapshotRepository, type RepoSnapshot } from './repoSnapshot';

const POSTS = path.join('migrations', 'versions', '3c4d5e6f7a8b_create_posts_table.py');
const DOWNGRADE = "\n\ndef downgrade() -> None:\n    op.drop_index(op.f('ix_posts_user_id'), table_name='posts')\n    op.drop_table('posts')\n";

describe('the alembic-lint pre-commit hook (real pre-commit)', function () {
  this.timeout(600_000); // the first run installs the hook: npm install of the build tools, then the build
  let snapshot: RepoSnapshot;
  let project: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  let withoutDowngrade: string;

  const run = (cmd: string, args: string[]) => {
    const result = spawnSync(cmd, args, { cwd: project.dir, env, encoding: 'utf8', timeout: 540_000 });
    if (result.error) throw result.error;
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const head = () => git(['rev-parse', 'HEAD'], project.dir).trim();

  before(() => {
    snapshot = snapshotRepository();
    project = copyFixture('basic');
    env = npmEnv({ ...GIT_IDENTITY, PRE_COMMIT_HOME: path.join(path.dirname(project.dir), 'pre-commit-home'), npm_config_prefer_offline: 'true' });
    // The fixture's last migration has no downgrade: keep it aside, start from the two clean ones.
    withoutDowngrade = readFileSync(path.join(project.dir, POSTS), 'utf8');
    assert.doesNotMatch(withoutDowngrade, /def downgrade/);
    unlinkSync(path.join(project.dir, POSTS));
    writeFileSync(
      path.join(project.dir, '.pre-commit-config.yaml'),
      ['repos:', `  - repo: ${snapshot.dir}`, `    rev: ${snapshot.rev}`, '    hooks:', '      - id: alembic-lint', ''].join('\n'),
    );
    git(['init', '--quiet', '--initial-branch=main'], project.dir, env);
    git(['add', '--all'], project.dir, env);
    git(['commit', '--quiet', '-m', 'two clean migrations'], project.dir, env);
    const installed = run('pre-commit', ['install']);
    assert.equal(installed.status, 0, installed.output);
  });
  after(() => {
    project?.cleanup();
    snapshot?.dispose();
  });

  it('refuses the commit of a migration without a downgrade, printing the finding', () => {
    const before = head();
    writeFileSync(path.join(project.dir, POSTS), withoutDowngrade);
    git(['add', POSTS], project.dir, env);
    const commit = run('git', ['commit', '-m', 'create posts table']);
    assert.equal(commit.status, 1, commit.output);
    assert.match(commit.output, /alembic-lint\.+Failed/);
    assert.match(
      commit.output,
      /migrations\/versions\/3c4d5e6f7a8b_create_posts_table\.py:21:5: warning Migration 3c4d5e6f7a8b has no downgrade\(\) function.*\[missing-downgrade\]/,
    );
    assert.equal(head(), before, 'the commit must not have been made');
    // The same verdict on the whole tree, as CI runs it.
    const all = run('pre-commit', ['run', '--all-files']);
    assert.equal(all.status, 1, all.output);
    assert.match(all.output, /\[missing-downgrade\]/);
  });

  it('lets the clean migration through', () => {
    const before = head();
    writeFileSync(path.join(project.dir, POSTS), withoutDowngrade.trimEnd() + '\n' + DOWNGRADE);
    git(['add', POSTS], project.dir, env);
    const commit = run('git', ['commit', '-m', 'create posts table, with its downgrade']);
    assert.equal(commit.status, 0, commit.output);
    assert.match(commit.output, /alembic-lint\.+Passed/);
    assert.notEqual(head(), before);
    assert.equal(git(['status', '--porcelain'], project.dir), '');
  });

  it('a commit touching no migration file does not run the hook (its files pattern)', () => {
    writeFileSync(path.join(project.dir, 'notes.txt'), 'not a migration\n');
    git(['add', 'notes.txt'], project.dir, env);
    const commit = run('git', ['commit', '-m', 'notes']);
    assert.equal(commit.status, 0, commit.output);
    assert.match(commit.output, /alembic-lint\.+\(no files to check\)Skipped/);
    rmSync(path.join(project.dir, 'notes.txt'));
  });
});
