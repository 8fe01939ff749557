// The multiple-heads quick fix against the real Alembic: the merge file the language server
// writes is what `alembic merge` writes (but for the date), `alembic heads` then shows one head,
// and `alembic upgrade head` applies both branches and the merge on a real PostgreSQL.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeAction, CreateFile } from 'vscode-languageserver-protocol';
import { applyWorkspaceEdit, LspSession, uriOf } from '../lsp/harness';
import { migrationSource } from '../unit/migrationBuilder';
import { alembicOk, appliedRevisions, copyFixture, dropDatabase, freshDatabase, tableExists } from './helpers';

const EMAIL = '2b3c4d5e6f7a';
const POSTS = '3c4d5e6f7a8b';
const COMMENTS = '4d5e6f7a8b9c';

/** The basic fixture plus a second branch off EMAIL: heads POSTS and COMMENTS. */
function twoHeadProject() {
  const project = copyFixture('basic');
  const versions = path.join(project.dir, 'migrations', 'versions');
  writeFileSync(
    path.join(versions, `${COMMENTS}_add_comments.py`),
    migrationSource(COMMENTS, { down: EMAIL, message: 'add comments', createDate: '2024-02-02 09:00:00.000000' }),
  );
  return { ...project, versions, ini: path.join(project.dir, 'alembic.ini') };
}

describe('integration: the merge revision quick fix with the real Alembic', function () {
  this.timeout(120_000);
  let ours: ReturnType<typeof twoHeadProject>;
  let theirs: ReturnType<typeof twoHeadProject>;
  let session: LspSession | undefined;
  let databaseUrl: string | undefined;

  beforeEach(() => {
    ours = twoHeadProject();
    theirs = twoHeadProject();
  });
  afterEach(async () => {
    await session?.stop();
    session = undefined;
    ours.cleanup();
    theirs.cleanup();
    if (databaseUrl) await dropDatabase(databaseUrl);
    databaseUrl = undefined;
  });

  it('writes what `alembic merge` writes; then one head, and upgrade head succeeds', async () => {
    const before = await alembicOk(ours.ini, ['heads']);
    assert.deepEqual(before.stdout.trim().split('\n').sort(), [`${POSTS} (head)`, `${COMMENTS} (head)`].sort(), 'the fixture starts with two heads');

    session = await LspSession.start(ours.dir);
    const posts = path.join(ours.versions, `${POSTS}_create_posts_table.py`);
    await session.waitFor('multiple-heads', () => session!.codes(posts).includes('multiple-heads'));
    const actions = ((await session.codeActions(posts, (d) => d.code === 'multiple-heads')) ?? []) as CodeAction[];
    const merge = actions.find((a) => a.title.startsWith('Create a merge revision'));
    assert.ok(merge?.edit, `a merge fix among: ${actions.map((a) => a.title).join('; ')}`);
    const created = (merge.edit.documentChanges![0] as CreateFile).uri;
    const mergeId = path.basename(new URL(created).pathname).slice(0, 12);
    session.filesChanged(applyWorkspaceEdit(merge.edit));
    await session.waitFor('multiple-heads gone', () => !session!.codes(posts).includes('multiple-heads'));

    // Alembic's own merge with the same id and message renders the same file, Create Date aside.
    await alembicOk(theirs.ini, ['merge', '-m', `merge ${POSTS}, ${COMMENTS}`, '--rev-id', mergeId, POSTS, COMMENTS]);
    const name = path.basename(new URL(created).pathname);
    assert.deepEqual(
      readdirSync(theirs.versions).filter((f) => f.startsWith(mergeId)),
      [name],
      'the same file name',
    );
    const withoutDate = (text: string) => text.replace(/^Create Date: .*$/m, 'Create Date: <date>');
    assert.equal(withoutDate(readFileSync(path.join(ours.versions, name), 'utf8')), withoutDate(readFileSync(path.join(theirs.versions, name), 'utf8')));
    assert.equal(uriOf(path.join(ours.versions, name)), created);

    const after = await alembicOk(ours.ini, ['heads']);
    assert.equal(after.stdout.trim(), `${mergeId} (head)`);

    databaseUrl = await freshDatabase('merge');
    await alembicOk(ours.ini, ['upgrade', 'head'], { databaseUrl });
    assert.deepEqual(await appliedRevisions(databaseUrl), [mergeId]);
    assert.equal(await tableExists(databaseUrl, 'posts'), true, 'the posts branch ran');
    assert.equal(await tableExists(databaseUrl, `t_${COMMENTS}`), true, 'the comments branch ran');
    // Undoing the merge (its downgrade is pass) leaves both branches applied: two rows again.
    await alembicOk(ours.ini, ['downgrade', POSTS], { databaseUrl });
    assert.deepEqual(await appliedRevisions(databaseUrl), [POSTS, COMMENTS]);
  });
});
