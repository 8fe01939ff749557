// Runs Alembic for the commands: the interpreter (discovered once, with a clear message naming what
// was tried when none has Alembic), trust, the guard rails' modal confirmation, the environment
// (.env, and DATABASE_URL when our connection must reach env.py), a cancellable progress
// notification, output to the Alembic channel (masked), the raising line of a failed migration as
// a diagnostic, and a refresh of the view and status bar afterwards.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { ProjectSummary } from '../../../server/src/protocol';
import { confirmationFor, type ChangeKind, type DatabaseIdentity } from './guardRails';
import { InterpreterDiscovery, type CandidateReport, type ChosenInterpreter, type DiscoveryOptions } from './interpreterDiscovery';
import { AlembicRunner, type RunResult } from './runner';
import { projectEnvironment } from './runEnvironment';

export interface AlembicRun {
  /** The command's title: progress, messages. */
  title: string;
  /** Alembic's arguments after `-c <ini>`. */
  args: string[];
  /** What the run changes, for the guard rails; undefined: nothing (offline SQL, a check). */
  change?: { kind: ChangeKind; button: string; target: string; undone?: readonly string[] };
  /** Python arguments instead of `-m alembic -c <ini> …` (the model-check helper). */
  pythonArgs?: string[];
}

export class AlembicService implements vscode.Disposable {
  readonly runner = new AlembicRunner();
  readonly discovery = new InterpreterDiscovery();
  /** A failed migration's raising line, until the next successful run of its project. */
  readonly diagnostics = vscode.languages.createDiagnosticCollection('alembic-run');
  /** The interpreter each project last ran with (status bar tooltip). */
  readonly interpreters = new Map<string, ChosenInterpreter>();

  constructor(private readonly ctx: Ctx) {}

  dispose(): void {
    this.diagnostics.dispose();
  }

  private discoveryOptions(project: ProjectSummary): DiscoveryOptions {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(project.config));
    return {
      projectDir: project.rootDir,
      workspaceRoot: folder?.uri.fsPath,
      pythonPath: vscode.workspace.getConfiguration('alembic', vscode.Uri.file(project.rootDir)).get<string>('pythonPath') ?? '',
      activeInterpreter: () => activePythonInterpreter(project.rootDir),
    };
  }

  /** The interpreter for the project; when none has Alembic, the message naming every candidate (with its buttons) and a CancellationError. */
  async interpreter(project: ProjectSummary): Promise<ChosenInterpreter> {
    const result = await this.discovery.discover(this.discoveryOptions(project));
    if (result.ok) {
      this.interpreters.set(project.config, result.interpreter);
      this.ctx.statusBar.update();
      this.ctx.logger.info(
        `Python for ${project.config}: ${result.interpreter.path} (${result.interpreter.origin}), Alembic ${result.interpreter.alembicVersion}`,
      );
      return result.interpreter;
    }
    this.ctx.logger.error(result.message);
    void this.ctx.ui.showErrorMessage(result.message, 'Select Python Interpreter', 'Open Settings').then((choice) => {
      if (choice === 'Select Python Interpreter') void vscode.commands.executeCommand('alembic.selectInterpreter', project.config);
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'alembic.pythonPath');
    });
    throw new vscode.CancellationError();
  }

  /** Every candidate with its versions or why it is refused (Select Python Interpreter). */
  candidates(project: ProjectSummary): Promise<CandidateReport[]> {
    // Checking a candidate runs it: a workspace's own .venv python is the workspace's code.
    this.requireTrust();
    this.discovery.clear();
    return this.discovery.listCandidates(this.discoveryOptions(project));
  }

  /** The database shown for the project (host and name), if one is connected. */
  database(project: ProjectSummary): DatabaseIdentity | undefined {
    const db = this.ctx.databaseState.snapshot.databases.get(project.config);
    return db && 'connection' in db && db.connection ? { host: db.connection.host, database: db.connection.database } : undefined;
  }

  /**
   * Runs Alembic for `project` as `run` says. Returns the result of a run that exited 0; a failure
   * throws its one-line reason (the command wrapper shows it with Open Output); a cancelled run or
   * a declined confirmation throws CancellationError after saying where the database was left.
   */
  async run(project: ProjectSummary, run: AlembicRun): Promise<RunResult> {
    this.requireTrust(); // says why, before any question
    if (run.change) {
      const confirmation = confirmationFor(run.change.kind, { title: run.title, ...run.change }, this.database(project));
      if (confirmation) {
        const choice = await this.ctx.ui.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, confirmation.button);
        if (choice !== confirmation.button) throw new vscode.CancellationError();
      }
    }
    const { python, env } = await this.prepare(project);
    const before = this.rows(project);
    const migrationFiles = (this.ctx.databaseState.snapshot.graph?.projects.find((p) => p.config === project.config)?.revisions ?? []).map((r) => r.file);
    this.ctx.logger.info(`${run.title}: ${python.path} ${run.pythonArgs ? run.pythonArgs.join(' ') : `-m alembic -c ${project.config} ${run.args.join(' ')}`}`);
    const result = await this.withProgress(run.title, (signal, onLine) => {
      const request = { python: python.path, ini: project.config, env, signal, migrationFiles, title: run.title, onLine };
      return run.pythonArgs ? this.runner.runPython({ ...request, pythonArgs: run.pythonArgs }) : this.runner.run({ ...request, args: run.args });
    });
    await this.ctx.refresh();
    if (result.cancelled) {
      void this.ctx.ui.showWarningMessage(`${run.title} was cancelled. ${this.whereNow(project)}`, {});
      throw new vscode.CancellationError();
    }
    if (result.exitCode !== 0) {
      if (result.raisedAt) {
        const at = result.raisedAt;
        const line = Math.max(0, at.line - 1);
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
          `${run.title} failed here: ${at.exception ?? result.lastErrorLine ?? 'the migration raised'}`,
          vscode.DiagnosticSeverity.Error,
        );
        diagnostic.source = 'alembic run';
        this.diagnostics.set(vscode.Uri.file(at.file), [diagnostic]);
      }
      const reason = result.lockExhaustion ?? result.lastErrorLine ?? `Alembic exited with code ${result.exitCode}`;
      throw new Error(`${reason}${run.change ? ` ${this.whereNow(project)}` : ''}`);
    }
    this.clearRunDiagnostics(migrationFiles);
    if (run.change && run.change.kind !== 'revision') this.checkSameDatabase(project, run, result, before);
    return result;
  }

  /** Trust, the interpreter and the environment a run of the project needs. */
  async prepare(project: ProjectSummary): Promise<{ python: ChosenInterpreter; env: NodeJS.ProcessEnv }> {
    this.requireTrust();
    const python = await this.interpreter(project);
    return { python, env: await this.environment(project) };
  }

  /** Restricted Mode: no Alembic process, no interpreter check, no database change; the reason as the command's error. */
  private requireTrust(): void {
    if (!vscode.workspace.isTrusted) {
      throw new Error(
        'this workspace is not trusted: Alembic commands run code from it, so they are off until you trust it (Workspaces: Manage Workspace Trust).',
      );
    }
  }

  /** A cancellable progress notification around `work`; output lines go to the Alembic channel and the migration steps to the notification. */
  withProgress<T>(title: string, work: (signal: AbortSignal, onLine: (line: string) => void) => Promise<T>): Thenable<T> {
    return this.ctx.ui.withProgress({ location: vscode.ProgressLocation.Notification, title: `Alembic: ${title}`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return work(abort.signal, (line) => {
        this.ctx.logger.info(line);
        const step = /Running (upgrade|downgrade|stamp_revision) (.*)$/.exec(line);
        if (step) progress.report({ message: `${step[1]} ${step[2]}` });
      });
    });
  }

  /** "The database is at 2b3c4d5e." after a refresh. */
  private whereNow(project: ProjectSummary): string {
    const db = this.ctx.databaseState.snapshot.databases.get(project.config);
    if (db?.status !== 'ok') return '';
    const rows = db.state.current;
    return rows.length ? `The database is at ${rows.map((r) => r.slice(0, 12)).join(', ')}.` : 'The database has no revision applied.';
  }

  private rows(project: ProjectSummary): string | undefined {
    const db = this.ctx.databaseState.snapshot.databases.get(project.config);
    return db?.status === 'ok' ? db.state.current.join(' ') : undefined;
  }

  /** Alembic changed the version table of the database env.py connects to; if the one shown did not change, say so. */
  private checkSameDatabase(project: ProjectSummary, run: AlembicRun, result: RunResult, before: string | undefined): void {
    const after = this.rows(project);
    if (before === undefined || after === undefined || before !== after || !result.lastStep) return;
    const shown = this.database(project);
    void this.ctx.ui.showWarningMessage(
      `${run.title}: Alembic migrated a database, but ${shown ? `${shown.database} on ${shown.host}` : 'the database shown here'} did not change. env.py connects to another database than the one this view shows; check its URL (DATABASE_URL, sqlalchemy.url).`,
      {},
    );
  }

  private clearRunDiagnostics(files: readonly string[]): void {
    for (const file of files) this.diagnostics.delete(vscode.Uri.file(file));
  }

  /** Process env + the project's .env, plus our connection as DATABASE_URL when env.py reads it and only we know it. */
  private async environment(project: ProjectSummary): Promise<NodeJS.ProcessEnv> {
    const settings = vscode.workspace.getConfiguration('alembic', vscode.Uri.file(project.rootDir));
    let databaseUrl: string | undefined;
    const connection = this.ctx.connections.resolve(project);
    const source = connection.target?.source;
    if (connection.target && (source === 'setting' || source === 'connect')) {
      const url = new URL(connection.target.url);
      if (!url.password) {
        const password = await this.ctx.connections.password(connection);
        if (password) url.password = encodeURIComponent(password);
      }
      databaseUrl = url.toString();
    }
    const { env, databaseUrlPassed } = projectEnvironment({
      ini: project.config,
      envPyFile: project.scriptLocation ? path.join(project.scriptLocation, 'env.py') : undefined,
      envFile: path.resolve(project.rootDir, settings.get<string>('envFile') || '.env'),
      databaseUrl,
    });
    if (databaseUrlPassed)
      this.ctx.logger.info(`DATABASE_URL for Alembic: ${connection.target?.displayUrl} (${connection.target?.sourceDetail}; env.py reads DATABASE_URL)`);
    return env;
  }
}

/** The Python extension's interpreter for the folder, when the extension is installed and has one. */
async function activePythonInterpreter(folder: string): Promise<string | undefined> {
  if (!vscode.extensions.getExtension('ms-python.python')) return undefined;
  try {
    const { PythonExtension } = await import('@vscode/python-extension');
    const api = await PythonExtension.api();
    const environment = api.environments.getActiveEnvironmentPath(vscode.Uri.file(folder));
    return environment?.path || undefined;
  } catch {
    return undefined;
  }
}
