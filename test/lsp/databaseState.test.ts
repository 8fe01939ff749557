// alembic/databaseState: the client's version-table rows → each revision's state, from the server's graph.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { DatabaseStateResult } from '../../server/src/protocol';
import { copyFixture, LspSession } from './harness';

describe('language server over stdio: alembic/databaseState', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  beforeEach(async () => {
    fixture = copyFixture('basic');
    session = await LspSession.start(fixture.dir);
    await session.waitFor('first publish', () => session.graphChanges > 0);
  });
  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  const ask = (rows: string[] | null, config = path.join(fixture.dir, 'alembic.ini')) =>
    session.connection.sendRequest('alembic/databaseState', { config, rows }) as Promise<DatabaseStateResult | null>;

  it('marks the row current, what is below it applied, the rest pending', async () => {
    const state = (await ask(['2b3c4d5e6f7a']))!;
    assert.deepEqual(state.states, { '1a2b3c4d5e6f': 'applied', '2b3c4d5e6f7a': 'current', '3c4d5e6f7a8b': 'pending' });
    assert.deepEqual(state.pending, ['3c4d5e6f7a8b']);
    assert.equal(state.atHead, false);
  });

  it('a fresh database (no table), a row no file defines, an unknown project', async () => {
    const fresh = (await ask(null))!;
    assert.equal(fresh.versionTableExists, false);
    assert.deepEqual(fresh.pending, ['1a2b3c4d5e6f', '2b3c4d5e6f7a', '3c4d5e6f7a8b']);
    const stray = (await ask(['3c4d5e6f7a8b', 'ffff00000000']))!;
    assert.deepEqual(stray.unknownToFiles, ['ffff00000000']);
    assert.equal(stray.atHead, false);
    assert.equal(await ask([], '/nowhere/alembic.ini'), null);
  });

  it('downgradeTo: what a downgrade there would undo, newest first; an unknown target says why', async () => {
    const ask2 = (downgradeTo: string) =>
      session.connection.sendRequest('alembic/databaseState', {
        config: path.join(fixture.dir, 'alembic.ini'),
        rows: ['3c4d5e6f7a8b'],
        downgradeTo,
      }) as Promise<DatabaseStateResult>;
    assert.deepEqual((await ask2('1a2b3c4d5e6f')).undone, ['3c4d5e6f7a8b', '2b3c4d5e6f7a']);
    assert.deepEqual((await ask2('2b3c')).undone, ['3c4d5e6f7a8b'], 'a unique prefix');
    assert.deepEqual((await ask2('base')).undone, ['3c4d5e6f7a8b', '2b3c4d5e6f7a', '1a2b3c4d5e6f']);
    assert.match(String((await ask2('zzzz9999')).undone), /no revision/);
  });
});
