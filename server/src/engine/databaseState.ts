// CONTRACT (issue 8) — implemented by the database-state work. Pure: the revision graph plus the
// rows of Alembic's version table → each revision's state, in one linear pass over the graph.
import type { RevisionGraph } from './graph';

/** `current`: a row of the version table; `applied`: reached from a row through down_revision and depends_on; `pending`: the rest. */
export type RevisionState = 'current' | 'applied' | 'pending';

export interface DatabaseState {
  /** False: no version table (a fresh database): every revision is pending. */
  versionTableExists: boolean;
  /** The version table's rows, sorted. */
  current: string[];
  /** Revision id → state, for every revision of the graph. */
  states: Map<string, RevisionState>;
  /** Pending revisions in upgrade order. */
  pending: string[];
  /** Rows no file defines ("in the database but not in the files"), sorted. */
  unknownToFiles: string[];
  /** Nothing pending and no unknown row. */
  atHead: boolean;
}

/** `rows` undefined: the version table does not exist. */
export function databaseState(graph: RevisionGraph, rows: readonly string[] | undefined): DatabaseState {
  void graph;
  void rows;
  throw new Error('not implemented yet');
}
