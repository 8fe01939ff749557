// The throwaway cluster behaves like a real password-protected server: later tests (connection
// resolution, SecretStorage) rely on a wrong password being refused.
import assert from 'node:assert/strict';
import { cluster, query, urlFor } from './helpers';

describe('integration: the throwaway PostgreSQL cluster', function () {
  this.timeout(30_000);

  it('accepts the test role with its password over TCP', async () => {
    const [row] = await query<{ user: string; db: string }>(cluster().url, 'SELECT current_user AS user, current_database() AS db');
    assert.deepEqual(row, { user: cluster().user, db: cluster().database });
  });

  it('refuses a wrong password (SQLSTATE 28P01)', async () => {
    const url = new URL(urlFor(cluster().database));
    url.password = 'not-the-password';
    await assert.rejects(query(url.toString(), 'SELECT 1'), (err: { code?: string; message: string }) => {
      assert.equal(err.code, '28P01', err.message);
      return true;
    });
  });
});
