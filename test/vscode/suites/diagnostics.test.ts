import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateAlembic, codeValue, describeDiagnostics, waitForDiagnostics, revisionRows, waitForTreeRows, workspaceUri } from '../helpers';

const VERSIONS = ['migrations', 'versions'];
const FLAGGED = '3c4d5e6f7a8b_create_posts_table.py';
const EMAIL = '2b3c4d5e6f7a_add_email_to_users.py';
const USERS = '1a2b3c4d5e6f_create_users_table.py';
const isMissingDowngrade = (d: vscode.Diagnostic): boolean => d.source === 'alembic' && codeValue(d) === 'missing-downgrade';

export default function registerDiagnosticsSuite(): void {
  suite('diagnostics: missing-downgrade', () => {
    let flagged: vscode.Uri;

    suiteSetup(async () => {
      flagged = workspaceUri(...VERSIONS, FLAGGED);
      await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test(`${FLAGGED} gets a missing-downgrade warning from alembic`, async () => {
      const doc = await vscode.workspace.openTextDocument(flagged);
      await vscode.window.showTextDocument(doc);
      const list = await waitForDiagnostics(flagged, (l) => l.some(isMissingDowngrade), 'a missing-downgrade diagnostic');
      const d = list.find(isMissingDowngrade)!;
      assert.strictEqual(d.source, 'alembic');
      assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning, `severity ${vscode.DiagnosticSeverity[d.severity]}`);
      assert.ok(typeof d.code === 'object' && d.code !== null, `code should be {value, target}, got ${JSON.stringify(d.code)}`);
      assert.strictEqual(d.code.value, 'missing-downgrade');
      assert.ok(d.code.target instanceof vscode.Uri, 'code.target (the rule documentation link) is not a Uri');
      assert.match(d.message, /downgrade/i);
      assert.ok(d.range.start.line >= 0 && d.range.start.line < doc.lineCount, `range ${d.range.start.line} outside the document`);
    });

    test('the other migrations have no missing-downgrade (shown by a check that does flag one of them)', async () => {
      const files = await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceUri(...VERSIONS), '*.py'));
      const others = files.filter((u) => !u.path.endsWith('/' + FLAGGED));
      assert.strictEqual(others.length, 2, `expected two other migrations, found: ${others.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}`);
      for (const uri of others) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      }
      const email = workspaceUri(...VERSIONS, EMAIL);
      const users = workspaceUri(...VERSIONS, USERS);
      const hasNone = (uri: vscode.Uri): void => {
        const bad = vscode.languages.getDiagnostics(uri).filter(isMissingDowngrade);
        assert.strictEqual(bad.length, 0, `${vscode.workspace.asRelativePath(uri)}:\n  ${describeDiagnostics(bad)}`);
      };
      const filesFlagged = (): string[] =>
        vscode.languages
          .getDiagnostics()
          .filter(([, list]) => list.some(isMissingDowngrade))
          .map(([uri]) => vscode.workspace.asRelativePath(uri))
          .sort();

      // The proof that the project is checked with the others in it: rename one's downgrade() in the
      // editor, and its warning arrives from the same check that runs the rule over the untouched file.
      const doc = await vscode.workspace.openTextDocument(email);
      await vscode.window.showTextDocument(doc, { preview: false });
      const at = doc.getText().indexOf('def downgrade(');
      assert.ok(at >= 0, `${EMAIL} has no def downgrade(`);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(email, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'def downgrade('.length)), 'def downgrade_later(');
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit failed');
      await waitForDiagnostics(email, (l) => l.some(isMissingDowngrade), 'a missing-downgrade on the migration whose downgrade() was renamed');
      assert.deepStrictEqual(filesFlagged(), [EMAIL, FLAGGED].map((f) => vscode.workspace.asRelativePath(workspaceUri(...VERSIONS, f))).sort());

      // Back to the text on disk: the warning leaves that file (a publish that arrives after the one
      // above, so every file's diagnostics from that check are in), and only the flagged file keeps one.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty, 'revert left the document dirty');
      await waitForDiagnostics(email, (l) => !l.some(isMissingDowngrade), 'the warning to leave the reverted migration');
      hasNone(email);
      hasNone(users);
      assert.ok(vscode.languages.getDiagnostics(flagged).some(isMissingDowngrade), `${FLAGGED} lost its warning`);
      assert.deepStrictEqual(filesFlagged(), [vscode.workspace.asRelativePath(flagged)], 'files with missing-downgrade in the workspace');
    });

    test('appending a downgrade() in the editor (unsaved) clears the warning; reverting brings it back', async () => {
      const doc = await vscode.workspace.openTextDocument(flagged);
      const editor = await vscode.window.showTextDocument(doc);
      await waitForDiagnostics(flagged, (l) => l.some(isMissingDowngrade), 'a missing-downgrade diagnostic before the edit');
      const onDisk = (await vscode.workspace.fs.readFile(flagged)).toString();

      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const prefix = doc.getText().endsWith('\n') ? '\n\n' : '\n\n\n';
      const edit = new vscode.WorkspaceEdit();
      edit.insert(flagged, end, `${prefix}def downgrade() -> None:\n    op.drop_table('posts')\n`);
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit failed');
      assert.ok(doc.isDirty, 'the document should be modified and unsaved');
      assert.match(doc.getText(), /def downgrade\(\) -> None:/);

      const after = await waitForDiagnostics(flagged, (l) => !l.some(isMissingDowngrade), 'the missing-downgrade diagnostic to disappear');
      assert.strictEqual(after.filter(isMissingDowngrade).length, 0);
      assert.strictEqual((await vscode.workspace.fs.readFile(flagged)).toString(), onDisk, 'the file on disk must not change');

      // Back to the text on disk: the warning follows the editor again.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.ok(!doc.isDirty, 'revert left the document dirty');
      await waitForDiagnostics(flagged, (l) => l.some(isMissingDowngrade), 'the missing-downgrade diagnostic after revert');
    });

    test('alembic.restartServer: the warning comes back from the new server, and the Revisions view lists the revisions again', async () => {
      const ctx = await activateAlembic();
      await waitForDiagnostics(flagged, (l) => l.some(isMissingDowngrade), 'the warning before the restart');
      // Every change of the flagged file's diagnostics from here on: the old server's go, the new one's come.
      const seen: boolean[] = [];
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === flagged.toString())) seen.push(vscode.languages.getDiagnostics(flagged).some(isMissingDowngrade));
      });
      try {
        await vscode.commands.executeCommand('alembic.restartServer');
        await waitForDiagnostics(flagged, (l) => seen.length > 0 && l.some(isMissingDowngrade), 'the warning published again after the restart');
      } finally {
        sub.dispose();
      }
      assert.strictEqual(seen[seen.length - 1], true, `the last change should bring the warning back; changes seen (has warning): ${seen.join(', ')}`);
      const rows = revisionRows(await waitForTreeRows(ctx.tree, (r) => revisionRows(r).length === 3, 'the three revisions after the restart'));
      assert.ok(
        rows.some((r) => `${r.label} ${r.description}`.includes('create posts table')),
        rows.map((r) => r.label).join(', '),
      );
    });
  });
}
