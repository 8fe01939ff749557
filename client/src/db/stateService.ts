// Each project's database state, refreshed as one pass: the graph from the server, each project's
// version table read with `pg` (in parallel), the states from the server's graph. Refreshes never
// overlap: one asked for while another runs is queued once. The graph is published before the
// reads finish, so a slow or unreachable server never holds the files back. A refresh that finds
// what the views already show (the periodic one, mostly) publishes nothing: at 5,000 revisions a
// publish rebuilds the tree and posts the graph picture again.
import * as vscode from 'vscode';
import type { DatabaseStateParams, DatabaseStateResult, ProjectSummary, WorkspaceGraph } from '../../../server/src/protocol';
import { isPasswordFault, type ConnectionSummary, type ProjectDatabase, type ViewSnapshot } from '../tree/revisionModel';
import type { Logger } from '../logger';
import type { DatabaseAccess } from './databaseAccess';
import type { Connections, ProjectConnection } from './connections';

export interface StateServer {
  fetchGraph(): Promise<WorkspaceGraph | undefined>;
  databaseState(params: DatabaseStateParams): Promise<DatabaseStateResult | null>;
}

export class DatabaseStateService implements vscode.Disposable {
  private current: ViewSnapshot = { graph: undefined, databases: new Map() };
  private readonly changed = new vscode.EventEmitter<ViewSnapshot>();
  readonly onDidChange = this.changed.event;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private refreshed = false;
  /** What was last logged per project, so a periodic refresh logs only changes. */
  private readonly lastLogged = new Map<string, string>();
  /** The last published snapshot as text, to recognise a refresh that changed nothing. */
  private publishedKey: string | undefined;
  /** How many refreshes have finished (published or not). */
  finishedRefreshes = 0;

  constructor(
    private readonly server: StateServer,
    private readonly connections: Connections,
    private readonly access: DatabaseAccess,
    private readonly logger: Logger,
  ) {}

  get snapshot(): ViewSnapshot {
    return this.current;
  }

  /** True once a refresh has published. */
  get ready(): boolean {
    return this.refreshed;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Refreshes now, or once more after the one running (never two at a time). */
  refresh(): Promise<void> {
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      this.finishedRefreshes++;
    });
    return this.running;
  }

  project(config: string): ProjectSummary | undefined {
    return this.current.graph?.projects.find((p) => p.config === config);
  }

  private async run(): Promise<void> {
    let graph: WorkspaceGraph | undefined;
    try {
      graph = await this.server.fetchGraph();
    } catch (error) {
      this.logger.warn(`The graph request failed: ${error instanceof Error ? error.message : String(error)}`);
      graph = this.current.graph;
    }
    const previous = this.current.databases;
    const databases = new Map<string, ProjectDatabase>();
    const reads: Promise<void>[] = [];
    for (const project of graph?.projects ?? []) {
      const connection = this.connections.resolve(project);
      const target = connection.target;
      if (!target) {
        databases.set(project.config, { status: 'none', untrusted: connection.untrusted, disconnected: connection.disconnected, problem: connection.problem });
        this.logChange(
          project.config,
          connection.disconnected ? 'disconnected' : `none ${connection.problem ?? ''}`,
          () =>
            `${project.config}: no database${connection.untrusted ? ' (the workspace is not trusted)' : ''}${connection.problem ? `: ${connection.problem}` : '.'}`,
        );
        continue;
      }
      const summary: ConnectionSummary = {
        displayUrl: target.displayUrl,
        sourceDetail: target.sourceDetail,
        host: target.host,
        port: target.port,
        database: target.database,
        user: target.user,
      };
      // Until the read finishes, the last answer for the same database stays on screen (no flicker).
      const before = previous.get(project.config);
      const keep = before && (before.status === 'ok' || before.status === 'fault') && before.connection.displayUrl === summary.displayUrl;
      databases.set(project.config, keep ? before : { status: 'loading', connection: summary });
      reads.push(
        this.read(project, connection, summary).then((database) => {
          databases.set(project.config, database);
        }),
      );
    }
    if (reads.length) this.publish({ graph, databases: new Map(databases) });
    await Promise.all(reads);
    this.publish({ graph, databases });
  }

  private async read(project: ProjectSummary, connection: ProjectConnection, summary: ConnectionSummary): Promise<ProjectDatabase> {
    const target = connection.target!;
    const table = connection.table;
    const password = await this.connections.password(connection);
    const result = await this.access.read(target.url, table, password === undefined ? {} : { password });
    if (!result.ok) {
      this.logChange(
        project.config,
        `fault ${result.fault.kind} ${summary.displayUrl}`,
        () => `${project.config}: ${summary.displayUrl} (from ${summary.sourceDetail}): ${result.fault.message}`,
      );
      // No source had a password and the server wants one: ask, once per session; the answer refreshes.
      if (isPasswordFault(result.fault.kind) && !target.hasPassword && password === undefined) {
        void this.connections.askPassword(target).then((given) => (given ? this.refresh() : undefined));
      }
      return { status: 'fault', connection: summary, table, fault: result.fault };
    }
    let state: DatabaseStateResult | null;
    try {
      state = await this.server.databaseState({ config: project.config, rows: result.tableExists ? result.rows : null });
    } catch (error) {
      return {
        status: 'fault',
        connection: summary,
        table,
        fault: { kind: 'other', message: `the language server did not answer: ${error instanceof Error ? error.message : String(error)}` },
      };
    }
    if (!state) return { status: 'loading', connection: summary };
    this.logChange(
      project.config,
      `ok ${summary.displayUrl} ${state.current.join(',')} ${state.pending.length}`,
      () =>
        `${project.config}: ${summary.displayUrl} (from ${summary.sourceDetail}) read in ${result.ms} ms: ` +
        `${result.tableExists ? `current ${state.current.join(', ') || '(empty)'}` : 'no version table'}, ${state.pending.length} pending.`,
    );
    return { status: 'ok', connection: summary, table, state };
  }

  private logChange(config: string, key: string, line: () => string): void {
    if (this.lastLogged.get(config) === key) return;
    this.lastLogged.set(config, key);
    this.logger.info(line());
  }

  private publish(snapshot: ViewSnapshot): void {
    const key = JSON.stringify([snapshot.graph ?? null, [...snapshot.databases]]);
    if (this.refreshed && key === this.publishedKey) return;
    this.publishedKey = key;
    this.current = snapshot;
    this.refreshed = true;
    this.changed.fire(snapshot);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
