import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import { activateAlembic, revisionRows, waitForDiagnostics, waitForTreeRows, workspaceUri } from '../helpers';
import { BASE, CURRENT, DATABASE_URL, HEAD, recorder, versionRows, withStub } from '../commandStubs';

/**
 * The rest of the Alembic commands as a user runs them (after the migrate suite, before the
 * database suite): the item menu's Upgrade/Downgrade to Here, Show SQL, Copy Revision Id, Select
 * Python Interpreter, Merge Heads…, a second run while one is running, Cancel on the progress
 * notification, Check Models Against Database and Autogenerate Revision… against models. Real
 * Alembic, real PostgreSQL; every dialog answered by the test through ctx.ui. Starts and leaves the
 * database at the fixture's 2nd revision.
 */
type ProgressTask = (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<unknown>;

function statusText(ctx: Ctx): string {
  return ctx.statusBar.item.text;
}

/** Resolves when the status bar's visible text shows the revision's first 8 characters as the database's revision. */
async function waitForStatus(ctx: Ctx, revision: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  const short = revision.slice(0, 8);
  while (!new RegExp(`alembic_test ${short}( |$)`).test(statusText(ctx))) {
    if (Date.now() > deadline) throw new Error(`status bar still "${statusText(ctx)}", expected it to show ${short}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes a migration into the fixture's versions folder and waits until the tree lists it. */
async function addMigration(ctx: Ctx, name: string, text: string): Promise<string> {
  const file = workspaceUri('migrations', 'versions', name).fsPath;
  fs.writeFileSync(file, text);
  const id = name.slice(0, 12);
  await waitForTreeRows(ctx.tree, (rows) => revisionRows(rows).some((r) => r.description.startsWith(id.slice(0, 8))), `${name} listed`);
  return file;
}

/** Runs `body`, then `cleanup`; a cleanup failure after a failed body is logged, not thrown over the body's own error. */
async function thenCleanUp(body: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await cleanup().catch((cleanupError: unknown) => console.error('cleanup after a failed test also failed:', cleanupError));
    throw error;
  }
  await cleanup();
}

async function removeMigrations(ctx: Ctx, files: string[]): Promise<void> {
  // As a user deletes (the Explorer): a workspace edit, which takes the open documents with it.
  const edit = new vscode.WorkspaceEdit();
  for (const file of files) edit.deleteFile(vscode.Uri.file(file), { ignoreIfNotExists: true });
  assert.ok(await vscode.workspace.applyEdit(edit), `deleted ${files.join(', ')}`);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitForTreeRows(ctx.tree, (rows) => revisionRows(rows).length === 3, 'back to the three fixture revisions');
}

function migration(id: string, parent: string, message: string, upgrade: string): string {
  return [
    `"""${message}`,
    '',
    `Revision ID: ${id}`,
    `Revises: ${parent}`,
    'Create Date: 2024-03-01 10:00:00.000000',
    '',
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision = '${id}'`,
    `down_revision = '${parent}'`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade() -> None:',
    ...upgrade.split('\n').map((line) => `    ${line}`),
    '',
    '',
    'def downgrade() -> None:',
    '    pass',
    '',
  ].join('\n');
}

export default function registerAlembicCommandsSuite(): void {
  suite('Alembic commands: item menu, SQL, interpreter, merge, busy and cancel, models', () => {
    let ctx: Ctx;
    const config = (): string => workspaceUri('alembic.ini').fsPath;

    suiteSetup(async () => {
      assert.ok(DATABASE_URL, 'ALEMBIC_TEST_DATABASE_URL is not set: run the suite through test/support/run-vscode-suite.mjs');
      ctx = await activateAlembic();
      await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.connected', 'the fixture database connected');
      assert.deepStrictEqual(await versionRows(), [CURRENT]);
      // The migrate suite reached the head and stamped back (the head has no downgrade()): its table stays behind.
      await dropPosts();
      await waitForStatus(ctx, CURRENT);
    });

    test('Downgrade to Here asks ("Downgrade", naming what it undoes), Upgrade to Here asks nothing; the status bar follows each run', async () => {
      const { asked, warning } = recorder((a) => (a.options.modal ? 'Downgrade' : undefined));
      await withStub(ctx, 'showWarningMessage', warning, () => vscode.commands.executeCommand('alembic.downgradeToHere', { config: config(), revision: BASE }));
      assert.strictEqual(asked.length, 1, 'one question');
      assert.strictEqual(asked[0].options.modal, true);
      assert.deepStrictEqual(asked[0].items, ['Downgrade']);
      assert.strictEqual(asked[0].message, `Downgrade to Here: take alembic_test (127.0.0.1) down to ${BASE}?`);
      assert.match(asked[0].options.detail ?? '', new RegExp(`undoes 1 revision:\\n\\s+${CURRENT}\\s+add email to users`));
      assert.deepStrictEqual(await versionRows(), [BASE]);
      await waitForStatus(ctx, BASE);

      await withStub(ctx, 'showWarningMessage', warning, () =>
        vscode.commands.executeCommand('alembic.upgradeToHere', { config: config(), revision: CURRENT }),
      );
      assert.strictEqual(asked.length, 1, 'a local upgrade asks nothing');
      assert.deepStrictEqual(await versionRows(), [CURRENT]);
      await waitForStatus(ctx, CURRENT);
    });

    test('Show SQL… (pick the head) and the item menu Show SQL: the upgrade SQL from the current revision in an untitled SQL editor; nothing runs', async () => {
      let offered: { id: string; label: string; description: string }[] = [];
      const pick = async (items: { id: string; label: string; description: string }[]) => {
        offered = items;
        return items.find((item) => item.id === HEAD);
      };
      await withStub(ctx, 'showQuickPick', pick, () => vscode.commands.executeCommand('alembic.showSql'));
      assert.deepStrictEqual(
        offered.map((item) => item.id),
        [HEAD],
        'only what an upgrade can reach, heads first',
      );
      assert.match(offered[0].description, /^3c4d5e6f7a8b · head · pending$/);
      for (const run of [1, 2]) {
        const editor = vscode.window.activeTextEditor;
        assert.ok(editor, `run ${run}: an editor is open`);
        assert.strictEqual(editor.document.isUntitled, true);
        assert.strictEqual(editor.document.languageId, 'sql');
        const sql = editor.document.getText();
        assert.match(sql, /CREATE TABLE posts/);
        assert.match(sql, /UPDATE alembic_version SET version_num='3c4d5e6f7a8b' WHERE alembic_version.version_num = '2b3c4d5e6f7a'/);
        assert.doesNotMatch(sql, /CREATE TABLE users/, 'from the current revision, not from base');
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        if (run === 1) await vscode.commands.executeCommand('alembic.showSqlHere', { config: config(), revision: HEAD });
      }
      assert.deepStrictEqual(await versionRows(), [CURRENT], 'offline: the database is unchanged');
    });

    test('Copy Revision Id puts the full id on the clipboard', async () => {
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand('alembic.copyRevisionId', { config: config(), revision: HEAD });
      assert.strictEqual(await vscode.env.clipboard.readText(), HEAD);
    });

    test('Select Python Interpreter lists each candidate with its versions; the choice becomes alembic.pythonPath and shows in the tooltip', async () => {
      let offered: { label: string; description?: string; detail?: string; path?: string }[] = [];
      const pick = async (items: typeof offered) => {
        offered = items;
        return items.find((item) => item.path === '/usr/bin/python3');
      };
      const info = recorder();
      const settings = vscode.workspace.getConfiguration('alembic', vscode.workspace.workspaceFolders?.[0].uri);
      try {
        await withStub(ctx, 'showInformationMessage', info.message, () =>
          withStub(ctx, 'showQuickPick', pick, () => vscode.commands.executeCommand('alembic.selectInterpreter')),
        );
        const system = offered.find((item) => item.path === '/usr/bin/python3');
        assert.ok(system, `/usr/bin/python3 offered: ${offered.map((item) => item.label).join(', ')}`);
        assert.match(system.label, /^\$\(check\) /);
        assert.match(system.description ?? '', /^Python 3\.\d+\.\d+, Alembic \d+\.\d+/);
        assert.strictEqual(offered[offered.length - 1].label, '$(folder-opened) Browse…');
        for (const refused of offered.filter((item) => item.label.startsWith('$(circle-slash)'))) {
          assert.ok(refused.description, `${refused.path}: says why it is refused`);
        }
        assert.strictEqual(vscode.workspace.getConfiguration('alembic', vscode.workspace.workspaceFolders?.[0].uri).get('pythonPath'), '/usr/bin/python3');
        assert.match(info.asked[0]?.message ?? '', /^Alembic runs with \/usr\/bin\/python3 \(Alembic \d+\.\d+/);
        assert.strictEqual(ctx.alembic.interpreters.get(config())?.path, '/usr/bin/python3');
        assert.match((ctx.statusBar.item.tooltip as vscode.MarkdownString).value, /\/usr\/bin\/python3/);
      } finally {
        await settings.update('pythonPath', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
        ctx.alembic.discovery.clear();
      }
    });

    test('Merge Heads… offers both heads and writes their merge revision, opened; Alembic then reports one head', async () => {
      const branchId = '4d5e6f7a8b9c';
      const branch = await addMigration(ctx, `${branchId}_branch_from_email.py`, migration(branchId, CURRENT, 'branch from email', 'pass'));
      const versions = workspaceUri('migrations', 'versions').fsPath;
      const before = new Set(fs.readdirSync(versions));
      let offered: { id: string; picked?: boolean }[] = [];
      const pickMany = async (items: typeof offered) => {
        offered = items;
        return items;
      };
      const created: string[] = [];
      await thenCleanUp(
        async () => {
          await withStub(
            ctx,
            'showInputBox',
            async () => 'merge branches',
            () => withStub(ctx, 'showQuickPickMany', pickMany, () => vscode.commands.executeCommand('alembic.mergeHeads')),
          );
          assert.deepStrictEqual(offered.map((item) => item.id).sort(), [HEAD, branchId].sort());
          assert.ok(
            offered.every((item) => item.picked),
            'both heads picked by default',
          );
          created.push(...fs.readdirSync(versions).filter((name) => !before.has(name) && name.endsWith('.py')));
          assert.strictEqual(created.length, 1, `one merge file: ${created.join(', ')}`);
          assert.match(created[0], /^[0-9a-f]{12}_merge_branches\.py$/);
          const text = fs.readFileSync(path.join(versions, created[0]), 'utf8');
          const parents = /down_revision[^=]*= \(([^)]*)\)/.exec(text)?.[1];
          assert.ok(parents, `a tuple of parents in:\n${text}`);
          assert.deepStrictEqual(parents.match(/[0-9a-f]{12}/g)?.sort(), [HEAD, branchId].sort());
          assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(versions, created[0]), 'the merge file is open');
          const project = await ctx.pickProject(config(), 'heads', true);
          const heads = await ctx.alembic.run(project, { title: 'Heads', args: ['heads'] });
          assert.deepStrictEqual(heads.stdout.trim().split('\n'), [`${created[0].slice(0, 12)} (head)`], "the real Alembic's heads");
        },
        async () => {
          await removeMigrations(ctx, [branch, ...created.map((name) => path.join(versions, name))]);
        },
      );
    });

    test('New Revision… with two heads asks which one and for a branch label; a template the native renderer cannot do goes to alembic revision, whose file opens', async () => {
      const branchId = '4d5e6f7a8b9c';
      const branch = await addMigration(ctx, `${branchId}_branch_from_email.py`, migration(branchId, CURRENT, 'branch from email', 'pass'));
      const versions = workspaceUri('migrations', 'versions').fsPath;
      const template = workspaceUri('migrations', 'script.py.mako').fsPath;
      const templateText = fs.readFileSync(template, 'utf8');
      const before = new Set(fs.readdirSync(versions));
      const newFiles = (): string[] => fs.readdirSync(versions).filter((name) => !before.has(name) && name.endsWith('.py'));
      await thenCleanUp(
        async () => {
          const inputs: string[] = [];
          const answers: Record<string, string> = { 'New Revision': 'on the branch', 'New Revision: branch label (optional)': 'feature' };
          const input = async (options: vscode.InputBoxOptions) => {
            inputs.push(options.title ?? '');
            return answers[options.title ?? ''];
          };
          let offered: { id: string; description: string }[] = [];
          let parent = branchId;
          const pick = async (items: typeof offered) => {
            offered = items;
            return items.find((item) => item.id === parent);
          };
          await withStub(ctx, 'showInputBox', input, () => withStub(ctx, 'showQuickPick', pick, () => vscode.commands.executeCommand('alembic.newRevision')));
          assert.deepStrictEqual(offered.map((item) => item.id).sort(), [HEAD, branchId].sort(), 'both heads offered');
          assert.deepStrictEqual(inputs, ['New Revision', 'New Revision: branch label (optional)']);
          const [native] = newFiles();
          assert.match(native ?? '', /^[0-9a-f]{12}_on_the_branch\.py$/);
          const nativeText = fs.readFileSync(path.join(versions, native), 'utf8');
          assert.match(nativeText, new RegExp(`down_revision: Union\\[str, None\\] = '${branchId}'`));
          assert.match(nativeText, /branch_labels: Union\[str, Sequence\[str\], None\] = \('feature',\)/);
          assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(versions, native));

          // len() is beyond the native renderer: Alembic renders it.
          fs.writeFileSync(template, templateText + '# message length: ${len(message)}\n');
          answers['New Revision'] = 'rendered by alembic';
          answers['New Revision: branch label (optional)'] = '';
          parent = native.slice(0, 12); // the heads now: the fixture's and the one just written
          await withStub(ctx, 'showInputBox', input, () => withStub(ctx, 'showQuickPick', pick, () => vscode.commands.executeCommand('alembic.newRevision')));
          const fallback = newFiles().find((name) => name !== native);
          assert.match(fallback ?? '', /^[0-9a-f]{12}_rendered_by_alembic\.py$/);
          const fallbackText = fs.readFileSync(path.join(versions, fallback!), 'utf8');
          assert.match(fallbackText, new RegExp(`^# message length: ${'rendered by alembic'.length}$`, 'm'), 'Mako itself rendered the template');
          assert.match(fallbackText, new RegExp(`down_revision: Union\\[str, None\\] = '${parent}'`), 'on the head picked (--head)');
          assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(versions, fallback!), 'the file Alembic wrote is open');
        },
        async () => {
          fs.writeFileSync(template, templateText);
          await removeMigrations(ctx, [branch, ...newFiles().map((name) => path.join(versions, name))]);
        },
      );
    });

    test('a second command while Alembic runs says what is running; Cancel stops the run and says where the database was left (where it was)', async () => {
      const slowId = '5e6f7a8b9c0d';
      const slow = await addMigration(ctx, `${slowId}_slow_data_fix.py`, migration(slowId, HEAD, 'slow data fix', 'import time\n\ntime.sleep(120)'));
      const errors = recorder();
      const warnings = recorder();
      const reports: string[] = [];
      let secondCommand: Thenable<unknown> | undefined;
      const progressStub = (options: vscode.ProgressOptions, task: ProgressTask): Thenable<unknown> => {
        const source = new vscode.CancellationTokenSource();
        if (options.title !== 'Alembic: Upgrade to Head') return task({ report: () => undefined }, source.token);
        assert.strictEqual(options.cancellable, true, 'the notification has a Cancel button');
        return task(
          {
            report: ({ message }) => {
              if (!message) return;
              reports.push(message);
              // The slow revision started: a second command, then Cancel, as a user would.
              if (message.includes(`-> ${slowId}`) && !secondCommand) {
                secondCommand = vscode.commands.executeCommand('alembic.upgradeOne').then(() => source.cancel());
              }
            },
          },
          source.token,
        );
      };
      const started = Date.now();
      await thenCleanUp(
        async () => {
          await withStub(ctx, 'showErrorMessage', errors.message, () =>
            withStub(ctx, 'showWarningMessage', warnings.warning, () =>
              withStub(ctx, 'withProgress', progressStub, () => vscode.commands.executeCommand('alembic.upgradeHead')),
            ),
          );
          await secondCommand;
          assert.ok(Date.now() - started < 60_000, 'the cancelled run ended long before the migration would have');
          assert.deepStrictEqual(reports, [`upgrade ${CURRENT} -> ${HEAD}, create posts table`, `upgrade ${HEAD} -> ${slowId}, slow data fix`]);
          assert.strictEqual(errors.asked.length, 1, `one error: ${errors.asked.map((a) => a.message).join(' | ')}`);
          assert.match(errors.asked[0].message, /^Upgrade One failed: Alembic is already running for .*alembic\.ini: Upgrade to Head \(started \d+ s ago\)/);
          assert.deepStrictEqual(
            warnings.asked.map((a) => a.message),
            [`Upgrade to Head was cancelled. The database is at ${CURRENT}.`],
          );
          // One transaction for the whole upgrade: the cancelled run rolled back the head's table too.
          assert.deepStrictEqual(await versionRows(), [CURRENT]);
          assert.strictEqual(await tableExists('posts'), false);
          await waitForStatus(ctx, CURRENT);
        },
        async () => {
          await removeMigrations(ctx, [slow]);
        },
      );
    });

    test("a migration that raises: one message with Alembic's last error line, the database where it was, an error at the raising line until the next successful run", async () => {
      const raisingId = '6f7a8b9c0d1e';
      const body = "op.execute('SELECT 1')\nraise ValueError('backfill found orphaned rows')";
      const file = await addMigration(ctx, `${raisingId}_backfill.py`, migration(raisingId, HEAD, 'backfill', body));
      const uri = vscode.Uri.file(file);
      const raisingLine = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .findIndex((line) => line.includes('raise ValueError'));
      await thenCleanUp(
        async () => {
          const errors = recorder();
          await withStub(ctx, 'showErrorMessage', errors.message, () => vscode.commands.executeCommand('alembic.upgradeHead'));
          assert.deepStrictEqual(
            errors.asked.map((a) => [a.message, a.items]),
            [[`Upgrade to Head failed: ValueError: backfill found orphaned rows The database is at ${CURRENT}.`, ['Open Output']]],
          );
          assert.deepStrictEqual(await versionRows(), [CURRENT], 'one transaction: rolled back');
          assert.strictEqual(await tableExists('posts'), false);
          const [diagnostic] = await waitForDiagnostics(uri, (list) => list.some((d) => d.source === 'alembic run'), 'the run diagnostic').then((list) =>
            list.filter((d) => d.source === 'alembic run'),
          );
          assert.strictEqual(diagnostic.range.start.line, raisingLine);
          assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
          assert.strictEqual(diagnostic.message, 'Upgrade to Head failed here: ValueError: backfill found orphaned rows');

          // The next successful run of the project (the offline SQL preview) clears it.
          await withStub(
            ctx,
            'showQuickPick',
            async (items: { id: string }[]) => items.find((item) => item.id === HEAD),
            () => vscode.commands.executeCommand('alembic.showSql'),
          );
          await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
          await waitForDiagnostics(uri, (list) => !list.some((d) => d.source === 'alembic run'), 'the run diagnostic cleared');
        },
        () => removeMigrations(ctx, [file]),
      );
    });

    test('Check Models Against Database and Autogenerate Revision…: models equal to the database match and autogenerate offers to delete the empty file; a new model table is one difference and a revision that creates it', async () => {
      const ini = config();
      const iniText = fs.readFileSync(ini, 'utf8');
      const models = workspaceUri('vscode_models.py').fsPath;
      const versions = workspaceUri('migrations', 'versions').fsPath;
      const before = new Set(fs.readdirSync(versions));
      const reflect = [
        'import sqlalchemy as sa',
        'from alembic import context',
        '',
        '# The models: exactly what the database has (reflected), less the version table.',
        'metadata = sa.MetaData()',
        'metadata.reflect(sa.create_engine(context.config.get_main_option("sqlalchemy.url")))',
        'metadata.remove(metadata.tables["alembic_version"])',
        '',
      ].join('\n');
      // Autogenerate and the check compare against a database at head.
      await vscode.commands.executeCommand('alembic.upgradeHead');
      assert.deepStrictEqual(await versionRows(), [HEAD]);
      fs.writeFileSync(models, reflect);
      fs.writeFileSync(ini, iniText.replace('[alembic]\n', '[alembic]\ntarget_metadata = vscode_models:metadata\n'));
      const newFiles = (): string[] => fs.readdirSync(versions).filter((name) => !before.has(name) && name.endsWith('.py'));
      await thenCleanUp(
        async () => {
          const match = recorder();
          await withStub(ctx, 'showInformationMessage', match.message, () => vscode.commands.executeCommand('alembic.checkModels'));
          assert.deepStrictEqual(
            match.asked.map((a) => a.message),
            ['Check Models Against Database: the models match the database.'],
          );

          const empty = recorder((a) => (a.items.includes('Delete the Empty Revision') ? 'Delete the Empty Revision' : undefined));
          await withStub(
            ctx,
            'showInputBox',
            async () => 'nothing yet',
            () => withStub(ctx, 'showInformationMessage', empty.message, () => vscode.commands.executeCommand('alembic.autogenerateRevision')),
          );
          assert.deepStrictEqual(
            empty.asked.map((a) => [a.message, a.items]),
            [['Autogenerate: no changes detected between the models and the database.', ['Delete the Empty Revision', 'Keep It']]],
          );
          assert.deepStrictEqual(newFiles(), [], 'the empty revision was deleted');

          fs.writeFileSync(
            models,
            reflect + 'sa.Table("tags", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(50), nullable=False))\n',
          );
          const differs = recorder();
          await withStub(ctx, 'showWarningMessage', differs.warning, () => vscode.commands.executeCommand('alembic.checkModels'));
          assert.strictEqual(differs.asked.length, 1);
          assert.match(differs.asked[0].message, /^Check Models Against Database: 1 difference: add table tags$/);
          assert.deepStrictEqual(differs.asked[0].items, ['Autogenerate Revision…', 'Open Output']);

          const none = recorder();
          await withStub(
            ctx,
            'showInputBox',
            async () => 'add tags table',
            () => withStub(ctx, 'showInformationMessage', none.message, () => vscode.commands.executeCommand('alembic.autogenerateRevision')),
          );
          assert.deepStrictEqual(none.asked, [], 'changes were detected: no question');
          const created = newFiles();
          assert.strictEqual(created.length, 1, `one new revision: ${created.join(', ')}`);
          assert.match(created[0], /^[0-9a-f]{12}_add_tags_table\.py$/);
          const text = fs.readFileSync(path.join(versions, created[0]), 'utf8');
          assert.match(text, /op\.create_table\(\s*'tags'/);
          assert.match(text, new RegExp(`down_revision: Union\\[str, None\\] = '${HEAD}'`));
          const editor = vscode.window.activeTextEditor;
          assert.strictEqual(editor?.document.uri.fsPath, path.join(versions, created[0]), 'the new revision is open');
          assert.match(editor.document.lineAt(editor.selection.active.line).text, /^def upgrade\(\)/);
        },
        async () => {
          fs.writeFileSync(ini, iniText);
          fs.rmSync(models, { force: true });
          await removeMigrations(
            ctx,
            newFiles().map((name) => path.join(versions, name)),
          );
          // Back to where the suite found the database (the fixture head has no downgrade()).
          await resetTo(CURRENT);
          await dropPosts();
          await ctx.refresh();
          await waitForStatus(ctx, CURRENT);
        },
      );
    });
  });
}

async function withDatabase<T>(body: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

function tableExists(name: string): Promise<boolean> {
  return withDatabase(async (client) => (await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [name])).rows[0].found as boolean);
}

function dropPosts(): Promise<void> {
  return withDatabase(async (client) => void (await client.query('DROP TABLE IF EXISTS posts')));
}

function resetTo(revision: string): Promise<void> {
  return withDatabase(async (client) => void (await client.query('UPDATE alembic_version SET version_num = $1', [revision])));
}
