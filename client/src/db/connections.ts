// Where each project's database is, and with which password: the sources VS Code can see (the
// setting, the URL Connect Database… kept in workspaceState, the ini, the environment, the .env
// file), trust, SecretStorage, and the one password prompt. Nothing here logs a password: every
// line goes through the masking logger, and URLs are shown without their password.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import * as vscode from 'vscode';
import type { ConnectionInputs, ConnectionTarget } from '../../../server/src/engine/databaseUrl';
import type { VersionTableRef } from '../../../server/src/database/versionTable';
import { iniValue, parseIni } from '../../../server/src/engine/iniFile';
import type { ProjectSummary } from '../../../server/src/protocol';
import type { Logger } from '../logger';
import type { DatabaseAccess } from './databaseAccess';
import { connectionInputs, passwordFromOtherSources, passwordOf, secretKey, type ProjectSources } from './connectionPlan';

export interface ProjectConnection {
  target?: ConnectionTarget;
  inputs: ConnectionInputs;
  table: VersionTableRef;
  /** The workspace is untrusted: its own settings, ini and .env were left out. */
  untrusted: boolean;
  /** The user ran Disconnect Database and has not connected since. */
  disconnected: boolean;
  /** Why no target, when a source names something that is not a PostgreSQL database ("sqlite:///app.db in alembic.ini…"). */
  problem?: string;
}

/** The prompts the connection asks through (the extension-host tests answer them). */
export interface Prompts {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
}

const connectKey = (config: string): string => `alembic.connectUrl:${config}`;
const disconnectedKey = (config: string): string => `alembic.disconnected:${config}`;

export class Connections {
  /** Servers the extension has asked a password for in this session: it asks once, never in a loop. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly access: DatabaseAccess,
    private readonly logger: Logger,
    private readonly ui: Prompts,
  ) {}

  /** The project's URL (first found wins) and version table, as this workspace's trust allows. */
  resolve(project: ProjectSummary): ProjectConnection {
    const trusted = vscode.workspace.isTrusted;
    const disconnected = this.extension.workspaceState.get<boolean>(disconnectedKey(project.config)) === true;
    const inputs = connectionInputs(this.sources(project), trusted);
    const table = this.versionTable(project, trusted);
    if (disconnected) return { inputs, table, untrusted: !trusted, disconnected };
    try {
      const resolution = this.access.resolve(inputs);
      if (resolution.kind === 'target') return { target: resolution.target, inputs, table, untrusted: !trusted, disconnected };
      const problem = resolution.kind === 'unsupported' ? resolution.message : undefined;
      return { inputs, table, untrusted: !trusted, disconnected, problem };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      return { inputs, table, untrusted: !trusted, disconnected, problem };
    }
  }

  /** The password for a target without one: SecretStorage, else another source naming the same server. */
  async password(connection: ProjectConnection): Promise<string | undefined> {
    const target = connection.target;
    if (!target || target.hasPassword) return undefined;
    return (await this.extension.secrets.get(secretKey(target))) ?? passwordFromOtherSources(this.access, connection.inputs, target);
  }

  /** Asks for the target's password once per session (unless `force`); stores it. True when one was given. */
  async askPassword(target: ConnectionTarget, { force = false } = {}): Promise<boolean> {
    const key = secretKey(target);
    if (!force && this.asked.has(key)) return false;
    this.asked.add(key);
    const password = await this.ui.showInputBox({
      title: 'Alembic: Database Password',
      prompt: `Password for ${target.user ?? '(default user)'} on ${target.host}:${target.port}, database ${target.database}. Kept in VS Code's SecretStorage.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return false;
    await this.extension.secrets.store(key, password);
    this.logger.info(`Password for ${target.displayUrl} stored in SecretStorage.`);
    return true;
  }

  /** Connect Database…: the URL (its password, if it has one, goes to SecretStorage), kept in workspaceState. */
  async connect(project: ProjectSummary, target: ConnectionTarget, password: string | undefined): Promise<void> {
    const given = password ?? passwordOf(target.url);
    if (given) await this.extension.secrets.store(secretKey(target), given);
    await this.extension.workspaceState.update(connectKey(project.config), target.displayUrl);
    await this.extension.workspaceState.update(disconnectedKey(project.config), undefined);
    this.asked.delete(secretKey(target));
    this.logger.info(`Connect Database…: ${project.config} → ${target.displayUrl}`);
  }

  /** Disconnect Database: forgets the Connect URL and the stored password; the project shows no database until Connect. */
  async disconnect(project: ProjectSummary): Promise<void> {
    const { target } = this.resolve(project);
    if (target) await this.extension.secrets.delete(secretKey(target));
    await this.extension.workspaceState.update(connectKey(project.config), undefined);
    await this.extension.workspaceState.update(disconnectedKey(project.config), true);
    this.logger.info(`Disconnect Database: ${project.config}${target ? ` (was ${target.displayUrl})` : ''}`);
  }

  /** The settings that name the database changed: a Disconnect no longer holds. */
  async forgetDisconnects(): Promise<void> {
    for (const key of this.extension.workspaceState.keys()) {
      if (key.startsWith('alembic.disconnected:')) await this.extension.workspaceState.update(key, undefined);
    }
  }

  /** Whether Connect Database… gave this project's URL. */
  hasConnectUrl(project: ProjectSummary): boolean {
    return this.extension.workspaceState.get<string>(connectKey(project.config)) !== undefined;
  }

  /** Parses a URL typed into Connect Database…: undefined when it names no PostgreSQL database. */
  parseUrl(url: string): ConnectionTarget | undefined {
    try {
      const resolution = this.access.resolve({ setting: { url: url.trim(), source: 'connect' }, env: {} });
      return resolution.kind === 'target' ? resolution.target : undefined;
    } catch {
      return undefined;
    }
  }

  private sources(project: ProjectSummary): ProjectSources {
    const config = vscode.workspace.getConfiguration('alembic', vscode.Uri.file(project.config));
    const url = config.inspect<string>('databaseUrl');
    const workspaceSetting = url?.workspaceFolderValue || url?.workspaceValue || undefined;
    const connectUrl = this.extension.workspaceState.get<string>(connectKey(project.config));
    return {
      connectUrl,
      workspaceSetting,
      userSetting: url?.globalValue || undefined,
      iniUrl: readIniUrl(project),
      iniFile: project.config,
      env: process.env,
      envFile: readEnvFile(project, config.get<string>('envFile', '.env')),
    };
  }

  private versionTable(project: ProjectSummary, trusted: boolean): VersionTableRef {
    const config = vscode.workspace.getConfiguration('alembic', vscode.Uri.file(project.config));
    const setting = (key: string): string | undefined => {
      const value = config.inspect<string>(key);
      return (trusted ? value?.workspaceFolderValue || value?.workspaceValue || value?.globalValue : value?.globalValue) || undefined;
    };
    const name = setting('versionTable') ?? project.versionTable?.name ?? 'alembic_version';
    const schema = setting('versionTableSchema') ?? project.versionTable?.schema;
    return schema ? { name, schema } : { name };
  }
}

/** `sqlalchemy.url` of the project's alembic.ini (a pyproject.toml holds none). */
function readIniUrl(project: ProjectSummary): string | undefined {
  if (path.basename(project.config) === 'pyproject.toml') return undefined;
  try {
    const doc = parseIni(fs.readFileSync(project.config, 'utf8'));
    return iniValue(doc, 'alembic', 'sqlalchemy.url', { here: project.rootDir })?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The `.env` file (alembic.envFile, relative to the config's folder; empty: none). */
function readEnvFile(project: ProjectSummary, setting: string): ProjectSources['envFile'] {
  if (!setting.trim()) return undefined;
  const file = path.resolve(project.rootDir, setting.trim());
  try {
    return { path: file, vars: parseDotenv(fs.readFileSync(file, 'utf8')) };
  } catch {
    return undefined;
  }
}
