// Which URL and which password a project connects with, free of `vscode` (unit-tested): the
// sources the workspace may use (trust), the password from another source naming the same server,
// user and database, and the key a password is kept under in SecretStorage.
import { parse } from 'pg-connection-string';
import type { ConnectionInputs, ConnectionTarget } from '../../../server/src/engine/databaseUrl';
import type { DatabaseAccess } from './databaseAccess';

/** What the client can see for one project, before trust is applied. */
export interface ProjectSources {
  /** The URL Connect Database… stored (workspaceState): the user's own, used even when untrusted. */
  connectUrl?: string;
  /** `alembic.databaseUrl` as the workspace/folder settings give it. */
  workspaceSetting?: string;
  /** `alembic.databaseUrl` from the user's own settings. */
  userSetting?: string;
  /** `sqlalchemy.url` of the project's ini, and the ini's path. */
  iniUrl?: string;
  iniFile?: string;
  /** The extension host's environment. */
  env: Readonly<Record<string, string | undefined>>;
  envFile?: { path: string; vars: Readonly<Record<string, string>> };
}

/** The inputs resolveConnection gets: in an untrusted workspace, none of the workspace's own files. */
export function connectionInputs(sources: ProjectSources, trusted: boolean): ConnectionInputs {
  const setting = trusted ? sources.workspaceSetting || sources.userSetting : sources.userSetting;
  return {
    setting: sources.connectUrl ? { url: sources.connectUrl, source: 'connect' } : setting ? { url: setting, source: 'setting' } : undefined,
    iniUrl: trusted ? sources.iniUrl : undefined,
    iniFile: trusted && sources.iniUrl ? sources.iniFile : undefined,
    env: sources.env,
    envFile: trusted ? sources.envFile : undefined,
  };
}

/** The SecretStorage key of a server's password: host, port, user and database (never the source). */
export function secretKey(target: Pick<ConnectionTarget, 'host' | 'port' | 'user' | 'database'>): string {
  return `alembic.password:${target.user ?? ''}@${target.host}:${target.port}/${target.database}`;
}

function sameServer(a: ConnectionTarget, b: ConnectionTarget): boolean {
  return a.host === b.host && a.port === b.port && a.database === b.database && (a.user ?? '') === (b.user ?? '');
}

/** The password of a URL `pg` accepts, if it has one. */
export function passwordOf(url: string): string | undefined {
  try {
    const password = parse(url).password;
    return password ? password : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A password for `target` (which has none) from another source naming the same server, user and
 * database: the ini's URL, DATABASE_URL or the PG* variables of the environment, the .env file.
 * Each source is resolved alone; the first with a password wins. (~/.pgpass and PGPASSWORD of the
 * environment `pg` reads by itself.)
 */
export function passwordFromOtherSources(access: DatabaseAccess, inputs: ConnectionInputs, target: ConnectionTarget): string | undefined {
  const { DATABASE_URL, ...pgVars } = inputs.env;
  const alone: ConnectionInputs[] = [
    { iniUrl: inputs.iniUrl, iniFile: inputs.iniFile, env: {} },
    { env: { DATABASE_URL } },
    { env: pgVars },
    ...(inputs.envFile ? [{ env: {}, envFile: inputs.envFile }] : []),
  ];
  for (const candidateInputs of alone) {
    let candidate: ConnectionTarget | undefined;
    try {
      const resolution = access.resolve(candidateInputs);
      candidate = resolution.kind === 'target' ? resolution.target : undefined;
    } catch {
      candidate = undefined;
    }
    if (candidate?.hasPassword && sameServer(candidate, target)) {
      const password = passwordOf(candidate.url);
      if (password) return password;
    }
  }
  return undefined;
}
