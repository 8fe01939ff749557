// The generated downgrade as a quick fix over stdio: offered on missing-downgrade, empty-downgrade
// and downgrade-asymmetry, applied the way an editor applies it, judged by the text and by the
// diagnostics that follow (none of the three is left).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { GenerateDowngradeRequest, type GenerateDowngradeResult } from '../../server/src/protocol';
import { applyTextEdits, applyWorkspaceEdit, BasicProject, LspSession, uriOf } from './harness';

const DOWNGRADE_RULES = ['missing-downgrade', 'empty-downgrade', 'downgrade-asymmetry'];

describe('language server over stdio: generate downgrade() from upgrade()', () => {
  let project: BasicProject;
  let session: LspSession;
  let email: string;
  let posts: string;

  beforeEach(async () => {
    project = await BasicProject.start();
    ({ session, email, posts } = project);
  });
  afterEach(() => project.dispose());

  const generatedFix = async (file: string, rule: string) => {
    await session.waitFor(`${rule} on ${path.basename(file)}`, () => session.codes(file).includes(rule));
    const actions = ((await session.codeActions(file, (d) => d.code === rule)) ?? []) as CodeAction[];
    const fix = actions.find((a) => /from upgrade\(\)/.test(a.title));
    assert.ok(fix, `a generate fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.deepEqual(
      fix.diagnostics?.map((d) => d.code),
      [rule],
    );
    return fix;
  };
  const noDowngradeFinding = (file: string) => () => !session.codes(file).some((code) => DOWNGRADE_RULES.includes(code));

  it('missing-downgrade: inserts the generated downgrade after upgrade(), dropping the index then the table', async () => {
    const fix = await generatedFix(posts, 'missing-downgrade');
    assert.equal(fix.title, 'Generate downgrade() from upgrade()');
    session.filesChanged(applyWorkspaceEdit(fix.edit!));
    await session.waitFor('no downgrade finding on posts', noDowngradeFinding(posts));
    const text = readFileSync(posts, 'utf8');
    assert.ok(
      text.endsWith("unique=False)\n\n\ndef downgrade() -> None:\n    op.drop_index('ix_posts_user_id', table_name='posts')\n    op.drop_table('posts')\n"),
      text.slice(-250),
    );
  });

  it('empty-downgrade: replaces the pass body in the open editor, the preferred fix', async () => {
    const original = readFileSync(email, 'utf8');
    const at = original.indexOf('def downgrade() -> None:');
    const source = `${original.slice(0, at)}def downgrade() -> None:\n    pass\n\n\n# helpers below\nX = 1\n`;
    session.open(email, source);
    const fix = await generatedFix(email, 'empty-downgrade');
    assert.equal(fix.title, 'Replace downgrade() with one generated from upgrade()');
    assert.equal(fix.isPreferred, true);
    const fixed = applyTextEdits(source, fix.edit!.changes![uriOf(email)]);
    assert.equal(
      fixed.slice(at),
      "def downgrade() -> None:\n    op.drop_index('ix_users_email', table_name='users')\n    op.drop_column('users', 'email')\n\n\n# helpers below\nX = 1\n",
    );
    session.replace(email, fixed);
    await session.waitFor('no downgrade finding on email', noDowngradeFinding(email));
  });

  it('downgrade-asymmetry: replaces a downgrade that forgets the column, with what the earlier revision says', async () => {
    const original = readFileSync(email, 'utf8');
    const broken = original.replace("    op.drop_column('users', 'email')\n", '');
    assert.notEqual(broken, original);
    writeFileSync(email, broken);
    session.filesChanged([{ uri: uriOf(email), type: 2 }]);
    const fix = await generatedFix(email, 'downgrade-asymmetry');
    session.filesChanged(applyWorkspaceEdit(fix.edit!));
    await session.waitFor('no downgrade finding on email', noDowngradeFinding(email));
    assert.match(
      readFileSync(email, 'utf8'),
      /def downgrade\(\) -> None:\n {4}op\.drop_index\('ix_users_email', table_name='users'\)\n {4}op\.drop_column\('users', 'email'\)\n$/,
    );
  });

  it('alembic/generateDowngrade (the request the command sends): the edit for the open text, the TODOs, or why there is none', async () => {
    const original = readFileSync(email, 'utf8');
    const source = original.replace(
      "    op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=True)\n",
      "    op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=True)\n    op.execute('UPDATE users SET name = upper(name)')\n",
    );
    session.open(email, source);
    const ask = (uri: string) => session.connection.sendRequest(GenerateDowngradeRequest.method, { uri }) as Promise<GenerateDowngradeResult>;
    // The open editor's text is what counts: the execute line is only there.
    await session.waitFor(
      'the open text analysed',
      () => session.codes(email).includes('raw-sql-without-reverse') || session.codes(email).includes('mixed-schema-and-data'),
    );
    const result = await ask(uriOf(email));
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.equal(result.replaces, true);
    assert.equal(result.todos.length, 1);
    assert.match(result.todos[0], /op\.execute runs SQL whose reverse is not known \(upgrade line \d+: op\.execute/);
    const fixed = applyTextEdits(source, [result.edit]);
    assert.ok(fixed.endsWith(`${result.text}`), fixed.slice(-300));
    assert.match(
      result.text,
      /^def downgrade\(\) -> None:\n {4}# TODO: op\.execute runs SQL[^\n]*\n {4}raise NotImplementedError\('cannot reverse: op\.execute runs SQL whose reverse is not known'\)\n {4}op\.drop_index/,
    );
    const outside = await ask(uriOf(path.join(project.dir, 'alembic.ini')));
    assert.deepEqual(outside, { error: 'the file is not a migration of an Alembic project in this workspace' });
  });
});
