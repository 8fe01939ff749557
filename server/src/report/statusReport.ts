// `alembic-lint status` output: each project's database state as plain data (the CLI's JSON
// contract, DESIGN.md), JSON for scripts and text for people. Pure: the database was read by the
// caller; paths go through `displayPath` and the URL is shown without its password.
import type { DatabaseState, RevisionState } from '../engine/databaseState';
import type { RevisionGraph } from '../engine/graph';

/** One project of `alembic-lint status --format json`. */
export interface StatusProject {
  config: string;
  /** The database URL without its password. */
  database: string;
  versionTable: string;
  /** The schema given (flag, env.py, config), else the one the table was found in; null: the default schema, where no table is. */
  versionTableSchema: string | null;
  versionTableExists: boolean;
  /** The version table's rows, sorted. */
  current: string[];
  /** Every revision the files define, bases up (upgrade order), then any a cycle keeps out of it. */
  revisions: { revision: string; state: RevisionState }[];
  /** Rows no file defines, sorted. */
  unknownToFiles: string[];
  /** Pending revisions in upgrade order. */
  pending: string[];
  /** Nothing pending and no unknown row. */
  atHead: boolean;
}

/** What the text format adds for people (not part of the JSON contract). */
export interface StatusDetails {
  /** Where the URL came from ("sqlalchemy.url in alembic.ini"…). */
  source: string;
  /** Revision id → message, for the revisions the text lists. */
  messages: Map<string, string>;
  heads: Set<string>;
}

export interface StatusInput {
  config: string;
  databaseDisplayUrl: string;
  sourceDetail: string;
  table: { name: string; schema?: string };
  /** The schema the table was found in, when it exists. */
  foundSchema?: string;
  graph: RevisionGraph;
  state: DatabaseState;
}

export function statusProject(input: StatusInput): { project: StatusProject; details: StatusDetails } {
  const { graph, state } = input;
  const ids = graph.orderedIds();
  const messages = new Map<string, string>();
  for (const id of [...state.current, ...state.pending]) {
    const message = graph.nodes.get(id)?.file.message;
    if (message !== undefined) messages.set(id, message);
  }
  return {
    project: {
      config: input.config,
      database: input.databaseDisplayUrl,
      versionTable: input.table.name,
      versionTableSchema: input.table.schema ?? input.foundSchema ?? null,
      versionTableExists: state.versionTableExists,
      current: state.current,
      revisions: ids.map((revision) => ({ revision, state: state.states.get(revision)! })),
      unknownToFiles: state.unknownToFiles,
      pending: state.pending,
      atHead: state.atHead,
    },
    details: { source: input.sourceDetail, messages, heads: new Set(graph.heads) },
  };
}

export function formatStatusJson(projects: StatusProject[]): string {
  return JSON.stringify({ projects }, null, 2) + '\n';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * For people:
 *   alembic.ini → postgresql://app@127.0.0.1:5432/shop (sqlalchemy.url in alembic.ini)
 *     version table public.alembic_version
 *     current  3c4d5e6f7a8b (head)  create posts table
 *     pending  4d5e6f7a8b9c         add comments
 *     1 pending: alembic upgrade heads applies it.
 */
export function formatStatusText(projects: { project: StatusProject; details: StatusDetails }[]): string {
  const out: string[] = [];
  for (const [index, { project, details }] of projects.entries()) {
    if (index > 0) out.push('');
    out.push(`${project.config} → ${project.database} (${details.source})`);
    const table = project.versionTableSchema !== null ? `${project.versionTableSchema}.${project.versionTable}` : project.versionTable;
    if (!project.versionTableExists) {
      out.push(`  version table ${table} does not exist: a fresh database, nothing applied.`);
    } else {
      out.push(`  version table ${table}${project.current.length === 0 ? ' is empty: nothing applied.' : ''}`);
    }
    const line = (label: string, id: string) => {
      const marks = [details.heads.has(id) ? '(head)' : ''].filter(Boolean).join(' ');
      const message = details.messages.get(id);
      return `  ${label.padEnd(8)} ${id}${marks ? ` ${marks}` : ''}${message ? `  ${message}` : ''}`;
    };
    const known = project.current.filter((id) => !project.unknownToFiles.includes(id));
    for (const id of known) out.push(line('current', id));
    for (const id of project.unknownToFiles) out.push(`  unknown  ${id}  in the database but no migration file defines it`);
    for (const id of project.pending) out.push(line('pending', id));
    const applied = project.revisions.filter((revision) => revision.state !== 'pending').length;
    const summary: string[] = [];
    if (project.atHead) summary.push(`at head: ${plural(applied, 'revision')} applied, nothing pending.`);
    else {
      if (project.pending.length) summary.push(`${plural(project.pending.length, 'revision')} pending (of ${project.revisions.length}).`);
      if (project.unknownToFiles.length)
        summary.push(
          `${plural(project.unknownToFiles.length, 'row')} of the version table ${project.unknownToFiles.length === 1 ? 'names a revision' : 'name revisions'} no file defines.`,
        );
    }
    out.push(`  ${summary.join(' ')}`);
  }
  return out.join('\n') + '\n';
}
