// The revision graph panel: one webview panel per project (reused when open, restored after a
// reload by a WebviewPanelSerializer). The layout is computed here, in the extension host
// (server/src/report/graphLayout.ts), and only again when the graph's shape changes; a change of
// database state sends the same layout with new states. The webview (client/webview/graph.ts)
// draws it on a canvas. Clicks and context-menu actions come back as messages and run the
// Revisions view's own commands; selection follows the tree both ways.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { ProjectSummary } from '../../../server/src/protocol';
import { GRAPH_DIRECTIONS, type GraphDirection } from '../../../server/src/report/graphGeometry';
import { layoutGraph, type GraphLayout } from '../../../server/src/report/graphLayout';
import { buildPicture, type GraphPicture } from '../../../server/src/report/graphPicture';
import { renderGraphSvg } from '../../../server/src/report/graphSvg';
import { projectName } from '../tree/revisionModel';
import { pictureInput, shapeKey } from './graphModel';
import { GRAPH_VIEW_TYPE, NODE_ACTIONS, type FromWebview, type PersistedGraphState, type ToWebview } from './messages';
import { packPicture } from './pictureWire';

/** The `alembic.graph.direction` setting (top-down unless set to a known direction). */
export function graphDirection(): GraphDirection {
  const value = vscode.workspace.getConfiguration('alembic').get<string>('graph.direction', 'top-down');
  return GRAPH_DIRECTIONS.find((direction) => direction === value) ?? 'top-down';
}

/** A project's layout and the shape it was computed for; `ms`: what computing it took. */
export interface LaidOut {
  key: string;
  layout: GraphLayout;
  ms: number;
}

export class GraphPanel implements vscode.Disposable {
  /** The layout now shown, when this panel computed it (undefined: it reused one an earlier panel computed). */
  laidOutHere: LaidOut | undefined;
  /** When the user asked for the panel (the command ran, or the window restored it): the first-paint figure starts here. */
  private readonly openedAt: number;
  private disposed = false;
  private version = 0;
  private ready = false;
  private picture: GraphPicture | undefined;
  /** The revision selected in the graph (or revealed from the tree). */
  selected: string | undefined;
  /** The last first-paint the webview reported (the tests and the log read it). */
  lastPaint: { version: number; ms: number; nodes: number } | undefined;
  private readonly received = new vscode.EventEmitter<FromWebview>();
  /** Every message from the webview, after the panel handled it (the extension-host tests wait on it). */
  readonly onDidReceiveMessage = this.received.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;

  constructor(
    private readonly ctx: Ctx,
    readonly config: string,
    readonly panel: vscode.WebviewPanel,
    /** Each project's last layout, kept by GraphPanels across panels: a panel closed and opened again redraws without a new layout. */
    private readonly layouts: Map<string, LaidOut>,
    persisted?: PersistedGraphState,
    requestedAt = Date.now(),
  ) {
    this.openedAt = requestedAt;
    this.selected = persisted?.selected;
    const webviewRoot = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'alembic.svg');
    panel.webview.html = graphHtml(panel.webview, webviewRoot, { config, ...persisted });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: FromWebview) => void this.handle(message)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is unloaded (no retainContextWhenHidden: the canvas redraws fast); shown
      // again, it says `ready` and gets the picture, and restores its view from its saved state.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      this.received,
      this.closed,
    );
  }

  /** Resolves when the webview has loaded and said `ready` (now, if it has). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onDidReceiveMessage((message) => {
        if (message.type !== 'ready') return;
        sub.dispose();
        resolve();
      });
    });
  }

  /** The picture now shown (recomputed from the service's snapshot on update()). */
  get current(): GraphPicture | undefined {
    return this.picture;
  }

  /** Redraws from the latest snapshot (the layout only if the graph's shape changed). */
  update(): void {
    if (this.disposed) return;
    const snapshot = this.ctx.databaseState.snapshot;
    const project = snapshot.graph?.projects.find((p) => p.config === this.config);
    if (!project && !this.ctx.databaseState.ready) return; // restored before the first refresh: it comes
    if (!project) {
      this.panel.title = `Revisions: ${this.config} (gone)`;
      return;
    }
    this.panel.title = `Revisions: ${projectName(project)}`;
    const { revisions, dbOnly, connected } = pictureInput(project, snapshot);
    const key = shapeKey(revisions, dbOnly);
    let laidOut = this.layouts.get(this.config);
    if (laidOut?.key !== key) {
      const started = performance.now();
      const all = [...revisions, ...dbOnly.map((id) => ({ id, downRevisions: [] }))];
      laidOut = { key, layout: layoutGraph(all), ms: performance.now() - started };
      this.layouts.set(this.config, laidOut);
      this.laidOutHere = laidOut;
      this.ctx.logger.info(`Revision graph of ${projectName(project)}: ${all.length} revisions laid out in ${Math.round(laidOut.ms)} ms.`);
    }
    this.picture = buildPicture(projectName(project), revisions, dbOnly, laidOut.layout);
    this.version++;
    if (!this.ready) return;
    const sentAt = Date.now();
    void this.post({
      type: 'picture',
      // The webview names revisions by id; files and lines stay here (a smaller message).
      picture: packPicture(this.picture),
      direction: graphDirection(),
      connected,
      version: this.version,
      timing: { openedAt: this.openedAt, sentAt, layoutMs: this.laidOutHere === laidOut ? laidOut.ms : 0 },
    });
  }

  /** Selects a revision in the graph and centres it (from the tree). */
  select(id: string | undefined): void {
    this.selected = id;
    if (this.ready) void this.post({ type: 'select', id, reveal: true });
  }

  post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async handle(message: FromWebview): Promise<void> {
    try {
      await this.dispatch(message);
    } catch (error) {
      if (!(error instanceof vscode.CancellationError)) {
        this.ctx.logger.error('Revision graph', error);
        void this.ctx.ui.showErrorMessage(`Revision graph: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      this.received.fire(message);
    }
  }

  private async dispatch(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.update();
        if (this.selected) void this.post({ type: 'select', id: this.selected, reveal: false });
        return;
      case 'painted':
        this.lastPaint = { version: message.version, ms: message.ms, nodes: message.nodes };
        this.ctx.logger.info(
          `Revision graph: ${message.nodes} revisions painted ${Date.now() - this.openedAt} ms after the command (${Math.round(message.ms)} ms in the webview).`,
        );
        return;
      case 'open': {
        const revision = this.revision(message.id);
        if (revision) await vscode.commands.executeCommand('alembic.openRevision', revision.file, revision.line, true);
        return;
      }
      case 'action': {
        if (!NODE_ACTIONS.some((action) => action.command === message.command)) return;
        if (message.command === 'alembic.openRevision') {
          const revision = this.revision(message.id);
          if (revision) await vscode.commands.executeCommand('alembic.openRevision', revision.file, revision.line, true);
          return;
        }
        // The tree's item commands take a {config, revision} node: the same handlers run.
        await vscode.commands.executeCommand(message.command, { config: this.config, revision: message.id });
        return;
      }
      case 'select':
        this.selected = message.id;
        await this.revealInTree(message.id);
        return;
      case 'saveSvg':
        await this.saveSvg();
        return;
      case 'probe':
        return;
    }
  }

  private revision(id: string) {
    return this.ctx.databaseState.project(this.config)?.revisions.find((r) => r.id === id);
  }

  private async revealInTree(id: string | undefined): Promise<void> {
    if (!id || !this.ctx.treeView.visible) return;
    const node = this.ctx.tree.current.byId.get(`revision:${this.config}:${id}`) ?? this.ctx.tree.current.byId.get(`dbOnly:${this.config}:${id}`);
    if (!node) return;
    this.ctx.graphs.revealing = node.id;
    try {
      await this.ctx.treeView.reveal(node, { select: true, focus: false, expand: true });
    } finally {
      this.ctx.graphs.revealing = undefined;
    }
  }

  private async saveSvg(): Promise<void> {
    if (!this.picture) return;
    const project = this.ctx.databaseState.project(this.config);
    const folder = project ? vscode.Uri.file(project.rootDir) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await this.ctx.ui.showSaveDialog({
      title: 'Save Revision Graph as SVG',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'alembic-revisions.svg') } : {}),
      filters: { SVG: ['svg'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderGraphSvg([this.picture], graphDirection())));
    void vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(target)}`, 4000);
  }

  dispose(): void {
    this.disposed = true;
    this.closed.fire();
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}

/** Every open graph panel, by project; the serializer; the tree ↔ graph selection. */
export class GraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, GraphPanel>();
  /** Each project's last layout: one computed for a panel serves the next panel of the same shape. */
  private readonly layouts = new Map<string, LaidOut>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The tree node the graph is revealing (its selection event is not echoed back). */
  revealing: string | undefined;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      ctx.databaseState.onDidChange(() => {
        for (const panel of this.panels.values()) panel.update();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('alembic.graph.direction')) for (const panel of this.panels.values()) panel.update();
      }),
      ctx.treeView.onDidChangeSelection((event) => {
        const node = event.selection[0];
        if (!node || node.id === this.revealing || (node.kind !== 'revision' && node.kind !== 'dbOnly')) return;
        const id = node.id.slice(`${node.kind}:${node.config}:`.length);
        this.panels.get(node.config)?.select(id);
      }),
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
  }

  get(config: string): GraphPanel | undefined {
    return this.panels.get(config);
  }

  /** Opens (or reveals) the project's panel; `requestedAt`: when the command ran (the first-paint figure's start). */
  show(project: ProjectSummary, requestedAt = Date.now()): GraphPanel {
    const open = this.panels.get(project.config);
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, `Revisions: ${projectName(project)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
    });
    return this.adopt(new GraphPanel(this.ctx, project.config, panel, this.layouts, undefined, requestedAt));
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const persisted = state as Partial<PersistedGraphState> | undefined;
    if (typeof persisted?.config !== 'string' || this.panels.has(persisted.config)) {
      panel.dispose();
      return;
    }
    this.adopt(new GraphPanel(this.ctx, persisted.config, panel, this.layouts, persisted as PersistedGraphState));
    if (!this.ctx.databaseState.ready) await this.ctx.refresh();
  }

  private adopt(graph: GraphPanel): GraphPanel {
    this.panels.set(graph.config, graph);
    // Lay out while the webview loads (on its `ready` the picture is only sent), but after this turn:
    // the panel's creation and its page go out to the workbench first, so the page loads in parallel
    // with the layout instead of after it (5,000 revisions: a layout of ~250 ms).
    setTimeout(() => graph.update(), 0);
    graph.onDidDispose(() => {
      if (this.panels.get(graph.config) === graph) this.panels.delete(graph.config);
    });
    return graph;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.panel.dispose();
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

/** The page: a strict CSP with a nonce, the bundle and the codicons from dist/webview, nothing remote. */
function graphHtml(webview: vscode.Webview, root: vscode.Uri, state: PersistedGraphState): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'graph-style.css'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  const initial = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons}" nonce="${n}">
<link rel="stylesheet" href="${style}" nonce="${n}">
<title>Revision graph</title>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Revision graph">
  <span class="search"><i class="codicon codicon-search"></i><input id="search" type="search" placeholder="Find revision (id or message)" aria-label="Find revision by id or message"><span id="matches"></span></span>
  <button id="zoom-in" title="Zoom In (+)" aria-label="Zoom In"><i class="codicon codicon-zoom-in"></i></button>
  <button id="zoom-out" title="Zoom Out (-)" aria-label="Zoom Out"><i class="codicon codicon-zoom-out"></i></button>
  <button id="fit" title="Fit to View (0)" aria-label="Fit to View"><i class="codicon codicon-screen-full"></i></button>
  <button id="save-svg" title="Save as SVG" aria-label="Save as SVG"><i class="codicon codicon-save"></i></button>
  <span id="legend"></span>
</div>
<div id="stage"><canvas id="graph" tabindex="0" aria-label="Revision graph: arrow keys pan, + and - zoom, 0 fits"></canvas></div>
<div id="tooltip" role="tooltip" hidden></div>
<div id="menu" role="menu" hidden></div>
<script nonce="${n}" id="initial-state" type="application/json">${initial}</script>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
