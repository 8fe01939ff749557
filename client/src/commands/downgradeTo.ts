import type { Ctx, ProjectArg } from '../ctx';
import { downgrade, pickRevision, projectFor } from '../alembic/commandSupport';

/** `alembic downgrade <revision>`, picked among the applied revisions or base; asks first. */
export async function run(ctx: Ctx, arg?: ProjectArg): Promise<void> {
  const project = await projectFor(ctx, arg, 'Downgrade to Revision…');
  const target = await pickRevision(ctx, project, 'Downgrade to Revision', (state) => state !== 'pending', [
    { id: 'base', label: 'base', description: 'undo every revision' },
  ]);
  await downgrade(ctx, project, 'Downgrade to Revision', target);
}
