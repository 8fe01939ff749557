import type { Ctx } from '../ctx';
import { projectFor, upgrade, type RevisionArg } from '../alembic/commandSupport';

/** Item menu: `alembic upgrade <this revision>`. */
export async function run(ctx: Ctx, node: RevisionArg): Promise<void> {
  if (!node) throw new Error('choose a revision in the Revisions view');
  const project = await projectFor(ctx, node, 'Upgrade to Here');
  await upgrade(ctx, project, 'Upgrade to Here', node.revision);
}
