// Migration files created, deleted and renamed on disk (reported through
// workspace/didChangeWatchedFiles) update the graph and the diagnostics of the OTHER files.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BASIC, BasicProject, uriOf } from './harness';

const { EMAIL, POSTS } = BASIC;

describe('language server over stdio: files created, deleted and renamed on disk', () => {
  let p: BasicProject;
  beforeEach(async () => (p = await BasicProject.start()));
  afterEach(() => p.dispose());

  it('a deleted parent makes its child’s down_revision unknown; the parent created again clears it', async () => {
    const saved = readFileSync(p.email, 'utf8');
    rmSync(p.email);
    p.session.filesChanged([{ uri: uriOf(p.email), type: 3 }]);
    await p.session.waitFor('unknown-down-revision on the child', () => p.session.codes(p.posts).includes('unknown-down-revision'));
    // With the middle gone the chain falls in two: the child is a head beside the first revision.
    assert.deepEqual(p.session.codes(p.posts), ['missing-downgrade', 'multiple-heads', 'unknown-down-revision']);
    const hover = await p.session.hover(p.posts, { line: 15, character: 40 });
    assert.match(JSON.stringify(hover?.contents), /Unknown revision/);

    const elsewhere = path.join(p.versions, `${EMAIL}_email_again.py`);
    writeFileSync(elsewhere, saved);
    p.session.filesChanged([{ uri: uriOf(elsewhere), type: 1 }]);
    await p.session.waitFor('the child resolves again', () => p.session.codes(p.posts).join() === 'missing-downgrade');
    const definition = (await p.session.definition(p.posts, { line: 15, character: 40 })) as { uri: string };
    assert.equal(definition.uri, uriOf(elsewhere), 'definition follows the new file');
  });

  it('a rename (delete + create in one notification) moves the diagnostics to the new name', async () => {
    const renamed = path.join(p.versions, `${POSTS}_posts.py`);
    renameSync(p.posts, renamed);
    p.session.filesChanged([
      { uri: uriOf(p.posts), type: 3 },
      { uri: uriOf(renamed), type: 1 },
    ]);
    await p.session.waitFor('diagnostics under the new name', () => p.session.codes(renamed).join() === 'missing-downgrade');
    await p.session.waitFor('the old name cleared', () => p.session.diagnostics.get(uriOf(p.posts))?.diagnostics.length === 0);
    const lenses = (await p.session.codeLenses(p.email)) ?? [];
    assert.deepEqual(
      lenses.map((l) => l.command?.arguments),
      [[p.users], [renamed]],
      'the parent’s lens opens the renamed child',
    );
  });

  it('a new file on disk that revises the head turns the head into two heads, and deleting it undoes that', async () => {
    const branch = path.join(p.versions, '4d5e6f7a8b9c_branch.py');
    writeFileSync(branch, readFileSync(p.posts, 'utf8').replaceAll(POSTS, '4d5e6f7a8b9c'));
    p.session.filesChanged([{ uri: uriOf(branch), type: 1 }]);
    await p.session.waitFor(
      'multiple-heads on both heads',
      () => p.session.codes(p.posts).includes('multiple-heads') && p.session.codes(branch).includes('multiple-heads'),
    );
    rmSync(branch);
    p.session.filesChanged([{ uri: uriOf(branch), type: 3 }]);
    await p.session.waitFor('one head again', () => p.session.codes(p.posts).join() === 'missing-downgrade');
    await p.session.waitFor('the deleted file cleared', () => p.session.diagnostics.get(uriOf(branch))?.diagnostics.length === 0);
  });
});
