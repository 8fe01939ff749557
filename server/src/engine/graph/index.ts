// The revision graph of one Alembic project, by job:
//   build.ts          files (in Alembic's load order) → graph: nodes, edges, heads, bases, labels, faults
//   cycles.ts         cycles (Tarjan) and the upgrade order (Kahn)
//   revisionGraph.ts  the graph and its questions: lookup, prefixes, roles, ancestors, descendants
//   resolution.ts     what Alembic accepts as a revision argument (head, label@head, prefixes…)
//   suggestions.ts    the ids a dangling reference most likely meant
//   roles.ts          role flags and names, shared with the client
//   files.ts          what the graph reads from one file (its id, its revision line)
export { buildGraph, fileTableOf } from './build';
export { findCycles, topologicalOrder } from './cycles';
export { ILLEGAL_REVISION_CHARACTERS, invalidCharacters, revisionIdOf, revisionRange } from './files';
export { MIN_PREFIX_LENGTH, resolveRevision, type Resolution } from './resolution';
export {
  RevisionGraph,
  type DanglingReference,
  type DuplicateLabel,
  type DuplicateRevision,
  type FileTable,
  type RevisionNode,
  type WalkEdges,
  type WalkOptions,
} from './revisionGraph';
export { roleList, type RevisionRoles, type RoleName } from './roles';
export { closestRevisions, editDistance } from './suggestions';

import type { RevisionGraph } from './revisionGraph';

/** True when `id` has `ancestor` somewhere below it (through down_revision and depends_on). Same as graph.descends. */
export function descends(graph: RevisionGraph, id: string, ancestor: string): boolean {
  return graph.descends(id, ancestor);
}
