// `alembic-lint status`: each project's revisions against its database. The URL is resolved as the
// editor does (engine/databaseUrl.ts) without the VS Code setting: --database-url, sqlalchemy.url,
// DATABASE_URL, the PG* variables, then the .env file beside the config (read with dotenv, never
// loaded into the environment). The version table is read with `pg` (database/versionTable.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { AlembicProject } from '../engine/config';
import { resolveConnectionDetailed, type ConnectionInputs } from '../engine/databaseUrl';
import { databaseState } from '../engine/databaseState';
import type { RevisionGraph } from '../engine/graph';
import { resolveVersionTable } from '../engine/versionTable';
import { DEFAULT_TIMEOUT_MS, readVersionTable } from '../database/versionTable';
import { statusProject, type StatusDetails, type StatusProject } from '../report/statusReport';

export interface StatusOptions {
  databaseUrl?: string;
  versionTable?: string;
  versionTableSchema?: string;
  timeoutMs?: number;
}

export type ProjectStatus = { ok: true; project: StatusProject; details: StatusDetails } | { ok: false; message: string };

/** The `.env` file beside the config, parsed; undefined when there is none. */
export function readEnvFile(project: AlembicProject): ConnectionInputs['envFile'] {
  const file = path.join(project.rootDir, '.env');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return { path: file, vars: parseDotenv(text) };
}

export async function projectStatus(
  project: AlembicProject,
  graph: RevisionGraph,
  options: StatusOptions,
  env: Readonly<Record<string, string | undefined>>,
  displayPath: (file: string) => string,
): Promise<ProjectStatus> {
  const config = displayPath(project.configFile);
  const resolution = resolveConnectionDetailed({
    ...(options.databaseUrl !== undefined ? { setting: { url: options.databaseUrl, source: 'connect', detail: '--database-url' } } : {}),
    ...(project.sqlalchemyUrl !== undefined ? { iniUrl: project.sqlalchemyUrl, iniFile: path.basename(project.configFile) } : {}),
    env,
    envFile: readEnvFile(project),
  });
  if (resolution.kind !== 'target') return { ok: false, message: `${config}: ${resolution.message}` };
  const { target } = resolution;
  const table = resolveVersionTable({ name: options.versionTable, schema: options.versionTableSchema }, project.envPy?.versionTable, {
    name: project.versionTable,
    schema: project.versionTableSchema,
  });
  const read = await readVersionTable(target.url, table, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if (!read.ok) return { ok: false, message: `${config}: ${read.fault.message} (URL from ${target.sourceDetail})` };
  const state = databaseState(graph, read.tableExists ? read.rows : undefined);
  return {
    ok: true,
    ...statusProject({
      config,
      databaseDisplayUrl: target.displayUrl,
      sourceDetail: target.sourceDetail,
      table,
      ...(read.schema !== undefined ? { foundSchema: read.schema } : {}),
      graph,
      state,
    }),
  };
}
