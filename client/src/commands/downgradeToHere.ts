import type { Ctx } from '../ctx';
import { downgrade, projectFor, type RevisionArg } from '../alembic/commandSupport';

/** Item menu: `alembic downgrade <this revision>`; asks first. */
export async function run(ctx: Ctx, node: RevisionArg): Promise<void> {
  if (!node) throw new Error('choose a revision in the Revisions view');
  const project = await projectFor(ctx, node, 'Downgrade to Here');
  await downgrade(ctx, project, 'Downgrade to Here', node.revision);
}
