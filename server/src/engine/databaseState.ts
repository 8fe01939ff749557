// The database's migration state, pure: the revision graph plus the rows of Alembic's version table
// → each revision's state, in one linear pass over the graph (Alembic's own is quadratic).
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
  const current = [...new Set(rows ?? [])].sort();
  const known = current.filter((id) => graph.nodes.has(id));
  const applied = graph.ancestors(known, { inclusive: true });
  const states = new Map<string, RevisionState>();
  const rowSet = new Set(known);
  for (const id of graph.nodes.keys()) states.set(id, rowSet.has(id) ? 'current' : applied.has(id) ? 'applied' : 'pending');
  const pending = graph.orderedIds().filter((id) => states.get(id) === 'pending');
  const unknownToFiles = current.filter((id) => !graph.nodes.has(id));
  return { versionTableExists: rows !== undefined, current, states, pending, unknownToFiles, atHead: pending.length === 0 && unknownToFiles.length === 0 };
}
