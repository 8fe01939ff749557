import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeValue, waitForDiagnostics, workspaceUri } from '../helpers';

const VERSIONS = ['migrations', 'versions'];
const USERS = '1a2b3c4d5e6f_create_users_table.py';
const EMAIL = '2b3c4d5e6f7a_add_email_to_users.py';
const POSTS = '3c4d5e6f7a8b_create_posts_table.py';

/** What a person sees over `def upgrade` and on hover, and where a click on a lens takes them. */
export default function registerNavigationSuite(): void {
  suite('navigation: code lens, alembic.openRevision, hover', () => {
    let email: vscode.Uri;

    suiteSetup(async () => {
      email = workspaceUri(...VERSIONS, EMAIL);
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(email));
      // The project has been analysed once its first diagnostics are out.
      await waitForDiagnostics(workspaceUri(...VERSIONS, POSTS), (l) => l.some((d) => codeValue(d) === 'missing-downgrade'), 'the first analysis');
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('lenses over def upgrade name the parent and the child; clicking the parent opens its file at the revision line', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', email)) ?? [];
      const titles = lenses.map((l) => l.command?.title);
      assert.deepStrictEqual(titles, ['↓ 1a2b3c4d (create users table)', '↑ 3c4d5e6f (create posts table)']);
      const parent = lenses[0].command!;
      assert.strictEqual(parent.command, 'alembic.openRevision');
      await vscode.commands.executeCommand(parent.command, ...(parent.arguments ?? []));
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is open');
      assert.ok(editor.document.uri.path.endsWith(`/${USERS}`), `opened ${editor.document.uri.path}`);
      assert.strictEqual(editor.selection.active.line, 14, 'at the revision = line');
    });

    test('hovering the down_revision shows the parent revision', async () => {
      const doc = await vscode.workspace.openTextDocument(email);
      const offset = doc.getText().indexOf("'1a2b3c4d5e6f'") + 3;
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', email, doc.positionAt(offset))) ?? [];
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /Revision `1a2b3c4d5e6f`\*\* — create users table/);
      assert.match(text, /\*\*Status:\*\* base/);
    });
  });
}
