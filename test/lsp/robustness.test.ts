import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { WorkspaceGraph } from '../../server/src/protocol';
import { copyFixture, LspSession } from './harness';

describe('language server over stdio: bad input', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;

  beforeEach(async () => {
    fixture = copyFixture('basic');
    session = await LspSession.start(fixture.dir);
  });

  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  it('keeps serving after binary garbage, a syntax error storm and a 1 MB edit', async () => {
    const versions = path.join(fixture.dir, 'migrations', 'versions');
    const garbage = path.join(versions, '9f9f9f9f9f9f_garbage.py');
    session.open(garbage, Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''));
    await session.waitFor('garbage diagnosed', () => session.codes(garbage).length > 0);
    session.replace(garbage, `revision = 'x'\n${'def (((:\n'.repeat(5000)}`);
    await session.waitFor('syntax error', () => session.codes(garbage).includes('syntax-error'));
    const big = `revision = '9f9f9f9f9f9f'\ndown_revision = '3c4d5e6f7a8b'\ndef upgrade():\n${"    op.execute('select 1')\n".repeat(40_000)}def downgrade():\n    pass\n`;
    session.replace(garbage, big);
    await session.waitFor('the big file analysed', () => session.codes(garbage).join() === 'empty-downgrade', 60_000);
    const graph = (await session.connection.sendRequest('alembic/graph')) as WorkspaceGraph;
    assert.ok(graph.projects[0].revisions.some((r) => r.id === '9f9f9f9f9f9f'));
    assert.equal(session.stderr.join('').includes('Error'), false, session.stderr.join(''));
  });
});
