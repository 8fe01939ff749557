// The schema replay on its own: what it knows after each revision, what it leaves unknown, and
// that an edit replays only what it changes.
import * as assert from 'node:assert/strict';
import { buildGraph } from '../../server/src/engine/graph';
import type { Finding, MigrationFile } from '../../server/src/engine/model';
import { parseMigration } from '../../server/src/engine/parse';
import { PersistentMap } from '../../server/src/engine/schema/persistentMap';
import { createReporter } from '../../server/src/engine/rules/reporter';
import { createReplayCache, replaySchema } from '../../server/src/engine/schema/replay';
import { columnStatus, enumStatus, tableStatus, viewOf, type Schema } from '../../server/src/engine/schema/schema';
import { sqlEffects } from '../../server/src/engine/schema/sql';

const file = (id: string, down: string | null, up: string, downgrade = 'pass') =>
  parseMigration(
    `/p/versions/${id}.py`,
    `from alembic import op\nimport sqlalchemy as sa\n\nrevision = '${id}'\ndown_revision = ${down ? `'${down}'` : 'None'}\n\n\ndef upgrade():\n${up
      .trim()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n\n\ndef downgrade():\n    ${downgrade}\n`,
  );
const replay = (files: MigrationFile[], cache = createReplayCache()) => {
  const { before, after } = replaySchema(buildGraph(files), false, cache, undefined, 'required');
  return { before: new Map(before), after: new Map(after) };
};
const table = (schema: Schema, name: string) => tableStatus(viewOf(schema), name);

describe('schema replay', () => {
  const r1 = file(
    'r1',
    null,
    "op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('email', sa.String(length=200), nullable=False), sa.Column('kind', sa.Enum('a', 'b', name='user_kind')))",
  );
  const r2 = file(
    'r2',
    'r1',
    "op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))\nop.alter_column('users', 'email', new_column_name='mail')",
  );
  const r3 = file('r3', 'r2', "op.create_index('ix_users_age', 'users', ['age'])");

  it('tracks tables, columns (type, nullability), renames and enum types revision by revision', () => {
    const { before, after } = replay([r1, r2, r3]);
    assert.equal(table(before.get('r1')!, 'users').status, 'unknown'); // nothing decided before the first revision
    const users = table(after.get('r2')!, 'users');
    assert.equal(users.status, 'present');
    if (users.status !== 'present') return;
    const view = viewOf(after.get('r2')!);
    const age = columnStatus(view, users.value, 'age');
    assert.equal(age.status === 'present' && age.value.type?.name, 'Integer');
    assert.equal(age.status === 'present' && age.value.nullable, true);
    const mail = columnStatus(view, users.value, 'mail');
    assert.equal(mail.status === 'present' && mail.value.type?.text, 'sa.String(length=200)');
    const email = columnStatus(view, users.value, 'email');
    assert.deepEqual(email.status === 'absent' && email.dropped, { state: 'dropped', by: 'r2', renamedTo: 'mail' });
    assert.equal(table(after.get('r2')!, 'orders').status, 'absent'); // the history starts empty: a closed world
    const kind = enumStatus(view, 'user_kind');
    assert.deepEqual(kind.status === 'present' && kind.value.values, ['a', 'b']);
    assert.equal(after.get('r3')!.indexes.get('ix_users_age')?.state, 'present');
  });

  it('leaves unknown what it cannot know: a baseline older than Alembic, unreadable SQL', () => {
    const legacy = replay([file('l1', null, "op.add_column('customers', sa.Column('tier', sa.Text()))")]);
    assert.equal(table(legacy.after.get('l1')!, 'invoices').status, 'unknown');
    const customers = table(legacy.after.get('l1')!, 'customers');
    assert.equal(customers.status === 'present' && columnStatus(viewOf(legacy.after.get('l1')!), customers.value, 'name').status, 'unknown');
    const sql = replay([r1, file('s2', 'r1', "op.execute('DO $$ BEGIN PERFORM 1; END $$')")]);
    assert.equal(sql.after.get('s2')!.tainted, true);
    assert.equal(table(sql.after.get('s2')!, 'orders').status, 'unknown');
  });

  it('incremental: an edit that keeps the upgrade keeps every later schema object; one that changes it replays the descendants', () => {
    const cache = createReplayCache();
    const first = replay([r1, r2, r3], cache);
    const r2down = file(
      'r2',
      'r1',
      "op.add_column('users', sa.Column('age', sa.Integer(), nullable=True))\nop.alter_column('users', 'email', new_column_name='mail')",
      "op.drop_column('users', 'age')",
    );
    const second = replay([r1, r2down, r3], cache);
    assert.equal(second.after.get('r2'), first.after.get('r2'));
    assert.equal(second.after.get('r3'), first.after.get('r3'));
    const r2changed = file('r2', 'r1', "op.add_column('users', sa.Column('age', sa.BigInteger(), nullable=True))");
    const third = replay([r1, r2changed, r3], cache);
    assert.notEqual(third.after.get('r2'), first.after.get('r2'));
    assert.notEqual(third.after.get('r3'), first.after.get('r3'));
    assert.equal(third.before.get('r3'), third.after.get('r2'));
  });

  it('raw SQL: data statements change nothing, DDL it can read is applied, anything else is unknown', () => {
    assert.deepEqual(sqlEffects("UPDATE t SET a = 'x;y'; DELETE FROM t"), [{ kind: 'data' }, { kind: 'data' }]);
    assert.deepEqual(sqlEffects("CREATE TYPE mood AS ENUM ('sad', 'ok')"), [{ kind: 'create_enum', name: 'mood', values: ['sad', 'ok'] }]);
    assert.deepEqual(sqlEffects('CREATE TYPE "App".Mood AS ENUM (\'sad\'); DROP TYPE IF EXISTS app.mood'), [
      { kind: 'create_enum', name: 'mood', schema: 'App', values: ['sad'] },
      { kind: 'drop_enum', name: 'mood', schema: 'app' },
    ]);
    // sa.Enum(schema=…) and SQL in that schema name the same type; another schema's is another type.
    const [typed] = replay([
      file('s1', null, "sa.Enum('a', name='mood', schema='app').create(op.get_bind())\nop.execute('CREATE TYPE mood AS ENUM (\\'b\\')')"),
    ]).after.values();
    const enumValues = (key: string): string[] | undefined => {
      const found = enumStatus(viewOf(typed), key);
      return found.status === 'present' ? found.value.values : undefined;
    };
    assert.deepEqual(enumValues('app.mood'), ['a']);
    assert.deepEqual(enumValues('mood'), ['b']);
    assert.deepEqual(sqlEffects('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON public.t (a)'), [
      { kind: 'create_index', name: 'ix_a', table: 't', concurrently: true },
    ]);
    assert.deepEqual(sqlEffects('ALTER TABLE old RENAME TO new'), [{ kind: 'rename_table', table: 'old', newName: 'new' }]);
    assert.equal(sqlEffects('DO $$ BEGIN END $$'), 'unknown');
  });

  it('persistent map: every version keeps its own entries however many came after', () => {
    const versions: PersistentMap<number>[] = [PersistentMap.empty()];
    for (let i = 1; i <= 3000; i++) versions.push(versions[i - 1].set(`k${i % 700}`, i % 97 === 0 ? undefined : i));
    for (const at of [1, 50, 699, 700, 701, 1500, 2999, 3000]) {
      const expected = new Map<string, number>();
      for (let i = 1; i <= at; i++) {
        if (i % 97 === 0) expected.delete(`k${i % 700}`);
        else expected.set(`k${i % 700}`, i);
      }
      assert.deepEqual(new Map(versions[at].entries()), expected, `version ${at}`);
      for (const [key, value] of expected) assert.equal(versions[at].get(key), value);
    }
  });
});

describe('schema replay cache', () => {
  it('keepOperations: a changed graph replays the revisions above from the kept operations, to the same schemas', () => {
    const a = file('k1', null, "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))");
    const b = file('k2', 'k1', "op.add_column('t', sa.Column('n', sa.Integer()))");
    const c = file('k3', 'k2', "op.create_index('ix_n', 't', ['n'])");
    const cache = createReplayCache({ keepOperations: true });
    const fresh = replaySchema(buildGraph([a, b, c]), false, createReplayCache(), undefined, 'required');
    replaySchema(buildGraph([a, b, c]), false, cache, undefined, 'required');
    const orphan = file('k2', 'gone', "op.add_column('t', sa.Column('n', sa.Integer()))");
    const broken = replaySchema(buildGraph([a, orphan, c]), false, cache, undefined, 'required');
    assert.equal(table(broken.after.get('k3')!, 't').status, 'present'); // adopted by add_column in an undecided world
    const again = replaySchema(buildGraph([a, b, c]), false, cache, undefined, 'required');
    assert.deepEqual(again.after.get('k3')!.indexes.entries(), fresh.after.get('k3')!.indexes.entries());
    assert.deepEqual(
      again.after
        .get('k3')!
        .tables.entries()
        .map(([key]) => key),
      ['t'],
    );
  });

  it('a replay that does not retain (the CLI) finds the same, in the same order, and keeps only the heads', () => {
    // Two branches from b0 that meet in a merge, a second head above it, and findings on both sides.
    const mergeFile = parseMigration(
      '/p/versions/m1.py',
      "from alembic import op\n\nrevision = 'm1'\ndown_revision = ('x2', 'y2')\n\n\ndef upgrade():\n    op.create_index('ix_a_y', 'a', ['y'])\n\n\ndef downgrade():\n    pass\n",
    );
    const files = [
      file('b0', null, "op.create_table('a', sa.Column('id', sa.Integer(), primary_key=True))"),
      file('x1', 'b0', "op.add_column('a', sa.Column('x', sa.Integer(), nullable=False))"),
      file('x2', 'x1', "op.create_index('ix_a_x', 'a', ['x'])\nop.drop_column('a', 'nope')"),
      file('y1', 'b0', "op.add_column('a', sa.Column('y', sa.Integer()))"),
      file('y2', 'y1', "op.create_index('ix_b', 'b', ['id'])"),
      mergeFile,
      file('h1', 'm1', "op.drop_table('a')"),
      file('h2', 'm1', "op.drop_column('a', 'x')"),
    ];
    const graph = buildGraph(files);
    const run = (retain: boolean) => replaySchema(graph, true, createReplayCache({ retain }), (out) => createReporter(out, undefined), 'required');
    const kept = run(true);
    const once = run(false);
    const summary = (findings: typeof kept.findings) => findings.map((f) => `${f.rule} ${f.file.split('/').pop()}:${f.range.start.line}`);
    assert.ok(kept.findings.length >= 4, summary(kept.findings).join('\n')); // not an empty comparison
    assert.ok(kept.findings.some((f) => f.file.endsWith('m1.py'))); // the merge's start is the replayed union
    assert.deepEqual(summary(once.findings), summary(kept.findings));
    assert.deepEqual(once.findings, kept.findings);
    assert.deepEqual([...once.after.keys()].sort(), ['h1', 'h2']);
    assert.equal(once.before.size, 0);
    assert.equal(kept.after.size, files.length);
  });

  it('focus: replays up to the focused revision; above it what would need a replay keeps its last findings until a replay without focus', () => {
    const reporterFor = (out: Finding[]) => createReporter(out, undefined);
    const summary = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.file.split('/').pop()}`);
    const f1 = file('f1', null, "op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))");
    const f2 = file('f2', 'f1', "op.add_column('t', sa.Column('n', sa.Integer()))");
    const f3 = file('f3', 'f2', "op.drop_column('t', 'n')");
    const f4 = file('f4', 'f3', "op.create_index('ix_id', 't', ['id'], postgresql_concurrently=True)");
    const cache = createReplayCache({ keepOperations: true });
    const clean = replaySchema(buildGraph([f1, f2, f3, f4]), true, cache, reporterFor, 'required');
    assert.equal(clean.complete, true);
    // f2 now adds another column, NOT NULL: its own finding, and f3 drops a column that is not there.
    const edited = file('f2', 'f1', "op.add_column('t', sa.Column('m', sa.Integer(), nullable=False))");
    const graph = buildGraph([f1, edited, f3, f4]);
    const fresh = replaySchema(graph, true, createReplayCache(), reporterFor, 'required');
    assert.ok(summary(fresh.findings).includes('add-not-null-without-default f2.py'));
    assert.ok(summary(fresh.findings).includes('unknown-column f3.py'));

    const focused = replaySchema(graph, true, cache, reporterFor, 'required', new Set(['f2']));
    assert.equal(focused.complete, false);
    assert.deepEqual(summary(focused.findings.filter((f) => f.file.endsWith('f2.py'))), summary(fresh.findings.filter((f) => f.file.endsWith('f2.py'))));
    // f3 and f4 as the last replay left them (f4's finding is the same either way, and still there).
    assert.deepEqual(
      summary(focused.findings.filter((f) => !f.file.endsWith('f1.py') && !f.file.endsWith('f2.py'))),
      summary(clean.findings.filter((f) => !f.file.endsWith('f1.py') && !f.file.endsWith('f2.py'))),
    );
    assert.ok(!focused.after.has('f3') && !focused.after.has('f4'));

    const completed = replaySchema(graph, true, cache, reporterFor, 'required');
    assert.equal(completed.complete, true);
    assert.deepEqual(completed.findings, fresh.findings);
    // Focused on the head, nothing is above it: complete at once.
    const atHead = replaySchema(buildGraph([f1, f2, f3, f4]), true, cache, reporterFor, 'required', new Set(['f4']));
    assert.equal(atHead.complete, true);
    assert.deepEqual(atHead.findings, clean.findings);
    // Focused on f2 when f2 does to the schema what it did before: what is above it is taken as it was, complete.
    const sameUpgrade = replaySchema(buildGraph([f1, f2, f3, f4]), true, cache, reporterFor, 'required', new Set(['f2']));
    assert.equal(sameUpgrade.complete, true);
  });
});
