import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../client/src/ctx';
import type { GraphPanel } from '../../../client/src/graph/graphPanel';
import type { FromWebview, GraphProbe, ToWebview } from '../../../client/src/graph/messages';
import { activateAlembic, waitForTreeRows, workspaceUri } from '../helpers';
import { withStub } from '../commandStubs';

/**
 * Alembic: Show Revision Graph in the extension host: the panel opens and its webview paints the
 * fixture's three revisions with the database's states (the runner's fixture database is at the
 * 2nd, so the 3rd is pending); clicks and context-menu items in the webview (real pointer events
 * dispatched on its canvas) come back as messages that open the file and run the tree's commands;
 * selection follows the tree both ways; a refresh redraws without moving the view.
 */
const HEAD = '3c4d5e6f7a8b';
const CURRENT = '2b3c4d5e6f7a';
const BASE = '1a2b3c4d5e6f';

/** Resolves with the first message from the panel's webview that `predicate` accepts, sent after this call. */
function nextMessage<T extends FromWebview>(panel: GraphPanel, predicate: (m: FromWebview) => m is T, what: string, timeoutMs?: number): Promise<T>;
function nextMessage(panel: GraphPanel, predicate: (m: FromWebview) => boolean, what: string, timeoutMs?: number): Promise<FromWebview>;
function nextMessage(panel: GraphPanel, predicate: (m: FromWebview) => boolean, what: string, timeoutMs = 20_000): Promise<FromWebview> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const sub = panel.onDidReceiveMessage((message) => {
      seen.push(message.type);
      if (!predicate(message)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(message);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; messages seen: ${seen.join(', ') || '(none)'}`));
    }, timeoutMs);
  });
}

async function probe(panel: GraphPanel): Promise<GraphProbe> {
  const reply = nextMessage(panel, (m): m is Extract<FromWebview, { type: 'probe' }> => m.type === 'probe', 'a probe reply');
  await panel.post({ type: 'probe' });
  return (await reply).probe;
}

/** Probes until `predicate` holds (the webview draws on animation frames). */
async function probeUntil(panel: GraphPanel, predicate: (p: GraphProbe) => boolean, what: string, timeoutMs = 20_000): Promise<GraphProbe> {
  const deadline = Date.now() + timeoutMs;
  let last: GraphProbe | undefined;
  while (Date.now() < deadline) {
    last = await probe(panel);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; the webview last showed ${JSON.stringify(last)}`);
}

async function simulate(panel: GraphPanel, message: Omit<Extract<ToWebview, { type: 'simulate' }>, 'type'>): Promise<void> {
  await panel.post({ type: 'simulate', ...message });
}

function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('alembic.graph'));
}

export default function registerGraphViewSuite(): void {
  suite('Revision graph panel', () => {
    let ctx: Ctx;
    let config: string;
    let panel: GraphPanel;

    suiteSetup(async () => {
      ctx = await activateAlembic();
      config = workspaceUri('alembic.ini').fsPath;
      await waitForTreeRows(ctx.tree, (r) => r[0]?.contextValue === 'database.connected', 'the fixture database connected');
      // The Revisions view visible, as when a user works with both.
      await vscode.commands.executeCommand('alembic.revisions.focus');
    });

    suiteTeardown(async () => {
      panel?.panel.dispose();
    });

    test('Show Revision Graph opens a panel whose canvas paints the three revisions with their database states', async () => {
      await vscode.commands.executeCommand('alembic.showGraph');
      const opened = ctx.graphs.get(config);
      assert.ok(opened, 'a panel for the fixture project');
      panel = opened;
      const painted =
        panel.lastPaint ?? (await nextMessage(panel, (m): m is Extract<FromWebview, { type: 'painted' }> => m.type === 'painted', 'the first paint'));
      assert.strictEqual(painted.nodes, 3);
      assert.strictEqual(panel.panel.title, 'Revisions: ' + path.basename(path.dirname(config)));
      const shown = await probeUntil(panel, (p) => p.visible.length === 3 && p.visible.every((n) => n.state), 'three revisions on screen with states');
      const state = Object.fromEntries(shown.visible.map((n) => [n.id, n.state]));
      assert.deepStrictEqual(state, { [BASE]: 'applied', [CURRENT]: 'current', [HEAD]: 'pending' });
      // Heads on top: the pending head is the first row.
      assert.deepStrictEqual(
        shown.visible.map((n) => n.id),
        [HEAD, CURRENT, BASE],
      );
      assert.strictEqual(graphTabs().length, 1);

      // Asked again, the same panel comes back (no second one).
      await vscode.commands.executeCommand('alembic.showGraph', config);
      assert.strictEqual(ctx.graphs.get(config), panel);
      assert.strictEqual(graphTabs().length, 1);
    });

    test('a click on a revision selects it in the tree and opens its file at the revision line', async () => {
      const select = nextMessage(panel, (m) => m.type === 'select', 'a select message');
      const open = nextMessage(panel, (m) => m.type === 'open', 'an open message');
      await simulate(panel, { id: CURRENT, button: 'left' });
      assert.deepStrictEqual(await select, { type: 'select', id: CURRENT });
      assert.deepStrictEqual(await open, { type: 'open', id: CURRENT });
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'an editor is open');
      assert.strictEqual(path.basename(editor.document.uri.fsPath), `${CURRENT}_add_email_to_users.py`);
      assert.match(editor.document.lineAt(editor.selection.active.line).text, new RegExp(`^revision.*'${CURRENT}'`));
      assert.notStrictEqual(editor.viewColumn, panel.panel.viewColumn, 'the file opens beside the graph, not over it');
      // The tree follows the graph.
      const deadline = Date.now() + 10_000;
      while (ctx.treeView.selection[0]?.id !== `revision:${config}:${CURRENT}` && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.strictEqual(ctx.treeView.selection[0]?.id, `revision:${config}:${CURRENT}`);
    });

    test("the context menu offers the tree's actions for the revision's state and runs the tree's commands", async () => {
      // The file opened beside the graph: the graph is still on screen.
      assert.ok(panel.panel.visible, 'the graph panel stays visible');
      await panel.whenReady();
      await simulate(panel, { id: HEAD, button: 'right' });
      const pending = await probeUntil(panel, (p) => p.menu?.for === HEAD, 'the menu open on the head');
      assert.deepStrictEqual(pending.menu?.commands, [
        'alembic.upgradeToHere',
        'alembic.stampHere',
        'alembic.showSqlHere',
        'alembic.copyRevisionId',
        'alembic.openRevision',
      ]);
      await simulate(panel, { id: BASE, button: 'right' });
      const applied = await probeUntil(panel, (p) => p.menu?.for === BASE, 'the menu open on the base');
      assert.deepStrictEqual(applied.menu?.commands, ['alembic.downgradeToHere', 'alembic.stampHere', 'alembic.copyRevisionId', 'alembic.openRevision']);

      // Copy Revision Id: the tree's command puts the full id on the clipboard.
      await vscode.env.clipboard.writeText('');
      const copied = nextMessage(panel, (m) => m.type === 'action', 'the Copy Revision Id action');
      await simulate(panel, { id: BASE, button: 'right', menuCommand: 'alembic.copyRevisionId' });
      assert.deepStrictEqual(await copied, { type: 'action', command: 'alembic.copyRevisionId', id: BASE });
      assert.strictEqual(await vscode.env.clipboard.readText(), BASE);

      // Stamp Here asks first, naming the revision; declined, nothing runs.
      const asked: { message: string; items: string[] }[] = [];
      const record = async (message: string, _options: vscode.MessageOptions, ...items: string[]) => {
        asked.push({ message, items });
        return undefined;
      };
      await withStub(ctx, 'showWarningMessage', record, async () => {
        const stamped = nextMessage(panel, (m) => m.type === 'action', 'the Stamp Here action');
        await simulate(panel, { id: HEAD, button: 'right', menuCommand: 'alembic.stampHere' });
        await stamped;
      });
      assert.strictEqual(asked.length, 1, `one question: ${JSON.stringify(asked)}`);
      assert.deepStrictEqual(asked[0].items, ['Stamp']);
      assert.match(asked[0].message, new RegExp(HEAD.slice(0, 8)));
    });

    test('selecting a revision in the tree selects and centres it in the graph', async () => {
      const node = ctx.tree.current.byId.get(`revision:${config}:${HEAD}`);
      assert.ok(node);
      await ctx.treeView.reveal(node, { select: true, focus: true });
      const shown = await probeUntil(panel, (p) => p.selected === HEAD, 'the head selected in the graph');
      assert.ok(shown.visible.some((n) => n.id === HEAD));
    });

    test('a change redraws the picture without moving the view, a refresh that finds nothing new sends none; Save as SVG writes the same picture', async () => {
      await panel.post({ type: 'fit' });
      const before = await probeUntil(panel, (p) => p.view.scale !== 1 || p.view.x !== 0, 'the view fitted');
      const refreshes = ctx.databaseState.finishedRefreshes;
      await ctx.refresh();
      assert.ok(ctx.databaseState.finishedRefreshes > refreshes, 'the refresh ran');
      assert.strictEqual((await probe(panel)).version, before.version, 'nothing changed: no new picture');

      // The head's message edited (unsaved): a new picture with it, the view where it was.
      const head = await vscode.workspace.openTextDocument(workspaceUri(`migrations/versions/${HEAD}_create_posts_table.py`).fsPath);
      const message = (): string | undefined => panel.current?.nodes.find((n) => n.id === HEAD)?.message;
      assert.strictEqual(message(), 'create posts table');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(head.uri, head.lineAt(0).range, '"""create posts and their tags');
      await vscode.workspace.applyEdit(edit);
      try {
        const after = await probeUntil(panel, (p) => p.version > before.version && message() === 'create posts and their tags', 'a new picture');
        assert.deepStrictEqual(after.view, before.view);
        assert.strictEqual(after.selected, before.selected);
      } finally {
        await vscode.window.showTextDocument(head);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await probeUntil(panel, () => message() === 'create posts table', 'the picture back to the file on disk');

      const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-graph-')), 'graph.svg'));
      await withStub(
        ctx,
        'showSaveDialog',
        async () => target,
        async () => {
          const saved = nextMessage(panel, (m) => m.type === 'saveSvg', 'Save as SVG');
          await simulate(panel, { toolbar: 'save-svg' });
          await saved;
        },
      );
      const svg = fs.readFileSync(target.fsPath, 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      for (const [id, state] of [
        [BASE, 'applied'],
        [CURRENT, 'current'],
        [HEAD, 'pending'],
      ])
        assert.match(svg, new RegExp(`data-id="${id}" data-state="${state}"`));
    });

    test('alembic.graph.direction redraws the open graph left-right (oldest at the left) and back', async () => {
      const settings = vscode.workspace.getConfiguration('alembic');
      const centres = (p: GraphProbe) => Object.fromEntries(p.visible.map((n) => [n.id, n]));
      try {
        await settings.update('graph.direction', 'left-right', vscode.ConfigurationTarget.Global);
        const turned = await probeUntil(panel, (p) => p.direction === 'left-right' && p.visible.length === 3, 'the graph drawn left-right');
        const at = centres(turned);
        // Upgrade order reads left to right, on one band.
        assert.ok(at[BASE].x < at[CURRENT].x && at[CURRENT].x < at[HEAD].x, JSON.stringify(turned.visible));
        assert.strictEqual(at[BASE].y, at[HEAD].y);
        // Hit-testing goes through the same geometry: a right-click at the base's place opens its menu.
        await simulate(panel, { id: BASE, button: 'right' });
        await probeUntil(panel, (p) => p.menu?.for === BASE, 'the menu open on the base, left-right');
        // Save as SVG writes the picture left-right too.
        const target = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alembic-graph-')), 'graph.svg'));
        await withStub(
          ctx,
          'showSaveDialog',
          async () => target,
          async () => {
            const saved = nextMessage(panel, (m) => m.type === 'saveSvg', 'Save as SVG');
            await simulate(panel, { toolbar: 'save-svg' });
            await saved;
          },
        );
        const svg = fs.readFileSync(target.fsPath, 'utf8');
        const cx = (id: string) => Number(new RegExp(`data-id="${id}"[^>]*><title>[^<]*</title>\\s*<circle [^>]*cx="([\\d.]+)"`).exec(svg)?.[1]);
        assert.ok(cx(BASE) < cx(CURRENT) && cx(CURRENT) < cx(HEAD), `SVG x: ${cx(BASE)}, ${cx(CURRENT)}, ${cx(HEAD)}`);
      } finally {
        await settings.update('graph.direction', undefined, vscode.ConfigurationTarget.Global);
      }
      const back = await probeUntil(panel, (p) => p.direction === 'top-down' && p.visible.length === 3, 'the graph drawn top-down again');
      const at = centres(back);
      assert.ok(at[HEAD].y < at[CURRENT].y && at[CURRENT].y < at[BASE].y, JSON.stringify(back.visible));
    });

    test('closed and opened again, the graph reuses the layout of the same shape and draws the states', async () => {
      panel.panel.dispose();
      await vscode.commands.executeCommand('alembic.showGraph', config);
      const reopened = ctx.graphs.get(config);
      assert.ok(reopened && reopened !== panel, 'a new panel');
      panel = reopened;
      const shown = await probeUntil(panel, (p) => p.visible.length === 3 && p.visible.every((n) => n.state), 'three revisions on screen with states');
      assert.strictEqual(panel.laidOutHere, undefined, 'no second layout');
      assert.deepStrictEqual(Object.fromEntries(shown.visible.map((n) => [n.id, n.state])), { [BASE]: 'applied', [CURRENT]: 'current', [HEAD]: 'pending' });
    });
  });
}
