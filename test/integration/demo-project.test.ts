// The `npm start` demo project stays a valid Alembic project: package-form script_location,
// date-prefixed files, four of five migrations applied by upgradeDemo(), the head pending.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO, upgradeDemo, writeDemoProject } from '../support/demo-project.mjs';
import { alembicOk, appliedRevisions, dropDatabase, freshDatabase, tableExists } from './helpers';

describe('integration: the npm start demo project', function () {
  this.timeout(60_000);
  let base: string;
  let databaseUrl: string;

  before(async () => {
    base = mkdtempSync(path.join(os.tmpdir(), 'alembic-demo-test-'));
    databaseUrl = await freshDatabase('demo');
  });
  after(async () => {
    if (base) rmSync(base, { recursive: true, force: true });
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('writes five date-prefixed migrations; upgradeDemo leaves the head pending', async () => {
    const { dir, ini, versionsDir } = writeDemoProject(path.join(base, 'heroes'), { databaseUrl });
    assert.deepEqual(
      readdirSync(versionsDir).sort(),
      DEMO.revisions.map((r) => path.basename(r.file)),
    );
    for (const name of readdirSync(versionsDir)) assert.match(name, /^\d{8}_[0-9a-f]{12}_[a-z_]+\.py$/);

    await upgradeDemo(dir, { databaseUrl });
    assert.deepEqual(await appliedRevisions(databaseUrl), [DEMO.current]);
    assert.equal(await tableExists(databaseUrl, 'mission'), true, 'the 4th migration ran');

    const heads = await alembicOk(ini, ['heads'], { databaseUrl });
    assert.match(heads.stdout, new RegExp(`^${DEMO.head} \\(head\\)$`, 'm'));
    const current = await alembicOk(ini, ['current'], { databaseUrl });
    assert.match(current.stdout, new RegExp(`^${DEMO.current}$`, 'm'), 'the database is one revision behind the head');
  });
});
