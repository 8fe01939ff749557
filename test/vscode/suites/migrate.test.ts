import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import { activateAlembic, revisionRows, waitForTreeRows, workspaceUri } from '../helpers';
import { BASE, CURRENT, DATABASE_URL, HEAD, versionRows, withStub, type Asked } from '../commandStubs';

/**
 * The Alembic commands as a user runs them, against the fixture database the runner prepared (at
 * the 2nd of 3 revisions) and the real Alembic, found by interpreter discovery on this machine (the
 * PATH python3 may lack Alembic; Debian's /usr/bin/python3 has it). Leaves the database where it
 * found it, for the database suite.
 */
export default function registerMigrateSuite(): void {
  suite('Alembic commands: upgrade, downgrade, new revision, interpreter', () => {
    let ctx: Ctx;

    suiteSetup(async () => {
      assert.ok(DATABASE_URL, 'ALEMBIC_TEST_DATABASE_URL is not set: run the suite through test/support/run-vscode-suite.mjs');
      ctx = await activateAlembic();
      await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.connected', 'the fixture database connected');
      assert.deepStrictEqual(await versionRows(), [CURRENT]);
    });

    test('Upgrade to Head: one command and no question; the database, the tree and the status bar reach head', async () => {
      const asked: Asked[] = [];
      const record = async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
        asked.push({ message, options, items });
        return undefined;
      };
      await withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.upgradeHead'));
      assert.deepStrictEqual(
        asked.filter((a) => a.options?.modal),
        [],
        'a local development database is upgraded without a question',
      );
      assert.deepStrictEqual(await versionRows(), [HEAD]);
      const rows = await waitForTreeRows(ctx.tree, (r) => revisionRows(r)[0]?.contextValue === 'revision.current.head', 'the head shown current');
      assert.match(rows[0].description, new RegExp(`^${HEAD.slice(0, 8)} · `));
      assert.match(ctx.statusBar.item.text, new RegExp(`${HEAD.slice(0, 8)}$`), `status bar: ${ctx.statusBar.item.text}`);
      // The interpreter discovery chose one with Alembic, and the tooltip says which.
      const config = workspaceUri('alembic.ini').fsPath;
      const python = ctx.alembic.interpreters.get(config);
      assert.ok(python, 'an interpreter was chosen');
      assert.match(python.alembicVersion, /^\d+\.\d+/);
      assert.match((ctx.statusBar.item.tooltip as vscode.MarkdownString).value, /Alembic \d+\.\d+/);
    });

    test("Downgrade One asks first; the fixture head has no downgrade(): one message with Alembic's own error, the database unchanged", async () => {
      const asked: Asked[] = [];
      const record = async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
        asked.push({ message, options, items });
        return 'Downgrade';
      };
      const errors: string[] = [];
      const errorStub = async (message: string) => {
        errors.push(message);
        return undefined;
      };
      await withStub(ctx, 'showErrorMessage', errorStub, () =>
        withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.downgradeOne')),
      );
      assert.strictEqual(asked.length, 1, 'one question');
      assert.strictEqual(asked[0].options.modal, true, 'a modal dialog');
      assert.deepStrictEqual(asked[0].items, ['Downgrade']);
      assert.match(asked[0].options.detail ?? '', new RegExp(`undoes 1 revision:\\n\\s+${HEAD}\\s+create posts table`));
      assert.deepStrictEqual(errors, [
        `Downgrade One failed: AttributeError: module '${HEAD}_create_posts_table_py' has no attribute 'downgrade' The database is at ${HEAD}.`,
      ]);
      assert.deepStrictEqual(await versionRows(), [HEAD], 'nothing changed');
    });

    test('Stamp Here asks first ("Stamp"); then Downgrade One: declining changes nothing, confirming downgrades; Upgrade One asks nothing', async () => {
      let answer: string | undefined = 'Stamp';
      const asked: Asked[] = [];
      const record = async (message: string, options: vscode.MessageOptions, ...items: string[]) => {
        asked.push({ message, options, items });
        return answer;
      };
      const config = workspaceUri('alembic.ini').fsPath;
      await withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.stampHere', { config, revision: CURRENT }));
      assert.deepStrictEqual(asked[0].items, ['Stamp']);
      assert.match(asked[0].options.detail ?? '', /no migration runs/);
      assert.deepStrictEqual(await versionRows(), [CURRENT]);

      answer = undefined;
      await withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.downgradeOne'));
      assert.strictEqual(asked.length, 2);
      assert.match(asked[1].options.detail ?? '', new RegExp(`undoes 1 revision:\\n\\s+${CURRENT}\\s+add email to users`));
      assert.deepStrictEqual(await versionRows(), [CURRENT], 'declined: nothing changed');

      answer = 'Downgrade';
      await withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.downgradeOne'));
      assert.deepStrictEqual(await versionRows(), [BASE]);
      await waitForTreeRows(ctx.tree, (r) => revisionRows(r)[2]?.contextValue === 'revision.current.base', 'the base shown current');

      await withStub(ctx, 'showWarningMessage', record, () => vscode.commands.executeCommand('alembic.upgradeOne'));
      assert.strictEqual(asked.length, 3, 'Upgrade One asked nothing');
      assert.deepStrictEqual(await versionRows(), [CURRENT]);
      await waitForTreeRows(ctx.tree, (r) => revisionRows(r)[0]?.contextValue === 'revision.pending.head', 'the head pending again');
    });

    test('New Revision…: named by file_template, down_revision the head, opened in upgrade(); the tree lists it', async () => {
      const versions = workspaceUri('migrations', 'versions').fsPath;
      const before = new Set(fs.readdirSync(versions));
      await withStub(
        ctx,
        'showInputBox',
        async () => 'add tags table',
        () => vscode.commands.executeCommand('alembic.newRevision'),
      );
      const created = fs.readdirSync(versions).filter((name) => !before.has(name));
      assert.strictEqual(created.length, 1, `one new file: ${created.join(', ')}`);
      assert.match(created[0], /^[0-9a-f]{12}_add_tags_table\.py$/);
      const file = path.join(versions, created[0]);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, new RegExp(`down_revision: Union\\[str, None\\] = '${HEAD}'`));
      assert.match(text, /^"""add tags table/);
      const editor = vscode.window.activeTextEditor;
      assert.strictEqual(editor?.document.uri.fsPath, file, 'the new file is open');
      assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text.trim(), 'pass', 'the cursor is in upgrade()');
      const id = created[0].slice(0, 12);
      await waitForTreeRows(ctx.tree, (r) => revisionRows(r)[0]?.description.startsWith(id.slice(0, 8)) ?? false, 'the new revision listed first');
      // Leave the fixture as it was: delete the file as a user would (it closes the editor too).
      const edit = new vscode.WorkspaceEdit();
      edit.deleteFile(vscode.Uri.file(file));
      assert.ok(await vscode.workspace.applyEdit(edit));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitForTreeRows(ctx.tree, (r) => revisionRows(r).length === 3, 'back to three revisions');
    });

    test('no interpreter with Alembic: one message naming every candidate tried, with Select Python Interpreter and Open Settings', async () => {
      const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-nopython-'));
      const previousPath = process.env.PATH;
      const settings = vscode.workspace.getConfiguration('alembic');
      await settings.update('pythonPath', '/nonexistent/bin/python3', vscode.ConfigurationTarget.Workspace);
      process.env.PATH = emptyPath;
      ctx.alembic.discovery.clear();
      const shown: Asked[] = [];
      try {
        await withStub(
          ctx,
          'showErrorMessage',
          async (message: string, ...items: string[]) => {
            shown.push({ message, options: {}, items });
            return undefined;
          },
          () => vscode.commands.executeCommand('alembic.upgradeHead'),
        );
      } finally {
        process.env.PATH = previousPath;
        await settings.update('pythonPath', undefined, vscode.ConfigurationTarget.Workspace);
        ctx.alembic.discovery.clear();
        fs.rmSync(emptyPath, { recursive: true, force: true });
      }
      assert.strictEqual(shown.length, 1, `one message: ${shown.map((s) => s.message).join(' | ')}`);
      assert.match(shown[0].message, /No Python interpreter with Alembic found/);
      assert.match(shown[0].message, /\/nonexistent\/bin\/python3 \(alembic\.pythonPath\)/);
      assert.deepStrictEqual(shown[0].items, ['Select Python Interpreter', 'Open Settings']);
      assert.deepStrictEqual(await versionRows(), [CURRENT], 'nothing ran');
    });
  });
}
