// Types for pg-cluster.mjs (plain ESM so that it runs before node_modules exists).

export interface PgLogger {
  info?(...args: unknown[]): void;
}

export interface PgCluster {
  host: '127.0.0.1';
  port: number;
  /** The login role created for the tests (CREATEDB, password auth over TCP). */
  user: string;
  password: string;
  database: string;
  /** postgresql://user:password@127.0.0.1:port/database (for `pg`). */
  url: string;
  /** postgresql+psycopg2://… (for SQLAlchemy / Alembic). */
  sqlalchemyUrl: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  /** The PostgreSQL bin folder in use. */
  bin: string;
  /** Milliseconds startPostgres() took. */
  startMs: number;
  /** Fast shutdown, then the temp folder is removed. Idempotent. */
  stop(): Promise<void>;
  /** Immediate shutdown, synchronous (exit handlers). Idempotent. */
  stopSync(): void;
  /** Runs SQL as the superuser over the Unix socket; returns psql's unaligned output. */
  psql(sql: string, database?: string): Promise<string>;
}

export interface StartPostgresOptions {
  log?: PgLogger;
  user?: string;
  database?: string;
  password?: string;
  tmpBase?: string;
}

export function startPostgres(options?: StartPostgresOptions): Promise<PgCluster>;
export function findPgBin(): string;
