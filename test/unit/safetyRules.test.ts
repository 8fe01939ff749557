// The safety rules (issue 10): each fires where it should and stays silent where it must, through
// the same entry point as every rule (analyzeProject), and none raises a false alarm on the
// realistic fixture projects in test/fixtures/safety.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeProject, type CheckOptions } from '../../server/src/engine/check';
import { discoverProjects, listMigrationFiles } from '../../server/src/engine/discovery';
import type { Finding, MigrationFile } from '../../server/src/engine/model';
import { parseMigration } from '../../server/src/engine/parse';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { project } from './migrationBuilder';

const NEW_RULES = [
  'unknown-table',
  'unknown-column',
  'add-not-null-without-default',
  'destructive-operation',
  'drop-add-looks-like-rename',
  'index-not-concurrent',
  'concurrent-index-in-transaction',
  'mixed-schema-and-data',
  'raw-sql-without-reverse',
  'downgrade-asymmetry',
  'enum-not-dropped',
  'empty-autogenerate',
];

interface Rev {
  id: string;
  down?: string | string[] | null;
  up: string;
  down_?: string;
  extra?: string;
}

const indent = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

function source(rev: Rev): string {
  const downs =
    rev.down === undefined || rev.down === null ? 'None' : Array.isArray(rev.down) ? `(${rev.down.map((d) => `'${d}'`).join(', ')})` : `'${rev.down}'`;
  return [
    `"""revision ${rev.id}`,
    '',
    `Revision ID: ${rev.id}`,
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    'from sqlalchemy.dialects import postgresql',
    '',
    rev.extra ?? '',
    `revision = '${rev.id}'`,
    `down_revision = ${downs}`,
    '',
    '',
    'def upgrade() -> None:',
    indent(rev.up),
    '',
    '',
    'def downgrade() -> None:',
    indent(rev.down_ ?? 'pass'),
    '',
  ].join('\n');
}

const files = (revs: Rev[]): MigrationFile[] => revs.map((rev) => parseMigration(`/p/versions/${rev.id}_m.py`, source(rev)));
const run = (revs: Rev[], options: CheckOptions = {}, url = 'postgresql://localhost/app'): Finding[] =>
  analyzeProject({ project: project({ sqlalchemyUrl: url }), files: files(revs) }, options).findings;
/** rule@revision:line (1-based), new rules only. */
const fired = (revs: Rev[], options: CheckOptions = {}, url?: string) =>
  run(revs, options, url)
    .filter((f) => NEW_RULES.includes(f.rule))
    .map((f) => `${f.rule}@${path.basename(f.file).split('_')[0]}:${f.range.start.line + 1}`)
    .sort();

/** A first revision that creates users(id, email) and orders(id, user_id, note), undone by its downgrade. */
const BASE: Rev = {
  id: 'r1',
  down: null,
  up: `
op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('email', sa.String(length=200), nullable=False))
op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id')), sa.Column('note', sa.Text()))`,
  down_: `
op.drop_table('orders')
op.drop_table('users')`,
};
const UPGRADE_LINE = 15; // 1-based line of the first statement of upgrade() in source()

describe('safety rules', () => {
  it('a clean base revision raises none of them', () => {
    assert.deepEqual(fired([BASE]), []);
  });

  it('unknown-table: a table no earlier revision creates, or one a revision dropped; silent in an open world', () => {
    assert.deepEqual(
      fired([BASE, { id: 'r2', down: 'r1', up: "op.create_index('ix_x', 'invoices', ['id'], postgresql_concurrently=True)" }]).filter((f) =>
        f.startsWith('unknown-table'),
      ),
      [`unknown-table@r2:${UPGRADE_LINE}`],
    );
    const dropped = run([
      BASE,
      { id: 'r2', down: 'r1', up: "op.drop_table('orders')", down_: "op.create_table('orders', sa.Column('id', sa.Integer()))" },
      { id: 'r3', down: 'r2', up: "op.add_column('orders', sa.Column('x', sa.Integer()))", down_: "op.drop_column('orders', 'x')" },
    ]);
    const finding = dropped.find((f) => f.rule === 'unknown-table')!;
    assert.match(finding.message, /'orders'.*revision r2 dropped it.*relation "orders" does not exist/s);
    // A history whose first revision alters a table it never created: the baseline predates Alembic.
    const legacy = [
      { id: 'l1', down: null, up: "op.add_column('customers', sa.Column('tier', sa.String(20), nullable=True))", down_: "op.drop_column('customers', 'tier')" },
      {
        id: 'l2',
        down: 'l1',
        up: "op.create_foreign_key('fk', 'invoices', 'customers', ['customer_id'], ['id'])",
        down_: "op.drop_constraint('fk', 'invoices')",
      },
    ];
    assert.deepEqual(fired(legacy), []);
  });

  it('unknown-column: a column its table (known column by column) lacks, or one a revision renamed', () => {
    assert.deepEqual(
      fired([BASE, { id: 'r2', down: 'r1', up: "op.alter_column('users', 'mail', nullable=True)", down_: "op.alter_column('users', 'mail', nullable=False)" }]),
      [`unknown-column@r2:${UPGRADE_LINE}`],
    );
    const renamed = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.alter_column('orders', 'note', new_column_name='memo')",
        down_: "op.alter_column('orders', 'memo', new_column_name='note')",
      },
      {
        id: 'r3',
        down: 'r2',
        up: "op.drop_column('orders', 'note')  # alembic-lint: disable=destructive-operation",
        down_: "op.add_column('orders', sa.Column('note', sa.Text()))",
      },
    ];
    assert.deepEqual(fired(renamed), [`unknown-column@r3:${UPGRADE_LINE}`]);
    assert.match(run(renamed).find((f) => f.rule === 'unknown-column')!.message, /renamed it to 'memo'/);
    // Known columns, raw SQL that alters the table: no longer known column by column.
    const raw = [
      BASE,
      { id: 'r2', down: 'r1', up: "op.execute('ALTER TABLE users ADD COLUMN mail text')", down_: "op.execute('ALTER TABLE users DROP COLUMN mail')" },
      { id: 'r3', down: 'r2', up: "op.alter_column('users', 'mail', nullable=False)", down_: "op.alter_column('users', 'mail', nullable=True)" },
    ];
    assert.deepEqual(fired(raw), []);
  });

  it('add-not-null-without-default: NOT NULL without server_default on an existing table; not with a default, nullable, or on a new table', () => {
    const add = (column: string) => [BASE, { id: 'r2', down: 'r1', up: `op.add_column('users', ${column})`, down_: "op.drop_column('users', 'age')" }];
    assert.deepEqual(fired(add("sa.Column('age', sa.Integer(), nullable=False)")), [`add-not-null-without-default@r2:${UPGRADE_LINE}`]);
    assert.match(
      run(add("sa.Column('age', sa.Integer(), nullable=False)")).find((f) => f.rule === 'add-not-null-without-default')!.message,
      /nullable=True.*backfill.*later revision/s,
    );
    assert.deepEqual(fired(add("sa.Column('age', sa.Integer(), nullable=False, server_default='0')")), []);
    assert.deepEqual(fired(add("sa.Column('age', sa.Integer(), nullable=True)")), []);
    assert.deepEqual(
      fired([
        {
          id: 'n1',
          down: null,
          up: "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\nop.add_column('t', sa.Column('age', sa.Integer(), nullable=False))",
          down_: "op.drop_table('t')",
        },
      ]),
      [],
    );
  });

  it('destructive-operation: drops in upgrade(), narrowing type changes (known from the replay or existing_type); not widening ones', () => {
    assert.deepEqual(
      fired([BASE, { id: 'r2', down: 'r1', up: "op.drop_column('orders', 'note')", down_: "op.add_column('orders', sa.Column('note', sa.Text()))" }]),
      [`destructive-operation@r2:${UPGRADE_LINE}`],
    );
    const narrow = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.alter_column('users', 'email', type_=sa.String(length=50))",
        down_: "op.alter_column('users', 'email', type_=sa.String(length=200))",
      },
    ];
    assert.deepEqual(fired(narrow), [`destructive-operation@r2:${UPGRADE_LINE}`]);
    assert.match(run(narrow).find((f) => f.rule === 'destructive-operation')!.message, /sa\.String\(length=200\) to sa\.String\(length=50\) is shorter/);
    const widen = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.alter_column('users', 'email', type_=sa.Text())",
        down_: "op.alter_column('users', 'email', type_=sa.String(length=200))",
      },
    ];
    assert.deepEqual(fired(widen), []);
    const bigint = [
      {
        id: 'x1',
        down: null,
        up: "op.alter_column('events', 'id', existing_type=sa.BigInteger(), type_=sa.Integer())",
        down_: "op.alter_column('events', 'id', type_=sa.BigInteger())",
      },
    ];
    assert.deepEqual(fired(bigint), [`destructive-operation@x1:${UPGRADE_LINE}`]);
  });

  it('drop-add-looks-like-rename: one drop and one add in a table, same type; not with a data copy or different types', () => {
    const rename = (added: string, extra = '') => [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: `op.add_column('users', sa.Column('${added}', ${added === 'age' ? 'sa.Integer()' : 'sa.String(length=200)'}, nullable=True))${extra}\nop.drop_column('users', 'email')  # alembic-lint: disable=destructive-operation`,
        down_: `op.add_column('users', sa.Column('email', sa.String(length=200)))\nop.drop_column('users', '${added}')`,
      },
    ];
    assert.deepEqual(fired(rename('email_address')), [`drop-add-looks-like-rename@r2:${UPGRADE_LINE + 1}`]);
    assert.match(run(rename('email_address')).find((f) => f.rule === 'drop-add-looks-like-rename')!.message, /new_column_name='email_address'/);
    assert.deepEqual(fired(rename('age')), []);
    assert.deepEqual(
      fired(rename('email_address', "\nop.execute('UPDATE users SET email_address = email')")).includes(`drop-add-looks-like-rename@r2:${UPGRADE_LINE + 2}`),
      false,
    );
  });

  it('index-not-concurrent: PostgreSQL, a table from an earlier revision; not a table created in the same revision, not concurrently, not another database', () => {
    const index = (up: string, url?: string) => fired([BASE, { id: 'r2', down: 'r1', up, down_: "op.drop_index('ix_e', table_name='users')" }], {}, url);
    assert.deepEqual(index("op.create_index('ix_e', 'users', ['email'])"), [`index-not-concurrent@r2:${UPGRADE_LINE}`]);
    assert.deepEqual(index("op.create_index('ix_e', 'users', ['email'])", 'sqlite:///app.db'), []);
    assert.deepEqual(index("with op.get_context().autocommit_block():\n    op.create_index('ix_e', 'users', ['email'], postgresql_concurrently=True)"), []);
    assert.deepEqual(
      fired([
        {
          id: 'n1',
          down: null,
          up: "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\nop.create_index('ix_t', 't', ['id'])",
          down_: "op.drop_index('ix_t', table_name='t')\nop.drop_table('t')",
        },
      ]),
      [],
    );
  });

  it('concurrent-index-in-transaction: CONCURRENTLY outside autocommit_block, as an argument or in SQL', () => {
    const r = (up: string, down_ = "op.drop_index('ix_e', table_name='users')") => fired([BASE, { id: 'r2', down: 'r1', up, down_ }]);
    assert.deepEqual(r("op.create_index('ix_e', 'users', ['email'], postgresql_concurrently=True)"), [`concurrent-index-in-transaction@r2:${UPGRADE_LINE}`]);
    assert.deepEqual(r("op.execute('CREATE INDEX CONCURRENTLY ix_e ON users (email)')", "op.execute('DROP INDEX ix_e')"), [
      `concurrent-index-in-transaction@r2:${UPGRADE_LINE}`,
    ]);
    assert.deepEqual(
      r("with op.get_context().autocommit_block():\n    op.execute('CREATE INDEX CONCURRENTLY ix_e ON users (email)')", "op.execute('DROP INDEX ix_e')"),
      [],
    );
  });

  it('mixed-schema-and-data: data changes next to changes of existing tables; not seeding a new table', () => {
    // (no raw-sql-without-reverse: the data it writes lives in the column the downgrade drops)
    const mixed = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.add_column('users', sa.Column('n', sa.Integer(), nullable=True))\nop.execute('UPDATE users SET n = 0')",
        down_: "op.drop_column('users', 'n')",
      },
    ];
    assert.deepEqual(fired(mixed), [`mixed-schema-and-data@r2:${UPGRADE_LINE + 1}`]);
    const seed = [
      {
        id: 's1',
        down: null,
        extra: "t = sa.table('kinds', sa.column('name'))\n",
        up: "op.create_table('kinds', sa.Column('name', sa.String(20), primary_key=True))\nop.bulk_insert(t, [{'name': 'a'}])",
        down_: "op.drop_table('kinds')",
      },
    ];
    assert.deepEqual(fired(seed), []);
  });

  it('raw-sql-without-reverse: raw SQL in upgrade(), none in downgrade(); silent when the downgrade runs SQL or only raises', () => {
    const sql = (down_: string) => fired([BASE, { id: 'r2', down: 'r1', up: "op.execute('UPDATE users SET email = lower(email)')", down_ }]);
    assert.deepEqual(sql("op.alter_column('users', 'email', nullable=False)"), [`raw-sql-without-reverse@r2:${UPGRADE_LINE}`]);
    assert.deepEqual(sql("op.execute('SELECT 1')"), []);
    assert.deepEqual(sql("raise NotImplementedError('one way')"), []);
  });

  it('downgrade-asymmetry: something upgrade() did that downgrade() leaves; silent when undone, missing, empty or beyond the model', () => {
    const up = "op.add_column('users', sa.Column('n', sa.Integer(), nullable=True))\nop.create_index('ix_n', 'users', ['n'], postgresql_concurrently=True)";
    const r = (down_: string) =>
      run([BASE, { id: 'r2', down: 'r1', up: `with op.get_context().autocommit_block():\n${indent(up)}`, down_ }]).filter(
        (f) => f.rule === 'downgrade-asymmetry',
      );
    const left = r("op.drop_column('users', 'n')");
    assert.equal(left.length, 1);
    assert.match(left[0].message, /creates index 'ix_n'; downgrade\(\) never drops it/);
    assert.equal(left[0].related?.[0].range.start.line, UPGRADE_LINE + 1);
    assert.deepEqual(
      r("with op.get_context().autocommit_block():\n    op.drop_index('ix_n', table_name='users', postgresql_concurrently=True)\nop.drop_column('users', 'n')"),
      [],
    );
    assert.deepEqual(r('pass'), []); // empty-downgrade says it
    assert.deepEqual(r("for name in ['n']:\n    op.drop_column('users', name)"), []);
    assert.deepEqual(
      fired([
        BASE,
        { id: 'r2', down: 'r1', up: "op.drop_column('users', 'email')  # alembic-lint: disable=destructive-operation", down_: 'op.execute("SELECT 1")' },
      ]),
      [`downgrade-asymmetry@r2:${UPGRADE_LINE + 3}`], // reported on `def downgrade`
    );
  });

  it('enum-not-dropped: an enum type created explicitly or through a column and never dropped; silent when dropped', () => {
    const table = "op.create_table('tasks', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('state', sa.Enum('new', 'done', name='task_state')))";
    const left = run([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')" }]);
    assert.deepEqual(
      left.filter((f) => NEW_RULES.includes(f.rule)).map((f) => f.rule),
      ['enum-not-dropped'],
    );
    assert.match(
      left.find((f) => f.rule === 'enum-not-dropped')!.message,
      /'task_state'.*already exists.*sa\.Enum\(name='task_state'\)\.drop\(op\.get_bind\(\), checkfirst=True\)/s,
    );
    assert.deepEqual(fired([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')\nsa.Enum(name='task_state').drop(op.get_bind())" }]), []);
    assert.deepEqual(fired([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')\nop.execute('DROP TYPE task_state')" }]), []);
    const explicit = {
      id: 'e2',
      down: null,
      extra: "kind = postgresql.ENUM('a', 'b', name='kind', create_type=False)\n",
      up: "kind.create(op.get_bind())\nop.create_table('k', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('v', kind))",
    };
    assert.deepEqual(fired([{ ...explicit, down_: "op.drop_table('k')" }]), [`enum-not-dropped@e2:${UPGRADE_LINE + 5}`]); // reported on `def downgrade`
    assert.deepEqual(fired([{ ...explicit, down_: "op.drop_table('k')\nkind.drop(op.get_bind())" }]), []);
  });

  it('enum-not-dropped: an enum type in another schema is dropped only by a drop in that schema', () => {
    const table =
      "op.create_table('tasks', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('state', sa.Enum('new', 'done', name='task_state', schema='app')))";
    const left = run([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')\nsa.Enum(name='task_state').drop(op.get_bind())" }]);
    const finding = left.find((f) => f.rule === 'enum-not-dropped');
    assert.ok(finding, 'a drop in the default schema does not drop app.task_state');
    assert.match(finding.message, /'app\.task_state'.*sa\.Enum\(name='task_state', schema='app'\)\.drop\(op\.get_bind\(\), checkfirst=True\)/s);
    assert.deepEqual(
      fired([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')\nsa.Enum(name='task_state', schema='app').drop(op.get_bind())" }]),
      [],
    );
    assert.deepEqual(fired([{ id: 'e1', down: null, up: table, down_: "op.drop_table('tasks')\nop.execute('DROP TYPE app.task_state')" }]), []);
    // schema='public' is the default schema.
    const publicTable = table.replace("schema='app'", "schema='public'");
    assert.deepEqual(fired([{ id: 'e1', down: null, up: publicTable, down_: "op.drop_table('tasks')\nsa.Enum(name='task_state').drop(op.get_bind())" }]), []);
  });

  it('empty-autogenerate: autogenerate markers around nothing; not a hand-written pass', () => {
    const empty = '# ### commands auto generated by Alembic - please adjust! ###\npass\n# ### end Alembic commands ###';
    assert.deepEqual(fired([BASE, { id: 'r2', down: 'r1', up: empty, down_: empty }]), [`empty-autogenerate@r2:${UPGRADE_LINE - 1}`]);
    assert.deepEqual(fired([BASE, { id: 'r2', down: 'r1', up: 'pass', down_: 'pass' }]), []);
  });

  it('suppression comments and severities apply as for every rule', () => {
    const r = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.add_column('users', sa.Column('age', sa.Integer(), nullable=False))  # alembic-lint: disable=add-not-null-without-default",
        down_: "op.drop_column('users', 'age')",
      },
    ];
    assert.deepEqual(fired(r), []);
    const noisy = [BASE, { id: 'r2', down: 'r1', up: "op.create_index('ix_e', 'users', ['email'])", down_: "op.drop_index('ix_e', table_name='users')" }];
    assert.deepEqual(fired(noisy, { severities: { 'index-not-concurrent': 'off' } }), []);
    assert.equal(run(noisy, { severities: { 'index-not-concurrent': 'error' } }).find((f) => f.rule === 'index-not-concurrent')?.severity, 'error');
  });

  it('downgradePolicy: raise-ok accepts a downgrade that only raises NotImplementedError; none turns the downgrade rules off', () => {
    const raising = [BASE, { id: 'r2', down: 'r1', up: "op.execute('UPDATE users SET email = lower(email)')", down_: "raise NotImplementedError('one way')" }];
    const rules = (options: CheckOptions) => run(raising, options).map((f) => f.rule);
    assert.deepEqual(rules({}), ['empty-downgrade']);
    assert.deepEqual(rules({ downgradePolicy: 'raise-ok' }), []);
    const other = [BASE, { id: 'r2', down: 'r1', up: "op.add_column('users', sa.Column('n', sa.Integer()))", down_: "raise RuntimeError('no')" }];
    assert.deepEqual(
      run(other, { downgradePolicy: 'raise-ok' }).map((f) => f.rule),
      ['empty-downgrade'],
    ); // only NotImplementedError is deliberate
    const none = [
      BASE,
      {
        id: 'r2',
        down: 'r1',
        up: "op.add_column('users', sa.Column('n', sa.Integer()))\nop.execute('UPDATE users SET n = 1')",
        down_: "op.drop_column('users', 'zzz')",
      },
    ];
    assert.deepEqual(
      run(none, { downgradePolicy: 'none' }).map((f) => f.rule),
      ['mixed-schema-and-data'],
    );
    assert.ok(run(none).some((f) => f.rule === 'downgrade-asymmetry'));
  });

  it('branches: a revision sees its own ancestors only; a merge sees both branches', () => {
    const branches = [
      BASE,
      { id: 'a1', down: 'r1', up: "op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))", down_: "op.drop_table('tags')" },
      { id: 'b1', down: 'r1', up: "op.add_column('tags', sa.Column('n', sa.Integer()))", down_: "op.drop_column('tags', 'n')" },
      { id: 'm1', down: ['a1', 'b1'], up: 'pass', down_: 'pass' },
      { id: 'c1', down: 'm1', up: "op.add_column('tags', sa.Column('label', sa.Text()))", down_: "op.drop_column('tags', 'label')" },
    ];
    assert.deepEqual(fired(branches), [`unknown-table@b1:${UPGRADE_LINE}`]);
  });
});

describe('safety rules on realistic projects (test/fixtures/safety)', () => {
  const analyze = (name: string, options: CheckOptions = {}) => {
    const root = path.resolve(__dirname, '..', 'fixtures', 'safety', name);
    const [found] = discoverProjects([root], nodeFileSystem);
    const migrations = listMigrationFiles(found, nodeFileSystem).map((file) => parseMigration(file, readFileSync(file, 'utf8')));
    assert.ok(migrations.length >= 4);
    return analyzeProject({ project: found, files: migrations }, options).findings.map((f) => `${f.rule}@${path.basename(f.file).split('_')[0]}`);
  };

  it('greenfield (autogenerate, expand/contract branches, data migrations, enums, concurrent indexes): only the deserved findings', () => {
    assert.deepEqual(analyze('greenfield'), [
      // PostgreSQL cannot drop an enum value: the downgrade raises, deliberately
      'empty-downgrade@3d0e1f2a3b4c',
      // the expand step copies data in the same transaction that adds the column
      'mixed-schema-and-data@0a7b8c9d0e1f',
    ]);
    assert.deepEqual(analyze('greenfield', { downgradePolicy: 'raise-ok' }), ['mixed-schema-and-data@0a7b8c9d0e1f']);
  });

  it('legacy (the baseline predates Alembic: the first revision alters tables it never created): no schema false alarm', () => {
    assert.deepEqual(analyze('legacy'), ['empty-downgrade@6d3e4f5a6b7c']);
  });
});

describe('alembic-lint check --downgrade-policy', () => {
  const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
  const fixture = path.resolve(__dirname, '..', 'fixtures', 'safety', 'greenfield');
  const check = (...args: string[]) => spawnSync(process.execPath, [CLI, 'check', fixture, '--format', 'json', ...args], { encoding: 'utf8', timeout: 60_000 });
  const rules = (stdout: string) => (JSON.parse(stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);

  it('required (default) reports the raising downgrade, raise-ok accepts it, none drops every downgrade rule; a bad value is a usage error', () => {
    assert.deepEqual(rules(check().stdout), ['mixed-schema-and-data', 'empty-downgrade']);
    assert.deepEqual(rules(check('--downgrade-policy', 'raise-ok').stdout), ['mixed-schema-and-data']);
    assert.deepEqual(rules(check('--downgrade-policy', 'none').stdout), ['mixed-schema-and-data']);
    const bad = check('--downgrade-policy', 'sometimes');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unknown --downgrade-policy 'sometimes': use required, raise-ok, none/);
  });
});
