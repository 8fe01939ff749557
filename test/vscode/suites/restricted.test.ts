import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import { activateAlembic, codeValue, revisionRows, waitForDiagnostics, waitForTreeRows, workspaceUri } from '../helpers';
import { CURRENT, HEAD, recorder, versionRows, withStub } from '../commandStubs';

/**
 * The fixture opened in Restricted Mode (workspace trust on, the folder not trusted): the read-only
 * features work; nothing runs the workspace's code (no Alembic process, no interpreter check, no
 * database change) and each command says why. Run by the second session of run-vscode-suite.mjs.
 */
const NOT_TRUSTED = /failed: this workspace is not trusted: Alembic commands run code from it, so they are off until you trust it/;

export default function registerRestrictedSuite(): void {
  suite('Restricted Mode (untrusted workspace)', () => {
    let ctx: Ctx;

    suiteSetup(async () => {
      assert.strictEqual(vscode.workspace.isTrusted, false, 'this session must open the workspace in Restricted Mode');
      ctx = await activateAlembic();
    });

    test('the revisions and diagnostics are there; the workspace .env is not used to connect', async () => {
      const rows = await waitForTreeRows(ctx.tree, (r) => revisionRows(r).length === 3, 'the three fixture revisions');
      assert.deepStrictEqual(
        [rows[0].label, rows[0].description, rows[0].contextValue],
        ['No database connected', 'workspace not trusted · Connect…', 'database.none'],
      );
      const head = workspaceUri('migrations', 'versions', `${HEAD}_create_posts_table.py`);
      const diagnostics = await waitForDiagnostics(head, (list) => list.some((d) => codeValue(d) === 'missing-downgrade'), 'missing-downgrade');
      assert.ok(diagnostics.length > 0);
    });

    test('every command that would run Alembic or an interpreter says the workspace is not trusted, and nothing runs', async () => {
      const errors = recorder();
      const asked = recorder();
      const versions = workspaceUri('migrations', 'versions').fsPath;
      const before = fs.readdirSync(versions).sort();
      const commands: [string, unknown?][] = [
        ['alembic.upgradeHead'],
        ['alembic.upgradeOne'],
        ['alembic.upgradeTo'],
        ['alembic.downgradeOne'],
        ['alembic.downgradeTo'],
        ['alembic.downgradeBase'],
        ['alembic.stamp'],
        ['alembic.autogenerateRevision'],
        ['alembic.showSql'],
        ['alembic.checkModels'],
        ['alembic.selectInterpreter'],
        ['alembic.upgradeToHere', { config: workspaceUri('alembic.ini').fsPath, revision: HEAD }],
        ['alembic.stampHere', { config: workspaceUri('alembic.ini').fsPath, revision: HEAD }],
      ];
      // Every question answered as a hurried user would: the first choice, a message, yes.
      const pickFirst = async (items: readonly vscode.QuickPickItem[]) => items[0];
      await withStub(ctx, 'showErrorMessage', errors.message, () =>
        withStub(ctx, 'showWarningMessage', asked.warning, () =>
          withStub(ctx, 'showQuickPick', pickFirst, () =>
            withStub(
              ctx,
              'showInputBox',
              async () => 'a message',
              async () => {
                for (const [id, arg] of commands) await vscode.commands.executeCommand(id, ...(arg ? [arg] : []));
              },
            ),
          ),
        ),
      );
      assert.strictEqual(errors.asked.length, commands.length, `one error per command:\n${errors.asked.map((a) => a.message).join('\n')}`);
      for (const error of errors.asked) assert.match(error.message, NOT_TRUSTED);
      assert.deepStrictEqual(
        asked.asked.filter((a) => a.options.modal),
        [],
        'no confirmation asked for a run that cannot happen',
      );
      assert.strictEqual(ctx.alembic.interpreters.size, 0, 'no interpreter was chosen (none was run)');
      assert.strictEqual(ctx.alembic.runner.runningFor(workspaceUri('alembic.ini').fsPath), undefined);
      assert.deepStrictEqual(await versionRows(), [CURRENT], 'the database is unchanged');
      assert.deepStrictEqual(fs.readdirSync(versions).sort(), before, 'no file written');
    });
  });
}
