// The generated downgrade on a real PostgreSQL: for each revision of the downgrade-roundtrip
// fixture (every operation the generator inverts: create/drop table with foreign keys and enums,
// add/drop column with defaults, alter_column type/nullable/default/rename, rename_table, indexes
// unique/partial/using/expression, each constraint kind, batch_alter_table, enum create/drop,
// seed rows and a backfill that go with the table and column the downgrade drops, identity and
// computed columns dropped and recreated, and two enum types of one name in two schemas),
// the database at its parent is snapshotted from the catalog, the revision is upgraded, the
// downgrade printed by `alembic-lint generate-downgrade` replaces the file's downgrade(), and
// `alembic downgrade -1` must leave the catalog exactly as the snapshot.
//
// Column order is not compared: PostgreSQL appends a re-added column, it cannot put it back at its
// old position; everything else about a column (type, length, nullability, default) is.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alembicOk, copyFixture, dropDatabase, freshDatabase, query } from './helpers';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** The catalog of the public schema, minus alembic_version, and the enum types of public and billing, as sorted plain rows. */
async function snapshot(url: string) {
  const tables = await query(
    url,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'alembic_version' ORDER BY 1`,
  );
  const columns = await query(
    url,
    `SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default,
            is_identity, identity_generation, identity_start, is_generated, generation_expression
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'alembic_version' ORDER BY table_name, column_name`,
  );
  const indexes = await query(
    url,
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 2`,
  );
  const constraints = await query(
    url,
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.conrelid <> 0 AND c.conrelid::regclass::text <> 'alembic_version' ORDER BY 2`,
  );
  const enums = await query(
    url,
    `SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname IN ('public', 'billing') GROUP BY n.nspname, t.typname ORDER BY 1, 2`,
  );
  return { tables, columns, indexes, constraints, enums };
}

/** `text` with its downgrade() (the last function of the file) replaced by `downgrade`. */
function withDowngrade(text: string, downgrade: string): string {
  const at = text.indexOf('\ndef downgrade(');
  assert.ok(at >= 0, 'the fixture revision has a downgrade() to replace');
  return `${text.slice(0, at + 1)}${downgrade}`;
}

describe('integration: the generated downgrade undoes each upgrade on PostgreSQL (round trip)', function () {
  this.timeout(300_000);
  let project: ReturnType<typeof copyFixture>;
  let databaseUrl: string;

  before(async () => {
    project = copyFixture('downgrade-roundtrip');
    databaseUrl = await freshDatabase('roundtrip');
    // r16 and r17 put an enum type in a schema that predates Alembic (Alembic has no create_schema).
    await query(databaseUrl, 'CREATE SCHEMA billing');
  });
  after(async () => {
    project?.cleanup();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('every revision: upgrade, then the generated downgrade, leaves the catalog exactly as before', async () => {
    const ini = path.join(project.dir, 'alembic.ini');
    const versions = path.join(project.dir, 'migrations', 'versions');
    const files = readdirSync(versions)
      .filter((name) => /^r\d+_.*\.py$/.test(name))
      .sort();
    assert.equal(files.length, 17);
    const checked: string[] = [];
    for (const name of files) {
      const revision = name.split('_')[0];
      const file = path.join(versions, name);
      const before = await snapshot(databaseUrl);
      await alembicOk(ini, ['upgrade', revision], { databaseUrl });
      const upgraded = await snapshot(databaseUrl);
      assert.notDeepEqual(upgraded, before, `${revision}'s upgrade changes the catalog (else the round trip proves nothing)`);

      const generated = spawnSync(process.execPath, [CLI, 'generate-downgrade', file], { cwd: project.dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(generated.status, 0, `generate-downgrade ${name} exited ${generated.status}:\n${generated.stdout}${generated.stderr}`);
      assert.doesNotMatch(generated.stdout, /TODO|NotImplementedError/);
      writeFileSync(file, withDowngrade(readFileSync(file, 'utf8'), generated.stdout));

      await alembicOk(ini, ['downgrade', '-1'], { databaseUrl });
      assert.deepEqual(
        await snapshot(databaseUrl),
        before,
        `${revision}: the generated downgrade leaves the catalog as before the upgrade\n${generated.stdout}`,
      );
      // On to the next revision from this one.
      await alembicOk(ini, ['upgrade', revision], { databaseUrl });
      assert.deepEqual(await snapshot(databaseUrl), upgraded, `${revision}: upgrading again after the downgrade gives the same catalog`);
      checked.push(revision);
    }
    assert.deepEqual(checked, ['r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07', 'r08', 'r09', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'r16', 'r17']);
  });
});
