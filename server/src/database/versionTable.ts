// CONTRACT (issue 8) — implemented by the database-state work. Reads Alembic's version table with
// `pg` (identifiers quoted), with a connect and query timeout, and turns every failure into one
// clear fault that names the server and never the password. Shared by the CLI and the extension.

export interface VersionTableRef {
  /** Default `alembic_version`. */
  name: string;
  /** Default: the connection's default schema (search_path). */
  schema?: string;
}

export type DatabaseFaultKind = 'refused' | 'timeout' | 'host-unknown' | 'authentication' | 'password-missing' | 'database-missing' | 'permission' | 'other';

export interface DatabaseFault {
  kind: DatabaseFaultKind;
  /** One line: "cannot connect to 127.0.0.1:5432: connection refused", "password authentication failed for user app on db:5432"… */
  message: string;
}

export type VersionTableRead = { ok: true; tableExists: boolean; rows: string[]; ms: number } | { ok: false; fault: DatabaseFault };

export interface ReadOptions {
  /** Connect and query timeout (default 10,000). */
  timeoutMs?: number;
  /** A password kept elsewhere (SecretStorage) for a URL without one. */
  password?: string;
}

export async function readVersionTable(url: string, table: VersionTableRef, options: ReadOptions = {}): Promise<VersionTableRead> {
  void url;
  void table;
  void options;
  throw new Error('not implemented yet');
}
