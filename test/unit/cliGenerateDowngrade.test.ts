// `alembic-lint generate-downgrade` as a user runs it: node dist/cli.js on real projects in temp folders.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempProject, type TempProject } from './tempProject';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

const migration = (id: string, down: string | null, upgrade: string, downgrade = '    pass') =>
  [
    `"""change ${id}`,
    '',
    `Revision ID: ${id}`,
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision = '${id}'`,
    `down_revision = ${down === null ? 'None' : `'${down}'`}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade() -> None:',
    upgrade,
    '',
    '',
    'def downgrade() -> None:',
    downgrade,
    '',
  ].join('\n');

const BASE = migration(
  'a1',
  null,
  [
    "    op.create_table('users',",
    "        sa.Column('id', sa.Integer(), nullable=False),",
    "        sa.Column('email', sa.String(length=100), nullable=False),",
    "        sa.PrimaryKeyConstraint('id'),",
    '    )',
  ].join('\n'),
  "    op.drop_table('users')",
);

describe('alembic-lint generate-downgrade', () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((p) => p.dispose()));
  const project = (files: Record<string, string>) => {
    const p = tempProject([], files);
    projects.push(p);
    return p;
  };

  it('prints the downgrade with what earlier revisions say, exit 0 when everything was reversed', () => {
    const p = project({ 'a1_base.py': BASE, 'b2_drop.py': migration('b2', 'a1', "    op.drop_column('users', 'email')") });
    const run = cli(['generate-downgrade', path.join('migrations', 'versions', 'b2_drop.py')], p.dir);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(run.stdout, "def downgrade() -> None:\n    op.add_column('users', sa.Column('email', sa.String(length=100), nullable=False))\n");
  });

  it('finds the project with --config when FILE is elsewhere, and the project above FILE without it', () => {
    const p = project({ 'a1_base.py': BASE, 'b2_drop.py': migration('b2', 'a1', "    op.drop_table('users')") });
    const file = path.join(p.versions, 'b2_drop.py');
    const fromSubfolder = cli(['generate-downgrade', file], path.join(p.dir, 'migrations'));
    assert.equal(fromSubfolder.status, 0, fromSubfolder.stderr);
    assert.equal(
      fromSubfolder.stdout,
      [
        'def downgrade() -> None:',
        '    op.create_table(',
        "        'users',",
        "        sa.Column('id', sa.Integer(), nullable=False),",
        "        sa.Column('email', sa.String(length=100), nullable=False),",
        "        sa.PrimaryKeyConstraint('id'),",
        '    )',
        '',
      ].join('\n'),
    );
    const withConfig = cli(['generate-downgrade', file, '--config', p.ini], '/');
    assert.equal(withConfig.status, 0, withConfig.stderr);
    assert.equal(withConfig.stdout, fromSubfolder.stdout);
  });

  it('exit 1 with a TODO and a raise when an operation cannot be reversed', () => {
    const p = project({
      'a1_base.py': BASE,
      'b2_data.py': migration(
        'b2',
        'a1',
        "    op.add_column('users', sa.Column('age', sa.Integer()))\n    op.execute('UPDATE users SET email = lower(email)')",
      ),
    });
    const run = cli(['generate-downgrade', path.join(p.versions, 'b2_data.py')], p.dir);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.match(lines[1], /^ {4}# TODO: op\.execute runs SQL whose reverse is not known/);
    assert.match(lines[2], /^ {4}raise NotImplementedError\(/);
    assert.equal(lines[3], "    op.drop_column('users', 'age')");
  });

  it('exit 2 with one line on stderr: no FILE, two FILEs, a missing file, a syntax error, no upgrade()', () => {
    const p = project({ 'a1_base.py': BASE });
    const broken = path.join(p.dir, 'broken.py');
    writeFileSync(broken, 'def upgrade(:\n    pass\n');
    const noUpgrade = path.join(p.dir, 'noup.py');
    writeFileSync(noUpgrade, "revision = 'x'\ndown_revision = None\n\ndef downgrade():\n    pass\n");
    for (const [args, message] of [
      [[], /takes one FILE, got 0/],
      [['a.py', 'b.py'], /takes one FILE, got 2/],
      [['missing.py'], /No such file: missing\.py/],
      [[broken], /broken\.py:1: /],
      [[noUpgrade], /has no upgrade\(\) function/],
      [[path.join(p.versions, 'a1_base.py'), '--config', 'nope.ini'], /Config file not found: nope\.ini/],
      [[path.join(p.versions, 'a1_base.py'), '--format', 'json'], /Unknown option '--format'/],
    ] as [string[], RegExp][]) {
      const run = cli(['generate-downgrade', ...args], p.dir);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    }
  });
});
