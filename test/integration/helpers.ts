// Small, reusable helpers for the integration layer: the shared cluster, fresh databases,
// queries with `pg`, fixture copies, and the real Alembic as a child process.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, type QueryResultRow } from 'pg';
import type { PgCluster } from '../support/pg-cluster.mjs';

/** Debian's Python, which has Alembic 1.8 (the `python3` on PATH may not). */
export const PYTHON = process.env.ALEMBIC_PYTHON ?? '/usr/bin/python3';
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

// ---- the cluster (started once by setup.ts) ----------------------------------------------------

let current: PgCluster | undefined;
export function setCluster(pg: PgCluster): void {
  current = pg;
}
export function takeCluster(): PgCluster | undefined {
  const pg = current;
  current = undefined;
  return pg;
}
export function cluster(): PgCluster {
  if (!current) {
    throw new Error('No PostgreSQL cluster: run the integration layer with `--require test/integration/setup.ts` (npm test -- --layer integration does)');
  }
  return current;
}

/** postgresql://… for `database` on the shared cluster, as the test role. */
export function urlFor(database: string, pg: PgCluster = cluster()): string {
  return `postgresql://${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}@${pg.host}:${pg.port}/${encodeURIComponent(database)}`;
}

/** Creates an empty database owned by the test role; returns its `pg` URL. Dropped with dropDatabase(). */
export async function freshDatabase(prefix = 'it'): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await query(cluster().url, `CREATE DATABASE "${name}"`);
  return urlFor(name);
}

export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await query(cluster().url, `DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
}

// ---- queries ----------------------------------------------------------------------------------

/** Opens a client on `url`, runs `fn`, always closes it. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function query<R extends QueryResultRow = QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  return withClient(url, async (c) => (await c.query<R>(sql, params)).rows);
}

/** The revisions in the version table (empty when the table does not exist). */
export async function appliedRevisions(url: string, table = 'alembic_version'): Promise<string[]> {
  const [{ exists }] = await query<{ exists: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  if (!exists) return [];
  const rows = await query<{ version_num: string }>(url, `SELECT version_num FROM "${table.replaceAll('"', '""')}" ORDER BY version_num`);
  return rows.map((r) => r.version_num);
}

export async function tableExists(url: string, table: string, schema = 'public'): Promise<boolean> {
  const rows = await query(url, 'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2', [schema, table]);
  return rows.length === 1;
}

// ---- fixtures ---------------------------------------------------------------------------------

/** Copies test/fixtures/<name> into a fresh temp folder; returns {dir, cleanup}. */
export function copyFixture(name: string): { dir: string; cleanup: () => void } {
  const base = mkdtempSync(path.join(os.tmpdir(), `alembic-fixture-${name}-`));
  const dir = path.join(base, name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true, filter: (src) => !src.includes('__pycache__') });
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

// ---- Alembic ----------------------------------------------------------------------------------

export interface AlembicResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `<PYTHON> -m alembic -c <ini> <args…>` with cwd = the ini's folder (relative
 * script_location and prepend_sys_path = . are relative to it) and DATABASE_URL = `databaseUrl`.
 */
export function runAlembic(
  ini: string,
  args: string[],
  { databaseUrl, env = {} }: { databaseUrl?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<AlembicResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'alembic', '-c', ini, ...args], {
      cwd: path.dirname(ini),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

/** runAlembic, failing with Alembic's output when the exit code is not 0. */
export async function alembicOk(ini: string, args: string[], opts: { databaseUrl?: string; env?: NodeJS.ProcessEnv } = {}): Promise<AlembicResult> {
  const result = await runAlembic(ini, args, opts);
  if (result.code !== 0) {
    throw new Error(`alembic ${args.join(' ')} exited with ${result.code}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout}`);
  }
  return result;
}
