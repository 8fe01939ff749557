// The graph panel's model: a project and its database state as the picture's input, and what
// decides whether the layout must be computed again. No vscode: unit-tested in plain Node.
import type { ProjectSummary } from '../../../server/src/protocol';
import type { PictureRevision, PictureState } from '../../../server/src/report/graphPicture';
import type { ViewSnapshot } from '../tree/revisionModel';

/** The picture input of a project and its database state (pure; exported for the tests). */
export function pictureInput(project: ProjectSummary, snapshot: ViewSnapshot): { revisions: PictureRevision[]; dbOnly: string[]; connected: boolean } {
  const database = snapshot.databases.get(project.config);
  const state = database?.status === 'ok' ? database.state : undefined;
  const revisions = project.revisions.map((revision): PictureRevision => ({
    id: revision.id,
    downRevisions: revision.downRevisions,
    dependsOn: revision.dependsOn,
    branches: revision.branches,
    ...(revision.message !== undefined ? { message: revision.message } : {}),
    file: revision.file,
    line: revision.line,
    head: revision.roles.includes('head'),
    base: revision.roles.includes('base'),
    ...(state?.states[revision.id] ? { state: state.states[revision.id] as PictureState } : {}),
    errors: revision.errors,
    warnings: revision.warnings,
  }));
  return { revisions, dbOnly: state?.unknownToFiles ?? [], connected: state !== undefined };
}

/** What decides the layout: ids and edges (not messages, states or findings). */
export function shapeKey(revisions: readonly PictureRevision[], dbOnly: readonly string[]): string {
  return JSON.stringify([revisions.map((r) => [r.id, r.downRevisions, r.dependsOn ?? [], r.branches ?? []]), dbOnly]);
}
