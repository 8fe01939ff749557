// CONTRACT (issue 8). Reads Alembic's version table with `pg` (identifiers quoted), with a connect
// and query timeout, and turns every failure into one clear fault that names the server and never
// the password. Shared by the CLI and the extension.
//
// Passwords: the one given (SecretStorage), else the URL's, else PGPASSWORD, else ~/.pgpass (read
// with the `pgpass` module `pg` itself uses: `pg`'s built-in lookup prints a deprecation warning
// since 8.23, so the lookup is done here, through pg's password callback, the way that warning asks).
import { Client, type ClientConfig } from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';

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

export type VersionTableRead =
  | {
      ok: true;
      tableExists: boolean;
      rows: string[];
      ms: number;
      /** The schema the table was found in (with no schema given: the first of the search_path that has it). */
      schema?: string;
    }
  | { ok: false; fault: DatabaseFault };

export interface ReadOptions {
  /** Connect and query timeout (default 10,000). */
  timeoutMs?: number;
  /** A password kept elsewhere (SecretStorage) for a URL without one. */
  password?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** `"name"` with `"` doubled: an identifier PostgreSQL takes literally (case, dots and quotes included). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`, or `"table"` (found through the search_path). */
export function qualifiedName(table: VersionTableRef): string {
  return table.schema !== undefined ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
}

interface Server {
  host: string;
  port: number;
  user?: string;
  database?: string;
}

export async function readVersionTable(url: string, table: VersionTableRef, options: ReadOptions = {}): Promise<VersionTableRead> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let config: ClientConfig;
  try {
    config = parseIntoClientConfig(url);
  } catch (error) {
    return { ok: false, fault: { kind: 'other', message: `the database URL cannot be used: ${oneLine(error, [])}` } };
  }
  const server = serverOf(config);
  const secrets = [options.password, typeof config.password === 'string' ? config.password : undefined, process.env.PGPASSWORD].filter(
    (secret): secret is string => !!secret,
  );
  const client: Client = new Client({
    ...config,
    password: options.password || (typeof config.password === 'string' && config.password) || (fallbackPassword as () => Promise<string>),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: config.application_name ?? 'alembic-migrations',
  });
  // A socket error after connect() settled would otherwise be an unhandled 'error' event.
  client.on('error', () => undefined);
  let phase: 'connect' | 'query' = 'connect';
  let timer: NodeJS.Timeout | undefined;
  // pg's own timeouts cover connect and each query; this bounds the whole read (DNS included).
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout expired'), { code: 'ALEMBIC_DEADLINE' })), timeoutMs + 1_000);
  });
  try {
    const read = (async () => {
      await client.connect();
      phase = 'query';
      const qualified = qualifiedName(table);
      const found = await client.query<{ schema: string | null }>(
        'SELECT n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)',
        [qualified],
      );
      if (found.rows.length === 0) return { ok: true as const, tableExists: false, rows: [], ms: performance.now() - started };
      const schema = found.rows[0].schema ?? undefined;
      const target = schema !== undefined ? `${quoteIdentifier(schema)}.${quoteIdentifier(table.name)}` : qualified;
      const result = await client.query<{ version_num: string }>(`SELECT version_num FROM ${target}`);
      const rows = result.rows.map((row) => row.version_num).sort();
      return { ok: true as const, tableExists: true, rows, ms: performance.now() - started, ...(schema !== undefined ? { schema } : {}) };
    })();
    read.catch(() => undefined); // when the deadline wins, the read's own failure comes later: not unhandled
    return await Promise.race([read, deadline]);
  } catch (error) {
    // pg reports its own connect timeout as "Connection terminated unexpectedly": the clock tells.
    const timedOut = performance.now() - started >= timeoutMs - 20;
    return { ok: false, fault: classifyFault(error, server, table, phase, timeoutMs, secrets, timedOut) };
  } finally {
    clearTimeout(timer);
    await Promise.race([client.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}

/** pg's password callback (it passes its connection parameters). No password in the URL or options: PGPASSWORD, else the ~/.pgpass (or PGPASSFILE) line for this server; undefined when none. */
async function fallbackPassword(parameters: { host: string; port: number; user: string; database: string }): Promise<string | undefined> {
  if (process.env.PGPASSWORD) return process.env.PGPASSWORD;
  const { host, port, user, database } = parameters;
  return new Promise((resolve) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pgpass = require('pgpass') as (info: object, cb: (password: string | undefined) => void) => void;
      pgpass({ host, port, user, database }, (password) => resolve(password));
    } catch {
      resolve(undefined);
    }
  });
}

function serverOf(config: ClientConfig): Server {
  const env = process.env;
  const host = config.host || env.PGHOST || 'localhost';
  const port = Number(config.port || env.PGPORT || 5432);
  const user = config.user || env.PGUSER || env.USER || undefined;
  const database = config.database || env.PGDATABASE || user;
  return { host, port, ...(user ? { user } : {}), ...(database ? { database } : {}) };
}

/** host:port, or the socket file for a socket folder. */
export function serverName(server: { host: string; port: number }): string {
  if (server.host.startsWith('/')) return `${server.host.replace(/\/$/, '')}/.s.PGSQL.${server.port}`;
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** Every failure of the read as one line that names the server (and user and database where it helps), never a password. */
export function classifyFault(
  error: unknown,
  server: Server,
  table: VersionTableRef,
  phase: 'connect' | 'query',
  timeoutMs: number,
  secrets: readonly string[] = [],
  timedOut = false,
): DatabaseFault {
  const where = serverName(server);
  const user = server.user !== undefined ? `user "${server.user}"` : 'the user';
  const database = server.database !== undefined ? `database "${server.database}"` : 'the database';
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const text = message ?? String(error);
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  const fault = (kind: DatabaseFaultKind, line: string): DatabaseFault => ({ kind, message: line });
  // The driver's or server's own words, where a message quotes them: never with a password in them.
  const theirs = () => redact(firstLine(text), secrets);
  switch (code) {
    case 'ECONNREFUSED':
      return fault('refused', `cannot connect to ${where}: connection refused (is PostgreSQL running there?)`);
    case 'ENOENT':
      return fault('refused', `cannot connect to ${where}: no server socket there (is PostgreSQL running?)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
    case 'EPIPE':
      return fault(
        'refused',
        `cannot connect to ${where}: ${code === 'ECONNRESET' || code === 'EPIPE' ? 'the server closed the connection' : 'host unreachable'}`,
      );
    case 'ETIMEDOUT':
    case 'ALEMBIC_DEADLINE':
      return fault('timeout', `cannot connect to ${where}: no answer within ${seconds}`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return fault('host-unknown', `cannot connect to ${where}: host name "${server.host}" not found`);
    case '28P01':
      return fault('authentication', `password authentication failed for ${user} on ${where} (${database})`);
    case '28000':
      return fault('authentication', `${where} refused ${user} for ${database}: ${theirs()}`);
    case '3D000':
      return fault('database-missing', `${database} does not exist on ${where}`);
    case '42501':
      return fault('permission', `${user} may not read ${qualifiedName(table)} in ${database} on ${where}: permission denied`);
    case '57014':
      return fault('timeout', `reading ${qualifiedName(table)} in ${database} on ${where} took longer than ${seconds}`);
    case '57P03':
      return fault('refused', `cannot connect to ${where}: the server is starting up or shutting down`);
  }
  if (/timeout expired|connection timeout/i.test(text) || (timedOut && /Connection terminated/i.test(text)))
    return fault('timeout', `cannot connect to ${where}: no answer within ${seconds}`);
  if (/Query read timeout/i.test(text)) return fault('timeout', `reading ${qualifiedName(table)} in ${database} on ${where} took longer than ${seconds}`);
  if (/client password must be a string|password must be a non-empty string|no password supplied/i.test(text))
    return fault('password-missing', `${where} asks a password for ${user} (${database}) and none was given (URL, PGPASSWORD, ~/.pgpass)`);
  if (/Connection terminated/i.test(text)) {
    return phase === 'connect'
      ? fault('refused', `cannot connect to ${where}: the connection was closed before it was ready`)
      : fault('other', `the connection to ${where} closed while reading ${qualifiedName(table)}`);
  }
  return fault('other', `${phase === 'connect' ? `cannot connect to ${where}` : `reading ${qualifiedName(table)} on ${where} failed`}: ${theirs()}`);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

function oneLine(error: unknown, secrets: readonly string[]): string {
  return redact(firstLine(error instanceof Error ? error.message : String(error)), secrets);
}

/** Never a password in a message, whatever a driver or server put in its text. */
function redact(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***');
  return out;
}
