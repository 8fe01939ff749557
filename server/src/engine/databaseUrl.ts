// CONTRACT (issue 8) — implemented by the database-state work. Pure: where the database URL comes
// from (first found wins) and SQLAlchemy → libpq URL translation. Parsing through pg-connection-string.

export type ConnectionSource = 'setting' | 'connect' | 'ini' | 'DATABASE_URL' | 'PG variables' | 'env file';

/** Every place a URL may come from; the caller fills what it can see (the CLI has no setting). */
export interface ConnectionInputs {
  /** `alembic.databaseUrl` (never holds a password) or the URL the user gave Connect Database…. */
  setting?: { url: string; source: 'setting' | 'connect' };
  /** `sqlalchemy.url` of the ini (ignored when it is Alembic's placeholder `driver://user:pass@localhost/dbname`). */
  iniUrl?: string;
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
}

/** First found wins: setting/connect, ini, DATABASE_URL, PG* variables, the .env file. Undefined when none names a PostgreSQL database. */
export function resolveConnection(inputs: ConnectionInputs): ConnectionTarget | undefined {
  void inputs;
  throw new Error('not implemented yet');
}

/** `postgresql+psycopg2://`, `+asyncpg`, `+psycopg`, `postgres://` → `postgresql://`; undefined for another dialect or the placeholder. */
export function toPgUrl(sqlalchemyUrl: string): string | undefined {
  void sqlalchemyUrl;
  throw new Error('not implemented yet');
}
