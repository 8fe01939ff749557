// Migration files created, deleted and renamed on disk (reported through
// workspace/didChangeWatchedFiles) update the graph and the diagnostics of the OTHER files.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyFixture, LspSession, uriOf } from './harness';

const EMAIL = '2b3c4d5e6f7a';
const POSTS = '3c4d5e6f7a8b';

describe('language server over stdio: files created, deleted and renamed on disk', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  let versions: string;
  let email: string;
  let posts: string;

  beforeEach(async () => {
    fixture = copyFixture('basic');
    versions = path.join(fixture.dir, 'migrations', 'versions');
    email = path.join(versions, `${EMAIL}_add_email_to_users.py`);
    posts = path.join(versions, `${POSTS}_create_posts_table.py`);
    session = await LspSession.start(fixture.dir);
    await session.waitFor('first diagnostics', () => session.codes(posts).join() === 'missing-downgrade');
  });

  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  it('a deleted parent makes its child’s down_revision unknown; the parent created again clears it', async () => {
    const saved = readFileSync(email, 'utf8');
    rmSync(email);
    session.filesChanged([{ uri: uriOf(email), type: 3 }]);
    await session.waitFor('unknown-down-revision on the child', () => session.codes(posts).includes('unknown-down-revision'));
    // With the middle gone the chain falls in two: the child is a head beside the first revision.
    assert.deepEqual(session.codes(posts), ['missing-downgrade', 'multiple-heads', 'unknown-down-revision']);
    const hover = await session.hover(posts, { line: 15, character: 40 });
    assert.match(JSON.stringify(hover?.contents), /Unknown revision/);

    const elsewhere = path.join(versions, `${EMAIL}_email_again.py`);
    writeFileSync(elsewhere, saved);
    session.filesChanged([{ uri: uriOf(elsewhere), type: 1 }]);
    await session.waitFor('the child resolves again', () => session.codes(posts).join() === 'missing-downgrade');
    const definition = (await session.definition(posts, { line: 15, character: 40 })) as { uri: string };
    assert.equal(definition.uri, uriOf(elsewhere), 'definition follows the new file');
  });

  it('a rename (delete + create in one notification) moves the diagnostics to the new name', async () => {
    const renamed = path.join(versions, `${POSTS}_posts.py`);
    renameSync(posts, renamed);
    session.filesChanged([{ uri: uriOf(posts), type: 3 }, { uri: uriOf(renamed), type: 1 }]);
    await session.waitFor('diagnostics under the new name', () => session.codes(renamed).join() === 'missing-downgrade');
    await session.waitFor('the old name cleared', () => session.diagnostics.get(uriOf(posts))?.diagnostics.length === 0);
    const lenses = (await session.codeLenses(email)) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.arguments), [[path.join(versions, '1a2b3c4d5e6f_create_users_table.py')], [renamed]], 'the parent’s lens opens the renamed child');
  });

  it('a new file on disk that revises the head turns the head into two heads, and deleting it undoes that', async () => {
    const branch = path.join(versions, '4d5e6f7a8b9c_branch.py');
    writeFileSync(branch, readFileSync(posts, 'utf8').replaceAll(POSTS, '4d5e6f7a8b9c'));
    session.filesChanged([{ uri: uriOf(branch), type: 1 }]);
    await session.waitFor('multiple-heads on both heads', () => session.codes(posts).includes('multiple-heads') && session.codes(branch).includes('multiple-heads'));
    rmSync(branch);
    session.filesChanged([{ uri: uriOf(branch), type: 3 }]);
    await session.waitFor('one head again', () => session.codes(posts).join() === 'missing-downgrade');
    await session.waitFor('the deleted file cleared', () => session.diagnostics.get(uriOf(branch))?.diagnostics.length === 0);
  });
});
