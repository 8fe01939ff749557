// CONTRACT (issue 8). Pure: where the database URL comes from (first found wins) and SQLAlchemy →
// libpq URL translation. URLs are parsed by pg-connection-string (the parser `pg` itself uses), never
// by hand. The parser sees only the parameters that name the server: the others (sslmode,
// sslrootcert…) are kept in the URL for `pg`, but here the parser would read certificate files or
// warn about SSL modes (the engine does no I/O).
import { parse as parseConnectionString } from 'pg-connection-string';

export type ConnectionSource = 'setting' | 'connect' | 'ini' | 'DATABASE_URL' | 'PG variables' | 'env file';

/** Every place a URL may come from; the caller fills what it can see (the CLI has no setting). */
export interface ConnectionInputs {
  /** `alembic.databaseUrl` (never holds a password) or the URL the user gave Connect Database…. */
  setting?: { url: string; source: 'setting' | 'connect'; /** sourceDetail instead of the default ("--database-url" for the CLI). */ detail?: string };
  /** `sqlalchemy.url` of the ini (ignored when it is Alembic's placeholder `driver://user:pass@localhost/dbname`). */
  iniUrl?: string;
  /** The file `iniUrl` was read from, for `sourceDetail` (default "alembic.ini"). */
  iniFile?: string;
  /** The process environment (DATABASE_URL, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE…). */
  env: Readonly<Record<string, string | undefined>>;
  /** The `.env` file's variables (alembic.envFile, default `.env` beside the config), and its path. */
  envFile?: { path: string; vars: Readonly<Record<string, string>> };
}

export interface ConnectionTarget {
  /** A postgresql:// URL `pg` accepts (the password included when a source had one). */
  url: string;
  /** The same URL without its password: what every message and log shows. */
  displayUrl: string;
  source: ConnectionSource;
  /** Where exactly, for people: "setting alembic.databaseUrl", "sqlalchemy.url in alembic.ini", "DATABASE_URL in .env"… */
  sourceDetail: string;
  host: string;
  port: number;
  database: string;
  user?: string;
  hasPassword: boolean;
  /** Where the password came from when it was not in the chosen URL itself ("PGPASSWORD", "DATABASE_URL in /p/.env"…). */
  passwordSource?: string;
}

/** Why no target: the first source found names another database system, or is not a URL; or no source names a database. */
export type ConnectionResolution =
  | { kind: 'target'; target: ConnectionTarget }
  | { kind: 'unsupported'; source: ConnectionSource; sourceDetail: string; displayUrl: string; dialect?: string; message: string }
  | { kind: 'none'; message: string };

/** Alembic's `alembic init` value of sqlalchemy.url: not a database. */
export const ALEMBIC_PLACEHOLDER_URL = 'driver://user:pass@localhost/dbname';
const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 5432;
/** Parameters the rebuilt URL carries in its authority (or `?host=` for a socket) instead; the only ones the parser sees here. */
const AUTHORITY_PARAMS = ['host', 'port', 'user', 'password'];
/** A URL's scheme: `dialect[+driver]://`. Only the scheme is matched; the rest goes to pg-connection-string. */
const SCHEME = /^([A-Za-z][A-Za-z0-9.-]*)(?:\+([A-Za-z0-9_.-]+))?:\/\//;

/** First found wins: setting/connect, ini, DATABASE_URL, PG* variables, the .env file. Undefined when none names a PostgreSQL database. */
export function resolveConnection(inputs: ConnectionInputs): ConnectionTarget | undefined {
  const resolution = resolveConnectionDetailed(inputs);
  return resolution.kind === 'target' ? resolution.target : undefined;
}

/** `postgresql+psycopg2://`, `+asyncpg`, `+psycopg`, `postgres://` → `postgresql://`; undefined for another dialect or the placeholder. */
export function toPgUrl(sqlalchemyUrl: string): string | undefined {
  const url = sqlalchemyUrl.trim();
  if (url === ALEMBIC_PLACEHOLDER_URL) return undefined;
  const scheme = SCHEME.exec(url);
  if (!scheme || !/^postgres(ql)?$/i.test(scheme[1])) return undefined;
  return `postgresql://${url.slice(scheme[0].length)}`;
}

/** The dialect a URL names (`sqlite`, `mysql`, `postgresql`…), lower case; undefined when it is not a URL. */
export function urlDialect(url: string): string | undefined {
  const scheme = SCHEME.exec(url.trim());
  if (!scheme) return undefined;
  const dialect = scheme[1].toLowerCase();
  return dialect === 'postgres' ? 'postgresql' : dialect;
}

/**
 * Any database URL (SQLAlchemy's or libpq's, any dialect) without its password: the userinfo's
 * password and a `password=` parameter are dropped. What logs and messages show.
 */
export function displayUrl(url: string): string {
  const text = url.trim();
  const schemeEnd = text.indexOf('://');
  if (schemeEnd < 0) return text.includes('@') ? '<URL hidden: it may hold a password>' : text;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = text.length;
  for (const stop of ['/', '?', '#']) {
    const at = text.indexOf(stop, authorityStart);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  let authority = text.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    authority = (colon >= 0 ? userinfo.slice(0, colon) : userinfo) + authority.slice(at);
  }
  let rest = text.slice(authorityEnd);
  const query = rest.indexOf('?');
  if (query >= 0) {
    const hash = rest.indexOf('#', query);
    const search = rest.slice(query + 1, hash >= 0 ? hash : undefined);
    const params = new URLSearchParams(search);
    if (params.has('password')) {
      params.delete('password');
      const kept = params.toString();
      rest = rest.slice(0, query) + (kept ? `?${kept}` : '') + (hash >= 0 ? rest.slice(hash) : '');
    }
  }
  return text.slice(0, authorityStart) + authority + rest;
}

/** A server, user and database, as libpq would fill them; `password` when the source has one. */
interface Endpoint {
  host: string;
  port: number;
  user?: string;
  database: string;
  password?: string;
  /** Query parameters to keep (sslmode, application_name…), authority ones excluded. */
  params: [string, string][];
}

interface Candidate {
  source: ConnectionSource;
  sourceDetail: string;
  /** The URL as found (for messages: shown through displayUrl only). */
  raw?: string;
  endpoint?: Endpoint;
  /** Set when the source is not a PostgreSQL URL. */
  problem?: { dialect?: string; message: string };
  /** PGPASSWORD without PGHOST or PGDATABASE: names no database, only lends its password. */
  lendOnly?: boolean;
  /** PG* variables: only the variables set must match for the password to apply (libpq applies PGPASSWORD to any server). */
  wildcard?: { host?: string; port?: number; user?: string; database?: string };
}

type Env = Readonly<Record<string, string | undefined>>;

/** The whole resolution: the target, or why there is none (the first source found is not PostgreSQL, or no source at all). */
export function resolveConnectionDetailed(inputs: ConnectionInputs): ConnectionResolution {
  const env = inputs.env;
  const iniFile = inputs.iniFile ?? 'alembic.ini';
  const envFile = inputs.envFile;
  // Every source, in order; the first that names a database wins, the others may lend it a password.
  const candidates: (Candidate | undefined)[] = [
    inputs.setting?.url.trim()
      ? urlCandidate(
          inputs.setting.url,
          inputs.setting.source,
          inputs.setting.detail ?? (inputs.setting.source === 'setting' ? 'setting alembic.databaseUrl' : 'Connect Database…'),
          env,
        )
      : undefined,
    inputs.iniUrl?.trim() && inputs.iniUrl.trim() !== ALEMBIC_PLACEHOLDER_URL
      ? urlCandidate(inputs.iniUrl, 'ini', `sqlalchemy.url in ${iniFile}`, env)
      : undefined,
    env.DATABASE_URL?.trim() ? urlCandidate(env.DATABASE_URL, 'DATABASE_URL', 'DATABASE_URL in the environment', env) : undefined,
    pgVariablesCandidate(env, 'PG variables', 'environment', {}),
    envFile?.vars.DATABASE_URL?.trim() ? urlCandidate(envFile.vars.DATABASE_URL, 'env file', `DATABASE_URL in ${envFile.path}`, env) : undefined,
    envFile ? pgVariablesCandidate(envFile.vars, 'env file', envFile.path, env) : undefined,
  ];
  const found = candidates.filter((candidate): candidate is Candidate => candidate !== undefined);
  const chosen = found.find((candidate) => (candidate.endpoint && !candidate.lendOnly) || candidate.problem);
  if (!chosen) {
    return {
      kind: 'none',
      message:
        'No database URL found: set sqlalchemy.url in the config, DATABASE_URL, the PG* variables (PGHOST, PGDATABASE…), or DATABASE_URL in a .env file beside the config.',
    };
  }
  if (!chosen.endpoint) {
    const shown = chosen.raw !== undefined ? displayUrl(chosen.raw) : '';
    return {
      kind: 'unsupported',
      source: chosen.source,
      sourceDetail: chosen.sourceDetail,
      displayUrl: shown,
      ...(chosen.problem?.dialect ? { dialect: chosen.problem.dialect } : {}),
      message: `${chosen.sourceDetail} (${shown}) ${chosen.problem!.message}`,
    };
  }
  const endpoint = { ...chosen.endpoint };
  let passwordSource: string | undefined;
  if (endpoint.password === undefined) {
    const lender = found.find((candidate) => candidate !== chosen && candidate.endpoint?.password !== undefined && sameServer(candidate, endpoint));
    if (lender) {
      endpoint.password = lender.endpoint!.password;
      passwordSource = lender.wildcard ? `PGPASSWORD in ${lender.source === 'env file' ? inputs.envFile!.path : 'the environment'}` : lender.sourceDetail;
    }
  }
  const target: ConnectionTarget = {
    url: buildUrl(endpoint, true),
    displayUrl: buildUrl(endpoint, false),
    source: chosen.source,
    sourceDetail: chosen.sourceDetail,
    host: endpoint.host,
    port: endpoint.port,
    database: endpoint.database,
    ...(endpoint.user !== undefined ? { user: endpoint.user } : {}),
    hasPassword: endpoint.password !== undefined,
    ...(passwordSource ? { passwordSource } : {}),
  };
  return { kind: 'target', target };
}

/** A URL source: a PostgreSQL endpoint (missing parts filled from PG* variables, then libpq's defaults), or the reason it is none. */
function urlCandidate(raw: string, source: ConnectionSource, sourceDetail: string, env: Env): Candidate {
  const pgUrl = toPgUrl(raw);
  if (!pgUrl) {
    const dialect = urlDialect(raw);
    const message = dialect
      ? `names a ${dialect} database: only PostgreSQL is supported.`
      : 'is not a database URL (expected postgresql://user@host:port/database).';
    return { source, sourceDetail, raw, problem: { ...(dialect ? { dialect } : {}), message } };
  }
  const parts = parsePgUrl(pgUrl);
  if (!parts) return { source, sourceDetail, raw, problem: { dialect: 'postgresql', message: 'is not a valid URL.' } };
  const user = parts.user ?? nonEmpty(env.PGUSER);
  return {
    source,
    sourceDetail,
    raw,
    endpoint: {
      host: parts.host ?? nonEmpty(env.PGHOST) ?? DEFAULT_HOST,
      port: parts.port ?? portOf(env.PGPORT) ?? DEFAULT_PORT,
      ...(user !== undefined ? { user } : {}),
      database: parts.database ?? nonEmpty(env.PGDATABASE) ?? user ?? '',
      ...(parts.password !== undefined ? { password: parts.password } : {}),
      params: parts.params,
    },
  };
}

/**
 * The libpq variables of `vars` (the environment, or a .env file's over the environment): a source
 * when PGHOST or PGDATABASE is set; only a password lender when PGPASSWORD is set without them.
 */
function pgVariablesCandidate(vars: Env, source: ConnectionSource, where: string, under: Env): Candidate | undefined {
  const own = (name: string) => nonEmpty(vars[name]);
  const get = (name: string) => own(name) ?? nonEmpty(under[name]);
  const set = ['PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE'].filter((name) => own(name) !== undefined);
  const password = own('PGPASSWORD');
  const namesDatabase = own('PGHOST') !== undefined || own('PGDATABASE') !== undefined;
  if (!namesDatabase && password === undefined) return undefined;
  const user = get('PGUSER');
  const place = where === 'environment' ? 'the environment' : where;
  return {
    source,
    sourceDetail: namesDatabase ? `${set.join(', ')} in ${place}` : `PGPASSWORD in ${place}`,
    lendOnly: !namesDatabase,
    endpoint: {
      host: get('PGHOST') ?? DEFAULT_HOST,
      port: portOf(get('PGPORT')) ?? DEFAULT_PORT,
      ...(user !== undefined ? { user } : {}),
      database: get('PGDATABASE') ?? user ?? '',
      ...(password !== undefined ? { password } : {}),
      params: [],
    },
    wildcard: {
      ...(own('PGHOST') !== undefined ? { host: own('PGHOST') } : {}),
      ...(portOf(own('PGPORT')) !== undefined ? { port: portOf(own('PGPORT')) } : {}),
      ...(own('PGUSER') !== undefined ? { user: own('PGUSER') } : {}),
      ...(own('PGDATABASE') !== undefined ? { database: own('PGDATABASE') } : {}),
    },
  };
}

/** Does `candidate` (a URL, or PG* variables where only the set ones count) name the same server, user and database? */
function sameServer(candidate: Candidate, target: Endpoint): boolean {
  const other = candidate.wildcard ?? candidate.endpoint!;
  const sameHost = (a: string | undefined) => a === undefined || a.toLowerCase() === target.host.toLowerCase();
  return (
    sameHost(other.host) &&
    (other.port === undefined || other.port === target.port) &&
    (other.user === undefined || other.user === target.user) &&
    (other.database === undefined || other.database === target.database)
  );
}

interface UrlParts {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  params: [string, string][];
}

/** A postgresql:// URL's parts through pg-connection-string; undefined when it cannot be parsed. */
export function parsePgUrl(pgUrl: string): UrlParts | undefined {
  const query = pgUrl.indexOf('?');
  const base = query >= 0 ? pgUrl.slice(0, query) : pgUrl;
  const search = new URLSearchParams(query >= 0 ? pgUrl.slice(query + 1).split('#')[0] : '');
  const params: [string, string][] = [];
  const forParser = new URLSearchParams();
  for (const [key, value] of search) {
    if (AUTHORITY_PARAMS.includes(key)) forParser.append(key, value);
    if (!AUTHORITY_PARAMS.includes(key)) params.push([key, value]);
  }
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    const text = forParser.size ? `${base}?${forParser.toString()}` : base;
    parsed = parseConnectionString(text);
  } catch {
    return undefined;
  }
  const port = parsed.port ? portOf(String(parsed.port)) : undefined;
  if (parsed.port && port === undefined) return undefined;
  return {
    ...(nonEmpty(parsed.host ?? undefined) !== undefined ? { host: parsed.host! } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(nonEmpty(parsed.user) !== undefined ? { user: parsed.user } : {}),
    ...(nonEmpty(parsed.password) !== undefined ? { password: parsed.password } : {}),
    ...(nonEmpty(parsed.database ?? undefined) !== undefined ? { database: parsed.database! } : {}),
    params,
  };
}

/** postgresql://user[:password]@host:port/database?params; a socket folder (a host starting with `/`) goes in `?host=`. */
function buildUrl(endpoint: Endpoint, withPassword: boolean): string {
  const enc = encodeURIComponent;
  const socket = endpoint.host.startsWith('/');
  const auth =
    endpoint.user !== undefined ? `${enc(endpoint.user)}${withPassword && endpoint.password !== undefined ? `:${enc(endpoint.password)}` : ''}@` : '';
  const hostPart = socket ? '' : `${endpoint.host.includes(':') ? `[${endpoint.host}]` : enc(endpoint.host)}:${endpoint.port}`;
  const params = new URLSearchParams(endpoint.params);
  if (socket) {
    params.set('host', endpoint.host);
    params.set('port', String(endpoint.port));
  }
  const query = params.toString();
  return `postgresql://${auth}${hostPart}/${enc(endpoint.database)}${query ? `?${query}` : ''}`;
}

function nonEmpty(value: string | undefined | null): string | undefined {
  return value === undefined || value === null || value.trim() === '' ? undefined : value;
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const port = Number(value.trim());
  return port > 0 && port < 65536 ? port : undefined;
}
