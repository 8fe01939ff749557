import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import { activateAlembic, workspaceFolder } from '../helpers';
import { withStubs } from '../commandStubs';

/**
 * Alembic: Initialize Alembic… as a new user runs it: in a folder that has no alembic.ini (a new
 * sub-folder of the workspace), with the real Alembic found by interpreter discovery. The dialogs
 * are answered through ctx.ui. Registered last: it adds a project, and removes it when done.
 */
const FOLDER = 'service-b';

/** Resolves when the language server's projects satisfy `predicate` (checked now and on every change). */
function waitForProjects(ctx: Ctx, predicate: (configs: string[]) => boolean, what: string, timeoutMs = 30_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const configs = () => (ctx.databaseState.snapshot.graph?.projects ?? []).map((p) => p.config);
    const check = () => {
      if (!predicate(configs())) return;
      finish();
      resolve(configs());
    };
    const sub = ctx.databaseState.onDidChange(() => check());
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; projects: ${configs().join(', ') || '(none)'}`));
    }, timeoutMs);
    function finish() {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

export default function registerInitializeSuite(): void {
  suite('Initialize Alembic', () => {
    let ctx: Ctx;
    let folder: string;

    suiteSetup(async () => {
      ctx = await activateAlembic();
      folder = path.join(workspaceFolder().uri.fsPath, FOLDER);
      fs.rmSync(folder, { recursive: true, force: true });
      fs.mkdirSync(folder);
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The whole folder at once, as a user deletes it: one watched-file event, for the folder.
      const ini = path.join(folder, 'alembic.ini');
      fs.rmSync(folder, { recursive: true, force: true });
      await waitForProjects(ctx, (configs) => !configs.includes(ini), 'the initialized project to go away');
    });

    test('in a folder that has a project, it says so and writes nothing', async () => {
      const said: string[] = [];
      const root = workspaceFolder().uri.fsPath;
      const before = fs.readdirSync(root).sort();
      await withStubs(ctx, { showInformationMessage: async (message: string) => (said.push(message), undefined) }, () =>
        vscode.commands.executeCommand('alembic.initialize', root),
      );
      assert.strictEqual(said.length, 1, said.join('\n'));
      assert.match(said[0], /already has an Alembic project \(alembic\.ini\)/);
      assert.deepStrictEqual(fs.readdirSync(root).sort(), before);
    });

    test('in an empty folder: the installed templates, alembic init through the runner, env.py open at target_metadata, the project found', async () => {
      const ini = path.join(folder, 'alembic.ini');
      const offered: string[][] = [];
      const asked: vscode.InputBoxOptions[] = [];
      const errors: string[] = [];
      await withStubs(
        ctx,
        {
          showQuickPick: async (items: readonly (vscode.QuickPickItem & { template: string })[]) => {
            offered.push(items.map((item) => item.label));
            return items.find((item) => item.label === 'async');
          },
          showInputBox: async (options: vscode.InputBoxOptions) => (asked.push(options), options.value),
          showErrorMessage: async (message: string) => (errors.push(message), undefined),
          showInformationMessage: async () => undefined,
        },
        () => vscode.commands.executeCommand('alembic.initialize', folder),
      );
      assert.deepStrictEqual(errors, []);

      // The templates are those the chosen interpreter's Alembic lists, of generic, async, pyproject.
      const python = ctx.alembic.interpreters.get(ini);
      assert.ok(python, 'an interpreter was chosen for the new project');
      const listed = spawnSync(python.path, ['-m', 'alembic', 'list_templates'], { cwd: folder, encoding: 'utf8' });
      assert.strictEqual(listed.status, 0, listed.stderr);
      const names = [...listed.stdout.matchAll(/^(\w+) - /gm)].map((m) => m[1]);
      assert.deepStrictEqual(offered, [['generic', 'async', 'pyproject'].filter((name) => names.includes(name))]);
      assert.ok(offered[0].includes('generic') && offered[0].includes('async'));

      // The scripts folder was asked, with a default, and an unusable answer is explained.
      assert.strictEqual(asked.length, 1);
      assert.strictEqual(asked[0].value, 'migrations');
      assert.match(String(await asked[0].validateInput?.('')), /Name the folder/);

      // alembic init ran: the ini in the folder, the async env.py.
      assert.ok(fs.existsSync(ini));
      const envPy = path.join(folder, 'migrations', 'env.py');
      assert.match(fs.readFileSync(envPy, 'utf8'), /AsyncEngine|async_engine_from_config/);
      assert.ok(fs.existsSync(path.join(folder, 'migrations', 'versions')));

      // env.py is the active editor, target_metadata's value selected.
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor open');
      assert.strictEqual(editor.document.uri.fsPath, envPy);
      assert.match(editor.document.lineAt(editor.selection.start.line).text, /^target_metadata = /);
      assert.strictEqual(editor.document.getText(editor.selection), 'None');

      // The language server finds the new project (the walkthrough's first step completes on it).
      await waitForProjects(ctx, (configs) => configs.includes(ini), 'the initialized project');
    });
  });
}
