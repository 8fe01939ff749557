import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers';

export default function registerExtensionSuite(): void {
  suite('extension', () => {
    test(`${EXTENSION_ID} is installed and activates`, async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} not found; present: ${vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ') || '(none)'}`);
      await ext.activate();
      assert.strictEqual(ext.isActive, true, 'extension is not active after activate()');
      assert.strictEqual(ext.packageJSON.name, 'alembic-migrations');
    });

    test('registers alembic.showOutput, and it runs', async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('alembic.showOutput'), `alembic.showOutput is not registered; alembic.* commands: ${commands.filter((c) => c.startsWith('alembic.')).join(', ') || '(none)'}`);
      await vscode.commands.executeCommand('alembic.showOutput');
    });
  });
}
