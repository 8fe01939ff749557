import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeValue, describeDiagnostics, nextDiagnosticsChange, waitForDiagnostics, workspaceUri } from '../helpers';

const VERSIONS = ['migrations', 'versions'];
const FLAGGED = '3c4d5e6f7a8b_create_posts_table.py';
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

    test('the other migrations have no missing-downgrade', async () => {
      const files = await vscode.workspace.findFiles(new vscode.RelativePattern(workspaceUri(...VERSIONS), '*.py'));
      const others = files.filter((u) => !u.path.endsWith('/' + FLAGGED));
      assert.strictEqual(others.length, 2, `expected two other migrations, found: ${others.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}`);
      // The opens make the server check the project again: wait for that publish (or a short deadline).
      const published = nextDiagnosticsChange(5_000);
      for (const uri of others) {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      }
      await published;
      // The flagged file (same project, same check) has its warning, so the project was checked.
      await waitForDiagnostics(flagged, (l) => l.some(isMissingDowngrade), 'the control diagnostic');
      for (const uri of others) {
        const bad = vscode.languages.getDiagnostics(uri).filter(isMissingDowngrade);
        assert.strictEqual(bad.length, 0, `${vscode.workspace.asRelativePath(uri)}:\n  ${describeDiagnostics(bad)}`);
      }
      const flaggedFiles = vscode.languages.getDiagnostics()
        .filter(([, list]) => list.some(isMissingDowngrade))
        .map(([uri]) => vscode.workspace.asRelativePath(uri));
      assert.deepStrictEqual(flaggedFiles, [vscode.workspace.asRelativePath(flagged)], 'files with missing-downgrade in the workspace');
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
  });
}
