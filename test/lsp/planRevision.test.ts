// alembic/planRevision: a new revision rendered by the server (nothing written), as the New
// Revision command asks for it: parent = the single head, explicit parents (a merge), a branch
// label, the errors (several heads, unknown parent), and the fallback signal for templates the
// renderer cannot do.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PlanRevisionResult } from '../../server/src/protocol';
import { parseMigration } from '../../server/src/engine/parse';
import { migrationSource } from '../unit/migrationBuilder';
import { BASIC, copyFixture, LspSession, uriOf } from './harness';

describe('language server over stdio: alembic/planRevision', () => {
  let fixture: ReturnType<typeof copyFixture>;
  let session: LspSession;
  let config: string;
  let versions: string;
  beforeEach(async () => {
    fixture = copyFixture('basic');
    config = path.join(fixture.dir, 'alembic.ini');
    versions = path.join(fixture.dir, 'migrations', 'versions');
    session = await LspSession.start(fixture.dir);
    await session.waitFor('first publish', () => session.graphChanges > 0);
  });
  afterEach(async () => {
    await session.stop();
    fixture.dispose();
  });

  const plan = (params: Record<string, unknown>) =>
    session.connection.sendRequest('alembic/planRevision', { config, ...params }) as Promise<PlanRevisionResult>;

  it('follows the single head, renders the project template, names the file by file_template, points at upgrade()', async () => {
    const before = Date.now();
    const result = await plan({ message: 'Add orders table!' });
    assert.ok('path' in result, JSON.stringify(result));
    assert.match(result.revision, /^[0-9a-f]{12}$/);
    assert.equal(result.path, path.join(versions, `${result.revision}_add_orders_table.py`));
    const parsed = parseMigration(result.path, result.text);
    assert.deepEqual(
      parsed.identifiers.down_revision?.values?.map((v) => v.value),
      [BASIC.POSTS],
    );
    assert.equal(parsed.message, 'Add orders table!');
    assert.ok(result.text.includes("down_revision: Union[str, None] = '3c4d5e6f7a8b'"), 'the fixture’s annotated template');
    const created = Date.parse(parsed.createDate!.replace(' ', 'T'));
    assert.ok(Math.abs(created - before) < 24 * 3600_000, `a date of today: ${parsed.createDate}`);
    assert.equal(result.text.split('\n')[result.upgradeLine], '    pass');
    assert.match(result.text.split('\n')[result.upgradeLine - 1], /^def upgrade\(\)/);
    assert.equal(existsSync(result.path), false, 'nothing written');
  });

  it('several heads: an error listing them unless parents are given; a merge and a branch label', async () => {
    const comments = '4d5e6f7a8b9c';
    const file = path.join(versions, `${comments}_add_comments.py`);
    writeFileSync(file, migrationSource(comments, { down: BASIC.EMAIL, message: 'add comments' }));
    session.filesChanged([{ uri: uriOf(file), type: 1 }]);
    await session.waitFor('two heads', () => session.codes(file).includes('multiple-heads'));
    const refused = await plan({ message: 'x' });
    assert.ok('error' in refused && !refused.fallback);
    assert.deepEqual([...refused.heads!].sort(), [BASIC.POSTS, comments].sort());
    assert.match(refused.error, /Multiple heads/);

    const merge = await plan({ message: 'merge', parents: [BASIC.POSTS, comments.slice(0, 6)] });
    assert.ok('path' in merge, JSON.stringify(merge));
    assert.ok(merge.text.includes(`down_revision: Union[str, None] = ('${BASIC.POSTS}', '${comments}')`));

    const labelled = await plan({ message: 'audit branch', parents: [comments], branchLabel: 'audit' });
    assert.ok('path' in labelled, JSON.stringify(labelled));
    assert.ok(labelled.text.includes("branch_labels: Union[str, Sequence[str], None] = ('audit',)"));

    const notHead = await plan({ message: 'x', parents: [BASIC.USERS] });
    assert.ok('error' in notHead && /not a head/.test(notHead.error) && !notHead.fallback);
    const unknown = await plan({ message: 'x', parents: ['ffffeeee'] });
    assert.ok('error' in unknown && /no revision "ffffeeee"/.test(unknown.error));
  });

  it('a template the renderer cannot do, or post-write hooks: an error that says to fall back to `alembic revision`', async () => {
    const mako = path.join(fixture.dir, 'migrations', 'script.py.mako');
    writeFileSync(mako, '<%namespace name="x" file="y.mako"/>\n' + readFileSync(mako, 'utf8'));
    const result = await plan({ message: 'x' });
    assert.ok('error' in result && result.fallback, JSON.stringify(result));
    assert.match(result.error, /unsupported tag `<%namespace`/);

    writeFileSync(mako, readFileSync(mako, 'utf8').split('\n').slice(1).join('\n'));
    const ini = readFileSync(config, 'utf8').replace('[post_write_hooks]\n', '[post_write_hooks]\nhooks = black\nblack.type = console_scripts\n');
    writeFileSync(config, ini);
    const hooked = await plan({ message: 'x' });
    assert.ok('error' in hooked && hooked.fallback && /post_write_hooks \(black\)/.test(hooked.error), JSON.stringify(hooked));
  });

  it('an unknown project: an error, no fallback', async () => {
    const result = await plan({ config: '/nowhere/alembic.ini', message: 'x' });
    assert.ok('error' in result && !result.fallback);
  });
});
