// Quick fixes over stdio: each is asked for with the diagnostic the server published, applied the
// way an editor applies a workspace edit, and judged by the diagnostics that follow.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkspaceGraph } from '../../server/src/protocol';
import type { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { migrationSource } from '../unit/migrationBuilder';
import { applyTextEdits, applyWorkspaceEdit, BASIC, BasicProject, LspSession, uriOf } from './harness';

const { EMAIL, POSTS } = BASIC;
const COMMENTS = '4d5e6f7a8b9c';

describe('language server over stdio: quick fixes', () => {
  let project: BasicProject;
  let session: LspSession;
  let versions: string;
  let email: string;
  let posts: string;

  beforeEach(async () => {
    project = await BasicProject.start();
    ({ session, versions, email, posts } = project);
  });
  afterEach(() => project.dispose());

  /** The quick fixes offered for the published diagnostics with code `rule` on `file`. */
  const fixesFor = async (file: string, rule: string) => {
    await session.waitFor(`${rule} on ${path.basename(file)}`, () => session.codes(file).includes(rule));
    const actions = ((await session.codeActions(file, (d) => d.code === rule)) ?? []) as CodeAction[];
    for (const action of actions) {
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(
        action.diagnostics?.map((d) => d.code),
        [rule],
        'tied to its diagnostic',
      );
    }
    return actions;
  };

  /** Applies an edit to the disk and reports the changes as the editor's file watcher would. */
  const applyOnDisk = (action: CodeAction) => session.filesChanged(applyWorkspaceEdit(action.edit!));

  it('missing-downgrade: adds a downgrade() stub after upgrade(), which empty-downgrade then flags', async () => {
    const [fix, ...others] = await fixesFor(posts, 'missing-downgrade');
    assert.deepEqual(
      others.map((f) => f.title),
      ['Generate downgrade() from upgrade()'],
    );
    assert.match(fix.title, /Add a downgrade\(\) stub/);
    assert.equal(fix.isPreferred, true);
    applyOnDisk(fix);
    await session.waitFor('only empty-downgrade left', () => session.codes(posts).join() === 'empty-downgrade');
    const text = readFileSync(posts, 'utf8');
    assert.ok(text.endsWith('unique=False)\n\n\ndef downgrade() -> None:\n    pass  # TODO: reverse upgrade()\n'), text.slice(-200));
  });

  it('missing-downgrade in an open editor: the stub lands before the code that follows upgrade()', async () => {
    const original = readFileSync(posts, 'utf8');
    const source = original.replace('def upgrade() -> None:', 'def upgrade():') + '\n\n# helpers\nTABLE = "posts"\n';
    session.open(posts, source);
    const [fix] = await fixesFor(posts, 'missing-downgrade');
    const edits = fix.edit!.changes![uriOf(posts)];
    const fixed = applyTextEdits(source, edits);
    assert.ok(fixed.endsWith('unique=False)\n\n\ndef downgrade():\n    pass  # TODO: reverse upgrade()\n\n\n# helpers\nTABLE = "posts"\n'), fixed.slice(-200));
    session.replace(posts, fixed);
    await session.waitFor('missing-downgrade gone', () => session.codes(posts).join() === 'empty-downgrade');
  });

  it('filename-template and filename-revision-mismatch: renames the file to the name Alembic would give it', async () => {
    const misnamed = path.join(versions, 'email.py');
    renameSync(email, misnamed);
    session.filesChanged([
      { uri: uriOf(email), type: 3 },
      { uri: uriOf(misnamed), type: 1 },
    ]);
    const [rename] = await fixesFor(misnamed, 'filename-template');
    assert.equal(rename.title, `Rename the file to ${EMAIL}_add_email_to_users.py`);
    assert.equal(rename.isPreferred, true);
    applyOnDisk(rename);
    // The old name's diagnostics are cleared; the new name has none to publish.
    await session.waitFor('the old name cleared', () => session.diagnostics.get(uriOf(misnamed))?.diagnostics.length === 0);
    assert.deepEqual(session.codes(email), []);
    assert.ok(existsSync(email) && !existsSync(misnamed));

    const lying = path.join(versions, `9999aaaa0000_add_email_to_users.py`);
    renameSync(email, lying);
    session.filesChanged([
      { uri: uriOf(email), type: 3 },
      { uri: uriOf(lying), type: 1 },
    ]);
    const [fix] = await fixesFor(lying, 'filename-revision-mismatch');
    assert.equal(fix.title, `Rename the file to ${EMAIL}_add_email_to_users.py`);
    applyOnDisk(fix);
    await session.waitFor('mismatch fixed', () => session.diagnostics.get(uriOf(lying))?.diagnostics.length === 0);
    assert.deepEqual(session.codes(email), []);
    assert.ok(existsSync(email) && !existsSync(lying));
  });

  it('offers no rename to a client that cannot rename files', async () => {
    const misnamed = path.join(versions, 'email.py');
    renameSync(email, misnamed);
    session = await project.restart({
      workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    });
    assert.deepEqual(await fixesFor(misnamed, 'filename-template'), []);
  });

  it('unknown-down-revision: replaces the literal with the closest revision or the head, keeping the quotes', async () => {
    const source = readFileSync(posts, 'utf8').replace(`'${EMAIL}'`, '"2b3c4d5e6f7b"');
    session.open(posts, source);
    const fixes = await fixesFor(posts, 'unknown-down-revision');
    assert.deepEqual(
      fixes.map((f) => [f.title, !!f.isPreferred]),
      [
        [`Change to '${EMAIL}' (add email to users)`, true],
        [`Change to '1a2b3c4d5e6f' (create users table)`, false],
      ],
      'the closest ids, the nearest preferred; no head besides, as the other head is one of them',
    );
    const fixed = applyTextEdits(source, fixes[0].edit!.changes![uriOf(posts)]);
    assert.ok(fixed.includes(`down_revision: Union[str, None] = "${EMAIL}"`));
    session.replace(posts, fixed);
    await session.waitFor('the reference resolves', () => session.codes(posts).join() === 'missing-downgrade');
  });

  it('unknown-depends-on: offers the current head when nothing is close', async () => {
    const file = path.join(versions, `${COMMENTS}_comments.py`);
    const source = migrationSource(COMMENTS, { down: POSTS, dependsOn: 'zzzz', message: 'comments' });
    session.open(file, source);
    const fixes = await fixesFor(file, 'unknown-depends-on');
    // The file itself is the head now; the other heads count only when they are not above it.
    assert.deepEqual(
      fixes.map((f) => f.title),
      [],
    );
    const side = migrationSource(COMMENTS, { down: EMAIL, dependsOn: 'zzzz', message: 'comments' });
    session.replace(file, side);
    await session.waitFor('two heads now', () => session.codes(file).includes('multiple-heads'));
    const [head] = await fixesFor(file, 'unknown-depends-on');
    assert.equal(head.title, `Change to the current head '${POSTS}' (create posts table)`);
    assert.equal(head.isPreferred, true);
    const fixed = applyTextEdits(side, head.edit!.changes![uriOf(file)]);
    assert.ok(fixed.includes(`depends_on: Union[str, Sequence[str], None] = '${POSTS}'`));
  });

  describe('multiple-heads', () => {
    let comments: string;

    beforeEach(() => {
      comments = path.join(versions, `${COMMENTS}_add_comments.py`);
      writeFileSync(comments, migrationSource(COMMENTS, { down: EMAIL, message: 'add comments', createDate: '2024-02-02 09:00:00.000000' }));
      session.filesChanged([{ uri: uriOf(comments), type: 1 }]);
    });

    const mergeFix = async () => {
      const fixes = await fixesFor(comments, 'multiple-heads');
      assert.equal(fixes.length, 1);
      assert.equal(fixes[0].title, `Create a merge revision for ${POSTS}, ${COMMENTS}`);
      return fixes[0];
    };

    it('creates a merge revision from script.py.mako, named by file_template, and the heads become one', async () => {
      const fix = await mergeFix();
      assert.equal(fix.isPreferred, true);
      const [create, write] = fix.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
      assert.equal(create.kind, 'create');
      assert.equal(write.textDocument.uri, create.uri);
      const name = path.basename(new URL(create.uri).pathname);
      assert.match(name, new RegExp(`^[0-9a-f]{12}_merge_${POSTS}_${COMMENTS}\\.py$`));
      assert.deepEqual(fix.command?.command, 'alembic.openRevision');
      const text = (write.edits[0] as TextEdit).newText;
      const id = name.slice(0, 12);
      // The fixture's template: annotated identifiers, Revises in the docstring, pass bodies.
      assert.ok(text.startsWith(`"""merge ${POSTS}, ${COMMENTS}\n\nRevision ID: ${id}\nRevises: ${POSTS}, ${COMMENTS}\nCreate Date: `), text);
      assert.ok(
        text.includes(
          `revision: str = '${id}'\ndown_revision: Union[str, None] = ('${POSTS}', '${COMMENTS}')\nbranch_labels: Union[str, Sequence[str], None] = None\n`,
        ),
        text,
      );
      assert.ok(text.includes('def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n'), text);

      applyOnDisk(fix);
      const merged = path.join(versions, name);
      await session.waitFor('one head again', () => !session.codes(posts).includes('multiple-heads') && !session.codes(comments).includes('multiple-heads'));
      // The server answers after sending every diagnostic of the same pass.
      const graph = (await session.connection.sendRequest('alembic/graph')) as WorkspaceGraph;
      assert.deepEqual(graph.projects[0].revisions.find((r) => r.id === id)?.downRevisions, [POSTS, COMMENTS]);
      const problems = session.diagnosticsOf(merged).filter((d) => d.code !== 'empty-downgrade');
      assert.deepEqual(
        problems.map((d) => d.message),
        [],
        'the merge file is a clean migration (its pass downgrade is a merge’s norm)',
      );
    });

    it("falls back to Alembic's generic template when the project has none", async () => {
      rmSync(path.join(project.dir, 'migrations', 'script.py.mako'));
      const fix = await mergeFix();
      const text = ((fix.edit!.documentChanges![1] as TextDocumentEdit).edits[0] as TextEdit).newText;
      assert.match(text, /^revision = '[0-9a-f]{12}'\ndown_revision = \('3c4d5e6f7a8b', '4d5e6f7a8b9c'\)\nbranch_labels = None\ndepends_on = None$/m);
      assert.doesNotMatch(text, /Union/);
    });

    it('shows the fix disabled, with the reason, when script.py.mako uses Mako this server cannot render', async () => {
      const template = path.join(project.dir, 'migrations', 'script.py.mako');
      writeFileSync(
        template,
        `${readFileSync(template, 'utf8')}\n% for name in config.get_main_option("databases").split(","):\ndef upgrade_\${name}():\n    pass\n% endfor\n`,
      );
      const fix = await mergeFix();
      assert.equal(fix.edit, undefined);
      assert.match(fix.disabled?.reason ?? '', /script\.py\.mako line 28: unsupported expression `config\.get_main_option\("databases"\)\.split\(","\)`/);
      assert.deepEqual(
        readdirSync(versions).filter((f) => f.includes('merge')),
        [],
      );
    });
  });
});
