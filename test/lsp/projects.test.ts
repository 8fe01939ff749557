import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LspSession, ROOT, uriOf } from './harness';

describe('language server over stdio: several projects and broken configs', () => {
  let dir: string;
  let session: LspSession | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'alembic-lsp-projects-'));
    for (const name of ['svc_a', 'svc_b']) cpSync(path.join(ROOT, 'test', 'fixtures', 'basic'), path.join(dir, name), { recursive: true });
  });

  afterEach(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks each project on its own, and reports a broken alembic.ini on the ini itself', async () => {
    // svc_b's posts migration gets a downgrade; svc_a's keeps the warning. The same revision ids in
    // both projects are not duplicates: each project is its own graph.
    const posts = (name: string) => path.join(dir, name, 'migrations', 'versions', '3c4d5e6f7a8b_create_posts_table.py');
    writeFileSync(posts('svc_b'), `${readFileSync(posts('svc_b'), 'utf8')}\n\ndef downgrade() -> None:\n    op.drop_table('posts')\n`);
    session = await LspSession.start(dir);
    await session.waitFor('svc_a warning', () => session!.codes(posts('svc_a')).join() === 'missing-downgrade');
    assert.deepEqual(session.codes(posts('svc_b')), []);
    assert.ok(![...session.diagnostics.values()].some((d) => d.diagnostics.some((x) => x.code === 'duplicate-revision')));

    const ini = path.join(dir, 'svc_b', 'alembic.ini');
    writeFileSync(ini, readFileSync(ini, 'utf8').replace(/script_location = .*/, 'script_location = %(here)s/nowhere'));
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(ini), type: 2 }] });
    const diagnostic = await session.waitFor('config-error on the ini', () =>
      session!.diagnostics.get(uriOf(ini))?.diagnostics.find((d) => d.code === 'config-error'),
    );
    assert.match(String(diagnostic.message), /script_location .*nowhere.* does not exist/);
    assert.equal(diagnostic.severity, 1);
    assert.equal(session.codes(posts('svc_a')).join(), 'missing-downgrade', 'the other project is unaffected');
  });

  it('reads alembic.rules per project folder (the setting is resource-scoped)', async () => {
    const posts = (name: string) => path.join(dir, name, 'migrations', 'versions', '3c4d5e6f7a8b_create_posts_table.py');
    session = await LspSession.start(dir);
    await session.waitFor(
      'both warnings',
      () => session!.codes(posts('svc_a')).join() === 'missing-downgrade' && session!.codes(posts('svc_b')).join() === 'missing-downgrade',
    );
    // svc_b's folder turns the rule off; svc_a's does not (what a folder's .vscode/settings.json does).
    const asked: string[] = [];
    session.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => {
        asked.push(item.scopeUri ?? '');
        return item.scopeUri === uriOf(path.join(dir, 'svc_b')) ? { rules: { 'missing-downgrade': 'off' } } : null;
      }),
    );
    void session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await session.waitFor('svc_b silenced', () => session!.diagnostics.has(uriOf(posts('svc_b'))) && session!.codes(posts('svc_b')).length === 0);
    assert.equal(session.codes(posts('svc_a')).join(), 'missing-downgrade', 'svc_a keeps its warning');
    assert.deepEqual([...new Set(asked)].sort(), [uriOf(path.join(dir, 'svc_a')), uriOf(path.join(dir, 'svc_b'))].sort());
  });
});
