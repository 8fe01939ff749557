import type { Ctx } from '../ctx';
import { openAt } from '../alembic/commandSupport';

/**
 * Opens a migration file at its `revision = …` line, as the server located it: the target of the
 * Revisions view's rows (which pass the line), the code lenses and the merge quick fix (which pass
 * only the file: the line is then looked up in the graph the view last received). The graph panel
 * passes `beside`, so the file opens next to the graph instead of over it.
 */
export async function run(ctx: Ctx, file: string, line?: number, beside?: boolean): Promise<void> {
  // The server's code lenses and quick fixes send the arguments: check them, whatever the types say.
  if (typeof file !== 'string' || file === '') throw new Error('no migration file was given');
  const at = typeof line === 'number' && line >= 0 ? line : lineFromGraph(ctx, file);
  await openAt(file, at, beside === true);
}

function lineFromGraph(ctx: Ctx, file: string): number {
  for (const project of ctx.databaseState.snapshot.graph?.projects ?? []) {
    const revision = project.revisions.find((r) => r.file === file);
    if (revision) return revision.line;
  }
  return 0;
}
