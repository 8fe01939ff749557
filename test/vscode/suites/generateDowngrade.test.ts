import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import { activateAlembic, codeValue, waitForDiagnostics, workspaceUri } from '../helpers';
import { withStub } from '../commandStubs';

const VERSIONS = ['migrations', 'versions'];
const POSTS = '3c4d5e6f7a8b_create_posts_table.py';
const EMAIL = '2b3c4d5e6f7a_add_email_to_users.py';
const isDowngradeFinding = (d: vscode.Diagnostic): boolean =>
  d.source === 'alembic' && ['missing-downgrade', 'empty-downgrade', 'downgrade-asymmetry'].includes(String(codeValue(d)));

export default function registerGenerateDowngradeSuite(): void {
  suite('Alembic: Generate Downgrade from Upgrade', () => {
    let ctx: Ctx;
    suiteSetup(async () => {
      ctx = await activateAlembic();
    });
    teardown(async () => {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('the palette lists it under Alembic', async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('alembic.generateDowngrade'));
    });

    test('a migration without downgrade() gets the generated one in the editor (unsaved), and missing-downgrade goes', async () => {
      const uri = workspaceUri(...VERSIONS, POSTS);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await waitForDiagnostics(uri, (l) => l.some(isDowngradeFinding), 'missing-downgrade before the command');
      const onDisk = (await vscode.workspace.fs.readFile(uri)).toString();
      await vscode.commands.executeCommand('alembic.generateDowngrade');
      assert.ok(doc.isDirty, 'the edit is in the editor, not saved');
      assert.ok(
        doc.getText().endsWith("\n\n\ndef downgrade() -> None:\n    op.drop_index('ix_posts_user_id', table_name='posts')\n    op.drop_table('posts')\n"),
        doc.getText().slice(-200),
      );
      await waitForDiagnostics(uri, (l) => !l.some(isDowngradeFinding), 'no downgrade finding after the command');
      assert.strictEqual((await vscode.workspace.fs.readFile(uri)).toString(), onDisk, 'the file on disk must not change');
    });

    test('an upgrade with op.execute: the downgrade is replaced, the execute left as a TODO that raises, and the user is told', async () => {
      const uri = workspaceUri(...VERSIONS, EMAIL);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const anchor = 'unique=True)\n';
      const at = doc.getText().indexOf(anchor) + anchor.length;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, doc.positionAt(at), '    op.execute("UPDATE users SET name = \'x\'")\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve(undefined);
      };
      await withStub(ctx, 'showWarningMessage', warn, () => vscode.commands.executeCommand('alembic.generateDowngrade'));
      const text = doc.getText();
      const downgrade = text.slice(text.indexOf('def downgrade('));
      assert.match(
        downgrade,
        /^def downgrade\(\) -> None:\n {4}# TODO: op\.execute runs SQL whose reverse is not known[^\n]*\n {4}raise NotImplementedError\(/,
      );
      assert.match(downgrade, /op\.drop_index\('ix_users_email', table_name='users'\)\n {4}op\.drop_column\('users', 'email'\)\n$/);
      assert.strictEqual(text.split('def downgrade(').length, 2, 'one downgrade()');
      assert.deepStrictEqual(warnings, ['Generate Downgrade: 1 operation could not be reversed and is left as # TODO lines that raise NotImplementedError.']);
    });
  });
}
