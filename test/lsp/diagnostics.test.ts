import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceGraph } from '../../server/src/protocol';
import { copyFixture, LspSession, uriOf } from './harness';

describe('language server over stdio: diagnostics', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  let noDowngrade: string;

  beforeEach(async () => {
    fixture = copyFixture('basic');
    noDowngrade = path.join(fixture.dir, 'migrations', 'versions', '3c4d5e6f7a8b_create_posts_table.py');
    session = await LspSession.start(fixture.dir);
  });

  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  it('publishes missing-downgrade for an on-disk migration nobody opened', async () => {
    const codes = await session.waitFor('missing-downgrade', () => {
      const c = session.codes(noDowngrade);
      return c.length > 0 && c;
    });
    assert.deepEqual(codes, ['missing-downgrade']);
    const diagnostic = session.diagnostics.get(uriOf(noDowngrade))!.diagnostics[0];
    assert.equal(diagnostic.source, 'alembic');
    assert.equal(diagnostic.severity, 2, 'a warning');
    assert.match(String(diagnostic.message), /downgrade/);
    // Files without findings get no diagnostics at all.
    const clean = path.join(fixture.dir, 'migrations', 'versions', '1a2b3c4d5e6f_create_users_table.py');
    assert.deepEqual(session.codes(clean), []);
  });

  it('follows unsaved edits: adding a downgrade clears it, a syntax error replaces it', async () => {
    await session.waitFor('initial warning', () => session.codes(noDowngrade).includes('missing-downgrade'));
    const text = readFileSync(noDowngrade, 'utf8');
    session.open(noDowngrade, text);
    session.replace(noDowngrade, `${text}\n\ndef downgrade() -> None:\n    op.drop_table('posts')\n`);
    await session.waitFor('warning cleared', () => session.codes(noDowngrade).length === 0 && session.diagnostics.has(uriOf(noDowngrade)));
    session.replace(noDowngrade, `${text}\n\ndef downgrade(:\n`);
    const codes = await session.waitFor('syntax error', () => {
      const c = session.codes(noDowngrade);
      return c.includes('syntax-error') && c;
    });
    assert.deepEqual(codes, ['syntax-error']);
    // Closing the editor falls back to the file on disk, which still has no downgrade.
    session.close(noDowngrade);
    await session.waitFor('disk state again', () => session.codes(noDowngrade).join() === 'missing-downgrade');
  });

  it('picks up a file changed on disk through workspace/didChangeWatchedFiles', async () => {
    await session.waitFor('initial warning', () => session.codes(noDowngrade).includes('missing-downgrade'));
    writeFileSync(noDowngrade, `${readFileSync(noDowngrade, 'utf8')}\n\ndef downgrade() -> None:\n    op.drop_table('posts')\n`);
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(noDowngrade), type: 2 }] });
    await session.waitFor('warning cleared', () => session.codes(noDowngrade).length === 0);
  });

  it('answers alembic/graph with every revision of the project', async () => {
    await session.waitFor('first publish', () => session.graphChanges > 0);
    const graph = (await session.connection.sendRequest('alembic/graph')) as WorkspaceGraph;
    assert.equal(graph.projects.length, 1);
    assert.equal(graph.projects[0].config, path.join(fixture.dir, 'alembic.ini'));
    assert.equal(graph.projects[0].rootDir, fixture.dir);
    const edges = graph.projects[0].revisions.map((r) => `${r.downRevisions.join('+') || 'base'}->${r.id}`).sort();
    assert.deepEqual(edges, ['1a2b3c4d5e6f->2b3c4d5e6f7a', '2b3c4d5e6f7a->3c4d5e6f7a8b', 'base->1a2b3c4d5e6f']);
    // What the tree shows: roles, the revision line to open at, the file's warnings.
    const posts = graph.projects[0].revisions.find((r) => r.id === '3c4d5e6f7a8b')!;
    assert.deepEqual(posts.roles, ['head']);
    assert.equal(readFileSync(posts.file, 'utf8').split('\n')[posts.line].trim().startsWith('revision'), true);
    assert.deepEqual([posts.errors, posts.warnings], [0, 1]);
    assert.deepEqual(graph.projects[0].revisions.find((r) => r.id === '1a2b3c4d5e6f')!.roles, ['base']);
    assert.deepEqual(graph.projects[0].heads, ['3c4d5e6f7a8b']);
  });

  it('survives a client without workspace capabilities and shuts down cleanly', async () => {
    await session.stop();
    session = await LspSession.start(fixture.dir, { workspace: {} });
    await session.waitFor('missing-downgrade', () => session.codes(noDowngrade).includes('missing-downgrade'));
    assert.equal(await session.stop(), 0);
    session = await LspSession.start(fixture.dir); // for afterEach
  });
});
