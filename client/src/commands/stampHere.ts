import type { Ctx } from '../ctx';
import { projectFor, stamp, type RevisionArg } from '../alembic/commandSupport';

/** Item menu: `alembic stamp <this revision>`; asks first. */
export async function run(ctx: Ctx, node: RevisionArg): Promise<void> {
  if (!node) throw new Error('choose a revision in the Revisions view');
  const project = await projectFor(ctx, node, 'Stamp Here');
  await stamp(ctx, project, 'Stamp Here', node.revision);
}
