import * as assert from 'assert';
import * as fs from 'fs';
import { Client } from 'pg';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import type { TreeNode } from '../../../client/src/tree/revisionModel';
import { activateAlembic, revisionRows, waitForTreeRows, workspaceUri, type TreeRow } from '../helpers';

/**
 * The Revisions view and the status bar against a real database: the runner (run-vscode-suite.mjs)
 * upgraded a PostgreSQL database to the fixture's 2nd revision and wrote DATABASE_URL (with the
 * password) into the workspace's .env; ALEMBIC_TEST_DATABASE_URL is the same URL.
 */
const DATABASE_URL = process.env.ALEMBIC_TEST_DATABASE_URL;
const HEAD = '3c4d5e6f7a8b';
const CURRENT = '2b3c4d5e6f7a';
const BASE = '1a2b3c4d5e6f';

/** The contextValues of the revision rows, newest first, at the fixture database's state. */
const AT_CURRENT = ['revision.pending.head', 'revision.current', 'revision.applied.base'];
const STATELESS = ['revision.head', 'revision', 'revision.base'];

type InputBox = typeof vscode.window.showInputBox;

/**
 * Answers the next input boxes with `answers`, in order, and records each box's options. Stubs
 * window.showInputBox itself; the context's prompts call it at the time of the call.
 */
function answerInputBoxes(ctx: Ctx, answers: string[]): { seen: vscode.InputBoxOptions[]; restore: () => void } {
  const seen: vscode.InputBoxOptions[] = [];
  const stub = (async (options?: vscode.InputBoxOptions) => {
    seen.push(options ?? {});
    if (!answers.length) throw new Error(`an unexpected input box: ${options?.title} ${options?.prompt}`);
    return answers.shift();
  }) as InputBox;
  const window = vscode.window as { showInputBox: InputBox };
  const original = window.showInputBox;
  let restore: () => void;
  try {
    window.showInputBox = stub;
  } catch {
    /* a frozen API object: answer through the context's prompts instead */
  }
  if (vscode.window.showInputBox === stub) restore = () => (window.showInputBox = original);
  else {
    const ui = ctx.ui as { showInputBox: InputBox };
    const before = ui.showInputBox;
    ui.showInputBox = stub;
    restore = () => (ui.showInputBox = before);
  }
  return { seen, restore };
}

function nodeOf(ctx: Ctx, predicate: (node: TreeNode) => boolean): TreeNode {
  const node = [...ctx.tree.current.byId.values()].find(predicate);
  assert.ok(node, 'no such node');
  return node;
}

function describe(rows: TreeRow[]): string {
  return rows.map((r) => `${r.label} | ${r.description} | ${r.contextValue}`).join('\n  ');
}

export default function registerDatabaseSuite(): void {
  suite('database: Revisions view and status bar', () => {
    let ctx: Ctx;
    let url: URL;
    let withoutPassword: string;

    suiteSetup(async () => {
      assert.ok(DATABASE_URL, 'ALEMBIC_TEST_DATABASE_URL is not set: run the suite through test/support/run-vscode-suite.mjs');
      url = new URL(DATABASE_URL);
      const bare = new URL(DATABASE_URL);
      bare.password = '';
      withoutPassword = bare.toString();
      ctx = await activateAlembic();
    });

    test('the fixture database: a database row, each revision applied, current or pending with its icon and contextValue', async () => {
      const rows = await waitForTreeRows(
        ctx.tree,
        (r) =>
          r[0]?.contextValue === 'database.connected' &&
          revisionRows(r)
            .map((x) => x.contextValue)
            .join() === AT_CURRENT.join(),
        'the revisions against the fixture database',
      );
      const database = rows[0];
      assert.strictEqual(database.label, url.pathname.slice(1));
      assert.match(database.description, new RegExp(`^${CURRENT.slice(0, 8)} · 1 pending · 127\\.0\\.0\\.1:${url.port}$`), describe(rows));
      const databaseNode = nodeOf(ctx, (n) => n.kind === 'database');
      assert.match(databaseNode.tooltip, /\.env/, `the tooltip says where the URL came from: ${databaseNode.tooltip}`);
      assert.doesNotMatch(databaseNode.tooltip, new RegExp(url.password), 'no password in the tooltip');

      const revisions = revisionRows(rows);
      assert.strictEqual(revisions[0].description, `${HEAD.slice(0, 8)} head · pending · 2024-02-01`);
      assert.strictEqual(revisions[1].description, `${CURRENT.slice(0, 8)} · current · 2024-01-22`);
      const icons = await Promise.all(
        [HEAD, CURRENT, BASE].map(async (id) => {
          const item = await ctx.tree.getTreeItem(nodeOf(ctx, (n) => n.kind === 'revision' && n.revision === id));
          return (item.iconPath as vscode.ThemeIcon).id;
        }),
      );
      assert.deepStrictEqual(icons, ['circle-large-outline', 'debug-stackframe', 'pass']);
      // getParent: a single project's rows are roots.
      assert.strictEqual(ctx.tree.getParent(nodeOf(ctx, (n) => n.kind === 'revision')), undefined);
      // The click opens the file at the revision line the server located.
      const click = revisions[0].command!;
      assert.strictEqual(click.command, 'alembic.openRevision');
      await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
      assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith(`/${HEAD}_create_posts_table.py`));
      assert.match(vscode.window.activeTextEditor!.document.lineAt(vscode.window.activeTextEditor!.selection.active.line).text, /^revision\b/);
    });

    test('the status bar: database name, current short id and "1 pending"; a tooltip with server and project', async () => {
      await ctx.refresh();
      assert.strictEqual(ctx.statusBar.item.text, `$(database) ${url.pathname.slice(1)} ${CURRENT.slice(0, 8)} $(warning) 1 pending`);
      const tooltip = (ctx.statusBar.item.tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, new RegExp(`127\\.0\\.0\\.1:${url.port}`));
      assert.match(tooltip, /3 revisions: 1 pending/);
      assert.strictEqual(ctx.statusBar.item.command, 'alembic.showDatabaseActions');
    });

    test('while the view is visible it follows the database every alembic.refreshInterval seconds, with no Refresh', async () => {
      await vscode.commands.executeCommand('alembic.revisions.focus');
      const config = vscode.workspace.getConfiguration('alembic');
      await config.update('refreshInterval', 1, vscode.ConfigurationTarget.Workspace);
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        // Someone else (a terminal, CI) upgrades the database.
        await client.query('UPDATE alembic_version SET version_num = $1', [HEAD]);
        await waitForTreeRows(
          ctx.tree,
          (r) => revisionRows(r)[0]?.contextValue === 'revision.current.head',
          'the head shown current after the next timed refresh',
          15_000,
        );
      } finally {
        await client.query('UPDATE alembic_version SET version_num = $1', [CURRENT]);
        await client.end();
        await config.update('refreshInterval', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await vscode.commands.executeCommand('alembic.refresh');
      await waitForTreeRows(
        ctx.tree,
        (r) =>
          revisionRows(r)
            .map((x) => x.contextValue)
            .join() === AT_CURRENT.join(),
        'back at the fixture state',
      );
    });

    test('no source names a database: "No database connected" and "no database"; the files stay listed', async () => {
      fs.rmSync(workspaceUri('.env').fsPath);
      await vscode.commands.executeCommand('alembic.refresh');
      const rows = await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.none', 'the "No database connected" row');
      assert.deepStrictEqual(
        revisionRows(rows).map((r) => r.contextValue),
        STATELESS,
      );
      assert.strictEqual(rows[0].command?.command, 'alembic.connectDatabase');
      assert.strictEqual(ctx.statusBar.item.text, '$(database) no database');
    });

    test('Connect Database…: the URL prompt (checked), then the password prompt; the view shows the states', async () => {
      const sqlalchemyUrl = withoutPassword.replace(/^postgresql:/, 'postgresql+psycopg2:');
      const prompts = answerInputBoxes(ctx, [sqlalchemyUrl, decodeURIComponent(url.password)]);
      try {
        await vscode.commands.executeCommand('alembic.connectDatabase');
      } finally {
        prompts.restore();
      }
      assert.strictEqual(prompts.seen.length, 2, 'a URL prompt and a password prompt');
      const [urlBox, passwordBox] = prompts.seen;
      assert.ok(urlBox.validateInput, 'the URL prompt checks what is typed');
      assert.ok(await urlBox.validateInput!('mysql://root@localhost/app'), 'a MySQL URL is refused');
      assert.ok(await urlBox.validateInput!('driver://user:pass@localhost/dbname'), "Alembic's placeholder is refused");
      assert.strictEqual(await urlBox.validateInput!(sqlalchemyUrl), undefined, 'a SQLAlchemy PostgreSQL URL is accepted');
      assert.strictEqual(passwordBox.password, true, 'the password is typed hidden');
      const rows = await waitForTreeRows(
        ctx.tree,
        (r) =>
          r[0]?.contextValue === 'database.connected' &&
          revisionRows(r)
            .map((x) => x.contextValue)
            .join() === AT_CURRENT.join(),
        'the states after Connect',
      );
      assert.match(nodeOf(ctx, (n) => n.kind === 'database').tooltip, /Connect/i, 'the tooltip names Connect Database… as the source');
      assert.doesNotMatch(JSON.stringify(vscode.workspace.getConfiguration('alembic').inspect('databaseUrl')), /psycopg2/, 'Connect writes no setting');
      assert.strictEqual(ctx.statusBar.item.text, `$(database) ${url.pathname.slice(1)} ${CURRENT.slice(0, 8)} $(warning) 1 pending`, describe(rows));
    });

    test('a wrong password: one "Wrong password" item with Retry and Re-enter Password, the files still listed; re-entering it fixes it', async () => {
      let prompts = answerInputBoxes(ctx, ['not-the-password']);
      try {
        await vscode.commands.executeCommand('alembic.reenterPassword');
      } finally {
        prompts.restore();
      }
      const rows = await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'fault.authentication', 'the wrong-password item');
      assert.strictEqual(rows.filter((r) => /^(fault|database)/.test(r.contextValue)).length, 1, `one item for the fault:\n  ${describe(rows)}`);
      assert.strictEqual(rows[0].label, 'Wrong password');
      assert.strictEqual(rows[0].command?.command, 'alembic.retryConnection');
      assert.deepStrictEqual(
        revisionRows(rows).map((r) => r.contextValue),
        STATELESS,
      );
      assert.match(ctx.statusBar.item.text, /^\$\(error\) /);

      prompts = answerInputBoxes(ctx, [decodeURIComponent(url.password)]);
      try {
        await vscode.commands.executeCommand('alembic.reenterPassword');
      } finally {
        prompts.restore();
      }
      await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.connected', 'connected again after the password was re-entered');
    });

    test('an unreachable server: one "cannot connect" item with Retry, the files still listed', async () => {
      const closed = new URL(withoutPassword);
      closed.port = '1'; // nothing listens on port 1
      const prompts = answerInputBoxes(ctx, [closed.toString(), 'x']);
      try {
        await vscode.commands.executeCommand('alembic.connectDatabase');
      } finally {
        prompts.restore();
      }
      const rows = await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'fault.refused', 'the cannot-connect item');
      assert.match(rows[0].label, /Cannot connect/);
      assert.match(rows[0].description, /127\.0\.0\.1:1/, 'the message names the server');
      assert.strictEqual(revisionRows(rows).length, 3);
      await vscode.commands.executeCommand('alembic.retryConnection', rows[0].command?.arguments?.[0]);
      assert.strictEqual((await waitForTreeRows(ctx.tree, (r) => r.length > 0, 'rows'))[0].contextValue, 'fault.refused', 'Retry reads again, still refused');
    });

    test('Disconnect Database forgets the URL and the stored password', async () => {
      const secretKey = `alembic.password:${url.username}@127.0.0.1:1/${url.pathname.slice(1)}`;
      assert.strictEqual(await ctx.extension.secrets.get(secretKey), 'x', 'Connect stored the password');
      await vscode.commands.executeCommand('alembic.disconnectDatabase');
      await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.none', 'no database after Disconnect');
      assert.strictEqual(await ctx.extension.secrets.get(secretKey), undefined, 'the password is forgotten');
      assert.strictEqual(ctx.statusBar.item.text, '$(database) no database');
    });
  });
}
