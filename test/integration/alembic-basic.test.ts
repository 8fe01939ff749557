// Smoke test of the integration harness: the real Alembic (Debian's python3-alembic) upgrades
// the basic fixture on the throwaway PostgreSQL cluster, and `pg` reads the result.
import assert from 'node:assert/strict';
import path from 'node:path';
import { alembicOk, appliedRevisions, copyFixture, dropDatabase, freshDatabase, tableExists } from './helpers';

const HEAD = '3c4d5e6f7a8b';

describe('integration: real Alembic on a throwaway PostgreSQL (basic fixture)', function () {
  this.timeout(60_000);
  let project: ReturnType<typeof copyFixture>;
  let ini: string;
  let databaseUrl: string;

  beforeEach(async () => {
    project = copyFixture('basic');
    ini = path.join(project.dir, 'alembic.ini');
    databaseUrl = await freshDatabase('basic');
  });
  afterEach(async () => {
    project?.cleanup();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('upgrade head writes the head revision to alembic_version and creates the tables', async () => {
    assert.deepEqual(await appliedRevisions(databaseUrl), [], 'a fresh database has no version table');
    await alembicOk(ini, ['upgrade', 'head'], { databaseUrl });
    assert.deepEqual(await appliedRevisions(databaseUrl), [HEAD]);
    assert.equal(await tableExists(databaseUrl, 'users'), true, 'users table');
    assert.equal(await tableExists(databaseUrl, 'posts'), true, 'posts table');
  });

  it('alembic current names the head after the upgrade', async () => {
    await alembicOk(ini, ['upgrade', 'head'], { databaseUrl });
    const { stdout } = await alembicOk(ini, ['current'], { databaseUrl });
    assert.match(stdout, new RegExp(`^${HEAD} \\(head\\)$`, 'm'), `alembic current printed:\n${stdout}`);
  });
});
