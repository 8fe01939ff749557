// The one object that owns the extension's long-lived parts: language client, logger, database
// connections and state, the Revisions view, the status bar, disposables.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import type { CommandId } from './commands/table';
import { Logger } from './logger';
import { windowUi, type Ui } from './ui';
import { Connections } from './db/connections';
import { pgDatabaseAccess, type DatabaseAccess } from './db/databaseAccess';
import { DatabaseStateService } from './db/stateService';
import { DatabaseStatusBar } from './statusBar';
import { RevisionTreeProvider, type TreeNode } from './tree/revisionTree';
import { AlembicService } from './alembic/alembicService';
import { GraphPanels } from './graph/graphPanel';
import {
  DatabaseStateRequest,
  PlanRevisionRequest,
  GenerateDowngradeRequest,
  type GenerateDowngradeParams,
  type GenerateDowngradeResult,
  type PlanRevisionParams,
  type PlanRevisionResult,
  GraphChangedNotification,
  GraphRequest,
  type DatabaseStateParams,
  type DatabaseStateResult,
  type ProjectSummary,
  type WorkspaceGraph,
} from '../../server/src/protocol';

/** A project as commands receive it: a tree node (context menus), a config path, or nothing (ask). */
export type ProjectArg = string | { config: string } | undefined;

export class Ctx implements vscode.Disposable {
  readonly logger = new Logger();
  /** Prompts go through here, calling vscode.window at the time of the call (tests may answer them). */
  readonly ui: Ui = windowUi();
  readonly connections: Connections;
  readonly databaseState: DatabaseStateService;
  readonly tree: RevisionTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly statusBar: DatabaseStatusBar;
  /** Runs Alembic (interpreter, guard rails, progress, output, failures). */
  readonly alembic: AlembicService;
  /** The revision graph panels (one per project). */
  readonly graphs: GraphPanels;
  private client: LanguageClient | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly access: DatabaseAccess = pgDatabaseAccess,
  ) {
    this.connections = new Connections(extension, access, this.logger, this.ui);
    this.databaseState = new DatabaseStateService(
      { fetchGraph: () => this.fetchGraph(), databaseState: (params) => this.requestDatabaseState(params) },
      this.connections,
      access,
      this.logger,
    );
    this.tree = new RevisionTreeProvider(this.databaseState);
    this.treeView = vscode.window.createTreeView('alembic.revisions', { treeDataProvider: this.tree });
    this.statusBar = new DatabaseStatusBar(this.databaseState);
    this.alembic = new AlembicService(this);
    this.graphs = new GraphPanels(this);
    this.statusBar.interpreterOf = (config) => {
      const python = this.alembic.interpreters.get(config);
      return python && `Python: \`${python.path}\` (${python.origin}), Alembic ${python.alembicVersion}`;
    };
    this.disposables.push(
      this.logger,
      this.databaseState,
      this.tree,
      this.treeView,
      this.statusBar,
      this.graphs,
      this.databaseState.onDidChange((snapshot) => {
        const projects = snapshot.graph?.projects.length ?? 0;
        void vscode.commands.executeCommand('setContext', 'alembic.projectCount', projects);
        void vscode.commands.executeCommand(
          'setContext',
          'alembic.databaseConnected',
          [...snapshot.databases.values()].some((d) => d.status !== 'none'),
        );
        // The walkthrough's "Upgrade to head" step: a database read, and nothing pending in any read.
        const read = [...snapshot.databases.values()].filter((d) => d.status === 'ok');
        void vscode.commands.executeCommand('setContext', 'alembic.databaseAtHead', read.length > 0 && read.every((d) => d.state.atHead));
      }),
      this.treeView.onDidChangeVisibility(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration(async (e) => {
        if (e.affectsConfiguration('alembic.refreshInterval')) this.schedule();
        if (e.affectsConfiguration('alembic.databaseUrl') || e.affectsConfiguration('alembic.envFile')) await this.connections.forgetDisconnects();
        if (['databaseUrl', 'envFile', 'versionTable', 'versionTableSchema'].some((key) => e.affectsConfiguration(`alembic.${key}`))) void this.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      { dispose: () => clearInterval(this.timer) },
    );
    // A saved .env (any folder's; alembic.envFile usually names one) may change the URL or the password.
    const envWatcher = vscode.workspace.createFileSystemWatcher('**/.env*');
    this.disposables.push(
      envWatcher,
      envWatcher.onDidChange(() => void this.refresh()),
      envWatcher.onDidCreate(() => void this.refresh()),
      envWatcher.onDidDelete(() => void this.refresh()),
    );
    this.schedule();
  }

  async startServer(): Promise<void> {
    const client = createLanguageClient(this.extension, this.logger.channel);
    this.client = client;
    await client.start();
    this.disposables.push(client.onNotification(GraphChangedNotification.type, () => void this.refresh()));
    this.logger.info('Alembic language server started.');
    void this.refresh();
  }

  async restartServer(): Promise<void> {
    if (this.client) await this.client.stop();
    await this.startServer();
  }

  /** Reads the graph and every project's database again (never two refreshes at a time). */
  refresh(): Promise<void> {
    return this.databaseState.refresh();
  }

  /** The running language client, if any (the extension-host tests read its channels). */
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async fetchGraph(): Promise<WorkspaceGraph | undefined> {
    if (!this.client?.isRunning()) return undefined;
    return this.client.sendRequest(GraphRequest.type);
  }

  /** The language server's plan for a new revision (native New Revision, Merge Heads). */
  async planRevision(params: PlanRevisionParams): Promise<PlanRevisionResult> {
    if (!this.client?.isRunning()) throw new Error('the Alembic language server is not running');
    return this.client.sendRequest(PlanRevisionRequest.type, params);
  }

  /** The language server's downgrade() for a migration document, generated from its upgrade(). */
  async generateDowngrade(params: GenerateDowngradeParams): Promise<GenerateDowngradeResult> {
    if (!this.client?.isRunning()) throw new Error('the Alembic language server is not running');
    return this.client.sendRequest(GenerateDowngradeRequest.type, params);
  }

  /** The project's state as the view last read it, asked again with a downgrade target: what it would undo. */
  async databaseStateFor(project: ProjectSummary, downgradeTo: string): Promise<DatabaseStateResult | null> {
    const db = this.databaseState.snapshot.databases.get(project.config);
    const rows = db?.status === 'ok' ? (db.state.versionTableExists ? db.state.current : null) : null;
    return this.requestDatabaseState({ config: project.config, rows, downgradeTo });
  }

  private async requestDatabaseState(params: DatabaseStateParams): Promise<DatabaseStateResult | null> {
    if (!this.client?.isRunning()) return null;
    return this.client.sendRequest(DatabaseStateRequest.type, params);
  }

  /** Every alembic.refreshInterval seconds while the Revisions view is visible; a tick while a refresh runs is skipped. */
  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration('alembic').get<number>('refreshInterval', 10);
    if (!this.treeView.visible || !(seconds > 0)) return;
    this.timer = setInterval(
      () => {
        if (!this.databaseState.busy) void this.refresh();
      },
      Math.max(1, seconds) * 1000,
    );
  }

  /**
   * The project a command acts on: the one given (node or config), else the only one, else the
   * active editor's when `preferActive`, else the user picks. Throws CancellationError when none is picked.
   */
  async pickProject(arg: ProjectArg, title: string, preferActive = false): Promise<ProjectSummary> {
    if (!this.databaseState.ready) await this.refresh();
    const projects = this.databaseState.snapshot.graph?.projects ?? [];
    const config = typeof arg === 'string' ? arg : arg?.config;
    if (config !== undefined) {
      const project = projects.find((p) => p.config === config);
      if (!project) throw new Error(`no Alembic project has the config ${config}`);
      return project;
    }
    if (projects.length === 0) throw new Error('no Alembic project in this workspace');
    if (projects.length === 1) return projects[0];
    if (preferActive) {
      const active = projects.find((p) => p.config === this.statusBar.activeConfig);
      if (active) return active;
    }
    const picked = await this.ui.showQuickPick(
      projects.map((p) => ({ label: vscode.workspace.asRelativePath(p.rootDir), description: vscode.workspace.asRelativePath(p.config), project: p })),
      { title, placeHolder: 'Alembic project' },
    );
    if (!picked) throw new vscode.CancellationError();
    return picked.project;
  }

  /**
   * Registers a command of the table (commands/table.ts) whose failures show "<title> failed: <reason>"
   * with an Open Output button; a cancellation is not a failure.
   */
  registerCommand<Args extends unknown[]>(id: CommandId, title: string, run: (...args: Args) => unknown): void {
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: Args) => {
        try {
          return await run(...args);
        } catch (error) {
          if (error instanceof vscode.CancellationError) return undefined;
          const reason = error instanceof Error ? error.message : String(error);
          this.logger.error(`${title} failed`, error);
          // Not awaited: the command is over; the message stays until the user closes it.
          void this.ui.showErrorMessage(`${title} failed: ${reason}`, 'Open Output').then((choice) => {
            if (choice === 'Open Output') this.logger.show();
          });
          return undefined;
        }
      }),
    );
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch(() => undefined);
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}
