import * as assert from 'node:assert/strict';
import { parseMigration } from '../../server/src/engine/parse';
import { generateDowngrade, importedNames } from '../../server/src/engine/operations/downgrade';
import { operationsOf } from '../../server/src/engine/operations/extract';
import { applyRevision } from '../../server/src/engine/schema/apply';
import { EMPTY_SCHEMA, type Schema } from '../../server/src/engine/schema/schema';

const IMPORTS = 'from alembic import op\nimport sqlalchemy as sa\n';
const source = (upgrade: string, imports = IMPORTS) =>
  `"""m\n\nRevision ID: b2\n"""\n${imports}\nrevision = 'b2'\ndown_revision = 'a1'\n\n\ndef upgrade() -> None:\n${upgrade}\n\n\ndef downgrade() -> None:\n    pass\n`;

/** The schema after `history` (upgrade bodies, oldest first). */
function schemaAfter(history: string[]): Schema {
  let schema = EMPTY_SCHEMA;
  history.forEach((body, i) => {
    const file = parseMigration(`/p/versions/h${i}.py`, source(body));
    schema = applyRevision(schema, { id: `h${i}`, file, operations: operationsOf(file), pg: true });
  });
  return schema;
}

/** The generated downgrade of `upgrade` on top of `history`. */
function downgrade(upgrade: string, history: string[] = [], imports = IMPORTS) {
  const text = source(upgrade, imports);
  return generateDowngrade({ file: parseMigration('/p/versions/b2.py', text), text, before: schemaAfter(history) });
}

/** The body lines, without the def line. */
const body = (generated: { text: string }) =>
  generated.text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '');

const USERS = [
  "    op.create_table('users',",
  "        sa.Column('id', sa.Integer(), nullable=False),",
  "        sa.Column('email', sa.String(length=100), nullable=False),",
  "        sa.Column('score', sa.Integer(), server_default=sa.text('0'), nullable=True),",
  "        sa.PrimaryKeyConstraint('id', name='pk_users'),",
  "        sa.UniqueConstraint('email', name='uq_users_email'),",
  '    )',
  "    op.create_index('ix_users_score', 'users', ['score'], unique=False, postgresql_where=sa.text('score > 0'))",
].join('\n');

describe('downgrade generator', () => {
  it('starts with the def line, 4-space indent, and says pass for an upgrade that does nothing', () => {
    const out = downgrade('    pass');
    assert.equal(out.text, 'def downgrade() -> None:\n    pass\n');
    assert.equal(out.inverted, 0);
    assert.deepEqual(out.todos, []);
  });

  it('create_table → drop_table, in reverse order with create_index → drop_index', () => {
    const out = downgrade(USERS);
    assert.deepEqual(body(out), ["    op.drop_index('ix_users_score', table_name='users')", "    op.drop_table('users')"]);
    assert.equal(out.inverted, 2);
    assert.deepEqual(out.todos, []);
  });

  it('drop_table → create_table from the replayed schema: columns, defaults, constraints, and the table indexes', () => {
    const out = downgrade("    op.drop_table('users')", [USERS]);
    assert.deepEqual(body(out), [
      '    op.create_table(',
      "        'users',",
      "        sa.Column('id', sa.Integer(), nullable=False),",
      "        sa.Column('email', sa.String(length=100), nullable=False),",
      "        sa.Column('score', sa.Integer(), server_default=sa.text('0'), nullable=True),",
      "        sa.PrimaryKeyConstraint('id', name='pk_users'),",
      "        sa.UniqueConstraint('email', name='uq_users_email'),",
      '    )',
      "    op.create_index('ix_users_score', 'users', ['score'], postgresql_where=sa.text('score > 0'))",
    ]);
    assert.deepEqual(out.todos, []);
  });

  it('drop_table of a table the replay never saw is a TODO and a raise, not silence', () => {
    const out = downgrade("    op.drop_table('legacy')");
    assert.match(out.text, /# TODO: the schema before this revision does not say what 'legacy' had/);
    assert.match(out.text, /raise NotImplementedError\('cannot reverse: /);
    assert.equal(out.inverted, 0);
    assert.equal(out.todos.length, 1);
  });

  it('add_column → drop_column; drop_column → add_column with type, nullability and default from the schema', () => {
    assert.deepEqual(body(downgrade("    op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))", [USERS])), [
      "    op.drop_column('users', 'age')",
    ]);
    const out = downgrade("    op.drop_column('users', 'score')", [USERS]);
    assert.deepEqual(body(out), ["    op.add_column('users', sa.Column('score', sa.Integer(), server_default=sa.text('0'), nullable=True))"]);
    assert.equal(out.inverted, 1);
  });

  it('identity, computed and sequence columns come back with how the database generates them', () => {
    const invoices = [
      "    op.create_table('invoices',",
      "        sa.Column('id', sa.BigInteger(), sa.Identity(always=True, start=1000), nullable=False),",
      "        sa.Column('net', sa.Numeric(10, 2), nullable=False),",
      "        sa.Column('gross', sa.Numeric(10, 2), sa.Computed('net * 1.2')),",
      "        sa.Column('code', sa.Integer(), sa.Sequence('invoice_code_seq')),",
      '    )',
    ].join('\n');
    assert.deepEqual(body(downgrade("    op.drop_column('invoices', 'gross')", [invoices])), [
      "    op.add_column('invoices', sa.Column('gross', sa.Numeric(10, 2), sa.Computed('net * 1.2'), nullable=True))",
    ]);
    const recreated = body(downgrade("    op.drop_table('invoices')", [invoices])).join('\n');
    assert.match(recreated, /sa\.Column\('id', sa\.BigInteger\(\), sa\.Identity\(always=True, start=1000\), nullable=False\)/);
    assert.match(recreated, /sa\.Column\('code', sa\.Integer\(\), sa\.Sequence\('invoice_code_seq'\), nullable=True\)/);
  });

  it('enum types in another schema: drops, creates and existing types keep their schema', () => {
    const moods =
      "    op.create_table('feelings', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('mood', sa.Enum('happy', 'sad', name='mood', schema='app')))";
    assert.deepEqual(body(downgrade(moods)), ["    op.drop_table('feelings')", "    sa.Enum(name='mood', schema='app').drop(op.get_bind(), checkfirst=True)"]);
    // A type of the same name in the default schema is another type: this one is still created here, so dropped here.
    assert.match(body(downgrade(moods, ["    sa.Enum('x', name='mood').create(op.get_bind())"])).join('\n'), /sa\.Enum\(name='mood', schema='app'\)\.drop/);
    // Dropped in the upgrade: created again with its labels and schema from the replayed schema.
    assert.deepEqual(body(downgrade("    sa.Enum(name='mood', schema='app').drop(op.get_bind())", [moods])), [
      "    sa.Enum('happy', 'sad', name='mood', schema='app').create(op.get_bind())",
    ]);
    // A dropped table whose enum still exists comes back with the existing type, in its schema.
    const recreated = body(downgrade("    op.drop_table('feelings')", [moods])).join('\n');
    assert.match(recreated, /postgresql\.ENUM\('happy', 'sad', name='mood', schema='app', create_type=False\)/);
  });

  it('drop_column of a column the schema does not know is a TODO', () => {
    const out = downgrade("    op.drop_column('users', 'nope')", [USERS]);
    assert.equal(out.todos.length, 1);
    assert.match(out.todos[0], /does not have column 'users\.nope'/);
  });

  it('alter_column: previous type, nullability and default from existing_* or the schema; a rename goes back', () => {
    assert.deepEqual(
      body(downgrade("    op.alter_column('users', 'email', type_=sa.String(length=200), existing_type=sa.String(length=100), nullable=True)", [USERS])),
      ["    op.alter_column('users', 'email', type_=sa.String(length=100), nullable=False, existing_type=sa.String(length=200))"],
    );
    assert.deepEqual(body(downgrade("    op.alter_column('users', 'score', server_default=None)", [USERS])), [
      "    op.alter_column('users', 'score', server_default=sa.text('0'), existing_type=sa.Integer(), existing_nullable=True)",
    ]);
    assert.deepEqual(body(downgrade("    op.alter_column('users', 'score', server_default='5')", [USERS])), [
      "    op.alter_column('users', 'score', server_default=sa.text('0'), existing_type=sa.Integer(), existing_nullable=True, existing_server_default='5')",
    ]);
    assert.deepEqual(body(downgrade("    op.alter_column('users', 'score', new_column_name='points')", [USERS])), [
      "    op.alter_column('users', 'points', new_column_name='score', existing_type=sa.Integer(), existing_nullable=True, existing_server_default=sa.text('0'))",
    ]);
  });

  it('alter_column whose previous state is unknown is a TODO naming what to pass', () => {
    const out = downgrade("    op.alter_column('legacy', 'x', nullable=False)");
    assert.match(out.todos[0], /pass existing_nullable=/);
  });

  it('rename_table goes back', () => {
    assert.deepEqual(body(downgrade("    op.rename_table('users', 'members')", [USERS])), ["    op.rename_table('members', 'users')"]);
  });

  it('drop_index → create_index with columns, unique, postgresql_using and postgresql_where from the schema', () => {
    const history = [USERS, "    op.create_index('ix_email_trgm', 'users', ['email'], unique=True, postgresql_using='btree')"];
    assert.deepEqual(body(downgrade("    op.drop_index('ix_email_trgm', table_name='users')", history)), [
      "    op.create_index('ix_email_trgm', 'users', ['email'], unique=True, postgresql_using='btree')",
    ]);
    assert.equal(downgrade("    op.drop_index('ix_unknown', table_name='users')", history).todos.length, 1);
  });

  it('constraints: each create_* → drop_constraint with type_; drop_constraint → the create from the schema', () => {
    const orders =
      "    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('user_id', sa.Integer()), sa.Column('qty', sa.Integer()))";
    const creates = [
      "    op.create_foreign_key('fk_orders_user', 'orders', 'users', ['user_id'], ['id'], ondelete='CASCADE')",
      "    op.create_unique_constraint('uq_orders_user_qty', 'orders', ['user_id', 'qty'])",
      "    op.create_check_constraint('ck_orders_qty', 'orders', 'qty > 0')",
    ].join('\n');
    assert.deepEqual(body(downgrade(creates, [USERS, orders])), [
      "    op.drop_constraint('ck_orders_qty', 'orders', type_='check')",
      "    op.drop_constraint('uq_orders_user_qty', 'orders', type_='unique')",
      "    op.drop_constraint('fk_orders_user', 'orders', type_='foreignkey')",
    ]);
    assert.deepEqual(body(downgrade("    op.create_primary_key('pk_x', 'orders', ['id'])", [USERS, orders])), [
      "    op.drop_constraint('pk_x', 'orders', type_='primary')",
    ]);
    const drops = [
      "    op.drop_constraint('fk_orders_user', 'orders', type_='foreignkey')",
      "    op.drop_constraint('uq_orders_user_qty', 'orders', type_='unique')",
      "    op.drop_constraint('ck_orders_qty', 'orders', type_='check')",
      "    op.drop_constraint('pk_users', 'users', type_='primary')",
    ].join('\n');
    const out = downgrade(drops, [USERS, orders, creates]);
    assert.deepEqual(body(out), [
      "    op.create_primary_key('pk_users', 'users', ['id'])",
      "    op.create_check_constraint('ck_orders_qty', 'orders', 'qty > 0')",
      "    op.create_unique_constraint('uq_orders_user_qty', 'orders', ['user_id', 'qty'])",
      "    op.create_foreign_key('fk_orders_user', 'orders', 'users', ['user_id'], ['id'], ondelete='CASCADE')",
    ]);
    assert.deepEqual(out.todos, []);
  });

  it('drop_constraint of a column-level foreign key PostgreSQL named <table>_<col>_fkey', () => {
    const history = [
      USERS,
      "    op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('author', sa.Integer(), sa.ForeignKey('users.id')))",
    ];
    assert.deepEqual(body(downgrade("    op.drop_constraint('posts_author_fkey', 'posts', type_='foreignkey')", history)), [
      "    op.create_foreign_key('posts_author_fkey', 'posts', 'users', ['author'], ['id'])",
    ]);
  });

  it('a create_* constraint with no literal name is a TODO', () => {
    const out = downgrade("    op.create_unique_constraint(None, 'users', ['email'])", [USERS]);
    assert.equal(out.todos.length, 1);
    assert.match(out.todos[0], /no literal name/);
  });

  it('batch_alter_table: the inverse runs in a batch block, operations reversed inside it', () => {
    const upgrade = [
      "    with op.batch_alter_table('users', schema=None) as batch_op:",
      "        batch_op.add_column(sa.Column('nick', sa.String(length=30), nullable=True))",
      "        batch_op.alter_column('email', new_column_name='mail')",
      "        batch_op.create_index('ix_users_nick', ['nick'], unique=False)",
      "    op.rename_table('users', 'people')",
    ].join('\n');
    assert.deepEqual(body(downgrade(upgrade, [USERS])), [
      "    op.rename_table('people', 'users')",
      "    with op.batch_alter_table('users') as batch_op:",
      "        batch_op.drop_index('ix_users_nick')",
      "        batch_op.alter_column('mail', new_column_name='email', existing_type=sa.String(length=100), existing_nullable=False)",
      "        batch_op.drop_column('nick')",
    ]);
  });

  it('batch drop_column and drop_index come back inside the batch block from the schema', () => {
    const upgrade = [
      "    with op.batch_alter_table('users') as batch_op:",
      "        batch_op.drop_index('ix_users_score')",
      "        batch_op.drop_column('score')",
    ].join('\n');
    assert.deepEqual(body(downgrade(upgrade, [USERS])), [
      "    with op.batch_alter_table('users') as batch_op:",
      "        batch_op.add_column(sa.Column('score', sa.Integer(), server_default=sa.text('0'), nullable=True))",
      "        batch_op.create_index('ix_users_score', ['score'], postgresql_where=sa.text('score > 0'))",
    ]);
  });

  it('enum .create(bind) → .drop(bind) and back, also through a local variable; labels from the schema', () => {
    const upgrade = ["    mood = sa.Enum('happy', 'sad', name='mood')", '    mood.create(op.get_bind())'].join('\n');
    assert.deepEqual(body(downgrade(upgrade)), ["    sa.Enum(name='mood').drop(op.get_bind())"]);
    const created = downgrade("    sa.Enum('happy', 'sad', name='mood').drop(op.get_bind(), checkfirst=True)", [upgrade]);
    assert.deepEqual(body(created), ["    sa.Enum('happy', 'sad', name='mood').create(op.get_bind(), checkfirst=True)"]);
    const fromSchema = downgrade("    sa.Enum(name='mood').drop(op.get_bind())", [upgrade]);
    assert.deepEqual(body(fromSchema), ["    sa.Enum('happy', 'sad', name='mood').create(op.get_bind())"]);
    assert.match(downgrade("    sa.Enum(name='unknown_enum').drop(op.get_bind())").todos[0], /labels of enum type 'unknown_enum' are not known/);
  });

  it('a module-level enum variable is reused', () => {
    const text = source('    status.create(op.get_bind())', `${IMPORTS}\nstatus = sa.Enum('a', 'b', name='status')\n`);
    const out = generateDowngrade({ file: parseMigration('/p/versions/b2.py', text), text });
    assert.deepEqual(body(out), ['    status.drop(op.get_bind())']);
  });

  it('the enum type a create_table creates implicitly is dropped after the table; add_column creates none, so drops none', () => {
    const upgrade = [
      "    op.create_table('tickets', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('state', sa.Enum('open', 'closed', name='ticket_state'), nullable=False))",
      "    op.create_table('audits', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('state', postgresql.ENUM(name='ticket_state', create_type=False)))",
      "    sa.Enum('admin', 'member', name='user_role').create(op.get_bind())",
      "    op.add_column('users', sa.Column('role', sa.Enum('admin', 'member', name='user_role'), nullable=True))",
    ].join('\n');
    const out = downgrade(upgrade, [USERS], `${IMPORTS}from sqlalchemy.dialects import postgresql\n`);
    assert.deepEqual(body(out), [
      "    op.drop_column('users', 'role')",
      "    sa.Enum(name='user_role').drop(op.get_bind())",
      "    op.drop_table('audits')",
      "    op.drop_table('tickets')",
      "    sa.Enum(name='ticket_state').drop(op.get_bind(), checkfirst=True)",
    ]);
    // A type that existed before the table is not this table's to drop.
    const existing = ["    sa.Enum('x', 'y', name='shared').create(op.get_bind())"];
    assert.deepEqual(
      body(
        downgrade("    op.create_table('s', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('v', sa.Enum('x', 'y', name='shared')))", [...existing]),
      ),
      ["    op.drop_table('s')"],
    );
  });

  it('a dropped table with an enum column comes back with the existing type (create_type=False), importing postgresql inside the function', () => {
    const history = [
      "    op.create_table('tickets', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('state', sa.Enum('open', 'closed', name='ticket_state'), nullable=False))",
    ];
    const out = downgrade("    op.drop_table('tickets')\n    sa.Enum(name='ticket_state').drop(op.get_bind())", history);
    assert.deepEqual(body(out), [
      '    from sqlalchemy.dialects import postgresql',
      "    sa.Enum('open', 'closed', name='ticket_state').create(op.get_bind())",
      '    op.create_table(',
      "        'tickets',",
      "        sa.Column('id', sa.Integer(), primary_key=True, nullable=False),",
      "        sa.Column('state', postgresql.ENUM('open', 'closed', name='ticket_state', create_type=False), nullable=False),",
      '    )',
    ]);
  });

  it('op.execute, bulk_insert and unknown op calls become a TODO and a raise at their place', () => {
    const upgrade = [
      "    op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))",
      '    op.execute("UPDATE users SET score = 0")',
      "    op.bulk_insert(sa.table('users', sa.column('id')), [{'id': 1}])",
      "    op.create_exclude_constraint('ex', 'users', ('id', '='))",
    ].join('\n');
    const out = downgrade(upgrade, [USERS]);
    const lines = body(out);
    assert.equal(lines.filter((l) => l.includes('# TODO:')).length, 3);
    assert.equal(lines.filter((l) => l.includes('raise NotImplementedError(')).length, 3);
    assert.match(lines[0], /# TODO: op\.create_exclude_constraint is not an operation/);
    assert.match(lines[2], /# TODO: op\.bulk_insert wrote rows/);
    assert.match(lines[4], /# TODO: op\.execute runs SQL whose reverse is not known/);
    assert.equal(lines[6], "    op.drop_column('users', 'age')");
    assert.equal(out.inverted, 1);
    assert.equal(out.todos.length, 3);
  });

  it('data written only into what the upgrade created (a backfill of a new column, seed rows of a new table) goes with the drop: a comment, no TODO', () => {
    const upgrade = [
      "    op.add_column('users', sa.Column('nick', sa.String(length=30), nullable=True))",
      '    op.execute("UPDATE users SET nick = email WHERE nick IS NULL")',
      "    op.create_table('countries', sa.Column('code', sa.String(length=2), primary_key=True))",
      "    op.bulk_insert(sa.table('countries', sa.column('code')), [{'code': 'FR'}])",
      "    op.execute(\"INSERT INTO countries (code) VALUES ('DE'); UPDATE users SET nick = 'x'\")",
    ].join('\n');
    const out = downgrade(upgrade, [USERS]);
    assert.deepEqual(body(out), [
      "    # (the rows this upgrade's SQL wrote go with table 'countries', column 'users.nick', dropped below)",
      "    # (the rows op.bulk_insert wrote go with table 'countries', dropped below)",
      "    op.drop_table('countries')",
      "    # (the rows this upgrade's SQL wrote go with column 'users.nick', dropped below)",
      "    op.drop_column('users', 'nick')",
    ]);
    assert.deepEqual(out.todos, []);
    assert.equal(out.inverted, 5);
    // Written into a column that was there before: its old values are gone, a TODO.
    const old = downgrade("    op.add_column('users', sa.Column('nick', sa.String(length=30)))\n    op.execute('UPDATE users SET nick = email, score = 0')", [
      USERS,
    ]);
    assert.equal(old.todos.length, 1);
    assert.match(old.todos[0], /op\.execute runs SQL whose reverse is not known/);
    // Written before the column exists in this upgrade (a column of an earlier revision): a TODO.
    assert.equal(downgrade("    op.bulk_insert(sa.table('users', sa.column('id')), [{'id': 1}])", [USERS]).todos.length, 1);
  });

  it('an operation inside an if is a TODO', () => {
    const out = downgrade("    if True:\n        op.add_column('users', sa.Column('x', sa.Integer()))", [USERS]);
    assert.match(out.todos[0], /inside an if\/for\/while/);
  });

  it('concurrent index inside autocommit_block: the drop runs concurrently in one too', () => {
    const upgrade = ['    with op.get_context().autocommit_block():', "        op.create_index('ix_c', 'users', ['email'], postgresql_concurrently=True)"].join(
      '\n',
    );
    assert.deepEqual(body(downgrade(upgrade, [USERS])), [
      '    with op.get_context().autocommit_block():',
      "        op.drop_index('ix_c', table_name='users', postgresql_concurrently=True)",
    ]);
  });

  it('imports: names bound by the module, aliases included', () => {
    assert.deepEqual(
      [
        ...importedNames(
          'from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import (\n    postgresql as pg,\n    mysql,\n)\nimport os.path\n',
        ),
      ].sort(),
      ['mysql', 'op', 'os', 'pg', 'sa'],
    );
  });

  it('a type needing a module the file does not import, and unknown to the generator, is a TODO', () => {
    const history = [
      "    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False))",
    ];
    const out = downgrade("    op.drop_table('t')", history);
    assert.match(out.text, /# TODO: 'sqlmodel' is used by a type from an earlier revision but this file does not import it/);
    assert.equal(out.todos.length, 1);
  });
});
