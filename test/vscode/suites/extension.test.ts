import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateAlembic, revisionRows, waitForTreeRows, workspaceUri } from '../helpers';

/** Every file under `dir` (the window's log folder), with its text. */
function logFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...logFiles(file));
    else if (name.endsWith('.log')) out.push({ file, text: readFileSync(file, 'utf8') });
  }
  return out;
}

/** The fixture's revisions as the Revisions view lists them: newest first. */
const REVISIONS = [
  { id: '3c4d5e6f7a8b', message: 'create posts table', file: '3c4d5e6f7a8b_create_posts_table.py' },
  { id: '2b3c4d5e6f7a', message: 'add email to users', file: '2b3c4d5e6f7a_add_email_to_users.py' },
  { id: '1a2b3c4d5e6f', message: 'create users table', file: '1a2b3c4d5e6f_create_users_table.py' },
];

export default function registerExtensionSuite(): void {
  suite('extension', () => {
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test(`${EXTENSION_ID} is installed and activates`, async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(
        ext,
        `extension ${EXTENSION_ID} not found; present: ${
          vscode.extensions.all
            .filter((e) => !e.id.startsWith('vscode.'))
            .map((e) => e.id)
            .join(', ') || '(none)'
        }`,
      );
      await ext.activate();
      assert.strictEqual(ext.isActive, true, 'extension is not active after activate()');
      assert.strictEqual(ext.packageJSON.name, 'alembic-migrations');
    });

    test('the Revisions view lists the fixture’s revisions, newest first, head and base marked; a row opens its migration', async () => {
      const { tree } = await activateAlembic();
      // The database row comes first; then the revisions.
      const all = await waitForTreeRows(tree, (r) => revisionRows(r).length === REVISIONS.length, `${REVISIONS.length} revision rows`);
      assert.match(all[0].contextValue, /^(database|fault)\./, `the first row is the database's: ${all[0].contextValue}`);
      const rows = revisionRows(all);
      rows.forEach((row, i) => {
        const shown = `${row.label} ${row.description}`;
        assert.ok(shown.includes(REVISIONS[i].message), `row ${i} should name "${REVISIONS[i].message}": ${shown}`);
        assert.ok(shown.includes(REVISIONS[i].id.slice(0, 8)), `row ${i} should show revision ${REVISIONS[i].id}: ${shown}`);
      });
      assert.match(rows[0].contextValue, /\bhead\b/, `the newest row is the head: ${rows[0].contextValue}`);
      assert.match(rows[2].contextValue, /\bbase\b/, `the oldest row is the base: ${rows[2].contextValue}`);
      assert.doesNotMatch(rows[1].contextValue, /\b(head|base)\b/, `the middle row is neither: ${rows[1].contextValue}`);

      // A click on a row runs its command: the migration opens.
      const click = rows[1].command;
      assert.ok(click, 'the row has no command');
      await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor after clicking the row');
      assert.strictEqual(editor.document.uri.toString(), workspaceUri('migrations', 'versions', REVISIONS[1].file).toString());
    });

    test('registers alembic.showOutput, and it runs', async () => {
      const commands = await vscode.commands.getCommands(true);
      assert.ok(
        commands.includes('alembic.showOutput'),
        `alembic.showOutput is not registered; alembic.* commands: ${commands.filter((c) => c.startsWith('alembic.')).join(', ') || '(none)'}`,
      );
      await vscode.commands.executeCommand('alembic.showOutput');
    });

    test('what the language client writes to the Alembic log (server messages, the message trace) has its passwords masked in the log file', async function () {
      this.timeout(30_000);
      const ctx = await activateAlembic();
      const client = ctx.languageClient;
      assert.ok(client, 'the language client is running');
      const secret = `topsecret${Date.now()}`;
      const url = `postgresql://app:${secret}@db.internal/shop`;
      const markers = { output: `output-marker-${Date.now()}`, trace: `trace-marker-${Date.now()}` };
      // The channels the client writes the server's log and (with alembic.trace.server) its message trace to.
      client.outputChannel.appendLine(`${markers.output} could not connect to ${url}`);
      client.traceOutputChannel.appendLine(`${markers.trace} Params: {"url":"${url}","password":"${secret}"}`);
      // The window's log folder holds the channel's file (…/window1/exthost/<extension>/ is the extension's own).
      const windowLogs = path.dirname(path.dirname(ctx.extension.logUri.fsPath));
      const deadline = Date.now() + 20_000;
      let logged: { file: string; text: string } | undefined;
      while (!(logged = logFiles(windowLogs).find((f) => f.text.includes(markers.output) && f.text.includes(markers.trace)))) {
        if (Date.now() > deadline) throw new Error(`no log file under ${windowLogs} has both lines`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(logged.text, /could not connect to postgresql:\/\/app:\*\*\*@db\.internal\/shop/, logged.file);
      assert.match(logged.text, /"password":"\*\*\*"/, logged.file);
      for (const { file, text } of logFiles(windowLogs)) assert.ok(!text.includes(secret), `${file} holds the password`);
    });
  });
}
