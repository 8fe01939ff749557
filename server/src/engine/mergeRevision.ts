// A new merge revision, as `alembic merge -m <message> <heads>` would write it: planRevision
// (newRevision.ts) with the heads as parents and Alembic's default message.
import type { AlembicProject } from './config';
import type { RevisionGraph } from './graph';
import { planRevision, type PlannedRevisionFile } from './newRevision';
import type { RevisionTimestamp } from './revisionTimestamp';

export { versionLocationFor, type PlannedRevisionFile } from './newRevision';

export interface MergeRevisionOptions {
  /** Revision id; Alembic's are 12 hex characters (uuid4().hex[-12:]): the server's newRevisionId (server/src/revisionId.ts). */
  id: string;
  /** When it is created, as Alembic would date it (revisionTimestamp: local time or the ini's timezone). */
  date: RevisionTimestamp;
  message?: string;
  /** Reads script.py.mako; undefined when there is none. */
  readFile(file: string): string | undefined;
}

/** Renders the merge revision of `heads`. Throws when the template cannot be rendered faithfully. */
export function planMergeRevision(project: AlembicProject, graph: RevisionGraph, heads: readonly string[], options: MergeRevisionOptions): PlannedRevisionFile {
  return planRevision(project, graph, {
    parents: heads,
    message: options.message ?? `merge ${heads.join(', ')}`,
    id: options.id,
    date: options.date,
    readFile: options.readFile,
  });
}
